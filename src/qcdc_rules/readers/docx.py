"""Read a .docx as the text a reader sees: paragraphs, tables and text boxes in document order,
Word's automatic numbering rendered ("I.", "1.", "a)"), tracked changes read as if all were accepted,
TCVN3-font runs converted to Unicode. One paragraph becomes one line; each line remembers where it is
(paragraph number, and table/row/cell).

Hostile files are refused before they are parsed: too large, a zip bomb (too many entries or an
uncompressed size out of proportion), encrypted or not a zip at all (Word 97 .doc, password-protected
.docx). The main part is parsed as a stream, one top-level block at a time, and refused once its text passes
the character limit; every part is parsed with lxml without entities, DTDs or the network, so external
entities are never fetched or expanded.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from lxml import etree

from ..core.errors import InputError, brief
from ..core.notes import Note
from .base import MAX_CHARS, Location, RawText
from .wordml import W, Fonts, Numbering, font_of, val
from .legacy import is_tcvn3_font, is_vni_font, looks_like_tcvn3, tcvn3_to_unicode

MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SKIP = {W + "del", W + "moveFrom", W + "txbxContent", MC_FALLBACK, W + "pPr", W + "rPr", W + "instrText",
        W + "delInstrText", W + "fldData"}
CHANGES = {W + "ins", W + "del", W + "moveFrom", W + "moveTo"}
MAIN_PART = "word/document.xml"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# the parts the reader needs besides the main one, by the last word of their relationship type
RELATED = ("styles", "numbering", "comments")
# XML is parsed without entities, DTDs or the network (no XXE, no billion laughs), and never as a huge tree
_SAFE = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_entries: int = 2000
    max_uncompressed: int = 200 * 1024 * 1024
    max_ratio: int = 200  # uncompressed/compressed for one entry over 1 MiB
    max_chars: int = MAX_CHARS  # text read from the main part before the file is refused as too large
    # XML elements in one top-level paragraph or table: held in memory at once while it is read
    max_block_elements: int = 1_000_000


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
                raise InputError(f"{name}: {len(infos)} entries in the .docx (limit {limits.max_entries}); refused as "
                                 "a possible zip bomb", "zip-bomb")
            total = sum(i.file_size for i in infos)
            if total > limits.max_uncompressed:
                raise InputError(f"{name}: uncompresses to {total} bytes (limit {limits.max_uncompressed}); refused as "
                                 "a possible zip bomb", "zip-bomb")
            for i in infos:
                if i.flag_bits & 0x1:
                    raise InputError(f"{name}: encrypted entries in the .docx", "encrypted")
                if i.file_size > 1024 * 1024 and i.file_size > limits.max_ratio * max(1, i.compress_size):
                    raise InputError(f"{name}: entry {i.filename} expands {i.file_size // max(1, i.compress_size)}x; "
                                     "refused as a possible zip bomb", "zip-bomb")
            if MAIN_PART not in z.NameToInfo:
                raise InputError(f"{name}: not a Word document (no word/document.xml)", "corrupt")
    except zipfile.BadZipFile as e:
        raise InputError(f"{name}: corrupt .docx ({e})", "corrupt") from None


def read_docx(path: Path, limits: Optional[Limits] = None) -> RawText:
    limits = limits or Limits()
    check_container(path, limits)
    try:
        with zipfile.ZipFile(path) as z:
            return _read_package(path, z, limits)
    except (etree.LxmlError, zipfile.BadZipFile, EOFError, zlib.error, ValueError) as e:
        raise InputError(f"{path}: cannot be read as .docx, the file is damaged ({brief(e)})", "corrupt") from None


def _read_package(path: Path, z: zipfile.ZipFile, limits: Limits) -> RawText:
    parts = _related_parts(z)
    numbering = Numbering(_parse_part(z, parts.get("numbering")))
    fonts = Fonts(_parse_part(z, parts.get("styles")))
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
                    walk(child, font_of(rf) or font)
                    continue
                if tag == W + "t":
                    text = child.text or ""
                    if is_tcvn3_font(font):
                        state["tcvn3"] += 1
                        text = tcvn3_to_unicode(text, capitals=(font or "").strip().lower().endswith("h"))
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
        style_id = val(ppr, "pStyle") if ppr is not None else None
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is None:
            numpr = fonts.numpr_of_style(style_id)
        label = ""
        if numpr is not None:
            label = numbering.label(val(numpr, "numId") or "0", int(val(numpr, "ilvl") or "0"))
        text = para_text(p, fonts.of_style(style_id) or fonts.default)
        if label and text.strip():
            text = f"{label} {text.lstrip()}" if label != "-" else f"- {text.lstrip()}"
        out.lines.append(text.replace("\n", " "))
        out.locations.append(Location(paragraph=len(out.lines), **where))

    marks = _CommentMarks(_suppressing_comments(z, parts.get("comments")))
    with z.open(MAIN_PART) as stream:
        for p, where in _stream_paragraphs(path, stream, state, limits):
            emit(p, where)
            marks.paragraph(p, len(out.lines))
    out.directives = marks.directives
    if state["changes"]:
        out.notes.append(Note("tracked-changes"))
    if state["tcvn3"]:
        out.notes.append(Note("tcvn3-runs", runs=state["tcvn3"]))
    if state["vni"]:
        raise InputError(f"{path}: text in VNI fonts (VNI-Times …) cannot be converted with confidence; "
                         "convert it to Unicode (e.g. Unikey's converter) and check again", "legacy-encoding")
    body = "\n".join(out.lines)
    if not state["tcvn3"] and looks_like_tcvn3(body):
        raise InputError(f"{path}: the text looks TCVN3-encoded but its fonts do not say so; it cannot be converted "
                         "with confidence — convert it to Unicode and check again", "legacy-encoding")
    return out




def _related_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """The zip names of the main part's styles, numbering and comments parts, from its relationships
    (Word's usual names when the relationships cannot be read)."""
    found = {kind: f"word/{kind}.xml" for kind in RELATED}
    try:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"), etree.XMLParser(**_SAFE))
    except (KeyError, etree.LxmlError):
        return found
    for rel in rels.iter(RELS):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if kind in RELATED and rel.get("TargetMode") != "External" and target:
            found[kind] = target.lstrip("/") if target.startswith("/") else posixpath.normpath("word/" + target)
    return found


def _parse_part(z: zipfile.ZipFile, name: Optional[str]):
    """A small part (styles, numbering, comments) parsed whole, or None when absent or damaged: the text is
    still read without it (the container check has bounded every entry's size)."""
    if not name or name not in z.NameToInfo:
        return None
    try:
        return etree.fromstring(z.read(name), etree.XMLParser(**_SAFE))
    except (etree.LxmlError, zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        return None


def _stream_paragraphs(path: Path, stream, state: dict, limits: Limits):
    """iter_paragraphs over the main part as it is parsed: each top-level block (paragraph, table, content
    control) is walked when its end tag arrives and then dropped, so memory holds one block, not the
    document; the text is counted as it comes and the file refused once it passes the character limit."""
    chars = 0
    elements = 0
    tables = [0]
    for _, el in etree.iterparse(stream, events=("end",), **_SAFE):
        elements += 1
        if el.tag == W + "t" and el.text:
            chars += len(el.text)
            if chars > limits.max_chars:
                raise InputError(f"{path}: over {limits.max_chars} characters of text, over the limit a check "
                                 "handles in reasonable time (a plan is far shorter); split the file", "too-large")
        parent = el.getparent()
        if parent is None or parent.tag != W + "body":
            if elements > limits.max_block_elements:
                raise InputError(f"{path}: one paragraph or table holds over {limits.max_block_elements} XML "
                                 "elements; refused as a possible attack on the reader", "too-large")
            continue
        elements = 0
        yield from _walk_block(el, {}, state, tables)
        el.clear()
        while el.getprevious() is not None:  # what was read before is done with
            del parent[0]


def _suppressing_comments(z: zipfile.ZipFile, name: Optional[str]) -> dict[str, tuple]:
    """Word comments whose text starts "qcdc: bỏ qua QCDC102 [QCDC104 …]" (or "qcdc: ignore …"): id -> (codes,
    malformed codes, text) (readers/suppress.py). Damaged comments never stop the check of the text."""
    from .suppress import parse

    root = _parse_part(z, name)
    if root is None:
        return {}
    out = {}
    for c in root.iterchildren(W + "comment"):
        text = " ".join("".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p")).strip()
        parsed = parse(text)
        if parsed is not None:
            out[c.get(W + "id")] = (*parsed, text)
    return out


class _CommentMarks:
    """The set-aside comments with the paragraphs each covers: from its range start to its range end (or the
    paragraph holding its reference, when it has no range)."""

    def __init__(self, comments: dict[str, tuple]):
        self.comments = comments
        self.open: dict[str, int] = {}
        self.directives: list = []
        self.done: set[str] = set()

    def paragraph(self, p, line: int) -> None:
        if not self.comments:
            return
        from .suppress import Directive

        for el in p.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference"):
            cid = el.get(W + "id")
            if cid not in self.comments:
                continue
            if el.tag == W + "commentRangeStart":
                self.open[cid] = line
                continue
            if cid in self.done:  # its reference, after its range's end
                continue
            self.done.add(cid)
            first = self.open.pop(cid, line)
            codes, malformed, text = self.comments[cid]
            self.directives.append(Directive(first, first, line, codes, malformed, text))


def iter_paragraphs(body, state: Optional[dict] = None):
    """(w:p element, location) for every paragraph a reader sees, in document order: body paragraphs,
    table cells (row by row), content controls, and text boxes right after their anchor paragraph."""
    tables = [0]
    state = state if state is not None else {}
    for child in body:
        yield from _walk_block(child, {}, state, tables)


def _walk_block(child, where: dict, state: dict, tables: list[int]):
    """The paragraphs of one block of a container (body, cell, text box), in reading order."""
    tag = child.tag
    if tag == W + "p":
        yield child, where
        for txbx in _textboxes(child):
            for inner in txbx:
                yield from _walk_block(inner, {**where, "textbox": True}, state, tables)
    elif tag == W + "tbl":
        tables[0] += 1
        t = tables[0]
        for r, tr in enumerate(child.iterchildren(W + "tr"), 1):
            for c, tc in enumerate(tr.iterchildren(W + "tc"), 1):
                for inner in tc:
                    yield from _walk_block(inner, {"table": t, "row": r, "cell": c}, state, tables)
    elif tag == W + "sdt":
        content = child.find(W + "sdtContent")
        if content is not None:
            for inner in content:
                yield from _walk_block(inner, where, state, tables)
    elif tag in (W + "ins", W + "moveTo", W + "customXml", W + "smartTag"):
        if tag in CHANGES:
            state["changes"] = True
        for inner in child:
            yield from _walk_block(inner, where, state, tables)


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
