"""One folder per rule (tests/rules/QCDCnnn/cases.toml): the plans on which the rule must fire (on this
line, for this instrument, at this severity) and the plans on which it must not. The folders are found,
not listed: adding a rule is its shape in shapes/ plus its folder here. Every rule runs here, those in
preview too (preview=True, as `--preview`)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
PLANS = HERE.parent.parent / "fixtures" / "plans"
FOLDERS = sorted(p for p in HERE.iterdir() if p.is_dir() and p.name.startswith("QCDC"))


def _cases(kind: str):
    for folder in FOLDERS:
        data = tomllib.loads((folder / "cases.toml").read_text("utf-8"))
        for i, case in enumerate(data.get(kind, [])):
            yield pytest.param(folder, case, id=f"{folder.name}-{kind}-{i}-{case['plan']}")


def _plan(folder: Path, name: str) -> str:
    own = folder / name
    return str(own if own.is_file() else PLANS / name)


@pytest.mark.parametrize("folder,case", list(_cases("fires")))
def test_rule_fires(check, folder, case):
    report = check(_plan(folder, case["plan"]), preview=True)
    assert report.error is None, report.error
    got = [(f.rule, f.line, f.instrument, f.severity) for f in report.findings]
    assert any(
        rule == folder.name and line == case["line"]
        and ("instrument" not in case or inst == case["instrument"])
        and ("severity" not in case or sev == case["severity"])
        for rule, line, inst, sev in got
    ), f"{case['plan']}: expected {folder.name} on line {case['line']} ({case.get('instrument')}); got {got}"


@pytest.mark.parametrize("folder,case", list(_cases("passes")))
def test_rule_passes(check, folder, case):
    report = check(_plan(folder, case["plan"]), preview=True)
    assert report.error is None, report.error
    assert [f for f in report.findings if f.rule == folder.name] == []


def test_every_rule_has_a_folder_that_fires_and_passes():
    from qcdc_rules.pipeline import rule_catalog

    codes = set(rule_catalog())
    assert {f.name for f in FOLDERS} == codes
    for folder in FOLDERS:
        data = tomllib.loads((folder / "cases.toml").read_text("utf-8"))
        assert data.get("fires") and data.get("passes"), folder.name
