"""A full or read-only disk, a folder in the way, standard output on /dev/full: every write fails with one clear
line naming the file and the problem, exit 2, no traceback, no partial or temporary file, the previous file
intact (issue 22, items 6, 7 and 8)."""
from __future__ import annotations

import errno
import json
import os
import zipfile

import pytest
from click.testing import CliRunner

from docx_builder import plan_to_docx
from qcdc_rules.cli import main

from writehelp import PLAN_TXT, cli, error_lines, tiny_disk  # noqa: F401 - tiny_disk is a fixture

PLAN = PLAN_TXT.read_text("utf-8")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_error(r, *words):
    """Exit 2, exactly one error line (containing `words`), no traceback."""
    stderr = r.stderr if isinstance(r.stderr, str) else r.stderr.decode("utf-8", "replace")
    code = r.exit_code if hasattr(r, "exit_code") else r.returncode
    assert code == 2, (code, stderr, getattr(r, "exception", None))
    assert "Traceback" not in stderr, stderr
    exception = getattr(r, "exception", None)
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    lines = error_lines(stderr)
    assert len(lines) == 1, stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def no_temporary_files(folder):
    left = [p.name for p in folder.iterdir() if p.name.startswith(".qcdc-tmp-") or p.name.startswith(".")]
    assert not left, left


@pytest.fixture
def disk_with_outputs(tiny_disk):
    """A tiny disk holding a plan, a report and a baseline written while there was room."""
    d = tiny_disk.path
    (d / "plan.txt").write_text(PLAN, "utf-8")
    r = run("--format", "json", "-o", d / "report.json", "--write-baseline", d / "baseline.json", d / "plan.txt")
    assert r.exit_code in (0, 1), r.output
    return tiny_disk, {n: (d / n).read_bytes() for n in ("plan.txt", "report.json", "baseline.json")}


@pytest.mark.parametrize("lang,words", [("vi", ("report.json", "ổ đĩa đã đầy")),
                                        ("en", ("report.json", "no space left on the disk"))])
def test_report_on_a_full_disk_keeps_the_previous_report(disk_with_outputs, lang, words):
    disk, before = disk_with_outputs
    disk.fill()
    r = run("--lang", lang, "-o", disk.path / "report.json", disk.path / "plan.txt")
    one_error(r, *words)
    assert (disk.path / "report.json").read_bytes() == before["report.json"]
    no_temporary_files(disk.path)


def test_report_error_is_json_when_the_output_is_json(disk_with_outputs):
    disk, before = disk_with_outputs
    disk.fill()
    r = run("--format", "json", "-o", disk.path / "report.json", disk.path / "plan.txt")
    line = one_error(r)
    error = json.loads(line)["error"]
    assert error["code"] == "disk-full" and error["path"].endswith("report.json")
    assert (disk.path / "report.json").read_bytes() == before["report.json"]


def test_baseline_on_a_full_disk_keeps_the_previous_baseline(disk_with_outputs):
    disk, before = disk_with_outputs
    (disk.path / "plan.txt").write_text(PLAN + PLAN, "utf-8")  # more findings: a longer baseline
    disk.fill()
    r = run("--write-baseline", disk.path / "baseline.json", disk.path / "plan.txt")
    one_error(r, "baseline.json", "ổ đĩa đã đầy")
    assert (disk.path / "baseline.json").read_bytes() == before["baseline.json"]
    no_temporary_files(disk.path)


def test_fix_on_a_full_disk_leaves_the_file_and_no_backup(disk_with_outputs):
    disk, before = disk_with_outputs
    disk.fill()
    r = run("--fix", disk.path / "plan.txt")
    one_error(r, "plan.txt", "ổ đĩa đã đầy")
    assert (disk.path / "plan.txt").read_bytes() == before["plan.txt"]
    assert not list(disk.path.glob("plan.txt.bak*"))
    no_temporary_files(disk.path)


def test_docx_fix_and_annotate_on_a_full_disk(tiny_disk, tmp_path):
    docx = plan_to_docx(PLAN, tmp_path / "plan.docx")
    if docx.stat().st_size > 40_000:
        pytest.skip("the sample .docx does not fit twice on the tiny disk")
    target = tiny_disk.path / "plan.docx"
    target.write_bytes(docx.read_bytes())
    tiny_disk.fill()
    one_error(run("--annotate", tiny_disk.path / "annotated.docx", target), "annotated.docx", "ổ đĩa đã đầy")
    assert not (tiny_disk.path / "annotated.docx").exists()
    one_error(run("--fix", target), "ổ đĩa đã đầy")
    assert target.read_bytes() == docx.read_bytes() and not list(tiny_disk.path.glob("plan.docx.bak*"))
    no_temporary_files(tiny_disk.path)


def test_a_read_only_disk(disk_with_outputs):
    disk, before = disk_with_outputs
    disk.read_only()
    d = disk.path
    one_error(run("-o", d / "report.json", d / "plan.txt"), "report.json", "ổ đĩa chỉ cho đọc")
    one_error(run("--write-baseline", d / "baseline.json", d / "plan.txt"), "baseline.json", "ổ đĩa chỉ cho đọc")
    one_error(run("--lang", "en", "--fix", d / "plan.txt"), "read-only")
    for name, data in before.items():
        assert (d / name).read_bytes() == data


def test_a_folder_in_the_way(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN, "utf-8")
    for name in ("report.txt", "baseline.json", "annotated.docx"):
        (tmp_path / name).mkdir()
    one_error(run("-o", tmp_path / "report.txt", tmp_path / "plan.txt"), "report.txt", "thư mục trùng tên")
    # --write-baseline and --annotate refuse a folder before the check, as a usage error (one 'Lỗi:' line)
    docx = plan_to_docx(PLAN, tmp_path / "plan.docx")
    for r in (run("--write-baseline", tmp_path / "baseline.json", tmp_path / "plan.txt"),
              run("--annotate", tmp_path / "annotated.docx", docx)):
        assert r.exit_code == 2 and "Traceback" not in r.stderr and "thư mục" in r.stderr, r.stderr
    assert all((tmp_path / n).is_dir() and not list((tmp_path / n).iterdir())
               for n in ("report.txt", "baseline.json", "annotated.docx"))
    no_temporary_files(tmp_path)


# the same without a mount: the disk fills up (or fails) as the file is made durable


@pytest.mark.parametrize("code,words", [(errno.ENOSPC, "ổ đĩa đã đầy"), (errno.EIO, "lỗi đọc ghi"),
                                        (errno.EDQUOT, "hạn mức")])
def test_a_failing_fsync_keeps_every_previous_file(tmp_path, monkeypatch, code, words):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, "utf-8")
    assert run("--format", "json", "-o", tmp_path / "report.json", "--write-baseline", tmp_path / "baseline.json",
               plan).exit_code in (0, 1)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def fsync(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fsync)
    one_error(run("-o", tmp_path / "report.json", plan), "report.json", words)
    one_error(run("--write-baseline", tmp_path / "baseline.json", plan), "baseline.json", words)
    one_error(run("--fix", plan), words)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing new, nothing changed


# standard output and the temporary folder


@pytest.mark.parametrize("args,json_line", [(["--format", "full"], False), (["--format", "json"], True),
                                            (["--format", "sarif"], True)])
def test_standard_output_on_dev_full(args, json_line):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        r = cli(*args, PLAN_TXT, stdout=full)
    stderr = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2 and "Traceback" not in stderr, stderr
    lines = error_lines(stderr)
    assert len(lines) == 1 and len(stderr.strip().splitlines()) == 1, stderr
    if json_line:
        assert json.loads(lines[0])["error"]["code"] == "disk-full"
    else:
        assert "đầu ra chuẩn" in lines[0] and "ổ đĩa đã đầy" in lines[0]


@pytest.mark.parametrize("args", [["rules"], ["rule", "QCDC101", "--lang", "en"]])
def test_other_commands_on_dev_full(args):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        r = cli(*args, stdout=full)
    stderr = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2 and "Traceback" not in stderr and len(error_lines(stderr)) == 1, stderr


def test_a_full_temporary_folder(tiny_disk, tmp_path):
    """Standard input is saved in the temporary folder, and a JSON report spools there: a nearly full one (room
    for Python's probe of the folder, not for the document) is one line."""
    long_plan = tmp_path / "long.txt"
    long_plan.write_text(PLAN * 30, "utf-8")
    tiny_disk.fill(leave=8192)
    env = {"TMPDIR": str(tiny_disk.path)}
    r = cli("--stdin-filename", "plan.txt", "-", env=env, input=long_plan.read_bytes())
    stderr = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2 and "Traceback" not in stderr and len(error_lines(stderr)) == 1, stderr
    assert "tệp tạm" in stderr and str(tiny_disk.path) in stderr
    r = cli("--format", "json", "--lang", "en", long_plan, env=env)
    stderr = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2 and "Traceback" not in stderr and len(error_lines(stderr)) == 1, stderr
    assert json.loads(error_lines(stderr)[0])["error"]["code"] == "disk-full"
    assert tiny_disk.files() == []


def test_an_annotated_copy_is_whole(tmp_path):
    docx = plan_to_docx(PLAN, tmp_path / "plan.docx")
    r = run("--annotate", tmp_path / "out.docx", docx)
    assert r.exit_code in (0, 1), r.output
    with zipfile.ZipFile(tmp_path / "out.docx") as z:
        assert z.testzip() is None and "word/comments.xml" in z.namelist()
    no_temporary_files(tmp_path)
