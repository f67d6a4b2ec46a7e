"""Every reproducer in ../shared/hostile/ is handled: a report, or one error line naming the file, exit
0/1/2, no traceback, in bounded CPU time. (Speed itself is measured in benchmarks/; the bound here is loose
on purpose and only catches a hang or a quadratic step coming back.)"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
HOSTILE = ROOT.parent / "shared" / "hostile"
FILES = sorted(p for p in HOSTILE.rglob("*") if p.is_file() and p.name != "README.md") if HOSTILE.is_dir() else []
CPU_LIMIT_S = 10  # a hang or a quadratic blow-up ran for minutes; every file here takes under 1 s but one (4 s)


def run_cli(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    r = subprocess.run([sys.executable, "-m", "qcdc_rules.cli", *args], capture_output=True, text=True,
                       timeout=120, env={**os.environ, "PYTHONUTF8": "1"})
    return r, resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before


@pytest.mark.skipif(not FILES, reason="needs ../shared/hostile")
@pytest.mark.parametrize("path", FILES, ids=[p.name[:40] for p in FILES])
def test_hostile_file_is_a_report_or_one_error_line(path):
    r, cpu = run_cli("--format", "json", "--exit-zero", str(path))
    assert r.returncode in (0, 2), r.stderr[-2000:]
    assert "Traceback" not in r.stderr
    if r.returncode == 2:
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        assert len(lines) == 1 and str(path) in lines[0] and "internal" not in lines[0], lines
    assert cpu < CPU_LIMIT_S, f"{path.name}: {cpu:.1f} s of CPU"


@pytest.mark.skipif(not FILES, reason="needs ../shared/hostile")
def test_what_the_reproducers_should_give():
    def report(name):
        r, _ = run_cli("--format", "json", "--exit-zero", str(next(p for p in FILES if p.name == name)))
        import json

        return json.loads(r.stdout)["files"][0]

    assert report("mixed-utf8-tcvn3-checked-as-mojibake.txt")["error"]["code"] == "encoding"
    assert report("p00040-many-pages.pdf")["error"]["code"] == "corrupt"
    assert report("p00009-contents-array.pdf")["error"]["code"] == "corrupt"
    assert report("p00020-flate-bomb-many.pdf")["error"]["code"] == "too-large"
    surrogate = report("tounicode-lone-surrogate.pdf")
    assert surrogate["error"] is None and any("U+FFFD" in n for n in surrogate["notes"])
    year0 = report("year-0000-in-title.txt")
    assert year0["error"] is None and year0["plan"]["date_source"] == "header"
    roman = report("numbering-upperRoman-start-1000000000000.docx")
    assert roman["error"] is None


@pytest.mark.skipif(not FILES, reason="needs ../shared/hostile")
@pytest.mark.parametrize("name", ["fix-tcvn3-LookupError.txt", "fix-windows1258-UnicodeEncodeError.txt"])
def test_fix_on_a_legacy_file_is_refused_in_one_line_and_the_next_file_is_fixed(tmp_path, name):
    legacy = tmp_path / name
    legacy.write_bytes((HOSTILE / "fix" / name).read_bytes())
    good = tmp_path / "good.txt"
    good.write_text((ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt").read_text("utf-8"), "utf-8")
    before = legacy.read_bytes()
    r, _ = run_cli("--fix", "--format", "concise", str(legacy), str(good))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert any(name in l and "hãy chuyển tệp sang UTF-8 trước" in l for l in r.stderr.splitlines())
    assert legacy.read_bytes() == before and not list(tmp_path.glob(name + ".bak*"))
    assert (tmp_path / "good.txt.bak").is_file()  # the file after it was fixed


def test_a_pdf_with_an_unknown_stream_filter_is_one_corrupt_error(tmp_path):
    # found by benchmarks/mutate.py: a damaged filter name made pypdf raise NotImplementedError, which ended
    # in the catch-all "cannot be read" instead of the reader's "damaged PDF"
    data = (ROOT / "fixtures" / "documents" / "mau-2026.pdf").read_bytes()
    assert b"/FlateDecode" in data
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(data.replace(b"/FlateDecode", b"/FlazeDecode"))
    from qcdc_rules.pipeline import Engine, Options

    report = Engine().check_file(bad, Options(lang="en"))
    assert report.error is not None and report.error.code == "corrupt", report.error
    assert "damaged" in report.error.message and "hong.pdf" in report.error.message
