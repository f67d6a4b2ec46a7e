"""Dates as Vietnamese documents write them: 20/4/2007, 20-4-2007, 20.4.2007, "20 tháng 4 năm 2007"."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

NUMERIC = r"(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})\s?[/.\-]\s?(?P<y>\d{4})"
WORDS = r"(?P<d2>\d{1,2})\s(?:tháng|th)\s?(?P<m2>\d{1,2}),?\s(?:năm\s)?(?P<y2>\d{4})"
DATE = rf"(?:{NUMERIC}|{WORDS})"
DATE_RE = re.compile(DATE, re.IGNORECASE)  # "ngày 7 Tháng 10 năm 1998": as the deadline patterns read it


FIRST_YEAR, LAST_YEAR = 1900, 2199  # a year outside these is a typo, never a date to reason with


def plausible_year(year: Optional[int]) -> bool:
    return year is not None and FIRST_YEAR <= year <= LAST_YEAR


def make_date(year, month, day) -> Optional[dt.date]:
    """The date, or None when it is not a real date of a plausible year ("năm 0000", 31/02)."""
    try:
        y, m, d = int(year), int(month), int(day)
        return dt.date(y, m, d) if plausible_year(y) else None
    except (TypeError, ValueError, OverflowError):
        return None


def from_match(m: re.Match) -> Optional[dt.date]:
    g = m.groupdict()
    return make_date(g.get("y") or g.get("y2"), g.get("m") or g.get("m2"), g.get("d") or g.get("d2"))
