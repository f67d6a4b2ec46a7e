"""An office's own word list through the command line (QCDC401): found with --word-list or `word-lists` in the
configuration, fixed by --fix in a .txt and as a Word tracked change in a .docx (LibreOffice reads it), only in
documents dated on or after the term's date, never inside a quotation or a cited instrument, whichever place of
the tone mark the text uses."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx_builder import plan_to_docx

from qcdc_rules.cli import main
from qcdc_rules.readers.docx import read_docx

LIST = """[list]
name = "Tên xã, phường sau sắp xếp - tỉnh Bình Sơn"
version = "2025.07"
effective-from = "01/7/2025"

[[term]]
find = "xã Tân Lạc"
replace = "phường Tân Lạc"
note = "xã Tân Lạc được sắp xếp thành phường Tân Lạc."

[[term]]
find = "xã Hòa Phú"
replace = "phường Tân Lạc"
"""


def plan(date: str = "12/01/2026", *body: str) -> str:
    day, month, year = date.split("/")
    return "\n".join([
        "ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN LẠC", "", "Số: 15/KH-UBND", f"Tân Lạc, ngày {day} tháng {month} năm {year}", "",
        "KẾ HOẠCH", f"Thực hiện dân chủ ở cơ sở năm {year}", "",
        "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15; Ủy ban nhân dân phường ban hành Kế hoạch như sau:",
        "", "I. MỤC ĐÍCH, YÊU CẦU", "1. Phát huy quyền làm chủ của Nhân dân.", "",
        "II. NỘI DUNG THỰC HIỆN", "1. Công khai thông tin để Nhân dân biết.", "",
        "III. TỔ CHỨC THỰC HIỆN",
        f"1. Văn phòng báo cáo kết quả về Ủy ban nhân dân phường trước ngày 15/11/{year}.", *body, "",
        "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Phạm Minh Đức", ""])


@pytest.fixture
def word_list(tmp_path) -> Path:
    path = tmp_path / "tu-ngu.toml"
    path.write_text(LIST, "utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, ["check", "--isolated", *map(str, args)])


def found(result) -> list[dict]:
    return [f for f in json.loads(result.stdout)["files"][0]["findings"] if f["rule"] == "QCDC401"]


def test_fix_in_a_text_file(tmp_path, word_list):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(plan("12/01/2026", "2. Giao Ủy ban nhân dân xã Tân Lạc phối hợp tổ chức hội nghị."), "utf-8")
    r = run("--format", "json", "--word-list", word_list, path)
    [f] = found(r)
    assert (f["severity"], f["text"], f["fix"]["replacement"], f["fix"]["safety"]) == \
        ("warning", "xã Tân Lạc", "phường Tân Lạc", "safe")
    assert "áp dụng từ ngày 01/07/2025" in f["message"]
    r = run("--fix", "--word-list", word_list, path)
    assert "đã sửa 1 chỗ" in r.stderr
    assert "2. Giao Ủy ban nhân dân phường Tân Lạc phối hợp tổ chức hội nghị." in path.read_text("utf-8")
    assert found(run("--format", "json", "--word-list", word_list, path)) == []  # nothing left


def test_the_list_from_the_configuration(tmp_path, word_list):
    (tmp_path / "qcdc.toml").write_text('word-lists = ["tu-ngu.toml"]\n', "utf-8")
    sub = tmp_path / "ke-hoach"
    sub.mkdir()
    path = sub / "a.txt"
    path.write_text(plan("12/01/2026", "2. Giao Ủy ban nhân dân xã Tân Lạc phối hợp."), "utf-8")
    r = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert [f["text"] for f in found(r)] == ["xã Tân Lạc"]
    (tmp_path / "qcdc.toml").write_text('word-lists = ["khong-co.toml"]\n', "utf-8")
    r = CliRunner().invoke(main, ["check", str(path)])
    assert r.exit_code == 2 and "word-lists" in r.stderr and "Traceback" not in r.stderr


def test_the_date_gate(tmp_path, word_list):
    line = "2. Giao Ủy ban nhân dân xã Tân Lạc phối hợp tổ chức hội nghị."
    before, on = tmp_path / "truoc.txt", tmp_path / "dung-ngay.txt"
    before.write_text(plan("30/06/2025", line), "utf-8")
    on.write_text(plan("01/07/2025", line), "utf-8")
    assert found(run("--format", "json", "--word-list", word_list, before)) == []
    assert len(found(run("--format", "json", "--word-list", word_list, on))) == 1
    # --as-of moves the date the term is compared with, as for every temporal rule
    assert len(found(run("--format", "json", "--as-of", "2025-07-02", "--word-list", word_list, before))) == 1


def test_not_in_quotations_cited_instruments_or_history(tmp_path, word_list):
    path = tmp_path / "ke-hoach.txt"
    text = plan("12/01/2026",
                "2. Thực hiện Quyết định số 25/QĐ-UBND ngày 05/3/2024 của Ủy ban nhân dân xã Tân Lạc về việc ban hành "
                "quy chế tiếp công dân.",
                "3. Tuyên truyền khẩu hiệu “xã Tân Lạc đoàn kết” và \"xã Hòa Phú đổi mới\".",
                "4. Tiếp nhận hồ sơ của Ủy ban nhân dân xã Tân Lạc (cũ); địa bàn trước đây là xã Hòa Phú.",
                "5. Đoàn công tác của xã Tân Lạc Tây thăm mô hình; xã Tân Lac không liên quan.")
    path.write_text(text, "utf-8")
    assert found(run("--format", "json", "--word-list", word_list, path)) == []
    path.write_text(text.replace("5. Đoàn", "5. Giao Ủy ban nhân dân xã Hòa Phú và đoàn"), "utf-8")
    assert [f["line"] for f in found(run("--format", "json", "--word-list", word_list, path))] == [23]


def test_tone_mark_places_and_case(tmp_path, word_list):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(plan("12/01/2026", "2. Xã Hoà Phú lập danh sách; Ủy ban nhân dân xã Hòa Phú gửi danh sách.",
                         "3. CÔNG AN XÃ HOÀ PHÚ bảo đảm an ninh; Công an Xã HOÀ Phú phối hợp.",
                         "4. Xã Hóa Phú và xã Hoa Phú là xã khác."), "utf-8")
    got = [(f["text"], f["fix"]["replacement"], f["fix"]["safety"])
           for f in found(run("--format", "json", "--word-list", word_list, path))]
    assert got == [("Xã Hoà Phú", "Phường Tân Lạc", "safe"), ("xã Hòa Phú", "phường Tân Lạc", "safe"),
                   ("XÃ HOÀ PHÚ", "PHƯỜNG TÂN LẠC", "safe"), ("Xã HOÀ Phú", "phường Tân Lạc", "unsafe")]
    run("--fix", "--word-list", word_list, path)
    text = path.read_text("utf-8")
    assert "2. Phường Tân Lạc lập danh sách; Ủy ban nhân dân phường Tân Lạc gửi" in text
    assert "CÔNG AN PHƯỜNG TÂN LẠC" in text and "Công an Xã HOÀ Phú" in text  # the unsafe one is left
    run("--fix", "--unsafe-fixes", "--word-list", word_list, path)
    assert "Công an phường Tân Lạc phối hợp" in path.read_text("utf-8")


def test_english_message(tmp_path, word_list):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(plan("12/01/2026", "2. Giao Ủy ban nhân dân xã Tân Lạc phối hợp."), "utf-8")
    [f] = found(run("--format", "json", "--lang", "en", "--word-list", word_list, path))
    assert f["message"].startswith("Replace 'xã Tân Lạc' with 'phường Tân Lạc', in effect from 01/07/2025")


OFFICE = shutil.which("soffice")


def test_fix_in_a_docx_is_a_tracked_change(tmp_path, word_list):
    path = plan_to_docx(plan("12/01/2026", "2. Giao Ủy ban nhân dân xã Tân Lạc phối hợp tổ chức hội nghị."),
                        tmp_path / "ke-hoach.docx")
    r = run("--fix", "--word-list", word_list, path)
    assert "đã sửa 1 chỗ" in r.stderr
    import docx

    from qcdc_rules.readers.docx import W

    body = docx.Document(str(path)).element.body
    inserted = ["".join(t.text or "" for t in x.iter(W + "t")) for x in body.iter(W + "ins")]
    deleted = ["".join(t.text or "" for t in x.iter(W + "delText")) for x in body.iter(W + "del")]
    assert inserted == ["phường Tân Lạc"] and "".join(deleted) == "xã Tân Lạc"
    # the report after the fix reads the document with the change accepted
    assert any("Giao Ủy ban nhân dân phường Tân Lạc phối hợp" in line for line in read_docx(path).lines)
    if not OFFICE:
        pytest.skip("LibreOffice not installed")
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run([OFFICE, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path / "out"),
                    str(path)], check=True, timeout=180, env=env, capture_output=True)
    text = (tmp_path / "out" / "ke-hoach.txt").read_text("utf-8-sig")
    line = next(x for x in text.splitlines() if "phối hợp tổ chức hội nghị" in x)
    # LibreOffice reads the change as Word shows it, not yet accepted: the old words struck out, the new ones
    # inserted right after them, and the rest of the sentence untouched
    assert line.strip() == "2. Giao Ủy ban nhân dân xã Tân Lạcphường Tân Lạc phối hợp tổ chức hội nghị."
