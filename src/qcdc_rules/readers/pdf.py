"""Read a PDF's text layer, page by page, with pypdf. Each line remembers its page and its line
within the page. A page with no text layer (a scan) is read by OCR (readers/ocr.py) when the engine is
installed, so a mixed PDF reads each page the right way; without the engine a scanned PDF is refused in one
line that says what to install, and a mixed one is checked on its text pages with a note naming the others.

Why pypdf: on PDFs made with embedded Unicode fonts (as office suites export Vietnamese), its text
keeps every precomposed letter and the reading order of lines; see tests/test_documents.py, which
checks the same plan as .txt and .pdf gives the same findings.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import InputError, brief
from ..core.notes import Note
from .base import Location, RawText

if TYPE_CHECKING:
    from .scanpage import Page

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
        texts: list[str] = []
        images: list[bool] = []  # whether each page shows an image (a scanned page does)
        for page in pages:
            size = _content_size(name, page)
            inflated += size
            if inflated > MAX_INFLATED or size > MAX_PAGE_INFLATED:
                raise InputError(f"{name}: the page contents expand to over {MAX_INFLATED // 2**20} MB (a plan is far "
                                 "smaller); refused as a possible decompression bomb", "too-large")
            text = page.extract_text() or ""
            if len(text) + chars > max_bytes:
                raise InputError(f"{name}: more than {max_bytes} characters of text; too long to check", "too-large")
            chars += sum(1 for c in text if not c.isspace())
            texts.append(text)
            images.append(_has_image(page))
    except InputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError,
            AssertionError, ZeroDivisionError, RecursionError, NotImplementedError) as e:
        # NotImplementedError: a stream filter pypdf does not know (a damaged name: /FlazeDecode);
        # PyPdfError: its own limits (a ToUnicode code longer than any real font's)
        raise InputError(f"{name}: cannot be read as PDF, the file is damaged ({brief(e)})", "corrupt") from None
    # a page with (almost) no text that shows an image is a scan; with no text anywhere, every page is
    scanned = [n for n, (t, im) in enumerate(zip(texts, images), 1)
               if sum(1 for c in t if not c.isspace()) < MIN_PAGE_CHARS and (im or chars < 20)]
    pages_read: dict[int, Page] = {}
    if scanned:
        from . import ocr

        if ocr.missing():
            if chars < 20:
                raise ocr.refusal(name, "the PDF")
            out.notes.append(Note("ocr-missing", pages=ocr._ranges(scanned), install=ocr.INSTALL))
        else:
            read, cached = ocr.ocr_cached(path, "pdf", scanned, _renderer(path), len(texts))
            pages_read = {p.number: p for p in read}
    for number, text in enumerate(texts, 1):
        if number in pages_read:
            ocr.append_pages(out, [pages_read[number]])
            continue
        for i, line in enumerate(text.split("\n"), 1):
            out.lines.append(line)
            out.locations.append(Location(page=number, line=i))
    if pages_read:
        out.notes.append(ocr.note(list(pages_read.values()), out, cached))
    if chars < 20 and not any(line.strip() for line in out.lines):
        raise InputError(f"{name}: the PDF has no text layer and no text was found on its pages by OCR", "no-text")
    return out


def _has_image(page) -> bool:
    """Whether a page draws an image (directly or in a form one level down)."""
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        if xobjects is None:
            return False
        for ref in xobjects.get_object().values():
            x = ref.get_object()
            if x.get("/Subtype") == "/Image":
                return True
            inner_resources = x.get("/Resources") if x.get("/Subtype") == "/Form" else None
            inner = inner_resources.get_object().get("/XObject") if inner_resources else None
            if inner is not None and any(r.get_object().get("/Subtype") == "/Image"
                                         for r in inner.get_object().values()):
                return True
    except Exception:  # noqa: BLE001 - resources malformed: treated as no image
        return False
    return False


MIN_PAGE_CHARS = 20  # a page with fewer letters in its text layer is a scan (or blank): it is read by OCR
_PDFIUM = threading.Lock()  # pdfium is not thread-safe: pages are rendered one at a time, read in parallel


def _renderer(path: Path):
    """render(page number) -> (image, dpi): the page at 300 dpi, or less when that is over the pixel limit."""
    from . import ocr

    def render(number: int):
        import pypdfium2 as pdfium

        with _PDFIUM:
            pdf = pdfium.PdfDocument(str(path))
            try:
                page = pdf[number - 1]
                w, h = page.get_size()
                dpi = float(ocr.DPI)
                if w * h * (dpi / 72) ** 2 > ocr.MAX_WORK_PIXELS:
                    dpi = 72 * (ocr.MAX_WORK_PIXELS / max(w * h, 1)) ** 0.5
                if dpi < 150 or w <= 0 or h <= 0:
                    raise InputError(f"{path}: page {number} is {w / 72:.0f}x{h / 72:.0f} inches, too large to read by "
                                     "OCR", "too-large")
                img = page.render(scale=dpi / 72, grayscale=False).to_pil()
                page.close()
            except pdfium.PdfiumError as e:
                raise InputError(f"{path}: page {number} cannot be rendered for OCR, the file is damaged ({brief(e)})",
                                 "corrupt") from None
            finally:
                pdf.close()
        return img, dpi

    return render
