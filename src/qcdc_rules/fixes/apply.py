"""Apply suggested fixes to a text file, or show them as a unified diff.

Only safe fixes are applied unless unsafe ones are asked for; overlapping edits are applied
first-come (by position) and the rest left for the next run, as ruff does. Files are written
atomically (temporary file + rename) in their original encoding, with a backup beside them.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from ..contract.models import FileReport
from ..core.i18n import N_, in_both
from ..readers import SourceDocument, reader_for


def fixable(path: str | Path) -> bool:
    """--fix and --diff rewrite files whose reader says so (plain text), and .docx (as tracked changes)."""
    reader = reader_for(path)
    return bool(reader and (reader.FIXABLE or reader.KIND == "docx") and Path(path).suffix)


@dataclass
class FixResult:
    text: str
    applied: int
    skipped: int  # overlapping or unsafe-not-allowed


@dataclass(frozen=True)
class Edit:
    start: int  # offsets into the decoded text (SourceDocument.original)
    end: int
    replacement: str
    unsafe: bool


def choose_edits(doc: SourceDocument, report: FileReport, unsafe: bool = False) -> tuple[list[Edit], int]:
    """The edits to make, in text order, and how many fixes are left (unsafe when not allowed, or overlapping
    an earlier one: applied first-come by position, the rest left for the next run, as ruff does)."""
    edits = set()
    skipped = 0
    for f in report.findings:
        if not f.fix or f.fix.start is None or f.fix.end is None:
            continue
        if f.fix.safety == "unsafe" and not unsafe:
            skipped += 1
            continue
        edits.add(Edit(f.fix.start, f.fix.end, f.fix.replacement, f.fix.safety == "unsafe"))
    chosen, last_end = [], -1
    for e in sorted(edits, key=lambda e: (e.start, e.end, e.replacement)):
        if e.start < last_end:
            skipped += 1
            continue
        if doc.original[e.start:e.end] == e.replacement:
            continue
        chosen.append(e)
        last_end = e.end
    return chosen, skipped


def apply_fixes(doc: SourceDocument, report: FileReport, unsafe: bool = False) -> FixResult:
    chosen, skipped = choose_edits(doc, report, unsafe)
    text = doc.original
    for e in reversed(chosen):
        text = text[:e.start] + e.replacement + text[e.end:]
    return FixResult(text=text, applied=len(chosen), skipped=skipped)


def unified_diff(doc: SourceDocument, new_text: str) -> str:
    return "".join(difflib.unified_diff(
        doc.original.splitlines(keepends=True), new_text.splitlines(keepends=True),
        fromfile=f"a/{doc.path}", tofile=f"b/{doc.path}",
    ))


LEGACY = {"tcvn3": "TCVN3", "windows-1258": "Windows-1258"}


READ_ONLY = N_("{path}: the file is read-only; not changed")


class FixRefused(Exception):
    """A file that --fix will not write, with the reason (one line for the user, in English and Vietnamese)."""

    def __init__(self, en: str, vi: str):
        super().__init__(en)
        self.vi = vi

    def in_lang(self, lang: str) -> str:
        return self.vi if lang == "vi" else str(self)


def backup_path(p: Path) -> Path:
    """FILE.bak, or FILE.bak.1, FILE.bak.2 … when earlier backups exist: a backup is never overwritten. An empty
    one beside a file that is not empty (left by an older version killed while copying) holds nothing: its
    name is taken again rather than writing the next one beside it."""
    candidate = p.with_name(p.name + ".bak")
    n = 0
    while candidate.exists() and not _empty_backup(candidate, p):
        n += 1
        candidate = p.with_name(f"{p.name}.bak.{n}")
    return candidate


def _empty_backup(backup: Path, p: Path) -> bool:
    try:
        return backup.is_file() and backup.stat().st_size == 0 and p.stat().st_size > 0
    except OSError:
        return False


def _writable(p: Path) -> bool:
    """The file's own permission (root could write anyway; the user's read-only choice is kept)."""
    return os.access(p, os.W_OK) and bool(p.stat().st_mode & 0o222)


def write_atomically(path: str, text: str, encoding: str) -> Path:
    """Replace `path` with `text` in its own encoding; the previous content is kept in a new backup beside it.
    FixRefused (nothing written) for a read-only file or one in a legacy encoding; OSError as it comes."""
    p = Path(path)
    if encoding in LEGACY:
        raise FixRefused(**in_both(N_("{path}: the file is in {encoding}; --fix writes files only in UTF-8 or "
                                      "UTF-16 — convert it to UTF-8 first (the findings are still reported)"),
                                   path=path, encoding=LEGACY[encoding]))
    if not _writable(p):
        raise FixRefused(**in_both(READ_ONLY, path=path))
    return replace_file(p, text.encode("utf-8-sig" if encoding == "utf-8-sig" else encoding))


def replace_file(p: Path, data: bytes) -> Path:
    """Write `data` over `p`, after writing `p`'s content to a new backup: each is written to a temporary file,
    fsynced and renamed (core/atomic.py), the backup whole and durable before `p` is replaced. A write that
    fails (WriteError) leaves `p` as it was and no backup of this run."""
    from ..core.atomic import WriteError, remove_stale, write_bytes

    if not _writable(p):
        raise FixRefused(**in_both(READ_ONLY, path=p))
    remove_stale(p.parent)  # temporary files of this file, or of its backups, left by a killed run
    try:
        original = p.read_bytes()
    except OSError as e:
        raise WriteError(p, e) from None
    while True:
        backup = backup_path(p)
        try:
            write_bytes(backup, original, label="backup", mode_from=p, exclusive=not _empty_backup(backup, p))
            break
        except FileExistsError:  # another run took that name meanwhile
            continue
    try:
        write_bytes(p, data, label="file")
    except BaseException:
        try:
            backup.unlink()  # the file is unchanged: its copy would only be one more backup
        except OSError:
            pass
        raise
    return backup
