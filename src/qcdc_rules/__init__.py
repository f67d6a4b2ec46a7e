"""qcdc-rules: check the legal basis of Vietnamese grassroots-democracy plans.

Python API (the registry and shapes load once per process and are reused)::

    import qcdc_rules
    report = qcdc_rules.check_file("ke-hoach.txt", as_of="2026-03-01")
    for finding in report.findings:
        print(finding.rule, finding.line, finding.message)

The package is layered; each layer imports only the layers before it:
core -> contract -> readers -> knowledge -> extract -> graph -> rules -> pipeline -> reporters -> fixes
-> tools -> cli. This module is the public face over them.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .core.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from .contract.models import FileReport

__all__ = ["check_text", "check_file", "check_files", "sample_plan", "__version__"]


def _task(path, as_of, options: dict):
    """The check of `path` from the keyword arguments (the options model's fields marked for the API: as_of, lang,
    select, extend_select, ignore, severity, pre_issuance, strict, preview, registry, executor): an unknown option
    is a TypeError, a bad value a ValueError."""
    from .core.errors import QcdcError
    from .pipeline import default_engine
    from .pipeline.optionmodel import API, RunOptions, convert, fields, plan_task

    allowed = {name for name, _ in fields(API)}
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise TypeError(f"unknown option(s) {', '.join(unknown)}; the options are {', '.join(sorted(allowed))}")
    values = {k: convert(k, v) for k, v in {"as_of": as_of, **options}.items() if v is not None}  # ValueError
    try:
        task = plan_task(str(path), RunOptions(**values), set(values), RunOptions()).task
        return task, default_engine(task.registries, task.executor)  # extra registries read and checked here
    except QcdcError as e:  # a registry or word list that cannot be used
        raise ValueError(e.message) from None


def check_text(text: str, path: str = "<text>", as_of: Union[str, dt.date, None] = None, **options) -> "FileReport":
    """Check a plan given as text; returns the typed per-file report (the model the JSON comes from)."""
    task, engine = _task(path, as_of, options)
    return engine.check_text(text, path, task.options)


def check_file(path: Union[str, Path], as_of: Union[str, dt.date, None] = None, **options) -> "FileReport":
    """Check one file. A file that cannot be read (missing, damaged, not a plan format) does not raise: the
    report's `error` is set ({code, message}) and it has no findings — always look at `report.error`."""
    task, engine = _task(path, as_of, options)
    return engine.check_file(path, task.options)


def check_files(paths, as_of: Union[str, dt.date, None] = None, **options) -> "list[FileReport]":
    """Check many files: one report each, in the order given, as `check_file` gives them, at less cost a file
    (the rules run once over several plans where that gives each plan the same findings)."""
    from .pipeline.runner import batches

    task, engine = _task("", as_of, options)
    out: list = []
    for group in batches([task._replace(path=p) for p in paths]):  # the CLI's groups: a large file alone
        out.extend(report for report, _ in engine.check_files([t.path for t in group], task.options))
    return out


def sample_plan() -> Path:
    """The bundled sample plan (a 2026 commune plan that still cites the Pháp lệnh of 2007)."""
    from .core.resources import sample_plan as _sample

    return _sample()
