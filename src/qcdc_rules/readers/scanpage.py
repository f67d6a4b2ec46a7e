"""One scanned page read by OCR: cleaned (EXIF rotation; the red channel as grey, so a red stamp over the
signature fades out while black and blue ink stay; 300 dpi; skew measured by projection profile and corrected;
binarisation left to Tesseract's own Otsu), read by the `tesseract` program with TSV output (words with their
confidence, in Tesseract's reading order; a two-column header it reads across is put back column by column),
and turned upright by Tesseract's orientation detection (OSD) when it reads poorly as it is; symbols and dates
read uncertainly are then read again, closer (ocrsymbols.py). Pages of one
file are spread over the cores, one single-threaded tesseract process each, with a time limit a page.

Each word keeps its box, mapped back through the cleaning (turn, deskew, scale) to the page image as given
and kept as fractions of its width and height, so fixes/pdfannotate.py can lay an invisible text layer and
highlight a finding on the page the officer sees.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import math
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..core.errors import InputError, brief
from .ocrlayout import parse_tsv, parse_words  # noqa: F401 - parse_tsv: the words without their boxes
from .ocrsymbols import reread

LANG = "vie"
DPI = 300
LOW_CONFIDENCE = 60.0  # a word Tesseract reads with less confidence than this (0-100) is uncertain
MAX_PAGES = int(os.environ.get("QCDC_OCR_MAX_PAGES", "100"))  # pages read by OCR in one file (a plan has < 30)
MAX_PIXELS = 60_000_000  # one page image as given (A3 at 600 dpi is 70 Mpx; a 300 dpi A4 scan 8.7 Mpx)
MAX_WORK_PIXELS = 40_000_000  # one page as cleaned and read (A3 at 300 dpi is 17 Mpx)
PAGE_SECONDS = float(os.environ.get("QCDC_OCR_PAGE_SECONDS", "90"))  # time Tesseract may take on one page
MAX_JOBS = 8  # pages read at once, at most (each tesseract process holds 100-200 MB)

Box = tuple[float, float, float, float]  # left, top, right, bottom: fractions of the page image as given (0-1)
# told as each page is read: (file name, pages done, pages to read, page number, seconds); set by the CLI
# (cli/scan.py) for per-page progress. Called from the reading threads, one call at a time.
ON_PAGE: Optional[Callable[[str, int, int, int, float], None]] = None
# told once before a file's pages are read: (file name, pages to read); set by the service (server/progress.py)
ON_START: Optional[Callable[[str, int], None]] = None
JOBS: Optional[int] = None  # pages read at once (--jobs); None: as many as cores (1 in a worker process)

# --------------------------------------------------------------------------------------- what a page reads as
@dataclass
class Page:
    number: int  # 1-based page of the file
    lines: list[list[tuple[str, float]]] = field(default_factory=list)  # words and their confidence; [] = blank line
    rotated: int = 0  # degrees the page was turned to read upright
    skew: float = 0.0  # degrees of skew corrected
    seconds: float = 0.0
    boxes: list[list[Box]] = field(default_factory=list)  # each word's box, as `lines`; [] when not known

    def to_json(self) -> dict:
        return {"number": self.number, "lines": self.lines, "rotated": self.rotated, "skew": self.skew,
                "seconds": self.seconds, "boxes": self.boxes}

    @classmethod
    def from_json(cls, d: dict) -> "Page":
        return cls(number=int(d["number"]), lines=[[(str(w), float(c)) for w, c in ln] for ln in d["lines"]],
                   rotated=int(d.get("rotated", 0)), skew=float(d.get("skew", 0.0)),
                   seconds=float(d.get("seconds", 0.0)),
                   boxes=[[tuple(float(v) for v in b) for b in ln] for ln in d.get("boxes", [])])

    def confidences(self) -> list[float]:
        return [c for ln in self.lines for _, c in ln]


# --------------------------------------------------------------------------------------- where a word is
@dataclass
class Geometry:
    """How the page image as given (w0 x h0, upright by EXIF) became the image Tesseract read: scaled to
    w1 x h1, rotated by `angle` degrees counter-clockwise about its centre onto w2 x h2 (deskew), then turned
    by `turn` degrees clockwise (orientation). `back` maps a point of the image read to the page as given."""

    w0: int
    h0: int
    w1: int
    h1: int
    angle: float = 0.0
    w2: int = 0
    h2: int = 0
    turn: int = 0

    def back(self, u: float, v: float) -> tuple[float, float]:
        if self.turn == 90:  # turned clockwise (Pillow's ROTATE_270): (x, y) -> (h2 - y, x)
            u, v = v, self.h2 - u
        elif self.turn == 180:
            u, v = self.w2 - u, self.h2 - v
        elif self.turn == 270:  # turned counter-clockwise (ROTATE_90): (x, y) -> (y, w2 - x)
            u, v = self.w2 - v, u
        if self.angle:
            a = math.radians(self.angle)
            du, dv = u - self.w2 / 2, v - self.h2 / 2
            u = du * math.cos(a) - dv * math.sin(a) + self.w1 / 2
            v = du * math.sin(a) + dv * math.cos(a) + self.h1 / 2
        return u * self.w0 / self.w1, v * self.h0 / self.h1

    def box(self, left: float, top: float, right: float, bottom: float) -> Box:
        """A word's box in the image read -> its box on the page as given, as fractions (the box around the
        four corners mapped back)."""
        pts = [self.back(x, y) for x in (left, right) for y in (top, bottom)]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        clip = lambda v: round(min(1.0, max(0.0, v)), 5)  # noqa: E731
        return (clip(min(xs) / self.w0), clip(min(ys) / self.h0), clip(max(xs) / self.w0), clip(max(ys) / self.h0))


# --------------------------------------------------------------------------------------- cleaning
def _image_module():
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # larger is refused (DecompressionBombWarning is made an error below)
    return Image, ImageOps


def prepare(img, dpi: Optional[float]):
    """A page image made ready for Tesseract: upright by EXIF, grey from the red channel (a red stamp fades
    out, black and blue ink stay), at 300 dpi, deskewed (binarised by Tesseract itself). Returns (image, skew
    degrees, Geometry: how the image read maps back to the page image as given)."""
    Image, ImageOps = _image_module()
    img = ImageOps.exif_transpose(img)
    w0, h0 = img.size
    if img.mode in ("RGB", "RGBA", "P", "CMYK", "LA", "PA", "RGBX") or img.mode.startswith("I;16"):
        img = img.convert("RGB").getchannel("R") if img.mode != "LA" else img.convert("L")
    elif img.mode != "L":
        img = img.convert("L")
    if not dpi or dpi < 50 or dpi > 1200:  # unknown: from the page's width, taken as A4 (8.27 in) short side
        dpi = min(img.size) / 8.27
    if dpi < DPI * 0.95:
        f = DPI / dpi
        w, h = int(img.width * f), int(img.height * f)
        if w * h <= MAX_WORK_PIXELS:
            img = img.resize((w, h), Image.LANCZOS)
    elif dpi > DPI * 1.6:
        f = DPI / dpi
        img = img.resize((max(1, int(img.width * f)), max(1, int(img.height * f))), Image.LANCZOS)
    if img.width * img.height > MAX_WORK_PIXELS:
        raise _TooLarge(f"{img.width}x{img.height} pixels after cleaning")
    w1, h1 = img.size
    angle = skew_angle(img)
    if abs(angle) >= 0.2:
        img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    # no hard binarisation: measured, Tesseract's own (Otsu on the grey page) reads diacritics and digits better
    # (Otsu here: 'dần' for 'dân', '2028' for '2026' on a clean 300 dpi page)
    geometry = Geometry(w0, h0, w1, h1, angle if abs(angle) >= 0.2 else 0.0, img.width, img.height)
    return img, angle, geometry


class _TooLarge(Exception):
    pass


def otsu(hist: list[int]) -> int:
    total = sum(hist)
    if not total:
        return 128
    sum_all = sum(i * h for i, h in enumerate(hist))
    w0 = s0 = 0.0
    best, level = -1.0, 128
    for t in range(256):
        w0 += hist[t]
        if w0 == 0:
            continue
        w1 = total - w0
        if w1 == 0:
            break
        s0 += t * hist[t]
        m0, m1 = s0 / w0, (sum_all - s0) / w1
        between = w0 * w1 * (m0 - m1) ** 2
        if between > best:
            best, level = between, t
    return level


def binarise(img):
    level = otsu(img.histogram()[:256])
    return img.point(lambda v: 255 if v > level else 0, mode="L")


def skew_angle(img, limit: float = 4.0) -> float:
    """The page's skew in degrees (what to rotate it by, counter-clockwise), by the projection profile: text
    lines are sharpest when the rows' ink varies most. Measured on a copy about 1000 px wide."""
    Image, _ = _image_module()
    f = 1000 / max(img.width, 1)
    small = img.resize((max(1, int(img.width * f)), max(1, int(img.height * f))), Image.BILINEAR) if f < 1 else img
    level = otsu(small.histogram()[:256])
    ink = small.point(lambda v: 255 if v <= level else 0, mode="L")  # ink white, paper black

    def score(a: float) -> float:
        r = ink.rotate(a, resample=Image.NEAREST, expand=False, fillcolor=0)
        rows = r.resize((1, r.height), Image.BOX).tobytes()  # one byte a row: its mean ink
        mean = sum(rows) / len(rows)
        return sum((v - mean) ** 2 for v in rows)

    best = max((a / 2 for a in range(int(-limit * 2), int(limit * 2) + 1)), key=score)
    fine = max((best + a / 10 for a in range(-4, 5)), key=score)
    return round(fine, 2)


# --------------------------------------------------------------------------------------- Tesseract
def _tesseract(img, psm: int = 3, timeout: Optional[float] = None, extra: tuple[str, ...] = ()) -> str:
    import io

    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(DPI, DPI))
    exe = shutil.which("tesseract") or "tesseract"
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one thread a page; pages go over the cores
    args = [exe, "stdin", "stdout", "--dpi", str(DPI), "--psm", str(psm)]
    args += ["-l", "osd"] if psm == 0 else ["-l", LANG, *extra, "tsv"]
    try:
        out = subprocess.run(args, input=buf.getvalue(), capture_output=True, timeout=timeout or PAGE_SECONDS, env=env)
    except subprocess.TimeoutExpired:
        raise _Slow() from None
    if out.returncode != 0:
        raise RuntimeError(out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "tesseract failed")
    return out.stdout.decode("utf-8", "replace")


class _Slow(Exception):
    pass


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_ORIENT_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def read_page(img, dpi: Optional[float], number: int) -> Page:
    """One page image read by OCR (cleaned first)."""
    import time

    Image, _ = _image_module()
    t0 = time.perf_counter()
    clean, skew, geometry = prepare(img, dpi)
    words = parse_words(_tesseract(clean))
    page = _page(number, words, geometry, skew)
    read, deg = clean, 0
    confs = page.confidences()
    if len(confs) < 20 or sum(confs) / len(confs) < 70:  # reads poorly: maybe turned; ask OSD
        try:
            osd = _tesseract(clean, psm=0, timeout=PAGE_SECONDS / 2)
        except (RuntimeError, _Slow):
            osd = ""
        turn, sure = _ROTATE.search(osd), _ORIENT_CONF.search(osd)
        if turn and int(turn.group(1)) in (90, 180, 270) and sure and float(sure.group(1)) >= 1.5:
            deg = int(turn.group(1))
            turned = clean.transpose({90: Image.ROTATE_270, 180: Image.ROTATE_180, 270: Image.ROTATE_90}[deg])
            turned_geometry = Geometry(**{**geometry.__dict__, "turn": deg})
            other_words = parse_words(_tesseract(turned))
            other = _page(number, other_words, turned_geometry, skew, deg)
            if _quality(other) > _quality(page):
                page, words, read, geometry = other, other_words, turned, turned_geometry
            else:
                deg = 0
    # symbols and dates read with low confidence: read again, closer (ocrsymbols.py)
    if reread(read, words, LOW_CONFIDENCE, lambda im, extra: _tesseract(im, psm=6, timeout=PAGE_SECONDS / 2,
                                                                          extra=tuple(extra))):
        page = _page(number, words, geometry, skew, deg)
    page.seconds = round(time.perf_counter() - t0, 3)
    return page


def _page(number: int, words: list[list[tuple]], geometry: Geometry, skew: float, rotated: int = 0) -> Page:
    return Page(number=number, lines=[[(w[0], w[1]) for w in ln] for ln in words], rotated=rotated, skew=skew,
                boxes=[[geometry.box(w[2], w[5], w[3], w[5] + w[4]) for w in ln] for ln in words])


def _quality(page: Page) -> float:
    confs = page.confidences()
    return sum(confs) / len(confs) * min(1.0, len(confs) / 50) if confs else 0.0


def page_jobs(pages: int, jobs: Optional[int] = None) -> int:
    """How many pages are read at once: --jobs (JOBS) or $QCDC_OCR_JOBS, else one a core (one in a worker
    process of a many-file check, whose siblings hold the other cores); never more than the pages, the cores
    or MAX_JOBS."""
    import multiprocessing

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    want = jobs or JOBS or int(os.environ.get("QCDC_OCR_JOBS", "0") or 0) \
        or (1 if multiprocessing.parent_process() is not None else cores)
    return max(1, min(want, pages, cores, MAX_JOBS))


def read_pages(name: str, count: int, render: Callable[[int], tuple[object, Optional[float]]],
               numbers: list[int], jobs: Optional[int] = None) -> list[Page]:
    """The pages `numbers` (1-based) of a file, each rendered by `render(number) -> (image, dpi)` and read,
    `page_jobs` at a time (each page its own tesseract process), in page order whatever order they finish in.
    ON_PAGE is told of each page read. Errors name the file and the page."""
    if len(numbers) > MAX_PAGES:
        raise InputError(f"{name}: {len(numbers)} scanned pages to read by OCR (limit {MAX_PAGES})", "too-large")
    jobs = page_jobs(len(numbers), jobs)
    if ON_START is not None:
        ON_START(name, len(numbers))
    told = threading.Lock()
    done = [0]

    def one(n: int) -> Page:
        page = _one(n)
        if ON_PAGE is not None:
            with told:
                done[0] += 1
                ON_PAGE(name, done[0], len(numbers), n, page.seconds)
        return page

    def _one(n: int) -> Page:
        try:
            img, dpi = render(n)
            return read_page(img, dpi, n)
        except InputError:
            raise
        except _Slow:
            raise InputError(f"{name}: page {n} took over {PAGE_SECONDS:.0f} s to read by OCR; refused", "too-large") \
                from None
        except _TooLarge as e:
            raise InputError(f"{name}: page {n} is too large to read by OCR ({e})", "too-large") from None
        except MemoryError:
            raise InputError(f"{name}: page {n} is too large to read by OCR", "too-large") from None
        except RuntimeError as e:
            raise InputError(f"{name}: OCR failed on page {n} ({brief(e)})", "corrupt") from None

    if jobs == 1 or len(numbers) == 1:
        return [one(n) for n in numbers]
    with ThreadPoolExecutor(max_workers=jobs) as pool:  # each page is its own tesseract process
        return list(pool.map(one, numbers))
