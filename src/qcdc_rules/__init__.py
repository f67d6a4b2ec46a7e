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


def _options(as_of, **kw):
    """Options from the keyword arguments; an unknown option is a TypeError, a bad value a ValueError."""
    from .pipeline import Options

    if isinstance(as_of, str):
        as_of = _date(as_of)
    if kw.get("lang", "vi") not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {kw['lang']!r}")
    return Options(as_of=as_of, **kw)


def _date(value: str) -> dt.date:
    """YYYY-MM-DD or DD/MM/YYYY, as the command line takes them."""
    from .core.dates import parse_user_date

    return parse_user_date(value)


def check_text(text: str, path: str = "<text>", as_of: Union[str, dt.date, None] = None, **options) -> "FileReport":
    """Check a plan given as text; returns the typed per-file report (the model the JSON comes from)."""
    from .pipeline import default_engine

    return default_engine().check_text(text, path, _options(as_of, **options))


def check_file(path: Union[str, Path], as_of: Union[str, dt.date, None] = None, **options) -> "FileReport":
    """Check one file. A file that cannot be read (missing, damaged, not a plan format) does not raise: the
    report's `error` is set ({code, message}) and it has no findings — always look at `report.error`."""
    from .pipeline import default_engine

    return default_engine().check_file(path, _options(as_of, **options))


def check_files(paths, as_of: Union[str, dt.date, None] = None, **options) -> "list[FileReport]":
    """Check many files: one report each, in the order given, as `check_file` gives them, at less cost a file
    (the rules run once over several plans where that gives each plan the same findings)."""
    from .pipeline import default_engine
    from .pipeline.runner import batches

    opts = _options(as_of, **options)
    engine = default_engine()
    out: list = []
    for group in batches([(p, opts, (), None) for p in paths]):  # the CLI's groups: a large file alone
        out.extend(report for report, _ in engine.check_files([t[0] for t in group], opts))
    return out


def sample_plan() -> Path:
    """The bundled sample plan (a 2026 commune plan that still cites the Pháp lệnh of 2007)."""
    from .core.resources import sample_plan as _sample

    return _sample()
