"""The header block above the document's kind (Nghị định 30/2020/NĐ-CP, Điều 8): issuing body, "Số: …",
place and date — read the way a person reads it, not line by line.

Real headers are two columns (issuer and number on the left, the national motto, place and date on the
right). Exported as text they come flattened into alternating lines, with words, numbers and dates
broken across lines ("Số:" / "2820/QĐ-UBND"; "Hà Nội, ngày 27" / "tháng 11 năm 2025"). So the block is
read as one run of words (white space collapsed, every position mapped back to the document), the motto
is set aside, and the issuer is what is left in capitals.
"""
from __future__ import annotations

import re
from typing import Optional

from ..readers.base import SourceDocument
from .dates import make_date
from .flat import FlatText, flatten
from .models import Header, HeaderField

NATIONAL = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap - tu do - hanh phuc|dang cong san viet nam")
# "Số: 15/KH-UBND", "Số 15-KH/ĐU" (party documents), "Số:      /KH-UBND", "Số: ……/KH-UBND"
SO_RE = re.compile(r"\bSố\s*:?\s*(?P<num>[0-9A-Za-z.…_]*?)\s*(?P<sep>[/-])\s*(?P<code>[0-9A-ZĐ][\wĐđ\-/]*)")
BLANK = r"[ .…_]*"
DATE_TAIL = re.compile(
    rf",?\s*ngày(?:(?P<d>\s*\d{{1,2}}|{BLANK})\s*tháng(?P<m>\s*\d{{1,2}}|{BLANK})\s*năm(?P<y>\s*\d{{4}}|{BLANK})"
    rf"|\s*(?P<nd>\d{{1,2}})/(?P<nm>\d{{1,2}})/(?P<ny>\d{{4}}))"
)
_SEPARATOR = re.compile(r"[-_=*.…]{3,}")
_MARKER = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]$")
_WORD = re.compile(r"\S+")
_VV = re.compile(r"\bV/[vV]\b")
_PLACE_WORDS = {"phố", "xã", "phường", "thị", "trấn", "huyện", "tỉnh", "quận", "đặc", "khu"}


def read_header_block(doc: SourceDocument, end: int, h: Header, start: int = 0) -> None:
    """Fill the issuer, number and place/date of `h` from the document's text between `start` (where the
    document begins, after any record a database put before it) and `end`."""
    flat = flatten(" " * start + doc.text[start:end])  # blanked, so offsets stay those of the document
    text = flat.text
    taken = [m.span() for m in NATIONAL.finditer(flat.folded)] + [m.span() for m in _SEPARATOR.finditer(text)]
    so = SO_RE.search(text)
    if so:
        a, b = flat.norm_range(*so.span())
        h.symbol_line = so.group(0).strip()
        h.symbol_span = doc.span(a, b)
        h.fields.append(HeaderField(name="number", blank=not any(c.isdigit() for c in so.group("num")),
                                    text=h.symbol_line, span=h.symbol_span))
        taken.append(so.span())
    # the place and date usually follow the number; a header laid out in two columns may put them before it
    # ("SỐ 1050/QĐ-SCT      Lào Cai, ngày 10 tháng 3 năm 2026" above "Số: 1105/KH-ĐKT")
    dm = _date(text, so.end() if so else 0) or (_date(text, 0) if so else None)
    place_start = None
    if dm:
        place_start = _place_start(text, dm.start(), taken)
        _read_date(doc, flat, h, dm, place_start)
        taken.append((place_start, dm.end()))
    vv = _VV.search(text)
    if vv:  # a công văn's subject ("V/v …") stands under its number
        end_vv = place_start if place_start is not None and place_start > vv.start() else len(text)
        taken.append((vv.start(), end_vv))
        h.subject_line = text[vv.start():end_vv].strip()
    _issuer(doc, flat, h, taken)


def _date(text: str, start: int) -> Optional[re.Match]:
    for m in DATE_TAIL.finditer(text, start):
        if m.group(0).startswith(",") or (m.start() > 0 and text[m.start() - 1] == " "):
            return m
    return None


def _place_start(text: str, comma: int, taken: list[tuple[int, int]]) -> int:
    """Where the place name before ", ngày" begins: after the number, the motto or a rule line, and only
    its last words in mixed case ("UBND XÃ AN BÌNH An Bình" -> "An Bình"); dots for a blank place."""
    boundary = max([0] + [e for s, e in taken if e <= comma])
    words = [(m.start(), m.group(0)) for m in _WORD.finditer(text, boundary, comma)]
    start = comma
    for pos, word in reversed(words):
        letters = [c for c in word if c.isalpha()]
        capitals = bool(letters) and all(c.isupper() for c in letters) and len(letters) > 1
        if comma - pos > 40 or (capitals and start < comma):
            break
        if letters and not word[0].isupper() and word.rstrip(".,") not in _PLACE_WORDS:
            break  # a place is written in capitalised words ("Thành phố Hồ Chí Minh")
        if word[-1] in ".;:" and start < comma and letters:
            break  # the end of the previous sentence
        start = pos
    return start


def _read_date(doc: SourceDocument, flat: FlatText, h: Header, m: re.Match, place_start: int) -> None:
    a, b = flat.norm_range(place_start, m.end())
    h.place = flat.text[place_start:m.start()].strip(" ,")
    place_blank = not any(c.isalpha() for c in h.place)
    h.date_span = doc.span(a, b)
    shown = doc.text[a:b]
    h.fields.append(HeaderField(name="place", blank=place_blank, text=shown, span=h.date_span))
    parts = {}
    for key, name in (("d", "day"), ("m", "month"), ("y", "year")):
        raw = (m.group(key) or m.group("n" + key) or "").strip(" .…_")
        parts[key] = int(raw) if raw.isdigit() else None
        h.fields.append(HeaderField(name=name, blank=parts[key] is None, text=shown, span=h.date_span))
    d, mo, y = parts["d"], parts["m"], parts["y"]
    if d and mo and y:
        h.date = make_date(y, mo, d)
    elif mo and y:
        h.date_lower_bound = make_date(y, mo, 1)
    elif y:
        h.date_lower_bound = make_date(y, 1, 1)


def _issuer(doc: SourceDocument, flat: FlatText, h: Header, taken: list[tuple[int, int]]) -> None:
    """The issuing body: the words in capitals that are not the motto, the number, the date or a rule."""
    runs: list[tuple[int, int]] = []
    for m in _WORD.finditer(flat.text):
        s, e = m.span()
        letters = [c for c in m.group(0) if c.isalpha()]
        upper = bool(letters) and all(c.isupper() for c in letters) or (not letters and runs and runs[-1][1] == s - 1)
        if any(a <= s < b for a, b in taken) or not upper \
                or (not runs or runs[-1][1] != s - 1) and _MARKER.match(m.group(0)):
            continue
        if runs and runs[-1][1] == s - 1:
            runs[-1] = (runs[-1][0], e)
        else:
            runs.append((s, e))
    runs = [(s, e) for s, e in runs if sum(c.isalpha() for c in flat.text[s:e]) >= 2]
    if runs:
        h.issuer = " ".join(flat.text[s:e].strip(" -") for s, e in runs)
        a, _ = flat.norm_range(*runs[0])
        _, b = flat.norm_range(*runs[-1])
        h.issuer_span = doc.span(a, b)
