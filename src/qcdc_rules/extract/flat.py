"""A whitespace-collapsed view of the normalized text, so that patterns survive line breaks.

Every run of whitespace (spaces, tabs, newlines, blank lines) becomes one space; `origin[i]` is the
index in the normalized text of flat character i, and `breaks` holds the flat positions whose
collapsed whitespace contained a newline (used to find list items and paragraph starts).
"""
from __future__ import annotations

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


def _fold_char(c: str) -> str:
    if c in "Đđ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0]
    return base.lower() if len(base.lower()) == 1 else c


def flatten(text: str) -> FlatText:
    out: list[str] = []
    origin: list[int] = []
    breaks: set[int] = set()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            j = i
            newline = False
            while j < n and text[j].isspace():
                newline = newline or text[j] == "\n"
                j += 1
            if out:  # no leading space
                if newline:
                    breaks.add(len(out) + 1)
                out.append(" ")
                origin.append(i)
            elif newline:
                breaks.add(0)
            i = j
            continue
        out.append(ch)
        origin.append(i)
        i += 1
    origin.append(n)
    flat = "".join(out)
    folded = "".join(_fold_char(c) for c in flat)
    return FlatText(flat, origin, breaks, folded)
