"""Setting findings aside after checking them: a Word comment "qcdc: bỏ qua QCDCnnn" on a paragraph silences
those rules there (and only there), and a baseline file silences the findings it lists; the report counts
what was set aside, and nothing is ever needed in the document's text."""
from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx_builder import plan_to_docx

from qcdc_rules.cli import main

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLAN = ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt"


def report(*args: str) -> dict:
    r = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", "--isolated", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def found(rep: dict) -> list[tuple[str, str]]:
    return [(f["rule"], f["text"]) for f in rep["files"][0]["findings"]]


@pytest.fixture
def plan(tmp_path) -> Path:
    return plan_to_docx(PLAN.read_text(encoding="utf-8"), tmp_path / "ke-hoach.docx")


def comment_on(path: Path, words: str, text: str) -> None:
    d = docx.Document(str(path))
    para = next(p for p in d.paragraphs if words in p.text)
    d.add_comment(para.runs, text=text, author="Chuyên viên pháp chế", initials="PC")
    d.save(str(path))


def test_a_word_comment_sets_a_rule_aside_on_its_paragraph_only(plan):
    before = found(report(str(plan)))
    assert ("QCDC104", "Nghị định số 145/NĐ-CP") in before
    comment_on(plan, "145/NĐ-CP", "qcdc: bỏ qua QCDC104 — đã kiểm tra, giữ nguyên theo văn bản gốc")
    after = report(str(plan))
    assert ("QCDC104", "Nghị định số 145/NĐ-CP") not in found(after)
    assert [x for x in before if x != ("QCDC104", "Nghị định số 145/NĐ-CP")] == found(after)
    assert after["files"][0]["suppressed"] == 1 and after["summary"]["suppressed"] == 1
    text = CliRunner().invoke(main, ["check", "--isolated", "--exit-zero", str(plan)]).stdout
    assert "1 phát hiện đã được bỏ qua" in text


def test_several_codes_and_other_comments(plan):
    comment_on(plan, "145/NĐ-CP", "qcdc: bỏ qua QCDC104, QCDC105")
    comment_on(plan, "Căn cứ Pháp lệnh", "Xem lại ngày ban hành")  # an ordinary comment sets nothing aside
    rep = report("--preview", str(plan))  # QCDC105 is in preview
    rules = [r for r, _ in found(rep)]
    assert "QCDC105" not in rules and "QCDC103" in rules and rep["files"][0]["suppressed"] == 2


def test_baseline_sets_aside_what_it_lists(tmp_path):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    first = CliRunner().invoke(main, ["check", "--isolated", "--exit-zero", "--write-baseline", str(baseline),
                                      str(plan)])
    n = len(found(report(str(plan))))
    assert f"đã ghi {n} phát hiện" in first.stderr
    assert json.loads(baseline.read_text(encoding="utf-8"))["schema"] == "qcdc-check/baseline/1"
    assert found(report("--baseline", str(baseline), str(plan))) == []
    # a new problem added above the old ones is reported; the old ones stay set aside though their lines moved
    text = plan.read_text(encoding="utf-8").replace(
        "Căn cứ Pháp lệnh", "Căn cứ Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ;\nCăn cứ Pháp lệnh", 1)
    plan.write_text(text, encoding="utf-8")
    after = report("--baseline", str(baseline), str(plan))
    assert [t for _, t in found(after)] == ["Nghị định số 04/2015/NĐ-CP"] and after["summary"]["suppressed"] == n
    r = CliRunner().invoke(main, ["check", "--isolated", "--baseline", str(tmp_path / "missing.json"), str(plan)])
    assert r.exit_code == 2 and "baseline" in r.output
