"""One folder per rule (tests/rules/QCDCnnn/): small plans written for that rule, each pinned by a snapshot
beside it (PLAN-STEM.snap: every finding of the rule on it, in Vietnamese and English, with its fix),
compared exactly, as ruff's fixtures are. A rule that fires twice, on another span, or with another message
or fix fails here. `cases.toml` lists the plans on which the rule must find nothing (`passes`, in the folder
or in fixtures/plans/); every other plan in the folder must give at least one finding. `word-lists` there names
the office word lists (QCDC401) every plan of the folder is checked with.

The folders are found, not listed: adding a rule is its shape in shapes/ plus its folder here. Every rule
runs, those in preview too (preview=True, as `--preview`). Update snapshots on purpose with
`QCDC_UPDATE_SNAPSHOTS=1 python -m pytest tests/rules` (rule_snapshots.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rule_snapshots import UPDATE_ENV, assert_snapshot, render

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
PLANS = HERE.parent.parent / "fixtures" / "plans"
FOLDERS = sorted(p for p in HERE.iterdir() if p.is_dir() and p.name.startswith("QCDC"))
SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def _cases_of(folder: Path) -> dict:
    return tomllib.loads((folder / "cases.toml").read_text("utf-8"))


def _own_plans(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES)


def _firing():
    for folder in FOLDERS:
        passes = set(_cases_of(folder).get("passes", []))
        for plan in _own_plans(folder):
            if plan.name not in passes:
                yield pytest.param(folder, plan, id=f"{folder.name}-{plan.name}")


def _passing():
    for folder in FOLDERS:
        for name in _cases_of(folder).get("passes", []):
            yield pytest.param(folder, name, id=f"{folder.name}-passes-{name}")


def _word_lists(folder: Path) -> tuple[str, ...]:
    """The word lists a rule folder's plans are checked with (cases.toml `word-lists`, relative to the folder)."""
    return tuple(str(folder / name) for name in _cases_of(folder).get("word-lists", []))


def _findings(check, plan: Path, code: str, lang: str) -> list:
    report = check(str(plan), preview=True, lang=lang, word_lists=_word_lists(HERE / code))
    assert report.error is None, report.error
    return [f for f in report.findings if f.rule == code]


@pytest.mark.parametrize("folder,plan", list(_firing()))
def test_rule_snapshot(check, folder, plan):
    code = folder.name
    vi, en = _findings(check, plan, code, "vi"), _findings(check, plan, code, "en")
    assert vi, f"{code} finds nothing on {plan.name}; list it under `passes` in cases.toml if that is meant"
    assert_snapshot(folder / f"{plan.stem}.snap", render(code, plan.name, vi, en))


@pytest.mark.parametrize("folder,name", list(_passing()))
def test_rule_passes(check, folder, name):
    own = folder / name
    plan = own if own.is_file() else PLANS / name
    assert plan.is_file(), f"{folder.name}/cases.toml: no plan {name} in the folder or in fixtures/plans/"
    assert [(f.line, f.message) for f in _findings(check, plan, folder.name, "vi")] == []


def test_every_rule_has_a_folder_with_plans_that_fire_and_pass():
    from qcdc_rules.pipeline import rule_catalog

    assert {f.name for f in FOLDERS} == set(rule_catalog())
    for folder in FOLDERS:
        passes = _cases_of(folder).get("passes", [])
        assert passes, f"{folder.name}: no plan on which the rule must find nothing"
        assert [p for p in _own_plans(folder) if p.name not in passes], f"{folder.name}: no plan on which it fires"


def test_no_stale_or_ambiguous_snapshot():
    """Each snapshot belongs to exactly one firing plan of its folder (a renamed or deleted plan leaves none)."""
    import os

    for folder in FOLDERS:
        passes = set(_cases_of(folder).get("passes", []))
        firing = [p for p in _own_plans(folder) if p.name not in passes]
        stems = [p.stem for p in firing]
        assert len(stems) == len(set(stems)), f"{folder.name}: two plans share a stem: {stems}"
        for snap in folder.glob("*.snap"):
            if snap.stem not in stems:
                if os.environ.get(UPDATE_ENV) == "1":
                    snap.unlink()
                    continue
                pytest.fail(f"stale snapshot {snap} (no firing plan {snap.stem}.*): remove it, or {UPDATE_ENV}=1")
