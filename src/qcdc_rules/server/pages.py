"""A scan's pages for the web page (issue 25): where each finding lies on its page, in /api/v1/check's report,
and POST /api/v1/pages, one page's image, so that the page can draw the marks over the page as it was scanned.

Boxes. For a document read by OCR (a PDF whose pages are images, or an image file), the report's file gains
`scan` ({"pages": [the pages read by OCR]}) and each finding on such a page gains `boxes`: one [left, top,
right, bottom] a line of the finding, around its words there (fixes/pdfannotate.finding_boxes, the words
--annotate highlights), as fractions (0-1) of the page's width and height from its top-left corner, the page as
a viewer shows it (a PDF page with its /Rotate, an image upright by its EXIF orientation). readers/scanpage.py
maps each word's box back through the cleaning (turn, deskew, scale) to that page, so the boxes fit the page
image at whatever size it is drawn. A finding on a page with a text layer of its own, or on the document as a
whole, has none.

Page images. POST /api/v1/pages takes the same upload (multipart `file`, a .pdf or an image) with `page`
(1-based) and `width` (pixels, 200-2000, 1000 by default) and answers the page as PNG: a PDF page rendered by
pdfium as OCR renders it, an image's frame upright by EXIF (never enlarged), at most `width` wide and
MAX_RATIO times that high. It runs as a check does: admitted at the gate, the body spooled within the size
and time limits, the work in a process of its own (engine_process.py); refusals are problems with codes
(`no-page-image` for a file that has no page image, `no-such-page`, the readers' own for a damaged or huge
file). Pillow and pypdfium2 come with the `ocr` extra."""
from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Optional

from ..core.errors import InputError, brief, localized
from ..core.i18n import N_, in_both
from ..readers import ocr
from .problems import Problem, file_problem

SUFFIXES = frozenset({".pdf"}) | ocr.SUFFIXES  # what has page images
MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 200, 2000, 1000
MAX_RATIO = 3  # a page image is at most this many times as high as it is wide (A4 is 1.41)
MAX_PAGE = 500  # the PDF reader's page limit (an image file has at most ocr.MAX_PAGES frames)
OPTIONS = ("page", "width", "lang")
DIGITS = 4  # a box's fractions, rounded: 0.1 px on a 1000 px page


# --------------------------------------------------------------------------------------- the boxes (/check)
def digests(uploads: list) -> list[Optional[str]]:
    """Each upload's SHA-256 when it may be a scan (a PDF or an image), taken before the check drops its bytes:
    the OCR pages it was read as are found by it afterwards. This process (one job) keeps them all."""
    out = [hashlib.sha256(u.data).hexdigest() if u.data is not None and Path(u.name).suffix.lower() in SUFFIXES
           else None for u in uploads]
    ocr.RECENT_FILES = max(ocr.RECENT_FILES, sum(d is not None for d in out))
    return out


def add_boxes(body: dict, digests: list[Optional[str]]) -> None:
    """The JSON report `body` (of one file or a batch, its files in the order of `digests`) given `scan` on
    each file read by OCR and `boxes` on each finding on a page read by OCR (see the module)."""
    for file_body, digest in zip(body.get("files", []), digests):
        pages = ocr.pages_read(digest) if digest and not file_body.get("error") else None
        if not pages:
            continue
        file_body["scan"] = {"pages": sorted(pages)}
        for f in file_body.get("findings", []):
            page = pages.get(f.get("page"))
            boxes = line_boxes(f, page) if page is not None else []
            if boxes:
                f["boxes"] = boxes


def line_boxes(finding: dict, page) -> list[list[float]]:
    """One [left, top, right, bottom] a line of the finding: the box around its words on that line."""
    from ..fixes.pdfannotate import finding_boxes

    span = SimpleNamespace(line=finding["line"], column=finding["column"], end_line=finding["end_line"],
                           end_column=finding["end_column"])
    return [[round(min(b[0] for b in ln), DIGITS), round(min(b[1] for b in ln), DIGITS),
             round(max(b[2] for b in ln), DIGITS), round(max(b[3] for b in ln), DIGITS)]
            for ln in finding_boxes(span, page)]


# --------------------------------------------------------------------------------------- a page image (/pages)
def _number(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, str) and value.strip().isdigit() and low <= int(value) <= high:
        return int(value)
    raise Problem("bad-option", what=f"{name} ({value!r}: {low}-{high})")


def parse_options(values: dict[str, Any]) -> tuple[int, int]:
    """(page, width) from the query parameters and form fields; an unknown name or a bad value is a 400."""
    unknown = sorted(set(values) - set(OPTIONS))
    if unknown:
        raise Problem("unknown-option", what=", ".join(unknown))
    given = {k: v for k, v in values.items() if v is not None and v != ""}
    if given.get("lang", "vi") not in ("vi", "en"):
        raise Problem("bad-option", what=f"lang ({given['lang']!r}: vi | en)")
    page = _number("page", given.get("page", "1"), 1, MAX_PAGE)
    width = _number("width", given.get("width", str(DEFAULT_WIDTH)), MIN_WIDTH, MAX_WIDTH)
    return page, width


def page_image(spec: dict) -> tuple[dict, bytes]:
    """The answer to POST /api/v1/pages (in the job's own process): its meta and the PNG."""
    from .service import safe_name
    from .uploads import read_documents

    docs = read_documents(spec, multipart_only=True)
    if docs.batch:
        raise Problem("too-many-files", limit=1, extra={"limit": {"name": "files", "value": 1}})
    number, width = parse_options(docs.values)
    upload = docs.uploads[0]
    name = safe_name(upload.name, "document.pdf")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise Problem("no-page-image")
    data = upload.data
    if data is None:  # one file of a multipart body always has its bytes (uploads.py)
        raise Problem("no-document")
    if len(data) > spec["max_bytes"]:  # the file limit of a check (the body's is the gate's)
        raise Problem("too-large", limit=spec["max_bytes"])
    try:
        import PIL  # noqa: F401
        import pypdfium2  # noqa: F401
    except ImportError:
        raise file_problem("ocr-missing", **in_both(N_("{name}: the page renderer is not installed ({install})."),
                                                    name=name, install=ocr.INSTALL)) from None
    with tempfile.TemporaryDirectory(prefix="qcdc-page-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        upload.data = data = None
        try:
            img, count = (_pdf_page if suffix == ".pdf" else _image_page)(path, name, number, width)
        except InputError as e:
            raise file_problem(e.code, vi=localized(e.code, e.message, name, "vi"), en=e.message) from None
    png = _png(img)
    return {"status": 200, "media": "image/png", "pages": count, "page": number, "width": img.width,
            "height": img.height}, png


def _no_such_page(number: int, count: int) -> Problem:
    return Problem("no-such-page", what=number, pages=count, extra={"pages": count})


def _pdf_page(path: Path, name: str, number: int, width: int):
    """Page `number` of a PDF as pdfium draws it (its /Rotate applied, as the OCR reader renders it), scaled to
    `width` pixels wide (less when the page is over MAX_RATIO times as high as wide); and the page count."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise InputError(f"{name}: cannot be read as PDF, the file is damaged ({brief(e)})", "corrupt") from None
    try:
        count = len(pdf)
        if count > MAX_PAGE:
            raise InputError(f"{name}: {count} pages (limit {MAX_PAGE})", "too-large")
        if number > count:
            raise _no_such_page(number, count)
        page = pdf[number - 1]
        try:
            w, h = page.get_size()  # as shown: pdfium swaps them for a page turned by 90 or 270 degrees
            if not (w > 0 and h > 0):
                raise InputError(f"{name}: page {number} has no size; the file is damaged", "corrupt")
            scale = min(width / w, MAX_RATIO * width / h)
            img = page.render(scale=scale, grayscale=False).to_pil()
        finally:
            page.close()
    except pdfium.PdfiumError as e:
        raise InputError(f"{name}: page {number} cannot be rendered, the file is damaged ({brief(e)})",
                         "corrupt") from None
    finally:
        pdf.close()
    img.thumbnail((width, MAX_RATIO * width))  # pdfium rounds up; never over the bounds
    return img, count


def _image_page(path: Path, name: str, number: int, width: int):
    """Frame `number` of an image file, upright by its EXIF orientation (as the OCR reader takes it), made at
    most `width` wide and MAX_RATIO times that high (never enlarged); and the frame count."""
    import warnings

    from ..readers.scanpage import MAX_PAGES, MAX_PIXELS, _image_module

    Image, ImageOps = _image_module()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # Pillow's word on damaged metadata
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                count = getattr(im, "n_frames", 1) or 1
                if count > MAX_PAGES:
                    raise InputError(f"{name}: {count} pages in the image (limit {MAX_PAGES})", "too-large")
                if number > count:
                    raise _no_such_page(number, count)
                im.seek(number - 1)
                if im.width * im.height > MAX_PIXELS:
                    raise InputError(f"{name}: page {number} is {im.width}x{im.height} pixels, over the limit of "
                                     f"{MAX_PIXELS:,}", "too-large")
                im.load()
                frame = ImageOps.exif_transpose(im.copy())
    except (InputError, Problem):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError) as e:
        raise InputError(f"{name}: the image is too large to read ({brief(e)})", "too-large") from None
    except Exception as e:  # noqa: BLE001 - Pillow's decoders fail in many ways on a damaged file
        raise InputError(f"{name}: cannot be read as an image, the file is damaged or not an image ({brief(e)})",
                         "corrupt") from None
    frame.thumbnail((width, MAX_RATIO * width), Image.LANCZOS)
    return frame, count


def _png(img) -> bytes:
    """The page as PNG: grey stays grey (a scan in black and white is most of them), colour as RGB on white."""
    from PIL import Image

    if img.mode in ("1", "L", "I;16", "I", "F"):
        img = img.convert("L")
    elif img.mode != "RGB":
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, (255, 255, 255))
        img.paste(rgba, mask=rgba.getchannel("A"))
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------- OpenAPI
_FIELDS: dict[str, dict[str, Any]] = {
    "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1,
             "description": "The page (1-based; a frame of a multi-page .tif)"},
    "width": {"type": "integer", "minimum": MIN_WIDTH, "maximum": MAX_WIDTH, "default": DEFAULT_WIDTH,
              "description": "Largest width of the image, in pixels (it is also at most 3 times as high)"},
    "lang": {"type": "string", "enum": ["vi", "en", ""], "description": "vi (default) or en: the problems' language"},
}
PARAMETERS = [{"name": k, "in": "query", "required": False, "description": v["description"],
               "schema": {x: y for x, y in v.items() if x != "description"}} for k, v in _FIELDS.items()]
BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "additionalProperties": False,
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "The scan as checked: a .pdf, .png, .jpg, .jpeg, .tif or .tiff"},
                   **_FIELDS}}}}}
RESPONSES = {200: {
    "description": "The page as PNG, at most `width` pixels wide; `boxes` of /api/v1/check's findings are "
                   "fractions of its width and height",
    "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
    "headers": {"X-QCDC-Pages": {"schema": {"type": "integer"}, "required": True,
                                 "description": "The file's page count"},
                "X-QCDC-Page": {"schema": {"type": "integer"}, "required": True}}}}
