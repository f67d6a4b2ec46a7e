from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
FIXTURES = ROOT / "fixtures" / "plans"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def engine():
    from qcdc_rules.pipeline import Engine

    return Engine()


@pytest.fixture(scope="session")
def check(engine):
    """check(name_or_text, **options) -> FileReport for a fixture file name or raw text."""
    from qcdc_rules.pipeline import Options

    def _check(source: str, **kw):
        opts = Options(today=dt.date(2026, 11, 21), **kw)
        path = FIXTURES / source
        if len(source) < 400 and "\n" not in source and path.is_file():
            return engine.check_file(path, opts)
        return engine.check_text(source, "<test>", opts)

    return _check
