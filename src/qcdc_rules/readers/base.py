"""Layer 3, readers — what every reader shares: the typed place of a line in its document
(`Location`), what a reader returns (`RawText`), and the `SourceDocument` every later stage reads.

`SourceDocument` is the one owner of offsets: matching works on NFC text with look-alike letters, dashes
and spaces folded (`text`), and every character of it maps back to its offset in the decoded file
(`original`), so findings point at the line and column — or paragraph, or page — the user sees.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Protocol

from ..contract.models import Span
from ..core.offsets import Origin
from ..core.notes import Note


@dataclass(frozen=True)
class Location:
    """Where one line of extracted text is in its document: a .docx paragraph (and table cell or text box),
    or a line of a .pdf page. Plain text files need none (their lines are the file's lines)."""

    paragraph: Optional[int] = None
    table: Optional[int] = None
    row: Optional[int] = None
    cell: Optional[int] = None
    textbox: bool = False
    page: Optional[int] = None
    line: Optional[int] = None  # the line within the page


@dataclass
class RawText:
    """What a reader gives: the document's text as lines, each with its place, and notes on how it was read."""

    lines: list[str]
    locations: list[Location]
    notes: list[Note] = field(default_factory=list)
    encoding: str = "utf-8"
    # the lines as they are matched, each as long as its line in `lines` (markup blanked out); None: the same
    view: Optional[list[str]] = None
    # words read by OCR with low confidence: (index in `lines`, start column, end column, confidence 0-100)
    uncertain: list[tuple[int, int, int, float]] = field(default_factory=list)
    # rules set aside by the officer on some lines ("qcdc: bỏ qua QCDC102": readers/suppress.py)
    directives: list = field(default_factory=list)


class Reader(Protocol):
    """A reader module: the suffixes it reads, whether --fix may rewrite its files, and `read`."""

    SUFFIXES: frozenset[str]
    KIND: str
    FIXABLE: bool

    def read(self, path: Path, max_bytes: int) -> RawText | str: ...


DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_CHARS = 4_000_000  # about 80 times a long plan; cost is linear, so this bounds a check to tens of seconds

# Characters folded for matching (one character -> one character, or dropped when mapped to "").
_FOLD = {
    "\u00d0": "\u0110",  # Ð (Latin capital eth) looks like Đ
    "\u00f0": "\u0111",  # ð -> đ
    "\u0189": "\u0110",  # Ɖ (African D) -> Đ
    "\u00a0": " ", "\u202f": " ", "\u3000": " ", "\t": " ", "\u000b": " ", "\u000c": " ",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    "\uff0f": "/", "\u2044": "/", "\u2215": "/",
}
for _c in range(0x2000, 0x200B):
    _FOLD[chr(_c)] = " "


_NEWLINE = re.compile("\n")


@dataclass
class SourceDocument:
    """The decoded file plus a normalized view with a map back to the original characters."""

    path: str
    original: str
    text: str  # normalized
    origin: Origin  # origin[i] = offset in `original` of normalized char i (len(text)+1 entries)
    encoding: str
    notes: list[Note] = field(default_factory=list)
    kind: str = "text"  # text | docx | pdf
    # per line of `original` (0-based), where it is in the document; None for text files
    locations: Optional[list[Location]] = None
    directives: list = field(default_factory=list)  # "qcdc: bỏ qua …" as written (readers/suppress.py)
    # words read by OCR with low confidence, as sorted [start, end) offsets into `original`
    uncertain: list[tuple[int, int]] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.original)]

    # -- positions -------------------------------------------------------------------------
    def position(self, original_offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset into the original text."""
        li = bisect.bisect_right(self._line_starts, original_offset) - 1
        return li + 1, original_offset - self._line_starts[li] + 1

    def span(self, start: int, end: int) -> Span:
        """Span of normalized text[start:end] in the original file (end exclusive, at least one char)."""
        end = max(end, start + 1)
        o_start = self.origin[min(start, len(self.text))]
        o_last = self.origin[min(end - 1, len(self.text))]
        line, col = self.position(o_start)
        eline, ecol = self.position(o_last)
        return Span(line=line, column=col, end_line=eline, end_column=ecol)

    def original_range(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in `original` of normalized text[start:end]."""
        return self.origin[start], self.origin[max(end, start + 1) - 1] + 1

    def locate(self, line: int) -> Optional[Location]:
        """Where line `line` (1-based, of the extracted text) is in the document; None for text files."""
        if not self.locations:
            return None
        return self.locations[min(max(line, 1), len(self.locations)) - 1]

    def line_of(self, original_offset: int) -> int:
        """The 1-based line of an offset into `original`."""
        return bisect.bisect_right(self._line_starts, original_offset)

    def line_start(self, line: int) -> int:
        """The offset into `original` where a 1-based line starts."""
        return self._line_starts[line - 1]

    @property
    def read_by_ocr(self) -> bool:
        """Whether some of its pages were read by OCR (readers/ocr.py notes them "ocr" or "ocr-cached")."""
        return any(n.code in ("ocr", "ocr-cached") for n in self.notes)

    def is_uncertain(self, original_start: int, original_end: int) -> bool:
        """Whether original[start:end] touches a word read by OCR with low confidence."""
        if not self.uncertain:
            return False
        i = bisect.bisect_left(self.uncertain, (original_start, -1))
        if i and self.uncertain[i - 1][1] > original_start:
            return True
        return i < len(self.uncertain) and self.uncertain[i][0] < original_end

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_text(self, line: int) -> str:
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.original)
        return self.original[start:end].rstrip("\r")


_NEEDS_FOLD = re.compile("[\r" + "".join(re.escape(c) for c in _FOLD) + "]")


def normalize(original: str) -> tuple[str, Origin]:
    """NFC-normalize and fold `original`, returning the text and the origin map (len(text)+1 entries, the
    last one len(original)). Line by line, so the cost is linear: a line already in NFC with nothing to fold
    is copied as one run, a line in NFC with characters to fold is copied between them, and only a line
    that NFC changes is taken segment by segment."""
    origin = Origin()
    n = len(original)
    if unicodedata.is_normalized("NFC", original) and not _NEEDS_FOLD.search(original):
        origin.add(0, n + 1)  # the common case: nothing to change
        return original, origin
    out: list[str] = []
    a = 0
    while a < n:
        b = original.find("\n", a)
        b = n if b < 0 else b + 1
        line = original[a:b]
        if not unicodedata.is_normalized("NFC", line):
            _normalize_segments(original, a, b, out, origin)
        elif not _NEEDS_FOLD.search(line):
            out.append(line)
            origin.add(a, b - a)
        else:
            _fold(original, a, b, out, origin)
        a = b
    origin.add(n, 1)
    return "".join(out), origin


def _fold(original: str, a: int, b: int, out: list[str], origin: Origin) -> None:
    """original[a:b], in NFC, with its look-alike characters folded and CR LF / CR made LF."""
    pos = a
    for m in _NEEDS_FOLD.finditer(original, a, b):
        i = m.start()
        if i < pos:  # the LF of a CR LF, already taken
            continue
        out.append(original[pos:i])
        origin.add(pos, i - pos)
        ch = original[i]
        rep = "\n" if ch == "\r" else _FOLD[ch]
        out.append(rep)
        origin.add(i, len(rep))
        pos = i + 2 if ch == "\r" and i + 1 < b and original[i + 1] == "\n" else i + 1
    out.append(original[pos:b])
    origin.add(pos, b - pos)


def _normalize_segments(original: str, a: int, b: int, out: list[str], origin: Origin) -> None:
    """original[a:b] composed (NFC) and folded, one base character and its combining marks at a time."""
    i = a
    while i < b:
        ch = original[i]
        if ch == "\r":
            out.append("\n")
            origin.add(i, 1)
            i += 2 if i + 1 < b and original[i + 1] == "\n" else 1
            continue
        j = i + 1
        # at most 30 marks per segment (Unicode's stream-safe limit): NFC of a longer run is quadratic
        while j < b and j - i <= 30 and unicodedata.combining(original[j]):
            j += 1
        seg = original[i:j]
        if j - i > 1 or not seg.isascii():
            seg = unicodedata.normalize("NFC", seg)
        for c in seg:
            c = _FOLD.get(c, c)
            out.append(c)
            for _ in c:
                origin.add(i, 1)  # every character of the segment points at its start
        i = j


_SURROGATE = re.compile("[\ud800-\udfff]")
_NUL = re.compile("\x00")


def clean(text: str, notes: list[Note]) -> str:
    """Characters no text can hold (an unpaired surrogate, as a broken PDF font map gives) become U+FFFD,
    NUL becomes a space; one for one, so offsets stay put. Each replacement is noted."""
    n = len(_SURROGATE.findall(text))
    if n:
        text = _SURROGATE.sub("\ufffd", text)
        notes.append(Note("surrogates", count=n))
    if "\x00" in text:
        text = _NUL.sub(" ", text)
    return text


def ingest_text(text: str, path: str = "<text>", encoding: str = "utf-8") -> SourceDocument:
    """A document from text already decoded."""
    notes: list[Note] = []
    text = clean(text, notes)
    norm, origin = normalize(text)
    return SourceDocument(path=path, original=text, text=norm, origin=origin, encoding=encoding, notes=notes)




def from_raw(name: str, raw: RawText, kind: str) -> SourceDocument:
    """The document a reader's lines make (a text file's lines need no locations). When the reader gives a
    view of its lines (markup blanked out, same lengths), matching runs on the view and every offset still
    points into the lines as written."""
    original = "\n".join(raw.lines)
    if raw.view is None:
        doc = ingest_text(original, name, raw.encoding)
    else:
        notes: list[Note] = []
        original = clean(original, notes)
        norm, origin = normalize(clean("\n".join(raw.view), []))
        doc = SourceDocument(path=name, original=original, text=norm, origin=origin, encoding=raw.encoding, notes=notes)
    doc.kind, doc.notes = kind, list(raw.notes) + doc.notes
    doc.locations = raw.locations if kind != "text" else None
    if raw.uncertain:
        doc.uncertain = sorted((doc.line_start(i + 1) + a, doc.line_start(i + 1) + b) for i, a, b, _ in raw.uncertain)
    doc.directives = raw.directives
    return doc
