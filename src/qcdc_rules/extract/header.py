"""The header block (issuing body, "Số: …", place and date, type and title) and the closing block
(signer, "Nơi nhận") of an administrative document (Nghị định 30/2020/NĐ-CP, Điều 8)."""
from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence
from typing import Optional

from ..core.text import fold
from ..readers.base import SourceDocument
from .dates import plausible_year
from .headblock import read_header_block
from .models import Header
from .structure import lines_with_offsets

SIGNER_WORDS = re.compile(
    r"^(?:TM\.|KT\.|Q\.|TL\.|TUQ\.|T/M|K/T|T\.M|PHÓ |CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG |BÍ THƯ|THỦ TRƯỞNG|CHÁNH |PHÓ BÍ THƯ|"
    r"KIÊM |TỔNG )"
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


class NonEmptyLines(Sequence):
    """The non-empty lines of a text as (index, start offset, line), as `lines_with_offsets` gives them, kept as
    three arrays of numbers and each line cut from the text when it is asked for: two million short lines held
    ~280 MB as a list of tuples (benchmarks/worst_case.py 'upper-lines'), 48 MB so. A slice is another
    NonEmptyLines."""

    __slots__ = ("text", "numbers", "starts", "ends")

    def __init__(self, text: str, numbers: array, starts: array, ends: array):
        # `numbers`: each line's index in the text (not `index`, which would hide Sequence.index)
        self.text, self.numbers, self.starts, self.ends = text, numbers, starts, ends

    @classmethod
    def of(cls, text: str) -> "NonEmptyLines":
        index, starts, ends = array("q"), array("q"), array("q")
        pos, i, n = 0, 0, len(text)
        while True:
            end = text.find("\n", pos)
            end = n if end < 0 else end
            if text[pos:end].strip():
                index.append(i)
                starts.append(pos)
                ends.append(end)
            if end >= n:
                return cls(text, index, starts, ends)
            pos, i = end + 1, i + 1

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return NonEmptyLines(self.text, self.numbers[k], self.starts[k], self.ends[k])
        return self.numbers[k], self.starts[k], self.text[self.starts[k]:self.ends[k]]


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def extract_header(doc: SourceDocument, kinds: list[tuple[str, bool]]) -> tuple[Header, int, Optional[tuple[int, int]]]:
    """The header, the offset where the body begins (after the title) and the range of the closing block
    ("Nơi nhận" with its list, and the signature beside it).
    `kinds`: (kind of document, is a plan), longest first."""
    h = Header()
    nonempty = NonEmptyLines.of(doc.text)
    first = _document_start(nonempty)
    preamble = nonempty[first][1] if first else 0
    nonempty = nonempty[first:]
    type_idx = _type_line(doc, nonempty, h, kinds)
    if type_idx is not None:
        header_end = nonempty[type_idx][1]
    else:  # a công văn names no kind: its header ends where "Kính gửi" begins
        greeting = next((s for _, s, l in nonempty[:40] if fold(l.strip(" *|")).startswith("kinh gui")), None)
        last = nonempty[min(12, len(nonempty)) - 1] if nonempty else (0, 0, "")
        body = next((s for _, s, l in nonempty[:12] if BODY_START.match(l.strip(" *|"))), None)
        header_end = min(x for x in (greeting, body, last[1] + len(last[2])) if x is not None)
    read_header_block(doc, header_end, h, preamble)
    body_start = 0
    if type_idx is not None:
        title_lines = _title(doc, nonempty, type_idx, h)
        h.attached_plan = not h.is_plan and _attached_plan(nonempty[type_idx + 1:], h.title)
        title_end = h.title_span and nonempty[type_idx][1] + len(nonempty[type_idx][2])
        body_start = title_end or nonempty[type_idx][1]
        if h.title and not title_end:
            body_start = title_lines[-1][0] + len(title_lines[-1][1])
    closing = _closing(doc, nonempty, h)
    h.party = _party(h)
    return h, body_start, closing


def document_end(doc: SourceDocument, h: Header, after: int) -> Optional[int]:
    """Where the document ends when a web page carries it: the page's own material after it (a legal
    database's record title, related texts, notices) starts with a line naming the document by its kind
    and own number as a title ("Quyết định 2844/QĐ-UBND năm 2025 …", no "số"), after `after` (the closing
    block). None when there is no such line."""
    number = h.number()
    if not h.doc_type or number is None:
        return None
    lead = fold(h.doc_type) + " " + fold(number)
    for _, start, line in lines_with_offsets(doc.text):
        if start >= after and fold(line.strip(" *|#")).startswith(lead):
            return start
    return None


_MOTTO = re.compile(r"cong hoa xa hoi chu nghia|dang cong san viet nam")
_SEPARATOR_LINE = re.compile(r"^[\s\-_=*.…]+$")


def _document_start(nonempty: Sequence) -> int:
    """Where the document itself begins among the non-empty lines: 0, unless a block of other text (a legal
    database's record: "Số hiệu:", "Loại văn bản:", "Tình trạng:" …; a page's menu) stands before its header.
    The header is found by its national motto (which may be wrapped over lines); the issuer's lines, in
    capitals, stand just above it."""
    head = nonempty[:400]
    folded = [fold(line.strip(" *|#")) for _, _, line in head]
    ends, pos = [], 0
    for f in folded:
        pos += len(f) + 1
        ends.append(pos)
    m = _MOTTO.search(" ".join(folded))
    if m is None:
        return 0
    k = bisect.bisect_right(ends, m.start())
    if k < 12:
        return 0
    start = k
    while start > 0 and k - start < 8:
        prev = nonempty[start - 1][2].strip()
        if not (_SEPARATOR_LINE.match(prev) or _is_upper(prev) and not prev.endswith(":")):
            break
        start -= 1
    return start


def _type_line(doc: SourceDocument, nonempty: list, h: Header, kinds: list[tuple[str, bool]]) -> Optional[int]:
    """The line naming the document's kind ("KẾ HOẠCH", "QUYẾT ĐỊNH" …) within the first 40 non-empty
    lines; its index there. A plan's kind may be written in any case; other kinds in capitals."""
    folded_kinds = [(fold(k), k, plan) for k, plan in kinds]
    for k, (_, s, l) in enumerate(nonempty[:40]):
        st = l.strip()
        f = fold(st)
        if k + 1 < len(nonempty) and any(fk.startswith(f + " ") for fk, _, _ in folded_kinds):
            nxt = nonempty[k + 1][2].strip()  # a kind broken over two lines ("THÔNG" / "TƯ")
            joined = fold(st + " " + nxt)
            if any(joined == fk for fk, _, _ in folded_kinds) and _is_upper(st + nxt):
                _, s2, l2 = nonempty[k + 1]
                kind, plan = next((kd, pl) for fk, kd, pl in folded_kinds if fk == joined)
                lead = len(l) - len(l.lstrip())
                h.doc_type, h.is_plan = st + " " + nxt, plan
                h.doc_type_span = doc.span(s + lead, s2 + len(l2.rstrip()))
                return k + 1
        for fk, _kind, plan in folded_kinds:
            alone = f in (fk, fk + ":")
            glued = f.startswith(fk + " ") and _is_upper(st[: len(fk)]) and st[len(fk): len(fk) + 2] == "  "
            if not (alone or glued or f.startswith(fk + " ") and _is_upper(st) and len(f) < 160):
                continue
            if not plan and not _is_upper(st[: len(fk)]):
                continue
            lead = len(l) - len(l.lstrip())
            h.doc_type = st[: len(fk)]
            h.is_plan = plan
            h.doc_type_span = doc.span(s + lead, s + lead + len(fk))
            rest = st[len(fk):].strip(" :")
            if rest:  # "KẾ HOẠCH THỰC HIỆN … NĂM 2024" on one line
                h.title = rest
                h.title_span = doc.span(s + lead + len(fk) + (len(st[len(fk):]) - len(st[len(fk):].lstrip(" :"))),
                                        s + len(l.rstrip()))
            return k
    return None


_PARTY_BODY = re.compile(r"\b(?:ĐẢNG ỦY|ĐẢNG UỶ|ĐẢNG BỘ|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|THÀNH UỶ|HUYỆN ỦY|HUYỆN UỶ|THỊ ỦY|"
                         r"THỊ UỶ|QUẬN ỦY|QUẬN UỶ|CHI BỘ|ĐẢNG ĐOÀN|BAN CÁN SỰ ĐẢNG|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|"
                         r"ĐẢNG CỘNG SẢN VIỆT NAM)\b")
_PARTY_NUMBER = re.compile(r"Số\s*:?\s*[\d.…_ ]*-[A-ZĐ]+/")  # "Số 15-KH/ĐU": the Party's numbering


def _party(h: Header) -> bool:
    """A Party document: issued by a Party body, numbered the Party's way, or signed for a cấp ủy."""
    return bool(h.issuer and _PARTY_BODY.search(h.issuer) or h.symbol_line and _PARTY_NUMBER.match(h.symbol_line)
                or h.signer_title and re.search(r"BÍ THƯ|T/M BAN THƯỜNG VỤ|T/M ĐẢNG", h.signer_title))


def _attached_plan(lines: list, title: Optional[str]) -> bool:
    """A Kế hoạch issued with the document (a Quyết định "ban hành Kế hoạch …"): its title says so, or it names a
    plan and a line "KẾ HOẠCH" alone follows."""
    if title and fold(title).startswith(("ban hanh ke hoach", "ve viec ban hanh ke hoach", "phe duyet ke hoach",
                                         "ve viec phe duyet ke hoach")):
        return True
    if not title or "ke hoach" not in fold(title):
        return False  # a "KẾ HOẠCH" line under a decision that issues no plan: a form in an annex, a quoted text
    return any(fold(l.strip()) in ("ke hoach", "ke hoach:") and _is_upper(l.strip()) for _, _, l in lines)


_AUTHORITY = re.compile(r"^(?:CHỦ TỊCH|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BỘ TRƯỞNG|GIÁM ĐỐC|THỦ TƯỚNG|"
                        r"CHÍNH PHỦ|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|TRƯỞNG BAN|CHÁNH|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG)\b")


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
        if title_lines and _AUTHORITY.match(st) and _is_upper(st):
            break  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …" under a Quyết định's title: who decides, not the title
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


def _closing(doc: SourceDocument, nonempty: list, h: Header) -> Optional[tuple[int, int]]:
    """Signer and "Nơi nhận"; the offset where "Nơi nhận" begins. Annexes, tables and a database's own text
    may follow the closing block, so it is not looked for in the last lines only: "Nơi nhận" is its last
    occurrence (a Quyết định's own stands before the Kế hoạch it issues), the signature the block of a
    signer's titles followed by a name, nearest to "Nơi nhận" when there is one."""
    at = next((k for k in range(len(nonempty) - 1, -1, -1) if _recipients_label(nonempty, k)), None)
    closing: Optional[tuple[int, int]] = None
    last = at if at is not None else 0  # the closing block's last line (read only when there is "Nơi nhận")
    if at is not None:
        _, s, l = nonempty[at]
        h.recipients = True
        h.recipients_span = doc.span(s + len(l) - len(l.lstrip()), s + len(l.rstrip()))
        while last + 1 < len(nonempty) and last - at < 30 and _RECIPIENT_LINE.match(nonempty[last + 1][2]):
            last += 1
    blocks = list(_signature_blocks(nonempty))
    named = [b for b in blocks if b[1] is not None] or blocks
    if named:
        titles, name = min(named, key=lambda b: abs(b[0][0] - at)) if at is not None else named[-1]
        if at is not None and 0 < titles[0] - last <= 3:
            last = name if name is not None else titles[-1]
        first = nonempty[titles[0]]
        h.signer_title = " ".join(nonempty[k][2].strip() for k in titles)
        h.signer_span = doc.span(first[1] + len(first[2]) - len(first[2].lstrip()), first[1] + len(first[2].rstrip()))
        if name is not None:
            h.signer_name = nonempty[name][2].strip()
    if at is not None:
        _, s, l = nonempty[last]
        closing = (nonempty[at][1], s + len(l))
    return closing


_RECIPIENT_LINE = re.compile(r"^\s*(?:[-+•–]|Như |Lưu|[A-ZĐÀ-Ỹ][^.]{0,60};\s*$)")


def _recipients_label(nonempty: list, k: int) -> bool:
    """ "Nơi nhận:" at line k, also when wrapped after its first word ("Nơi" / "nhận:")."""
    here = fold(nonempty[k][2].strip())
    if here.startswith("noi nhan"):
        return True
    return here == "noi" and k + 1 < len(nonempty) and fold(nonempty[k + 1][2].strip()).startswith("nhan")


# a line that begins with a signer's word, whitespace before it: every line SIGNER_WORDS matches once stripped
_SIGNER_LINE = re.compile(r"^[^\S\n]*" + SIGNER_WORDS.pattern.removeprefix("^"), re.MULTILINE)


def _signer_candidates(nonempty) -> list[int]:
    """Indices of the lines that may open a signer's block, in order: found by one search over the text (a
    document of two million lines is not stripped and matched line by line)."""
    if not isinstance(nonempty, NonEmptyLines):
        return list(range(len(nonempty)))
    out = []
    for m in _SIGNER_LINE.finditer(nonempty.text, nonempty.starts[0] if len(nonempty) else 0):
        k = bisect.bisect_left(nonempty.starts, m.start())
        if k < len(nonempty) and nonempty.starts[k] == m.start():
            out.append(k)
    return out


def _signature_blocks(nonempty: list):
    """(indices of a signer's title lines, index of the name under them or None): "TM. ỦY BAN NHÂN DÂN" /
    "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / "Trần Văn A", wherever they stand."""
    k = 0
    for c in _signer_candidates(nonempty):
        if c < k:
            continue
        k = c
        st = nonempty[k][2].strip()
        if not (SIGNER_WORDS.match(st) and _is_upper(st) and len(st) < 80):
            continue
        titles = [k]
        k += 1
        while k < len(nonempty) and len(titles) < 6:
            st = nonempty[k][2].strip()
            if not _is_upper(st) or len(st) >= 80 or CAPS_NAME_RE.match(st) and not SIGNER_WORDS.match(st) \
                    and not _continues_title(st):
                break
            titles.append(k)
            k += 1
        name = None
        for j in range(k, min(k + 3, len(nonempty))):
            st = nonempty[j][2].strip()
            if NAME_RE.match(st) or _is_upper(st) and CAPS_NAME_RE.match(st) and not SIGNER_WORDS.match(st):
                name = j
                break
        yield titles, name


def _continues_title(line: str) -> bool:
    """A wrapped signer's title goes on with the body's name ("NHÂN DÂN", "ỦY BAN"), not a person's name."""
    return fold(line).split()[0] in {"nhan", "uy", "dan", "ban", "chu", "tich", "pho", "truong", "giam", "doc",
                                     "thuong", "vu", "hoi", "dong", "so", "tinh", "xa", "phuong", "thanh"}


ARABIC_START = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4})[.)]\s")


# a year that is not the plan's own: part of a date ("ngày 02 tháng 01 năm 2025"), a target ("đến năm 2030",
# "tầm nhìn … năm 2045"), or the year of another text named in the title ("Nghị quyết … năm 2022")
_NOT_PLAN_YEAR = re.compile(r"(?:tháng\s*\d{1,2}|đến|tới|trước|sau|từ|tầm nhìn)\s*$", re.IGNORECASE)


def title_period(title: Optional[str], issued=None) -> tuple[Optional[int], Optional[tuple[int, int]]]:
    """(plan year, (first year, last year)) named by the title: "… năm 2024" or "giai đoạn 2021 - 2025".
    With the document's issue date known, a period ending before that year, or a single year more than one
    year after it, is not the plan's (a cited text's year, a target) and is not taken."""
    if not title:
        return None, None
    m = GIAI_DOAN_RE.search(title)
    if m and int(m.group(1)) <= int(m.group(2)) and plausible_year(int(m.group(1))) and plausible_year(int(m.group(2))):
        if issued is None or int(m.group(2)) >= issued.year:
            return None, (int(m.group(1)), int(m.group(2)))
    for m in YEAR_RE.finditer(title):
        y = int(m.group(1))
        if not plausible_year(y) or _NOT_PLAN_YEAR.search(title[: m.start()]):
            continue
        if issued is not None and not issued.year <= y <= issued.year + 1:
            continue
        return y, (y, y)
    return None, None
