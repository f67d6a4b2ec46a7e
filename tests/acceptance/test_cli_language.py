"""The command line speaks Vietnamese by default and English with --lang en: a note, a finding-free summary, a
usage error and the files a folder walk skips, each from the translation catalog (core/i18n.py)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "thu-moi.txt").write_text("Chiều nay cả nhà cùng đi dạo bờ hồ rồi về ăn cơm.\n", encoding="utf-8")
    (tmp_path / "ban-cu.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    return tmp_path


def test_a_note_and_a_finding_free_summary_in_vietnamese_by_default(folder):
    r = run(folder / "thu-moi.txt")
    assert r.exit_code == 0, r.output
    assert f"{folder / 'thu-moi.txt'}: Tệp này không phải một văn bản hành chính" in r.stdout
    assert "Không có phát hiện nào (1 tệp)." in r.stdout
    assert "administrative" not in r.stdout and "No findings" not in r.stdout


def test_a_note_and_a_finding_free_summary_in_english(folder):
    r = run("--lang", "en", folder / "thu-moi.txt")
    assert r.exit_code == 0, r.output
    assert f"{folder / 'thu-moi.txt'}: This file is not an administrative document" in r.stdout
    assert "No findings (1 file(s))." in r.stdout


def test_the_notes_of_the_json_report_are_in_the_chosen_language(tmp_path):
    empty = tmp_path / "trong.txt"
    empty.write_text("", encoding="utf-8")
    vi = __import__("json").loads(run("--format", "json", empty).stdout)
    en = __import__("json").loads(run("--format", "json", "--lang", "en", empty).stdout)
    assert vi["files"][0]["notes"] == ["Tệp không có nội dung: không có gì để kiểm tra."]
    assert en["files"][0]["notes"] == ["The file is empty: nothing to check."]


def test_a_usage_error_in_each_language():
    vi, en = run("--no-such-flag"), run("--lang", "en", "--no-such-flag")
    assert vi.exit_code == en.exit_code == 2
    assert "Cách dùng: " in vi.stderr and "Lỗi: Không có tùy chọn '--no-such-flag'." in vi.stderr
    assert "Usage: " in en.stderr and "Error: No such option '--no-such-flag'." in en.stderr


def test_help_headings_in_each_language():
    vi, en = run("check", "--help"), run("--lang", "en", "check", "--help")
    assert "Tùy chọn:" in vi.stdout and "Dạng báo cáo." in vi.stdout and "[mặc định: full]" in vi.stdout
    assert "Options:" in en.stdout and "Output format." in en.stdout and "[default: full]" in en.stdout


def test_skipped_files_in_each_language(folder):
    vi, en = run(folder), run("--lang", "en", folder)
    assert "bỏ qua: 1 .doc (chuyển sang .docx)" in vi.stderr and "skipped" not in vi.stderr
    assert "skipped: 1 .doc (convert to .docx)" in en.stderr
