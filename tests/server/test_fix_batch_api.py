"""Issue 24 (service): POST /api/v1/fix, batches (several files or a .zip), request ids, 404/405, CORS and the
OpenAPI document, against a real `qcdc-check serve` on loopback (the in-process client only for CORS and the
document's shape). Fixture plans are the project's own (fixtures/plans)."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import docx
import httpx
import pytest
from docx_builder import plan_to_docx
from server_helpers import Server, make_client

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLANS = ROOT / "fixtures" / "plans"
WRONG = PLANS / "ngay-va-ky-hieu-sai.txt"  # wrong dates and malformed symbols: safe and unsafe fixes
CLEAN = PLANS / "sach-2026.txt"  # nothing to fix
SAMPLE = PLANS / "mau-2026.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def post(server, path: str, files, data=None, params=None, headers=None) -> httpx.Response:
    return httpx.post(server.url + path, files=files, data=data, params=params, headers=headers, timeout=120)


def findings(server, name: str, data: bytes, **params) -> list[dict]:
    r = post(server, "/api/v1/check", {"file": (name, data)}, params=params)
    assert r.status_code == 200, r.text
    return r.json()["files"][0]["findings"]


def is_problem(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == code and body["request_id"] == r.headers["x-request-id"]
    assert body["instance"] == "urn:qcdc:request:" + r.headers["x-request-id"]
    return body


# ------------------------------------------------------------------------------------------- /api/v1/fix
def test_docx_fix_is_word_tracked_changes(server, tmp_path):
    source = plan_to_docx(WRONG.read_text(encoding="utf-8"), tmp_path / "kế hoạch.docx")
    before = findings(server, source.name, source.read_bytes())
    safe = [f for f in before if f["fix"] and f["fix"]["safety"] == "safe"]
    r = post(server, "/api/v1/fix", {"file": (source.name, source.read_bytes())})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "filename*=utf-8''k%E1%BA%BF%20ho%E1%BA%A1ch-da-sua.docx" in r.headers["content-disposition"]
    applied = int(r.headers["x-qcdc-fixes-applied"])
    assert 0 < applied <= len(safe) and r.headers["x-request-id"]
    fixed = docx.Document(io.BytesIO(r.content))  # python-docx opens it
    body = fixed.element.body
    insertions, deletions = body.findall(f".//{W}ins"), body.findall(f".//{W}del")
    assert len(insertions) == applied and deletions
    assert {i.get(W + "author") for i in insertions + deletions} == {"qcdc-check"}
    inserted = "".join(t.text for i in insertions for t in i.iter(W + "t"))
    assert "145/2020/NĐ-CP" in inserted  # the safe fix of the malformed '145/NĐ-CP'
    # the same as the command line's --fix on the same file (the same fixes layer)
    cli_copy = tmp_path / "cli.docx"
    shutil.copy(source, cli_copy)
    subprocess.run([sys.executable, "-m", "qcdc_rules.cli", "check", "--fix", "--isolated", "--exit-zero",
                    str(cli_copy)],
                   capture_output=True, check=True)
    cli_ins = docx.Document(str(cli_copy)).element.body.findall(f".//{W}ins")
    assert ["".join(t.text for t in i.iter(W + "t")) for i in cli_ins] == \
           ["".join(t.text for t in i.iter(W + "t")) for i in insertions]
    # accepted, the safe findings are gone
    after = findings(server, "fixed.docx", r.content)
    assert len([f for f in after if f["fix"] and f["fix"]["safety"] == "safe"]) == len(safe) - applied


def test_unsafe_fixes_carry_a_comment(server, tmp_path):
    source = plan_to_docx(WRONG.read_text(encoding="utf-8"), tmp_path / "plan.docx")
    r = post(server, "/api/v1/fix", {"file": ("plan.docx", source.read_bytes())}, data={"unsafe": "true"})
    assert r.status_code == 200 and int(r.headers["x-qcdc-fixes-applied"]) > 0
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        comments = z.read("word/comments.xml").decode()
    assert comments.count("<w:comment ") >= 1 and "qcdc-check" in comments


def test_text_fix_is_the_cli_fix(server, tmp_path):
    r = post(server, "/api/v1/fix", {"file": ("plan.txt", WRONG.read_bytes())})
    assert r.status_code == 200 and r.headers["content-type"] == "text/plain; charset=utf-8"
    copy = tmp_path / "plan.txt"
    shutil.copy(WRONG, copy)
    subprocess.run([sys.executable, "-m", "qcdc_rules.cli", "check", "--fix", "--isolated", "--exit-zero", str(copy)],
                   capture_output=True, check=True)
    assert r.content == copy.read_bytes() != WRONG.read_bytes()
    assert int(r.headers["x-qcdc-fixes-applied"]) > 0 and int(r.headers["x-qcdc-fixes-left"]) > 0  # unsafe left
    md = post(server, "/api/v1/fix", {"file": ("plan.md", WRONG.read_bytes())})
    assert md.status_code == 200 and md.headers["content-type"] == "text/markdown; charset=utf-8"


def test_fix_chosen_findings_by_id_or_code(server):
    data = WRONG.read_bytes()
    found = findings(server, "plan.txt", data)
    assert len({f["id"] for f in found}) == len(found) and all(re.fullmatch(r"[0-9a-f]{32}", f["id"]) for f in found)
    symbol = next(f for f in found if f["rule"] == "QCDC104" and f["text"].endswith("145/NĐ-CP"))
    one = post(server, "/api/v1/fix", {"file": ("plan.txt", data)}, data={"finding": symbol["id"]})
    assert one.headers["x-qcdc-fixes-applied"] == "1"
    changed = [(a, b) for a, b in zip(data.decode().splitlines(), one.text.splitlines()) if a != b]
    assert len(changed) == 1 and "145/2020/NĐ-CP" in changed[0][1]
    dated = next(f for f in found if f["rule"] == "QCDC103" and f["fix"]["safety"] == "safe")
    two = post(server, "/api/v1/fix", {"file": ("plan.txt", data)}, data={"finding": [symbol["id"], dated["id"]]})
    assert two.headers["x-qcdc-fixes-applied"] == "2"
    by_code = post(server, "/api/v1/fix", {"file": ("plan.txt", data)}, params={"codes": "QCDC104"})
    safe_104 = [f for f in found if f["rule"] == "QCDC104" and f["fix"] and f["fix"]["safety"] == "safe"]
    assert by_code.headers["x-qcdc-fixes-applied"] == str(len(safe_104))
    unsafe = next(f for f in found if f["fix"] and f["fix"]["safety"] == "unsafe")
    held = post(server, "/api/v1/fix", {"file": ("plan.txt", data)}, data={"finding": unsafe["id"]})
    assert held.headers["x-qcdc-fixes-applied"] == "0" and held.headers["x-qcdc-fixes-left"] == "1"
    taken = post(server, "/api/v1/fix", {"file": ("plan.txt", data)}, data={"finding": unsafe["id"], "unsafe": "true"})
    assert taken.headers["x-qcdc-fixes-applied"] == "1"


def test_fix_refusals_and_nothing_to_fix(server):
    clean = post(server, "/api/v1/fix", {"file": ("clean.txt", CLEAN.read_bytes())})
    assert clean.status_code == 200 and clean.content == CLEAN.read_bytes()
    assert clean.headers["x-qcdc-fixes-applied"] == "0"
    is_problem(post(server, "/api/v1/fix", {"file": ("plan.txt", WRONG.read_bytes())}, data={"finding": "f" * 32}),
               422, "unknown-finding")
    is_problem(post(server, "/api/v1/fix", {"file": ("plan.pdf", b"%PDF-1.4")}), 415, "not-fixable")
    is_problem(post(server, "/api/v1/fix", {"file": ("plan.txt", b"x")}, params={"codes": "QCDC999"}), 400,
               "unknown-rule")
    is_problem(post(server, "/api/v1/fix", {"file": ("plan.txt", b"x")}, data={"colour": "red"}), 400, "unknown-option")
    r = httpx.post(server.url + "/api/v1/fix", json={"text": "x"}, timeout=60)
    is_problem(r, 415, "not-multipart")
    two = post(server, "/api/v1/fix", [("file", ("a.txt", b"x")), ("file", ("b.txt", b"y"))])
    assert is_problem(two, 413, "too-many-files")["limit"] == {"name": "files", "value": 1}


# ----------------------------------------------------------------------------------------------- batches
def test_batch_of_three_with_a_broken_file(server):
    files = [("file", ("a.txt", WRONG.read_bytes())), ("file", ("b.docx", b"PK\x03\x04 not a zip")),
             ("file", ("c.txt", SAMPLE.read_bytes()))]
    r = post(server, "/api/v1/check", files)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [f["path"] for f in body["files"]] == ["a.txt", "b.docx", "c.txt"]
    assert [f["error"]["code"] if f["error"] else None for f in body["files"]] == [None, "corrupt", None]
    assert body["files"][0]["findings"] == findings(server, "a.txt", WRONG.read_bytes())
    assert body["files"][2]["findings"] == findings(server, "c.txt", SAMPLE.read_bytes())
    assert body["summary"]["files"] == 3 and body["summary"]["unreadable"] == 1
    assert body["pass"] is False and [f["pass"] for f in body["files"]] == [False, False, False]


def test_single_file_keeps_its_shape(server):
    body = post(server, "/api/v1/check", {"file": ("a.txt", CLEAN.read_bytes())}).json()
    assert set(body) == {"schema", "tool", "registry", "files", "summary", "pass", "fail_on"}
    assert len(body["files"]) == 1 and "pass" not in body["files"][0] and body["pass"] is True


def zipped(entries: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_zip_batch_is_read_in_memory_with_safe_names(server, tmp_path):
    marker = f"qcdc-escape-{uuid.uuid4().hex}"
    archive = zipped({f"../../../../tmp/{marker}.txt": WRONG.read_bytes(), "phuong/b.md": CLEAN.read_bytes(),
                      "ghi-chu.odt": b"x", "bom.txt": b"\0" * (4 * 1024 * 1024), "trong.zip": zipped({"a.txt": b"x"}),
                      "thu-muc/": b""})
    r = post(server, "/api/v1/check", {"file": ("lo.zip", archive)})
    assert r.status_code == 200, r.text
    files = r.json()["files"]
    assert [f["path"] for f in files] == [f"lo.zip/tmp/{marker}.txt", "lo.zip/phuong/b.md", "lo.zip/ghi-chu.odt",
                                          "lo.zip/bom.txt", "lo.zip/trong.zip"]
    assert [f["error"]["code"] if f["error"] else None for f in files] == \
           [None, None, "unsupported-type", "zip-bomb", "unsupported-type"]
    assert files[0]["findings"] and not Path(f"/tmp/{marker}.txt").exists()
    damaged = post(server, "/api/v1/check", [("file", ("x.zip", b"PK\x05\x06 broken")), ("file", ("a.txt", b"x"))])
    assert [f["error"]["code"] if f["error"] else None for f in damaged.json()["files"]] == ["corrupt", None]


@pytest.fixture(scope="module")
def small():
    s = Server("--log-level", "info", env={"QCDC_SERVER_MAX_FILES": "3", "QCDC_SERVER_MAX_BATCH_BYTES": "20000"})
    yield s
    s.stop()


def test_batch_limits_are_named(small):
    four = [("file", (f"{i}.txt", b"x")) for i in range(4)]
    body = is_problem(post(small, "/api/v1/check", four), 413, "too-many-files")
    assert body["limit"] == {"name": "max_files", "value": 3} and "3" in body["messages"]["en"]
    body = is_problem(post(small, "/api/v1/check", {"file": ("lo.zip", zipped({f"{i}.txt": b"x" for i in range(4)}))}),
                      413, "too-many-files")
    assert body["limit"]["value"] == 3
    big = zipped({"a.txt": b"a" * 15000, "b.txt": b"b" * 15000})
    body = is_problem(post(small, "/api/v1/check", {"file": ("lo.zip", big)}), 413, "batch-too-large")
    assert body["limit"] == {"name": "max_batch_bytes", "value": 20000}
    parts = [("file", ("a.txt", b"a" * 12000)), ("file", ("b.txt", b"b" * 12000))]
    is_problem(post(small, "/api/v1/check", parts), 413, "batch-too-large")
    three = [("file", (f"{i}.txt", CLEAN.read_bytes()[:3000])) for i in range(3)]
    assert post(small, "/api/v1/check", three).status_code == 200


# ------------------------------------------------------------------------- request ids, 404, 405, CORS
def test_request_id_echoed_or_made_and_logged_without_content(small):
    word = f"bimat{uuid.uuid4().hex[:10]}"
    r = post(small, "/api/v1/check", {"file": ("a.txt", f"Kế hoạch {word}\n".encode())},
             headers={"X-Request-ID": "don-vi-42.abc"})
    assert r.status_code == 200 and r.headers["x-request-id"] == "don-vi-42.abc"
    made = httpx.get(small.url + "/api/v1/rules/QCDC101", headers={"X-Request-ID": "có dấu\tvà khoảng trắng".encode()})
    assert made.status_code == 200 and uuid.UUID(made.headers["x-request-id"])
    long = httpx.get(small.url + "/healthz", headers={"X-Request-ID": "a" * 129})
    assert long.headers["x-request-id"] != "a" * 129
    problem = is_problem(httpx.get(small.url + "/api/v1/rules/QCDC999", headers={"X-Request-ID": "req-7"}), 404,
                         "unknown-rule")
    assert problem["instance"] == "urn:qcdc:request:req-7"
    log = small.log()
    assert re.search(r"\[don-vi-42\.abc\] .*POST /api/v1/check", log) and "[req-7]" in log
    assert word not in log


def test_unknown_rule_is_404_malformed_code_400(server):
    is_problem(httpx.get(server.url + "/api/v1/rules/QCDC999"), 404, "unknown-rule")
    is_problem(httpx.get(server.url + "/api/v1/rules/QCDC1O3"), 400, "bad-option")
    assert httpx.get(server.url + "/api/v1/rules/qcdc101").json()["code"] == "QCDC101"


def test_405_carries_allow(server):
    r = httpx.delete(server.url + "/api/v1/check")
    assert is_problem(r, 405, "bad-request") and r.headers["allow"] == "POST"
    r = httpx.post(server.url + "/api/v1/rules")
    assert r.status_code == 405 and r.headers["allow"] == "GET"


def test_cors_exposes_the_service_headers():
    with make_client(cors_origins=("https://eoffice.example",)) as c:
        r = c.get("/api/v1/rules/QCDC101", headers={"Origin": "https://eoffice.example"})
        exposed = {h.strip().lower() for h in r.headers["access-control-expose-headers"].split(",")}
        assert {"x-qcdc-comments", "x-qcdc-fixes-applied", "x-request-id"} <= exposed


# ---------------------------------------------------------------------------------------------- OpenAPI
def test_openapi_tells_the_problems_and_the_token():
    with make_client(token="s3cret") as c:
        doc = c.get("/api/v1/openapi.json").json()
    assert doc["components"]["securitySchemes"] == {"bearer": {"type": "http", "scheme": "bearer"}}
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for path in ("/api/v1/annotate", "/api/v1/fix", "/api/v1/check"):
        op = doc["paths"][path]["post"]
        assert op["security"] == [{"bearer": []}]
        for status in ("400", "401", "413", "415", "422", "503"):
            content = op["responses"][status]["content"]
            assert list(content) == ["application/problem+json"], (path, status)
        body = op["requestBody"]["content"]["multipart/form-data"]["schema"]
        assert body["additionalProperties"] is False and {"file", "lang", "select",
                                                          "preview"} <= set(body["properties"])
    fix = doc["paths"]["/api/v1/fix"]["post"]
    assert {"unsafe", "codes",
            "finding"} <= set(fix["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"])
    assert {"X-QCDC-Fixes-Applied", "X-Request-ID"} <= set(fix["responses"]["200"]["headers"])
    as_json = doc["paths"]["/api/v1/check"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert as_json["additionalProperties"] is False and {"text", "lang", "as_of",
                                                         "fail_on"} <= set(as_json["properties"])
    assert doc["paths"]["/api/v1/rules/{code}"]["get"]["responses"]["404"]
    with make_client() as c:
        assert "securitySchemes" not in c.get("/api/v1/openapi.json").json()["components"]
