"""Whether an instrument is in force on a day: defined once, for the report's citations and the
maintainer's look-ups alike.

A status is only as good as the facts it rests on. Every date the registry records carries its source (the
registry check `Sourced` refuses one without), so a recorded date is a sourced date:

- 'ceased' from the recorded cessation date on;
- 'not-yet' before the recorded entry into force, or before the issue date (or the issue year) when no entry
  into force is recorded: nothing is in force before it is issued;
- 'in-force' only from a recorded entry into force (an instrument in force from signing records its issue
  date as its entry into force) while no cessation is recorded for that day;
- otherwise 'unknown' ("chưa rõ"): an issue date alone does not say the instrument took effect, nor that it
  still applies.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

Status = Literal["in-force", "ceased", "not-yet", "unknown"]


def status_on(day: dt.date, issued: Optional[dt.date], in_force: Optional[dt.date], ceased: Optional[dt.date],
              issue_year: Optional[int] = None) -> Status:
    if ceased is not None and ceased <= day:
        return "ceased"
    if in_force is not None:
        return "not-yet" if in_force > day else "in-force"
    if issued is not None and issued > day:
        return "not-yet"
    if issued is None and issue_year is not None and issue_year > day.year:
        return "not-yet"
    return "unknown"


def status_fact(status: Status) -> Optional[str]:
    """The registry property a status rests on ('ceased', 'entryIntoForce', 'dateIssued'), None for 'unknown'
    (whose 'not-yet' came from the issue year only, also None)."""
    return {"ceased": "ceased", "in-force": "entryIntoForce"}.get(status)
