"""Every write fails with one line and exit 2; --fix never overwrites a backup nor a read-only file."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLAN = ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt"  # has safe fixes


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_second_fix_keeps_the_first_backup(tmp_path):
    p = tmp_path / "plan.txt"
    original = PLAN.read_text("utf-8")
    p.write_text(original, "utf-8")
    assert run("--fix", p).exit_code in (0, 1)
    first_fixed = p.read_text("utf-8")
    p.write_text(original, "utf-8")  # the officer undoes it and fixes again
    assert run("--fix", p).exit_code in (0, 1)
    assert (tmp_path / "plan.txt.bak").read_text("utf-8") == original
    assert (tmp_path / "plan.txt.bak.1").read_text("utf-8") == original
    assert p.read_text("utf-8") == first_fixed


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write read-only files; checked with os.access below")
def test_fix_refuses_a_read_only_file(tmp_path):
    p = tmp_path / "plan.txt"
    p.write_text(PLAN.read_text("utf-8"), "utf-8")
    p.chmod(stat.S_IRUSR)
    r = run("--fix", p)
    assert r.exit_code == 2 and "tệp chỉ đọc" in r.stderr and not (tmp_path / "plan.txt.bak").exists()


def test_fix_refuses_a_read_only_file_even_as_root(tmp_path, monkeypatch):
    from qcdc_rules.fixes import apply

    p = tmp_path / "plan.txt"
    p.write_text(PLAN.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(apply, "_writable", lambda path: False)
    r = run("--fix", p)
    errors = [l for l in r.stderr.splitlines() if l.startswith("qcdc-check: lỗi")]
    assert r.exit_code == 2 and len(errors) == 1 and "tệp chỉ đọc; không thay đổi" in errors[0]
    assert p.read_text("utf-8") == PLAN.read_text("utf-8") and not (tmp_path / "plan.txt.bak").exists()


def test_output_into_a_missing_folder_is_one_line(tmp_path):
    r = run("-o", tmp_path / "no" / "such" / "report.json", "--format", "json", PLAN)
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_folder_skips_word_lock_files_and_names_unsupported_formats(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN.read_text("utf-8"), "utf-8")
    (tmp_path / "~$plan.docx").write_bytes(b"\x00lock")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "draft.odt").write_bytes(b"PK")
    r = run("--format", "concise", "--exit-zero", tmp_path)
    assert r.exit_code == 0, r.output
    assert "~$plan.docx" not in r.output
    assert "bỏ qua: 1 .doc (chuyển sang .docx), 1 .odt (lưu thành .docx)" in r.stderr  # Vietnamese by default
    en = run("--format", "concise", "--exit-zero", "--lang", "en", tmp_path)
    assert "skipped: 1 .doc (convert to .docx), 1 .odt (save as .docx)" in en.stderr


def test_standard_input_is_checked_under_its_stdin_filename():
    r = CliRunner().invoke(main, ["--format", "json", "--exit-zero", "--stdin-filename", "du-thao/ke-hoach.txt", "-"],
                           input=(ROOT / "fixtures" / "plans" / "mau-2026.txt").read_bytes())
    import json

    data = json.loads(r.stdout)
    assert r.exit_code == 0 and data["files"][0]["path"] == "du-thao/ke-hoach.txt"
    assert {f["rule"] for f in data["files"][0]["findings"]} >= {"QCDC101"}
    bad = CliRunner().invoke(main, ["--stdin-filename", "cu.doc", "-"], input=b"not a document")
    assert bad.exit_code == 2 and "cu.doc:" in bad.stderr and "qcdc-stdin" not in bad.stderr
    assert CliRunner().invoke(main, ["--fix", "-"], input=b"x").exit_code == 2  # stdin cannot be rewritten
