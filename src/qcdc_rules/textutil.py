"""Small text helpers used by several stages: accent folding and tokenizing for forgiving matches."""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+")


def fold(s: str) -> str:
    """Lower-case, strip Vietnamese accents (đ -> d), keep everything else."""
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def tokens(s: str) -> list[str]:
    return _WORD.findall(fold(s))
