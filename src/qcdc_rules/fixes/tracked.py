"""--fix on a .docx: each fix written as a Word tracked change (the old words in `w:del`, the new in `w:ins`,
author "qcdc-check", dated), so the officer accepts or rejects each one in Word. The runs keep their
formatting (the inserted run copies the properties of the first replaced one). A fix that needs a human
(`--unsafe-fixes`) also gets a Word comment saying the sentence must be re-read.

Only what can be changed with certainty is changed: an edit inside one paragraph, over text runs (not a
tab, a field or the automatic numbering), in a document whose text was not converted from TCVN3. Any other
edit is left, and counted, for the officer to make by hand."""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.i18n import N_, in_both, tr
from ..readers import SourceDocument
from ..readers.docx import SKIP, W, iter_paragraphs
from .apply import Edit, FixRefused, replace_file

AUTHOR = "qcdc-check"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REREAD = N_("Automatic change that needs a person: re-read the whole sentence (kind, number, date, issuer, "
            "subject) before accepting this change.")


@dataclass
class TrackedResult:
    applied: int
    left: int  # edits that could not be made as tracked changes with certainty


class _Paragraph:
    """A paragraph's text as the reader reads it, piece by piece: (w:t element or None, text)."""

    def __init__(self, p):
        self.p = p
        self.pieces: list[tuple[Any, str]] = []  # (w:t element or None for a tab or break, its text)
        self.reread()

    def reread(self) -> None:
        """The pieces again, after the paragraph's runs were changed."""
        self.pieces = []
        self._walk(self.p)

    def _walk(self, el) -> None:
        for child in el:
            tag = child.tag
            if tag in SKIP:
                continue
            if tag == W + "t":
                self.pieces.append((child, child.text or ""))
            elif tag == W + "tab":
                self.pieces.append((None, "\t"))
            elif tag in (W + "br", W + "cr"):
                self.pieces.append((None, " "))
            elif tag == W + "noBreakHyphen":
                self.pieces.append((None, "-"))
            else:
                self._walk(child)

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.pieces)

    def split_at(self, offset: int) -> bool:
        """Make `offset` fall between two runs; False when that needs splitting a run that is not simple."""
        pos = 0
        for el, text in self.pieces:
            if pos < offset < pos + len(text):
                if el is None:
                    return False
                run = el.getparent()
                if run.tag != W + "r" or [c.tag for c in run if c.tag != W + "rPr"] != [W + "t"]:
                    return False
                tail = copy.deepcopy(run)
                el.text, tail.find(W + "t").text = text[:offset - pos], text[offset - pos:]
                for t in (el, tail.find(W + "t")):
                    t.set(XML_SPACE, "preserve")
                run.addnext(tail)
                self.reread()
                return True
            pos += len(text)
        return True

    def runs_in(self, a: int, b: int):
        """The runs whose text is exactly [a, b) (after split_at(a) and split_at(b)); None if not only text."""
        pos, runs = 0, []
        for el, text in self.pieces:
            if a <= pos and pos + len(text) <= b and text:
                if el is None:
                    return None
                runs.append(el.getparent())
            pos += len(text)
        if not runs or len({r.getparent() for r in runs}) != 1:
            return None
        return runs


class _Ids:
    def __init__(self, root):
        used = [int(v) for el in root.iter() for k, v in el.attrib.items() if k == W + "id" and v.lstrip("-").isdigit()]
        self.next = max(used, default=0) + 1

    def __call__(self) -> str:
        self.next += 1
        return str(self.next - 1)


def _change(tag: str, ids: _Ids, when: str):
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    el.set(W + "id", ids())
    el.set(W + "author", AUTHOR)
    el.set(W + "date", when)
    return el


def _replace(para: _Paragraph, a: int, b: int, replacement: str, ids: _Ids, when: str):
    """Track-change [a, b) of the paragraph into `replacement`; the inserted run, or None if not done."""
    from docx.oxml import OxmlElement

    if not (para.split_at(a) and para.split_at(b)):
        return None
    runs = para.runs_in(a, b)
    if runs is None:
        return None
    for run in runs:
        deletion = _change("w:del", ids, when)
        run.addprevious(deletion)
        deletion.append(run)
        for t in run.iter(W + "t"):
            t.tag = W + "delText"
            t.set(XML_SPACE, "preserve")
    new_run = OxmlElement("w:r")
    props = runs[0].find(W + "rPr")
    if props is not None:
        new_run.append(copy.deepcopy(props))
    t = OxmlElement("w:t")
    t.text = replacement
    t.set(XML_SPACE, "preserve")
    new_run.append(t)
    insertion = _change("w:ins", ids, when)
    insertion.append(new_run)
    runs[-1].getparent().addnext(insertion)
    para.reread()
    return new_run


def _paragraph_offsets(line_text: str, para_text: str, col0: int):
    """Where a column of the extracted line falls in the paragraph's own text (the line may start with the
    paragraph's automatic number, which is not in the text); None if the line is not that paragraph."""
    flat = para_text.replace("\n", " ")
    if line_text == flat:
        return col0
    body = flat.lstrip()
    if body and line_text.endswith(body):
        shift = len(line_text) - len(body)
        return col0 - shift + (len(flat) - len(body)) if col0 >= shift else None
    return None


def fix_docx(path: str | Path, doc: SourceDocument, edits: list[Edit], lang: str = "vi",
             now: dt.datetime | None = None) -> TrackedResult:
    """Write `edits` into the .docx at `path` as tracked changes (a backup of the file is kept first)."""
    import io

    import docx
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    if any(n.code == "tcvn3-runs" for n in doc.notes):
        raise FixRefused(**in_both(N_("{path}: the text was converted from TCVN3 fonts; --fix does not write into "
                                      "them — convert the document to Unicode first (the findings are still "
                                      "reported)"), path=path))
    document = docx.Document(str(path))
    paragraphs = [p for p, _ in iter_paragraphs(document.element.body)]
    ids = _Ids(document.element)
    when = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    applied, left, comments = 0, 0, []
    first_text: dict[int, str] = {}
    for e in sorted(edits, key=lambda e: e.start, reverse=True):  # back to front: earlier offsets stay valid
        line = doc.line_of(e.start)
        where = doc.locate(line)
        line_start = doc.line_start(line)
        line_text = doc.line_text(line)
        if where is None or where.paragraph is None or e.end - line_start > len(line_text) \
                or not 1 <= where.paragraph <= len(paragraphs):
            left += 1
            continue
        para = _Paragraph(paragraphs[where.paragraph - 1])
        # the paragraph's text before any edit (edits go back to front, so what precedes an edit is unchanged)
        before = first_text.setdefault(where.paragraph, para.text)
        a = _paragraph_offsets(line_text, before, e.start - line_start)
        if a is None or para.text[a:a + e.end - e.start].replace("\n", " ") != doc.original[e.start:e.end]:
            left += 1
            continue
        new_run = _replace(para, a, a + e.end - e.start, e.replacement, ids, when)
        if new_run is None:
            left += 1
            continue
        applied += 1
        if e.unsafe:
            comments.append((new_run, para.p))
    for run, p in comments:
        par = Paragraph(p, document._body)
        document.add_comment([Run(run, par)], text=tr(lang, REREAD), author=AUTHOR, initials="QC")
    if applied:
        buffer = io.BytesIO()
        document.save(buffer)
        replace_file(Path(path), buffer.getvalue())
    return TrackedResult(applied=applied, left=left)
