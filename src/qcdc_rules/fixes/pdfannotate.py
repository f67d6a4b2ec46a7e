"""`--annotate out.pdf` for a scan (a PDF whose pages are images, or an image file): a copy of it with a
searchable text layer made of the words OCR read (invisible text over each word, so a PDF reader finds and
selects the words on the page image) and each finding marked on the page: a highlight over its words holding
its message (code, severity, message, suggested fix) in the chosen language, with a popup note. A finding
with no words on an OCR page (a page of a mixed PDF with its own text layer, or a finding on the document as
a whole) gets a note in the page's left margin instead. The input is never modified; the copy is written
whole or not at all (core/atomic.py).

Libraries: fpdf2 draws the text layer (invisible text, TextMode.INVISIBLE, in an embedded subset of a
Unicode TrueType font, each word stretched to its box) and, for an image file, the page holding the image;
pypdf (already the PDF reader's library) lays that layer over each scanned page of a PDF and adds the
annotations (its Highlight, Popup and Text classes). Why not Tesseract's own `pdf` output: it would run the
engine again on pages the cache already holds, and its text sits on the cleaned (deskewed, rescaled) image,
not on the page the officer sees. Why not OCRmyPDF: it runs its own OCR pipeline (and Ghostscript), where we
need the words we checked, placed on the page as it is.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Protocol

from ..contract.models import FileReport, Finding
from ..core.errors import InputError, brief
from ..readers import ocr
from ..readers.scanpage import Page
from ..core.i18n import tr, tr_all
from ..reporters.words import WORDS

FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian fonts-dejavu-core (.ci/run installs it)
         "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
         "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
         "/usr/share/fonts/truetype/freefont/FreeSans.ttf")
ASCENT, DESCENT = 0.93, 0.24  # of the font size, about (DejaVu Sans: 0.928, 0.236)
COLOURS = {"error": "ff6b6b", "warning": "ffd43b", "info": "74c0fc"}
SUFFIXES = frozenset({".pdf"}) | ocr.SUFFIXES


@dataclass
class Annotated:
    highlighted: int = 0  # findings marked over their words
    noted: int = 0  # findings noted in a page's margin (no words to mark)
    text_pages: int = 0  # pages given a text layer


def annotate_scan(source: Path, report: FileReport, out: Path, lang: str = "vi") -> Annotated:
    """Write `out`: the scan `source` with a text layer and its findings marked (see the module)."""
    if out.resolve() == source.resolve():
        raise InputError(f"{out}: --annotate must write a new file, not the checked one", "usage")
    pages = scan_pages(source)
    font = next((f for f in FONTS if Path(f).exists()), None)
    if source.suffix.lower() == ".pdf":
        writer = _pdf_base(source, pages, font)
    else:
        writer = _image_base(source, pages, font)
    done = Annotated(text_pages=len(pages) if font else 0)
    margin: dict[int, int] = {}  # notes put in each page's margin so far
    for f in report.findings:
        number = f.page if f.page and 1 <= f.page <= len(writer.pages) else 1
        page = pages.get(number)
        rects = _rects(f, page) if page is not None else []
        if rects and page is not None:
            _highlight(writer, number, rects, f, lang, page.rotated)
            done.highlighted += 1
        else:
            _note(writer, number, margin.get(number, 0), f, lang)
            margin[number] = margin.get(number, 0) + 1
            done.noted += 1
    buffer = io.BytesIO()
    writer.write(buffer)
    from ..core.atomic import WriteError, write_bytes

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WriteError(out, e) from None
    write_bytes(out, buffer.getvalue(), label="annotate")  # whole or not at all
    return done


# --------------------------------------------------------------------------------------- the pages
def scan_pages(source: Path) -> dict[int, Page]:
    """The pages of `source` read by OCR, by number: those this process read when it checked the file, else
    the file read again (another process checked it; the OCR cache makes that quick)."""
    pages = ocr.recent_pages(source)
    if pages is None:
        from ..readers import read_file

        read_file(source)
        pages = ocr.recent_pages(source) or {}
    return pages


def _pdf_base(source: Path, pages: dict[int, Page], font: Optional[str]):
    """The PDF's own pages, each page read by OCR with the text layer laid over it."""
    from pypdf import PdfReader, PdfWriter, Transformation

    try:
        writer = PdfWriter(clone_from=PdfReader(str(source)))
    except Exception as e:  # noqa: BLE001 - it was read a moment ago; a change since is said in one line
        raise InputError(f"{source}: cannot be read as PDF, the file is damaged ({brief(e)})", "corrupt") from None
    sizes = {}
    for number in pages:
        if 1 <= number <= len(writer.pages):
            pg = writer.pages[number - 1]
            if pg.rotation:  # pdfium rendered the page turned: its view becomes the page's own content
                pg.transfer_rotation_to_content()
            box = pg.cropbox
            sizes[number] = (float(box.width), float(box.height))
    if font and sizes:
        from pypdf import PdfReader as Reader

        layer = Reader(io.BytesIO(_text_layer([(pages[n], *sizes[n], None) for n in sorted(sizes)], font)))
        for i, number in enumerate(sorted(sizes)):
            pg = writer.pages[number - 1]
            pg.merge_transformed_page(layer.pages[i], Transformation().translate(float(pg.cropbox.left),
                                                                                  float(pg.cropbox.bottom)))
    return writer


def _image_base(source: Path, pages: dict[int, Page], font: Optional[str]):
    """A PDF of the image's pages (as a viewer shows them: upright by EXIF), each with its text layer."""
    from PIL import Image, ImageOps
    from pypdf import PdfReader, PdfWriter

    Image.MAX_IMAGE_PIXELS = ocr.MAX_PIXELS
    items = []
    with Image.open(source) as im:
        for n in range(1, (getattr(im, "n_frames", 1) or 1) + 1):
            im.seek(n - 1)
            frame = ImageOps.exif_transpose(im.copy())
            if frame.mode not in ("1", "L", "RGB"):
                frame = frame.convert("RGB")
            dpi = im.info.get("dpi")
            dpi = float(dpi[0]) if dpi and 50 <= float(dpi[0] or 0) <= 1200 else min(frame.size) / 8.27
            items.append((pages.get(n, Page(number=n)), frame.width * 72 / dpi, frame.height * 72 / dpi, frame))
    data = _text_layer(items, font)
    return PdfWriter(clone_from=PdfReader(io.BytesIO(data)))


def _text_layer(items: list, font: Optional[str]) -> bytes:
    """One PDF page per (page read, width pt, height pt, image or None): the image over the whole page when
    given, and each word OCR read as invisible text over its box."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    pdf = FPDF(unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("qcdc-check")
    if font:
        pdf.add_font("OCR", "", font)
    for page, w, h, image in items:
        pdf.add_page(format=(w, h))
        if image is not None:
            pdf.image(image, x=0, y=0, w=w, h=h)
        if not font:
            continue
        pdf.set_font("OCR", size=10)
        pdf.text_mode = TextMode.INVISIBLE
        for words, boxes in zip(page.lines, page.boxes):
            if words and len(boxes) == len(words):
                _words(pdf, words, boxes, w, h, page.rotated)
        pdf.text_mode = TextMode.FILL
    return bytes(pdf.output())


def _words(pdf, words, boxes, w: float, h: float, rotated: int) -> None:
    """One line's words, each stretched over its box and followed by a space, on the line's baseline (the
    median foot of its words); on a page read turned, the text runs as it does on the page."""
    import statistics

    sideways = rotated in (90, 270)
    # one font size for the line, from its height across the text (a word of small letters has a low box)
    across = max(((b[2] - b[0]) * w if sideways else (b[3] - b[1]) * h) for b in boxes)
    size = max(1.0, across / (ASCENT + DESCENT))
    d = DESCENT * size
    foot = statistics.median({90: b[2] * w, 270: b[0] * w, 180: b[1] * h}.get(rotated, b[3] * h) for b in boxes)
    pdf.set_font_size(size)
    for (word, _), (x0, y0, x1, y1) in zip(words, boxes):
        x0, x1, y0, y1 = x0 * w, x1 * w, y0 * h, y1 * h
        along = (y1 - y0) if sideways else (x1 - x0)
        pdf.set_stretching(100)
        natural = pdf.get_string_width(word)
        if natural <= 0 or along <= 0:
            continue
        pdf.set_stretching(max(10.0, min(1000.0, 100 * along / natural)))
        if rotated == 90:  # read bottom to top, the tops of the letters to the left
            start, angle = (foot - d, y1), 90
        elif rotated == 270:  # read top to bottom, the tops to the right
            start, angle = (foot + d, y0), -90
        elif rotated == 180:
            start, angle = (x1, foot + d), 180
        else:
            start, angle = (x0, foot - d), 0
        if angle:
            with pdf.rotation(angle, *start):
                pdf.text(*start, word + " ")
        else:
            pdf.text(*start, word + " ")
    pdf.set_stretching(100)


# --------------------------------------------------------------------------------------- the findings
class Spanned(Protocol):
    """Where a finding is: a Finding, or the same four numbers of one in a JSON report (server/pages.py)."""

    line: int
    column: int
    end_line: int
    end_column: int


def finding_boxes(f: Spanned, page: Page) -> list[list[tuple[float, float, float, float]]]:
    """The boxes (fractions of the page) of the words a finding marks, line by line: the words whose columns
    overlap the finding's, from its column on its first line to its end column on its last."""
    out = []
    last = f.end_line if f.end_line >= f.line else f.line
    for n in range(f.line, last + 1):
        if not 1 <= n <= len(page.lines) or len(page.boxes) < n or len(page.boxes[n - 1]) != len(page.lines[n - 1]):
            continue
        start = f.column - 1 if n == f.line else 0
        end = f.end_column if n == last else 10**9  # end_column: 1-based, inclusive
        col, line = 0, []
        for (word, _), box in zip(page.lines[n - 1], page.boxes[n - 1]):
            if col < end and col + len(word) > start:
                line.append(box)
            col += len(word) + 1
        if line:
            out.append(line)
    return out


def _rects(f: Finding, page: Page) -> list[tuple[float, float, float, float]]:
    """One rectangle (fractions of the page) per line of the finding: the box around its words there."""
    return [(min(b[0] for b in ln), min(b[1] for b in ln), max(b[2] for b in ln), max(b[3] for b in ln))
            for ln in finding_boxes(f, page)]


def note_text(f: Finding, lang: str) -> str:
    words = tr_all("en" if lang == "en" else "vi", WORDS)
    text = f"{f.rule} ({words[f.severity]}): {f.message}"
    if f.fix:
        fix_word = tr("en" if lang == "en" else "vi", "Suggested fix")
        text += f"\n{fix_word} ({words['unsafe' if f.fix.safety == 'unsafe' else 'safe']}): {f.fix.replacement}"
    return text


# the corners of a highlight's quadrilateral, as PDF readers expect them (the start and end of the text's top
# edge, then of its bottom edge), for text that runs as on a page read turned by 0, 90, 180 or 270 degrees
CORNERS = {0: ((0, 1), (2, 1), (0, 3), (2, 3)), 90: ((0, 3), (0, 1), (2, 3), (2, 1)),
           180: ((2, 3), (0, 3), (2, 1), (0, 1)), 270: ((2, 1), (2, 3), (0, 1), (0, 3))}


def _highlight(writer, number: int, rects, f: Finding, lang: str, rotated: int = 0) -> None:
    from pypdf.annotations import Highlight, Popup
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    page = writer.pages[number - 1]
    box = page.cropbox
    left, top, w, h = float(box.left), float(box.top), float(box.width), float(box.height)
    quads, pts = [], []
    for r in rects:
        for i, j in CORNERS.get(rotated, CORNERS[0]):
            quads += [left + r[i] * w, top - r[j] * h]  # PDF: y up
        pts.append((left + r[0] * w, top - r[3] * h, left + r[2] * w, top - r[1] * h))
    rect = (min(p[0] for p in pts), min(p[1] for p in pts), max(p[2] for p in pts), max(p[3] for p in pts))
    mark = Highlight(rect=rect, quad_points=ArrayObject(FloatObject(round(q, 2)) for q in quads),
                     highlight_color=COLOURS.get(f.severity, "ffd43b"), printing=True, title_bar="qcdc-check")
    mark[NameObject("/Contents")] = TextStringObject(note_text(f, lang))
    mark[NameObject("/Subj")] = TextStringObject(f.rule)
    added = writer.add_annotation(number - 1, mark)
    pop_w, pop_h = min(220.0, w / 3), min(110.0, h / 6)
    py = min(max(rect[3], float(box.bottom) + pop_h), top)
    popup = writer.add_annotation(number - 1, Popup(rect=(left + w - pop_w, py - pop_h, left + w, py), parent=added))
    added[NameObject("/Popup")] = popup.indirect_reference


def _note(writer, number: int, index: int, f: Finding, lang: str) -> None:
    """A note in the page's left margin, one under the other, for a finding with no words to mark."""
    from pypdf.annotations import Text
    from pypdf.generic import NameObject, TextStringObject

    box = writer.pages[number - 1].cropbox
    x, y = float(box.left) + 4, float(box.top) - 28 - 24 * (index % 30)
    where = f"p{f.page}:{f.line}: " if f.page else ""
    note = Text(rect=(x, y, x + 20, y + 20), text=where + note_text(f, lang))
    note[NameObject("/T")] = TextStringObject("qcdc-check")
    note[NameObject("/Subj")] = TextStringObject(f.rule)
    writer.add_annotation(number - 1, note)
