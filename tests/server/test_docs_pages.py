"""The documentation the service serves (/docs/: server/docs.py), against `qcdc-check serve --token …` on
loopback: every rule's page and every problem code's page, in HTML (vi, en) and Markdown; unknown codes are
404 problems; every `type` a problem answer carries is a page of the service; the pages need no token while
/api/ still does; they are left out of the OpenAPI document on purpose."""
from __future__ import annotations

import html
import re

import httpx
import pytest
from server_helpers import Server

from qcdc_rules.core.resources import data_dir
from qcdc_rules.pipeline import rule_catalog
from qcdc_rules.server.docs import one_language, reader_codes, render
from qcdc_rules.server.problems import PROBLEMS, Problem, kind_of

TOKEN = "docs-token"
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # as a browser asks
CATALOG = rule_catalog()


@pytest.fixture(scope="module")
def http():
    server = Server("--token", TOKEN)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            yield client
    finally:
        server.stop()


def is_html(r: httpx.Response) -> str:
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    return r.text


def is_problem(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == code and body["type"].endswith("/docs/problems/" + kind_of(code))
    return body


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


# ------------------------------------------------------------------ rule pages
def test_every_rule_page_in_both_languages(http):
    assert len(CATALOG) >= 20
    for code, rule in CATALOG.items():
        vi = is_html(http.get(f"/docs/rules/{code}", headers=HTML))
        assert '<html lang="vi">' in vi and f"<h1>{code} {rule.name}</h1>" in vi, code
        assert rule.label_vi in vi and rule.label_en not in vi, code  # one language: the Vietnamese one
        assert "How to fix" not in vi and "Cách sửa" in vi, code
        en = is_html(http.get(f"/docs/rules/{code}", params={"lang": "en"}, headers=HTML))
        assert '<html lang="en">' in en and f"<h1>{code} {rule.name}</h1>" in en, code
        assert rule.label_en in en and "Cách sửa" not in en and "How to fix" in en, code


def test_rule_page_as_markdown_is_the_generated_file(http):
    r = http.get("/docs/rules/QCDC101", headers={"Accept": "text/markdown"})
    assert r.status_code == 200 and r.headers["content-type"] == "text/markdown; charset=utf-8"
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["vary"] == "Accept"
    assert r.text == (data_dir("docs") / "rules" / "QCDC101.md").read_text(encoding="utf-8")
    assert http.get("/docs/rules/QCDC101").headers["content-type"].startswith("text/markdown")  # no Accept: Markdown


def test_unknown_rule_is_a_404_problem(http):
    body = is_problem(http.get("/docs/rules/QCDC999", headers=HTML), 404, "unknown-rule")
    assert "QCDC999" in body["messages"]["vi"] and "QCDC999" in body["messages"]["en"]
    is_problem(http.get("/docs/rules/QCDC101.md"), 404, "unknown-rule")  # a code, never a file name
    assert http.get("/docs/rules/..%2Fpyproject.toml").status_code == 404
    assert "<h1>QCDC101 " in is_html(http.get("/docs/rules/qcdc101", headers=HTML))


# ------------------------------------------------------------------ problem pages
def test_every_problem_code_has_a_page(http):
    for code, kind in PROBLEMS.items():
        vi = is_html(http.get(f"/docs/problems/{code}", headers=HTML))
        assert kind.title_vi in vi and kind.when[0] and kind.when[0].replace("`", "") in text_of(vi), code
        assert str(kind.status) in vi and "Cần làm gì" in vi and "What to do" not in vi, code
        en = is_html(http.get(f"/docs/problems/{code}", params={"lang": "en"}, headers=HTML))
        assert kind.title in en and "What to do" in en and "Cần làm gì" not in en, code
        md = http.get(f"/docs/problems/{code}").text
        assert kind.todo[0] in md and kind.todo[1] in md, code  # Markdown: both languages


def test_unreadable_page_lists_the_readers_codes(http):
    page = is_html(http.get("/docs/problems/unreadable", headers=HTML))
    for code in ("corrupt", "encrypted", "doc-format", "zip-bomb"):
        assert f"<code>{code}</code>" in page
    assert "usage" not in reader_codes() and "corrupt" in reader_codes()


def test_unknown_problem_code_is_a_404_problem(http):
    is_problem(http.get("/docs/problems/no-such-problem", headers=HTML), 404, "not-found")


def test_every_type_a_problem_answer_carries_resolves(http):
    """Problems the live service answers, of many kinds; each one's `type` is a page of the service."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    answers = [
        (http.get("/api/v1/rules"), 401, "unauthorized"),
        (http.get("/api/v1/rules/QCDC999", headers=auth), 404, "unknown-rule"),
        (http.get("/api/v1/rules", params={"lang": "xx"}, headers=auth), 400, "bad-option"),
        (http.post("/api/v1/check", headers=auth, files={"file": ("ke-hoach.odt", b"x")}), 415, "unsupported-type"),
        (http.post("/api/v1/check", headers=auth, files={"file": ("ke-hoach.docx", b"PK\x03\x04 hong")}), 422,
         "corrupt"),
        (http.post("/api/v1/check", headers=auth, json={}), 400, "no-document"),
        (http.post("/api/v1/check", headers=auth, params={"khong-co": "1"}, json={"text": "Kế hoạch"}), 400,
         "unknown-option"),
        (http.post("/api/v1/annotate", headers=auth, json={"text": "Kế hoạch"}), 415, "not-multipart"),
        (http.get("/khong-co-dia-chi-nay"), 404, "not-found"),
        (http.delete("/api/v1/rules", headers=auth), 405, "bad-request"),
    ]
    types = set()
    for r, status, code in answers:
        types.add(is_problem(r, status, code)["type"])
    assert len(types) == len(answers) and "/docs/problems/unreadable" in types  # corrupt: of the kind `unreadable`
    for t in sorted(types):
        assert t.startswith("/docs/problems/"), t  # relative to the service: QCDC_BASE_URL is not set
        is_html(http.get(t, headers=HTML))


def test_every_code_a_problem_can_carry_has_a_type_page():
    for code in [*PROBLEMS, *reader_codes()]:
        kind = Problem(code, vi="x", en="y").body()["type"].rsplit("/", 1)[-1]
        assert kind in PROBLEMS, code


def test_types_and_help_links_follow_the_base_url(monkeypatch):
    monkeypatch.setenv("QCDC_BASE_URL", "http://qcdc.intranet:8000/")
    assert Problem("busy", retry=1).body()["type"] == "http://qcdc.intranet:8000/docs/problems/busy"
    assert Problem("encrypted").body()["type"] == "http://qcdc.intranet:8000/docs/problems/unreadable"
    assert CATALOG["QCDC101"].help_uri == "http://qcdc.intranet:8000/docs/rules/QCDC101"
    monkeypatch.delenv("QCDC_BASE_URL")
    assert Problem("busy", retry=1).body()["type"] == "/docs/problems/busy"


# ------------------------------------------------------------------ index, token, OpenAPI
def test_index_lists_every_rule_and_problem(http):
    page = is_html(http.get("/docs/", headers=HTML))
    for code in CATALOG:
        assert f'href="/docs/rules/{code}"' in page, code
    for code in PROBLEMS:
        assert f'href="/docs/problems/{code}"' in page, code
    en = is_html(http.get("/docs/", params={"lang": "en"}, headers=HTML))
    assert 'href="/docs/rules/QCDC101?lang=en"' in en and 'href="/docs/problems/busy?lang=en"' in en
    assert "# Tài liệu qcdc-check / qcdc-check documentation" in http.get("/docs/").text


def test_docs_need_no_token_but_the_api_does(http):
    for path in ("/docs/", "/docs/rules/QCDC101", "/docs/problems/busy"):
        assert http.get(path).status_code == 200, path
    is_problem(http.get("/api/v1/rules"), 401, "unauthorized")
    assert http.get("/api/v1/rules", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_docs_are_left_out_of_the_openapi_document(http):
    paths = http.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/rules/{code}" in paths and not [p for p in paths if p.startswith("/docs")]


# ------------------------------------------------------------------ rendering
def test_raw_html_in_markdown_is_not_passed_through():
    body, title = render("# A <b>title</b>\n\n<script>alert(1)</script>\n", "vi")
    assert "<script>" not in body and "&lt;script&gt;" in body and title == "A <b>title</b>"


def test_one_language_keeps_the_facts_column_of_its_language():
    page = ("# X\n\n| | Tiếng Việt | English |\n|---|---|---|\n| Mức / Severity | lỗi | error |\n\n"
            "## Tiếng Việt\n\nVI\n\n## English\n\nEN\n")
    assert one_language(page, "vi") == "# X\n\n|  | Tiếng Việt |\n| --- | --- |\n| Mức | lỗi |\n\nVI\n"
    assert one_language(page, "en") == "# X\n\n|  | English |\n| --- | --- |\n| Severity | error |\n\nEN\n"
