"""A date given by a user (an option, a form field, an API argument): YYYY-MM-DD or DD/MM/YYYY."""
from __future__ import annotations

import datetime as dt

FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_user_date(value: str) -> dt.date:
    """The date, or ValueError naming the value and the accepted forms."""
    for fmt in FORMATS:
        try:
            return dt.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
