"""Reporters that write file by file (the command line then keeps none of a file's findings) give the same
document as the whole report rendered at once."""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic_core import to_json

from qcdc_rules.pipeline import Engine, Options, rule_catalog
from qcdc_rules.reporters import render_github, render_json, render_sarif
from qcdc_rules.reporters.github import GithubReporter
from qcdc_rules.reporters.json import JsonReporter, file_dict
from qcdc_rules.reporters.sarif import SarifReporter, _results

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLANS = sorted((ROOT / "fixtures" / "plans").glob("*.txt"))[:5] + [ROOT / "fixtures" / "missing.txt"]
ENGINE = Engine()


def _streamed(reporter_class, report):
    out = io.StringIO()
    reporter = reporter_class(out, rules=rule_catalog())
    # as the command line does: each file told as it is checked, then kept without findings or citations;
    # the summary it gives at the end counts the findings as they were
    stubs = [reporter.file(fr, {}).model_copy(update={"findings": [], "citations": []}) for fr in report.files]
    reporter.end(report.model_copy(update={"files": stubs}))
    return out.getvalue()


def test_the_streamed_json_document_is_the_whole_report_rendered_at_once():
    engine = Engine()
    options = Options(as_of=dt.date(2026, 6, 1))
    report = engine.report([engine.check_file(p) for p in PLANS], options)
    whole = render_json(report)
    assert _streamed(JsonReporter, report) == whole
    data = json.loads(whole)
    assert data["summary"]["error"] > 0 and data["summary"]["unreadable"] == 1
    assert [Path(f["path"]).name for f in data["files"]] == [p.name for p in PLANS]


def test_a_streamed_json_document_of_no_files_is_the_empty_report():
    engine = Engine()
    options = Options(as_of=dt.date(2026, 6, 1))
    report = engine.report([], options)
    text = _streamed(JsonReporter, report)
    assert text == render_json(report) and json.loads(text)["files"] == []


def test_streamed_github_annotations_are_those_of_the_whole_report():
    engine = Engine()
    report = engine.report([engine.check_file(p) for p in PLANS], Options())
    text = _streamed(GithubReporter, report)
    assert text == render_github(report) and text.count("::error ") > 1


def test_the_streamed_sarif_log_is_the_whole_report_rendered_at_once():
    engine = Engine()
    clean = [ROOT / "fixtures" / "plans" / "sach-2026.txt"]
    for paths in (PLANS, clean, []):  # findings and an unreadable file; a plan without findings; no file
        report = engine.report([engine.check_file(p) for p in paths], Options())
        whole = render_sarif(report, rule_catalog())
        assert _streamed(SarifReporter, report) == whole
        if paths == clean:
            assert json.loads(whole)["runs"][0]["results"] == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(codec="utf-8"), max_size=300))
def test_a_file_s_json_object_is_what_json_dumps_writes(noise):
    """The JSON reporter lets pydantic write each file's object (file_dict, ids included); it must read as json.dumps
    writes it, whatever
    the text (control characters, quotes, backslashes, RTL marks) in messages and excerpts."""
    plan = (ROOT / "fixtures" / "plans" / "mau-2026.txt").read_text("utf-8")
    fr = ENGINE.check_text(plan.replace("Căn cứ", "Căn cứ " + noise, 1), path=f"p{noise[:5]}.txt")
    data = file_dict(fr)
    assert to_json(data, indent=2).decode() == json.dumps(data, ensure_ascii=False, indent=2)
    assert [f["id"] for f in data["findings"]] and all(len(f["id"]) == 32 for f in data["findings"])
    # and the SARIF reporter lets pydantic write each result
    results = _results(fr, {c: i for i, c in enumerate(sorted(rule_catalog()))}, "vi")
    assert results and all(to_json(r, indent=2).decode() == json.dumps(r, ensure_ascii=False, indent=2)
                           for r in results)
