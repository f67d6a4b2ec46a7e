"""Stage 1, ingest: read a file into a normalized text that remembers where every character came from.

Matching works on NFC text with look-alike letters, dashes and spaces folded; every character of the
normalized text maps back to its offset in the decoded file, so findings point at the line and column
the user sees.
"""
from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .errors import InputError
from .models import Span

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

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


@dataclass
class SourceDocument:
    """The decoded file plus a normalized view with a map back to the original characters."""

    path: str
    original: str
    text: str  # normalized
    origin: list[int]  # origin[i] = offset in `original` of normalized char i (len(text)+1 entries)
    encoding: str
    notes: list[str] = field(default_factory=list)
    kind: str = "text"  # text | docx | pdf
    # per line of `original` (0-based), where it is in the document: {"paragraph": …, "table": …} or
    # {"page": …, "line": …}; None for text files, whose lines are the file's lines
    locations: Optional[list[dict]] = None
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        for i, ch in enumerate(self.original):
            if ch == "\n":
                starts.append(i + 1)
        self._line_starts = starts

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

    def line_text(self, line: int) -> str:
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.original)
        return self.original[start:end].rstrip("\r")


_NEEDS_FOLD = re.compile("[\r" + "".join(re.escape(c) for c in _FOLD) + "]")


def normalize(original: str) -> tuple[str, list[int]]:
    """NFC-normalize and fold `original`, returning the text and the origin map."""
    if unicodedata.is_normalized("NFC", original) and not _NEEDS_FOLD.search(original):
        return original, list(range(len(original) + 1))  # the common case: nothing to change
    out: list[str] = []
    origin: list[int] = []
    n = len(original)
    i = 0
    while i < n:
        ch = original[i]
        if ch == "\r":
            out.append("\n")
            origin.append(i)
            i += 2 if i + 1 < n and original[i + 1] == "\n" else 1
            continue
        # a base character and the combining marks that follow it form one segment
        j = i + 1
        while j < n and unicodedata.combining(original[j]):
            j += 1
        seg = original[i:j]
        if j - i > 1 or not seg.isascii():
            seg = unicodedata.normalize("NFC", seg)
        for c in seg:
            c = _FOLD.get(c, c)
            for cc in c:
                out.append(cc)
                origin.append(i)
        i = j
    origin.append(n)
    return "".join(out), origin


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or UTF-16 with BOM; otherwise as TCVN3 or Windows-1258
    when the text is clearly Vietnamese in that encoding; anything else is an InputError."""
    if data.startswith(codecs.BOM_UTF8):
        enc, body = "utf-8-sig", data[3:]
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        enc, body = "utf-16", data
    else:
        enc, body = "utf-8", data
    try:
        text = body.decode("utf-16") if enc == "utf-16" else body.decode("utf-8")
    except UnicodeDecodeError as e:
        legacy = _decode_legacy(body)
        if legacy is None:
            raise InputError(
                f"{path}: not valid {enc.upper()} text (byte {e.start}: {data[e.start:e.start + 4]!r}) and not "
                "recognisably TCVN3 or Windows-1258 Vietnamese; save the file as UTF-8",
                code="encoding",
            ) from None
        text, enc = legacy
    if "\x00" in text:
        raise InputError(f"{path}: looks like a binary file (NUL characters), not a text plan", code="binary")
    return text, enc


def _decode_legacy(body: bytes) -> Optional[tuple[str, str]]:
    from .legacy import decode_legacy

    return decode_legacy(body)


def ingest_text(text: str, path: str = "<text>", encoding: str = "utf-8") -> SourceDocument:
    norm, origin = normalize(text)
    return SourceDocument(path=path, original=text, text=norm, origin=origin, encoding=encoding)


def ingest_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(f"{name}: no such file", code="not-found")
    if p.is_dir():
        raise InputError(f"{name}: is a directory", code="is-directory")
    suffix = p.suffix.lower()
    if suffix in (".docx", ".doc"):
        from .docx_reader import Limits, read_docx

        d = read_docx(p, Limits(max_bytes=max_bytes))
        return _from_lines(name, d.lines, d.locations, d.notes, "docx")
    if suffix == ".pdf":
        from .pdf_reader import read_pdf

        d = read_pdf(p, max_bytes)
        return _from_lines(name, d.lines, d.locations, d.notes, "pdf")
    if suffix in {".odt", ".rtf"}:
        raise InputError(f"{name}: {suffix} files are not supported; save the plan as .docx, .pdf or UTF-8 .txt",
                         code="unsupported-type")
    if suffix not in TEXT_SUFFIXES:
        raise InputError(f"{name}: unsupported file type '{suffix}' (expected .txt, .md, .docx or .pdf)",
                         code="unsupported-type")
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(f"{name}: file is {size} bytes, over the limit of {max_bytes} bytes", code="too-large")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{name}: cannot be read ({e.strerror})", code="unreadable") from None
    text, enc = decode(data, name)
    doc = ingest_text(text, name, enc)
    if enc in ("tcvn3", "windows-1258"):
        doc.notes.append(f"converted from {enc.upper()} to Unicode")
    return doc


def _from_lines(name: str, lines: list[str], locations: list[dict], notes: list[str], kind: str) -> SourceDocument:
    doc = ingest_text("\n".join(lines), name, kind)
    doc.kind, doc.locations, doc.notes = kind, locations, list(notes)
    return doc
