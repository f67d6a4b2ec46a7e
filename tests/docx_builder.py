"""Build .docx plans for tests with python-docx, the way offices lay them out: the header as a
borderless two-column table, headings "I./II./III." and items "1./2." as Word automatic numbering
(the numbers are not in the text), runs split in the middle of citations, optional tracked changes,
a text box (with the mc:Fallback copy Word writes), and optionally TCVN3 (.VnTime/.VnTimeH) fonts."""
from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from qcdc_rules.readers.legacy import TCVN3_TABLE

ROMAN = re.compile(r"^(I|II|III|IV|V|VI)\. (.*)$")
ARABIC = re.compile(r"^(\d{1,2})\. (.*)$")
_TO_TCVN3 = {v: chr(k) for k, v in TCVN3_TABLE.items()}

NUMBERING = (
    '<w:abstractNum %s w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%2."/></w:lvl>'
    '</w:abstractNum>' % nsdecls("w")
)


def _encode_tcvn3(text: str) -> list[tuple[str, str]]:
    """(font, text) pieces: .VnTime for lower case, .VnTimeH (lower-case codes) for toned capitals."""
    pieces: list[tuple[str, str]] = []
    for ch in text:
        if ch in _TO_TCVN3 or ch.isascii():
            font, code = ".VnTime", _TO_TCVN3.get(ch, ch)
        elif ch.lower() in _TO_TCVN3:
            font, code = ".VnTimeH", _TO_TCVN3[ch.lower()]
        else:
            font, code = ".VnTime", ch
        if pieces and pieces[-1][0] == font:
            pieces[-1] = (font, pieces[-1][1] + code)
        else:
            pieces.append((font, code))
    return pieces


def _add_runs(paragraph, text: str, tcvn3: bool, split: int = 9) -> None:
    pieces = _encode_tcvn3(text) if tcvn3 else [(None, text)]
    for font, piece in pieces:
        for i in range(0, len(piece), split):  # split mid-word and mid-citation on purpose
            run = paragraph.add_run(piece[i:i + split])
            if font:
                run.font.name = font


def _numbered(paragraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


KINDS = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "BÁO CÁO")


def plan_to_docx(text: str, path: Path, tcvn3: bool = False, tracked: bool = False, textbox: str | None = None) -> Path:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    lines = text.splitlines()
    # the header (above the document's kind) goes into a two-column table, as Word templates lay it out
    type_at = next((i for i, l in enumerate(lines) if l.strip() in KINDS), 0)
    header, body = lines[:type_at], lines[type_at:]
    left = [l for l in header if l.strip() and not ("CỘNG HÒA" in l or "Độc lập" in l or "ngày" in l)]
    right = [l for l in header if l.strip() and l not in left]
    table = d.add_table(rows=1, cols=2) if header else None  # the default table style has no borders
    for cell, cell_lines in zip(table.rows[0].cells if table else (), (left, right)):
        cell.paragraphs[0].text = ""
        for i, l in enumerate(cell_lines):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            _add_runs(p, l, tcvn3)
    # Word numbering only where Word would print the same number; a plan that skips or repeats a
    # number keeps its literal numbers (as a hand-numbered draft does)
    next_roman, next_item, in_section = 1, 1, False
    romans = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
    for l in body:
        if not l.strip():
            continue
        m = ROMAN.match(l)
        a = ARABIC.match(l)
        p = d.add_paragraph()
        if m and romans[m.group(1)] == next_roman:
            _numbered(p, 90, 0)
            _add_runs(p, m.group(2), tcvn3)
            next_roman, next_item, in_section = next_roman + 1, 1, True
        elif a and in_section and int(a.group(1)) == next_item:
            _numbered(p, 90, 1)
            _add_runs(p, a.group(2), tcvn3)
            next_item += 1
        else:
            if m:
                next_roman, next_item = romans[m.group(1)] + 1, 1
            _add_runs(p, l, tcvn3)
    if tracked:
        p = d.add_paragraph()
        p._p.append(parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="x" w:date="2026-01-01T00:00:00Z"><w:r>'
            '<w:delText>Căn cứ Pháp lệnh số 99/2001/PL-UBTVQH10;</w:delText></w:r></w:del>'))
        p._p.append(parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="x" w:date="2026-01-01T00:00:00Z"><w:r>'
            '<w:t>Thực hiện Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ.</w:t></w:r></w:ins>'))
    if textbox:
        p = d.add_paragraph()
        box = (f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
               'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
               'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
               '<w:drawing><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{t}</w:t></w:r></w:p>'
               '</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
               '<v:textbox><w:txbxContent><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:txbxContent></v:textbox>'
               '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>').format(t=textbox)
        p._p.append(parse_xml(box))
    d.save(str(path))
    return path
