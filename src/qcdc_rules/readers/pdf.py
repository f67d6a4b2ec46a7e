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


MAX_INFLATED = 32 * 2**20  # bytes of decoded page content, all pages together
MAX_PAGE_INFLATED = 4 * 2**20  # and of one page (a dense page of text is well under 200 KB)
MAX_CONTENT_PARTS = 256  # content streams one page may list


def _check_structure(name: str, pages) -> None:
    """Refuse a PDF that lists one page, or one content stream of a page, many times (made to cost time)."""
    refs = [getattr(p, "indirect_reference", None) for p in pages]
    known = [(r.idnum, r.generation) for r in refs if r is not None]
    if len(set(known)) < len(known):
        raise InputError(f"{name}: the PDF lists the same page {len(known) - len(set(known)) + 1} times; refused as "
                         "malformed", "corrupt")
    for number, page in enumerate(pages, 1):
        contents = page.get("/Contents")
        if contents is not None and hasattr(contents, "get_object"):
            contents = contents.get_object()
        if isinstance(contents, list):
            ids = [getattr(c, "idnum", id(c)) for c in contents]
            if len(ids) > MAX_CONTENT_PARTS or len(set(ids)) < len(ids):
                raise InputError(f"{name}: page {number} lists {len(ids)} content streams ({len(set(ids))} distinct); "
                                 "refused as malformed", "corrupt")


def _content_size(name: str, page) -> int:
    contents = page.get_contents()
    return len(contents.get_data()) if contents is not None else 0


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
    from pypdf.errors import PdfReadError, PyPdfError

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
        _check_structure(name, pages)
        out = RawText(lines=[], locations=[])
        chars = inflated = 0
        for number, page in enumerate(pages, 1):
            size = _content_size(name, page)
            inflated += size
            if inflated > MAX_INFLATED or size > MAX_PAGE_INFLATED:
                raise InputError(f"{name}: the page contents expand to over {MAX_INFLATED // 2**20} MB (a plan is far "
                                 "smaller); refused as a possible decompression bomb", "too-large")
            text = page.extract_text() or ""
            if len(text) + chars > max_bytes:
                raise InputError(f"{name}: more than {max_bytes} characters of text; too long to check", "too-large")
            chars += sum(1 for c in text if not c.isspace())
            for i, line in enumerate(text.split("\n"), 1):
                out.lines.append(line)
                out.locations.append(Location(page=number, line=i))
    except InputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError,
            AssertionError, ZeroDivisionError, RecursionError, NotImplementedError) as e:
        # NotImplementedError: a stream filter pypdf does not know (a damaged name: /FlazeDecode);
        # PyPdfError: its own limits (a ToUnicode code longer than any real font's)
        raise InputError(f"{name}: cannot be read as PDF, the file is damaged ({brief(e)})", "corrupt") from None
    if chars < 20:
        raise InputError(f"{name}: the PDF has no text layer (a scanned image?); run OCR on it or check the "
                         "original .docx", "scanned-pdf")
    return out
