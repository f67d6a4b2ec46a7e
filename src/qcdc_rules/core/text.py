"""Text folding for forgiving matches, with one contract.

`fold(s)`: NFC, then lower-case with Vietnamese accents stripped and đ -> d, one character in, one
character out. On text that is already NFC (every document after reading) folding keeps positions, so a
match in folded text is a match at the same offsets in the text itself.
"""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+")


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
        s = unicodedata.normalize("NFC", s)
    return s.translate(_TABLE)


def tokens(s: str) -> list[str]:
    """The folded words (letters and digits) of `s`."""
    return _WORD.findall(fold(s))


def fold_words(s: str) -> str:
    """The folded words of `s`, one space apart."""
    return " ".join(tokens(s))
