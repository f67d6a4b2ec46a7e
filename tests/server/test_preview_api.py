"""The service's `preview` option (query parameter, form field, JSON key) and the rules' state in /api/v1/rules."""
from __future__ import annotations

from pathlib import Path

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLAN = ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt"  # 999/2022/NĐ-CP is unknown: QCDC105, in preview


def rules(body: dict) -> set[str]:
    return {f["rule"] for f in body["files"][0]["findings"]}


def test_preview_as_query_form_and_json(client):
    data = PLAN.read_bytes()
    default = client.post("/api/v1/check", files={"file": ("plan.txt", data)})
    assert default.status_code == 200 and "QCDC105" not in rules(default.json())
    query = client.post("/api/v1/check", params={"preview": "true"}, files={"file": ("plan.txt", data)})
    # preview adds the preview rules' findings only: QCDC105 (999/2022 unknown) and QCDC109 (145/2020/NĐ-CP, amended by
    # 35/2022/NĐ-CP before the plan's date)
    assert rules(query.json()) == rules(default.json()) | {"QCDC105", "QCDC109"}
    form = client.post("/api/v1/check", data={"preview": "true"}, files={"file": ("plan.txt", data)})
    assert "QCDC105" in rules(form.json())
    body = client.post("/api/v1/check", json={"text": PLAN.read_text("utf-8"), "filename": "plan.txt", "preview": True})
    assert "QCDC105" in rules(body.json())
    exact = client.post("/api/v1/check", params={"select": "QCDC105"}, files={"file": ("plan.txt", data)})
    assert rules(exact.json()) == {"QCDC105"}
    bad = client.post("/api/v1/check", params={"preview": "maybe"}, files={"file": ("plan.txt", data)})
    assert bad.status_code == 400 and bad.json()["code"] == "bad-option"


def test_rules_carry_their_state(client):
    rules = {r["code"]: r for r in client.get("/api/v1/rules").json()}
    assert rules["QCDC305"]["state"] == "preview" and rules["QCDC301"]["state"] == "stable"
    assert client.get("/api/v1/rules/QCDC109").json()["state"] == "preview"
