"""Dates as Vietnamese documents write them: 20/4/2007, 20-4-2007, 20.4.2007, "20 tháng 4 năm 2007"."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

NUMERIC = r"(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})\s?[/.\-]\s?(?P<y>\d{4})"
WORDS = r"(?P<d2>\d{1,2})\s(?:tháng|th)\s?(?P<m2>\d{1,2}),?\s(?:năm\s)?(?P<y2>\d{4})"
DATE = rf"(?:{NUMERIC}|{WORDS})"
DATE_RE = re.compile(DATE)


def from_match(m: re.Match) -> Optional[dt.date]:
    g = m.groupdict()
    d, mo, y = (g.get("d") or g.get("d2"), g.get("m") or g.get("m2"), g.get("y") or g.get("y2"))
    try:
        return dt.date(int(y), int(mo), int(d))
    except (TypeError, ValueError):
        return None
