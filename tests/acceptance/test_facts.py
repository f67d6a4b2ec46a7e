"""Each corrected registry fact, as a plan officer would meet it: each test fails on the old value."""
from __future__ import annotations


def plan(date: str, basis: str, year: int) -> str:
    return (f"ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố: 12/KH-UBND\nAn Bình, ngày {date}\nKẾ HOẠCH\n"
            f"Thực hiện dân chủ ở cơ sở năm {year}\nCăn cứ {basis};\nI. MỤC ĐÍCH, YÊU CẦU\nNội dung.\n")


def rules_for(report, instrument):
    return sorted((f.rule, f.severity) for f in report.findings if f.instrument == instrument)


def test_159_2016_ceased_on_08_08_2023(check):
    r = check(plan("10 tháng 8 năm 2023", "Nghị định số 159/2016/NĐ-CP ngày 29/11/2016 của Chính phủ", 2023))
    f = next(f for f in r.findings if f.rule == "QCDC101" and f.instrument == "159/2016/NĐ-CP")
    assert "08/08/2023" in f.message and "59/2023/NĐ-CP" in f.message
    before = check(plan("07 tháng 8 năm 2023", "Nghị định số 159/2016/NĐ-CP ngày 29/11/2016 của Chính phủ", 2023))
    assert "QCDC101" not in [x for x, _ in rules_for(before, "159/2016/NĐ-CP")]


def test_the_law_is_not_amended_for_a_plan_before_01_07_2025(check):
    basis = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
    early = check(plan("01 tháng 3 năm 2025", basis, 2025), preview=True)
    assert "QCDC109" not in [x for x, _ in rules_for(early, "10/2022/QH15")]
    late = check(plan("01 tháng 3 năm 2026", basis, 2026), preview=True)
    f = next(f for f in late.findings if f.rule == "QCDC109")
    assert "47/2024/QH15" in f.message and "97/2025/QH15" in f.message


def test_04_2015_in_a_2026_plan_names_the_current_basis(check):
    r = check(plan("05 tháng 01 năm 2026", "Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ", 2026))
    f = next(f for f in r.findings if f.rule == "QCDC101" and f.instrument == "04/2015/NĐ-CP")
    assert f.severity == "error"
    assert "10/2022/QH15" in f.message and "59/2023/NĐ-CP" in f.message and "Chương III" in f.message
    assert "chưa được xác nhận bằng văn bản gốc" in f.message
    en = check(plan("05 tháng 01 năm 2026", "Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ", 2026),
               lang="en")
    f = next(f for f in en.findings if f.rule == "QCDC101")
    assert "no longer applies from 01/07/2023" in f.message and "not confirmed" in f.message


def test_124_qd_tw_is_resolved_by_its_date_never_by_symbol_alone(check):
    dated = check(plan("05 tháng 01 năm 2026", "Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị", 2026))
    assert [c.instrument for c in dated.citations if c.symbol == "124-QĐ/TW"] == ["124-QĐ/TW"]
    wrong = check(plan("05 tháng 01 năm 2026", "Quy định số 124-QĐ/TW ngày 04/10/2019 của Bộ Chính trị", 2026))
    assert [c.resolved for c in wrong.citations if c.symbol == "124-QĐ/TW"] == [False]
    bare = check(plan("05 tháng 01 năm 2026", "Quy định số 124-QĐ/TW của Bộ Chính trị", 2026))
    assert [c.resolved for c in bare.citations if c.symbol == "124-QĐ/TW"] == [False]


def test_added_instruments_resolve(check):
    text = plan("05 tháng 01 năm 2026", "Bộ luật Lao động số 45/2019/QH14; Chỉ thị số 05-CT/TW ngày 15/5/2016; "
                "Quyết định số 346/QĐ-TTg ngày 06/4/2023; Quyết định số 23-QĐ/TW ngày 30/7/2021", 2026)
    r = check(text)
    assert {c.instrument for c in r.citations if c.resolved} >= {"45/2019/QH14", "05-CT/TW", "346/QĐ-TTg", "23-QĐ/TW"}
    assert not [f for f in r.findings if f.rule == "QCDC105"]
