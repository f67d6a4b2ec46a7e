"""SARIF, GitHub annotations, JSON Lines, rule docs, fixes, folders, Python API."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from qcdc_rules.cli import main

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLANS = ROOT / "fixtures" / "plans"
CORPUS = ROOT.parent / "shared" / "corpus"
OFFICIAL_SARIF = ROOT.parent / "shared" / "data" / "sarif-schema-2.1.0.json"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def sarif_inputs():
    corpus = sorted(CORPUS.glob("*.txt"))
    return corpus or sorted(PLANS.glob("*.txt"))


def test_sarif_is_valid_and_complete():
    from sarif_pydantic import Sarif

    r = run("--format", "sarif", *sarif_inputs(), PLANS / "missing.txt")
    data = json.loads(r.stdout)
    Sarif.model_validate(data)  # structural check that needs no network and no ../shared
    if OFFICIAL_SARIF.exists():
        jsonschema.validate(data, json.loads(OFFICIAL_SARIF.read_text("utf-8")))
    run_ = data["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [x["id"] for x in rules] == sorted(x["id"] for x in rules) and len(rules) == 21
    assert all(x["helpUri"].endswith(x["id"]) and x["defaultConfiguration"]["level"] in ("error", "warning", "note")
               for x in rules)
    assert run_["results"] and all(res["partialFingerprints"]["qcdcFinding/v1"] for res in run_["results"])
    assert run_["invocations"][0]["executionSuccessful"] is False
    assert "missing.txt" in run_["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_fingerprints_survive_inserted_lines(tmp_path):
    src = (PLANS / "mau-2026.txt").read_text("utf-8")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(src, "utf-8")
    b.write_text("\n\n\n" + src, "utf-8")
    fa = [x["partialFingerprints"] for x in json.loads(run("--format", "sarif", a).stdout)["runs"][0]["results"]]
    fb = [x["partialFingerprints"] for x in json.loads(run("--format", "sarif", b).stdout)["runs"][0]["results"]]
    assert fa == fb and len(fa) == 3
    lines_a = [x["locations"][0]["physicalLocation"]["region"]["startLine"]
               for x in json.loads(run("--format", "sarif", a).stdout)["runs"][0]["results"]]
    assert 12 in lines_a


def test_github_annotations():
    r = run("--format", "github", PLANS / "mau-2026.txt")
    lines = r.stdout.splitlines()
    assert lines[1].startswith(f"::error file={PLANS / 'mau-2026.txt'},line=12,endLine=12,col=8,endColumn=39,"
                               "title=QCDC101 superseded-instrument::Pháp lệnh số 34/2007/PL-UBTVQH11 đã hết hiệu lực")
    assert all(l.startswith(("::error ", "::warning ", "::notice ")) for l in lines)


def test_json_lines_streams_one_file_per_line():
    r = run("--format", "json-lines", PLANS / "mau-2026.txt", PLANS / "sach-2026.txt")
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    assert [Path(x["path"]).name for x in rows] == ["mau-2026.txt", "sach-2026.txt"]
    assert len(rows[0]["findings"]) == 3 and rows[1]["findings"] == []


def test_rules_and_rule_docs_in_both_languages():
    r = run("rules", "--lang", "en")
    assert r.exit_code == 0 and "QCDC305" in r.stdout and "report-without-recipient" in r.stdout
    vi = run("rule", "qcdc101")
    assert vi.exit_code == 0 and "Vì sao:" in vi.stdout and "Điều 90 khoản 2" in vi.stdout
    assert "Ví dụ vi phạm:" in vi.stdout
    en = run("rule", "QCDC101", "--lang", "en")
    assert "Why:" in en.stdout and "Article 90(2)" in en.stdout
    assert "Suggested fix: needs a human to re-read" in en.stdout
    assert "Mức mặc định: lỗi" in vi.stdout and "Gợi ý sửa: cần người đọc lại trước khi sửa" in vi.stdout
    rules = json.loads(run("rules", "--format", "json").stdout)
    by_code = {r["code"]: r for r in rules}
    assert by_code["QCDC101"]["default_severity"] == "error"
    assert by_code["QCDC101"]["summary"] == "Văn bản đã hết hiệu lực"
    assert by_code["QCDC103"]["fix_safety"] == "safe" and len(rules) == len(by_code) >= 20
    assert run("rule", "QCDC999").exit_code == 2


def test_every_rule_has_docs_in_both_languages():
    from qcdc_rules.rules.catalog import load_shapes, read_rules

    rules = read_rules(load_shapes())
    for shape, r in rules.items():
        for key in ("why", "legalBasis", "howToFix"):
            assert r.docs[key].get("vi") and r.docs[key].get("en"), (shape, key)
        assert r.docs["exampleFires"].get("") and r.docs["examplePasses"].get(""), shape


def test_diff_proposes_safe_fixes_and_unsafe_only_when_asked(tmp_path):
    p = tmp_path / "plan.txt"
    shutil.copy(PLANS / "ngay-va-ky-hieu-sai.txt", p)
    before = p.read_bytes()
    safe = run("--diff", p)
    assert safe.exit_code == 1
    assert "-Nghị định số 145/NĐ-CP ngày 14/12/2020" in safe.stdout
    assert "+Nghị định số 145/2020/NĐ-CP ngày 14/12/2020" in safe.stdout
    assert "+Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/04/2007" in safe.stdout
    assert "Luật Thực hiện dân chủ" not in safe.stdout
    assert p.read_bytes() == before  # --diff changes nothing


def test_unsafe_fix_replaces_a_superseded_instrument_only_when_asked(tmp_path):
    p = tmp_path / "plan.txt"
    shutil.copy(PLANS / "mau-2026.txt", p)
    assert "Luật Thực hiện" not in run("--diff", p).stdout
    unsafe = run("--diff", "--unsafe-fixes", p)
    # the whole citation is replaced: the old issuer and subject are not left under the new type and symbol
    assert ("+Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022 của Quốc hội; Nghị định"
            in unsafe.stdout)
    assert "Ủy ban Thường vụ" not in "".join(l for l in unsafe.stdout.splitlines() if l.startswith("+"))


def test_fix_writes_atomically_with_backup(tmp_path):
    p = tmp_path / "plan.txt"
    shutil.copy(PLANS / "ngay-va-ky-hieu-sai.txt", p)
    before = p.read_text("utf-8")
    r = run("--fix", "--format", "json", "--preview", p)
    after = p.read_text("utf-8")
    assert (tmp_path / "plan.txt.bak").read_text("utf-8") == before
    assert "145/2020/NĐ-CP ngày 14/12/2020" in after and "34/2007/PL-UBTVQH11 ngày 20/04/2007" in after
    left = {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert "QCDC103" not in left and "QCDC104" not in left and "QCDC105" in left
    assert "đã sửa" in r.stderr


def test_folder_is_walked_in_stable_order(tmp_path):
    for name in ("b.txt", "a.md", "c.odt", ".hidden/x.txt", "sub/z.txt"):
        q = tmp_path / name
        q.parent.mkdir(parents=True, exist_ok=True)
        q.write_text("KẾ HOẠCH\n", "utf-8")
    r = run("--format", "json", "--exclude", "z.txt", tmp_path)
    assert [Path(f["path"]).relative_to(tmp_path).as_posix()
            for f in json.loads(r.stdout)["files"]] == ["a.md", "b.txt"]


def test_python_api_returns_the_typed_report():
    import qcdc_rules
    from qcdc_rules.contract.models import FileReport

    rep = qcdc_rules.check_file(PLANS / "mau-2026.txt", as_of="2026-02-01", lang="en")
    assert isinstance(rep, FileReport) and rep.plan.date_source == "as-of"
    assert {(f.rule, f.instrument) for f in rep.findings if f.rule == "QCDC101"} == {
        ("QCDC101", "34/2007/PL-UBTVQH11"), ("QCDC101", "04/2015/NĐ-CP")}
    rep2 = qcdc_rules.check_text((PLANS / "mau-2026.txt").read_text("utf-8"))
    assert [f.rule for f in rep2.findings] == [f.rule for f in qcdc_rules.check_file(PLANS / "mau-2026.txt").findings]
    bad = qcdc_rules.check_file(PLANS / "nope.txt")
    assert bad.error.code == "not-found"
    from qcdc_rules.pipeline import default_engine

    assert default_engine() is default_engine()


def test_replacing_an_instrument_drops_its_old_date_and_other_fixes_on_it(tmp_path):
    p = tmp_path / "plan.txt"
    shutil.copy(PLANS / "ngay-va-ky-hieu-sai.txt", p)
    out = run("--diff", "--unsafe-fixes", p).stdout
    # the old date (06/4/2007), issuer and the date fix on them go with the replaced citation
    assert "+Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022 của Quốc hội;" in out
    assert "06/4/2007" not in "".join(l for l in out.splitlines() if l.startswith("+"))
    assert "20/04/2007" not in out


def test_jobs_give_the_same_report_in_input_order(tmp_path):
    import random
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_plans

    paths = generate_plans(tmp_path, 12, random.Random(5))
    one = json.loads(run("--format", "json", "--jobs", "1", *paths).stdout)
    two = json.loads(run("--format", "json", "--jobs", "2", *paths).stdout)
    assert [f["path"] for f in two["files"]] == [str(p) for p in paths]
    assert one["files"] == two["files"] and one["summary"] == two["summary"]
    lines = run("--format", "json-lines", "--jobs", "2", *paths).stdout.splitlines()
    assert [json.loads(l)["path"] for l in lines] == [str(p) for p in paths]
