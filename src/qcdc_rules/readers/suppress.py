"""What an officer writes to set a rule aside on one place of a document, and where it applies:

- .docx: a Word comment whose text starts "qcdc: bỏ qua QCDC102 [QCDC104 …]" (or "qcdc: ignore …"), on the
  paragraphs the comment covers;
- .md: an HTML comment `<!-- qcdc: bỏ qua QCDC203 -->`, on its own line (it covers the next line with text)
  or at the end of a line (it covers that line);
- .txt: a line that holds nothing but `qcdc: bỏ qua QCDC203` (it covers the next line with text). No plan
  has a line that starts "qcdc:", so the form cannot be written by accident.

Codes are exact (QCDC and three digits): "QCDC1" or "QCDC1O3" (letter O) set nothing aside and are reported
(pipeline/suppress.py), as is a code no rule has and a code that set nothing aside. What follows the codes
(a reason: "— đã kiểm tra") is free text. The directive's own line is blanked out of what is matched."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

_HEAD = re.compile(r"^\s*qcdc\s*:\s*(?:bỏ\s+qua|bo\s+qua|ignore)\b\s*[:\-]?\s*", re.IGNORECASE)
_SPLIT = re.compile(r"[\s,;]+")
CODE = re.compile(r"^QCDC\d{3}$")
_CODELIKE = re.compile(r"^QCDC", re.IGNORECASE)


@dataclass
class Directive:
    """One "qcdc: bỏ qua …" as written: the line (paragraph) it is on, the lines it covers, the exact codes it
    names and the words that look like codes but are not ("QCDC1O3")."""

    line: int
    first: int
    last: int
    codes: tuple[str, ...]
    malformed: tuple[str, ...] = ()
    text: str = ""

    def covers(self, line: int) -> bool:
        return self.first <= line <= self.last


def parse(text: str) -> Optional[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(exact codes, malformed codes) of a directive's text, or None when the text is not a directive."""
    text = unicodedata.normalize("NFC", text)
    m = _HEAD.match(text)
    if not m:
        return None
    codes: list[str] = []
    malformed: list[str] = []
    for word in _SPLIT.split(text[m.end():].strip()):
        word = word.rstrip(".:)")
        if not word:
            continue
        if not _CODELIKE.match(word):
            break  # the codes end where the reason starts
        if CODE.match(word.upper()):
            codes.append(word.upper())
        else:
            malformed.append(word)
    return tuple(dict.fromkeys(codes)), tuple(malformed)


_MD = re.compile(r"<!--\s*(qcdc\s*:.*?)\s*-->", re.IGNORECASE)
_TXT = re.compile(r"^\s*(qcdc\s*:.*?)\s*$", re.IGNORECASE)


def _next_text_line(lines: list[str], i: int) -> int:
    """The 1-based number of the first line after index i with text (i + 2 when there is none)."""
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            return j + 1
    return i + 2


def markdown_directives(lines: list[str], view: list[str]) -> list[Directive]:
    """The `<!-- qcdc: bỏ qua … -->` comments of a markdown file; each is blanked out of `view` (same length)."""
    out: list[Directive] = []
    for i, line in enumerate(lines):
        if "<!--" not in line:
            continue
        for m in _MD.finditer(line):
            parsed = parse(m.group(1))
            if parsed is None:
                continue
            alone = not (line[:m.start()] + line[m.end():]).strip()
            target = _next_text_line(lines, i) if alone else i + 1
            out.append(Directive(i + 1, min(i + 1, target), target, *parsed, text=m.group(1)))
            view[i] = view[i][:m.start()] + " " * (m.end() - m.start()) + view[i][m.end():]
    return out


def text_directives(lines: list[str]) -> tuple[list[Directive], Optional[list[str]]]:
    """The `qcdc: bỏ qua …` lines of a plain-text file, and the lines with them blanked out (None: there are
    none, the lines are matched as they are)."""
    out: list[Directive] = []
    view: Optional[list[str]] = None
    for i, line in enumerate(lines):
        if "qcdc" not in line[:40].lower():
            continue
        m = _TXT.match(line)
        parsed = parse(m.group(1)) if m else None
        if m is None or parsed is None:
            continue
        out.append(Directive(i + 1, i + 1, _next_text_line(lines, i), *parsed, text=m.group(1)))
        if view is None:
            view = list(lines)
        view[i] = " " * len(line)
    return out, view
