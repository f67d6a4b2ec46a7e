"""Where a plan names an administrative level as issuer, recipient of reports or assignee of work.

Words inside a cited instrument (its type, symbol, date, issuer phrase and subject) or inside
quotation marks are not assignments: "Pháp lệnh … về thực hiện dân chủ ở xã, phường, thị trấn"
names a title, not a body the plan gives work to.
"""
from __future__ import annotations

import re
from typing import Optional

from ..readers.base import SourceDocument
from .models import Header, LevelMention
from ..knowledge.registry import Registry
from .flat import FlatText, Ranges

_QUOTED = re.compile(r"“[^”]{0,400}”|\"[^\"]{0,400}\"")
# a former unit named as history, not as a body the plan deals with: "UBND tỉnh Hậu Giang (cũ)",
# "trước đây là huyện …", "không tổ chức cấp huyện"
_HISTORY_BEFORE = re.compile(r"(?:trước đây(?: là)?|trước khi sắp xếp|trước sắp xếp|nguyên là|thuộc địa bàn|"
                             r"không (?:còn |tổ chức )|kết thúc hoạt động|chấm dứt hoạt động|sáp nhập)[^.;:]{0,60}$",
                             re.IGNORECASE)
_HISTORY_AFTER = re.compile(r"^[^.;:()]{0,40}\((?:cũ|trước đây)\)|^[^.;:]{0,40}(?:trước đây|trước khi sắp xếp|"
                            r"(?:đã )?(?:kết thúc|chấm dứt) hoạt động|không còn)", re.IGNORECASE)


def level_patterns(registry: Registry) -> list[tuple[str, re.Pattern]]:
    out = []
    for level, labels in sorted(registry.level_labels.items()):
        if labels:
            alt = "|".join(re.escape(l) for l in labels)
            out.append((level, re.compile(rf"(?<![\wÀ-ỹ])(?:{alt})(?![\wÀ-ỹ])", re.IGNORECASE)))
    return out


def find_level_mentions(
    doc: SourceDocument, flat: FlatText, header: Header, excluded: list[tuple[int, int]],
    closing_start: Optional[int], duty_ranges: list[tuple[int, int]],
    patterns: list[tuple[str, re.Pattern]], header_end: int,
) -> list[LevelMention]:
    """All offsets are flat positions."""
    if not patterns:
        return []
    text = flat.text
    skip = Ranges(list(excluded) + [(m.start(), m.end()) for m in _QUOTED.finditer(text)])
    duties = Ranges(duty_ranges)
    out: list[LevelMention] = []
    for level, rx in patterns:
        for m in rx.finditer(text):
            a = m.start()
            if skip.contains(a):
                continue
            if a < header_end:
                role = "issuer" if header.issuer and m.group(0).upper() in header.issuer.upper() else None
            elif closing_start is not None and a >= closing_start:
                role = "recipient"  # "Nơi nhận" and the signature block
            elif duties.contains(a):
                role = "recipient"
            else:  # anywhere in the body: work given to, or done with, the body the plan names
                role = "assignee"
            if role != "issuer" and (_HISTORY_BEFORE.search(text, max(0, a - 80), a)
                                     or _HISTORY_AFTER.search(text[m.end(): m.end() + 60])):
                continue
            if role is None:
                continue
            if role == "issuer":
                ctx = header.issuer or m.group(0)
            else:  # the phrase around the mention, between punctuation marks
                floor = max(0, a - 60)  # no mark within reach: the phrase starts 60 characters back
                lo = max([floor - 1] + [text.rfind(ch, floor, a) for ch in ",;:.()“”\""]) + 1
                his = [i for i in (text.find(ch, m.end(), m.end() + 50) for ch in ",;:.()“”\"") if i >= 0]
                hi = min(his) if his else min(len(text), m.end() + 50)
                ctx = text[lo:hi].strip(" -")
            sa, sb = flat.norm_range(a, m.end())
            out.append(LevelMention(level=level, role=role, text=ctx, span=doc.span(sa, sb)))
    out.sort(key=lambda x: (x.span.line, x.span.column))
    return out
