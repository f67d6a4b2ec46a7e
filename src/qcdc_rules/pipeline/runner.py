"""The runner: many files, on several processes; results come back in input order, one by one, so a
caller can stream them (json-lines) instead of holding them all."""
from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Optional

from ..contract.models import FileReport
from .checker import default_engine
from .options import Options


def finding_lines(report: FileReport, doc) -> dict[int, str]:
    """The source text of each finding's line (for the full format), by line of the extracted text."""
    return {f.source_line: doc.line_text(f.source_line).rstrip() for f in report.findings} if doc is not None else {}


def check_one(task, on_stage: Optional[Callable[[str], None]] = None):
    """(report, finding lines, document) for one (path, options, extra registries, executor) task."""
    path, options, extra, executor = task
    report, doc = default_engine(extra, executor).check_file_with_source(path, options, on_stage)
    return report, finding_lines(report, doc), doc


def _check(task, on_stage: Optional[Callable[[str], None]] = None) -> tuple[FileReport, dict[int, str]]:
    report, lines, _ = check_one(task, on_stage)  # the document stays in the worker
    return report, lines


MIN_FILES_PER_WORKER = 200


def check_many(tasks: list[tuple[str, Options, tuple[str, ...], Optional[str]]], jobs: int,
               stages: Optional[Callable[[str], Optional[Callable[[str], None]]]] = None,
               ) -> Iterator[tuple[FileReport, dict[int, str]]]:
    """(report, {line: source text of each finding's line}) per task, in input order. `stages(path)` may give
    a callback told of each stage of that file (progress on a long file); it is used when the files are
    checked in this process."""
    # worker processes pay for themselves only over many files (measured: -j2 was slower than -j1 on up to a
    # few hundred small plans), so fewer than MIN_FILES_PER_WORKER files per worker run in this process
    if jobs <= 1 or len(tasks) < MIN_FILES_PER_WORKER * jobs:
        for t in tasks:
            yield _check(t, stages(t[0]) if stages else None)
        return
    for extra, executor in {(t[2], t[3]) for t in tasks}:
        default_engine(extra, executor)  # load once here; forked workers inherit it
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        yield from pool.map(_check, tasks, chunksize=max(1, min(32, len(tasks) // (jobs * 8))))


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
