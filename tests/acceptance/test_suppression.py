"""Setting a finding aside cannot misfire (issue 24): a "qcdc: bỏ qua" directive names exact codes only; a word
that is not a code, a code no rule has and a directive that sets nothing aside are said in the file's notes and
counted (`unused_suppressions`, like ruff's unused-noqa), while `suppressed` stays the count of findings set
aside. The same directive is written in .md (an HTML comment) and .txt (a line of its own)."""
from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx_builder import plan_to_docx

from qcdc_rules.cli import main

# a commune plan written for these tests: a wrong issue date on line 13 (QCDC103), items "1." then "3." (QCDC203)
PLAN = """ỦY BAN NHÂN DÂN
XÃ TÂN LẬP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 15/KH-UBND
Tân Lập, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Thực hiện dân chủ ở cơ sở năm 2026

Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022 của Quốc hội;
Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2022 của Chính phủ;
Ủy ban nhân dân xã ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm quyền được biết, được bàn của Nhân dân.

II. NỘI DUNG
1. Niêm yết công khai các khoản thu.
3. Tổ chức đối thoại với Nhân dân.

III. TỔ CHỨC THỰC HIỆN
Văn phòng xã báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 10/12/2026.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Trần Văn Bình
"""
ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
WRONG = ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt"  # QCDC102, 103 and 104 on line 12


def report(*args: str) -> dict:
    r = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", "--isolated", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def rules(rep: dict) -> list[str]:
    return [f["rule"] for f in rep["files"][0]["findings"]]


def commented(tmp_path: Path, words: str, comment: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = plan_to_docx(WRONG.read_text(encoding="utf-8"), tmp_path / "ke-hoach.docx")
    d = docx.Document(str(path))
    para = next(p for p in d.paragraphs if words in p.text)
    d.add_comment(para.runs, text=comment, author="Chuyên viên pháp chế", initials="PC")
    d.save(str(path))
    return path


def test_a_letter_o_is_no_prefix_and_sets_nothing_aside(tmp_path):
    before = rules(report(str(commented(tmp_path / "a", "34/2007/PL-UBTVQH ", "Xem lại"))))
    assert {"QCDC102", "QCDC103", "QCDC104"} <= set(before)
    rep = report(str(commented(tmp_path, "34/2007/PL-UBTVQH ", "qcdc: bỏ qua QCDC1O3")))
    assert rules(rep) == before
    fr = rep["files"][0]
    assert fr["suppressed"] == 0 and fr["unused_suppressions"] == 1 and rep["summary"]["unused_suppressions"] == 1
    assert any("QCDC1O3" in n and "không phải mã quy tắc" in n for n in fr["notes"])


@pytest.mark.parametrize("comment", ["qcdc: bỏ qua QCDC1", "qcdc: ignore qcdc10"])
def test_a_prefix_is_not_a_code(tmp_path, comment):
    rep = report(str(commented(tmp_path, "34/2007/PL-UBTVQH ", comment)))
    assert {"QCDC102", "QCDC103", "QCDC104"} <= set(rules(rep)) and rep["files"][0]["unused_suppressions"] == 1


def test_an_unknown_code_is_said_and_counted(tmp_path):
    path = commented(tmp_path, "34/2007/PL-UBTVQH ", "qcdc: bỏ qua QCDC999, QCDC103")
    rep = report(str(path))
    fr = rep["files"][0]
    assert "QCDC103" not in rules(rep) and fr["suppressed"] == 1 and fr["unused_suppressions"] == 1
    assert any("QCDC999" in n and "không có quy tắc nào" in n and "¶" in n for n in fr["notes"])
    en = report("--lang", "en", str(path))["files"][0]["notes"]
    assert any("QCDC999" in n and "which no rule has" in n for n in en)
    text = CliRunner().invoke(main, ["check", "--isolated", "--exit-zero", str(path)]).stdout
    assert "1 phát hiện đã được bỏ qua" in text and "1 chỉ dẫn “qcdc: bỏ qua” không có tác dụng" in text


def test_a_directive_that_sets_nothing_aside_is_said(tmp_path):
    rep = report(str(commented(tmp_path, "34/2007/PL-UBTVQH ", "qcdc: bỏ qua QCDC103 QCDC203 — đã đối chiếu")))
    fr = rep["files"][0]
    assert "QCDC103" not in rules(rep) and fr["suppressed"] == 1 and fr["unused_suppressions"] == 1
    assert [n for n in fr["notes"] if "mã QCDC203" in n] and not [n for n in fr["notes"] if "mã QCDC103" in n]


def test_a_rule_that_did_not_run_is_not_called_unused(tmp_path):
    path = commented(tmp_path, "34/2007/PL-UBTVQH ", "qcdc: bỏ qua QCDC203")
    assert report("--select", "QCDC1", str(path))["files"][0]["unused_suppressions"] == 0
    assert report(str(path))["files"][0]["unused_suppressions"] == 1


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_comment_on_the_line_before_or_the_same_line(tmp_path):
    assert rules(report(str(_write(tmp_path, "a.md", PLAN)))) == ["QCDC103", "QCDC203"]
    before = PLAN.replace("3. Tổ chức", "<!-- qcdc: bỏ qua QCDC203 -->\n3. Tổ chức")
    rep = report(str(_write(tmp_path, "b.md", before)))
    assert rules(rep) == ["QCDC103"] and rep["files"][0]["suppressed"] == 1
    assert rep["files"][0]["unused_suppressions"] == 0
    same = PLAN.replace("14/8/2022 của Chính phủ;", "14/8/2022 của Chính phủ; <!-- qcdc: bỏ qua QCDC103 -->")
    rep = report(str(_write(tmp_path, "c.md", same)))
    assert rules(rep) == ["QCDC203"] and rep["files"][0]["suppressed"] == 1
    far = PLAN.replace("I. MỤC ĐÍCH", "<!-- qcdc: bỏ qua QCDC203 -->\nI. MỤC ĐÍCH")  # covers its next line only
    rep = report(str(_write(tmp_path, "d.md", far)))
    assert rules(rep) == ["QCDC103", "QCDC203"] and rep["files"][0]["unused_suppressions"] == 1


def test_text_directive_is_a_line_of_its_own(tmp_path):
    text = PLAN.replace("3. Tổ chức", "qcdc: bỏ qua QCDC203\n3. Tổ chức")
    rep = report(str(_write(tmp_path, "a.txt", text)))
    assert rules(rep) == ["QCDC103"] and rep["files"][0]["suppressed"] == 1
    # the directive line is not read as part of the plan: the finding's line is the one below it
    assert report(str(_write(tmp_path, "b.txt", PLAN)))["files"][0]["findings"][1]["line"] == 21
    # inside a sentence it is text, not a directive
    inline = PLAN.replace("Nhân dân.\n\nII.", "Nhân dân (qcdc: bỏ qua QCDC203).\n\nII.")
    assert rules(report(str(_write(tmp_path, "c.txt", inline)))) == ["QCDC103", "QCDC203"]
    wrong = PLAN.replace("3. Tổ chức", "qcdc: bỏ qua QCDC2O3\n3. Tổ chức")
    rep = report(str(_write(tmp_path, "d.txt", wrong)))
    assert rules(rep) == ["QCDC103", "QCDC203"] and rep["files"][0]["unused_suppressions"] == 1
    assert any("dòng 21" in n and "QCDC2O3" in n for n in rep["files"][0]["notes"])


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path, monkeypatch):
    work = tmp_path / "w"
    work.mkdir()
    _write(work, "b.txt", PLAN)
    monkeypatch.chdir(work)
    r = CliRunner().invoke(main, ["check", "--isolated", "--exit-zero", "--write-baseline", "bl.json", "b.txt"])
    assert r.exit_code == 0, r.output
    assert list(json.loads((work / "bl.json").read_text(encoding="utf-8"))["files"]) == ["b.txt"]
    assert rules(report("--baseline", "bl.json", "b.txt")) == []
    monkeypatch.chdir(tmp_path)  # from the parent, as CI and pre-commit run
    rep = report("--baseline", "w/bl.json", "w/b.txt")
    assert rules(rep) == [] and rep["summary"]["suppressed"] == 2
    assert rules(report("--baseline", "w/bl.json", str(work / "b.txt"))) == []
    # written from the parent, the path is still the baseline's own: w/b.txt is "b.txt" beside w/bl.json
    r = CliRunner().invoke(main, ["check", "--isolated", "--exit-zero", "--write-baseline", "w/bl2.json", "w/b.txt"])
    assert list(json.loads((work / "bl2.json").read_text(encoding="utf-8"))["files"]) == ["b.txt"]


def test_a_baseline_written_before_is_still_read(tmp_path, monkeypatch):
    """Earlier versions wrote the paths as given, from the folder the check ran in."""
    (tmp_path / "plans").mkdir()
    _write(tmp_path / "plans", "b.txt", PLAN)
    (tmp_path / "ci").mkdir()
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(main, ["check", "--isolated", "--exit-zero", "--write-baseline", "ci/bl.json", "plans/b.txt"])
    data = json.loads((tmp_path / "ci" / "bl.json").read_text(encoding="utf-8"))
    data["files"] = {"plans/b.txt": data["files"]["../plans/b.txt"]}  # as the earlier version wrote it
    (tmp_path / "ci" / "bl.json").write_text(json.dumps(data), encoding="utf-8")
    assert rules(report("--baseline", "ci/bl.json", "plans/b.txt")) == []


def test_add_noqa_sets_every_current_finding_aside_in_each_kind_of_file(tmp_path):
    txt, md = _write(tmp_path, "a.txt", PLAN), _write(tmp_path, "b.md", PLAN.replace("\n", "\r\n"))
    word = commented(tmp_path, "34/2007/PL-UBTVQH ", "Xem lại")
    before = {p: len(report(str(p))["files"][0]["findings"]) for p in (txt, md, word)}
    assert all(before.values())
    r = CliRunner().invoke(main, ["check", "--isolated", "--add-noqa", str(txt), str(md), str(word)])
    assert r.exit_code == 0, r.output
    assert "chỉ dẫn “qcdc: bỏ qua” vào 3 tệp" in r.stderr and r.stdout == ""
    assert "\nqcdc: bỏ qua QCDC103\nCăn cứ Nghị định số 59/2023" in txt.read_text(encoding="utf-8")
    assert "14/8/2022 của Chính phủ; <!-- qcdc: bỏ qua QCDC103 -->\r\n" in md.read_bytes().decode("utf-8")
    for p in (txt, md, word):
        assert Path(str(p) + ".bak").is_file()  # the original, as --fix keeps it
        rep = report(str(p))
        assert rep["files"][0]["findings"] == [] and rep["files"][0]["unused_suppressions"] == 0
        assert rep["files"][0]["suppressed"] == before[p]
    comments = [c.text for c in docx.Document(str(word)).comments]
    assert any(c.startswith("qcdc: bỏ qua QCDC102 QCDC103 QCDC104") for c in comments)
    again = CliRunner().invoke(main, ["check", "--isolated", "--add-noqa", str(txt)])
    assert "đã ghi 0 chỉ dẫn" in again.stderr and not Path(str(txt) + ".bak.1").exists()
    assert CliRunner().invoke(main, ["check", "--add-noqa", "-"], input=b"x").exit_code == 2
