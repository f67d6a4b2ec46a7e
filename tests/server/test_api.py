"""Every endpoint and every error code of the service, through FastAPI's test client; and the same findings
as the CLI (`--format json`) on every fixture and the shared corpus, uploaded as .txt and as .docx."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main
from qcdc_rules.server.problems import kind_of
from docx_builder import plan_to_docx
from server_helpers import make_client

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
FIXTURES = ROOT / "fixtures" / "plans"
CORPUS = ROOT.parent / "shared" / "corpus"

PLANS = sorted(FIXTURES.glob("*.txt")) + sorted(CORPUS.glob("*.txt"))
SAMPLE = FIXTURES / "mau-2026.txt"


def cli_json(path: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", "--isolated", *args, str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def without(body: dict, *keys: str) -> dict:
    """The body without `keys` (each finding's `id` stays: the CLI's JSON gives the same ids)."""
    return {k: v for k, v in body.items() if k not in keys}


def findings(body: dict) -> list[tuple]:
    return [(f["rule"], f["line"], f["column"], f["end_column"], f["paragraph"], f["message"])
            for f in body["files"][0]["findings"]]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_txt_upload_gives_the_cli_report(client, path):
    cli = cli_json(path)
    cli["files"][0]["path"] = path.name
    r = client.post("/api/v1/check", files={"file": (path.name, path.read_bytes(), "text/plain")})
    assert r.status_code == 200
    body = r.json()
    assert without(body, "pass", "fail_on") == cli
    assert body["pass"] is (cli["summary"]["error"] == 0)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_docx_upload_gives_the_cli_report(client, path, tmp_path):
    docx_path = plan_to_docx(path.read_text(encoding="utf-8"), tmp_path / (path.stem + ".docx"))
    cli = cli_json(docx_path, "--lang", "en")
    r = client.post("/api/v1/check", params={"lang": "en"},
                    files={"file": (docx_path.name, docx_path.read_bytes(), "application/octet-stream")})
    assert r.status_code == 200
    assert findings(r.json()) == findings(cli)
    assert r.json()["files"][0]["kind"] == "docx" and r.json()["files"][0]["path"] == docx_path.name


def test_json_text_and_options(client):
    text = SAMPLE.read_text(encoding="utf-8")
    cli = cli_json(SAMPLE, "--lang", "en", "--select", "QCDC101", "--as-of", "2026-03-01", "--pre-issuance")
    r = client.post("/api/v1/check", json={"text": text, "filename": "plan.txt", "lang": "en", "select": "QCDC101",
                                           "as_of": "2026-03-01", "pre_issuance": True})
    assert r.status_code == 200
    assert findings(r.json()) == findings(cli) and {f[0] for f in findings(cli)} == {"QCDC101"}
    assert r.json()["registry"]["as_of"] == "2026-03-01"


def test_fail_on_sets_the_verdict(client):
    data = (FIXTURES / "sach-2026.txt").read_bytes()
    clean = client.post("/api/v1/check", files={"file": ("a.txt", data)}).json()
    assert clean["pass"] is True and clean["fail_on"] == "error"
    sample = SAMPLE.read_bytes()
    assert client.post("/api/v1/check", files={"file": ("a.txt", sample)}).json()["pass"] is False
    infos = client.post("/api/v1/check", params={"select": "QCDC106", "fail_on": "info"},
                        files={"file": ("a.txt", sample)}).json()
    assert [f["severity"] for f in infos["files"][0]["findings"]] and infos["pass"] is False


def test_sarif_format(client):
    r = client.post("/api/v1/check", params={"format": "sarif"}, files={"file": ("plan.txt", SAMPLE.read_bytes())})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sarif+json")
    run = r.json()["runs"][0]
    assert {res["ruleId"] for res in run["results"]} >= {"QCDC101"}
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "plan.txt"


def test_view_marks_point_at_the_finding_text(client):
    r = client.post("/api/v1/check", params={"view": "true"}, files={"file": ("plan.txt", SAMPLE.read_bytes())})
    body = r.json()
    view, found = body["view"], body["files"][0]["findings"]
    assert len(view["marks"]) == len(found)
    for m in view["marks"]:
        f = found[m["finding"]]
        line = view["lines"][m["line"] - 1]
        assert line[m["column"] - 1:m["end_column"]] == f["text"]
    assert view["date_source_text"] == "lấy từ phần đầu văn bản"


def test_annotate_returns_the_docx_with_comments(client, tmp_path):
    docx_path = plan_to_docx(SAMPLE.read_text(encoding="utf-8"), tmp_path / "plan.docx")
    expected = len(client.post("/api/v1/check",
                               files={"file": ("plan.docx", docx_path.read_bytes())}).json()["files"][0]["findings"])
    r = client.post("/api/v1/annotate", files={"file": ("plan.docx", docx_path.read_bytes())})
    assert r.status_code == 200 and r.headers["x-qcdc-comments"] == str(expected)
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        comments = z.read("word/comments.xml").decode()
    assert comments.count("<w:comment ") == expected and "QCDC101" in comments
    assert docx_path.read_bytes() != r.content


def test_rules_and_rule(client):
    rules = client.get("/api/v1/rules", params={"lang": "en"}).json()
    codes = [r["code"] for r in rules]
    assert "QCDC101" in codes and codes == sorted(codes)
    one = client.get("/api/v1/rules/qcdc101").json()
    assert one["code"] == "QCDC101" and one["summary"] and one["why"] and one["help_uri"].endswith("QCDC101")


def test_registry_entry(client):
    body = client.get("/api/v1/registry/34/2007/PL-UBTVQH11", params={"as_of": "2026-01-01"}).json()
    assert body["symbol"] == "34/2007/PL-UBTVQH11"
    assert body["status"] == {"on": "2026-01-01", "value": "ceased"}
    ceased = next(f for f in body["facts"] if f["property"] == "ceased")
    assert ceased["value"] == "2023-07-01" and "10/2022/QH15" in ceased["source"]


def test_healthz(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["registry"]["instruments"] >= 40 and body["version"]


def test_openapi_lists_every_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/check", "/api/v1/annotate", "/api/v1/fix", "/api/v1/rules", "/api/v1/rules/{code}",
            "/api/v1/registry/{symbol}", "/healthz"} <= set(paths)


# ---------------------------------------------------------------- errors: stable codes, vi and en messages
def problem(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    # the type is the code's page; a reader's code (corrupt, encrypted …) is of the kind `unreadable`
    assert body["code"] == code and body["status"] == status
    assert body["type"].endswith("/docs/problems/" + kind_of(code))
    assert body["messages"]["vi"] and body["messages"]["en"] and body["messages"]["vi"] != body["messages"]["en"]
    return body


def test_unreadable_file_is_422(client):
    body = problem(client.post("/api/v1/check", files={"file": ("plan.docx", b"PK\x03\x04 not a zip")}), 422, "corrupt")
    assert body["message"].startswith("plan.docx: tệp bị hỏng")
    assert "not a valid .docx" in body["messages"]["en"]
    problem(client.post("/api/v1/check", files={"file": ("plan.pdf", b"hello")}), 422, "corrupt")


def test_unsupported_type_is_415(client):
    body = problem(client.post("/api/v1/check", files={"file": ("plan.odt", b"x")}), 415, "unsupported-type")
    assert "Loại tệp" in body["message"]
    problem(client.post("/api/v1/check", content=b"x", headers={"content-type": "text/plain"}), 415, "unsupported-type")
    problem(client.post("/api/v1/annotate", files={"file": ("plan.txt", b"x")}), 415, "not-a-docx")


def test_too_large_is_413():
    with make_client(max_bytes=1000) as small:
        body = problem(small.post("/api/v1/check", files={"file": ("a.txt", b"x" * 80_000)}), 413, "too-large")
        assert "1000" in body["messages"]["en"]
        # under the body limit, over the file limit
        r = small.post("/api/v1/check", files={"file": ("a.txt", b"x" * 2000)})
        problem(r, 413, "too-large")


def test_unknown_rule_and_option_are_400(client):
    problem(client.post("/api/v1/check", params={"select": "QCDC999"}, json={"text": "x"}), 400, "unknown-rule")
    problem(client.post("/api/v1/check", params={"colour": "red"}, json={"text": "x"}), 400, "unknown-option")
    problem(client.post("/api/v1/check", json={"text": "x", "foo": 1}), 400, "unknown-option")
    problem(client.post("/api/v1/check", params={"as_of": "yesterday"}, json={"text": "x"}), 400, "bad-option")
    problem(client.post("/api/v1/check", params={"lang": "fr"}, json={"text": "x"}), 400, "bad-option")
    problem(client.post("/api/v1/check", params={"strict": "maybe"}, json={"text": "x"}), 400, "bad-option")
    problem(client.get("/api/v1/rules/QCDC999"), 404, "unknown-rule")  # a well-formed code no rule has
    problem(client.get("/api/v1/rules/QC-1"), 400, "bad-option")  # not a code at all


def test_missing_document_and_bad_json_are_400(client):
    problem(client.post("/api/v1/check", json={"filename": "a.txt"}), 400, "no-document")
    problem(client.post("/api/v1/check", content=b"{not json", headers={"content-type": "application/json"}), 400,
            "bad-request")
    problem(client.post("/api/v1/check", data={"lang": "vi"}, files={"other": ("a.txt", b"x")}), 400, "no-document")


def test_not_found(client):
    problem(client.get("/api/v1/registry/999/2099/XX"), 404, "not-found")
    problem(client.get("/nowhere"), 404, "not-found")


def test_english_messages_with_lang_or_accept_language(client):
    r = client.post("/api/v1/check", params={"select": "QCDC999", "lang": "en"}, json={"text": "x"})
    assert r.json()["message"] == "There is no rule QCDC999."
    r = client.get("/api/v1/rules/QCDC999", headers={"accept-language": "en-GB"})
    assert r.json()["message"] == "There is no rule QCDC999."


def test_token_guards_the_api_not_the_page():
    with make_client(token="s3cret") as guarded:
        problem(guarded.get("/api/v1/rules"), 401, "unauthorized")
        problem(guarded.get("/api/v1/rules", headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
        assert guarded.get("/api/v1/rules", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert guarded.get("/").status_code == 200 and guarded.get("/healthz").status_code == 200


def test_cors_is_off_unless_configured(client):
    origin = {"Origin": "https://elsewhere.example"}
    assert "access-control-allow-origin" not in client.get("/api/v1/rules", headers=origin).headers
    with make_client(cors_origins=("https://eoffice.example",)) as open_client:
        r = open_client.get("/api/v1/rules", headers={"Origin": "https://eoffice.example"})
        assert r.headers["access-control-allow-origin"] == "https://eoffice.example"


def test_busy_worker_answers_503_with_retry_after():
    from qcdc_rules.server.gate import Gate
    from qcdc_rules.server.problems import Problem

    gate = Gate(engine=None, max_checks=2, time_limit=5, workers=1)
    with gate.admit(), gate.admit():
        with pytest.raises(Problem) as refused:
            with gate.admit():
                pass
    with gate.admit():  # the places are free again
        assert gate.admitted == 1
    p = refused.value
    assert p.status == 503 and p.code == "busy" and p.headers["Retry-After"] == "1"


def test_upload_name_cannot_escape_the_temporary_folder(client, tmp_path):
    r = client.post("/api/v1/check", files={"file": ("../../etc/passwd.txt", SAMPLE.read_bytes())})
    assert r.status_code == 200 and r.json()["files"][0]["path"] == "passwd.txt"
