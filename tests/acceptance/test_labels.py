"""The judged findings on real documents (eval/labels/) hold: a finding judged false that no longer showed
does not come back, and a finding judged true that was found is not lost. eval/labels/state.json records
which judged findings the tool shows (written by `python benchmarks/precision.py --write-state` when a
change is meant to alter them, and reviewed in the diff like a snapshot). Needs ../shared/corpus."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
CORPUS = ROOT.parent / "shared" / "corpus"
STATE = ROOT / "eval" / "labels" / "state.json"

pytestmark = pytest.mark.skipif(not (CORPUS / "real-2025").is_dir(), reason="needs ../shared/corpus")


def _precision():
    spec = importlib.util.spec_from_file_location("precision", ROOT / "benchmarks" / "precision.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["precision"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run():
    p = _precision()
    findings = p.run(p.corpus_files(CORPUS), CORPUS)
    labels = p.load("findings.jsonl")
    return p, findings, labels


@pytest.mark.slow  # over 10 s on 2 shared cores (--durations)
def test_no_finding_judged_false_comes_back_and_none_judged_true_is_lost(run):
    p, findings, labels = run
    now = p.label_state(findings, labels)
    recorded = json.loads(STATE.read_text("utf-8"))
    back = sorted(set(now["false_shown"]) - set(recorded["false_shown"]))
    lost = sorted(set(recorded["true_found"]) - set(now["true_found"]))
    assert not back, f"findings judged false are shown again: {back[:10]}"
    assert not lost, f"findings judged true are no longer found: {lost[:10]}"


def test_no_internal_error_on_any_real_document(run):
    _, findings, _ = run
    assert [f["file"] for f in findings if f.get("error") == "internal-error"] == []


def test_labels_are_well_formed():
    rows = [json.loads(line) for line in (ROOT / "eval" / "labels" / "findings.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) >= 400 and len({r["file"] for r in rows}) >= 150
    assert all(r["verdict"] in ("true", "false", "debatable") and r["reason"].strip() for r in rows)
    docs = [json.loads(line) for line in (ROOT / "eval" / "labels" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert len(docs) >= 40
