"""The runner: many files, on several processes; results come back in input order, one by one, so a
caller can stream them (json-lines) instead of holding them all."""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Optional, Sequence

from ..contract.models import FileReport
from .checker import default_engine
from .options import Options


def finding_lines(report: FileReport, doc) -> dict[int, str]:
    """The source text of each finding's line (for the full format), by line of the extracted text. Each line
    is cut out of the document once, however many findings it has (once a finding, 124,000 findings on a
    line of 4,000,000 characters copied it 124,000 times): what is held is at most the document once."""
    if doc is None:
        return {}
    out: dict[int, str] = {}
    for f in report.findings:
        # a span over several lines (a wrapped citation) shows them too, up to three (reporters/text.py)
        first = f.source_line if f.source_line is not None else f.line
        for n in range(first, first + min(max(f.end_line - f.line, 0), 2) + 1):
            if n not in out:
                out[n] = doc.line_text(n).rstrip()
    return out


def check_one(task, on_stage: Optional[Callable[[str], None]] = None):
    """(report, finding lines, document) for one (path, options, extra registries, executor) task."""
    path, options, extra, executor = task
    report, doc = default_engine(extra, executor).check_file_with_source(path, options, on_stage)
    return report, finding_lines(report, doc), doc


def _check(task, on_stage: Optional[Callable[[str], None]] = None) -> tuple[FileReport, dict[int, str]]:
    report, lines, _ = check_one(task, on_stage)  # the document stays in the worker
    return report, lines


def _check_batch(tasks: list) -> list[tuple[FileReport, dict[int, str]]]:
    """Tasks of the same options, registries and engine, checked together (Engine.check_files)."""
    _, options, extra, executor = tasks[0]
    done = default_engine(extra, executor).check_files([t[0] for t in tasks], options)
    return [(report, finding_lines(report, doc)) for report, doc in done]


MIN_FILES_PER_WORKER = 32
BATCH = 16  # files whose rules run together: the query planning is paid once for them (measured: 8 -> 4 ms a plan)
BATCH_MAX_BYTES = 256 * 1024  # a larger file is checked on its own (below the CLI's 512 KiB for showing stages)


def batches(tasks: Sequence) -> Iterator[list]:
    """The tasks, in order, in groups checked together: up to BATCH small files of the same options,
    registries and engine; a large file alone (its stages may be shown, and it needs no company)."""
    group: list = []
    for t in tasks:
        alone = _size(t[0]) > BATCH_MAX_BYTES
        if group and (alone or len(group) == BATCH or t[1:] != group[0][1:]):
            yield group
            group = []
        if alone:
            yield [t]
        else:
            group.append(t)
    if group:
        yield group


def _size(path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the reader says what is wrong with it


def check_many(tasks: Sequence[tuple[str, Options, tuple[str, ...], Optional[str]]], jobs: int,
               stages: Optional[Callable[[str], Optional[Callable[[str], None]]]] = None,
               ) -> Iterator[tuple[FileReport, dict[int, str]]]:
    """(report, {line: source text of each finding's line}) per task, in input order. `stages(path)` may give
    a callback told of each stage of that file (progress on a long file); it is used when the files are
    checked in this process."""
    # worker processes pay for themselves only over enough files: fewer than MIN_FILES_PER_WORKER files per
    # worker run in this process (measured with batches, 2 workers: 30 plans 0.39 s vs 0.36 in process,
    # 60 plans 0.41 vs 0.64, 240 plans 1.39 vs 2.5)
    if jobs <= 1 or len(tasks) < MIN_FILES_PER_WORKER * jobs:
        for group in batches(tasks):
            if len(group) == 1:
                yield _check(group[0], stages(group[0][0]) if stages else None)
            else:
                yield from _check_batch(group)
        return
    for extra, executor in {(t[2], t[3]) for t in tasks}:
        default_engine(extra, executor)  # load once here; forked workers inherit it
    gc.freeze()  # what is loaded is shared with the workers, not copied by their collector's passes
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        for done in pool.map(_check_batch, batches(tasks), chunksize=2):
            yield from done


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
