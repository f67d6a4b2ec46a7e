"""Where a plan names an administrative level as issuer, recipient of reports or assignee of work.

Words inside a cited instrument (its type, symbol, date, issuer phrase and subject) or inside
quotation marks are not assignments: "Pháp lệnh … về thực hiện dân chủ ở xã, phường, thị trấn"
names a title, not a body the plan gives work to.
"""
from __future__ import annotations

import re
from typing import Optional

from ..core.notes import Note
from ..readers.base import SourceDocument
from .models import Header, LevelMention
from ..knowledge.registry import Registry
from .citations import MAX_FOUND
from .flat import FlatText, Ranges

_QUOTED = re.compile(r"“[^”]{0,400}”|\"[^\"]{0,400}\"")
# a former unit named as history, not as a body the plan deals with: "UBND tỉnh Hậu Giang (cũ)",
# "trước đây là huyện …", "không tổ chức cấp huyện"
_HISTORY_BEFORE = re.compile(r"(?:trước đây(?: là)?|trước khi sắp xếp|trước sắp xếp|trước sáp nhập|nguyên là|"
                             r"thuộc địa bàn|"
                             r"không (?:còn |tổ chức )|kết thúc hoạt động|chấm dứt hoạt động|sáp nhập|nghỉ hưu|nguyên|"
                             r"hợp nhất|giải thể|"
                             r"tổ chức lại|tiếp nhận|chuyển giao|kế thừa)"
                             r"[^.;:]{0,60}$", re.IGNORECASE)
_HISTORY_AFTER = re.compile(r"^[^.;:()]{0,40}\((?:cũ|trước đây|trước sáp nhập|trước sắp xếp)\)|"
                            r"^[^.;:]{0,160}(?:trước đây|"
                            r"trước khi sắp xếp|trước (?:khi )?sáp nhập|(?:đã )?(?:kết thúc|chấm dứt) hoạt động|"
                            r"không còn|"
                            r"(?:được |đã được |đã )?(?:hợp nhất|sáp nhập|sắp xếp|tổ chức lại|giải thể) (?:vào|thành|"
                            r"với)|"
                            r"trước (?:thời điểm |ngày )?0?1/0?7/2025|(?:khi )?nghỉ hưu|"
                            # "hồ sơ thuộc thẩm quyền của UBND cấp huyện nhưng chưa bàn giao": what the former
                            # level held and has yet to hand over, not work given to it
                            r"chưa (?:kịp |được )?(?:bàn giao|chuyển giao))", re.IGNORECASE)
# "dự án thuộc thẩm quyền phê duyệt của Chủ tịch UBND cấp huyện bàn giao cho cấp xã": what the former level held,
# handed over to the new ones — the body is named by "của", "do", "thuộc", not as the one that acts. "UBND cấp huyện
# bàn giao (hồ sơ) cho UBND cấp xã" is work given to it
_HANDED_OVER_AFTER = re.compile(r" ?(?:đã |được )?(?:bàn giao|chuyển giao) (?:lại )?(?:cho|sang|về)\b", re.IGNORECASE)
_HELD_BY_BEFORE = re.compile(r"\b(?:của|do|thuộc)\b[^.;:]{0,60}$", re.IGNORECASE)
# a body of the level, not the place or the word: "UBND huyện", "Phòng Nội vụ quận", "các cơ quan cấp huyện",
# "UBND các xã, phường, thị trấn"; party committees ("Huyện ủy") are bodies by name
_BODY_BEFORE = re.compile(r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân|Chủ tịch|Phòng|Văn phòng|"
                          r"Trung tâm|Ban|Công an|Mặt trận|Đảng ủy|Đảng uỷ|Thanh tra|Chi cục|Hạt|Đội|cơ quan|đơn vị|"
                          r"Bí thư|Thường trực)\b[^,;.:()“”\"]{0,30}(?:(?:,|và|hoặc)[^;.:()“”\"]{0,25}){0,3}$",
                          re.IGNORECASE)
# inside the title or issuer of a text the document cites ("Quyết định số 12/2023/QĐ-UBND ngày … của UBND huyện …
# về …"): an instrument's symbol stands before it in the same clause
_CITED_BEFORE = re.compile(r"\d+[/-][0-9A-Za-zĐđ]+(?:[/-][\wĐđ.]+)*[^.;:\n]{0,500}$")
_BODY_NAME = re.compile(r"^(?:huyện|quận|thị) ?[uủ]ỷ?y$", re.IGNORECASE)
# a clause that gives work, asks for a report or sends the document: the body named in it is dealt with now
_ASSIGNS = re.compile(r"\b(?:giao|chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|đề nghị|yêu cầu|chỉ đạo|tham mưu|"
                      r"triển khai|tổ chức thực hiện|báo cáo|gửi|hướng dẫn|theo dõi|kiểm tra)\b", re.IGNORECASE)


def level_patterns(registry: Registry) -> list[tuple[str, re.Pattern]]:
    out = []
    for level, labels in sorted(registry.level_labels.items()):
        if labels:
            alt = "|".join(re.escape(l) for l in labels)
            out.append((level, re.compile(rf"(?<![\wÀ-ỹ])(?:{alt})(?![\wÀ-ỹ])", re.IGNORECASE)))
    return out


def find_level_mentions(
    doc: SourceDocument, flat: FlatText, header: Header, excluded: list[tuple[int, int]],
    closing: Optional[tuple[int, int]], duty_ranges: list[tuple[int, int]],
    patterns: list[tuple[str, re.Pattern]], header_end: int, organisation_start: Optional[int] = None,
    notes: Optional[list[Note]] = None,
) -> list[LevelMention]:
    """All offsets are flat positions. A mention counts only where it names a body of the level (not a place,
    a category of people or the word itself), outside cited titles, quotations and history, in a role: the
    issuer, a recipient (of reports, or in "Nơi nhận"), or an assignee — in the "Tổ chức thực hiện" part or
    in a clause that gives work ("giao", "chủ trì", "có trách nhiệm", "báo cáo" …). At most MAX_FOUND mentions
    of a level are kept and MAX_SEEN words of a level looked at (a note in `notes` says so)."""
    if not patterns:
        return []
    text = flat.text
    skip = Ranges(list(excluded) + [(m.start(), m.end()) for m in _QUOTED.finditer(text)])
    duties = Ranges(duty_ranges)
    out: list[LevelMention] = []
    issuer_upper = (header.issuer or "").upper()  # once: a damaged header may be one line of 165,000 characters
    for level, rx in patterns:
        kept = 0
        for seen, m in enumerate(rx.finditer(text)):
            if kept >= MAX_FOUND:
                break  # a flood: the first MAX_FOUND of a level are enough (pipeline/checker.MAX_FACTS)
            if seen >= MAX_SEEN:
                if notes is not None:
                    notes.append(Note("too-many-level-words", limit=MAX_SEEN))
                break
            a = m.start()
            if skip.contains(a):
                continue
            if a < header_end:
                role = "issuer" if issuer_upper and m.group(0).upper() in issuer_upper else None
            elif closing is not None and closing[0] <= a < closing[1]:
                role = "recipient"  # "Nơi nhận" and the signature block
            elif duties.contains(a):
                role = "recipient"
            elif organisation_start is not None and a >= organisation_start or _assigning(text, a, m.end()):
                role = "assignee"
            else:
                continue
            body = None if role == "issuer" else _body_start(text, a, m)
            if role != "issuer" and (body is None or _HISTORY_BEFORE.search(text, max(0, a - 80), a)
                                     or role == "assignee" and _CITED_BEFORE.search(text, max(0, a - 560), a)
                                     or _HISTORY_AFTER.search(text[m.end(): m.end() + 220])
                                     or _HANDED_OVER_AFTER.match(text, m.end())
                                     and _HELD_BY_BEFORE.search(text, max(0, a - 80), a)):
                continue
            if role is None:
                continue
            if role == "recipient" and duties.contains(a) and not _RECEIVES.search(text, max(0, body - 30), body):
                role = "assignee"  # "UBND các huyện báo cáo …": the body reports, it does not receive
            # the body named, as the document writes it ("UBND các huyện", "Phòng Nội vụ huyện"), or the issuer
            end = _name_end(text, m.end())  # "… huyện Châu Thành": the unit's own name goes with it
            ctx = header.issuer or m.group(0) if role == "issuer" else " ".join(text[body:end].split())
            ctx = ctx[:NAME_MAX]  # a body's name; a header read as one 165,000-character line is not one
            sa, sb = flat.norm_range(a, m.end())
            out.append(LevelMention(level=level, role=role, text=ctx, span=doc.span(sa, sb)))
            kept += 1
    out.sort(key=lambda x: (x.span.line, x.span.column))
    return out[:MAX_FOUND]


# words naming a level looked at in one document, at most: a word that names no body in a role costs up to
# ~0.2 ms to rule out (its clause, the body before it, its history), so 570,000 of them took 10 s
MAX_SEEN = 20_000

# a body's name as a finding quotes it, at most (UBND and its unit's name are far shorter)
NAME_MAX = 200

_WORD_AFTER = re.compile(r" (\w+)")


def _name_end(text: str, end: int) -> int:
    """The end of the capitalised words (a unit's own name, at most four) right after `end`."""
    for _ in range(4):
        w = _WORD_AFTER.match(text, end)
        if not w or not w.group(1)[0].isupper():
            break
        end = w.end()
    return end


# the words before a body that make it the receiver of a report or a text: "về", "gửi", "cho", "tới"
_RECEIVES = re.compile(r"\b(?:về|gửi|cho|tới|đến)\s*(?:các\s*)?$", re.IGNORECASE)


def _body_start(text: str, a: int, m: re.Match):
    """Where the body the mention belongs to is named ("UBND các huyện": at "UBND"; "Huyện ủy": at the mention);
    None when the mention names no body (a place, a category of people, the word itself)."""
    if _BODY_NAME.match(m.group(0)):
        return a
    found = _BODY_BEFORE.search(text, max(0, a - 90), a)
    return found.start() if found else None


def _assigning(text: str, a: int, b: int) -> bool:
    """The clause around a mention (between ".", ";", ":" and line-like breaks) gives work or asks for reports."""
    lo = max(text.rfind(ch, max(0, a - 200), a) for ch in ".;:") + 1
    his = [i for i in (text.find(ch, b, b + 200) for ch in ".;:") if i >= 0]
    return bool(_ASSIGNS.search(text, lo, min(his) if his else min(len(text), b + 200)))
