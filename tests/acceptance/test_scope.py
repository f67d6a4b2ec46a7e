"""Scope: what kind of document, and what is a citation. Each case is a plan written for this project
(fixtures/scope/), checked as .txt and as a real .docx made from the same text."""
from __future__ import annotations

from pathlib import Path

import pytest
from docx_builder import plan_to_docx

SCOPE = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file()) / "fixtures" / "scope"


@pytest.fixture(params=["txt", "docx"])
def checked(request, check, tmp_path):
    def run(name: str):
        path = SCOPE / name
        if request.param == "docx":
            path = plan_to_docx(path.read_text("utf-8"), tmp_path / (path.stem + ".docx"))
        report = check(str(path), preview=True)  # every rule: what is in scope, not what is on by default
        assert report.error is None, report.error
        return report
    return run


def rules(report) -> list[tuple[str, str | None]]:
    return sorted((f.rule, f.instrument) for f in report.findings)


def test_a_decision_issuing_a_plan_gets_the_plan_rules(checked):
    r = checked("quyet-dinh-kem-ke-hoach-2026.txt")
    assert r.plan.document_type == "QUYẾT ĐỊNH" and r.plan.is_plan and r.plan.number == "21/QĐ-UBND"
    assert rules(r) == [("QCDC305", None)]  # "… theo dõi, tổng hợp, báo cáo." names no recipient


def test_a_decision_gets_citation_rules_but_no_plan_rules(checked):
    r = checked("quyet-dinh-2026.txt")
    assert r.plan.document_type == "QUYẾT ĐỊNH" and not r.plan.is_plan
    assert rules(r) == [("QCDC101", "04/2015/NĐ-CP")]  # no QCDC201, QCDC301, QCDC106


def test_a_party_document_is_not_held_to_decree_30_2020(checked):
    r = checked("dang-uy-2026.txt")
    (f,) = [f for f in r.findings if f.rule == "QCDC204"]
    assert "số, ký hiệu" in f.message and "30/2020" not in f.message and "của Đảng" in f.message
    assert not [f for f in r.findings if f.rule == "QCDC109"]  # cited once as amended is enough


def test_mentions_of_ceased_instruments_are_not_citations(checked):
    r = checked("nhac-den-van-ban-cu-2026.txt")
    assert rules(r) == []  # no QCDC101/102 for "thay thế Pháp lệnh …", "chấm dứt thi hành …", "… đã hết hiệu lực"
    assert not [d for d in r.findings if d.rule.startswith("QCDC3")]  # "Báo cáo của Hội … cho thấy" is no duty


def test_a_plan_without_a_year_may_prepare_for_a_law_not_yet_in_force(checked):
    r = checked("trien-khai-luat-2023.txt")
    assert r.plan.date.isoformat() == "2023-06-26" and r.plan.date_source == "header"
    assert rules(r) == []  # no QCDC107, and reporting to the district was still right in 2023


def test_a_district_body_anywhere_but_not_as_history(checked):
    r = checked("cap-huyen-lich-su-2026.txt")
    found = [f for f in r.findings if f.rule == "QCDC206"]
    assert len(found) == 1 and "Phòng Văn hóa huyện Châu Thành" in found[0].message  # section II, not history
    assert rules(r) == [("QCDC206", None)]


def test_a_news_article_gets_one_notice(checked):
    r = checked("bai-bao.txt")
    assert r.findings == [] and len(r.notes) == 1 and "không phải một văn bản hành chính" in r.notes[0]


def test_an_empty_file_gets_one_notice(check, tmp_path):
    p = tmp_path / "trong.txt"
    p.write_text("\n  \n", "utf-8")
    r = check(str(p))
    assert r.error is None and r.findings == [] and r.notes == ["Tệp không có nội dung: không có gì để kiểm tra."]


def test_a_two_column_markdown_header(check):
    r = check(str(SCOPE / "hai-cot.md"))
    assert (r.plan.date.isoformat(), r.plan.date_source, r.plan.number) == ("2026-01-14", "header", "22/KH-UBND")
    assert r.plan.issuer == "ỦY BAN NHÂN DÂN XÃ HÒA PHÚ" and r.plan.document_type == "KẾ HOẠCH"
    assert rules(r) == []
