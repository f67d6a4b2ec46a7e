"""Layer 3, readers: a file in, a `SourceDocument` out.

Each reader is one module with SUFFIXES, KIND, FIXABLE and `read(path, max_bytes) -> RawText`; READERS
below is the one place they are registered. A new input format is a new module added to READERS.
"""
from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import NamedTuple, Optional

from ..core.errors import InputError
from ..core.i18n import N_
from . import docx, markdown, ocr, pdf, text
from .base import DEFAULT_MAX_BYTES, MAX_CHARS, Location, RawText, SourceDocument, from_raw, ingest_text

READERS: tuple[ModuleType, ...] = (markdown, text, docx, pdf, ocr)  # ocr: scanned images


class Refused(NamedTuple):
    """What to do with a file of a format no reader takes: in short, on the line of files a folder walk left out
    (cli/common.py, marked for the catalog), and in full in the error for a file named on its own (None: the
    general "unsupported file type")."""

    short: str
    advice: Optional[str] = None


_SAVE_AS = "save the plan as .docx, .pdf or UTF-8 .txt"
# formats a plan may be saved in that no reader takes (.doc: its reader only says how to convert it)
REFUSED = {".doc": Refused(N_("convert to .docx")), ".odt": Refused(N_("save as .docx"), _SAVE_AS),
           ".rtf": Refused(N_("save as .docx"), _SAVE_AS), ".xls": Refused(N_("not a plan")),
           ".xlsx": Refused(N_("not a plan"))}

__all__ = ["READERS", "DEFAULT_MAX_BYTES", "Location", "RawText", "SourceDocument", "ingest_text", "read_file",
           "reader_for", "supported_suffixes"]


def reader_for(path: str | Path):
    """The reader module for a file name, or None."""
    suffix = Path(path).suffix.lower()
    return next((r for r in READERS if suffix in r.SUFFIXES), None)


def supported_suffixes() -> set[str]:
    """Suffixes a folder walk picks up (a bare name without suffix is not a plan there). Images are read when
    named, not found in a folder: there they are mostly logos and photos, each an OCR run and a 'no text' error."""
    return {s for r in READERS if r is not ocr for s in r.SUFFIXES if s and s != ".doc" and s != ".text"}


def read_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """Read one file with the reader for its suffix; an InputError names the file and the problem."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(f"{name}: no such file", code="not-found")
    if p.is_dir():
        raise InputError(f"{name}: is a directory", code="is-directory")
    suffix = p.suffix.lower()
    reader = reader_for(p)
    if reader is None:
        advice = REFUSED[suffix].advice if suffix in REFUSED else None
        if advice:
            raise InputError(f"{name}: {suffix} files are not supported; {advice}", code="unsupported-type")
        raise InputError(f"{name}: unsupported file type '{suffix}' (expected .txt, .md, .docx, .pdf or a scan as "
                         ".png, .jpg, .tif)",
                         code="unsupported-type")
    raw = reader.read(p, max_bytes)
    chars = sum(len(line) + 1 for line in raw.lines)
    if chars > MAX_CHARS:
        raise InputError(f"{name}: {chars} characters of text, over the {MAX_CHARS} a check handles in reasonable "
                         "time (a plan is far shorter); split the file", code="too-large")
    return from_raw(name, raw, reader.KIND)
