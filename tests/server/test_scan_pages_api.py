"""A scan through the service (issue 25, the page image with the marks): /api/v1/check's report of a scan gives
each finding its boxes on its page, where the words were drawn; POST /api/v1/pages answers a page as a PNG
of bounded size, with the request id, and refuses what it cannot draw with a problem and its code.

The scan is made here (scan_helpers.py): our own plan drawn at 300 dpi, two pages of an image-only PDF, run
against `qcdc-check serve` on loopback with an OCR cache of its own."""
from __future__ import annotations

import io
import json

import jsonschema
import pytest
from qcdc_rules.contract import SCHEMA_PATH
from scan_helpers import CEASED, PAGE1, PAGE2, drawn_box, ocr_cache, post, require_ocr, scan_pdf
from server_helpers import Server

require_ocr()
Image = pytest.importorskip("PIL.Image")

TOLERANCE = 0.012  # of the page: about 30 px at 300 dpi, a word's box as Tesseract gives it against the ink


@pytest.fixture(scope="module")
def scan_server(tmp_path_factory):
    s = Server("--max-bytes", "2000000", env={"QCDC_CACHE_DIR": str(ocr_cache(tmp_path_factory))})
    yield s
    s.stop()


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    return scan_pdf(tmp_path_factory.mktemp("scan") / "ke-hoach-quet.pdf")


def problem(status_headers_body, status: int, code: str) -> dict:
    status_got, headers, body = status_headers_body
    assert status_got == status, body[:400]
    assert headers["Content-Type"].startswith("application/problem+json")
    doc = json.loads(body)
    assert doc["code"] == code, doc
    assert doc["request_id"] == headers["X-Request-ID"]  # the problem names the request it answers
    return doc


def test_each_finding_of_a_scan_has_its_boxes_where_its_words_were_drawn(scan_server, scan):
    status, _, body = post(scan_server.url + "/api/v1/check?lang=en", [("file", scan.name, scan.read_bytes())])
    assert status == 200, body[:400]
    report = json.loads(body)
    jsonschema.validate(report, json.loads(SCHEMA_PATH.read_text("utf-8")))  # `scan` and `boxes` as documented
    f = report["files"][0]
    assert f["scan"] == {"pages": [1, 2]}
    [ceased] = [x for x in f["findings"] if x["rule"] == "QCDC101" and "34/2007" in x["text"]]
    assert (ceased["page"], ceased["line"]) == (2, 1)
    [box] = ceased["boxes"]  # one line: one box
    left, top, right, bottom = drawn_box(PAGE2, 1, CEASED)
    assert abs(box[0] - left) < TOLERANCE and abs(box[2] - right) < TOLERANCE, (box, (left, right))
    assert box[1] <= top + TOLERANCE and box[3] >= bottom - TOLERANCE, (box, (top, bottom))  # covers the letters
    assert box[3] - box[1] < 3 * (bottom - top)  # one line high, not the paragraph
    # every box is within its page, on a finding that is on a page read by OCR
    for x in f["findings"]:
        for b in x.get("boxes", []):
            assert x["page"] in (1, 2) and 0 <= b[0] < b[2] <= 1 and 0 <= b[1] < b[3] <= 1, x
    assert sum(1 for x in f["findings"] if x.get("boxes")) >= 2

    # SARIF and a document with a text layer of its own: no boxes, no scan
    status, _, body = post(scan_server.url + "/api/v1/check?format=sarif", [("file", scan.name, scan.read_bytes())])
    assert status == 200 and b'"QCDC101"' in body and b'"boxes"' not in body and b'"scan"' not in body
    as_text = json.dumps({"text": PAGE1 + "\n\n" + PAGE2}).encode()
    status, _, body = post(scan_server.url + "/api/v1/check", body=as_text, ctype="application/json")
    text_report = json.loads(body)["files"][0]
    assert status == 200 and "scan" not in text_report and text_report["findings"]
    assert not any("boxes" in x for x in text_report["findings"])


def test_a_page_image_is_a_png_of_bounded_size(scan_server, scan):
    data = scan.read_bytes()
    status, headers, body = post(scan_server.url + "/api/v1/pages?page=2&width=600", [("file", scan.name, data)],
                                 headers={"X-Request-ID": "scan-page-2"})
    assert status == 200, body[:300]
    assert headers["Content-Type"] == "image/png" and body[:8] == b"\x89PNG\r\n\x1a\n"
    assert headers["X-Request-ID"] == "scan-page-2"
    assert (headers["X-QCDC-Pages"], headers["X-QCDC-Page"]) == ("2", "2")
    page = Image.open(io.BytesIO(body))
    drawn = Image.open(io.BytesIO(scan_png_bytes()))
    assert page.width == 600 and abs(page.height / page.width - drawn.height / drawn.width) < 0.01  # the whole page
    assert len(body) < 400_000

    # the default width is 1000; the page number and width may come as form fields too
    status, headers, body = post(scan_server.url + "/api/v1/pages", [("file", scan.name, data)], [("page", "1")])
    assert status == 200 and Image.open(io.BytesIO(body)).width == 1000 and headers["X-QCDC-Page"] == "1"


def scan_png_bytes() -> bytes:
    from scan_helpers import page_image

    out = io.BytesIO()
    page_image(PAGE2).save(out, format="PNG")
    return out.getvalue()


def test_an_image_page_is_never_enlarged_and_a_tall_one_is_bounded(scan_server, tmp_path):
    small = tmp_path / "nho.png"
    Image.new("L", (300, 420), 255).save(small)
    status, _, body = post(scan_server.url + "/api/v1/pages?width=1000", [("file", small.name, small.read_bytes())])
    assert status == 200 and Image.open(io.BytesIO(body)).size == (300, 420)
    tall = tmp_path / "dai.tif"
    Image.new("L", (1200, 9600), 255).save(tall, compression="tiff_lzw")
    status, _, body = post(scan_server.url + "/api/v1/pages?width=400", [("file", tall.name, tall.read_bytes())])
    assert status == 200
    w, h = Image.open(io.BytesIO(body)).size
    assert h <= 3 * 400 and w == 150  # at most three times as high as the width asked; its shape kept


def test_page_image_refusals_have_their_codes(scan_server, scan, tmp_path):
    url = scan_server.url + "/api/v1/pages"
    data = scan.read_bytes()
    one = [("file", scan.name, data)]
    doc = problem(post(url + "?page=3", one), 400, "no-such-page")
    assert doc["pages"] == 2
    for query in ("?width=5000", "?width=199", "?width=abc", "?page=0", "?page=-1", "?lang=fr"):
        problem(post(url + query, one), 400, "bad-option")
    problem(post(url + "?pre_issuance=true", one), 400, "unknown-option")  # a check's option is not this one's
    problem(post(url, [("file", "ke-hoach.docx", b"PK\x03\x04 not really")]), 415, "no-page-image")
    problem(post(url, [("file", "hong.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 200)]), 422, "corrupt")
    problem(post(url, [("file", "hong.pdf", b"%PDF-1.4\n1 0 obj <<>>\nendobj\n%%EOF")]), 422, "corrupt")
    problem(post(url, one + one), 413, "too-many-files")
    problem(post(url, body=b'{"text": "x"}', ctype="application/json"), 415, "not-multipart")
    huge = tmp_path / "qua-lon.png"
    Image.new("1", (9000, 7000), 1).save(huge)  # 63 million pixels, a few kB: over the pixel limit
    problem(post(url, [("file", huge.name, huge.read_bytes())]), 413, "too-large")


def test_a_page_image_has_the_upload_limit_of_a_check():
    from server_helpers import make_client

    with make_client(max_bytes=1000) as small:
        r = small.post("/api/v1/pages", files={"file": ("to.png", b"\0" * 80_000)})  # over the body's limit
        assert "1000" in problem((r.status_code, r.headers, r.content), 413, "too-large")["messages"]["en"]
        r = small.post("/api/v1/pages", files={"file": ("to.png", b"\0" * 2000)})  # under it, over the file's
        problem((r.status_code, r.headers, r.content), 413, "too-large")
