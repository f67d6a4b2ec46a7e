"""Rules in preview (issue 21, item 3): off by default, on with --preview (or `preview = true`, or preview=True in
the Python API) or when selected by their exact code; `rule` and `rules` show each rule's state and measured
precision; SARIF describes every rule with its state."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import qcdc_rules
from qcdc_rules.cli import main

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLAN = ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt"  # 999/2022/NĐ-CP is unknown: QCDC105, in preview


def rules_of(*args: str, plan: Path = PLAN) -> set[str]:
    r = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", "--isolated", *args, str(plan)])
    assert r.exit_code == 0, r.output
    return {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]}


def test_cli_a_preview_rule_is_off_by_default_and_on_with_preview():
    default = rules_of()
    assert "QCDC105" not in default and "QCDC103" in default
    # QCDC105 (an unknown decree) and QCDC109 (145/2020/NĐ-CP, amended by 35/2022/NĐ-CP before the plan date)
    assert rules_of("--preview") == default | {"QCDC105", "QCDC109"}


def test_cli_select_by_exact_code_but_not_by_prefix():
    assert rules_of("--select", "QCDC105") == {"QCDC105"}
    assert "QCDC105" in rules_of("--extend-select", "QCDC105")
    assert "QCDC105" not in rules_of("--select", "QCDC1") and "QCDC103" in rules_of("--select", "QCDC1")
    assert "QCDC105" in rules_of("--select", "QCDC1", "--preview")


def test_config_preview_key(tmp_path):
    (tmp_path / "qcdc.toml").write_text("preview = true\n", "utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN.read_text("utf-8"), "utf-8")
    r = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", str(plan)])
    assert "QCDC105" in {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]}
    shown = CliRunner().invoke(main, ["config", str(plan)])
    assert f"preview = true  # {tmp_path / 'qcdc.toml'}" in shown.output


def test_api_preview():
    assert "QCDC105" not in {f.rule for f in qcdc_rules.check_file(PLAN).findings}
    assert "QCDC105" in {f.rule for f in qcdc_rules.check_file(PLAN, preview=True).findings}
    assert "QCDC105" in {f.rule for f in qcdc_rules.check_files([PLAN], preview=True)[0].findings}
    assert {f.rule for f in qcdc_rules.check_file(PLAN, select=["QCDC105"]).findings} == {"QCDC105"}


def test_sarif_describes_preview_rules_with_their_state():
    r = CliRunner().invoke(main, ["check", "--format", "sarif", "--exit-zero", "--isolated", str(PLAN)])
    rules = {d["id"]: d for d in json.loads(r.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["QCDC105"]["properties"]["qcdc-state"] == "preview"
    assert rules["QCDC101"]["properties"]["qcdc-state"] == "stable"


def test_rule_text_shows_state_and_precision_in_vi_and_en():
    vi = CliRunner().invoke(main, ["rule", "QCDC105"]).output
    assert "Trạng thái: thử nghiệm (chỉ chạy khi dùng --preview hoặc khi chọn đúng mã quy tắc này)" in vi
    assert "Độ chính xác: " in vi and ("phát hiện thực tế" in vi)
    en = CliRunner().invoke(main, ["rule", "QCDC105", "--lang", "en"]).output
    assert "State: preview (runs only with --preview, or when this rule is selected by its code)" in en
    assert "Precision: " in en and "judged findings on real documents" in en
    assert "Trạng thái: ổn định (chạy mặc định)" in CliRunner().invoke(main, ["rule", "QCDC101"]).output


def test_rule_text_gives_a_figure_only_from_ten_judged_findings():
    from dataclasses import replace

    from qcdc_rules.cli.rules import rule_text
    from qcdc_rules.pipeline import rule_catalog

    r = rule_catalog()["QCDC305"]
    few = replace(r, precision=0.5, judged=9, measured_on="2026-03-04")
    assert ("Độ chính xác: chưa đo (mới đánh giá 9 phát hiện thực tế, cần ít nhất 10; 04/03/2026)"
            in rule_text(few, "vi"))
    assert ("Precision: not yet measured (9 judged findings on real documents, 10 needed; 2026-03-04)"
            in rule_text(few, "en"))
    enough = replace(few, precision=0.875, judged=24)
    assert "Độ chính xác: 88%, đo trên 24 phát hiện thực tế ngày 04/03/2026" in rule_text(enough, "vi")
    assert "Precision: 88%, measured on 24 judged findings on real documents on 2026-03-04" in rule_text(enough, "en")


def test_rules_table_and_json_show_state_and_precision():
    table = CliRunner().invoke(main, ["rules"]).output
    row = next(line for line in table.splitlines() if "QCDC105" in line)
    assert "thử nghiệm" in row
    assert "trạng thái" in table and "độ chính xác" in table
    en = CliRunner().invoke(main, ["rules", "--lang", "en"]).output
    assert "preview" in next(line for line in en.splitlines() if "QCDC303" in line)
    assert "stable" in next(line for line in en.splitlines() if "QCDC101" in line)
    records = {r["code"]: r for r in json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).output)}
    assert records["QCDC105"]["state"] == "preview" and records["QCDC206"]["state"] == "stable"
    assert {"precision", "judged_findings", "measured_on"} <= set(records["QCDC105"])
