"""A whitespace-collapsed view of the normalized text, so that patterns survive line breaks.

Every run of whitespace (spaces, tabs, newlines, blank lines) becomes one space; `origin[i]` is the
index in the normalized text of flat character i, and `breaks` holds the flat positions whose
collapsed whitespace contained a newline (used to find list items and paragraph starts).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass
class FlatText:
    text: str
    origin: list[int]
    breaks: set[int] = field(default_factory=set)
    folded: str = ""  # same length as text: lower-case, accents stripped, đ -> d

    def norm_range(self, start: int, end: int) -> tuple[int, int]:
        """Normalized-text range [a, b) covering flat [start, end)."""
        end = max(end, start + 1)
        return self.origin[start], self.origin[end - 1] + 1


class _FoldTable(dict):
    """str.translate table, filled on first sight of each character: lower-case, accents stripped, đ -> d.
    Every character maps to exactly one character, so folded text keeps the flat text's positions."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if c in "Đđ":
            folded = "d"
        else:
            base = unicodedata.normalize("NFD", c)[0].lower()
            folded = base if len(base) == 1 else c
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
_SPACE_RUN = re.compile(r"\s+")


def flatten(text: str) -> FlatText:
    parts: list[str] = []
    origin: list[int] = []
    breaks: set[int] = set()
    length = 0
    pos = 0
    for m in _SPACE_RUN.finditer(text):
        a, b = m.span()
        if a > pos:
            parts.append(text[pos:a])
            origin.extend(range(pos, a))
            length += a - pos
        if length:  # no leading space
            if "\n" in m.group(0):
                breaks.add(length + 1)
            parts.append(" ")
            origin.append(a)
            length += 1
        elif "\n" in m.group(0):
            breaks.add(0)
        pos = b
    if pos < len(text):
        parts.append(text[pos:])
        origin.extend(range(pos, len(text)))
    origin.append(len(text))
    flat = "".join(parts)
    return FlatText(flat, origin, breaks, flat.translate(_FOLD_TABLE))
