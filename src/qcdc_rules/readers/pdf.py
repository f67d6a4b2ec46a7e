"""Read a PDF's text layer, page by page, with pypdf. Each line remembers its page and its line
within the page. A PDF with no text layer (a scan) is refused with a clear error: it needs OCR.

Why pypdf: on PDFs made with embedded Unicode fonts (as office suites export Vietnamese), its text
keeps every precomposed letter and the reading order of lines; see tests/test_documents.py, which
checks the same plan as .txt and .pdf gives the same findings.
"""
from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError, brief
from .base import Location, RawText

SUFFIXES = frozenset({".pdf"})
KIND = "pdf"
FIXABLE = False


def read(path: Path, max_bytes: int) -> RawText:
    return read_pdf(path, max_bytes)


def read_pdf(path: Path, max_bytes: int, max_pages: int = 500) -> RawText:
    name = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{name}: file is {size} bytes, over the limit of {max_bytes} bytes", "too-large")
    with open(path, "rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise InputError(f"{name}: not a PDF file (no %PDF header)", "corrupt")
    import logging
    import warnings

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs and warns about every repair it makes; the user gets one line per file from us
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", module="pypdf")

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise InputError(f"{name}: encrypted PDF; save an unprotected copy and check that", "encrypted")
        pages = reader.pages
        if len(pages) > max_pages:
            raise InputError(f"{name}: {len(pages)} pages (limit {max_pages})", "too-large")
        out = RawText(lines=[], locations=[])
        chars = 0
        for number, page in enumerate(pages, 1):
            text = page.extract_text() or ""
            chars += sum(1 for c in text if not c.isspace())
            for i, line in enumerate(text.split("\n"), 1):
                out.lines.append(line)
                out.locations.append(Location(page=number, line=i))
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError, AssertionError,
            ZeroDivisionError, RecursionError) as e:
        raise InputError(f"{name}: cannot be read as PDF, the file is damaged ({brief(e)})", "corrupt") from None
    if chars < 20:
        raise InputError(f"{name}: the PDF has no text layer (a scanned image?); run OCR on it or check the "
                         "original .docx", "scanned-pdf")
    return out
