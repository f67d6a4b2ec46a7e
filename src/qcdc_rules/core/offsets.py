"""Offset maps between a text and a text derived from it (normalized, whitespace-collapsed), kept as runs."""
from __future__ import annotations

import bisect


class Origin:
    """A map from the characters of a derived text to offsets in the text it came from (`origin[i]`),
    kept as runs instead of one integer per character: run k starts at derived index `flat[k]` and source
    index `norm[k]`, and inside a run both go up by one. Derived texts are long stretches copied as they
    are, so this is a few entries per line instead of one per character (less memory and time on long
    documents); a look-up is a bisect. Used for normalized -> original and flat -> normalized."""

    __slots__ = ("flat", "norm", "n")

    def __init__(self) -> None:
        self.flat: list[int] = []
        self.norm: list[int] = []
        self.n = 0

    def add(self, norm_start: int, length: int) -> None:
        if length <= 0:
            return
        if not self.flat or self.norm[-1] + (self.n - self.flat[-1]) != norm_start:
            self.flat.append(self.n)
            self.norm.append(norm_start)
        self.n += length

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        k = bisect.bisect_right(self.flat, i) - 1
        return self.norm[k] + (i - self.flat[k])

    def first_at_or_after(self, norm_offset: int) -> int:
        """The first flat index whose normalized index is >= norm_offset (bisect_left over the offsets)."""
        k = bisect.bisect_right(self.norm, norm_offset) - 1
        if k < 0:
            return 0
        end = self.flat[k + 1] if k + 1 < len(self.flat) else self.n
        return min(self.flat[k] + (norm_offset - self.norm[k]), end)
