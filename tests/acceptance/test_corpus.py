"""The real plans in ../shared/corpus against what a legal officer expects (expected.json).
Skipped where ../shared is not beside the checkout."""
from __future__ import annotations

import json

import pytest

from conftest import CORPUS

EXPECTED = CORPUS / "expected.json"
pytestmark = pytest.mark.skipif(not EXPECTED.exists(), reason="../shared/corpus not present")


def _cases():
    if not EXPECTED.exists():
        return []
    return sorted(json.loads(EXPECTED.read_text("utf-8"))["files"].items())


def _hit(f, w):
    return f.rule == w["rule"] and ("instrument" not in w or f.instrument == w["instrument"])


@pytest.mark.parametrize("name,expected", _cases(), ids=[n for n, _ in _cases()])
def test_corpus_plan(engine, name, expected):
    report = engine.check_file(CORPUS / name)
    assert report.error is None
    missing = [w for w in expected["required"] if not any(_hit(f, w) for f in report.findings)]
    wrong = [(f.rule, f.instrument, f.line) for f in report.findings for w in expected["forbidden"] if _hit(f, w)]
    assert not missing and not wrong, (missing, wrong)
