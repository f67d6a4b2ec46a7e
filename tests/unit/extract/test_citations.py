"""Citation forms, table-driven (in the manner of eyecite's tests)."""
from __future__ import annotations

import datetime as dt

import pytest

from qcdc_rules.extract.citations import CitationFinder
from qcdc_rules.extract.resolve import Resolver
from qcdc_rules.extract.flat import flatten
from qcdc_rules.readers import ingest_text
from qcdc_rules.pipeline import load_registry


@pytest.fixture(scope="module")
def extractor():
    registry = load_registry()
    return CitationFinder(registry), Resolver(registry)


def cites(extractor, text):
    doc = ingest_text(text)
    finder, resolver = extractor
    flat = flatten(doc.text)
    return resolver.resolve_all(finder.find(doc, flat), flat)


# text, symbol as written, cited type, date, resolved instrument, resolution
CASES = [
    ("Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ", "59/2023/NĐ-CP", "NghiDinh", dt.date(2023, 8, 14),
     "59/2023/NĐ-CP", "symbol"),
    ("Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20 tháng 4 năm 2007", "34/2007/PL-UBTVQH11", "PhapLenh",
     dt.date(2007, 4, 20), "34/2007/PL-UBTVQH11", "symbol"),
    ("Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15", "10/2022/QH15", "Luat", None, "10/2022/QH15", "symbol"),
    ("Chỉ thị số 30-CT/TW ngày 18/02/1998 của Bộ Chính trị", "30-CT/TW", "ChiThi", dt.date(1998, 2, 18), "30-CT/TW",
     "symbol"),
    ("Kết luận số 120-KL/TW ngày 07/01/2016", "120-KL/TW", "KetLuanDang", dt.date(2016, 1, 7), "120-KL/TW", "symbol"),
    ("Quy định số 11-QĐi/TW, ngày 18/02/2019", "11-QĐi/TW", "QuyDinhDang", dt.date(2019, 2, 18), "11-QĐi/TW", "symbol"),
    ("Nghị quyết số 02-NQ/TU, ngày 12/5/2017", "02-NQ/TU", "NghiQuyet", dt.date(2017, 5, 12), None, None),
    ("Kết luận số 25-KL/ThU, ngày 03/12/2021", "25-KL/ThU", "KetLuanDang", dt.date(2021, 12, 3), None, None),
    ("Kế hoạch số 88/KH-UBND ngày 14/3/2023", "88/KH-UBND", "KeHoach", dt.date(2023, 3, 14), None, None),
    ("Nghị quyết số 31/2023/NQ-HĐND", "31/2023/NQ-HĐND", "NghiQuyet", None, None, None),
    ("Tờ trình số 381/TTr-PNV", "381/TTr-PNV", "ToTrinh", None, None, None),
    # malformed, resolved by (type, number, year/date)
    ("Pháp lệnh 34/2007PL-UBTVQH11 ngày 20/4/2007", "34/2007PL-UBTVQH11", "PhapLenh", dt.date(2007, 4, 20),
     "34/2007/PL-UBTVQH11", "type-number-date"),
    ("Pháp lệnh số 34/2007/PL-UBTVQH ngày 06/4/2007", "34/2007/PL-UBTVQH", "PhapLenh", dt.date(2007, 4, 6),
     "34/2007/PL-UBTVQH11", "type-number-year"),
    ("Nghị định số 145/NĐ-CP ngày 14/12/2020", "145/NĐ-CP", "NghiDinh", dt.date(2020, 12, 14), "145/2020/NĐ-CP",
     "type-number-date"),
    # never by number alone
    ("Nghị định số 145/NĐ-CP của Chính phủ", "145/NĐ-CP", "NghiDinh", None, None, None),
    # … but type, number and a subject that is that instrument's title identify it
    ("Nghị định số 145/NĐ-CP của Chính phủ quy định chi tiết và hướng dẫn thi hành một số điều của Bộ luật "
     "Lao động về điều kiện lao động và quan hệ lao động;", "145/NĐ-CP", "NghiDinh", None, "145/2020/NĐ-CP",
     "type-number-title"),
    ("Nghị định số 145/NĐ-CP về phòng cháy, chữa cháy rừng;", "145/NĐ-CP", "NghiDinh", None, None, None),
    # a symbol without a year names another instrument in another year
    ("Chỉ thị số 33/CT-TTg ngày 01/5/2015", "33/CT-TTg", "ChiThi", dt.date(2015, 5, 1), None, None),
    ("Chỉ thị số 33/CT-TTg ngày 26/11/2021", "33/CT-TTg", "ChiThi", dt.date(2021, 11, 26), "33/CT-TTg", "symbol"),
    # look-alike letters and line breaks
    ("Quyết định số 48/2021/Q\u00d0-UBND", "48/2021/QĐ-UBND", "QuyetDinh", None, None, None),
    ("Kết luận số 21-\n\nKL/TW, ngày 25/10/2021", "21-KL/TW", "KetLuanDang", dt.date(2021, 10, 25), "21-KL/TW",
     "symbol"),
    ("Nghị \n\nđịnh số 04/2015/NĐ-CP", "04/2015/NĐ-CP", "NghiDinh", None, "04/2015/NĐ-CP", "symbol"),
    # a separator typed with spaces before a known issuer code
    ("Nghị định số 59/2023/NĐ - CP ngày 14/8/2023", "59/2023/NĐ-CP", "NghiDinh", dt.date(2023, 8, 14), "59/2023/NĐ-CP",
     "symbol"),
]


@pytest.mark.parametrize("text,symbol,ctype,date,instrument,resolution", CASES, ids=[c[0][:40] for c in CASES])
def test_citation_forms(extractor, text, symbol, ctype, date, instrument, resolution):
    found = cites(extractor, text)
    assert len(found) == 1, found
    c = found[0]
    assert (c.symbol, c.cited_type, c.date, c.instrument, c.resolution) == (symbol, ctype, date, instrument, resolution)


@pytest.mark.parametrize("text,instrument,resolution", [
    ("Luật Thực hiện dân chủ ở cơ sở năm 2022", "10/2022/QH15", "name-year"),
    ("triển khai Luật thực hiện dân chủ ở cơ sở (có hiệu lực từ 01/7/2023)", "10/2022/QH15", "name"),
    ("Luật thực hiện chủ ở cơ sở", "10/2022/QH15", "name"),  # a typo seen in real drafts
    ("Tiếp tục thực hiện Pháp lệnh thực hiện dân chủ ở xã, phường, thị trấn năm 2007", "34/2007/PL-UBTVQH11",
     "name-year"),
])
def test_laws_cited_by_name(extractor, text, instrument, resolution):
    found = cites(extractor, text)
    assert [(c.instrument, c.resolution, c.by_name) for c in found] == [(instrument, resolution, True)]


HEAD = ("ỦY BAN NHÂN DÂN\nXÃ BÌNH AN\nSố: 7/KH-UBND\nBình An, ngày 03 tháng 12 năm 2025\nKẾ HOẠCH\n"
        "Thực hiện dân chủ năm 2026\n")


@pytest.mark.parametrize("basis,rule,instrument,fix", [
    # the year names the law: 2025 is the law in force, 2022 the one it replaced
    ("Căn cứ Luật Thanh tra năm 2025;", None, "84/2025/QH15", None),
    ("Căn cứ Luật Thanh tra năm 2022;", "QCDC101", "11/2022/QH15", "Luật Thanh tra số 84/2025/QH15"),
    # a chain of replacements: the fix is the text in force on the plan date, not the next link (65/2025)
    ("Căn cứ Luật Tổ chức chính quyền địa phương năm 2015;", "QCDC101", "77/2015/QH13",
     "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", None, "72/2025/QH15", None),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;", None, "72/2025/QH15", None),
    ("Thực hiện quy định của Bộ luật Lao động năm 2012;", "QCDC101", "10/2012/QH13",
     "Bộ luật Lao động số 45/2019/QH14"),
    # a year no registered law of that name has: not in the registry, never another law of the name
    ("Căn cứ Luật Tổ chức chính quyền địa phương năm 2019;", None, None, None),
])
def test_a_law_by_name_is_the_one_its_year_or_date_names(basis, rule, instrument, fix):
    import qcdc_rules

    r = qcdc_rules.check_text(HEAD + basis + "\n", lang="en")
    by_name = [c for c in r.citations if c.text.startswith(("Luật", "Bộ luật"))]
    assert [c.instrument for c in by_name] == [instrument]
    stale = [f for f in r.findings if f.rule in ("QCDC101", "QCDC102", "QCDC103", "QCDC108")]
    assert [f.rule for f in stale] == ([rule] if rule else [])
    if fix:
        assert stale[0].fix.safety == "unsafe" and stale[0].fix.replacement.startswith(fix)
    assert not any(f.fix and f.fix.safety == "safe" for f in r.findings)  # no safe fix changes which law it is


@pytest.mark.parametrize("basis,symbol", [("Căn cứ Luật Thanh tra;", "84/2025/QH15"),
                                          ("Căn cứ Luật Tổ chức chính quyền địa phương;", "72/2025/QH15")])
def test_a_law_named_without_year_is_the_one_in_force_and_the_report_says_so(basis, symbol):
    import qcdc_rules

    r = qcdc_rules.check_text(HEAD + basis + "\n", lang="en")
    assert [c.instrument for c in r.citations if c.text.startswith("Luật")] == [symbol]
    assert any("without its year or number" in n and symbol in n for n in r.notes)
    assert not [f for f in r.findings if f.rule in ("QCDC101", "QCDC102")]


@pytest.mark.parametrize("text", [
    "nhiệm kỳ 2020-\n2025 phù hợp",
    "giai đoạn 2021 - 2025 và những năm tiếp theo",
    "trước ngày 10/6/2023",
    "Lưu: VT, (T09KH).",
    "Ban Dân vận Tỉnh ủy (b/c)",
])
def test_not_citations(extractor, text):
    assert cites(extractor, text) == []


def test_list_dash_after_a_symbol_is_not_part_of_it(extractor):
    (c,) = cites(extractor, "Kế hoạch số 12/KH-UBND\n- Thường trực Đảng ủy;")
    assert c.symbol == "12/KH-UBND"


def test_name_inside_a_cited_title_is_not_a_citation(extractor):
    text = ("Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ quy định chi tiết một số điều "
            "của Luật Thực hiện dân chủ ở cơ sở; ")
    assert [c.instrument for c in cites(extractor, text)] == ["59/2023/NĐ-CP"]


def test_issuer_phrase_stops_at_next_citation(extractor):
    text = "Nghị quyết 02-NQ/ThU của Ban Chấp hành Đảng bộ thị xã và Quyết định số 202-QĐ/ThU, ngày 25/11/2021"
    first, second = cites(extractor, text)
    assert first.date is None and second.date == dt.date(2021, 11, 25)


def test_central_bodies_are_recognised_in_any_symbol_segment():
    import qcdc_rules

    r = qcdc_rules.check_text("KẾ HOẠCH\nDân chủ năm 2024\nCăn cứ Hướng dẫn số 15-HD/BDVTW ngày 01/3/2024; "
                              "Công văn số 123/BNV-CQĐP ngày 02/2/2024; Kế hoạch số 5/KH-UBND ngày 03/01/2024;\n",
                              preview=True)
    unknown = sorted(f.text for f in r.findings if f.rule == "QCDC105")
    assert unknown == ["Công văn số 123/BNV-CQĐP", "Hướng dẫn số 15-HD/BDVTW"]  # the local plan only with --strict
