"""--fix on a .docx writes the safe fixes as Word tracked changes: each a w:del of the old words and a w:ins
of the new (author qcdc-check, dated), the run's formatting kept, the original's bytes in the backup;
accepting every change gives the corrected text, rejecting them the original; LibreOffice opens the file
and shows the changes. --unsafe-fixes adds a comment that a person must re-read the sentence."""
from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx_builder import plan_to_docx

from qcdc_rules.cli import main
from qcdc_rules.readers.docx import W, read_docx

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLAN = ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt"


@pytest.fixture
def plan(tmp_path) -> Path:
    path = plan_to_docx(PLAN.read_text(encoding="utf-8"), tmp_path / "ke-hoach.docx")
    d = docx.Document(str(path))
    target = next(p for p in d.paragraphs if "145/NĐ-CP" in p.text)
    for run in target.runs:
        run.bold = True  # formatting the tracked change must keep
    d.save(str(path))
    return path


def lines(path: Path) -> list[str]:
    return read_docx(path).lines


def decided(path: Path, out: Path, accept: bool) -> Path:
    """A copy of the .docx with every tracked change accepted (or rejected), as Word would do it."""
    d = docx.Document(str(path))
    body = d.element.body
    keep, drop = (W + "ins", W + "del") if accept else (W + "del", W + "ins")
    for el in list(body.iter(drop)):
        el.getparent().remove(el)
    for el in list(body.iter(keep)):
        for t in el.iter(W + "delText"):
            t.tag = W + "t"
        for child in list(el):
            el.addprevious(child)
        el.getparent().remove(el)
    d.save(str(out))
    return out


def test_safe_fixes_become_tracked_changes(plan, tmp_path):
    original = plan.read_bytes()
    before = lines(plan)
    r = CliRunner().invoke(main, ["check", "--fix", "--isolated", "--format", "concise", str(plan)])
    assert "đã sửa 3 chỗ" in r.stderr
    assert (plan.with_name(plan.name + ".bak")).read_bytes() == original

    xml = zipfile.ZipFile(plan).read("word/document.xml").decode()
    d = docx.Document(str(plan))
    ins = list(d.element.body.iter(W + "ins"))
    dels = list(d.element.body.iter(W + "del"))
    assert len(ins) == 3 and len(dels) >= 3
    assert all(x.get(W + "author") == "qcdc-check" and x.get(W + "date", "").startswith("20") for x in ins + dels)
    assert "<w:delText" in xml

    accepted = lines(decided(plan, tmp_path / "accepted.docx", accept=True))
    assert accepted[8] == before[8].replace("34/2007/PL-UBTVQH ngày 06/4/2007", "34/2007/PL-UBTVQH11 ngày 20/04/2007")
    assert accepted[11] == before[11].replace("145/NĐ-CP", "145/2020/NĐ-CP", 1)
    assert lines(decided(plan, tmp_path / "rejected.docx", accept=False)) == before

    # the inserted words keep the formatting of the words they replace
    new_run = next(r for x in ins for r in x.iter(W + "r")
                   if "".join(t.text or "" for t in r.iter(W + "t")) == "145/2020/NĐ-CP")
    assert new_run.find(f"{W}rPr/{W}b") is not None

    # after the fix, the report is of the text with the changes accepted: the fixed findings are gone
    again = CliRunner().invoke(main, ["check", "--isolated", "--format", "concise", "--exit-zero", str(plan)])
    assert "QCDC103" not in again.stdout and "145/NĐ-CP" not in again.stdout


def test_unsafe_fixes_carry_a_comment_to_reread(plan):
    r = CliRunner().invoke(main, ["check", "--fix", "--unsafe-fixes", "--isolated", str(plan)])
    assert "đã sửa" in r.stderr
    comments = zipfile.ZipFile(plan).read("word/comments.xml").decode()
    assert comments.count("<w:comment ") >= 1 and "đọc lại" in comments


def test_diff_shows_the_docx_change(plan):
    r = CliRunner().invoke(main, ["check", "--diff", "--isolated", str(plan)])
    assert r.exit_code == 1
    assert "+Nghị định số 145/2020/NĐ-CP" in r.stdout and "-Nghị định số 145/NĐ-CP" in r.stdout
    assert not plan.with_name(plan.name + ".bak").exists()


OFFICE = shutil.which("soffice")


@pytest.mark.skipif(not OFFICE and os.environ.get("QCDC_REQUIRE_OFFICE") != "1", reason="LibreOffice not installed")
def test_libreoffice_opens_the_fixed_docx_and_shows_the_changes(plan, tmp_path):
    assert OFFICE, "LibreOffice is required here (QCDC_REQUIRE_OFFICE=1)"
    CliRunner().invoke(main, ["check", "--fix", "--isolated", str(plan)])
    env = {**os.environ, "HOME": str(tmp_path)}  # a profile of its own
    subprocess.run([OFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(plan)],
                   check=True, timeout=180, env=env, capture_output=True)
    pdf = tmp_path / "ke-hoach.pdf"
    assert pdf.stat().st_size > 1000
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # both the struck-out and the inserted words are on the page: the changes are shown, not yet accepted
    assert "145/NĐ-CP" in text and "145/2020/NĐ-CP" in text and "ngày 20/04/2007" in text
