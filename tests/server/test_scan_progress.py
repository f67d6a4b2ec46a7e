"""Progress of a scan's reading on the web page (issue 25: "long documents show progress (per page) ... on the
page"): a check sent with a token (header X-QCDC-Progress) is followed by GET /api/v1/progress/{token}, which
tells the pages read by OCR as they are read; the page shows "page k of n" in its status line while a scan is
read, in Debian's chromium, headless, against `qcdc-check serve` on loopback.

The scan is our own plan (scan_helpers.py) as a three-page image-only PDF the other scan tests do not use, read
by a server with an empty OCR cache of its own, so that its pages are read here and not taken from a cache."""
from __future__ import annotations

import json
import os
import threading
import time
import urllib.request

import pytest
from browser_helpers import ARGS, CHROMIUM, open_app
from scan_helpers import PAGE1, PAGE2, page_image, post, require_ocr
from server_helpers import Server

require_ocr()

TOKEN = "test-progress-0123456789"
WAIT = 180_000  # ms: three pages read by OCR on two shared cores


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(env={"QCDC_CACHE_DIR": str(tmp_path_factory.mktemp("empty-ocr-cache"))})
    yield s
    s.stop()


def _scan(path, extra: str):
    """Three scanned pages: the plan's two and a third of our own words (`extra` makes each scan's bytes its own)."""
    pages = [page_image(PAGE1), page_image(PAGE2), page_image(f"3. {extra}\nNơi nhận:\n- Lưu: VT.")]
    pages[0].save(path, format="PDF", save_all=True, append_images=pages[1:], resolution=300)
    return path


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_progress_tells_each_page_read_while_the_check_runs(server, tmp_path):
    scan = _scan(tmp_path / "ke-hoach-ba-trang.pdf", "Các thôn báo cáo kết quả trước ngày 15/12/2026.")
    answer = {}

    def check():
        answer["got"] = post(server.url + "/api/v1/check?lang=en", [("file", scan.name, scan.read_bytes())],
                             headers={"X-QCDC-Progress": TOKEN})

    states = []
    sender = threading.Thread(target=check)
    sender.start()
    deadline = time.monotonic() + WAIT / 1000
    while sender.is_alive() and time.monotonic() < deadline:
        status, body = _get(f"{server.url}/api/v1/progress/{TOKEN}")
        if status == 200:
            states.append(body)
        else:  # not arrived yet, or answered: a problem with its code
            assert (status, body["code"]) == (404, "not-found"), body
        time.sleep(0.2)
    sender.join(5)
    status, _, body = answer["got"]
    assert status == 200, body[:300]
    assert json.loads(body)["files"][0]["scan"] == {"pages": [1, 2, 3]}
    reading = [s for s in states if s["state"] == "reading"]
    assert reading, states  # the pages were seen being read
    assert all(s == {"state": "reading", "file": scan.name, "done": s["done"], "pages": 3} for s in reading), reading
    done = [s["done"] for s in reading]
    assert done == sorted(done) and set(done) <= {0, 1, 2, 3}, done
    assert all(s["state"] in ("waiting", "reading") for s in states)
    # once answered, the token is forgotten
    status, body = _get(f"{server.url}/api/v1/progress/{TOKEN}")
    assert (status, body["code"]) == (404, "not-found")


def test_a_malformed_progress_token_is_refused_before_the_check(server, tmp_path):
    status, headers, body = post(server.url + "/api/v1/check", [("file", "a.txt", "KẾ HOẠCH".encode())],
                                 headers={"X-QCDC-Progress": "short"})
    assert status == 400 and json.loads(body)["code"] == "bad-option", body[:300]
    status, body = _get(f"{server.url}/api/v1/progress/{'x' * 200}")
    assert (status, body["code"]) == (404, "not-found")


def test_the_page_shows_page_k_of_n_while_a_scan_is_read(server, tmp_path):
    if not CHROMIUM:
        if os.environ.get("QCDC_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is required here")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    scan = _scan(tmp_path / "ke-hoach-quet-ba-trang.pdf", "Văn phòng báo cáo năm trước ngày 30/11/2026.")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pg = open_app(browser, server.url, 1280, 900)
            # every text the status line shows, recorded as it changes
            pg.evaluate("""() => { window.__busy = [];
                new MutationObserver(() => window.__busy.push(document.getElementById('busy').textContent))
                    .observe(document.getElementById('busy'), {childList: true, characterData: true, subtree: true});
            }""")
            pg.set_input_files("#file", str(scan))
            pg.click("#check")
            pg.wait_for_selector("#findings li", timeout=WAIT)
            shown = pg.evaluate("window.__busy")
            pg.context.close()
            assert pg.errors == [], pg.errors
            assert pg.outside == [], pg.outside
        finally:
            browser.close()
    pages = [t for t in shown if "trang" in t and "OCR" in t]
    assert pages, shown  # Vietnamese by default
    for t in pages:
        assert t.startswith(f"Đang nhận dạng chữ (OCR) bản quét {scan.name}: trang "), t
        k, n = t.rsplit("trang ", 1)[1].rstrip("…").split("/")
        assert n == "3" and 1 <= int(k) <= 3, t
    assert shown[-1] == ""  # cleared when the result is shown
