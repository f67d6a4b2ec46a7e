"""Read a .docx as the text a reader sees: paragraphs, tables and text boxes in document order,
Word's automatic numbering rendered ("I.", "1.", "a)"), tracked changes read as if all were accepted,
TCVN3-font runs converted to Unicode. One paragraph becomes one line; each line remembers where it is
(paragraph number, and table/row/cell).

Hostile files are refused before they are parsed: too large, a zip bomb (too many entries or an
uncompressed size out of proportion), encrypted or not a zip at all (Word 97 .doc, password-protected
.docx). python-docx parses XML with lxml and resolve_entities=False, so external entities are not
fetched or expanded.
"""
from __future__ import annotations

import re

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..core.errors import InputError, brief
from .base import Location, RawText
from .legacy import is_tcvn3_font, is_vni_font, looks_like_tcvn3, tcvn3_to_unicode

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SKIP = {W + "del", W + "moveFrom", W + "txbxContent", MC_FALLBACK, W + "pPr", W + "rPr", W + "instrText",
        W + "delInstrText", W + "fldData"}
CHANGES = {W + "ins", W + "del", W + "moveFrom", W + "moveTo"}


@dataclass
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_entries: int = 2000
    max_uncompressed: int = 200 * 1024 * 1024
    max_ratio: int = 200  # uncompressed/compressed for one entry over 1 MiB


SUFFIXES = frozenset({".docx", ".doc"})  # a .doc is read far enough to say how to convert it
KIND = "docx"
FIXABLE = False


def read(path: Path, max_bytes: int) -> RawText:
    return read_docx(path, Limits(max_bytes=max_bytes))


def check_container(path: Path, limits: Limits) -> None:
    name = str(path)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise InputError(f"{name}: file is {size} bytes, over the limit of {limits.max_bytes} bytes", "too-large")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        if path.suffix.lower() == ".doc":
            raise InputError(f"{name}: Word 97-2003 (.doc) files are not supported; convert it first, e.g. "
                             f"`libreoffice --headless --convert-to docx \"{name}\"`", "doc-format")
        raise InputError(f"{name}: encrypted (password-protected) Word document; remove the password and save again",
                         "encrypted")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{name}: not a valid .docx (not a zip container; the file may be corrupt)", "corrupt")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > limits.max_entries:
                raise InputError(f"{name}: {len(infos)} entries in the .docx (limit {limits.max_entries}); refused as a "
                                 "possible zip bomb", "zip-bomb")
            total = sum(i.file_size for i in infos)
            if total > limits.max_uncompressed:
                raise InputError(f"{name}: uncompresses to {total} bytes (limit {limits.max_uncompressed}); refused as a "
                                 "possible zip bomb", "zip-bomb")
            for i in infos:
                if i.flag_bits & 0x1:
                    raise InputError(f"{name}: encrypted entries in the .docx", "encrypted")
                if i.file_size > 1024 * 1024 and i.file_size > limits.max_ratio * max(1, i.compress_size):
                    raise InputError(f"{name}: entry {i.filename} expands {i.file_size // max(1, i.compress_size)}x; "
                                     "refused as a possible zip bomb", "zip-bomb")
            if "word/document.xml" not in z.namelist():
                raise InputError(f"{name}: not a Word document (no word/document.xml)", "corrupt")
    except zipfile.BadZipFile as e:
        raise InputError(f"{name}: corrupt .docx ({e})", "corrupt") from None


class _Numbering:
    """Word's automatic numbering, rendered per paragraph."""

    FORMATS = {
        "decimal": lambda n: str(n),
        "decimalZero": lambda n: f"{n:02d}",
        "upperRoman": lambda n: _roman(n),
        "lowerRoman": lambda n: _roman(n).lower(),
        "upperLetter": lambda n: _letters(n).upper(),
        "lowerLetter": lambda n: _letters(n),
        "bullet": lambda n: "",
        "none": lambda n: "",
    }

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for an in numbering.iterchildren(W + "abstractNum"):
            lv = {}
            for lvl in an.iterchildren(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                fmt = _val(lvl, "numFmt") or "decimal"
                text = _val(lvl, "lvlText") or ""
                start = int(_val(lvl, "start") or "1")
                lv[ilvl] = (fmt, text, start)
            abstract[an.get(W + "abstractNumId")] = lv
        for num in numbering.iterchildren(W + "num"):
            num_id = num.get(W + "numId")
            aid = _val(num, "abstractNumId")
            for ilvl, spec in abstract.get(aid, {}).items():
                self.levels[(num_id, ilvl)] = spec
            for ov in num.iterchildren(W + "lvlOverride"):
                ilvl = int(ov.get(W + "ilvl", "0"))
                start = _val(ov, "startOverride")
                if start and (num_id, ilvl) in self.levels:
                    fmt, text, _ = self.levels[(num_id, ilvl)]
                    self.levels[(num_id, ilvl)] = (fmt, text, int(start))

    def label(self, num_id: str, ilvl: int) -> str:
        if num_id in (None, "0") or (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        fmt, text, start = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "-"
        out = text
        for k in range(9):
            if f"%{k + 1}" in out:
                f, _, s = self.levels.get((num_id, k), ("decimal", "", 1))
                n = counters.get(k, s)
                out = out.replace(f"%{k + 1}", self.FORMATS.get(f, str)(n))
        return out


def _val(el, tag: str) -> Optional[str]:
    child = el.find(W + tag)
    return child.get(W + "val") if child is not None else None


def _roman(n: int) -> str:
    if not 0 < n < 4000:  # Word itself shows such numbers in digits; a huge start value must not loop
        return str(n)
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def _letters(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


class _Fonts:
    """The font a run is shown in: the run's own rFonts, else its paragraph style's, else the defaults."""

    def __init__(self, document):
        self.styles = {}
        try:
            for st in document.styles.element.iterchildren(W + "style"):
                self.styles[st.get(W + "styleId")] = st
            defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
            self.default = _font_of(defaults)
        except AttributeError:
            self.default = None

    def _along_style_chain(self, style_id: Optional[str], pick):
        """The first non-None pick(style) along the style and its basedOn ancestors."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            st = self.styles.get(style_id)
            if st is None:
                break
            found = pick(st)
            if found is not None:
                return found
            style_id = _val(st, "basedOn")
        return None

    def of_style(self, style_id: Optional[str]) -> Optional[str]:
        return self._along_style_chain(style_id, lambda st: _font_of(st.find(f"{W}rPr/{W}rFonts")))

    def numpr_of_style(self, style_id: Optional[str]):
        return self._along_style_chain(style_id, lambda st: st.find(f"{W}pPr/{W}numPr"))


def _font_of(rfonts) -> Optional[str]:
    if rfonts is None:
        return None
    return rfonts.get(W + "ascii") or rfonts.get(W + "hAnsi") or rfonts.get(W + "cs")


def read_docx(path: Path, limits: Optional[Limits] = None) -> RawText:
    limits = limits or Limits()
    check_container(path, limits)
    import docx  # python-docx

    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises several types for broken packages
        raise InputError(f"{path}: cannot be read as .docx, the file is damaged ({brief(e)})", "corrupt") from None
    numbering = _Numbering(document)
    fonts = _Fonts(document)
    out = RawText(lines=[], locations=[])
    state = {"changes": False, "tcvn3": 0, "vni": 0, "tcvn3_guess": 0}

    def para_text(p, style_font: Optional[str]) -> str:
        parts: list[str] = []

        def walk(el, font: Optional[str]):
            for child in el:
                tag = child.tag
                if tag in CHANGES:
                    state["changes"] = True
                if tag in SKIP:
                    continue
                if tag == W + "r":
                    rf = child.find(f"{W}rPr/{W}rFonts")
                    walk(child, _font_of(rf) or font)
                    continue
                if tag == W + "t":
                    text = child.text or ""
                    if is_tcvn3_font(font):
                        state["tcvn3"] += 1
                        text = tcvn3_to_unicode(text, capitals=font.strip().lower().endswith("h"))
                    elif is_vni_font(font) and text.strip():
                        state["vni"] += 1
                    parts.append(text)
                elif tag == W + "tab":
                    parts.append("\t")
                elif tag in (W + "br", W + "cr"):
                    parts.append(" ")
                elif tag == W + "noBreakHyphen":
                    parts.append("-")
                else:
                    walk(child, font)

        walk(p, style_font)
        return "".join(parts)

    def emit(p, where: dict) -> None:
        ppr = p.find(W + "pPr")
        style_id = _val(ppr, "pStyle") if ppr is not None else None
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is None:
            numpr = fonts.numpr_of_style(style_id)
        label = ""
        if numpr is not None:
            label = numbering.label(_val(numpr, "numId"), int(_val(numpr, "ilvl") or "0"))
        text = para_text(p, fonts.of_style(style_id) or fonts.default)
        if label and text.strip():
            text = f"{label} {text.lstrip()}" if label != "-" else f"- {text.lstrip()}"
        out.lines.append(text.replace("\n", " "))
        out.locations.append(Location(paragraph=len(out.lines), **where))

    marks = _CommentMarks(_suppressing_comments(path))
    for p, where in iter_paragraphs(document.element.body, state):
        emit(p, where)
        marks.paragraph(p, len(out.lines))
    out.suppressions = marks.lines
    if state["changes"]:
        out.notes.append("tracked changes: checked as the text reads with all changes accepted")
    if state["tcvn3"]:
        out.notes.append(f"converted {state['tcvn3']} text run(s) in TCVN3 (.Vn…) fonts to Unicode")
    if state["vni"]:
        raise InputError(f"{path}: text in VNI fonts (VNI-Times …) cannot be converted with confidence; "
                         "convert it to Unicode (e.g. Unikey's converter) and check again", "legacy-encoding")
    body = "\n".join(out.lines)
    if not state["tcvn3"] and looks_like_tcvn3(body):
        raise InputError(f"{path}: the text looks TCVN3-encoded but its fonts do not say so; it cannot be converted "
                         "with confidence — convert it to Unicode and check again", "legacy-encoding")
    return out


SUPPRESS = re.compile(r"^\s*qcdc\s*:\s*(?:bỏ qua|bo qua|ignore)\s*[:\-]?\s*((?:QCDC\d{1,3}[\s,;]*)+)", re.IGNORECASE)


def _suppressing_comments(path: Path) -> dict[str, set[str]]:
    """Word comments whose text starts "qcdc: bỏ qua QCDC102 [QCDC104 …]" (or "qcdc: ignore …"): id -> codes."""
    import unicodedata

    from docx.oxml import parse_xml

    try:
        with zipfile.ZipFile(path) as z:
            if "word/comments.xml" not in z.namelist():
                return {}
            root = parse_xml(z.read("word/comments.xml"))
    except Exception:  # damaged comments never stop the check of the text
        return {}
    out = {}
    for c in root.iterchildren(W + "comment"):
        text = unicodedata.normalize("NFC", "".join(t.text or "" for t in c.iter(W + "t")))
        m = SUPPRESS.match(text)
        if m:
            out[c.get(W + "id")] = {x.upper() for x in re.findall(r"QCDC\d{1,3}", m.group(1), re.IGNORECASE)}
    return out


class _CommentMarks:
    """The lines each set-aside comment covers: from its range start to its range end (or the paragraph
    holding its reference, when it has no range)."""

    def __init__(self, comments: dict[str, set[str]]):
        self.comments = comments
        self.open: dict[str, int] = {}
        self.lines: dict[int, set[str]] = {}

    def paragraph(self, p, line: int) -> None:
        if not self.comments:
            return
        for el in p.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference"):
            cid = el.get(W + "id")
            if cid not in self.comments:
                continue
            if el.tag == W + "commentRangeStart":
                self.open[cid] = line
                continue
            first = self.open.pop(cid, line)
            for n in range(first, line + 1):
                self.lines.setdefault(n, set()).update(self.comments[cid])


def iter_paragraphs(body, state: Optional[dict] = None):
    """(w:p element, location) for every paragraph a reader sees, in document order: body paragraphs,
    table cells (row by row), content controls, and text boxes right after their anchor paragraph."""
    tables = [0]
    state = state if state is not None else {}

    def walk(container, where: dict):
        for child in container:
            tag = child.tag
            if tag == W + "p":
                yield child, where
                for txbx in _textboxes(child):
                    yield from walk(txbx, {**where, "textbox": True})
            elif tag == W + "tbl":
                tables[0] += 1
                t = tables[0]
                for r, tr in enumerate(child.iterchildren(W + "tr"), 1):
                    for c, tc in enumerate(tr.iterchildren(W + "tc"), 1):
                        yield from walk(tc, {"table": t, "row": r, "cell": c})
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from walk(content, where)
            elif tag in (W + "ins", W + "moveTo", W + "customXml", W + "smartTag"):
                if tag in CHANGES:
                    state["changes"] = True
                yield from walk(child, where)

    yield from walk(body, {})


def _textboxes(p):
    out = []
    for txbx in p.iter(W + "txbxContent"):
        anc = txbx.getparent()
        inside_fallback = False
        nested = False
        while anc is not None and anc is not p:
            if anc.tag == MC_FALLBACK:
                inside_fallback = True
            if anc.tag == W + "txbxContent":
                nested = True
            anc = anc.getparent()
        if not inside_fallback and not nested:
            out.append(txbx)
    return out
