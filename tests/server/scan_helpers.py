"""A scanned plan made at test time for the service and page tests of scans (issue 25): a plan's text (our own
words) drawn black on white at 300 dpi with DejaVu Sans, as a scanner sees a printed page, saved as an
image-only PDF or a PNG; where each drawn piece of text lies on its page; and `qcdc-check serve` with an OCR
cache of its own. Tesseract is needed (skip without it, unless QCDC_REQUIRE_OCR is set, as .ci/run sets)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from server_helpers import post  # noqa: F401  (the scan tests import it from here)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DPI = 300
LEFT, TOP, PITCH, SIZE = 70, 50, 18, 12  # points: the text's left edge, first line, line pitch and font size

PAGE1 = """ỦY BAN NHÂN DÂN
XÃ HÒA BÌNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 27/KH-UBND
Hòa Bình, ngày 05 tháng 03 năm 2026

KẾ HOẠCH
Thực hiện dân chủ ở cơ sở trên địa bàn xã năm 2026"""
PAGE2 = """Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 của Ủy ban Thường vụ
Quốc hội về thực hiện dân chủ ở xã, phường, thị trấn;

I. MỤC ĐÍCH, YÊU CẦU
1. Phát huy quyền làm chủ của Nhân dân trên địa bàn xã.

II. TỔ CHỨC THỰC HIỆN
1. Các thôn tổ chức hội nghị Nhân dân trong quý II năm 2026.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
CHỦ TỊCH
Trần Văn Bình"""
CEASED = "Pháp lệnh số 34/2007/PL-UBTVQH11"  # on page 2, line 1: QCDC101 (the ordinance has ceased)


def require_ocr() -> None:
    from qcdc_rules.readers import ocr

    pytest.importorskip("PIL.Image")
    if ocr.missing() is not None and not os.environ.get("QCDC_REQUIRE_OCR"):
        pytest.skip("OCR engine not installed (pip install '.[ocr]'; apt-get install tesseract-ocr tesseract-ocr-vie)",
                    allow_module_level=True)
    if not Path(FONT).exists():
        pytest.skip("DejaVu font not installed", allow_module_level=True)


def _font():
    from PIL import ImageFont

    return ImageFont.truetype(FONT, int(SIZE * DPI / 72))


def page_image(text: str):
    """The text drawn as a printed page scanned at 300 dpi (A4 wide, as high as the text needs)."""
    from PIL import Image, ImageDraw

    px = DPI / 72
    lines = text.splitlines()
    img = Image.new("L", (int(8.27 * DPI), int((len(lines) * PITCH + 100) * px)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((int(LEFT * px), int((TOP + i * PITCH) * px)), line, font=_font(), fill=0)
    return img


def drawn_box(text: str, line: int, words: str) -> tuple[float, float, float, float]:
    """Where `words` (on 1-based `line` of the page `text`) were drawn: left, top, right, bottom as fractions of
    the page image, the ink of the letters (Pillow's text box)."""
    from PIL import ImageDraw

    img = page_image(text)
    px = DPI / 72
    full = text.splitlines()[line - 1]
    start = full.index(words)
    x, y = int(LEFT * px), int((TOP + (line - 1) * PITCH) * px)
    draw = ImageDraw.Draw(img)
    font = _font()
    left = x + draw.textlength(full[:start], font=font)
    right = x + draw.textlength(full[:start + len(words)], font=font)
    _, top, _, bottom = draw.textbbox((x, y), full, font=font)
    return left / img.width, top / img.height, right / img.width, bottom / img.height


def scan_pdf(path: Path) -> Path:
    """PAGE1 and PAGE2 as an image-only PDF (two scanned pages, no text layer)."""
    first, second = page_image(PAGE1), page_image(PAGE2)
    first.save(path, format="PDF", save_all=True, append_images=[second], resolution=DPI)
    return path


def scan_png(path: Path, text: str = PAGE2) -> Path:
    page_image(text).save(path, format="PNG", dpi=(DPI, DPI))
    return path


def ocr_cache(tmp_path_factory) -> Path:
    """One OCR cache for the session's scan tests (a scan read once is read from it afterwards), never the
    user's own."""
    return tmp_path_factory.getbasetemp() / "qcdc-ocr-cache"
