"""Small text helpers used by several stages: accent folding and tokenizing for forgiving matches."""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+")


class _Fold(dict):
    """str.translate table filled on demand: base letter, lower-cased; combining marks dropped; đ -> d."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if c in "Đđ":
            out = "d"
        elif unicodedata.combining(c):
            out = ""
        else:
            out = "".join(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x)).lower()
        self[code] = out
        return out


_FOLD = _Fold()


def fold(s: str) -> str:
    """Lower-case, strip Vietnamese accents (đ -> d), keep everything else."""
    return s.translate(_FOLD)


def tokens(s: str) -> list[str]:
    return _WORD.findall(fold(s))
