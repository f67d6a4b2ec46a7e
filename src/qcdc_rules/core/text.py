"""Text folding for forgiving matches, with one contract.

`fold(s)`: NFC, then lower-case with Vietnamese accents stripped and đ -> d, one character in, one
character out. On text that is already NFC (every document after reading) folding keeps positions, so a
match in folded text is a match at the same offsets in the text itself.
"""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+")
# more than 30 combining marks in a row is no writing system's text (Unicode's stream-safe limit), and NFC of
# such a run is quadratic: for matching, a run is cut to 30
_MARK_RUN = re.compile("([\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{30})"
                       "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


class _FoldTable(dict):
    """str.translate table, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if c in "Đđ":
            folded = "d"
        else:
            base = unicodedata.normalize("NFD", c)[0].lower()
            folded = base if len(base) == 1 else c
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(s: str) -> str:
    """Lower-case, Vietnamese accents stripped, đ -> d; same length as the NFC form of `s`."""
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", _MARK_RUN.sub(r"\1", s))
    return s.translate(_TABLE)


def fold_as_is(s: str) -> str:
    """`fold` of text a reader has already normalized, kept exactly as long as `s` (no second NFC pass)."""
    return s.translate(_TABLE)


def tokens(s: str) -> list[str]:
    """The folded words (letters and digits) of `s`."""
    return _WORD.findall(fold(s))


def fold_words(s: str) -> str:
    """The folded words of `s`, one space apart."""
    return " ".join(tokens(s))
