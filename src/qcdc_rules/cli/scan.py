"""Scans at the command line (issue 25): per-page OCR progress on stderr (at a terminal, or with --progress),
the pages of one scan read --jobs at a time, and --annotate for a scanned PDF or an image (a copy with a
searchable text layer and the findings marked: fixes/pdfannotate.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.i18n import N_, tr
from .common import CANNOT_WRITE, ERROR

ANNOTATABLE = (".docx", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")

MESSAGES = {
    "annotate-one": N_("--annotate takes exactly one file: a .docx, a .pdf or a scanned image (.png, .jpg, .tif)"),
    "page": N_("{name}: OCR read page {page} ({done} of {total} pages), {seconds:.1f} s"),
    "marked": N_("{n} finding(s) marked on the scanned pages ({m} noted in a page's margin), a searchable text "
                 "layer on {p} page(s): {out}"),
    "no-font": N_(" (no text layer: no TrueType font with Vietnamese letters; install one: apt-get install "
                  "fonts-dejavu-core)"),
}


def text(key: str, lang: str, **kw) -> str:
    return tr("en" if lang == "en" else "vi", MESSAGES[key]).format(**kw)


def annotatable(files) -> bool:
    return len(files) == 1 and files[0].lower().endswith(ANNOTATABLE)


def annotate_usage(lang: str) -> str:
    return text("annotate-one", lang)


class PageProgress:
    """One line on stderr as each page of a scan is read by OCR (readers/scanpage.ON_PAGE)."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, name: str, done: int, total: int, page: int, seconds: float) -> None:
        try:
            click.echo(text("page", self.lang, name=Path(name).name, page=page, done=done, total=total,
                            seconds=seconds), err=True)
        except OSError:  # stderr gone: progress is not worth an error
            pass


def configure(opts: dict, progress: bool) -> None:
    """The OCR settings of this run, from the check's options: pages read --jobs at a time; per-page progress
    at a terminal or with --progress (never with --quiet or --no-progress)."""
    from ..readers import scanpage

    scanpage.JOBS = opts.get("jobs")
    shown = not opts.get("quiet") and not opts.get("no_progress") and (progress or sys.stderr.isatty())
    scanpage.ON_PAGE = PageProgress(opts.get("lang") or "vi") if shown else None


def annotate(err, source: Path, report, out: Path, lang: str) -> None:
    """--annotate on a scan: the copy written, one line saying what it holds; a bad input is one line, exit 2."""
    from ..core.errors import InputError
    from ..fixes.pdfannotate import annotate_scan

    try:
        done = annotate_scan(source, report, out, lang)  # whole or not at all (a WriteError otherwise)
    except InputError as e:
        err.print(f"qcdc-check: {tr(lang, ERROR)}: {e.message}", markup=False)
        sys.exit(2)
    except ImportError as e:  # the `ocr` extra without fpdf2 (an older install)
        missing = e.name or "fpdf2"
        err.print(f"qcdc-check: {tr(lang, ERROR)}: {out}: {missing} missing; pip install 'qcdc-rules[ocr]'",
                  markup=False)
        sys.exit(2)
    except OSError as e:
        err.print(f"qcdc-check: {tr(lang, ERROR)}: {tr(lang, CANNOT_WRITE, path=out, why=e.strerror)}",
                  markup=False)
        sys.exit(2)
    line = text("marked", lang, n=done.highlighted, m=done.noted, p=done.text_pages, out=out)
    from ..fixes.pdfannotate import FONTS

    if not any(Path(f).exists() for f in FONTS):
        line += text("no-font", lang)
    err.print(line, markup=False)


def maybe_annotate(err, source: Path, report, out: Path, lang: str) -> bool:
    """True when `source` is a scan and its annotated copy was handled here (a .docx is the check's own)."""
    if source.suffix.lower() == ".docx":
        return False
    annotate(err, source, report, out, lang)
    return True

