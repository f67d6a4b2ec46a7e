"""What findings say on the fixture plans: messages, fixes, options (the per-rule firing/passing cases
are in tests/rules/QCDCnnn/)."""
from __future__ import annotations

from pathlib import Path


FIX = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file()) / "fixtures" / "plans"

def test_superseded_message_and_fix_name_the_replacement(check):
    report = check("mau-2026.txt")
    by_inst = {f.instrument: f for f in report.findings if f.rule == "QCDC101"}
    law = by_inst["34/2007/PL-UBTVQH11"]
    assert "01/07/2023" in law.message and "10/2022/QH15" in law.message
    assert law.fix.replacement == "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022 của Quốc hội"
    assert law.fix.safety == "unsafe"
    # 04/2015: nothing repeals it; the message names the current basis and says the date is unconfirmed,
    # and no replacement fix is suggested (there is no one instrument to put in its place)
    decree = by_inst["04/2015/NĐ-CP"]
    assert "không còn được áp dụng từ ngày 01/07/2023" in decree.message
    assert "chưa được xác nhận bằng văn bản gốc" in decree.message
    assert ("căn cứ hiện hành: Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 (Chương III) và Nghị định số "
            "59/2023/NĐ-CP") in decree.message
    assert decree.fix is None


def test_english_messages(check):
    from qcdc_rules.pipeline import Options  # noqa: F401

    report = check("mau-2026.txt", lang="en")
    f = next(f for f in report.findings if f.rule == "QCDC101" and f.instrument == "34/2007/PL-UBTVQH11")
    assert f.message.startswith("Pháp lệnh số 34/2007/PL-UBTVQH11 ceased to be in force on 01/07/2023")


def test_as_of_moves_the_plan_date(check):
    # the 2023 plan checked as of 2026: both instruments have ceased
    report = check("het-hieu-luc-trong-ky-2023.txt", as_of=__import__("datetime").date(2026, 1, 1))
    assert report.plan.date_source == "as-of"
    assert {f.instrument for f in report.findings if f.rule == "QCDC101"} == {"34/2007/PL-UBTVQH11", "04/2015/NĐ-CP"}


def test_pre_issuance_raises_placeholder_severity(check):
    normal = check("de-trong-2024.txt")
    strict = check("de-trong-2024.txt", pre_issuance=True)
    assert {f.severity for f in normal.findings if f.rule == "QCDC205"} == {"info"}
    assert {f.severity for f in strict.findings if f.rule == "QCDC205"} == {"error"}


def test_strict_reports_local_instruments(check):
    normal = check("ngay-va-ky-hieu-sai.txt", preview=True)
    strict = check("ngay-va-ky-hieu-sai.txt", strict=True, preview=True)
    local = [f for f in strict.findings if f.rule == "QCDC105" and f.text.startswith("Kế hoạch số 12/KH-UBND")]
    assert local and local[0].line == 16
    assert not [f for f in normal.findings if f.rule == "QCDC105" and "12/KH-UBND" in f.text]


def test_select_and_ignore(check):
    only = check("mau-2026.txt", select=["QCDC1"], ignore=["QCDC106"])
    assert {f.rule for f in only.findings} == {"QCDC101"}


def test_title_mismatch_spares_joint_citations(check):
    report = check("trich-yeu-sai-2024.txt")
    flagged = {f.instrument for f in report.findings if f.rule == "QCDC108"}
    assert "217-QĐ/TW" not in flagged and "218-QĐ/TW" not in flagged
    f = next(f for f in report.findings if f.rule == "QCDC108" and f.instrument == "30-CT/TW")
    assert "120-KL/TW" in f.message


def test_abolished_level_ignores_titles_and_quotations(check):
    report = check("cap-huyen-2026.txt")
    lines = sorted(f.line for f in report.findings if f.rule == "QCDC206")
    assert 14 not in lines and lines == [2, 23, 24, 28]   # line 14 quotes "…xã, phường, thị trấn"


def test_abolished_level_only_from_its_date(check):
    import datetime as dt

    early = check("cap-huyen-2026.txt", as_of=dt.date(2025, 6, 30))
    assert not [f for f in early.findings if f.rule == "QCDC206"]


def test_misspelled_law_name_is_reported_with_a_safe_fix(check, tmp_path):
    from click.testing import CliRunner

    from qcdc_rules.cli import main

    text = (FIX / "sach-2026.txt").read_text("utf-8").replace(
        "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, được sửa đổi",
        "Căn cứ Luật thực hiện chủ ở cơ sở; Luật số 10/2022/QH15, được sửa đổi")
    p = tmp_path / "p.txt"
    p.write_text(text, "utf-8")
    report = check(str(p))
    (f,) = [f for f in report.findings if f.rule == "QCDC108"]
    assert f.line == 12 and f.instrument == "10/2022/QH15" and f.fix.safety == "safe"
    assert f.fix.replacement == "Luật Thực hiện dân chủ ở cơ sở"
    diff = CliRunner().invoke(main, ["--diff", str(p)]).stdout
    assert "+Căn cứ Luật Thực hiện dân chủ ở cơ sở; Luật số 10/2022/QH15" in diff
