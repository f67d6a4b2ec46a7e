"""Markdown exports of plans (.md, as legal databases and converters make them): read as text, with the
markup — table pipes, **bold** and *italic* stars, # heading marks, --- rules — blanked out of the view the
checker matches on. The file's own text (what --fix rewrites and what excerpts show) keeps its markup."""
from __future__ import annotations

import re
from pathlib import Path

from .base import RawText
from .text import read as read_text

SUFFIXES = frozenset({".md"})
KIND = "text"
FIXABLE = True

_RULE = re.compile(r"^\s*(?:[-=_*]\s*){3,}$")
_HEADING = re.compile(r"^(\s*)(#{1,6})(?=\s)")


def blank_markup(line: str) -> str:
    """The line with markdown markup replaced by spaces (same length, so every column stays put)."""
    if _RULE.match(line):
        return " " * len(line)
    line = _HEADING.sub(lambda m: m.group(1) + " " * len(m.group(2)), line)
    return line.replace("|", " ").replace("*", " ")


def read(path: Path, max_bytes: int) -> RawText:
    raw = read_text(path, max_bytes)
    raw.view = [blank_markup(line) for line in raw.lines]
    return raw
