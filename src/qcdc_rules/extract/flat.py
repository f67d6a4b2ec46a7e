"""A whitespace-collapsed view of the normalized text, so that patterns survive line breaks.

Every run of whitespace (spaces, tabs, newlines, blank lines) becomes one space; `origin[i]` (an `Origin`) is the
index in the normalized text of flat character i, and `breaks` holds the flat positions whose
collapsed whitespace contained a newline (used to find list items and paragraph starts), in increasing order.
"""
from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field

from ..core.offsets import Origin
from ..core.text import fold_as_is


@dataclass
class FlatText:
    text: str
    origin: Origin
    # increasing; an array of numbers, not a set: two million lines held ~120 MB as a set of ints, 16 MB so
    breaks: array = field(default_factory=lambda: array("q"))
    folded: str = ""  # same length as text: lower-case, accents stripped, đ -> d

    def norm_range(self, start: int, end: int) -> tuple[int, int]:
        """Normalized-text range [a, b) covering flat [start, end)."""
        end = max(end, start + 1)
        return self.origin[start], self.origin[end - 1] + 1


_LEADING = re.compile(r"\s+")
# the whitespace runs that change: all but a lone space, which is kept as it is (most of them: one pass in C
# over ordinary prose instead of a Python step per word)
_COLLAPSE = re.compile(r" \s+|[^\S ]\s*")


class Ranges:
    """Half-open ranges of flat positions, for "does this stretch touch any of them" in O(log n): a
    document with thousands of citations or clauses stays linear."""

    def __init__(self, ranges):
        self.items = sorted((s, e) for s, e in ranges if e > s)
        self.starts = [s for s, _ in self.items]
        self.longest = max((e - s for s, e in self.items), default=0)

    def overlapping(self, a: int, b: int) -> list[tuple[int, int]]:
        """The ranges that overlap [a, b)."""
        out = []
        i = bisect.bisect_left(self.starts, b) - 1
        while i >= 0 and self.items[i][0] >= a - self.longest:
            s, e = self.items[i]
            if s < b and e > a:
                out.append((s, e))
            i -= 1
        out.reverse()
        return out

    def contains(self, pos: int) -> bool:
        return bool(self.overlapping(pos, pos + 1))


_CHUNK = 65_536  # pieces joined at a time: a text of two million one-letter lines held four million small
# strings (~190 MB) before the join


def flatten(text: str) -> FlatText:
    chunks: list[str] = []
    parts: list[str] = []
    origin = Origin()
    breaks = array("q")
    length = 0
    pos = 0
    lead = _LEADING.match(text)
    if lead:  # no leading space
        if "\n" in lead.group(0):
            breaks.append(0)
        pos = lead.end()
    for m in _COLLAPSE.finditer(text, pos):
        a, b = m.span()
        if a > pos:
            parts.append(text[pos:a])
            origin.add(pos, a - pos)
            length += a - pos
        if "\n" in m.group(0):
            breaks.append(length + 1)
        parts.append(" ")
        origin.add(a, 1)
        length += 1
        pos = b
        if len(parts) >= _CHUNK:
            chunks.append("".join(parts))
            parts.clear()
    if pos < len(text):
        parts.append(text[pos:])
        origin.add(pos, len(text) - pos)
    origin.add(len(text), 1)
    chunks.append("".join(parts))
    flat = "".join(chunks)
    return FlatText(flat, origin, breaks, fold_as_is(flat))
