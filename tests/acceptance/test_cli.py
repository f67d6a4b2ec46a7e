from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLANS = ROOT / "fixtures" / "plans"
SCHEMA = json.loads(__import__("qcdc_rules.contract", fromlist=["SCHEMA_PATH"]).SCHEMA_PATH.read_text("utf-8"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_full_output_shows_location_source_line_and_summary():
    r = run(PLANS / "mau-2026.txt")
    assert r.exit_code == 1
    assert f"{PLANS / 'mau-2026.txt'}:12:8: QCDC101 [lỗi] Pháp lệnh số 34/2007/PL-UBTVQH11 đã hết hiệu lực" in r.output
    assert "12 | Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11" in r.output
    assert "   |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^" in r.output
    assert "Tìm thấy 2 lỗi, 1 cảnh báo, 0 thông tin trong 1 tệp." in r.output


def test_json_validates_against_the_shipped_schema():
    r = run("--format", "json", PLANS / "mau-2026.txt", PLANS / "ngay-va-ky-hieu-sai.txt")
    data = json.loads(r.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "qcdc-check/report/1"
    f = next(x for x in data["files"][0]["findings"] if x["rule"] == "QCDC101")
    assert f["instrument"] == "34/2007/PL-UBTVQH11" and f["fix"]["replacement"] == (
        "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022 của Quốc hội")
    cit = next(c for c in data["files"][1]["citations"] if c["symbol"] == "145/NĐ-CP")
    assert cit["instrument"] == "145/2020/NĐ-CP" and cit["resolved"] is True
    assert data["summary"]["files"] == 2


def test_json_against_the_official_example_fields_and_status():
    r = run("--format", "json", "--as-of", "2023-03-01", PLANS / "het-hieu-luc-trong-ky-2023.txt")
    data = json.loads(r.stdout)
    plan = data["files"][0]["plan"]
    assert plan["date"] == "2023-03-01" and plan["date_source"] == "as-of" and data["registry"]["as_of"] == "2023-03-01"
    status = {c["instrument"]: c["status_on_plan_date"] for c in data["files"][0]["citations"] if c["instrument"]}
    assert status["34/2007/PL-UBTVQH11"] == "in-force" and status["10/2022/QH15"] == "not-yet"


@pytest.mark.parametrize("args,code", [
    (["sach-2026.txt"], 0),
    (["mau-2026.txt"], 1),
    (["mau-2026.txt", "--exit-zero"], 0),
    (["het-hieu-luc-trong-ky-2023.txt"], 0),                          # info only
    (["het-hieu-luc-trong-ky-2023.txt", "--fail-on", "warning"], 0),
    (["het-hieu-luc-trong-ky-2023.txt", "--fail-on", "info"], 1),
    (["thoi-han-sai-2024.txt"], 0),                                   # warnings only
    (["thoi-han-sai-2024.txt", "--fail-on", "warning"], 1),
    (["de-trong-2024.txt", "--fail-on", "info"], 1),
    (["de-trong-2024.txt", "--pre-issuance"], 1),
    (["mau-2026.txt", "--ignore", "QCDC101"], 0),
])
def test_exit_codes(args, code):
    r = run(*[PLANS / a if a.endswith(".txt") else a for a in args])
    assert r.exit_code == code, r.output


def test_unreadable_file_is_one_clear_error_and_the_others_are_checked(tmp_path):
    bad = tmp_path / "cu.txt"
    bad.write_bytes(b"K\x81 ho\x8fch")  # neither UTF-8 nor Windows-1258 nor TCVN3 Vietnamese
    r = run("--format", "json", bad, PLANS / "mau-2026.txt")
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    assert data["files"][0]["error"]["code"] == "encoding" and data["files"][0]["findings"] == []
    assert any(f["rule"] == "QCDC101" for f in data["files"][1]["findings"])
    assert "Traceback" not in r.output
    assert r.stderr.count("\n") == 1 and str(bad) in r.stderr
    assert bad.read_bytes() == b"K\x81 ho\x8fch"  # never modified


def test_usage_errors_exit_2():
    assert run().exit_code == 2
    assert run("--as-of", "yesterday", PLANS / "mau-2026.txt").exit_code == 2
    assert run("--format", "xml", PLANS / "mau-2026.txt").exit_code == 2


def test_english_and_concise():
    r = run("--lang", "en", "--format", "concise", PLANS / "mau-2026.txt")
    assert "QCDC101 [error] Pháp lệnh số 34/2007/PL-UBTVQH11 ceased to be in force on 01/07/2023" in r.output
    assert "Found 2 errors, 1 warning, 0 info in 1 file(s)." in r.output


def test_output_file(tmp_path):
    out = tmp_path / "r.json"
    r = run("--format", "json", "-o", out, PLANS / "sach-2026.txt")
    assert r.exit_code == 0 and r.stdout == ""
    assert json.loads(out.read_text("utf-8"))["files"][0]["findings"] == []


def test_line_numbers_are_not_turned_into_emoji(tmp_path):
    # rich renders ":100:" as an emoji unless told not to
    p = tmp_path / "long.txt"
    p.write_text("KẾ HOẠCH\nDân chủ ở cơ sở năm 2026\n" + "\n" * 97 + "Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11;\n",
                 "utf-8")
    for fmt in ("concise", "full"):
        r = run("--format", fmt, p)
        assert f"{p}:100:8: QCDC101" in r.output and "\U0001f4af" not in r.output


def test_text_output_speaks_vietnamese_by_default():
    vi = run("--format", "full", PLANS / "mau-2026.txt").output
    assert "QCDC101 [lỗi]" in vi and "QCDC106 [cảnh báo]" in vi and "(lấy từ phần đầu văn bản)" in vi
    assert "[error]" not in vi and "(header)" not in vi
    en = run("--format", "concise", "--lang", "en", PLANS / "mau-2026.txt").output
    assert "QCDC101 [error]" in en


def test_a_streamed_report_keeps_no_findings_yet_the_exit_code_and_baseline_count_them_all(tmp_path):
    """json-lines writes each file's findings as it goes and keeps none of them (memory flat over an archive);
    the exit code, --write-baseline and --show-fixes still see every finding."""
    plan = PLANS / "mau-2026.txt"
    r = run("--format", "json-lines", str(plan), str(plan))
    lines = [json.loads(l) for l in r.output.splitlines() if l.startswith("{")]
    assert r.exit_code == 1 and len(lines) == 2
    assert {"QCDC101"} <= {f["rule"] for f in lines[1]["findings"]}
    base = tmp_path / "baseline.json"
    run("--format", "json-lines", "--write-baseline", str(base), str(plan))
    # from the baseline's folder
    kept = json.loads(base.read_text("utf-8"))["files"][Path(os.path.relpath(plan, tmp_path)).as_posix()]
    assert len(kept) == len(lines[0]["findings"]) > 0
    fixes = run("--format", "json-lines", "--show-fixes", "--exit-zero", str(plan)).output
    assert "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15" in fixes.split("\n", 1)[1]
