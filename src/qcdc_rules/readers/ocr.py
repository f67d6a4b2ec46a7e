"""Read a scanned page by OCR: image files (.png .jpg .jpeg .tif .tiff) here, and the pages of a PDF that have
no text layer (readers/pdf.py sends them here). Tesseract with its Vietnamese model reads each page; every
word keeps its confidence, so a finding on words read uncertainly can say so and a citation whose symbol was
read uncertainly is not called malformed on that basis alone (extract: Citation.symbol_uncertain).

Engine: the `tesseract` program (Debian: tesseract-ocr, tesseract-ocr-vie), run as a subprocess with TSV
output, one process per page, with a time limit. Why not pytesseract: it is itself a subprocess wrapper (last
release 2024); calling the program directly keeps the time limit, the environment (one thread a page, pages
spread over the cores) and the TSV parsing in our hands with one fewer dependency. tesserocr needs a
compiler and Tesseract's headers at install time. Pillow cleans the page; pypdfium2 rasterises PDF pages
(a wheel, no Debian package needed). Both are the `ocr` extra: pip install 'qcdc-rules[ocr]'.

Page cleaning: EXIF rotation; the red channel as grey (a red stamp over the signature disappears, black and
blue ink stay); resolution brought to 300 dpi; skew measured by projection profile and corrected;
binarisation left to Tesseract (its Otsu on the grey page reads diacritics better than ours); orientation
(90/180/270) by Tesseract's OSD when a page reads poorly upright.

Results are cached by the file's SHA-256 in the user cache folder (as pipeline/compiled.py's cache_dir, under
ocr/), so a second check of the same scan does not run the engine; nothing is written beside the input.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from ..core.errors import InputError, brief
from ..core.notes import Note
from .base import Location, RawText
from .scanpage import (  # noqa: F401 - DPI, MAX_WORK_PIXELS: pdf.py renders with them
    DPI, LANG, LOW_CONFIDENCE, MAX_PAGES, MAX_PIXELS, MAX_WORK_PIXELS, Page, _image_module, read_pages,
)

SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
KIND = "image"
FIXABLE = False

log = logging.getLogger(__name__)

INSTALL = ("pip install 'qcdc-rules[ocr]' and, on Debian/Ubuntu, apt-get install tesseract-ocr "
           "tesseract-ocr-vie")
CACHE_VERSION = 9  # bump when cleaning or parsing changes what a page reads as (8: word boxes; 9: symbols read again)


# --------------------------------------------------------------------------------------- the engine
def missing() -> Optional[str]:
    """What is missing to read scans (None when everything is installed)."""
    parts = []
    try:
        import PIL  # noqa: F401
        import pypdfium2  # noqa: F401
    except ImportError:
        parts.append("the Python packages")
    exe = shutil.which("tesseract")
    if exe is None:
        parts.append("the tesseract program")
    elif LANG not in _languages(exe):
        parts.append("Tesseract's Vietnamese model")
    return " and ".join(parts) or None


@lru_cache(maxsize=4)
def _languages(exe: str) -> set[str]:
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {x.strip() for x in out.splitlines()[1:]}


def refusal(name: str, what: str) -> InputError:
    """The one-line error for a scan when the OCR engine is not installed."""
    return InputError(f"{name}: {what} has no text layer (a scan) and OCR is not installed ({missing()} missing); "
                      f"to read it: {INSTALL}", "scanned-pdf" if what.startswith("the PDF") else "ocr-missing")


def engine_version() -> str:
    return _version(shutil.which("tesseract") or "tesseract")


@lru_cache(maxsize=4)
def _version(exe: str) -> str:
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).splitlines()[0].strip()
    except (OSError, subprocess.SubprocessError, IndexError):
        return "tesseract"


def append_pages(out: RawText, pages: list[Page]) -> None:
    """The pages' lines added to `out`, each with its page and line, and the uncertain words' places."""
    for page in pages:
        for i, words in enumerate(page.lines, 1):
            text, col = [], 0
            for w, conf in words:
                if text:
                    text.append(" ")
                    col += 1
                if conf < LOW_CONFIDENCE:
                    out.uncertain.append((len(out.lines), col, col + len(w), conf))
                text.append(w)
                col += len(w)
            out.lines.append("".join(text))
            out.locations.append(Location(page=page.number, line=i))


def note(pages: list[Page], out: RawText, cached: bool = False) -> Note:
    """One note: which pages were read by OCR, the mean word confidence, how many words were uncertain."""
    confs = [c for p in pages for c in p.confidences()]
    mean = sum(confs) / len(confs) if confs else 0.0
    numbers = _ranges([p.number for p in pages])
    low = len([u for u in out.uncertain if out.locations[u[0]].page in {p.number for p in pages}])
    return Note("ocr-cached" if cached else "ocr", pages=numbers, mean=mean, low=low, words=len(confs))


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    for n in numbers:
        if out and out[-1].split("-")[-1] == str(n - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


# --------------------------------------------------------------------------------------- cache
def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cache_dir() -> Path:
    """The user cache folder, as pipeline/compiled.py finds it (readers sit below the pipeline layer): $QCDC_CACHE_DIR,
    else $XDG_CACHE_HOME/qcdc-rules, else ~/.cache/qcdc-rules."""
    if os.environ.get("QCDC_CACHE_DIR"):
        return Path(os.environ["QCDC_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")) / "qcdc-rules"


def _cache_path(digest: str, what: str) -> Path:
    key = hashlib.sha256(f"{CACHE_VERSION}|{engine_version()}|{LANG}|{DPI}|{what}|{digest}".encode()).hexdigest()
    return cache_dir() / "ocr" / f"{key[:40]}.json"


def cached_pages(digest: str, what: str) -> Optional[list[Page]]:
    path = _cache_path(digest, what)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Page.from_json(p) for p in data["pages"]]
    except FileNotFoundError:
        return None
    except Exception as e:  # noqa: BLE001 - a damaged cache entry is read again from the scan
        log.debug("OCR cache %s unusable (%s); reading the scan again", path, brief(e))
        return None


def store_pages(digest: str, what: str, pages: list[Page]) -> None:
    """Written whole or not at all (a temporary file in the cache folder, then renamed over)."""
    import tempfile

    path = _cache_path(digest, what)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ocr-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(json.dumps({"pages": [p.to_json() for p in pages]}, ensure_ascii=False).encode())
        os.replace(tmp, path)
        tmp = None
    except Exception as e:  # noqa: BLE001 - a cache that cannot be written is simply not kept
        log.debug("OCR cache %s not written (%s)", path, brief(e))
    finally:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def ocr_cached(path: Path, what: str, numbers: list[int], render: Callable[[int], tuple[object, Optional[float]]],
               count: int) -> tuple[list[Page], bool]:
    """The pages read by OCR, from the cache when this file (by hash) was read before; (pages, cached). The
    last files' pages are also kept in this process for --annotate (recent_pages)."""
    digest = file_hash(path)
    key = f"{what}:{','.join(map(str, numbers))}"
    pages = cached_pages(digest, key)
    cached = pages is not None
    if pages is None:
        pages = read_pages(str(path), count, render, numbers)
        store_pages(digest, key, pages)
    _RECENT[digest] = pages
    while len(_RECENT) > RECENT_FILES:
        _RECENT.pop(next(iter(_RECENT)))
    return pages, cached


_RECENT: dict[str, list[Page]] = {}  # file hash -> its pages read by OCR, the last few files read here
RECENT_FILES = 4  # files whose pages are kept; the service's check process raises it to its batch (server/pages.py)


def recent_pages(path: Path) -> Optional[dict[int, Page]]:
    """The pages of a scan read by OCR in this process, by number (with their words' boxes); None when this
    process has not read it (fixes/pdfannotate.py then reads the file again, from the cache as a rule). Pages
    with a text layer of their own are absent."""
    return pages_read(file_hash(path))


def pages_read(digest: str) -> Optional[dict[int, Page]]:
    """As recent_pages, for the file whose SHA-256 is `digest` (an upload the service holds as bytes)."""
    pages = _RECENT.get(digest)
    return None if pages is None else {p.number: p for p in pages}


# --------------------------------------------------------------------------------------- image files
def read(path: Path, max_bytes: int) -> RawText:
    name = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{name}: file is {size} bytes, over the limit of {max_bytes} bytes", "too-large")
    import warnings

    try:
        Image, _ = _image_module()
    except ImportError:
        raise refusal(name, "the image") from None
    frames = _open_image(name, path, Image, warnings)  # a damaged or huge image is refused before anything else
    if missing():
        raise refusal(name, "the image")

    def render(n: int):
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                im.seek(n - 1)
                im.load()
                dpi = im.info.get("dpi")
                return im.copy(), (float(dpi[0]) if dpi and dpi[0] else None)

    pages, cached = ocr_cached(path, "image", list(range(1, frames + 1)), render, frames)
    out = RawText(lines=[], locations=[])
    append_pages(out, pages)
    if not any(ln.strip() for ln in out.lines):
        raise InputError(f"{name}: no text was found on the image by OCR", "no-text")
    out.notes.append(note(pages, out, cached))
    return out


def _open_image(name: str, path: Path, Image, warnings) -> int:
    """The number of frames (pages) of an image file, after decoding each: a damaged file is one clear error."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # Pillow's word on damaged metadata: the error below says it
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                frames = getattr(im, "n_frames", 1) or 1
                if frames > MAX_PAGES:
                    raise InputError(f"{name}: {frames} pages in the image (limit {MAX_PAGES})", "too-large")
                for i in range(frames):
                    im.seek(i)
                    if im.width * im.height > MAX_PIXELS:
                        raise InputError(f"{name}: page {i + 1} is {im.width}x{im.height} pixels, over the limit of "
                                         f"{MAX_PIXELS:,}", "too-large")
                    im.load()
                return frames
    except InputError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise InputError(f"{name}: the image is too large to read ({brief(e)})", "too-large") from None
    except MemoryError:
        raise InputError(f"{name}: the image is too large to read", "too-large") from None
    except Exception as e:  # noqa: BLE001 - Pillow's decoders fail in many ways on a damaged file
        raise InputError(f"{name}: cannot be read as an image, the file is damaged or not an image ({brief(e)})",
                         "corrupt") from None


# --------------------------------------------------------------------------------------- findings on uncertain words
def mark_uncertain(findings: list, doc, lang: str) -> list:
    """Each finding whose marked words include a word read by OCR with low confidence says so in its message."""
    if not getattr(doc, "uncertain", None):
        return findings
    for f in findings:
        line = f.source_line or f.line
        if line < 1 or line > doc.line_count:
            continue
        start = doc.line_start(line) + max(f.column - 1, 0)
        end = doc.line_start(line) + (f.end_column if f.end_line == f.line else len(doc.line_text(line)))
        if doc.is_uncertain(start, end):
            f.message += UNCERTAIN_FINDING[lang if lang in UNCERTAIN_FINDING else "en"]
    return findings


UNCERTAIN_FINDING = {
    "vi": " (chữ ở đây được nhận dạng từ bản quét với độ tin cậy thấp: hãy đối chiếu với bản quét)",
    "en": " (these words were read from the scan by OCR with low confidence: compare with the scan)",
}
