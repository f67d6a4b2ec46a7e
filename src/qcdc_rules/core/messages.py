"""Rule messages carry their language as a marker, because pyshacl drops a message's language tag when
it fills in {?var}: "[vi] …", "[en] …", "[fix] …" for the suggested replacement, and "[safety] safe|unsafe"
when a shape decides the fix's safety per finding instead of by its qcdc:fixSafety (shapes/_prefixes.ttl).
This module is the one reader of those markers."""
from __future__ import annotations

import re
from typing import Iterable

_MARKER = re.compile(r"^\[(vi|en|fix|safety)\] ?(.*)$", re.S)
UNBOUND = re.compile(r"\{[?$]\w+\}")


def split_messages(messages: Iterable[str]) -> dict[str, str]:
    """{"vi": …, "en": …, "fix": …, "safety": …} from marked messages; unmarked ones are ignored."""
    out: dict[str, str] = {}
    for m in messages:
        mm = _MARKER.match(str(m))
        if mm:
            out[mm.group(1)] = mm.group(2).strip()
    return out


def pick(messages: dict[str, str], lang: str, fallback: str = "") -> str:
    """The message in `lang`, else Vietnamese, else English, else `fallback`; unfilled {?vars} removed."""
    return UNBOUND.sub("", messages.get(lang) or messages.get("vi") or messages.get("en") or fallback)
