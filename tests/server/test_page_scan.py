"""The web page with a scan (issue 25: the page image with the marks), in Debian's chromium, headless, against
`qcdc-check serve` on loopback: a scanned PDF is checked, its pages are shown as images with each finding's
box drawn where the service's `boxes` put it, at 1280 px and at 390 px (the image and its boxes scale
together); a box is reached by Tab and Enter opens its finding; choosing a finding in the list brings its box
into view; nothing is loaded from anywhere but the server; axe-core finds nothing serious.

The scan is our own plan drawn at 300 dpi (scan_helpers.py). The screenshot goes to /tmp/page-scan.png (and
the phone's to /tmp/page-scan-390.png), or into $QCDC_SCREENSHOTS when it is set."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from browser_helpers import ARGS, CHROMIUM, axe_violations, open_app, require_chromium
from scan_helpers import ocr_cache, post, require_ocr, scan_pdf
from server_helpers import Server

require_chromium()
require_ocr()
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

SHOTS = Path(os.environ.get("QCDC_SCREENSHOTS") or "/tmp")
PLACE = 0.015  # of the image: where a box is drawn against where `boxes` says (the page pads each by 0.004)
WAIT = 120_000  # ms: the scan is read by OCR on two shared cores, then each page image is drawn


@pytest.fixture(scope="module")
def scan_server(tmp_path_factory):
    s = Server(env={"QCDC_CACHE_DIR": str(ocr_cache(tmp_path_factory))})
    yield s
    s.stop()


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    return scan_pdf(tmp_path_factory.mktemp("scan") / "ke-hoach-quet.pdf")


@pytest.fixture(scope="module")
def api(scan_server, scan):
    status, _, body = post(scan_server.url + "/api/v1/check", [("file", scan.name, scan.read_bytes())])
    assert status == 200, body[:300]
    return json.loads(body)["files"][0]


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, scan_server):
    pg = open_app(browser, scan_server.url, 1280, 900)
    yield pg
    pg.context.close()
    assert pg.errors == [], pg.errors
    assert pg.outside == [], pg.outside


@pytest.fixture
def phone(browser, scan_server):
    pg = open_app(browser, scan_server.url, 390, 844)
    yield pg
    pg.context.close()
    assert pg.errors == [], pg.errors
    assert pg.outside == [], pg.outside


def _check_scan(pg, scan, api):
    pg.set_input_files("#file", str(scan))
    pg.click("#check")
    pg.wait_for_selector("#findings li", timeout=WAIT)
    for n in api["scan"]["pages"]:
        pg.wait_for_selector(f"#scan-page-{n} .scan-frame img", timeout=WAIT)
    pg.wait_for_function("[...document.querySelectorAll('#scan img')].every(i => i.complete && i.naturalWidth > 0)")


def _ceased(api) -> int:
    return next(i for i, f in enumerate(api["findings"]) if f["rule"] == "QCDC101" and "34/2007" in f["text"])


def _placement(pg, i: int) -> dict:
    """The first box of finding i as drawn, as fractions of its page image, and the image's size."""
    return pg.evaluate("""(i) => {
        const m = document.querySelector(`button.scan-mark[data-finding="${i}"]`);
        const img = m.parentElement.querySelector('img');
        const a = m.getBoundingClientRect(), b = img.getBoundingClientRect();
        return {left: (a.left - b.left) / b.width, top: (a.top - b.top) / b.height,
                right: (a.right - b.left) / b.width, bottom: (a.bottom - b.top) / b.height,
                width: b.width, height: b.height, page: m.closest('figure').id};
    }""", i)


def _assert_placed(pg, api, i: int) -> dict:
    f = api["findings"][i]
    box = f["boxes"][0]
    got = _placement(pg, i)
    assert got["page"] == f"scan-page-{f['page']}"
    for k, key in enumerate(("left", "top", "right", "bottom")):
        assert abs(got[key] - box[k]) < PLACE, (key, got, box)
    return got


def _focused(pg) -> dict:
    return pg.evaluate("""() => { const a = document.activeElement; const s = getComputedStyle(a);
        return {tag: a.tagName, cls: String(a.className), finding: a.dataset ? (a.dataset.finding || null) : null,
                outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                item: a.closest('.finding') ? a.closest('.finding').id : null}; }""")


def test_scan_pages_show_with_each_finding_boxed_where_the_service_says(page, scan, api):
    assert api["scan"]["pages"] == [1, 2]
    _check_scan(page, scan, api)
    expect(page.locator("#scan")).to_be_visible()
    expect(page.locator("#show-scan")).to_have_attribute("aria-pressed", "true")
    assert page.locator("#scan img").count() == 2
    boxed = [i for i, f in enumerate(api["findings"]) if f.get("boxes")]
    assert len(boxed) >= 2
    assert page.locator("button.scan-mark").count() == len(boxed)  # one Tab stop a finding
    i = _ceased(api)
    _assert_placed(page, api, i)
    for k in boxed:
        _assert_placed(page, api, k)

    # Tab reaches the box; Enter opens its finding: selected, focus on it, the rule's explanation shown
    page.locator("#result-h").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        f = _focused(page)
        if f["finding"] == str(i) and "scan-mark" in f["cls"]:
            break
    else:
        raise AssertionError(f"Tab never reached the box of finding {i}; last focus {f}")
    assert f["outline"] != "none" and f["width"] >= 2  # a visible focus ring
    page.keyboard.press("Enter")
    item = page.locator(f"#finding-{i}")
    expect(item).to_have_class(re.compile(r"\bselected\b"))
    expect(item.locator(".doc")).to_contain_text(f"QCDC101 {api['findings'][i]['name']}:", timeout=20_000)
    assert _focused(page)["item"] == f"finding-{i}"
    expect(page.locator(f"button.scan-mark[data-finding='{i}']")).to_have_class(re.compile(r"\bselected\b"))

    # choosing a finding in the list brings its box into view in the pages' pane
    first = next(k for k in boxed if api["findings"][k]["page"] == 1)
    page.locator("#scan").evaluate("e => { e.scrollTop = e.scrollHeight; }")  # the last page in view
    page.locator(f"#finding-{first} .head").click()
    mark = page.locator(f"button.scan-mark[data-finding='{first}']")
    expect(mark).to_have_class(re.compile(r"\bselected\b"))
    pane = page.locator("#scan").bounding_box()
    page.wait_for_timeout(100)
    box = mark.bounding_box()
    assert pane["y"] <= box["y"] and box["y"] + box["height"] <= pane["y"] + pane["height"], (pane, box)
    assert 0 <= box["y"] and box["y"] + box["height"] <= 900

    # the text read from the scan is one press away, with its own marks; and back
    page.click("#show-text")
    expect(page.locator("#document")).to_be_visible()
    expect(page.locator("#scan")).to_be_hidden()
    assert page.locator("#document mark[data-findings]").count() >= 1
    page.click("#show-scan")
    expect(page.locator("#scan")).to_be_visible()

    # filtered out: its box is gone too
    page.locator("#severity-filter input[value='error']").uncheck()
    assert page.locator(f"button.scan-mark[data-finding='{i}']").is_hidden()
    page.locator("#severity-filter input[value='error']").check()

    page.locator(f"#finding-{i} .head").click()
    page.locator("#result").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SHOTS / "page-scan.png"))
    assert axe_violations(page) == []


def test_on_a_phone_the_page_image_and_its_boxes_scale_together(phone, scan, api):
    _check_scan(phone, scan, api)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    i = _ceased(api)
    got = _assert_placed(phone, api, i)
    pane = phone.locator("#scan").evaluate("e => e.clientWidth")
    assert got["width"] <= pane and got["width"] < 390
    # the image drawn at the pane's width: its boxes where `boxes` says, in pixels of this small image
    mark = phone.locator(f"button.scan-mark[data-finding='{i}']")
    mark.scroll_into_view_if_needed()
    mark.click()
    expect(phone.locator(f"#finding-{i}")).to_have_class(re.compile(r"\bselected\b"))
    expect(phone.locator(f"#finding-{i} .doc")).to_contain_text(api["findings"][i]["name"], timeout=20_000)
    item = phone.locator(f"#finding-{i}").bounding_box()
    assert 0 <= item["y"] < 844  # the opened finding is on screen
    phone.locator(f"#finding-{i}").scroll_into_view_if_needed()
    mark.scroll_into_view_if_needed()
    phone.screenshot(path=str(SHOTS / "page-scan-390.png"))
    assert axe_violations(phone) == []
