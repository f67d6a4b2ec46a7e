"""The options model (pipeline/optionmodel.py) against the service and the Python API: each takes exactly the
fields the model marks for it (an unknown one is 400 problem+json, or a TypeError), and one option gives the
same report through the command line, the API and the service."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import qcdc_rules
from qcdc_rules.cli import main
from qcdc_rules.pipeline.optionmodel import API, HTTP, OPERATIONS, RunOptions, fields

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLAN = ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt"
SAMPLES = {"codes": "QCDC1", "flag": "true", "date": "2026-03-01"}


def _sample(o, finding_id: str):
    if o.kind == "choice":
        return (o.http_choices or o.choices)[-1]
    return finding_id if o.kind == "ids" else SAMPLES[o.kind]


@pytest.fixture(scope="module")
def docx(tmp_path_factory) -> bytes:
    from docx_builder import plan_to_docx

    return plan_to_docx(PLAN.read_text("utf-8"), tmp_path_factory.mktemp("docx") / "plan.docx").read_bytes()


def _send(client, operation: str, fields_: dict, docx: bytes):
    if operation == "annotate":  # a .docx in, the .docx with comments out
        return client.post("/api/v1/annotate", data=fields_, files={"file": ("plan.docx", docx)})
    return client.post(f"/api/v1/{operation}", data=fields_, files={"file": (PLAN.name, PLAN.read_bytes())})


@pytest.fixture(scope="module")
def finding_id(client):
    body = client.post("/api/v1/check", json={"text": PLAN.read_text("utf-8"), "filename": PLAN.name}).json()
    fixable = [f for f in body["files"][0]["findings"] if f["fix"]] if "files" in body else []
    return fixable[0]["id"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_the_service_takes_each_option_the_model_gives_it_and_refuses_any_other(client, finding_id, docx, operation):
    taken = fields(HTTP, operation)
    assert taken, operation
    for name, o in taken:
        key = o.http_name or name
        r = _send(client, operation, {key: _sample(o, finding_id)}, docx)
        assert r.status_code == 200, (operation, key, r.text[:300])
    for name in RunOptions.model_fields:  # a field the model keeps off this operation is an unknown option
        if name not in dict(taken):
            r = _send(client, operation, {name: "x"}, docx)
            assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
            assert r.json()["code"] == "unknown-option", (operation, name)
    r = client.post(f"/api/v1/{operation}?no_such_option=1", files={"file": (PLAN.name, b"x", "text/plain")})
    assert r.status_code == 400 and r.json()["code"] == "unknown-option"


def test_the_openapi_document_lists_each_operation_s_options_from_the_model(client):
    doc = client.get("/api/v1/openapi.json").json()
    for operation in OPERATIONS:
        op = doc["paths"][f"/api/v1/{operation}"]["post"]
        names = [o.http_name or n for n, o in fields(HTTP, operation)]
        assert [p["name"] for p in op["parameters"] if p["in"] == "query"] == names  # headers are no options
        form = op["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
        assert list(form) == ["file", *names]


def test_the_api_takes_exactly_its_options():
    allowed = {n for n, _ in fields(API)}
    assert {"registry", "executor"} <= allowed  # what it could not take before
    for name in RunOptions.model_fields:
        if name not in allowed:
            with pytest.raises(TypeError):
                qcdc_rules.check_text("x", **{name: "x"})
    with pytest.raises(ValueError):
        qcdc_rules.check_text("x", lang="fr")
    with pytest.raises(ValueError):
        qcdc_rules.check_text("x", select="QCDC999")


def _key(f: dict) -> tuple:
    return (f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f["severity"], f["message"],
            json.dumps(f["fix"], sort_keys=True), f["id"])


def test_one_option_gives_the_same_report_through_the_cli_the_api_and_the_service(client):
    r = CliRunner().invoke(main, ["check", "--format", "json", "--exit-zero", "--isolated", "--as-of", "2026-03-01",
                                  "--select", "QCDC1", "--lang", "en", "--preview", "--engine", "pyshacl", str(PLAN)])
    assert r.exit_code == 0, r.output
    cli = json.loads(r.stdout)["files"][0]["findings"]
    from qcdc_rules.reporters.json import file_dict

    api = file_dict(qcdc_rules.check_file(PLAN, as_of="2026-03-01", select="QCDC1", lang="en", preview=True,
                                          executor="pyshacl"))["findings"]
    service = client.post("/api/v1/check", json={"text": PLAN.read_text("utf-8"), "filename": PLAN.name,
                                                 "as_of": "2026-03-01", "select": "QCDC1", "lang": "en",
                                                 "preview": True}).json()["files"][0]["findings"]
    assert cli and [_key(f) for f in cli] == [_key(f) for f in api] == [_key(f) for f in service]
    assert all(f["rule"].startswith("QCDC1") for f in cli) and any("QCDC105" == f["rule"] for f in cli)
