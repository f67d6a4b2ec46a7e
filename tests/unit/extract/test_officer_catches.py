"""What a careful officer flags in real documents, written here in our own words: each case is one kind of defect
the evaluation's documents read whole showed the engine missing (eval/labels/documents.jsonl)."""
from __future__ import annotations

HEAD = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH AN
Số: 45/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Bình An, ngày 12 tháng 9 năm 2025

KẾ HOẠCH
Triển khai số hóa hồ sơ lưu trữ năm 2026

I. MỤC ĐÍCH, YÊU CẦU
1. Hoàn thành số hóa hồ sơ lưu trữ của các cơ quan cấp tỉnh.
II. NỘI DUNG
1. Rà soát, phân loại hồ sơ trong Quý I/2026.
III. TỔ CHỨC THỰC HIỆN
"""
TAIL = """
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Văn Bình
"""


def _plan(body: str) -> str:
    return HEAD + body + TAIL


def _rules(report, code):
    return [f for f in report.findings if f.rule == code]


def test_periodic_report_without_period_or_date_is_flagged_even_with_theo_quy_dinh(check):
    # "theo quy định" gives a named period its statutory deadline, but "định kỳ" alone names no period: the plan
    # says nothing of when the report is due
    report = check(_plan("1. Sở Nội vụ theo dõi, đôn đốc; định kỳ báo cáo kết quả về Ủy ban nhân dân tỉnh theo quy "
                         "định.\n"),
                   lang="en")
    found = _rules(report, "QCDC302")
    assert [f.line for f in found] == [16]
    assert found[0].message == "Periodic report has no concrete deadline (e.g. 'trước ngày 10/6')."


def test_named_period_with_theo_quy_dinh_is_not_flagged(check):
    report = check(_plan("1. Sở Nội vụ định kỳ 6 tháng, hằng năm báo cáo kết quả về Ủy ban nhân dân tỉnh theo quy "
                         "định.\n"))
    assert _rules(report, "QCDC302") == []


def test_same_instrument_cited_with_two_dates_in_different_years(check):
    # numbers restart every year, so "800/QĐ-UBND" of 2011 and of 2024 are two texts, unless both citations give the
    # same issuer and the same subject: then one of the two dates is wrong
    body = ("1. Thực hiện Quyết định số 310/QĐ-UBND ngày 08/5/2012 của UBND thành phố Bình An về việc thành lập, "
            "quy định chức năng nhiệm vụ và cơ cấu tổ chức của Trung tâm Lưu trữ lịch sử thành phố Bình An và "
            "Quyết định số 77/QĐ-UBND ngày 02/3/2025 về sửa đổi Quyết định số 310/QĐ-UBND ngày 02/3/2025 của UBND "
            "thành phố Bình An về việc thành lập, quy định chức năng nhiệm vụ và cơ cấu tổ chức của Trung tâm Lưu trữ "
            "lịch sử thành phố Bình An.\n")
    report = check(_plan(body), lang="en")
    found = _rules(report, "QCDC103")
    assert len(found) == 1
    assert "310/QĐ-UBND is dated 02/03/2025 here but 08/05/2012 at line 16" in found[0].message


def test_same_number_other_year_other_subject_is_two_texts(check):
    body = ("1. Thực hiện Quyết định số 310/QĐ-UBND ngày 08/5/2012 của UBND thành phố Bình An về việc thành lập "
            "Trung tâm Lưu trữ lịch sử thành phố Bình An; Quyết định số 310/QĐ-UBND ngày 02/3/2025 của UBND thành phố "
            "Bình An về việc phê duyệt danh mục hồ sơ số hóa năm 2025 của các phòng chuyên môn.\n")
    report = check(_plan(body))
    assert _rules(report, "QCDC103") == []


def test_symbol_with_a_year_cut_to_three_digits(check):
    body = "1. Thay thế Quyết định số 17/202 /QĐ-UBND ngày 14/4/2023 của UBND tỉnh Hòa Bình An về danh mục hồ sơ.\n"
    report = check(_plan(body), lang="en")
    found = _rules(report, "QCDC104")
    assert len(found) == 1
    assert found[0].line == 16
    assert "the year '202' lacks a digit" in found[0].message
    assert found[0].fix is not None and found[0].fix.replacement == "17/2023/QĐ-UBND"


def test_a_range_of_years_is_not_a_symbol(check):
    report = check(_plan("1. Giai đoạn 2021 - 2025 và 2026 /2030 theo lộ trình 12/202 năm.\n"))
    assert _rules(report, "QCDC104") == []


BUDGET_PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH AN
Số: 210/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Bình An, ngày 20 tháng 7 năm 2025

KẾ HOẠCH
Tài chính - ngân sách nhà nước 03 năm 2026 - 2028 của tỉnh Hòa Bình An

I. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN NHIỆM VỤ NĂM 2025
1. Thu ngân sách ước đạt kế hoạch.
II. DỰ BÁO TÌNH HÌNH KINH TẾ - XÃ HỘI 03 NĂM
1. Tăng trưởng dự báo ổn định.
III. CÁC GIẢI PHÁP
1. Sở Tài chính báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12 hằng năm.
""" + TAIL


def test_a_plan_whose_outline_another_instrument_prescribes_is_not_held_to_the_usual_outline(check):
    report = check(BUDGET_PLAN, lang="en")
    assert _rules(report, "QCDC201") == []
    assert any("kế hoạch tài chính - ngân sách nhà nước 03 năm" in n and "(QCDC201)" in n for n in report.notes)
    vi = check(BUDGET_PLAN)
    assert any(n.startswith("kế hoạch thuộc loại có nội dung do văn bản riêng quy định") for n in vi.notes)


def test_the_same_outline_under_an_ordinary_title_is_still_checked(check):
    ordinary = BUDGET_PLAN.replace("Tài chính - ngân sách nhà nước 03 năm 2026 - 2028", "Cải cách hành chính năm 2026")
    report = check(ordinary, lang="en")
    assert {f.message for f in _rules(report, "QCDC201")} >= {
        "The plan has no 'MỤC ĐÍCH, YÊU CẦU' (Purpose and requirements) section."}


def test_words_that_only_contain_bao_cao_are_not_reporting_duties(check):
    # presenters, a feasibility study and financial statements are things, not a duty to report to anyone: a plan
    # whose only "báo cáo" are these sets no reporting duty (QCDC301)
    body = ("1. Văn phòng mời báo cáo viên Sở Tư pháp trình bày chuyên đề.\n"
            "2. Ban Quản lý dự án lập báo cáo nghiên cứu khả thi và báo cáo tài chính năm 2026 của dự án.\n")
    report = check(_plan(body), lang="en")
    assert [f.rule for f in report.findings if f.rule in ("QCDC301", "QCDC305")] == ["QCDC301"]
    duty = check(_plan(body + "3. Văn phòng báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n"))
    assert [f.rule for f in duty.findings if f.rule == "QCDC301"] == []


def test_a_question_and_answer_page_quoting_a_plan_is_not_checked(check):
    page = ("# Thời hạn báo cáo kết quả số hóa hồ sơ theo Kế hoạch 45/KH-UBND là khi nào?\n\n"
            "Căn cứ Mục III Kế hoạch 45/KH-UBND năm 2025 như sau:\n\n" + HEAD.split("KẾ HOẠCH\n", 1)[1].join(
                ["KẾ HOẠCH\n", ""]) + "...\n\nV. TỔ CHỨC THỰC HIỆN\n...\n5. Sở Nội vụ báo cáo định kỳ.\n")
    report = check(page, lang="en")
    assert report.findings == []
    assert report.plan is not None and report.plan.is_plan is False
    assert any(n.startswith("the file begins with a question") for n in report.notes)


def test_a_plan_is_still_checked_when_its_first_line_is_not_a_question(check):
    report = check(_plan("1. Sở Nội vụ báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n"))
    assert report.plan.is_plan is True


def test_points_lettered_in_the_vietnamese_alphabet(check):
    # a, b, c, d, đ, e, g: "đ" and "e" are right; "f" where "g" belongs is the slip
    body = "".join(f"{m}) Việc thứ {i} của Văn phòng.\n" for i, m in enumerate("abcdđef", 1))
    report = check(_plan("1. Văn phòng thực hiện:\n" + body), lang="en")
    assert [f.message for f in _rules(report, "QCDC203")] == [
        "Numbering gap: 'f' is not a letter of the Vietnamese alphabet (points run a, b, c, d, đ, e, g, h, …)."]


def test_items_whose_text_begins_with_a_figure_are_items(check):
    body = ("1. 100% cơ quan cấp tỉnh số hóa hồ sơ.\n2. 05 đơn vị thí điểm lưu trữ điện tử.\n"
            "3. Trong năm 2026 hoàn thành kho lưu trữ.\n")
    report = check(_plan(body), lang="en")
    assert _rules(report, "QCDC203") == []
    skipped = check(_plan(body.replace("1. 100%", "1 100%")), lang="en")  # "2." would then start the list
    assert [f.message for f in _rules(skipped, "QCDC203")] == [
        "Numbering gap: '2' starts the sequence (it should start with the first item)."]


def test_a_report_published_for_everyone_is_not_a_duty_to_report(check):
    body = ("1. Sở Nội vụ định kỳ hằng năm công bố báo cáo đánh giá chất lượng lưu trữ trên Cổng thông tin điện tử.\n"
            "2. Sở Nội vụ báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n")
    assert _rules(check(_plan(body)), "QCDC302") == []


def test_a_date_after_a_sentence_about_an_instrument_is_not_its_issue_date(check):
    body = ("1. Các sở theo Quyết định số 35/QĐ-UBND của Ủy ban nhân dân tỉnh tiếp tục hoạt động cho đến hết ngày "
            "28 tháng 02 năm 2026; Quyết định số 35/QĐ-UBND ngày 02/01/2025 của Ủy ban nhân dân tỉnh về danh mục hồ "
            "sơ lưu trữ được áp dụng.\n")
    report = check(_plan(body))
    assert _rules(report, "QCDC103") == []


def test_a_national_assembly_term_split_from_its_code_by_a_space():
    import qcdc_rules
    report = qcdc_rules.check_text(_plan("1. Thực hiện Luật Lưu trữ số 33/2024/QH 15 trong toàn tỉnh.\n"), lang="en")
    assert [f for f in report.findings if f.rule == "QCDC104"] == []
    assert any(c.symbol == "33/2024/QH15" for c in report.citations)


def test_the_headings_of_an_annex_are_not_the_plans_sections(check):
    annex = "\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\nMỤC ĐÍCH, YÊU CẦU\nI. NỘI DUNG THỰC HIỆN\n1. Việc A.\n"
    report = check(_plan("1. Sở Nội vụ báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n") + annex)
    assert _rules(report, "QCDC202") == [] and _rules(report, "QCDC203") == []


LAW = """QUỐC HỘI
Luật số: 99/2024/QH15
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

LUẬT
LƯU TRỮ ĐIỆN TỬ THÍ ĐIỂM

Điều 1. Ủy ban nhân dân xã, phường, thị trấn tổ chức số hóa hồ sơ.
Điều 2. Luật này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2025.
Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 8 thông qua ngày 27 tháng 11 \
năm 2024.
CHỦ TỊCH QUỐC HỘI
Trần Văn Ba
"""


def test_a_law_is_dated_by_its_adoption_line(check):
    report = check(LAW, lang="en")
    assert report.plan.date.isoformat() == "2024-11-27" and report.plan.date_source == "header"
    assert any("adoption line" in n for n in report.notes)
    assert _rules(report, "QCDC206") == []  # "thị trấn" was a live unit on 27/11/2024


def test_a_document_that_is_not_a_plan_has_no_period_from_its_title(check):
    decision = HEAD.replace("Số: 45/KH-UBND", "Số: 45/QĐ-UBND").replace(
        "KẾ HOẠCH\nTriển khai số hóa hồ sơ lưu trữ năm 2026", "QUYẾT ĐỊNH\nVề việc số hóa hồ sơ lưu trữ năm 2025")
    report = check(decision + "1. Thực hiện.\n" + TAIL)
    assert report.plan.period == [report.plan.date, report.plan.date]


def _decision(title: str, body: str) -> str:
    return (HEAD.replace("Số: 45/KH-UBND", "Số: 45/QĐ-UBND")
            .replace("KẾ HOẠCH\nTriển khai số hóa hồ sơ lưu trữ năm 2026", f"QUYẾT ĐỊNH\n{title}")
            .split("I. MỤC ĐÍCH")[0] + body + TAIL)


def test_a_plan_form_in_the_annex_of_a_decision_that_issues_no_plan(check):
    # a decision announcing procedures, whose annex holds a blank "KẾ HOẠCH" form: not a plan
    form = "\nPHỤ LỤC\nMẪU SỐ 01\nKẾ HOẠCH\nChuyển đổi cơ cấu cây trồng năm …\n"
    report = check(_decision("Về việc công bố thủ tục hành chính nội bộ", "Điều 1. Công bố thủ tục.\n") + form)
    assert report.plan.is_plan is False
    issuing = check(_decision("Về việc ban hành Kế hoạch số hóa hồ sơ năm 2026", "Điều 1. Ban hành Kế hoạch.\n")
                    + "\nKẾ HOẠCH\nSố hóa hồ sơ năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\n1. Số hóa.\n")
    assert issuing.plan.is_plan is True


def test_a_plan_with_no_part_recognised_is_not_said_to_miss_all_three(check):
    table = "| STT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn |\n| 1 | Số hóa | Sở Nội vụ | 2026 |\n"
    table_plan = HEAD.split("I. MỤC ĐÍCH")[0] + table + TAIL
    assert _rules(check(table_plan), "QCDC201") == []


def test_time_and_responsibility_heading_is_the_implementation_part(check):
    plan = HEAD.replace("III. TỔ CHỨC THỰC HIỆN", "III. THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN") + \
        "1. Sở Nội vụ báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n" + TAIL
    assert _rules(check(plan), "QCDC201") == []


def test_a_consolidated_text_repeats_its_originals_bases(check):
    vbhn = _decision("Ban hành Quy chế lưu trữ", "Căn cứ Pháp lệnh thực hiện dân chủ ở xã, phường, thị trấn số "
                     "34/2007/PL-UBTVQH11 ngày 20/4/2007;\nĐiều 1. Ban hành Quy chế.\n").replace(
        "Số: 45/QĐ-UBND", "Số: 12/VBHN-UBND")
    assert _rules(check(vbhn), "QCDC101") == []
    original = vbhn.replace("Số: 12/VBHN-UBND", "Số: 12/QĐ-UBND")
    assert [f.instrument for f in _rules(check(original), "QCDC101")] == ["34/2007/PL-UBTVQH11"]


def test_prime_minister_decisions_of_1997_had_no_year_in_their_symbols(check):
    body = "1. Thay thế Quyết định số 769/TTg ngày 23/9/1997 của Thủ tướng Chính phủ về lưu trữ.\n"
    assert _rules(check(_plan(body)), "QCDC104") == []
    later = body.replace("769/TTg ngày 23/9/1997", "769/TTg ngày 23/9/2003")
    assert len(_rules(check(_plan(later)), "QCDC104")) == 1


def test_a_term_its_year_cannot_have_is_never_put_right_into_another_law():
    # "Luật Phí và lệ phí số 97/2025/QH13": the law is 97/2015/QH13; 97/2025/QH15 is another law. A safe fix may
    # only come from the registry when the name written fits the law it finds
    import qcdc_rules
    plan = _plan("1. Thực hiện Luật Phí và lệ phí số 97/2025/QH13 và Luật số 97/2025/QH13.\n"
                 "2. Thực hiện Luật Cán bộ, công chức số 22/2008/QH13.\n")
    report = qcdc_rules.check_text(plan, lang="en")
    fixes = {f.text: f.fix for f in report.findings if f.rule == "QCDC104"}
    assert all(fix is None for text, fix in fixes.items() if "97/2025" in text) and len(fixes) == 3
    cb = next(fix for text, fix in fixes.items() if "22/2008" in text)
    assert cb is None or cb.replacement == "22/2008/QH12"  # never another law; none when the name is not read


def test_periodic_report_without_period_is_flagged_when_another_duty_names_a_period():
    # the branch for a duty that names no period once saw no duty at all when another duty named one: a FILTER
    # inside a UNION branch does not see the duty bound outside it (SPARQL 1.1 scoping; Oxigraph follows it,
    # rdflib did not), so the plan below got one QCDC302 from the fast executor and two from the reference
    from qcdc_rules.pipeline import Engine, Options, load_registry

    text = _plan("1. Sở Tài chính tổng hợp số liệu, báo cáo hằng quý về Ủy ban nhân dân tỉnh.\n"
                 "2. Các doanh nghiệp lưu trữ định kỳ báo cáo kết quả về Sở Nội vụ.\n")
    registry = load_registry()
    for executor in ("oxigraph", "pyshacl"):
        report = Engine(registry, executor).check_text(text, options=Options(lang="en"))
        assert [(f.line, f.message) for f in _rules(report, "QCDC302")] == [
            (16, "Periodic report (quarterly) has no concrete deadline (e.g. 'trước ngày 10/6')."),
            (17, "Periodic report has no concrete deadline (e.g. 'trước ngày 10/6')."),
        ], executor


def test_joint_party_symbol_is_canonical(check):
    # a guidance issued jointly by two Party bodies carries both codes after the slash, joined by "-"
    report = check(_plan("1. Thực hiện Hướng dẫn liên tịch số 12-HD/BTCTW-BTGTW ngày 15/8/2011 của Ban Tổ chức Trung "
                         "ương "
                         "và Ban Tuyên giáo Trung ương về công tác cán bộ; Văn phòng báo cáo trước ngày 15/12/2026.\n"),
                   lang="en")
    assert _rules(report, "QCDC104") == []
    assert any(c.symbol == "12-HD/BTCTW-BTGTW" for c in report.citations)


def test_files_the_former_district_level_has_yet_to_hand_over_are_history(check):
    # after 01/7/2025 the district level is gone; files "thuộc thẩm quyền … của UBND cấp huyện nhưng chưa bàn giao"
    # are what it held, not work given to it
    report = check(_plan("1. Ủy ban nhân dân cấp xã rà soát các hồ sơ thuộc thẩm quyền giải quyết của Ủy ban nhân dân "
                         "cấp huyện nhưng chưa bàn giao, báo cáo Sở Nông nghiệp và Môi trường trước ngày "
                         "15/12/2025.\n"),
                   lang="en")
    assert _rules(report, "QCDC206") == []
    report = check(_plan("1. Ủy ban nhân dân cấp huyện rà soát các hồ sơ đất đai, báo cáo Sở Nông nghiệp và Môi trường "
                         "trước ngày 15/12/2025.\n"), lang="en")
    assert [f.line for f in _rules(report, "QCDC206")] == [16]


def test_own_number_with_another_date_is_a_date_slip_not_a_later_text(check):
    # an annex repeats the decision's own number with a date a month later than the header's: the slip is in this
    # document's own date (QCDC103), not a citation of a text issued after it (QCDC107)
    text = (HEAD.replace("Số: 45/KH-UBND",
                         "Số: 318/QĐ-UBND").replace("KẾ HOẠCH\nTriển khai số hóa hồ sơ lưu trữ năm 2026",
                                                                      "QUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính")
            + "1. Văn phòng báo cáo trước ngày 15/12/2026.\n" + TAIL
            + "\nPHỤ LỤC\n(Ban hành kèm theo Quyết định số 318/QĐ-UBND ngày 12/10/2025 của Ủy ban nhân dân tỉnh)\n")
    report = check(text, lang="en")
    assert _rules(report, "QCDC107") == []
    assert [f.message for f in _rules(report, "QCDC103")] == [
        "Quyết định số 318/QĐ-UBND is dated 12/10/2025 here but 12/09/2025 at line 6: one of the two issue dates is "
        "wrong; check the instrument itself."]


def test_a_later_text_cited_by_a_decision_is_after_the_documents_date(check):
    text = (HEAD.replace("KẾ HOẠCH\nTriển khai số hóa hồ sơ lưu trữ năm 2026",
                         "QUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính")
            + "1. Thực hiện Quyết định số 77/QĐ-UBND ngày 20/10/2025 của Ủy ban nhân dân tỉnh về lưu trữ.\n" + TAIL)
    found = _rules(check(text, lang="en"), "QCDC107")
    assert [f.message.endswith("after the document's date.") for f in found] == [True]


def test_wrong_date_with_another_texts_subject_is_not_fixed_by_the_date():
    # the subject written with the citation is not this decree's: the number may be the slip, so the date is not
    # rewritten to the registry's (a safe fix would make the citation name the wrong decree more firmly)
    import qcdc_rules

    other = _plan("1. Căn cứ Nghị định số 59/2023/NĐ-CP ngày 29/9/2023 của Chính phủ về xác định vùng đồng bào dân tộc "
                  "thiểu số và miền núi theo trình độ phát triển; báo cáo trước ngày 15/12/2026.\n")
    own = other.replace("về xác định vùng đồng bào dân tộc thiểu số và miền núi theo trình độ phát triển",
                        "quy định chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở")
    found = [f for f in qcdc_rules.check_text(other, lang="en").findings if f.rule == "QCDC103"]
    assert len(found) == 1 and found[0].fix is None
    assert found[0].message.endswith("so the number may be the wrong part.")
    found = [f for f in qcdc_rules.check_text(own, lang="en").findings if f.rule == "QCDC103"]
    assert len(found) == 1 and found[0].fix is not None and "14/08/2023" in found[0].fix.replacement


def _draft(day_month: str, title: str, basis: str) -> str:
    return (HEAD.replace("Hòa Bình An, ngày 12 tháng 9 năm 2025", f"Hòa Bình An, {day_month}")
            .replace("Triển khai số hóa hồ sơ lưu trữ năm 2026", title)
            + f"1. {basis}; Văn phòng báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n" + TAIL)


def test_a_draft_with_blank_day_is_not_older_than_what_it_cites(check):
    # a draft dated "ngày … tháng 02 năm 2026" may be signed any day of February: a text of 03/02/2026 it cites is
    # not "issued after" it; one of 05/3/2026 is (the title's year, 2025, is what the plan follows up, not its date)
    basis = "Xét Tờ trình số 95/TTr-STC ngày 03/02/2026 của Sở Tài chính"
    report = check(_draft("ngày … tháng 02 năm 2026", "Khắc phục tồn tại sau kiểm tra năm 2025", basis), lang="en")
    assert _rules(report, "QCDC107") == []
    assert str(report.plan.date) == "2026-02-03"
    report = check(_draft("ngày … tháng 02 năm 2026", "Khắc phục tồn tại sau kiểm tra năm 2025",
                          basis.replace("03/02/2026", "05/3/2026")), lang="en")
    assert len(_rules(report, "QCDC107")) == 1


def test_a_draft_with_blank_day_and_month_may_be_of_any_day_of_its_year(check):
    # "ngày … tháng … năm 2026" on a plan for the year 2025's follow-up: a decree of 16/01/2026 it cites fits
    basis = "Căn cứ Quyết định số 21/QĐ-UBND ngày 16/01/2026 của Ủy ban nhân dân tỉnh"
    report = check(_draft("ngày … tháng … năm 2026", "Khắc phục tồn tại sau kiểm tra năm 2025", basis), lang="en")
    assert _rules(report, "QCDC107") == []
    assert str(report.plan.date) == "2026-01-16"


def test_one_numbering_slip_is_reported_once(check):
    # "I, II, II, IV": the second "II" is the slip; "IV" is right once it is corrected, so it is not reported too.
    # "1, 2, 3, 9, 5": a "9" where "4" belongs is one finding, and "5" follows it rightly
    sections = (HEAD.replace("III. TỔ CHỨC THỰC HIỆN", "II. KINH PHÍ\n1. Ngân sách tỉnh.\nIV. TỔ CHỨC THỰC HIỆN")
                + "1. Sở Nội vụ báo cáo trước ngày 15/12/2026.\n" + TAIL)
    found = _rules(check(sections, lang="en"), "QCDC203")
    assert [(f.line, f.message) for f in found] == [(15, "Numbering gap: 'II' repeats 'II'.")]
    items = "".join(f"{n}. Việc thứ {n} của Văn phòng.\n" for n in (1, 2, 3, 9, 5))
    found = _rules(check(_plan(items + "6. Văn phòng báo cáo trước ngày 15/12/2026.\n"), lang="en"), "QCDC203")
    assert [f.message for f in found] == ["Numbering gap: '9' follows '3'."]
    gap = "".join(f"{n}. Việc thứ {n} của Văn phòng.\n" for n in (1, 2, 4, 5))
    found = _rules(check(_plan(gap + "6. Văn phòng báo cáo trước ngày 15/12/2026.\n"), lang="en"), "QCDC203")
    assert [f.message for f in found] == ["Numbering gap: '4' follows '2'."]


def test_a_law_term_split_by_a_space_is_read_whole(check):
    # "58/2024/QH1 5": the term's last digit set apart (OCR, a pasted text) is QH15, the term of 2024; "QH1 9" is not
    # a term of 2024, so that citation is still malformed
    due = "; Văn phòng báo cáo trước ngày 15/12/2026.\n"
    report = check(_plan("1. Căn cứ Luật Lưu trữ số 33/2024/QH1 5" + due), lang="en")
    assert _rules(report, "QCDC104") == [] and any(c.symbol == "33/2024/QH15" for c in report.citations)
    report = check(_plan("1. Căn cứ Luật Lưu trữ số 33/2024/QH1 9" + due), lang="en")
    assert len(_rules(report, "QCDC104")) == 1


def test_numbering_read_by_ocr_is_worth_a_look_not_a_warning():
    # on a scan OCR loses markers ("a)" in italics) and misreads them ("5." as "9."): QCDC203 is information there
    from qcdc_rules.core.notes import Note
    from qcdc_rules.pipeline import Engine, Options, load_registry
    from qcdc_rules.readers.base import ingest_text

    text = _plan("".join(f"{n}. Việc thứ {n} của Văn phòng.\n" for n in (1, 2, 4))
                 + "5. Văn phòng báo cáo trước ngày 15/12/2026.\n")
    engine = Engine(load_registry())
    doc = ingest_text(text, "<scan>")
    found = engine.check_document(doc, Options(lang="en")).findings
    assert [f.severity for f in found if f.rule == "QCDC203"] == ["warning"]
    doc = ingest_text(text, "<scan>")
    doc.notes.append(Note("ocr", pages="1", mean=93.0, low=0, words=120))
    found = engine.check_document(doc, Options(lang="en")).findings
    assert [f.severity for f in found if f.rule == "QCDC203"] == ["info"]


def test_a_type_word_in_the_sentence_before_is_not_the_symbols(check):
    # two basis lines joined: "… thi hành Luật Lưu trữ. Thực hiện Văn bản số 206/UBND-VX …" — the letter is not a law
    report = check(_plan("1. Căn cứ Nghị định số 113/2025/NĐ-CP ngày 03/6/2025 của Chính phủ quy định chi tiết "
                         "thi hành Luật Lưu trữ. Thực hiện Văn bản số 206/UBND-VX ngày 12/7/2025 của UBND tỉnh về số "
                         "hóa; Văn phòng báo cáo trước ngày 15/12/2026.\n"), lang="en")
    assert _rules(report, "QCDC104") == []


def test_a_list_past_e_without_f_is_lettered_in_the_vietnamese_alphabet(check):
    # "a, b, c, d, e, g, h, i, k": no f, no j — the Vietnamese alphabet, where g follows e and k follows i; the slip
    # is the missing "đ" before "e", not the "g" or the "k"
    body = "".join(f"{m}) Việc thứ {i} của Văn phòng.\n" for i, m in enumerate("abcdeghik", 1))
    due = "2. Văn phòng báo cáo trước ngày 15/12/2026.\n"
    report = check(_plan("1. Văn phòng thực hiện:\n" + body + due), lang="en")
    assert [f.message for f in _rules(report, "QCDC203")] == ["Numbering gap: 'e' follows 'd'."]


def test_an_event_plan_needs_no_reporting_duty(check):
    # a plan for one examination session names no period and implements nothing over time
    text = (HEAD.replace("Triển khai số hóa hồ sơ lưu trữ năm 2026", "Kiểm tra, cấp chứng chỉ nghiệp vụ lưu trữ đợt 1")
            .replace("1. Rà soát, phân loại hồ sơ trong Quý I/2026.", "1. Tổ chức kỳ kiểm tra ngày 15/3/2026.")
            + "1. Văn phòng chuẩn bị hội trường.\n" + TAIL)
    assert _rules(check(text, lang="en"), "QCDC301") == []
    standing = text.replace("Kiểm tra, cấp chứng chỉ nghiệp vụ lưu trữ đợt 1", "Thực hiện công tác lưu trữ")
    assert len(_rules(check(standing, lang="en"), "QCDC301")) == 1


def test_a_party_committee_code_with_a_term_number_is_canonical(check):
    report = check(_plan("1. Thực hiện Kế hoạch số 3260-KH/ĐĐQH15 ngày 02/3/2026 của Đảng ủy Văn phòng; Văn phòng báo "
                         "cáo trước ngày 15/12/2026.\n"), lang="en")
    assert _rules(report, "QCDC104") == []


def test_a_footnote_number_glued_onto_a_symbol_is_not_part_of_it(check):
    # a PDF's text layer writes the footnote mark "¹" as "1" right after the symbol: "… số 59/2023/NĐ-CP2"
    report = check(_plan("1. Căn cứ Nghị định số 71/2026/NĐ-CP2 ngày 14/8/2026 của Chính phủ; Luật số 10/2022/QH151; "
                         "Văn phòng báo cáo trước ngày 15/12/2026.\n"), lang="en")
    assert _rules(report, "QCDC104") == []
    assert {"71/2026/NĐ-CP", "10/2022/QH15"} <= {c.symbol for c in report.citations}
    # a number the registry does not know and that is no law of a real term is still malformed
    report = check(_plan("1. Căn cứ Luật số 10/2022/QH1; Văn phòng báo cáo trước ngày 15/12/2026.\n"), lang="en")
    assert len(_rules(report, "QCDC104")) == 1


def test_an_old_law_named_beside_its_later_namesake_is_compared_not_relied_on(check):
    # a report compares the old Luật Hóa chất (ceased 01/01/2026) with the one in force: the old one is history
    # there; on a "Căn cứ" line of its own it is still the ceased basis QCDC101 reports
    title = "Quản lý hóa chất năm 2026"
    history = _draft("ngày 10 tháng 3 năm 2026", title, "Trước đây Luật Hóa chất số 06/2007/QH12 chưa quy định việc "
                     "này. Đến nay Luật Hóa chất số 69/2025/QH15 đã quy định rõ")
    assert _rules(check(history, lang="en"), "QCDC101") == []
    basis = _draft("ngày 10 tháng 3 năm 2026", title, "Căn cứ Luật Hóa chất số 06/2007/QH12; Luật Hóa chất số "
                   "69/2025/QH15 được dẫn ở phần sau")
    assert [f.line for f in _rules(check(basis, lang="en"), "QCDC101")] == [16]


def test_a_symbol_cited_as_a_letter_is_the_senders_own(check):
    # "Văn bản số 93/CT-05": an official letter's symbol is whatever its sender uses (a firm's too)
    report = check(_plan("1. Thực hiện Văn bản số 93/CT-05 ngày 18/6/2025 về tiến độ; Văn phòng báo cáo trước ngày "
                         "15/12/2026.\n"), lang="en")
    assert _rules(report, "QCDC104") == []
    report = check(_plan("1. Thực hiện Chỉ thị số 93/CT-05 ngày 18/6/2025 về tiến độ; Văn phòng báo cáo trước ngày "
                         "15/12/2026.\n"), lang="en")
    assert len(_rules(report, "QCDC104")) == 1


def test_a_date_laid_out_above_the_number_is_the_documents_date(check):
    # a header in two columns: the team's founding decision on the left, the place and date on the right of the
    # same line, and the plan's own number below both
    text = ("SỞ NỘI VỤ                              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "ĐOÀN KIỂM TRA                              Độc lập - Tự do - Hạnh phúc\n"
            "THEO QUYẾT ĐỊNH\n"
            "SỐ 105/QĐ-SNV                          Bình An, ngày 10 tháng 3 năm 2026\n\n"
            "Số: 11/KH-ĐKT\n\nKẾ HOẠCH\nKiểm tra công tác lưu trữ năm 2026\n\n"
            "Thực hiện Quyết định số 105/QĐ-SNV ngày 06/3/2026 của Giám đốc Sở Nội vụ.\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n1. Đánh giá việc thực hiện.\nII. NỘI DUNG\n1. Kiểm tra hồ sơ.\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Đoàn kiểm tra báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2026.\n" + TAIL)
    report = check(text, lang="en")
    assert str(report.plan.date) == "2026-03-10" and report.plan.date_source == "header"


def test_the_replacement_named_is_the_one_in_force_on_the_plan_date(check):
    # 77/2015/QH13 was replaced by 65/2025/QH15, itself replaced by 72/2025/QH15 before this plan's date: the plan
    # should cite 72/2025, and QCDC106 says so (as QCDC101 does)
    report = check(_plan("1. Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13; Văn phòng báo cáo trước ngày "
                         "15/12/2026.\n"), lang="en")
    assert [f.message for f in _rules(report, "QCDC106")] == [
        "77/2015/QH13 has ceased and the plan does not cite its replacement Luật Tổ chức chính quyền địa phương "
        "số 72/2025/QH15."]
