"""What the registry says besides replacement and whole-text amendment (issue 20, item 6): a law that governs
the budget years it names, an amendment of some articles, content carried on by a later text, duties moved from
one level or body to another. Each is vocabulary in ontology/qcdc.ttl, data with a source, shown by `registry
show` in Vietnamese and English, and used by a rule where one needs it. Plans are written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

HEADER = """ỦY BAN NHÂN DÂN
XÃ AN HÒA
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: {num}/KH-UBND
An Hòa, ngày {day}

KẾ HOẠCH
{title}

Căn cứ {basis};
Ủy ban nhân dân xã ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Bảo đảm thu, chi đúng dự toán được giao.

II. NỘI DUNG THỰC HIỆN
1. Rà soát các khoản chi thường xuyên.

III. TỔ CHỨC THỰC HIỆN
1. Công chức Tài chính - Kế toán chủ trì, báo cáo Chủ tịch Ủy ban nhân dân xã trước ngày 20/12.

Nơi nhận:
- Như trên;
- Lưu: VT.
CHỦ TỊCH
Lê Văn Bình
"""

BUDGET_LAW = "Luật Ngân sách nhà nước số 83/2015/QH13"


def _plan(day: str, title: str, basis: str, num: str = "7") -> str:
    return HEADER.format(num=num, day=day, title=title, basis=basis)


def test_budget_year_of_a_title():
    from qcdc_rules.core.budget import budget_year

    assert budget_year("Quyết toán ngân sách xã năm 2025") == 2025
    assert budget_year("Thực hiện dự toán thu, chi ngân sách nhà nước năm 2026") == 2026
    assert budget_year("Thực hiện dân chủ ở cơ sở năm 2025") is None  # a year, but not of a budget
    assert budget_year(None) is None


def _rules(report, code):
    return [f for f in report.findings if f.rule == code]


def test_budget_law_not_ceased_for_a_plan_of_a_budget_year_it_still_governs(check):
    # dated in 2026, after Luật 83/2015 ceased, but about the 2025 budget: that year stays under it
    report = check(_plan("15 tháng 01 năm 2026", "Quyết toán ngân sách xã năm 2025", BUDGET_LAW))
    assert report.error is None
    assert _rules(report, "QCDC101") == []


def test_budget_law_ceased_for_a_plan_of_a_later_budget_year(check):
    report = check(_plan("10 tháng 02 năm 2026", "Thực hiện dự toán ngân sách xã năm 2026", BUDGET_LAW))
    found = _rules(report, "QCDC101")
    assert [f.instrument for f in found] == ["83/2015/QH13"]
    assert "01/01/2026" in found[0].message
    assert "89/2025/QH15" in found[0].message  # its replacement


def test_budget_law_within_the_period_of_a_plan_of_its_last_budget_year(check):
    # dated in 2025 for the 2025 budget: neither ceased nor ceasing within the plan's year
    report = check(_plan("20 tháng 3 năm 2025", "Thực hiện dự toán ngân sách xã năm 2025", BUDGET_LAW))
    assert _rules(report, "QCDC101") == [] and _rules(report, "QCDC102") == []


def test_article_amendment_named_in_the_amended_instrument_finding(check):
    basis = ("Nghị định số 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ quy định chi tiết và hướng dẫn thi hành "
             "một số điều của Bộ luật Lao động về điều kiện lao động và quan hệ lao động")
    report = check(_plan("05 tháng 3 năm 2025", "Báo cáo tình hình sử dụng lao động năm 2025", basis), preview=True)
    found = _rules(report, "QCDC109")
    assert [f.instrument for f in found] == ["145/2020/NĐ-CP"]
    assert "Nghị định số 35/2022/NĐ-CP" in found[0].message
    assert "Điều 4, Điều 31" in found[0].message


def test_article_amendment_counts_from_its_own_date(check):
    # Nghị định 35/2022 applies from 15/7/2022: a plan of June 2022 is not told to cite 145/2020 as amended
    basis = "Nghị định số 145/2020/NĐ-CP ngày 14/12/2020 của Chính phủ"
    report = check(_plan("10 tháng 6 năm 2022", "Báo cáo tình hình sử dụng lao động năm 2022", basis), preview=True)
    assert _rules(report, "QCDC109") == []


@pytest.fixture(scope="module")
def registry():
    from qcdc_rules.pipeline import load_registry

    return load_registry()


def test_budget_year_facts_and_their_status(registry):
    iri = registry.by_symbol
    from qcdc_rules.core.symbols import symbol_key

    old, new = iri[symbol_key("83/2015/QH13")], iri[symbol_key("89/2025/QH15")]
    assert registry.status_on(old.iri, dt.date(2025, 12, 31)) == "unknown"  # no sourced entry into force
    assert registry.status_on(old.iri, dt.date(2026, 1, 1)) == "ceased"
    assert registry.status_on(new.iri, dt.date(2026, 1, 1)) == "in-force"


def _show(symbol: str, lang: str) -> str:
    from qcdc_rules.cli import main

    result = CliRunner().invoke(main, ["registry", "show", symbol, "--lang", lang, "--as-of", "01/12/2026"])
    assert result.exit_code == 0, result.output
    return result.output


def test_show_says_the_new_facts_in_vietnamese():
    out = _show("83/2015/QH13", "vi")
    assert "áp dụng đến hết năm ngân sách" in out and "2025" in out
    out = _show("04/2015/NĐ-CP", "vi")
    assert "nội dung được kế thừa bởi" in out and "10/2022/QH15" in out
    out = _show("10/2022/QH15", "vi")
    assert "kế thừa nội dung của" in out and "04/2015/NĐ-CP" in out
    out = _show("145/2020/NĐ-CP", "vi")
    assert "điều, khoản được sửa đổi, bổ sung" in out and "Điều 4, Điều 31" in out
    out = _show("120/2025/NĐ-CP", "vi")
    assert "chuyển giao nhiệm vụ, quyền hạn" in out and "cấp huyện → cấp xã" in out and "hộ tịch" in out
    assert "https://" not in out and "qcdc:" not in out  # no raw names of the ontology


def test_show_says_the_new_facts_in_english():
    out = _show("83/2015/QH13", "en")
    assert "applies up to and including budget year" in out
    out = _show("129/2025/NĐ-CP", "en")
    assert "moves duties and powers" in out and "district level → commune level" in out
    assert "Sở Lao động - Thương binh và Xã hội → Sở Nội vụ" in out
    out = _show("04/2015/NĐ-CP", "en")
    assert "content carried on by" in out and "Chapter III" in out
