"""Whether an instrument is in force on a day: defined once, for the report's citations and the
maintainer's look-ups alike."""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

Status = Literal["in-force", "ceased", "not-yet"]


def status_on(day: dt.date, issued: Optional[dt.date], in_force: Optional[dt.date], ceased: Optional[dt.date],
              issue_year: Optional[int] = None) -> Status:
    """'ceased' from the cessation date on; 'not-yet' before entry into force (or issue, when the entry into
    force is not known; or before the issue year, when no date is known); otherwise 'in-force'."""
    if ceased is not None and ceased <= day:
        return "ceased"
    start = in_force or issued
    if start is not None and start > day:
        return "not-yet"
    if start is None and issue_year is not None and issue_year > day.year:
        return "not-yet"
    return "in-force"
