"""What the browser tests share: Debian's chromium driven by Playwright, headless, offline; the page's own
error log; axe-core (a test asset, never served by the product) and LibreOffice for the downloaded .docx."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OFFICE = shutil.which("soffice")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1 from npm


def require_chromium() -> None:
    """Skip the module without chromium, unless QCDC_REQUIRE_BROWSER=1 (as .ci/run sets): then fail."""
    import pytest

    if not CHROMIUM and os.environ.get("QCDC_REQUIRE_BROWSER") != "1":
        pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)


def new_page(browser, url: str, width: int, height: int):
    """A page in a context of its own at this viewport; `pg.errors` collects script errors and failed loads."""
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(90_000)  # a check on two shared, busy cores can take long; a hang still fails
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.goto(url)
    pg.errors = errors
    return pg


def open_app(browser, server_url: str, width: int, height: int):
    """The service's page in a new context (see new_page); `pg.outside` collects every request made anywhere but to
    the server itself (nothing may load from the Internet)."""
    pg = new_page(browser, server_url + "/", width, height)
    pg.outside = []
    own = (server_url, "blob:", "data:")
    pg.on("request", lambda r: pg.outside.append(r.url) if not r.url.startswith(own) else None)
    return pg


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core run in the page: the violations of these impacts ({id, impact, help, targets})."""
    source = AXE.read_text(encoding="utf-8")
    assert hashlib.sha256(source.encode("utf-8")).hexdigest() == AXE_SHA256, "axe.min.js is not the vendored 4.14.1"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays as it is
        page.evaluate(source + "\n;true")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       targets: v.nodes.map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in impacts]


def office_text(docx: Path, workdir: Path) -> str:
    """What LibreOffice shows of a .docx: converted to PDF headless (a profile of its own), then its text.
    Tracked changes are shown, not accepted: both the struck-out and the inserted words are in it."""
    assert OFFICE, "LibreOffice is required here"
    env = {**os.environ, "HOME": str(workdir)}
    subprocess.run([OFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(workdir), str(docx)],
                   check=True, timeout=240, env=env, capture_output=True)
    pdf = workdir / (docx.stem + ".pdf")
    assert pdf.stat().st_size > 1000
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
