"""Property tests for the extractor: it never crashes, and citations survive line breaks,
NFC/NFD and extra spacing."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcdc_rules.extract import Extractor
from qcdc_rules.readers import ingest_text
from qcdc_rules.pipeline import load_registry

EXTRACTOR = Extractor(load_registry())
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CITED = [
    ("Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ", "04/2015/NĐ-CP"),
    ("Pháp lệnh 34/2007PL-UBTVQH11 ngày 20/4/2007", "34/2007/PL-UBTVQH11"),
    ("Kết luận số 21-KL/TW, ngày 25/10/2021", "21-KL/TW"),
    ("Nghị định số 145/NĐ-CP ngày 14/12/2020 của Chính phủ", "145/2020/NĐ-CP"),
    ("Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15", "10/2022/QH15"),
]
vi_text = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Z", "S", "Cc")), max_size=400)


def instruments(text: str) -> list[str]:
    return [c.instrument for c in EXTRACTOR.extract(ingest_text(text)).citations if c.instrument]


@SETTINGS
@given(vi_text)
def test_never_crashes_on_any_text(text):
    facts = EXTRACTOR.extract(ingest_text(text))
    for c in facts.citations:
        assert 1 <= c.span.line <= text.count("\n") + text.count("\r") + 1


@SETTINGS
@given(st.lists(st.sampled_from(["KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU", "1. Nội dung", "a) Việc", "Số: /KH-UBND",
                                 "Hà Nội, ngày  tháng  năm", "báo cáo định kỳ 6 tháng", "trước ngày 31/02/2023",
                                 "Nghị định số", "/", "-", "Luật", "số 5/", "ngày 99/99/2023", "\n", " ", "“", "”"]),
                max_size=40))
def test_never_crashes_on_fragments_of_plans(parts):
    EXTRACTOR.extract(ingest_text(" ".join(parts)))


@pytest.mark.parametrize("citation,instrument", CITED)
@SETTINGS
@given(data=st.data())
def test_citation_survives_line_breaks_and_spaces(citation, instrument, data):
    words = citation.split(" ")
    seps = [data.draw(st.sampled_from([" ", "  ", "\n", " \n\n", "\r\n", "\t", " \u00a0"])) for _ in words[1:]]
    text = words[0] + "".join(s + w for s, w in zip(seps, words[1:]))
    prefix = data.draw(st.sampled_from(["", "Căn cứ ", "- Thực hiện tốt ", "quy định tại\n"]))
    assert instrument in instruments(prefix + text + "; ")


@pytest.mark.parametrize("citation,instrument", CITED)
@SETTINGS
@given(form=st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]))
def test_citation_survives_unicode_normal_forms(citation, instrument, form):
    assert instrument in instruments(unicodedata.normalize(form, citation))


@pytest.mark.parametrize("citation,instrument", CITED)
def test_citation_survives_a_break_inside_the_symbol(citation, instrument):
    # PDF extraction breaks symbols after a separator: "21-\nKL/TW", "04/\n2015/NĐ-CP"
    for sep in ("-", "/"):
        i = citation.find(sep, citation.find("số") if "số" in citation else 0)
        if i > 0:
            broken = citation[: i + 1] + "\n\n" + citation[i + 1:]
            assert instrument in instruments(broken), broken


FRAGMENTS = [
    "ỦY BAN NHÂN DÂN", "XÃ AN PHÚ", "Số: 15/KH-UBND", "Số:    /KH-UBND", "An Phú, ngày 12 tháng 01 năm 2026",
    "An Phú, ngày    tháng 3 năm 2023", "KẾ HOẠCH", "Thực hiện dân chủ ở cơ sở năm 2023", "I. MỤC ĐÍCH, YÊU CẦU",
    "II. NỘI DUNG THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN", "1. Công khai thông tin.", "3. Tổ chức hội nghị.",
    "a) Niêm yết.", "c) Đăng tải.", "Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH ngày 06/4/2007;",
    "Nghị định số 145/NĐ-CP ngày 14/12/2020;", "Luật Thực hiện dân chủ ở cơ sở;",
    "Chỉ thị số 30-CT/TW về “Tiếp tục đẩy mạnh, nâng cao chất lượng, hiệu quả việc xây dựng và thực hiện Quy chế dân "
    "chủ ở cơ sở”;",
    "báo cáo định kỳ 6 tháng (trước ngày 10/6/2023), 01 năm (trước ngày 20/11/2023) về Sở Nội vụ.",
    "định kỳ hằng quý báo cáo", "trước ngày 31/02/2023", "Phòng Nội vụ huyện hướng dẫn", "thị trấn",
    "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An", "", "  ", "—", "“", "”",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30), st.sampled_from(["\n", "\n\n", " ", "\r\n"]))
def test_the_whole_engine_never_crashes_and_points_inside_the_file(parts, sep):
    from qcdc_rules.pipeline import default_engine

    text = sep.join(parts)
    report = default_engine().check_text(text)
    n_lines = text.count("\n") + 1
    for f in report.findings:
        assert 1 <= f.line <= f.end_line <= n_lines and f.column >= 1 and f.rule.startswith("QCDC")
        assert f.message and "{?" not in f.message
