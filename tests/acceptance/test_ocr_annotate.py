"""Scanned plans at the command line (issue 25): --annotate out.pdf writes a copy of the scan with a searchable
text layer and each finding highlighted over its words; --jobs spreads the pages of a scan and gives the same
findings; --progress shows a line a page; a damaged image is one clear error and nothing is written.

The scans are drawn here (tests/acceptance/test_ocr.py's page_image), so where each word is on the page is
known without OCR: a highlight must cover the word as drawn, and the word boxes OCR gives.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qcdc_rules.contract.models import Finding
from qcdc_rules.fixes.pdfannotate import annotate_scan, finding_boxes, scan_pages
from qcdc_rules.pipeline import Options, default_engine
from qcdc_rules.readers import scanpage

from test_ocr import FONT, PAGE1, PAGE2, needs_ocr, page_image

pypdf = pytest.importorskip("pypdf")
ImageDraw = pytest.importorskip("PIL.ImageDraw")
ImageFont = pytest.importorskip("PIL.ImageFont")

SYMBOL = "34/2007/PL-UBTVQH11"
PAGE3 = """III. KINH PHÍ
1. Kinh phí do ngân sách xã bảo đảm theo Pháp lệnh số 34/2007/PL-UBTVQH11.
2. Ủy ban nhân dân huyện kiểm tra việc thực hiện.

CHỦ TỊCH
Trần Văn B"""


def drawn_box(text: str, word: str, dpi: int = 300) -> tuple[float, float, float, float]:
    """Where page_image(text) draws `word` (its first occurrence), in pixels: left, top, right, bottom."""
    px = dpi / 72
    font = ImageFont.truetype(FONT, int(12 * px))
    draw = ImageDraw.Draw(page_image("x", dpi))
    for i, line in enumerate(text.splitlines()):
        if word in line:
            x, y = int(70 * px), int((50 + i * 18) * px)
            start = line.index(word)
            left = x + draw.textlength(line[:start], font=font)
            top, bottom = draw.textbbox((x, y), word, font=font)[1::2]
            return left, top, left + draw.textlength(word, font=font), bottom
    raise AssertionError(word)


def run(*args, cache: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QCDC_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-m", "qcdc_rules.cli", "check", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=600)


def annotations(pdf: Path) -> dict[int, list]:
    reader = pypdf.PdfReader(str(pdf))
    return {n: [a.get_object() for a in (page.get("/Annots") or [])] for n, page in enumerate(reader.pages, 1)}


def covers(rect, box, slack: float = 1.5) -> bool:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return x0 - slack <= box[0] and y0 - slack <= box[1] and x1 + slack >= box[2] and y1 + slack >= box[3]


def to_points(box, page) -> tuple[float, float, float, float]:
    """A box as fractions of the page image (y down) -> PDF points (y up)."""
    cb = page.cropbox
    w, h = float(cb.width), float(cb.height)
    return (float(cb.left) + box[0] * w, float(cb.top) - box[3] * h, float(cb.left) + box[2] * w,
            float(cb.top) - box[1] * h)


@pytest.fixture
def scan(tmp_path):
    """A three-page scan (the second page fed upside down) in its own folder."""
    folder = tmp_path / "in"
    folder.mkdir()
    imgs = [page_image(PAGE1), page_image(PAGE2).rotate(180), page_image(PAGE3)]
    path = folder / "ke-hoach.pdf"
    imgs[0].save(path, format="PDF", save_all=True, append_images=imgs[1:], resolution=300)
    return path


@needs_ocr
@pytest.mark.slow  # over 10 s on 2 shared cores (--durations)
def test_annotate_writes_a_searchable_copy_with_each_finding_marked(scan, tmp_path, monkeypatch):
    monkeypatch.setenv("QCDC_CACHE_DIR", str(tmp_path / "cache"))  # scan_pages below reads the CLI's cache
    out = tmp_path / "out" / "ke-hoach-annotated.pdf"
    r = run("--format", "json", "--lang", "en", "--annotate", out, scan, cache=tmp_path / "cache", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)["files"][0]
    findings = [Finding(**f) for f in report["findings"]]
    assert {f.page for f in findings} >= {1, 2, 3}
    assert "finding(s) marked on the scanned pages" in r.stderr
    # the input's folder holds the input only; the output's folder the output only (no temporary file)
    assert sorted(p.name for p in scan.parent.iterdir()) == ["ke-hoach.pdf"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["ke-hoach-annotated.pdf"]

    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == 3
    if shutil.which("pdftotext"):  # the text layer: a PDF reader finds the words, on their page
        text = {n: subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(out), "-"], capture_output=True,
                                  text=True).stdout for n in (1, 2, 3)}
        assert "Thực hiện dân chủ ở cơ sở" in text[1] and SYMBOL not in text[1]
        assert f"Pháp lệnh số {SYMBOL}" in text[2]  # the upside-down page reads the right way
        assert "Trần Văn B" in text[3]

    marks = annotations(out)
    pages = scan_pages(scan)
    assert all(pages[n].boxes for n in (1, 2, 3))
    for f in findings:  # each finding: a highlight on its page, holding its message, over its words
        first = to_points(finding_boxes(f, pages[f.page])[0][0], reader.pages[f.page - 1])
        [mark] = [a for a in marks[f.page] if a["/Subtype"] == "/Highlight" and a["/Contents"].startswith(f.rule)
                  and f.message in a["/Contents"] and covers(a["/Rect"], first)]
        assert mark["/Popup"].get_object()["/Subtype"] == "/Popup"
        for line in finding_boxes(f, pages[f.page]):
            for box in line:
                assert covers(mark["/Rect"], to_points(box, reader.pages[f.page - 1]))
    # against the page as drawn, without OCR: the ceased Pháp lệnh's symbol on page 2 (drawn upside down) and 3
    dpi_scale = 72 / 300
    for number, text_, turned in ((2, PAGE2, True), (3, PAGE3, False)):
        [f] = [f for f in findings if f.page == number and f.rule == "QCDC101"]
        [mark] = [a for a in marks[number] if a["/Subtype"] == "/Highlight" and a["/Contents"].startswith("QCDC101")]
        x0, y0, x1, y1 = drawn_box(text_, SYMBOL)
        if turned:
            w, h = page_image(text_).size
            x0, y0, x1, y1 = w - x1, h - y1, w - x0, h - y0
        height = float(reader.pages[number - 1].cropbox.height)
        truth = (x0 * dpi_scale, height - y1 * dpi_scale, x1 * dpi_scale, height - y0 * dpi_scale)
        assert covers(mark["/Rect"], truth, slack=2.0)
        rect = [float(v) for v in mark["/Rect"]]
        assert rect[3] - rect[1] < 2 * (truth[3] - truth[1])  # one line high, not the page


@needs_ocr
@pytest.mark.slow  # over 10 s on 2 shared cores (--durations)
def test_annotate_an_image_turned_sideways_in_vietnamese(tmp_path, monkeypatch):
    monkeypatch.setenv("QCDC_CACHE_DIR", str(tmp_path / "cache"))
    text = PAGE1 + "\n\n" + PAGE2
    img = page_image(text)
    path = tmp_path / "trang.jpg"
    img.rotate(90, expand=True).convert("RGB").save(path, quality=75, dpi=(300, 300))  # fed sideways
    report = default_engine().check_file(path, Options(lang="vi"))
    assert [f.page for f in report.findings if f.rule == "QCDC101"] == [1]
    out = tmp_path / "trang-annotated.pdf"
    done = annotate_scan(path, report, out, "vi")
    assert done.highlighted + done.noted == len(report.findings) and done.text_pages == 1
    reader = pypdf.PdfReader(str(out))
    marks = [a.get_object() for a in reader.pages[0]["/Annots"]]
    [mark] = [a for a in marks if a.get("/Contents", "").startswith("QCDC101")]
    assert "(lỗi)" in mark["/Contents"] and "Gợi ý sửa" in mark["/Contents"]  # the message in Vietnamese
    # the page as given (sideways): Pillow's rotate(90) turns (x, y) of the upright page into (y, W - x)
    x0, y0, x1, y1 = drawn_box(text, SYMBOL)
    w = img.width
    box = (y0, w - x1, y1, w - x0)
    height = float(reader.pages[0].cropbox.height)
    s = 72 / 300
    assert covers(mark["/Rect"], (box[0] * s, height - box[3] * s, box[2] * s, height - box[1] * s), slack=2.0)
    with pytest.raises(Exception) as e:
        annotate_scan(path, report, path, "vi")  # never over the input
    assert getattr(e.value, "code", None) == "usage"


@needs_ocr
@pytest.mark.slow  # over 10 s on 2 shared cores (--durations)
def test_jobs_2_gives_the_findings_of_jobs_1_and_progress_a_line_a_page(scan, tmp_path):
    one = run("--format", "json", "--lang", "en", "--jobs", "1", scan, cache=tmp_path / "c1", cwd=tmp_path)
    two = run("--format", "json", "--jobs", "2", "--progress", "--lang", "en", scan, cache=tmp_path / "c2",
              cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert json.loads(one.stdout)["files"][0]["findings"] == json.loads(two.stdout)["files"][0]["findings"]
    lines = [ln for ln in two.stderr.splitlines() if "OCR read page" in ln]
    assert len(lines) == 3 and {ln.split("OCR read page ")[1][0] for ln in lines} == {"1", "2", "3"}
    assert all("of 3 pages" in ln and ln.startswith("ke-hoach.pdf: ") for ln in lines)
    assert "OCR" not in one.stderr  # not a terminal, no --progress: no progress
    # read from the cache
    cached = run("--format", "json", "--lang", "en", "--progress", scan, cache=tmp_path / "c2", cwd=tmp_path)
    assert json.loads(cached.stdout)["files"][0]["findings"] == json.loads(one.stdout)["files"][0]["findings"]


def test_page_jobs_are_bounded(monkeypatch):
    monkeypatch.delenv("QCDC_OCR_JOBS", raising=False)
    monkeypatch.setattr(scanpage, "JOBS", None)
    cores = len(os.sched_getaffinity(0))
    assert scanpage.page_jobs(1) == 1
    assert scanpage.page_jobs(40) == min(cores, scanpage.MAX_JOBS)  # default: one a core
    assert scanpage.page_jobs(40, 64) == min(cores, scanpage.MAX_JOBS)  # never more than the cores
    assert scanpage.page_jobs(3, 1) == 1


@pytest.mark.slow  # over 10 s on 2 shared cores (--durations)
def test_annotate_a_damaged_image_is_one_error_and_writes_nothing(tmp_path):
    bad = tmp_path / "in" / "scan.png"
    bad.parent.mkdir()
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    out = tmp_path / "out.pdf"
    r = run("--format", "json", "--annotate", out, bad, cache=tmp_path / "cache", cwd=tmp_path)
    assert r.returncode == 2
    assert json.loads(r.stdout)["files"][0]["error"]["code"] == "corrupt"
    assert len([ln for ln in r.stderr.splitlines() if ln.strip()]) == 1 and "Traceback" not in r.stderr
    assert not out.exists() and sorted(p.name for p in bad.parent.iterdir()) == ["scan.png"]
    text = tmp_path / "plan.txt"
    text.write_text("KẾ HOẠCH\n", encoding="utf-8")
    r = run("--annotate", out, text, cache=tmp_path / "cache", cwd=tmp_path)  # a text file is no scan
    assert r.returncode == 2 and "--annotate" in r.stderr and not out.exists()
