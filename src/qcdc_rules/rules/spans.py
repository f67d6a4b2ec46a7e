"""A finding on a citation covers the citation's whole text, type word to symbol.

A citation is found from its number, and its type word is the nearest one before it: for a law cited with its
name ("Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15") that is the last word of the name, "luật", so
only "luật số 64/2025/QH15" was marked. The span is widened back to the name's first word when the same type
word starts the name, capitalised, earlier in the same clause (nothing between them but words: no number, no
comma or semicolon, no "và" joining another instrument)."""
from __future__ import annotations

import re
from typing import Optional

from ..contract.models import Span

TYPE_WORDS = ("luật", "pháp lệnh", "nghị định", "nghị quyết", "quyết định", "thông tư", "chỉ thị", "kết luận",
              "công văn", "kế hoạch", "quy định", "hướng dẫn")
LOOK_BACK = 200  # characters: a long law's name is under 120
_STOP = re.compile(r"[\d,;:“”\"()]|\s(?:và|hoặc|của)\s", re.IGNORECASE)


def whole_citation(span: Span, text: str, doc) -> Optional[tuple[Span, str]]:
    """The citation's span and text widened back to the start of the instrument's name, or None when it
    already starts there. Only the LOOK_BACK characters before it on its line are read (a line may be
    millions of characters long)."""
    word = next((w for w in TYPE_WORDS if text.startswith(w) and (len(text) == len(w) or not text[len(w)].isalpha())),
                None)
    if word is None:  # it starts with a capital (or a number): the citation's own first word
        return None
    if span.line < 1 or span.line > doc.line_count:
        return None
    line_start = doc.line_start(span.line)
    start = line_start + span.column - 1
    before = doc.original[max(line_start, start - LOOK_BACK):start]
    name = word[0].upper() + word[1:]
    at = max((m.start() for m in re.finditer(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])", before)), default=-1)
    if at < 0 or _STOP.search(before[at + len(name):]):
        return None
    head = before[at:]
    column = span.column - len(head)
    return span.model_copy(update={"column": column}), " ".join((head.replace("*", " ") + text).split())
