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


def plan_date(header: Header, years: Optional[tuple[int, int]], latest: Optional[dt.date],
              as_of: Optional[dt.date], today: Optional[dt.date]) -> PlanDate:
    """`years`: the plan period named by the title; `latest`: the latest cited instrument's date."""
    notes: list[Note] = []
    if as_of:
        date, source = as_of, "as-of"
    elif header.date:
        date, source = header.date, "header"
    elif header.date_lower_bound:
        bound = header.date_lower_bound
        month_end = (bound.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        date, source = bound, "header"
        if latest and bound < latest <= month_end:
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
