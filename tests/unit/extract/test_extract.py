"""Header, structure and duty extraction on layouts the fixtures do not show."""
from __future__ import annotations

import datetime as dt

import pytest

from qcdc_rules.extract import Extractor
from qcdc_rules.readers import ingest_text
from qcdc_rules.pipeline import load_registry

EX = Extractor(load_registry())


def facts(text: str):
    return EX.extract(ingest_text(text), today=dt.date(2026, 11, 21))


def test_title_over_two_lines_keeps_its_year():
    f = facts("ỦY BAN NHÂN DÂN\nXÃ A\n\nKẾ HOẠCH\nThực hiện Quy chế dân chủ ở cơ sở\ntrên địa bàn xã năm 2024\n\n"
              "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15;\n")
    assert f.title == "Thực hiện Quy chế dân chủ ở cơ sở trên địa bàn xã năm 2024"
    assert f.year == 2024 and (f.period_start, f.period_end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert f.date_source == "inferred" and f.date == dt.date(2024, 1, 1)


def test_title_on_the_type_line_and_giai_doan():
    f = facts("KẾ HOẠCH THỰC HIỆN DÂN CHỦ Ở CƠ SỞ GIAI ĐOẠN 2021 - 2025\n\nCăn cứ Nghị định số 04/2015/NĐ-CP;\n")
    assert f.title == "THỰC HIỆN DÂN CHỦ Ở CƠ SỞ GIAI ĐOẠN 2021 - 2025"
    assert (f.period_start, f.period_end) == (dt.date(2021, 1, 1), dt.date(2025, 12, 31))
    assert f.topic_grassroots


def test_body_is_not_taken_as_title():
    f = facts("KẾ HOẠCH\nThực hiện dân chủ ở cơ sở năm 2024\nCăn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023;\n")
    assert f.title == "Thực hiện dân chủ ở cơ sở năm 2024"


def test_unnumbered_and_dashed_section_headings():
    f = facts("KẾ HOẠCH\nThực hiện dân chủ năm 2024\nMỤC ĐÍCH, YÊU CẦU\nabc\nII- NỘI DUNG THỰC HIỆN\nx\n"
              "III. TỔ CHỨC THỰC HIỆN\ny\n")
    kinds = [s.kind.rsplit("#", 1)[1] for s in f.sections]
    assert kinds == ["PurposeSection", "ContentSection", "OrganisationSection"]
    assert [s.marker for s in f.sections] == ["", "II", "III"]


def test_header_parts_from_a_flattened_two_column_header():
    f = facts("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHƯỜNG 5 Độc lập - Tự do - Hạnh phúc\n"
              "Số: 12/KH-UBND Phường 5, ngày 03 tháng 4 năm 2024\n\nKẾ HOẠCH\nThực hiện dân chủ ở cơ sở năm 2024\n"
              "I. MỤC ĐÍCH, YÊU CẦU\n\nNơi nhận:\n- Lưu: VT.\nT/M ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNGUYỄN VĂN AN\n")
    h = f.header
    assert h.issuer == "ỦY BAN NHÂN DÂN PHƯỜNG 5"
    assert h.symbol_line.startswith("Số: 12/KH-UBND") and h.date == dt.date(2024, 4, 3) and h.place == "Phường 5"
    assert h.signer_title == "T/M ỦY BAN NHÂN DÂN CHỦ TỊCH" and h.signer_name == "NGUYỄN VĂN AN"
    assert f.date_source == "header" and f.date == dt.date(2024, 4, 3)


def test_month_only_header_date_is_a_lower_bound_raised_by_citations():
    f = facts("Số:   /KH-UBND\nAn Phú, ngày    tháng 3 năm 2023\nKẾ HOẠCH\nDân chủ ở cơ sở năm 2023\n"
              "Thực hiện Kế hoạch số 52/KH-UBND ngày 14/3/2023 của UBND thành phố;\n")
    assert f.date == dt.date(2023, 3, 14) and f.date_source == "header"
    assert [(x.name, x.blank) for x in f.header.fields] == [
        ("number", True), ("place", False), ("day", True), ("month", False), ("year", False)]


def test_duties_periods_deadlines_recipients():
    f = facts("KẾ HOẠCH\nDân chủ ở cơ sở năm 2024\nIII. TỔ CHỨC THỰC HIỆN\n1. Văn phòng xã\n"
              "Báo cáo định kỳ 6 tháng (trước ngày 10/6/2024), 01 năm (trước ngày 15/11/2024) gửi về Ủy ban nhân dân "
              "xã.\n"
              "2. Các thôn\nBáo cáo hằng quý trong 05 ngày làm việc kể từ ngày kết thúc quý.\n")
    d1, d2 = f.duties
    assert d1.periods == ["HalfYear", "Annual"] and d1.recipient and d1.reporter == "Văn phòng xã"
    assert [(d.date, d.period) for d in d1.deadlines] == [(dt.date(2024, 6, 10), "HalfYear"),
                                                          (dt.date(2024, 11, 15), "Annual")]
    assert d2.periods == ["Quarterly"] and d2.recipient is None and d2.deadlines[0].relative
    assert d2.reporter == "Các thôn"


def test_dates_in_text_are_not_periods():
    f = facts("KẾ HOẠCH\nDân chủ năm 2024\nIII. TỔ CHỨC THỰC HIỆN\nVăn phòng báo cáo về UBND xã trước ngày 01 tháng 01 "
              "năm 2025.\n")
    assert f.duties[0].periods == [] and not f.duties[0].periodic


def test_state_conclusion_symbol_is_not_malformed(check):
    r = check("KẾ HOẠCH\nDân chủ ở cơ sở năm 2024\nThực hiện Kết luận thanh tra số 12/KL-TTr ngày 02/02/2024;\n")
    assert not [x for x in r.findings if x.rule == "QCDC104"]


def test_no_period_in_title_means_no_after_period_deadline_finding(check):
    r = check("Số: 3/KH-UBND\nAn Phú, ngày 10 tháng 01 năm 2024\nKẾ HOẠCH\nThực hiện dân chủ ở cơ sở\n"
              "III. TỔ CHỨC THỰC HIỆN\nVăn phòng báo cáo về UBND xã trước ngày 15/11/2024; trước ngày 05/01/2024 gửi "
              "dự thảo.\n",
              preview=True)
    rules = [(x.rule, x.message) for x in r.findings if x.rule == "QCDC303"]
    assert len(rules) == 1 and "05/01/2024" in rules[0][1]


@pytest.mark.parametrize("title", [
    "Triển khai thực hiện Quy chế dân chủ ở cơ sở năm 2023",
    "Thực hiện Chỉ thị số 30-CT/TW của Bộ Chính trị năm 2023",
    "Triển khai thực hiện Nghị định số 59/2023/NĐ-CP năm 2023",
])
def test_the_line_after_ke_hoach_is_the_title(title):
    f = facts(f"Số: 45/KH-UBND\nHòa Bình, ngày 10 tháng 8 năm 2023\nKẾ HOẠCH\n{title}\n"
              "Căn cứ Nghị định số 04/2015/NĐ-CP ngày 09/01/2015;\n")
    assert f.title == title and f.year == 2023 and f.period_end == dt.date(2023, 12, 31)


@pytest.mark.parametrize("line,blank", [
    ("Số: 15/KH-UBND", False), ("Số 15-KH/ĐU", False), ("Số: 123/2024/QĐ-UBND", False),
    ("Số:      /KH-UBND", True), ("Số: ……/KH-UBND", True), ("Số     -KH/ĐU", True),
])
def test_number_line_forms(line, blank):
    f = facts(f"ĐẢNG ỦY XÃ NGHĨA HÀ\n{line}\nNghĩa Hà, ngày 20 tháng 02 năm 2023\nKẾ HOẠCH\nDân chủ ở cơ sở năm 2023\n")
    assert f.header.symbol_line is not None
    assert [fl.blank for fl in f.header.fields if fl.name == "number"] == [blank]


def test_numeric_header_date_and_blank_place():
    f = facts("Số: 7/KH-UBND\nHà Nội, ngày 05/3/2023\nKẾ HOẠCH\nDân chủ ở cơ sở năm 2023\n")
    assert f.header.date == dt.date(2023, 3, 5) and f.date_source == "header"
    g = facts("Số:   /KH-UBND\n……, ngày … tháng … năm 2024\nKẾ HOẠCH\nDân chủ ở cơ sở năm 2024\n")
    assert [(x.name, x.blank) for x in g.header.fields] == [
        ("number", True), ("place", True), ("day", True), ("month", True), ("year", False)]


def test_a_mistyped_future_citation_date_does_not_move_an_inferred_plan_date(check):
    text = ("KẾ HOẠCH\nThực hiện dân chủ ở cơ sở năm 2023\nCăn cứ Kế hoạch số 5/KH-UBND ngày 12/01/2032 của UBND "
            "huyện; Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007;\n")
    report = check(text)
    assert report.plan.date == dt.date(2023, 1, 1) and report.plan.date_source == "inferred"
    rules = {(f.rule, f.instrument) for f in report.findings}
    assert ("QCDC102", "34/2007/PL-UBTVQH11") in rules and ("QCDC101", "34/2007/PL-UBTVQH11") not in rules
    assert any(f.rule == "QCDC107" and "12/01/2032" in f.message for f in report.findings)


@pytest.mark.parametrize("markers", [("1.", "2.", "3."), ("A.", "B.", "C."), ("I.", "II.", "III.")])
def test_main_parts_numbered_1_or_A(markers):
    heads = ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG THỰC HIỆN", "TỔ CHỨC THỰC HIỆN"]
    f = facts("KẾ HOẠCH\nDân chủ ở cơ sở năm 2024\n" + "".join(f"{m} {h}\nabc.\n" for m, h in zip(markers, heads)))
    assert [s.kind.rsplit("#", 1)[1] for s in f.sections] == ["PurposeSection", "ContentSection", "OrganisationSection"]


def test_uppercase_sub_items_under_roman_sections_are_not_sections():
    f = facts("KẾ HOẠCH\nDân chủ năm 2024\nI. MỤC ĐÍCH, YÊU CẦU\nx.\nII. NỘI DUNG\ny.\nIII. TỔ CHỨC THỰC HIỆN\n"
              "1. NHIỆM VỤ CỦA VĂN PHÒNG\nz.\n")
    assert [s.marker for s in f.sections] == ["I", "II", "III"]


def test_a_level_mention_far_from_any_punctuation_keeps_a_short_phrase():
    # no comma, colon or full stop anywhere before the mention: the phrase is the words near it, not the
    # whole text from the start (which made long documents cost memory in proportion to their square)
    words = " ".join(["triển khai thực hiện nhiệm vụ"] * 200)
    f = facts("KẾ HOẠCH\nThực hiện dân chủ ở cơ sở năm 2026\n\nCăn cứ Luật số 10/2022/QH15;\n\n"
              f"I. TỔ CHỨC THỰC HIỆN\n1 {words} giao UBND cấp huyện theo dõi\n")
    mentions = [m for m in f.level_mentions if m.role == "assignee"]
    assert mentions, "the district level given work should be found"
    assert all(len(m.text) <= 60 + len("UBND cấp huyện") + 50 for m in mentions)
    assert "cấp huyện" in mentions[0].text
