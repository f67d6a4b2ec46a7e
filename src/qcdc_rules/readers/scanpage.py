"""One scanned page read by OCR: cleaned (EXIF rotation; the red channel as grey, so a red stamp over the
signature fades out while black and blue ink stay; 300 dpi; skew measured by projection profile and corrected;
binarisation left to Tesseract's own Otsu), read by the `tesseract` program with TSV output (words with their
confidence, in Tesseract's reading order; a two-column header it reads across is put back column by column),
and turned upright by Tesseract's orientation detection (OSD) when it reads poorly as it is. Pages of one
file are spread over the cores, one single-threaded tesseract process each, with a time limit a page.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..core.errors import InputError, brief

LANG = "vie"
DPI = 300
LOW_CONFIDENCE = 60.0  # a word Tesseract reads with less confidence than this (0-100) is uncertain
MAX_PAGES = int(os.environ.get("QCDC_OCR_MAX_PAGES", "100"))  # pages read by OCR in one file (a plan has < 30)
MAX_PIXELS = 60_000_000  # one page image as given (A3 at 600 dpi is 70 Mpx; a 300 dpi A4 scan 8.7 Mpx)
MAX_WORK_PIXELS = 40_000_000  # one page as cleaned and read (A3 at 300 dpi is 17 Mpx)
PAGE_SECONDS = float(os.environ.get("QCDC_OCR_PAGE_SECONDS", "90"))  # time Tesseract may take on one page

# --------------------------------------------------------------------------------------- what a page reads as
@dataclass
class Page:
    number: int  # 1-based page of the file
    lines: list[list[tuple[str, float]]] = field(default_factory=list)  # words and their confidence; [] = blank line
    rotated: int = 0  # degrees the page was turned to read upright
    skew: float = 0.0  # degrees of skew corrected
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {"number": self.number, "lines": self.lines, "rotated": self.rotated, "skew": self.skew,
                "seconds": self.seconds}

    @classmethod
    def from_json(cls, d: dict) -> "Page":
        return cls(number=int(d["number"]), lines=[[(str(w), float(c)) for w, c in ln] for ln in d["lines"]],
                   rotated=int(d.get("rotated", 0)), skew=float(d.get("skew", 0.0)),
                   seconds=float(d.get("seconds", 0.0)))

    def confidences(self) -> list[float]:
        return [c for ln in self.lines for _, c in ln]


# --------------------------------------------------------------------------------------- cleaning
def _image_module():
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # larger is refused (DecompressionBombWarning is made an error below)
    return Image, ImageOps


def prepare(img, dpi: Optional[float]):
    """A page image made ready for Tesseract: upright by EXIF, grey from the red channel (a red stamp fades
    out, black and blue ink stay), at 300 dpi, deskewed (binarised by Tesseract itself). Returns (image, skew degrees)."""
    Image, ImageOps = _image_module()
    img = ImageOps.exif_transpose(img)
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
    angle = skew_angle(img)
    if abs(angle) >= 0.2:
        img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    # no hard binarisation: measured, Tesseract's own (Otsu on the grey page) reads diacritics and digits better
    # (Otsu here: 'dần' for 'dân', '2028' for '2026' on a clean 300 dpi page)
    return img, angle


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
def _tesseract(img, psm: int = 3, timeout: Optional[float] = None) -> str:
    import io

    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(DPI, DPI))
    exe = shutil.which("tesseract") or "tesseract"
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one thread a page; pages go over the cores
    args = [exe, "stdin", "stdout", "--dpi", str(DPI), "--psm", str(psm)]
    args += ["-l", "osd"] if psm == 0 else ["-l", LANG, "tsv"]
    try:
        out = subprocess.run(args, input=buf.getvalue(), capture_output=True, timeout=timeout or PAGE_SECONDS, env=env)
    except subprocess.TimeoutExpired:
        raise _Slow() from None
    if out.returncode != 0:
        raise RuntimeError(out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "tesseract failed")
    return out.stdout.decode("utf-8", "replace")


class _Slow(Exception):
    pass


def parse_tsv(tsv: str) -> list[list[tuple[str, float]]]:
    """Tesseract's TSV -> lines of (word, confidence), in reading order; a blank line between blocks. A header
    in two columns that Tesseract reads across (issuer | national motto on one line) is read one column after
    the other; a Roman section number or a legislature's term ('QH11') whose strokes it misreads is put right and
    marked uncertain (_roman, _terms)."""
    lines: list[list[tuple]] = []  # (word, confidence, left, right, height, top)
    key = block = None
    width = 0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        if cols[0] == "1":
            width = int(cols[8] or 0)
        if cols[0] != "5" or not cols[11].strip():
            continue
        b, p, ln = cols[2], cols[3], cols[4]
        if (b, p, ln) != key:
            if block is not None and b != block and lines and lines[-1]:
                lines.append([])
            lines.append([])
            key, block = (b, p, ln), b
        try:
            conf = max(0.0, float(cols[10]))
        except ValueError:
            conf = 0.0
        if conf < NOISE or (conf < 50 and not any(c.isalnum() for c in cols[11])):
            continue  # specks, stamp edges and dirt read as marks (Tesseract gives them next to no confidence)
        left, top, w, h = int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9])
        lines[-1].append((cols[11].strip(), conf, left, left + w, h, top))
    while lines and not lines[-1]:
        lines.pop()
    lines = _columns(lines, width)
    _roman(lines)
    _terms(lines)
    return [[(w[0], w[1]) for w in ln] for ln in lines]


NOISE = 20.0  # a "word" read with less confidence than this is a speck or a stamp's edge, not text
HEADER_LINES = 14  # the two-column header is within a page's first lines
COLUMN_GAP = 0.08  # a gap between words wider than this share of the page separates two columns


def _columns(lines: list[list[tuple]], width: int) -> list[list[tuple]]:
    """The header's two columns, read across by Tesseract, read one after the other: among the first lines, a run
    of lines split by a wide gap gives its left parts, then its right parts."""
    if not width:
        return lines
    split: dict[int, int] = {}  # line index -> index of the first word of its right part
    for i, ln in enumerate(lines[:HEADER_LINES]):
        gaps = [(ln[j + 1][2] - ln[j][3], j + 1) for j in range(len(ln) - 1)]
        if gaps and max(gaps)[0] > COLUMN_GAP * width:
            split[i] = max(gaps)[1]
    if not split:
        return lines
    first, last = min(split), max(split)
    cut = sum(lines[i][split[i]][2] for i in split) / len(split)  # where the right column starts
    out: list[list[tuple]] = []
    left: list[list[tuple]] = []
    right: list[list[tuple]] = []
    run = [ln for ln in lines[first:last + 1] if ln]
    tops = [min(w[5] for w in ln) for ln in run]
    pitch = min((b - a for a, b in zip(tops, tops[1:]) if b > a), default=0)  # lines within one row
    for i, ln in enumerate(run + [[]]):  # each row of the header (a wider space ends one): left column, then right
        if ln and i and pitch and tops[i] - tops[i - 1] > 1.5 * pitch:
            out += left + right + [[]]
            left, right = [], []
        if not ln:
            out += left + right
            break
        j = next((k for k in range(1, len(ln)) if ln[k][2] - ln[k - 1][3] > COLUMN_GAP * width), None)
        if j is not None:
            left.append(ln[:j])
            right.append(ln[j:])
        elif ln[0][2] >= cut - COLUMN_GAP * width:
            right.append(ln)
        else:
            left.append(ln)
    while out and not out[-1]:
        out.pop()
    return lines[:first] + out + lines[last + 1:]


_MARKER = re.compile(r"^([IVXLl1|]{1,5})(\.?)$")
DOT = 0.45
_GLUED = re.compile(r"^([IVX]{1,4}\.)([^\W\d_a-z]{2,}\W?)$")
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def _roman(lines: list[list[tuple]]) -> None:
    """Section numbers (a Roman number and a heading in capitals) as Tesseract misreads them, measured with
    Tesseract 5.3 on Times: 'I.' as 'IL.', 'III.' as 'II.' (a stroke too few), 'II.' as 'II' (the dot lost).
    A marker that is no Roman number is the one after the previous section's; one that repeats the previous
    section's number in a box wider by at least a third of a stroke has one more I; a number that follows the
    previous section's without its dot gets it back. Each is marked as read with low confidence."""
    previous = None  # (number, box width)
    for ln in lines:
        glued = _GLUED.match(ln[0][0]) if ln else None
        if glued:  # 'I.MỤC': the space after the dot lost
            w = ln[0]
            cut = w[2] + (w[3] - w[2]) * len(glued.group(1)) // len(w[0])
            ln[0:1] = [(glued.group(1), min(w[1], 59.0), w[2], cut) + w[4:],
                       (glued.group(2), w[1], cut, w[3]) + w[4:]]
        if len(ln) < 2 or not ln[1][0][:1].isupper() or not ln[1][0].isupper():
            continue
        m = _MARKER.match(ln[0][0])
        if not m:
            continue
        word, conf, left, right = ln[0][:4]
        number, dot = m.group(1), m.group(2)
        after = ROMAN[ROMAN.index(previous[0]) + 1] if previous and previous[0] in ROMAN[:-1] else "I"
        # strokes as read, and the box's width: a dot is about 0.45 of a stroke wide ('I.' 26 px, 'II.' 44 px,
        # 'III.' 62 px at 300 dpi); the box holds the dot even when the dot is not read ('II' 44 px at 200 dpi)
        n, width = len(number), right - left
        if number not in ROMAN:
            if not dot and len(number) == 1:
                continue  # a lone letter before a heading in capitals ("V" of "V/v")
            number, conf = after, min(conf, 40.0)
        elif previous and previous[0] == number and set(number) == {"I"} and len(number) < 3 \
                and width > previous[1] * (n + 0.5 + DOT) / (n + DOT):  # half a stroke wider at least
            number, conf = number + "I", min(conf, 59.0)
        elif not dot and number != after:
            continue  # not the next section's number: leave it as read
        if number + "." != word:
            ln[0] = (number + ".", min(conf, 59.0)) + ln[0][2:]
        previous = (number, width)


# the legislature's term in a symbol ('34/2007/PL-UBTVQH11', '10/2022/QH15'): Tesseract reads the strokes of
# '11' as I or l ('UBTVQHI1', 'QHII1', 'QHI1I1'); a run of strokes there is 11, marked as read uncertainly
_TERM = re.compile(r"(?<=QH)[Il1|]{2,4}(?=\W*$)")


def _terms(lines: list[list[tuple]]) -> None:
    for ln in lines:
        for i, w in enumerate(ln):
            m = _TERM.search(w[0]) if "QH" in w[0] and "/" in w[0] else None
            if m and m.group(0) != "11":
                ln[i] = (w[0][:m.start()] + "11" + w[0][m.end():], min(w[1], 59.0)) + w[2:]


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_ORIENT_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def read_page(img, dpi: Optional[float], number: int) -> Page:
    """One page image read by OCR (cleaned first)."""
    import time

    Image, _ = _image_module()
    t0 = time.perf_counter()
    clean, skew = prepare(img, dpi)
    lines = parse_tsv(_tesseract(clean))
    page = Page(number=number, lines=lines, skew=skew)
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
            other = Page(number=number, lines=parse_tsv(_tesseract(turned)), rotated=deg, skew=skew)
            if _quality(other) > _quality(page):
                page = other
    page.seconds = round(time.perf_counter() - t0, 3)
    return page


def _quality(page: Page) -> float:
    confs = page.confidences()
    return sum(confs) / len(confs) * min(1.0, len(confs) / 50) if confs else 0.0


def read_pages(name: str, count: int, render: Callable[[int], tuple[object, Optional[float]]],
               numbers: list[int], jobs: Optional[int] = None) -> list[Page]:
    """The pages `numbers` (1-based) of a file, each rendered by `render(number) -> (image, dpi)` and read,
    spread over the cores. Errors name the file and the page."""
    if len(numbers) > MAX_PAGES:
        raise InputError(f"{name}: {len(numbers)} scanned pages to read by OCR (limit {MAX_PAGES})", "too-large")
    jobs = jobs or int(os.environ.get("QCDC_OCR_JOBS", "0")) or max(1, min(len(numbers), os.cpu_count() or 1))

    def one(n: int) -> Page:
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
