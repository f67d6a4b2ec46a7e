"""Reporting duties ("báo cáo" obligations) and deadlines, clause by clause.

A clause is a stretch of text between sentence ends, semicolons and list items. A clause that
mentions "báo cáo" is a reporting duty when it sits in the implementation section (or later), or
when it names a period, a deadline or a recipient.
"""
from __future__ import annotations

import heapq
import itertools
import re
from array import array
from typing import Iterator, Optional

from ..readers.base import SourceDocument
from .models import Deadline, ReportingDuty
from . import dates
import bisect

from .citations import MAX_FOUND

from .flat import FlatText, Ranges

_LIST_START = re.compile(r"(?:[-+•] |\d{1,2}[.)] |[a-zđ]\) |[IVX]{1,4}\. )")
_END = re.compile(r"(?:[;!?]|\.(?= [A-ZĐÀ-Ỹ\-\d])|:(?= ?$))")
_SENTENCE_END = re.compile(r"(?:[!?]|\.(?= [A-ZĐÀ-Ỹ\-\d])|:(?= ?$))")

PERIODS = [
    ("Monthly", re.compile(r"\b(?:hằng|hàng) tháng\b|\bmỗi tháng\b|\bbáo cáo tháng\b", re.I)),
    # "quý" alone is a period ("báo cáo 6 tháng, quý"), but "Quý II/2027", "quý IV năm 2025" name one quarter:
    # a deadline, not a periodic report
    ("Quarterly", re.compile(r"\b(?:hằng|hàng) quý\b|\bquý\b(?! ?(?:[IV]{1,3}|[1-4]|một|hai|ba|bốn|cuối)\b)", re.I)),
    ("HalfYear", re.compile(r"\b0?6 tháng\b|\bsáu tháng\b|\bsơ kết 6\b", re.I)),
    ("NineMonths", re.compile(r"\b0?9 tháng\b|\bchín tháng\b", re.I)),
    ("Annual", re.compile(r"\b0?1 năm\b|\b(?:hằng|hàng) năm\b|\bbáo cáo năm\b|\bcả năm\b|\bmột năm\b|\btổng kết năm\b",
                          re.I)),
]
PERIODIC = re.compile(r"\bđịnh kỳ\b|\bđịnh kì\b", re.I)
REPORT = re.compile(r"\bbáo cáo\b", re.I)
# "báo cáo" as a source the text quotes, not a duty: "Báo cáo của Hiệp hội … cho thấy …", "theo báo cáo …"
STATEMENT = re.compile(
    r"\bbáo cáo\b(?: số \S+)?(?: (?:của|tại) [^,.;]{1,80}?)? (?:đã )?(?:cho thấy|chỉ ra|nêu rõ|đã nêu|ghi nhận|"
    r"phản ánh)"
    r"|\b(?:theo|tại|qua|căn cứ) (?:các )?báo cáo\b"
    # "báo cáo" in the name of another thing: presenters, a feasibility study, financial statements, an impact
    # assessment — none is a duty to report to anyone
    r"|\bbáo cáo (?:viên|nghiên cứu|kinh tế - kỹ thuật|tài chính|đánh giá tác động)\b"
    # a report published for everyone, not sent to a superior: "định kỳ hằng năm công bố báo cáo dự báo …"
    r"|\b(?:công bố|xuất bản|phát hành|đăng tải) (?:các |bản )?báo cáo\b"
    # reports as records kept: "các báo cáo tổng hợp hằng quý, hằng năm được lưu trữ bằng văn bản giấy"
    r"|\bbáo cáo\b[^.;:]{0,80}?\b(?:được|phải được) (?:lưu trữ|lưu giữ|bảo quản|số hóa)\b"
    # a table cell that is only the output of a task ("Báo cáo", "Báo cáo kết quả thực hiện"): what the task
    # produces, not an obligation to report (the duty, with its recipient, is set elsewhere)
    r"|^\W*báo cáo(?: (?:kết quả|thực hiện|tổng kết|sơ kết)){0,2}\W*$"
    # the reporting regime as a topic, not a duty set here: what an inspection looks at ("việc thực hiện chế độ báo
    # cáo định kỳ, đột xuất", a clause that is only "chế độ báo cáo …"); "Thực hiện chế độ báo cáo …" stays a duty
    r"|^(?:[a-zđ\d]{1,2}[.)] )?\W*chế độ báo cáo\b"
    r"|\b(?:việc|kiểm tra)(?: việc)?(?: thực hiện| chấp hành)? chế độ báo cáo\b"
    # work folded into reports made anyway ("lồng ghép trong báo cáo … định kỳ"): their timing is set where they are
    r"|\blồng ghép (?:vào |trong |với )?(?:nội dung )?(?:các |trong )?báo cáo\b", re.I)
ABSOLUTE = re.compile(
    rf"\b(?:trước|chậm nhất(?: là)?|không quá|hạn chót|hạn cuối|trong|vào|hạn)(?: ngày)? (?:{dates.DATE})", re.I
)
DAY_MONTH = re.compile(r"\b(?:trước|chậm nhất(?: là)?|không quá|vào|hạn)(?: ngày)? \d{1,2}[/.\-]\d{1,2}(?![/.\-]?\d)",
                       re.I)
RELATIVE = re.compile(
    r"\btrong (?:vòng |thời hạn |thời gian )?(?:\d+|một|hai|ba|năm|mười) (?:ngày|tuần|tháng)(?: làm việc)?"
    r"(?: kể từ| sau| tính từ)?|\bchậm nhất (?:là )?(?:\d+|một|hai|ba|năm|mười) ngày|\bsau (?:\d+) ngày"
    r"|\b(?:trước|chậm nhất|vào) ngày \d{1,2}(?: của| hằng| hàng)? (?:tháng|quý)",
    re.I,
)
# a month, in a plan's words or a table's timing column: "trong tháng 12 hằng năm", "Tháng 6/2026", "vào tháng 11"
# ("6 tháng" is a period, "tháng 6" a month; "ngày 10 tháng 6 (năm 2026)" is a day, ABSOLUTE's or _CONTINUED's)
MONTH = re.compile(r"(?<![\w/])(?<!\d )(?:(?:trong|vào|trước|cuối|đầu|giữa) )?tháng (?:0?[1-9]|"
                   r"1[0-2])(?:/20\d\d)?(?![\w/.,-]?\d)"
                   r"(?: (?:hằng|hàng) năm)?", re.I)
_CONTINUED = re.compile(
    rf"(?:,|\bvà|\bhoặc) (?:ngày )?(?:{dates.DATE}|\d{{1,2}} tháng \d{{1,2}}\b|\d{{1,2}}[/.\-]\d{{1,2}}(?![/.\-]?\d))",
    re.I
)
_EVERY_PERIOD = re.compile(r"[^.;]{0,25}\b(?:cuối kỳ|mỗi kỳ|hằng kỳ|từng kỳ|kỳ báo cáo)\b", re.I)
# a clause that only names a report, as a thing: "Báo cáo định kỳ tình hình sử dụng …", "Thông báo, báo cáo định kỳ
# tình hình hoạt động …" (a list of papers an inspection looks at)
_A_REPORT_LISTED = re.compile(r"^\W*(?:(?:thông báo|sổ sách|hồ sơ),? )?(?:các )?báo cáo định kỳ (?:về )?tình hình\b",
                              re.I)
_REGIME = re.compile(r"\bchế độ báo cáo\b", re.I)
# a period word in the name of an index, not of the report: "xác định Chỉ số CCHC của tỉnh hằng năm"
_INDEX_PERIOD = re.compile(r"\b(?:bộ )?chỉ số\b[^,;.()]{0,60}?\b(?:hằng|hàng) (?:năm|quý|tháng)\b", re.I)
# timing the report already has: a council's session ("báo cáo HĐND tỉnh tại kỳ họp cuối năm"), or the body that
# asks for it ("theo yêu cầu của Ban Chỉ đạo"); with "đột xuất", or "… và báo cáo theo yêu cầu" as a kind of its
# own, that times the ad hoc reports only, not the periodic ones
_AT_SESSION = re.compile(r"\b(?:tại|trước|trong|vào) (?:các )?kỳ họp\b", re.I)
_ON_REQUEST = re.compile(r"\btheo yêu cầu của\b", re.I)
_AD_HOC = re.compile(r"\bđột xuất\b|(?:,|\bvà|\bhoặc) (?:các )?báo cáo (?:khác )?theo yêu cầu\b", re.I)
BY_REGULATION = re.compile(r"\btheo quy định\b|\btheo thời gian quy định\b", re.I)
RECIPIENT_HEAD = (
    r"(?:UBND|HĐND|MTTQ|BCĐ|ủy ban|uỷ ban|Ủy ban|Uỷ ban|ban|Ban|sở|Sở|phòng|Phòng|văn phòng|Văn phòng|"
    r"thường trực|Thường trực|thường vụ|Thường vụ|bộ|Bộ|chủ tịch|Chủ tịch|bí thư|Bí thư|cơ quan|Cơ quan|"
    r"cấp ủy|cấp trên|Đảng ủy|đảng ủy|Tỉnh ủy|tỉnh ủy|Thành ủy|Huyện ủy|Thị ủy|Mặt trận|hội đồng|Hội đồng|"
    r"lãnh đạo|Lãnh đạo|giám đốc|Giám đốc|trưởng ban|Trưởng ban|Cục|Tổng cục|Chính phủ|Thủ tướng|Trung ương)"
)
RECIPIENT = re.compile(
    r"\b(?:về|gửi|lên|cho|tới|đến|trình|với|báo cáo)(?: về| cho| lên| tới)? (?:(?:kết quả|"
    rf"tình hình) (?:\S+ ){{0,4}}?(?:về |cho |lên |với )?)?{RECIPIENT_HEAD}\b"
    rf"|\(qua {RECIPIENT_HEAD}"
    # any named body after "gửi (về)", "về", "lên", "trình": "gửi Công an xã", "về Chi bộ"
    r"|\b(?:gửi(?: về)?|về|lên|trình) (?:[A-ZĐ][a-zà-ỹđ]+|[A-ZĐ]{2,})\b"
)


def clauses(flat: FlatText, start: int = 0, end_re: re.Pattern = _END) -> Iterator[tuple[int, int]]:
    """Flat ranges of clauses (or, with _SENTENCE_END, sentences) from `start` to the end, in order, made as
    they are read: 800,000 one-line items held ~370 MB as a set of cuts and lists of ranges."""
    text = flat.text
    breaks = sorted(b for b in flat.breaks if b >= start and _LIST_START.match(text, b))
    ends = (m.end() for m in end_re.finditer(text, start))
    a = start
    for b in itertools.chain(heapq.merge(breaks, ends), (len(text),)):
        if b <= a:
            continue  # a cut made twice (a list item after a sentence's end)
        s = a
        while s < b and text[s] == " ":
            s += 1
        if b - s > 1:
            yield s, b
        a = b


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the characters of `spans` (which may overlap or run past it) made spaces."""
    if not spans:
        return text
    out, pos = [], 0
    for a, b in sorted(spans):
        a, b = max(a, pos), min(b, len(text))
        if b <= a:
            continue
        out.append(text[pos:a])
        out.append(" " * (b - a))
        pos = b
    out.append(text[pos:])
    return "".join(out)


_MAYBE_DEADLINE = re.compile(r"\d|\b(?:trong|chậm nhất|sau)\b", re.IGNORECASE)
# every deadline form (ABSOLUTE, DAY_MONTH, RELATIVE, MONTH; _CONTINUED only continues one of them) starts with one of
# these or with a month
_DEADLINE_WORD = re.compile(r"\b(?:trước|chậm nhất|không quá|hạn|trong|vào|sau)\b|\btháng \d", re.IGNORECASE)


# what _MAYBE_DEADLINE and REPORT need, without their word boundaries: searched in place (no slice of the clause),
# a clause without it is passed over at the cost of one search (a flood of 1.6 million clauses)
_MAYBE_DEADLINE_ANY = re.compile(r"\d|trong|chậm nhất|sau", re.IGNORECASE)
_REPORT_ANY = re.compile(r"báo cáo", re.IGNORECASE)


def find_deadlines(doc: SourceDocument, flat: FlatText, a: int, b: int) -> list[Deadline]:
    if not _MAYBE_DEADLINE_ANY.search(flat.text, a, b):
        return []
    text = flat.text[a:b]
    if not _MAYBE_DEADLINE.search(text) or not _DEADLINE_WORD.search(text):
        return []  # every deadline form has a number or one of these words, and starts with a deadline word
    found: list[tuple[int, int, Deadline]] = []
    for m in ABSOLUTE.finditer(text):
        dm = dates.DATE_RE.search(m.group(0))
        na, nb = flat.norm_range(a + m.start(), a + m.end())
        day = dates.from_match(dm) if dm else None
        found.append((m.start(), m.end(), Deadline(text=m.group(0), span=doc.span(na, nb), date=day)))
    taken = [(s, e) for s, e, _ in found]
    for rx in (DAY_MONTH, RELATIVE, _CONTINUED, MONTH):
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            if rx is _CONTINUED and not any(e <= m.start() <= e + 3 for _, e in taken):
                continue  # "… và ngày X" only continues a deadline just before it
            na, nb = flat.norm_range(a + m.start(), a + m.end())
            dm = dates.DATE_RE.search(m.group(0))
            date = dates.from_match(dm) if dm else None
            found.append((m.start(), m.end(), Deadline(text=m.group(0), span=doc.span(na, nb), date=date,
                                                       relative=date is None and rx is not MONTH)))
            taken.append((m.start(), m.end()))
    if not found:
        return []
    # the period a deadline belongs to: the last period named before it in the clause
    masked = _mask(text, [(s, e) for s, e, _ in found] + [(m.start(), m.end()) for m in dates.DATE_RE.finditer(text)])
    mentions = sorted((m.start(), name) for name, rx in PERIODS for m in rx.finditer(masked))
    found.sort(key=lambda t: t[0])
    if len(mentions) == len(found) > 1 and mentions[-1][0] < found[0][0]:
        # "6 tháng … và cả năm … trước ngày 10/6 và ngày 10/12": periods, then their deadlines, in order
        for (_, name), (_, _, d) in zip(mentions, found):
            d.period = name
        return [d for _, _, d in found]
    for s, e, d in found:
        if _EVERY_PERIOD.match(text, e):
            continue  # "… của tháng cuối kỳ", "… mỗi kỳ": one rule for every period named
        before = [name for pos, name in mentions if pos < s]
        if before:
            d.period = before[-1]
        elif len({n for _, n in mentions}) == 1:
            d.period = mentions[0][1]
    found.sort(key=lambda t: t[0])
    return [d for _, _, d in found]


def extract_duties(
    doc: SourceDocument,
    flat: FlatText,
    body_start: int,
    organisation_start: Optional[int],
    closing: Optional[tuple[int, int]],
    excluded: list[tuple[int, int]],
) -> tuple[list[ReportingDuty], list[Deadline]]:
    """Duties and all deadlines of the body. Offsets are flat positions."""
    duties: list[ReportingDuty] = []
    deadlines: list[Deadline] = []
    # sentences are read as far as a clause that reports needs them (a flood of list items that never says
    # "báo cáo" reads none); compact arrays: a flood has hundreds of thousands
    sentence_starts, sentence_ends = array("q"), array("q")
    sentences = clauses(flat, body_start, _SENTENCE_END)
    excluded_ranges = Ranges(excluded)
    for a, b in clauses(flat, body_start):
        if closing is not None and closing[0] <= a < closing[1]:
            continue  # "Nơi nhận" and the signature; annexes and a plan issued with the document follow them
        if len(deadlines) < MAX_FOUND:
            clause_deadlines = find_deadlines(doc, flat, a, b)
            deadlines.extend(clause_deadlines)
        elif len(duties) >= MAX_FOUND:
            break  # a flood: past MAX_FOUND of each the rest is not read (pipeline/checker.MAX_FACTS says so)
        else:
            clause_deadlines = None  # past MAX_FOUND deadlines: read only for a clause that reports (below)
        if len(duties) >= MAX_FOUND or not _REPORT_ANY.search(flat.text, a, b):
            continue  # (blanking the excluded spans below cannot make "báo cáo" where there was none)
        text = flat.text[a:b]
        masked = _mask(text, [(s - a, e - a) for s, e in excluded_ranges.overlapping(a, b)])
        # a clause without "báo cáo" has no statement to take out (STATEMENT names "báo cáo" too)
        if not REPORT.search(masked) or not REPORT.search(_mask(masked,
                                                                [m.span() for m in STATEMENT.finditer(masked)])):
            continue
        if clause_deadlines is None:
            clause_deadlines = find_deadlines(doc, flat, a, b)
        no_dates = _mask(masked, [m.span() for rx in (dates.DATE_RE, _INDEX_PERIOD) for m in rx.finditer(masked)])
        periods = [name for name, rx in PERIODS if rx.search(no_dates)]
        periodic = bool(periods) or bool(PERIODIC.search(masked))
        # the recipient may be named anywhere in the sentence ("…gửi về Sở Nội vụ; báo cáo năm gửi trước …")
        while not sentence_starts or sentence_starts[-1] <= a:  # every sentence starting at or before a
            x, y = next(sentences, (-1, -1))
            if x < 0:
                break
            sentence_starts.append(x)
            sentence_ends.append(y)
        k = bisect.bisect_right(sentence_starts, a) - 1
        sa, sb = (sentence_starts[k], sentence_ends[k]) if k >= 0 and a < sentence_ends[k] else (a, b)
        sa, sb = max(sa, a - 400), min(sb, b + 400)  # a "sentence" with no end is not read whole per clause
        rm = RECIPIENT.search(_mask(flat.text[sa:sb],
                                    [(s - sa, e - sa) for s, e in excluded_ranges.overlapping(sa, sb)]))
        in_org = organisation_start is not None and a >= organisation_start
        # a deadline tied to no period covers the whole clause; one tied to a period covers that period
        # "theo quy định" gives a named period its statutory deadline ("định kỳ 6 tháng … theo quy định"); a periodic
        # report that names neither its period nor a deadline ("định kỳ báo cáo … theo quy định") still says
        # nothing of when it is due; "thực hiện chế độ báo cáo … theo quy định" defers to the reporting regime itself
        own = any(d.period is None for d in clause_deadlines) or bool(
            (periods or _REGIME.search(masked)) and BY_REGULATION.search(masked)) or bool(
            _AT_SESSION.search(masked) or _ON_REQUEST.search(masked) and not _AD_HOC.search(masked))
        if not (in_org or periodic or clause_deadlines or rm):
            continue
        if not (in_org or rm or clause_deadlines or periods) and _A_REPORT_LISTED.match(masked):
            continue  # "- Báo cáo định kỳ tình hình hoạt động …": a report named among papers (to inspect), no duty
        na, nb = flat.norm_range(a, b)
        duties.append(ReportingDuty(
            text=text.strip(), span=doc.span(na, nb), periodic=periodic, periods=periods,
            recipient=rm.group(0) if rm else None, own_deadline=own, deadlines=clause_deadlines, flat_range=(a, b),
        ))
    return duties, deadlines
