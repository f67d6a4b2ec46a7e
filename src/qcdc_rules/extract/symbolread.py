"""How a symbol is read off the text when the text has damaged it: a law's term split by a space ("58/2024/QH1 5"),
a footnote's number a text layer glued onto it ("42/2024/QH151", "105/2025/NĐ-CP2"). Each repair is made only when
the result is a symbol that exists (in the registry, a law of a real term, a whole Government or Prime Minister's
symbol) and the text as written is not."""
from __future__ import annotations

import re
from typing import Container, Optional

from ..core.symbols import symbol_key, terms_of

_CENTRAL_END = re.compile(r"^\d+/(?:19|20)\d\d/(?:NĐ-CP|NQ-CP|QĐ-TTg|CT-TTg)$")  # the Government's and the PM's
_TERM_END = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?:UBTV)?QH(?P<t>\d\d)$")
_SPLIT_TERM = re.compile(r" (\d)\b(?![/.,]\d)")
_TERM_HEAD = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?:UBTV)?QH(?P<t>\d)$")


def split_term(text: str, end: int, raw: str) -> Optional[str]:
    """The rest of a law's term set apart by a space after `raw` ("58/2024/QH1" + " 5"), when the whole is the
    term of the symbol's year; None otherwise."""
    split = _SPLIT_TERM.match(text, end)
    parts = _TERM_HEAD.search(raw) if split else None
    if split and parts and int(parts.group("t") + split.group(1)) in terms_of(int(parts.group("y"))):
        return split.group(0)
    return None


def without_footnote_mark(raw: str, registry_keys: Container[str]) -> str:
    """`raw` without a footnote's number glued onto it, when it is not a known symbol and without the digits it is."""
    if not raw[-1:].isdigit() or _known(raw, registry_keys):
        return raw
    for cut in (1, 2):
        head = raw[:-cut]
        if head[-1:].isalpha() or head[-1:].isdigit() and _TERM_END.search(head):
            if _known(head, registry_keys):
                return head
    return raw


def _known(symbol: str, registry_keys: Container[str]) -> bool:
    if symbol_key(symbol) in registry_keys:
        return True
    term = _TERM_END.search(symbol)
    if term:
        return int(term.group("t")) in terms_of(int(term.group("y")))
    return bool(_CENTRAL_END.search(symbol))
