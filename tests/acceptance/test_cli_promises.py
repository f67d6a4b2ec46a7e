"""What the README promises of the command line, checked where it was broken (issue 24): an unreadable file is one
error line and the others are still checked; --statistics never prints text for SARIF; a hidden severity is not
"0"; --diff reads standard input; `serve` without its extra names the README's install command; a Thông tư is
dated as a document, not as a plan."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main

from test_suppression import PLAN

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())


def invoke(*args: str, input=None):
    return CliRunner().invoke(main, ["check", "--isolated", *args], input=input)


@pytest.fixture
def plan(tmp_path) -> Path:
    p = tmp_path / "ke-hoach.txt"
    p.write_text(PLAN, encoding="utf-8")
    return p


@pytest.mark.slow  # over 10 s on 2 shared cores (--durations)
def test_an_unreadable_file_is_one_error_line_and_the_others_are_checked():
    """Run as a user who may not read the file (root reads everything, so root drops to 'nobody')."""
    as_user: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("setpriv is needed to run as another user than root")
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    folder = Path(tempfile.mkdtemp(prefix="qcdc-unreadable-"))
    try:
        folder.chmod(0o755)
        (folder / "khoa.txt").write_text(PLAN, encoding="utf-8")
        (folder / "khoa.txt").chmod(0)
        (folder / "mo.txt").write_text(PLAN, encoding="utf-8")
        (folder / "mo.txt").chmod(0o644)
        env = {**os.environ, "QCDC_CACHE_DIR": str(folder / "cache")}
        r = subprocess.run([*as_user, sys.executable, "-m", "qcdc_rules.cli", "check", "--isolated", "--format",
                            "json", "khoa.txt", "mo.txt"], cwd=folder, env=env, capture_output=True, text=True,
                           timeout=300)
        if as_user and "Permission denied" in r.stderr and "qcdc-check" not in r.stderr:
            pytest.skip("the project is not readable by another user here")
        assert r.returncode == 2, r.stderr
        errors = [line for line in r.stderr.splitlines() if line.strip()]
        assert len(errors) == 1 and "khoa.txt" in errors[0] and "không đọc được" in errors[0], r.stderr
        assert "Đường Dẫn" not in r.stderr and "Cách dùng" not in r.stderr
        data = json.loads(r.stdout)
        assert data["files"][0]["error"]["code"] == "unreadable"
        assert [f["rule"] for f in data["files"][1]["findings"]] == ["QCDC103", "QCDC203"]
    finally:
        for p in folder.rglob("*"):
            p.chmod(0o700)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("fmt", ["sarif", "github"])
def test_statistics_is_refused_with_a_format_it_cannot_be(plan, fmt):
    r = invoke("--statistics", "--format", fmt, str(plan))
    assert r.exit_code == 2 and "--statistics" in r.stderr and f"--format {fmt}" in r.stderr
    assert r.stdout == ""
    assert json.loads(invoke("--statistics", "--format", "json", "--exit-zero", str(plan)).stdout)


def test_a_hidden_severity_is_counted_not_called_zero(plan):
    r = invoke("--min-severity", "error", str(plan))
    assert "Tìm thấy 1 lỗi trong 1 tệp." in r.stdout and "0 cảnh báo" not in r.stdout
    assert "1 phát hiện mức thấp hơn không được hiển thị (--min-severity)" in r.stdout
    en = invoke("--min-severity", "error", "--lang", "en", str(plan)).stdout
    assert "Found 1 error in 1 file(s)." in en and "1 finding(s) of lower severity not shown" in en
    data = json.loads(invoke("--min-severity", "error", "--format", "json", str(plan)).stdout)
    assert data["summary"]["hidden"] == 1 and data["summary"]["warning"] == 0
    nothing = invoke("--min-severity", "error", "--ignore", "QCDC103", str(plan)).stdout
    assert "Không có phát hiện nào được hiển thị (1 tệp)." in nothing and "không được hiển thị (--min" in nothing


def test_diff_on_standard_input(plan):
    r = invoke("--diff", "--stdin-filename", "du-thao.txt", "-", input=PLAN.encode("utf-8"))
    assert r.exit_code == 1, r.output
    assert "--- a/du-thao.txt" in r.stdout and "+Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/08/2023" in r.stdout
    assert "qcdc-stdin" not in r.stdout
    assert invoke("--fix", "-", input=b"x").exit_code == 2


def test_serve_without_its_extra_names_the_readme_command(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_server(name, *args, **kwargs):
        if name.split(".")[0] in ("fastapi", "uvicorn", "multipart", "python_multipart"):
            raise ImportError(f"No module named '{name}'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_server)
    r = CliRunner().invoke(main, ["serve"])
    assert r.exit_code != 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install '.[server]'" in readme and "pip install '.[server]'" in r.stderr
    assert "qcdc-rules[server]" not in r.stderr


THONG_TU = """BỘ NỘI VỤ
Số: 05/2026/TT-BNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 12 tháng 02 năm 2026

THÔNG TƯ
Hướng dẫn một số nội dung về công khai thông tin ở cơ sở

Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2022 của Chính phủ;
Bộ trưởng Bộ Nội vụ ban hành Thông tư hướng dẫn như sau:

Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn việc công khai thông tin ở cơ sở.

Nơi nhận:
- Như Điều 1;
- Lưu: VT.
BỘ TRƯỞNG

Nguyễn Văn An
"""


def test_a_document_that_is_not_a_plan_has_a_document_date(tmp_path):
    p = tmp_path / "thong-tu.txt"
    p.write_text(THONG_TU, encoding="utf-8")
    data = json.loads(invoke("--format", "json", "--exit-zero", str(p)).stdout)
    assert data["files"][0]["plan"]["is_plan"] is False and data["files"][0]["findings"]
    vi = invoke("--exit-zero", str(p)).stdout
    assert "ngày của văn bản 12/02/2026" in vi and "ngày của kế hoạch" not in vi
    en = invoke("--exit-zero", "--lang", "en", str(p)).stdout
    assert "document date 12/02/2026" in en and "plan date" not in en
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert "ngày của kế hoạch 05/03/2026" in invoke("--exit-zero", str(plan)).stdout


def _with_basis(basis: str) -> str:
    return PLAN.replace("Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2022 của Chính phủ;", basis)


def test_a_law_cited_by_name_and_number_is_marked_whole(tmp_path):
    p = tmp_path / "ke-hoach.txt"
    p.write_text(_with_basis("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22/6/2015;"),
                 encoding="utf-8")
    data = json.loads(invoke("--format", "json", "--exit-zero", "--preview", str(p)).stdout)
    f = next(f for f in data["files"][0]["findings"] if f["line"] == 13)
    assert f["text"] == "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13"
    assert (f["column"], f["end_column"]) == (8, 63)
    full = invoke("--exit-zero", "--preview", str(p)).stdout
    assert "   |        " + "^" * 56 + "\n" in full
    # a second instrument joined by "và" keeps its own words: nothing of the first is taken
    p.write_text(_with_basis("Căn cứ Luật Đất đai số 31/2024/QH15 và luật số 80/2015/QH13 ngày 22/6/2015;"),
                 encoding="utf-8")
    data = json.loads(invoke("--format", "json", "--exit-zero", "--preview", str(p)).stdout)
    assert "luật số 80/2015/QH13" in [f["text"] for f in data["files"][0]["findings"]]


def test_a_citation_wrapped_over_two_lines_is_marked_on_both(tmp_path):
    p = tmp_path / "ke-hoach.txt"
    p.write_text(_with_basis("Căn cứ Nghị\nđịnh số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ;"), encoding="utf-8")
    full = invoke("--exit-zero", str(p)).stdout
    assert ("13 | Căn cứ Nghị\n   |        ^^^^\n14 | định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ;\n"
            "   | " + "^" * 21 + "\n") in full
