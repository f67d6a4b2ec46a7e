"""`registry list` and `registry show` as an officer reads them: statuses only from sourced facts ("chưa rõ"
otherwise), each fact's own confidence, Vietnamese words for types and relations, no repeated rows, full
citations in the officers' form."""
from __future__ import annotations

import re

from click.testing import CliRunner

from qcdc_rules.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _rows(output: str) -> dict[str, list[str]]:
    return {cells[1].strip(): [c.strip() for c in cells[1:-1]]
            for line in output.splitlines() if line.startswith("│") for cells in [line.split("│")]}


def test_list_says_unknown_for_an_instrument_with_no_sourced_status_and_each_status_facts_confidence():
    r = run("registry", "list", "--as-of", "2026-01-12")
    assert r.exit_code == 0
    rows = _rows(r.output)
    assert rows["30-CT/TW"][1:3] == ["Chỉ thị (Đảng)", "Bộ Chính trị"]
    assert rows["30-CT/TW"][-2:] == ["chưa rõ", "—"]
    # 04/2015: its dates are checked, its end is not; the status column shows how sure the end is
    assert rows["04/2015/NĐ-CP"][-2:] == ["hết hiệu lực", "chưa được xác nhận bằng văn bản gốc"]
    assert rows["77/2015/QH13"][-3:-1] == ["65/2025/QH15", "hết hiệu lực"]
    assert rows["77/2015/QH13"][-1].startswith("theo nguồn chính thức")  # a long cell wraps onto the next line
    assert "ChiThiDang" not in r.output and "QuyDinhDang" not in r.output


def test_list_filters_unknown_status_in_english():
    r = run("registry", "list", "--as-of", "2026-01-12", "--status", "unknown", "--type", "Kết luận", "--lang", "en")
    rows = _rows(r.output)
    assert {"120-KL/TW", "21-KL/TW", "01-KL/TW", "215-KL/TW"} <= set(rows)
    assert all(v[-2] == "unknown" for v in rows.values())
    assert rows["120-KL/TW"][1] == "Conclusion (Party)"


def test_show_names_every_fact_in_words_once_with_its_source():
    r = run("registry", "show", "159/2016/NĐ-CP", "--as-of", "2026-01-12")
    out = r.output
    assert ("tình trạng vào ngày 12/01/2026: hết hiệu lực   [đã đối chiếu với văn bản gốc: Nghị định số "
            "59/2023/NĐ-CP, Điều 28 khoản 2") in out
    assert len(re.findall(r"được thay thế bởi", out)) == 1
    assert re.search(r"hết hiệu lực trước văn bản thay thế, theo +Nghị định số 59/2023/NĐ-CP, Điều 28 khoản 2", out)
    for raw in ("gapStatedBy", "fullCitation", "replacedBy", "NghiDinh", "2023-08-08"):
        assert raw not in out
    r = run("registry", "show", "59/2023/NĐ-CP")
    assert "căn cứ hiện hành cho lĩnh vực dân chủ ở cơ sở" in r.output
    assert ("trích dẫn đầy đủ           Nghị định số 59/2023/NĐ-CP ngày 14/08/2023 của Chính phủ quy định "
            "chi tiết") in r.output


def test_show_an_unknown_status_and_a_fact_without_source_in_english():
    r = run("registry", "show", "144/2021/NĐ-CP", "--lang", "en")
    assert "status on" in r.output and ": unknown" in r.output
    assert re.search(r"no source for +date of issue", r.output)
    r = run("registry", "show", "366-QĐ/TW", "--as-of", "2025-09-01", "--lang", "en")
    assert ("status on 01/09/2025: in force   [from an official page, not checked against the instrument's text: "
            "Quy định số 366-QĐ/TW ngày 30/8/2025") in r.output
    assert re.search(r"replaces +124-QĐ/TW +\[", r.output)
