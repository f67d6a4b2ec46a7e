"""Markdown exports of plans (.md, as legal databases and converters make them): read as text, with the
markup — table pipes, **bold** and *italic* stars, # heading marks, --- rules — blanked out of the view the
checker matches on. The file's own text (what --fix rewrites and what excerpts show) keeps its markup."""
from __future__ import annotations

import re
from pathlib import Path

from .base import RawText
from .suppress import markdown_directives
from .text import read as read_text

SUFFIXES = frozenset({".md"})
KIND = "text"
FIXABLE = True

_RULE = re.compile(r"^\s*(?:[-=_*]\s*){3,}$")
_HEADING = re.compile(r"^(\s*)(#{1,6})(?=\s)")


# emphasis inside a word or a number ("ng**ày", "QH**1**5", "72**/2025"): the stars are read as nothing
# (U+200B, which matching drops), so the word stays whole; elsewhere they are read as a space ("**QUYẾT
# ĐỊNH****Về việc**": a bold run's edge separates words)
_STARS = re.compile(r"(?<=[^\W_])\*+(?=[^\W_]|[/\-.)])")
ZERO_WIDTH = "\u200b"


def _inner(m: re.Match) -> str:
    before, after = m.string[m.start() - 1], m.string[m.end()]
    inside = after.islower() or after.isdigit() or after in "/-.)" and before.isalnum()  # "**1**.", "72**/2025"
    return ZERO_WIDTH * len(m.group(0)) if inside else m.group(0)


def blank_markup(line: str) -> str:
    """The line with markdown markup blanked out (same length, so every column stays put)."""
    if _RULE.match(line):
        return " " * len(line)
    line = _HEADING.sub(lambda m: m.group(1) + " " * len(m.group(2)), line)
    line = _STARS.sub(_inner, line)
    return line.replace("|", " ").replace("*", " ")


def read(path: Path, max_bytes: int) -> RawText:
    raw = read_text(path, max_bytes)
    raw.view = [blank_markup(line) for line in raw.lines]
    raw.directives = markdown_directives(raw.lines, raw.view)  # `<!-- qcdc: bỏ qua … -->`, blanked out
    return raw
