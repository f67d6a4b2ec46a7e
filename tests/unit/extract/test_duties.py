"""QCDC302 on the ways plans phrase periodic reports (table-driven)."""
from __future__ import annotations

import pytest

import qcdc_rules

HEAD = ("Số: 3/KH-UBND\nAn Phú, ngày 10 tháng 01 năm 2023\nKẾ HOẠCH\nThực hiện dân chủ ở cơ sở năm 2023\n"
        "III. TỔ CHỨC THỰC HIỆN\n")

CASES = [
    ("Định kỳ 6 tháng, năm các đơn vị báo cáo kết quả về UBND xã (qua Văn phòng).", True),
    ("Báo cáo 6 tháng gửi trước ngày 15/6/2023; báo cáo năm gửi trước ngày 15/11/2023 về UBND huyện.", False),
    ("Định kỳ hằng năm (trước ngày 30/11) báo cáo kết quả về Sở Nội vụ.", False),
    ("Thực hiện chế độ báo cáo định kỳ về UBND xã theo quy định.", False),
    ("Các đơn vị báo cáo kết quả thực hiện 6 tháng đầu năm và cả năm về UBND thị xã trước ngày 10 tháng 6 "
     "và ngày 10 tháng 12 năm 2023.", False),
    ("Định kỳ hằng quý, 6 tháng, năm báo cáo về UBND xã trước ngày 20 của tháng cuối kỳ.", False),
    ("Báo cáo 6 tháng (trước ngày 10/6/2023) và hằng quý về UBND xã.", True),  # the quarter has no date
    ("Định kỳ báo cáo kết quả về UBND xã.", True),  # periodic, no period named, no date anywhere
    ("Hoàn thành trong Quý II/2023, báo cáo kết quả về UBND xã.", False),  # one quarter named: a deadline
    ("Báo cáo quý IV năm 2023 về UBND xã.", False),
    ("Các thôn gửi báo cáo quý về UBND xã.", True),  # every quarter, no date
]


@pytest.mark.parametrize("body,fires", CASES, ids=[c[0][:40] for c in CASES])
def test_deadline_without_date(body, fires):
    report = qcdc_rules.check_text(HEAD + body + "\n")
    assert any(f.rule == "QCDC302" for f in report.findings) is fires


@pytest.mark.parametrize("body,fires", [
    ("Văn phòng tổng hợp, báo cáo Chủ tịch UBND xã trước ngày 15/12/2023.", False),
    ("Các thôn báo cáo kết quả cho Ban Chỉ đạo xã trước ngày 15/12/2023.", False),
    ("Các ban, ngành báo cáo kết quả trước ngày 15/12/2023 để tổng hợp báo cáo cấp trên.", False),
    ("Đề nghị các chi bộ báo cáo kết quả về Đảng ủy xã trước ngày 15/12/2023.", False),
    ("Các đơn vị gửi báo cáo về Văn phòng HĐND và UBND xã trước ngày 15/12/2023.", False),
    ("Trưởng các thôn báo cáo tình hình với Bí thư Đảng ủy trước ngày 15/12/2023.", False),
    ("Công chức Văn phòng - Thống kê tổng hợp báo cáo kết quả thực hiện trước ngày 15/12/2023.", True),
])
def test_report_without_recipient(body, fires):
    report = qcdc_rules.check_text(HEAD + body + "\n", preview=True)
    assert any(f.rule == "QCDC305" for f in report.findings) is fires


@pytest.mark.parametrize("when", ["vào ngày 7 Tháng 10 năm 2023", "vào ngày 7 THÁNG 10 NĂM 2023",
                                  "trước ngày 07 tháng 10 Năm 2023"])
def test_a_deadline_date_in_any_case_is_read(when):
    # "Tháng" in capitals once ended the check in an internal error (the deadline pattern ignored case, the
    # date pattern did not)
    report = qcdc_rules.check_text(HEAD + f"Văn phòng báo cáo kết quả về UBND xã {when}.\n", lang="en")
    assert report.error is None
    assert not any(f.rule in ("QCDC302", "QCDC305") for f in report.findings)


def test_a_month_is_the_timing_of_a_periodic_report(check):
    # "tháng 12 hằng năm" (often a table's timing column, flattened into the clause) says when the annual report is
    # made; "6 tháng" is a period, not a month, and still needs its deadline
    from tests.unit.extract.test_officer_catches import _plan, _rules

    row = ("1. Các sở rà soát danh mục công trình, báo cáo Ban Chỉ huy Phòng thủ dân sự tỉnh\n|\nSở Xây dựng\n|\n"
           "Tháng 12 hằng năm\n|\n")
    assert _rules(check(_plan(row), lang="en"), "QCDC302") == []
    assert _rules(check(_plan("1. Sở Nội vụ hằng năm báo cáo kết quả về Ủy ban nhân dân tỉnh vào tháng 11.\n")),
                  "QCDC302") == []
    found = _rules(check(_plan("1. Sở Nội vụ định kỳ 6 tháng báo cáo kết quả về Ủy ban nhân dân tỉnh.\n"), lang="en"),
                   "QCDC302")
    assert [f.message for f in found] == ["Periodic report (six-monthly) has no concrete deadline (e.g. 'trước ngày "
                                          "10/6')."]


def test_reports_kept_as_records_are_not_a_duty(check):
    from tests.unit.extract.test_officer_catches import _plan, _rules

    report = check(_plan("1. Số liệu quan trắc và các báo cáo tổng hợp hằng quý, hằng năm được lưu trữ bằng văn bản "
                         "giấy "
                         "và văn bản điện tử.\n2. Sở Nội vụ báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày "
                         "15/12/2026.\n"),
                   lang="en")
    assert _rules(report, "QCDC302") == [] and _rules(report, "QCDC305") == []


def test_a_report_named_among_papers_to_inspect_is_not_a_duty(check):
    from tests.unit.extract.test_officer_catches import HEAD, TAIL, _rules

    def plan(item: str) -> str:
        return (HEAD.replace("1. Rà soát, phân loại hồ sơ trong Quý I/2026.", "1. Nội dung kiểm tra:\n"
                             "- Giấy phép hoạt động lưu trữ;\n" + item)
                + "1. Đoàn kiểm tra báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2026.\n" + TAIL)

    listed = "- Báo cáo định kỳ tình hình hoạt động lưu trữ trong thời hạn của giấy phép.\n"
    assert _rules(check(plan(listed), lang="en"), "QCDC302") == []
    duty = "- Các đơn vị định kỳ báo cáo tình hình hoạt động lưu trữ.\n"
    assert len(_rules(check(plan(duty), lang="en"), "QCDC302")) == 1
