"""Scanned plans (issue 25): a PDF without a text layer and image files are read by OCR, page by page; a mixed
PDF reads each page the right way; without the engine the refusal says what to install; a damaged or huge image
is one clear error; OCR results are cached by the file's hash, nothing is written beside the input; a symbol read
with low confidence is not called malformed.

The scans are made here, at test time: the plan's text drawn on a 300 dpi page (Pillow, DejaVu), saved as PNG
or as an image-only PDF. The tests that run Tesseract skip when it is not installed, unless QCDC_REQUIRE_OCR is
set (.ci/run sets it and installs tesseract-ocr and tesseract-ocr-vie).
"""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from qcdc_rules.core.errors import InputError, localized
from qcdc_rules.pipeline import Options, default_engine
from qcdc_rules.readers import Location, RawText, from_raw, ocr, read_file, scanpage

Image = pytest.importorskip("PIL.Image")
ImageDraw = pytest.importorskip("PIL.ImageDraw")
ImageFont = pytest.importorskip("PIL.ImageFont")

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PAGE1 = """ỦY BAN NHÂN DÂN
XÃ AN PHÚ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 15/KH-UBND
An Phú, ngày 12 tháng 01 năm 2026

KẾ HOẠCH
Thực hiện dân chủ ở cơ sở trên địa bàn xã năm 2026"""
PAGE2 = """Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 của Ủy ban Thường vụ
Quốc hội về thực hiện dân chủ ở xã, phường, thị trấn;

I. MỤC ĐÍCH, YÊU CẦU
1. Bảo đảm quyền làm chủ của Nhân dân.

II. TỔ CHỨC THỰC HIỆN
1. Văn phòng xã báo cáo định kỳ 6 tháng (trước ngày 15/6/2026) gửi về
Ủy ban nhân dân huyện.

Nơi nhận:
- UBND huyện;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn A"""


def ocr_ready() -> bool:
    return ocr.missing() is None


needs_ocr = pytest.mark.skipif(
    not ocr_ready() and not os.environ.get("QCDC_REQUIRE_OCR"),
    reason="OCR engine not installed (pip install '.[ocr]'; apt-get install tesseract-ocr tesseract-ocr-vie)")


def page_image(text: str, dpi: int = 300):
    """The text drawn as a scanner sees a printed page: black on white, 12 pt, at `dpi`."""
    if not Path(FONT).exists():
        pytest.skip("DejaVu font not installed")
    px = dpi / 72
    font = ImageFont.truetype(FONT, int(12 * px))
    lines = text.splitlines()
    img = Image.new("L", (int(8.27 * dpi), int((len(lines) * 18 + 100) * px)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((int(70 * px), int((50 + i * 18) * px)), line, font=font, fill=0)
    return img


def scan_pdf(path: Path, pages: list[str]) -> Path:
    imgs = [page_image(t) for t in pages]
    imgs[0].save(path, format="PDF", save_all=True, append_images=imgs[1:], resolution=300)
    return path


def text_pdf(text: str) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("QCDC_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def check(path: Path, lang: str = "en"):
    return default_engine().check_file(path, Options(lang=lang))


def ceased(report) -> list:
    return [f for f in report.findings if f.rule == "QCDC101" and "34/2007" in (f.instrument or f.message)]


@needs_ocr
def test_scanned_pdf_is_read_by_ocr_page_by_page(tmp_path):
    scans = tmp_path / "scans"
    scans.mkdir()
    pdf = scan_pdf(scans / "ke-hoach.pdf", [PAGE1, PAGE2])
    report = check(pdf)
    assert report.error is None and report.kind == "pdf"
    assert report.plan.date.isoformat() == "2026-01-12"  # the header, read from the scan
    [finding] = ceased(report)  # the ceased Pháp lệnh, where it is on the page
    assert (finding.page, finding.line, finding.column) == (2, 1, 8)
    as_text = default_engine().check_text(PAGE1 + "\n\n" + PAGE2, "plan.txt", Options(lang="en"))
    errors = {(f.rule, f.instrument) for f in report.findings if f.severity == "error"}
    # none only on the scan
    assert errors == {(f.rule, f.instrument) for f in as_text.findings if f.severity == "error"}
    note = next(n for n in report.notes if n.startswith("[ocr]"))
    assert "page(s) 1-2 read by OCR" in note and "mean word confidence" in note
    assert sorted(p.name for p in scans.iterdir()) == ["ke-hoach.pdf"]  # nothing written beside the input
    vi = check(pdf, "vi")  # the second check reads the cache; the note in Vietnamese says so
    assert any(n.startswith("[ocr] trang 1-2 được nhận dạng chữ bằng OCR") and "kết quả đã lưu" in n for n in vi.notes)


@needs_ocr
def test_image_files_are_read_by_ocr(tmp_path):
    png = tmp_path / "trang.png"
    page_image(PAGE1 + "\n\n" + PAGE2).save(png, dpi=(300, 300))
    jpg = tmp_path / "trang.jpg"
    page_image(PAGE1 + "\n\n" + PAGE2).convert("RGB").save(jpg, quality=70, dpi=(300, 300))
    for path in (png, jpg):
        report = check(path)
        assert report.error is None and report.kind == "image"
        [finding] = ceased(report)
        assert (finding.page, finding.column) == (1, 8)


@needs_ocr
def test_mixed_pdf_reads_each_page_the_right_way(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(text_pdf(PAGE1))).pages[0])  # page 1: a text layer
    writer.add_page(PdfReader(scan_pdf(tmp_path / "scan.pdf", [PAGE2])).pages[0])  # page 2: a scan
    mixed = tmp_path / "mixed.pdf"
    with open(mixed, "wb") as fh:
        writer.write(fh)
    report = check(mixed)
    assert report.error is None
    [finding] = ceased(report)
    assert (finding.page, finding.line) == (2, 1)
    assert any(n.startswith("[ocr] page(s) 2 read by OCR") for n in report.notes)


@needs_ocr
def test_a_second_check_reads_the_cache(tmp_path, cache, monkeypatch):
    pdf = scan_pdf(tmp_path / "plan.pdf", [PAGE2])
    first = read_file(pdf)
    assert len(list((cache / "ocr").glob("*.json"))) == 1

    def no_engine(*a, **k):
        raise AssertionError("tesseract run again on a cached scan")

    monkeypatch.setattr(scanpage, "_tesseract", no_engine)
    second = read_file(pdf)
    assert second.original == first.original and second.locations == first.locations
    assert [n.code for n in second.notes if n.code.startswith("ocr")] == ["ocr-cached"]


def test_without_the_engine_the_refusal_says_what_to_install(tmp_path, monkeypatch):
    pdf = scan_pdf(tmp_path / "scan.pdf", [PAGE2])
    png = tmp_path / "scan.png"
    page_image(PAGE2).save(png)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))  # no tesseract program
    for path, code in ((pdf, "scanned-pdf"), (png, "ocr-missing")):
        with pytest.raises(InputError) as e:
            read_file(path)
        assert e.value.code == code and "\n" not in e.value.message
        assert "pip install 'qcdc-rules[ocr]'" in e.value.message and "tesseract-ocr-vie" in e.value.message
        vi = localized(e.value.code, e.value.message, str(path), "vi")
        assert "pip install 'qcdc-rules[ocr]'" in vi and "apt-get install tesseract-ocr tesseract-ocr-vie" in vi


@pytest.mark.parametrize("name,data", [
    ("garbage.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    ("cut.jpg", None),  # a JPEG cut in half
    ("text.tif", b"II*\0 this is not a TIFF"),
])
def test_a_damaged_image_is_one_clear_error(tmp_path, name, data):
    path = tmp_path / name
    if data is None:
        buf = io.BytesIO()
        page_image(PAGE2, dpi=100).convert("RGB").save(buf, format="JPEG")
        data = buf.getvalue()[: len(buf.getvalue()) // 2]
    path.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_file(path)
    assert e.value.code == "corrupt" and "\n" not in e.value.message and name in e.value.message
    assert "damaged" in e.value.message


def test_limits_on_pixels_pages_and_time(tmp_path, monkeypatch):
    huge = tmp_path / "huge.png"
    Image.new("1", (9000, 9000), 1).save(huge)  # 81 Mpx, a few KB on disk
    with pytest.raises(InputError) as e:
        read_file(huge)
    assert e.value.code == "too-large"
    many = tmp_path / "many.tif"
    frames = [Image.new("L", (40, 40), 255) for _ in range(3)]
    frames[0].save(many, save_all=True, append_images=frames[1:])
    monkeypatch.setattr(ocr, "MAX_PAGES", 2)
    with pytest.raises(InputError) as e:
        read_file(many)
    assert e.value.code == "too-large" and "3 pages" in e.value.message


@needs_ocr
def test_a_page_over_its_time_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(scanpage, "PAGE_SECONDS", 0.001)
    with pytest.raises(InputError) as e:
        read_file(scan_pdf(tmp_path / "slow.pdf", [PAGE2]))
    assert e.value.code == "too-large" and "page 1 took over" in e.value.message


def _read_as_ocr(text: str, uncertain_word: str | None):
    """A document as the OCR reader gives it, one word of it read with low confidence."""
    lines = text.splitlines()
    raw = RawText(lines=lines, locations=[Location(page=1, line=i) for i in range(1, len(lines) + 1)])
    if uncertain_word:
        i = next(i for i, ln in enumerate(lines) if uncertain_word in ln)
        start = lines[i].index(uncertain_word)
        raw.uncertain.append((i, start, start + len(uncertain_word), 31.0))
    return from_raw("scan.png", raw, "image")


def test_a_symbol_read_with_low_confidence_is_not_called_malformed():
    text = PAGE1 + "\n\nCăn cứ Nghị định số 145/NĐ-CP ngày 14/12/2020 của Chính phủ;\n" + PAGE2
    engine = default_engine()
    sure = engine.check_document(_read_as_ocr(text, None), Options(lang="en"))
    assert [f for f in sure.findings if f.rule == "QCDC104" and "145/NĐ-CP" in f.message]  # the control fires
    unsure = engine.check_document(_read_as_ocr(text, "145/NĐ-CP"), Options(lang="en"))
    assert not [f for f in unsure.findings if f.rule == "QCDC104" and "145/NĐ-CP" in f.message]
    # a finding on words read with low confidence says so
    low = engine.check_document(_read_as_ocr(text, "34/2007/PL-UBTVQH11"), Options(lang="en"))
    [finding] = ceased(low)
    assert finding.message.endswith(ocr.UNCERTAIN_FINDING["en"])
    assert not ceased(sure)[0].message.endswith(ocr.UNCERTAIN_FINDING["en"])


def test_images_are_read_when_named_not_found_in_a_folder_walk():
    from qcdc_rules.readers import reader_for, supported_suffixes

    assert all(reader_for(f"scan{s}") is ocr for s in (".png", ".JPG", ".jpeg", ".tif", ".TIFF"))
    assert not {".png", ".jpg", ".jpeg", ".tif", ".tiff"} & supported_suffixes() and ".pdf" in supported_suffixes()
