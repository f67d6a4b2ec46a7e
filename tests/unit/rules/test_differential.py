"""The fast executor (Oxigraph) must give exactly the findings of the reference (pyshacl) on every
fixture plan, every corpus plan, and generated plans."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from qcdc_rules.pipeline import Engine, Options
from qcdc_rules.pipeline import load_registry

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLANS = sorted((ROOT / "fixtures" / "plans").glob("*.txt")) + sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def engines():
    reg = load_registry()
    return Engine(reg, "pyshacl"), Engine(reg, "oxigraph")


def _same(engines, path, **kw):
    ref, fast = engines
    for opts in (Options(preview=True, **kw), Options(strict=True, pre_issuance=True, preview=True, **kw)):
        a = [f.model_dump() for f in ref.check_file(path, opts).findings]
        b = [f.model_dump() for f in fast.check_file(path, opts).findings]
        assert a == b, path


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_fast_executor_matches_pyshacl(engines, path):
    _same(engines, path)


@pytest.mark.parametrize("as_of", ["2023-01-01", "2023-07-15", "2026-06-01"])
def test_fast_executor_matches_pyshacl_on_other_dates(engines, as_of):
    import datetime as dt

    for path in PLANS[:6]:
        _same(engines, path, as_of=dt.date.fromisoformat(as_of))


def test_fast_executor_matches_pyshacl_on_generated_plans(engines, tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_plans

    for path in generate_plans(tmp_path, 12, random.Random(3)):
        _same(engines, path)


def test_substitution_gives_what_the_written_in_iri_gives(tmp_path):
    """A query prebind.py cannot rewrite runs with Oxigraph's substitution: both forms agree on every plan."""
    import dataclasses

    from qcdc_rules.rules.executors.oxigraph import OxigraphExecutor

    written = Engine(load_registry(), "oxigraph")
    substituted = Engine(load_registry(), "oxigraph")
    substituted._executor = OxigraphExecutor(
        substituted.registry, [dataclasses.replace(c, template=None) for c in written._executor.constraints])
    assert all(c.template for c in written._executor.constraints)
    for path in PLANS:
        a = [f.model_dump() for f in written.check_file(path, Options(preview=True)).findings]
        b = [f.model_dump() for f in substituted.check_file(path, Options(preview=True)).findings]
        assert a == b, path


def test_plans_checked_together_get_what_they_get_alone(tmp_path):
    """Engine.check_files runs the rules once over many plans (rules/batch.py): every report, findings in
    order included, is the one the plan gets checked alone."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_plans

    engine = Engine(load_registry(), "oxigraph")
    paths = PLANS + generate_plans(tmp_path, 40, random.Random(5))
    together = engine.check_files(paths, Options(strict=True, preview=True))  # every rule, those in preview too
    for path, (report, _) in zip(paths, together):
        assert report.model_dump() == engine.check_file(path, Options(strict=True,
                                                                      preview=True)).model_dump(), path.name
