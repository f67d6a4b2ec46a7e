"""The plan's date and period: from --as-of, the header, or inferred (title year, latest cited instrument),
with the way it was found (the report says which)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from ..core.notes import Note
from .models import Header


@dataclass
class PlanDate:
    date: dt.date
    source: str  # as-of | header | inferred | today
    period_start: dt.date
    period_end: dt.date
    notes: list[Note] = field(default_factory=list)


def upper_bound(header: Header) -> Optional[dt.date]:
    """The last day a header with blanks can mean: the month's last day ("ngày … tháng 02 năm 2026"), or the year's
    ("ngày … tháng … năm 2025"); None when the date is whole or absent."""
    bound = header.date_lower_bound
    if header.date or bound is None:
        return None
    if bound.month == 1 and bound.day == 1 and not _month_given(header):
        return dt.date(bound.year, 12, 31)
    return (bound.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _month_given(header: Header) -> bool:
    return any(f.name == "month" and not f.blank for f in header.fields)


def plan_date(header: Header, years: Optional[tuple[int, int]], latest: Optional[dt.date],
              as_of: Optional[dt.date], today: Optional[dt.date]) -> PlanDate:
    """`years`: the plan period named by the title; `latest`: the latest cited instrument's date (for a header with
    blanks, the latest not after `upper_bound(header)`)."""
    notes: list[Note] = []
    if as_of:
        date, source = as_of, "as-of"
    elif header.date:
        date, source = header.date, "header"
    elif header.date_lower_bound:
        # a document is not older than what it cites: the latest cited date within what the blanks allow
        bound, last = header.date_lower_bound, upper_bound(header)
        date, source = bound, "header"
        if latest and last and bound < latest <= last:
            date = latest
        notes.append(Note("date-lower-bound", date=date))
    elif years or latest:
        candidates = [d for d in (dt.date(years[0], 1, 1) if years else None, latest) if d]
        date, source = max(candidates), "inferred"
    else:
        date, source = today or dt.date.today(), "today"
    if years:
        period_start, period_end = dt.date(years[0], 1, 1), dt.date(years[1], 12, 31)
    else:
        period_start = period_end = date
    return PlanDate(date, source, period_start, period_end, notes)
