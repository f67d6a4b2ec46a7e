"""The header block (issuing body, "Số: …", place and date, type and title) and the closing block
(signer, "Nơi nhận") of an administrative document (Nghị định 30/2020/NĐ-CP, Điều 8)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from ..readers.base import SourceDocument
from .models import Header, HeaderField
from ..core.text import fold
from .structure import lines_with_offsets

NATIONAL = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap - tu do - hanh phuc|dang cong san viet nam")
# "Số: 15/KH-UBND", "Số 15-KH/ĐU" (party documents), "Số:      /KH-UBND", "Số: ……/KH-UBND"
SO_RE = re.compile(r"\bSố\s*:?\s*(?P<num>[0-9A-Za-z.…_]*?)\s*(?P<sep>[/-])\s*(?P<code>[0-9A-ZĐ][\wĐđ\-/]*)")
BLANK = r"[ .…_]*"
DATE_RE = re.compile(
    rf"(?P<place>[A-ZĐ][^\n,;:]{{1,40}}?|[.…_]{{2,30}})\s*,\s*ngày"
    rf"(?:(?P<d>\s*\d{{1,2}}|{BLANK})\s*tháng(?P<m>\s*\d{{1,2}}|{BLANK})\s*năm(?P<y>\s*\d{{4}}|{BLANK})"
    rf"|\s*(?P<nd>\d{{1,2}})/(?P<nm>\d{{1,2}})/(?P<ny>\d{{4}}))"
)
SIGNER_WORDS = re.compile(
    r"^(?:TM\.|KT\.|Q\.|TL\.|TUQ\.|T/M|K/T|T\.M|PHÓ |CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG |BÍ THƯ|THỦ TRƯỞNG|CHÁNH |PHÓ BÍ THƯ|KIÊM |TỔNG )"
)
NAME_RE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+)(?: [A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")
YEAR_RE = re.compile(r"năm (\d{4})", re.IGNORECASE)
GIAI_DOAN_RE = re.compile(r"giai đoạn (\d{4}) ?[-–] ?(\d{4})", re.IGNORECASE)
FIRST_BODY = re.compile(r"^(?:Căn cứ|Nhằm|Để )")
CAPS_NAME_RE = re.compile(r"^[A-ZĐÀ-Ỹ]+(?: [A-ZĐÀ-Ỹ]+){1,4}$")
BODY_START = re.compile(
    r"^(?:Căn cứ|Nhằm|Để |Triển khai|Thực hiện (?:Kế hoạch|Chỉ thị|Nghị quyết|Nghị định|Công văn|Quyết định|"
    r"Chương trình|Hướng dẫn|Luật|Kết luận|Quy định)\b)"
)


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def extract_header(doc: SourceDocument) -> tuple[Header, int, Optional[int]]:
    """The header, the offset where the body begins (after the title) and where "Nơi nhận" begins."""
    h = Header()
    nonempty = [(i, s, l) for i, s, l in lines_with_offsets(doc.text) if l.strip()]
    type_idx = _type_line(doc, nonempty, h)
    _header_block(doc, nonempty[: type_idx if type_idx is not None else min(12, len(nonempty))], h)
    body_start = 0
    if type_idx is not None:
        title_lines = _title(doc, nonempty, type_idx, h)
        title_end = h.title_span and nonempty[type_idx][1] + len(nonempty[type_idx][2])
        body_start = title_end or nonempty[type_idx][1]
        if h.title and not title_end:
            body_start = title_lines[-1][0] + len(title_lines[-1][1])
    return h, body_start, _closing(doc, nonempty, h)


def _type_line(doc: SourceDocument, nonempty: list, h: Header) -> Optional[int]:
    """The document type line ("KẾ HOẠCH") within the first 40 non-empty lines; its index there."""
    for k, (_, s, l) in enumerate(nonempty[:40]):
        f = fold(l.strip())
        if f in ("ke hoach", "ke hoach:") or (f.startswith("ke hoach ") and _is_upper(l) and len(f) < 160):
            lead = len(l) - len(l.lstrip())
            h.doc_type = l.strip()[:8]
            h.doc_type_span = doc.span(s + lead, s + lead + 8)
            rest = l.strip()[8:].strip(" :")
            if rest:  # "KẾ HOẠCH THỰC HIỆN … NĂM 2024" on one line
                h.title = rest
                h.title_span = doc.span(s + lead + 8 + (len(l.strip()[8:]) - len(l.strip()[8:].lstrip(" :"))), s + len(l.rstrip()))
            return k
    return None


def _header_block(doc: SourceDocument, header_lines: list, h: Header) -> None:
    """Issuing body, "Số: …", place and date, from the lines before the type line."""
    issuer_parts: list[tuple[int, str, int]] = []
    for _, s, l in header_lines:
        f = fold(l)
        so = SO_RE.search(l)
        dm = DATE_RE.search(l, so.end() if so else 0)  # place and date may follow "Số: …" on one line
        if so:
            h.symbol_line = so.group(0).strip()
            h.symbol_span = doc.span(s + so.start(), s + so.end())
            num = so.group("num")
            h.fields.append(HeaderField(name="number", blank=not any(c.isdigit() for c in num), text=so.group(0).strip(),
                                        span=doc.span(s + so.start(), s + so.end())))
        if dm:
            _read_date(doc, h, dm, s)
        if so or dm or NATIONAL.search(f) or set(l.strip()) <= set("-_*=. "):
            # the issuer may share a line with the Quốc hiệu in a flattened two-column header
            left = NATIONAL.split(f)[0] if NATIONAL.search(f) else ""
            if left.strip() and not so and not dm:
                cut = len(left.rstrip())
                if _is_upper(l[:cut]):
                    issuer_parts.append((s, l[:cut].strip(), s + cut))
            continue
        if _is_upper(l) and not ARABIC_START.match(l):
            issuer_parts.append((s + len(l) - len(l.lstrip()), l.strip(), s + len(l.rstrip())))
    if issuer_parts:
        h.issuer = " ".join(p for _, p, _ in issuer_parts)
        h.issuer_span = doc.span(issuer_parts[0][0], issuer_parts[-1][2])


def _title(doc: SourceDocument, nonempty: list, type_idx: int, h: Header) -> list[tuple[int, str]]:
    """The title lines after the type line (when the type line did not hold the title)."""
    title_lines: list[tuple[int, str]] = []
    if h.title is not None:
        return title_lines
    for k, (_, s, l) in enumerate(nonempty[type_idx + 1: type_idx + 4]):
        st = l.strip()
        # the line right after "KẾ HOẠCH" is the title ("Triển khai thực hiện …") unless it is
        # plainly the body; later lines continue the title only if they do not start the body
        body = FIRST_BODY.match(st) if k == 0 else BODY_START.match(st)
        if set(st) <= set("-_*=. ") or ARABIC_START.match(l) or body or len(st) > 160:
            break
        if title_lines and (st.endswith(":") or st[0].isupper() and not _is_upper(st) and
                            YEAR_RE.search(" ".join(x.strip() for _, x in title_lines))):
            break
        title_lines.append((s, l))
        if YEAR_RE.search(st) or GIAI_DOAN_RE.search(st):
            break
    if title_lines:
        h.title = " ".join(l.strip() for _, l in title_lines)
        s0, l0 = title_lines[0]
        s1, l1 = title_lines[-1]
        h.title_span = doc.span(s0 + len(l0) - len(l0.lstrip()), s1 + len(l1.rstrip()))
    return title_lines


def _closing(doc: SourceDocument, nonempty: list, h: Header) -> Optional[int]:
    """Signer and "Nơi nhận" in the last lines; the offset where "Nơi nhận" begins."""
    closing: Optional[int] = None
    for _, s, l in nonempty[-40:]:
        if fold(l.strip()).startswith("noi nhan"):
            h.recipients = True
            closing = s if closing is None else closing
            h.recipients_span = doc.span(s + len(l) - len(l.lstrip()), s + len(l.rstrip()))
    tail = nonempty[-25:]
    for _, s, l in tail:
        st = l.strip()
        if SIGNER_WORDS.match(st) and _is_upper(st) and len(st) < 80:
            h.signer_title = (h.signer_title + " " + st) if h.signer_title else st
            h.signer_span = h.signer_span or doc.span(s + len(l) - len(l.lstrip()), s + len(l.rstrip()))
    for _, s, l in reversed(tail):
        st = l.strip()
        caps_name = (h.signer_title and _is_upper(st) and CAPS_NAME_RE.match(st) and not SIGNER_WORDS.match(st)
                     and st not in h.signer_title and not fold(st).startswith("noi nhan"))
        if NAME_RE.match(st) or caps_name:
            h.signer_name = st
            h.signer_span = h.signer_span or doc.span(s + len(l) - len(l.lstrip()), s + len(l.rstrip()))
            break
    return closing


ARABIC_START = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4})[.)]\s")


def _read_date(doc: SourceDocument, h: Header, m: re.Match, base: int) -> None:
    raw_place = m.group("place")
    h.place = re.split(r"\s{2,}", raw_place.strip())[-1]
    place_blank = not any(c.isalpha() for c in h.place)
    start = base + m.start("place") + raw_place.rfind(h.place)
    h.date_span = doc.span(start, base + m.end())
    shown = doc.text[start: base + m.end()]
    parts = {}
    h.fields.append(HeaderField(name="place", blank=place_blank, text=shown, span=h.date_span))
    for key, name in (("d", "day"), ("m", "month"), ("y", "year")):
        raw = (m.group(key) or m.group("n" + key) or "").strip(" .…_")
        parts[key] = int(raw) if raw.isdigit() else None
        h.fields.append(HeaderField(name=name, blank=parts[key] is None, text=shown, span=h.date_span))
    d, mo, y = parts["d"], parts["m"], parts["y"]
    try:
        if d and mo and y:
            h.date = dt.date(y, mo, d)
        elif mo and y:
            h.date_lower_bound = dt.date(y, mo, 1)
        elif y:
            h.date_lower_bound = dt.date(y, 1, 1)
    except ValueError:
        pass


def title_period(title: Optional[str]) -> tuple[Optional[int], Optional[tuple[int, int]]]:
    """(plan year, (first year, last year)) named by the title: "… năm 2024" or "giai đoạn 2021 - 2025"."""
    if not title:
        return None, None
    m = GIAI_DOAN_RE.search(title)
    if m and int(m.group(1)) <= int(m.group(2)):
        return None, (int(m.group(1)), int(m.group(2)))
    m = YEAR_RE.search(title)
    return (int(m.group(1)), (int(m.group(1)), int(m.group(1)))) if m else (None, None)
