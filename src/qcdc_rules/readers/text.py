"""Plain-text plans (.txt, .md): UTF-8 (with or without BOM) or UTF-16 with BOM; TCVN3 and Windows-1258
files are recognised by their words and converted, anything else is refused with the reason."""
from __future__ import annotations

import codecs
from pathlib import Path

from ..core.errors import InputError
from ..core.notes import Note
from .base import RawText
from .legacy import decode_legacy
from .suppress import text_directives

SUFFIXES = frozenset({".txt", ".text", ""})
KIND = "text"
FIXABLE = True  # --fix rewrites the file in its own encoding


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
        if enc == "utf-8" and _mixed(body, e.start):
            raise InputError(
                f"{path}: the text is UTF-8 up to byte {e.start}, then in an older encoding (TCVN3 or Windows-1258); "
                "convert the whole file to UTF-8 (e.g. with Unikey's converter) and check again", code="encoding",
            ) from None
        legacy = decode_legacy(body)
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


def _mixed(body: bytes, bad: int) -> bool:
    """UTF-8 Vietnamese before the first byte that is not UTF-8: a file half converted, which would read
    as garbage in either encoding."""
    prefix = body[:bad].decode("utf-8", errors="ignore")
    return sum(1 for c in prefix if ord(c) > 0x7F) >= 10


def read(path: Path, max_bytes: int) -> RawText:
    name = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{name}: file is {size} bytes, over the limit of {max_bytes} bytes", code="too-large")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{name}: cannot be read ({e.strerror})", code="unreadable") from None
    text, enc = decode(data, name)
    notes = [Note("converted", encoding=enc.upper())] if enc in ("tcvn3", "windows-1258") else []
    raw = RawText(lines=text.split("\n"), locations=[], notes=notes, encoding=enc)
    if path.suffix.lower() != ".md":  # markdown's directives are HTML comments (readers/markdown.py)
        raw.directives, raw.view = text_directives(raw.lines)
    return raw
