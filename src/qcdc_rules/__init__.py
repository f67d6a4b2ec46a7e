"""qcdc-rules: check the legal basis of Vietnamese grassroots-democracy plans.

Python API (the registry and shapes load once per process and are reused)::

    import qcdc_rules
    report = qcdc_rules.check_file("ke-hoach.txt", as_of="2026-03-01")
    for finding in report.findings:
        print(finding.rule, finding.line, finding.message)
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Union

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from .models import FileReport

__all__ = ["check_text", "check_file", "__version__"]


def _options(as_of, **kw):
    from .engine import Options

    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    return Options(as_of=as_of, **kw)


def check_text(text: str, path: str = "<text>", as_of: Union[str, dt.date, None] = None, **options) -> "FileReport":
    """Check a plan given as text; returns the typed per-file report (the model the JSON comes from)."""
    from .engine import default_engine

    return default_engine().check_text(text, path, _options(as_of, **options))


def check_file(path: Union[str, Path], as_of: Union[str, dt.date, None] = None, **options) -> "FileReport":
    """Check one file. An unreadable file gives a report whose `error` is set, not an exception."""
    from .engine import default_engine

    return default_engine().check_file(path, _options(as_of, **options))
