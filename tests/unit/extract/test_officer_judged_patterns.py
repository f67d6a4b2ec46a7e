"""False findings a careful officer found on real texts nobody here had seen (issue 21, officer-J), each written
here as a pattern in our own words: a section heading of another layout, a former district body named as history,
and wording that is not a reporting duty or already has its timing. Each case has its control: the true finding
of the same kind still fires."""
from __future__ import annotations

import pytest

HEAD = """ỦY BAN NHÂN DÂN
TỈNH SÔNG LAM XANH
Số: 77/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Sông Lam Xanh, ngày 03 tháng 10 năm 2025

KẾ HOẠCH
Nâng cao chất lượng phục vụ người dân năm 2026

"""
OUTLINE = """I. MỤC ĐÍCH, YÊU CẦU
1. Rút ngắn thời gian giải quyết hồ sơ của người dân.
II. NỘI DUNG
1. Rà soát quy trình tiếp nhận hồ sơ trong Quý I/2026.
III. TỔ CHỨC THỰC HIỆN
"""
TAIL = """
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Thị Mai
"""
REPORTS = "1. Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n"


def _plan(body: str, outline: str = OUTLINE) -> str:
    return HEAD + outline + body + TAIL


def _rules(report, code):
    return [f for f in report.findings if f.rule == code]


def _line_of(text: str, words: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if words in line)


# QCDC201: headings of another usual layout

def test_viewpoint_objectives_and_requirements_heading_is_the_purpose_part(check):
    # provincial plans for a programme often open with their viewpoints: "Quan điểm, mục tiêu, yêu cầu"
    outline = OUTLINE.replace("I. MỤC ĐÍCH, YÊU CẦU", "I. QUAN ĐIỂM, MỤC TIÊU, YÊU CẦU")
    assert _rules(check(_plan(REPORTS, outline), lang="en"), "QCDC201") == []


def test_objectives_and_tasks_heading_is_both_the_purpose_and_the_content(check):
    # the layout "I. Mục tiêu, nhiệm vụ" (the tasks listed under it, or in a table) then "II. Tổ chức thực hiện":
    # the tasks are there, under the same heading as the objectives
    outline = ("I. MỤC TIÊU, NHIỆM VỤ\n1. Mục tiêu: rút ngắn thời gian giải quyết hồ sơ.\n"
               "2. Nhiệm vụ: rà soát quy trình tiếp nhận hồ sơ trong Quý I/2026.\nII. TỔ CHỨC THỰC HIỆN\n")
    assert _rules(check(_plan(REPORTS, outline), lang="en"), "QCDC201") == []


def test_objectives_alone_with_implementation_still_lacks_the_content(check):
    outline = ("I. MỤC TIÊU, YÊU CẦU\n1. Rút ngắn thời gian giải quyết hồ sơ.\nII. TỔ CHỨC THỰC HIỆN\n")
    found = _rules(check(_plan(REPORTS, outline), lang="en"), "QCDC201")
    assert [f.message for f in found] == ["The plan has no 'NỘI DUNG THỰC HIỆN' (Content) section."]


@pytest.mark.parametrize("executor", ["oxigraph", "pyshacl"])
def test_a_heading_that_covers_two_parts_is_read_alike_by_both_executors(executor):
    from qcdc_rules.pipeline import Engine, Options, load_registry

    engine = Engine(load_registry(), executor)
    both = "I. MỤC TIÊU, NHIỆM VỤ\n1. Rà soát quy trình.\nII. TỔ CHỨC THỰC HIỆN\n"
    assert _rules(engine.check_text(_plan(REPORTS, both), options=Options(lang="en")), "QCDC201") == []
    no_tasks = "I. MỤC TIÊU, NHIỆM VỤ\n1. Rà soát quy trình.\n"
    assert [f.message for f in _rules(engine.check_text(_plan(REPORTS, no_tasks), options=Options(lang="en")),
                                      "QCDC201")] == ["The plan has no 'TỔ CHỨC THỰC HIỆN' (Implementation) section."]


# QCDC206: the former district body handing its files over is history

HANDOVER = ("c) Sau khi sắp xếp chính quyền địa phương hai cấp:\n"
            "Trường hợp hồ sơ thuộc thẩm quyền giải quyết của Chủ tịch Ủy ban nhân dân cấp huyện bàn giao cho cấp "
            "xã: cơ quan cấp xã nhận bàn giao kế thừa trách nhiệm của cấp huyện; Sở Nội vụ báo cáo Ủy ban nhân dân "
            "tỉnh trước ngày 15/12/2026.\n")


def test_files_the_former_district_body_handed_over_to_the_new_levels_are_history(check):
    assert _rules(check(_plan(HANDOVER), lang="en"), "QCDC206") == []


def test_a_district_body_told_to_hand_files_over_after_july_2025_is_still_flagged(check):
    # the plan is dated 03/10/2025: there is no district body left to do it
    body = ("1. Ủy ban nhân dân cấp huyện bàn giao hồ sơ cho Ủy ban nhân dân cấp xã trước ngày 15/12/2025; Sở Nội vụ "
            "báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n")
    text = _plan(body)
    assert [f.line for f in _rules(check(text, lang="en"), "QCDC206")] == [_line_of(text, "bàn giao hồ sơ")]
    text = _plan("1. Ủy ban nhân dân cấp huyện bàn giao cho Ủy ban nhân dân cấp xã các hồ sơ còn lại; Sở Nội vụ báo "
                 "cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n")
    assert [f.line for f in _rules(check(text, lang="en"), "QCDC206")] == [_line_of(text, "các hồ sơ còn lại")]
    text = _plan("1. Chủ tịch Ủy ban nhân dân cấp huyện chủ trì rà soát hồ sơ, báo cáo Sở Nội vụ trước ngày "
                 "15/12/2025.\n")
    assert [f.line for f in _rules(check(text, lang="en"), "QCDC206")] == [_line_of(text, "cấp huyện chủ trì")]


# QCDC302: wording that sets no reporting duty, or already has its timing

def test_the_reporting_regime_as_a_topic_to_inspect_is_not_a_duty(check):
    body = ("1. Nội dung kiểm tra:\n"
            "a) Việc theo dõi tiến độ thực hiện nhiệm vụ theo định kỳ; việc thực hiện chế độ báo cáo định kỳ, "
            "đột xuất.\n"
            "b) Công tác tiếp nhận hồ sơ; chế độ báo cáo định kỳ, đột xuất của cơ quan được kiểm tra.\n" + REPORTS)
    assert _rules(check(_plan(body), lang="en"), "QCDC302") == []


def test_carrying_out_the_reporting_regime_periodically_is_still_a_duty_without_a_date(check):
    text = _plan("1. Các xã thực hiện chế độ báo cáo kết quả về Sở Nội vụ định kỳ và đột xuất.\n")
    found = _rules(check(text, lang="en"), "QCDC302")
    assert [f.line for f in found] == [_line_of(text, "Các xã thực hiện")]


def test_work_folded_into_the_existing_periodic_reports_is_not_a_new_duty(check):
    body = ("1. Sở Nội vụ đánh giá kết quả thực hiện Kế hoạch (lồng ghép trong báo cáo công tác cải cách hành chính "
            "định kỳ và năm của tỉnh).\n" + REPORTS)
    assert _rules(check(_plan(body), lang="en"), "QCDC302") == []


def test_a_period_in_the_name_of_an_index_is_not_the_reports_period(check):
    text = _plan("1. Các sở định kỳ báo cáo kết quả về Sở Nội vụ để làm tài liệu xác định Chỉ số hài lòng của "
                 "tỉnh hằng năm.\n")
    found = _rules(check(text, lang="en"), "QCDC302")
    assert [(f.line, f.message) for f in found] == [
        (_line_of(text, "Chỉ số hài lòng"), "Periodic report has no concrete deadline (e.g. 'trước ngày 10/6').")]


def test_a_yearly_report_to_the_councils_year_end_session_has_its_time(check):
    body = ("1. Hằng năm, Sở Nội vụ tham mưu Ủy ban nhân dân tỉnh báo cáo Hội đồng nhân dân tỉnh tại kỳ họp cuối "
            "năm về kết quả thực hiện Kế hoạch.\n")
    assert _rules(check(_plan(body), lang="en"), "QCDC302") == []
    text = _plan("1. Hằng năm, Sở Nội vụ báo cáo Hội đồng nhân dân tỉnh về kết quả thực hiện Kế hoạch.\n")
    assert [f.line for f in _rules(check(text, lang="en"), "QCDC302")] == [_line_of(text, "Hằng năm, Sở Nội vụ")]


def test_a_report_made_when_the_steering_board_asks_has_its_time_from_the_board(check):
    body = "- Định kỳ tổng hợp, báo cáo tình hình dư luận theo yêu cầu của Ban Chỉ đạo.\n" + REPORTS
    assert _rules(check(_plan(body), lang="en"), "QCDC302") == []
    # "đột xuất theo yêu cầu" times the ad hoc reports, not the periodic ones
    text = _plan("- Định kỳ và đột xuất báo cáo tình hình dư luận theo yêu cầu của Ban Chỉ đạo.\n" + REPORTS)
    assert [f.line for f in _rules(check(text, lang="en"), "QCDC302")] == [_line_of(text, "tình hình dư luận")]
    # nor does a list of the kinds of report, one of them "báo cáo theo yêu cầu"
    text = _plan("2. Chế độ báo cáo gồm báo cáo định kỳ, báo cáo chuyên đề và báo cáo theo yêu cầu của Sở Nội vụ.\n"
                 + REPORTS)
    assert [f.line for f in _rules(check(text, lang="en"), "QCDC302")] == [_line_of(text, "Chế độ báo cáo gồm")]
