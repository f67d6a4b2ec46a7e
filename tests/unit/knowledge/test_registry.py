"""Self-validation of the registry, extra registries, look-ups and impact."""
from __future__ import annotations

import re

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main
from qcdc_rules.core.errors import DataError
from qcdc_rules.knowledge.checks import load_registry_checked, validate_registry
from qcdc_rules.tools.lookup import find
from qcdc_rules.pipeline import load_registry

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PREFIXES = """@prefix qcdc: <https://w3id.org/qcdc-rules/ns#> .
@prefix reg:  <https://w3id.org/qcdc-rules/registry/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix dct:  <http://purl.org/dc/terms/> .
"""
SRC = 'qcdc:provenance [ dct:source "test" ; qcdc:confidence qcdc:verified ]'


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_shipped_registry_is_valid():
    assert validate_registry([]) == []
    r = run("registry", "validate")
    assert r.exit_code == 0 and "0 vấn đề;" in r.output and "văn bản hợp lệ" in r.output
    assert "0 problem(s)" in run("registry", "validate", "--lang", "en").output


# broken file body, expected message fragment, line of the offending instrument in the file
BROKEN = [
    ("no-type", 'reg:X1 qcdc:symbol "1/2024/NĐ-CP" ; qcdc:issuer reg:CP ; qcdc:dateIssued "2024-01-01"^^xsd:date ; '
     + SRC + " .",
     "has no instrument type"),
    ("no-issuer",
     'reg:X2 a qcdc:NghiDinh ; qcdc:symbol "2/2024/NĐ-CP" ; qcdc:dateIssued "2024-01-01"^^xsd:date ; ' + SRC + " .",
     "issuer"),
    ("no-date", 'reg:X3 a qcdc:NghiDinh ; qcdc:symbol "3/2024/NĐ-CP" ; qcdc:issuer reg:CP ; ' + SRC + " .",
     "no issue date"),
    ("no-source",
     'reg:X4 a qcdc:NghiDinh ; qcdc:symbol "4/2024/NĐ-CP" ; qcdc:issuer reg:CP ; qcdc:dateIssued '
     '"2024-01-01"^^xsd:date .',
     "no source"),
    ("force-before-issue", 'reg:X5 a qcdc:NghiDinh ; qcdc:symbol "5/2024/NĐ-CP" ; qcdc:issuer reg:CP ; '
     'qcdc:dateIssued "2024-03-01"^^xsd:date ; qcdc:entryIntoForce "2024-01-01"^^xsd:date ; ' + SRC + " .",
     "enters into force before it is issued"),
    ("ceased-before-force", 'reg:X6 a qcdc:NghiDinh ; qcdc:symbol "6/2024/NĐ-CP" ; qcdc:issuer reg:CP ; '
     'qcdc:dateIssued "2024-01-01"^^xsd:date ; qcdc:entryIntoForce "2024-02-01"^^xsd:date ; '
     'qcdc:ceased "2024-01-15"^^xsd:date ; ' + SRC + " .",
     "ceases before it enters into force"),
    ("missing-replacement", 'reg:X7 a qcdc:NghiDinh ; qcdc:symbol "7/2024/NĐ-CP" ; qcdc:issuer reg:CP ; '
     'qcdc:dateIssued "2024-01-01"^^xsd:date ; qcdc:ceased "2025-01-01"^^xsd:date ; qcdc:replacedBy reg:NOWHERE ; '
     + SRC + " .",
     "is not in the registry"),
    ("replacement-late", 'reg:X8 a qcdc:NghiDinh ; qcdc:symbol "8/2024/NĐ-CP" ; qcdc:issuer reg:CP ; '
     'qcdc:dateIssued "2024-01-01"^^xsd:date ; qcdc:ceased "2025-01-01"^^xsd:date ; qcdc:replacedBy reg:X8b ; ' + SRC
     + " .\n"
     'reg:X8b a qcdc:NghiDinh ; qcdc:symbol "18/2024/NĐ-CP" ; qcdc:issuer reg:CP ; '
     'qcdc:dateIssued "2024-06-01"^^xsd:date ; qcdc:entryIntoForce "2025-06-01"^^xsd:date ; ' + SRC + " .",
     "is not yet in force when the replaced instrument ceases"),
    ("cycle", 'reg:X9 a qcdc:NghiDinh ; qcdc:symbol "9/2024/NĐ-CP" ; qcdc:issuer reg:CP ; '
     'qcdc:dateIssued "2024-01-01"^^xsd:date ; qcdc:ceased "2025-01-01"^^xsd:date ; qcdc:replacedBy reg:X9b ; ' + SRC
     + " .\n"
     'reg:X9b a qcdc:NghiDinh ; qcdc:symbol "19/2024/NĐ-CP" ; qcdc:issuer reg:CP ; '
     'qcdc:dateIssued "2024-01-01"^^xsd:date ; qcdc:ceased "2025-01-01"^^xsd:date ; qcdc:replacedBy reg:X9 ; ' + SRC
     + " .",
     "leads back to itself"),
    ("duplicate",
     'reg:X10 a qcdc:NghiDinh ; qcdc:symbol "10/2024/NĐ-CP" ; qcdc:issuer reg:CP ; qcdc:dateIssued '
     '"2024-01-01"^^xsd:date ; ' + SRC + " .\n"
     'reg:X10b a qcdc:NghiDinh ; qcdc:symbol "10/2024/NĐ-CP" ; qcdc:issuer reg:CP ; qcdc:dateIssued '
     '"2024-01-01"^^xsd:date ; ' + SRC + " .",
     "same symbol and issuer"),
    ("bad-symbol",
     'reg:X11 a qcdc:NghiDinh ; qcdc:symbol "11/NĐ-CP" ; qcdc:issuer reg:CP ; '
     'qcdc:dateIssued "2024-01-01"^^xsd:date ; ' + SRC + " .",
     "does not have its type's form"),
]


@pytest.mark.parametrize("name,body,needle", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_self_check_fails_with_file_and_line(tmp_path, name, body, needle):
    f = tmp_path / f"{name}.ttl"
    f.write_text(PREFIXES + "\n" + body + "\n", "utf-8")
    problems = validate_registry([f])
    hits = [p for p in problems if needle in p.message]
    assert hits, problems
    assert hits[0].file == str(f) and hits[0].line >= 7
    r = run("registry", "validate", "--registry", f, "--lang", "en")
    assert r.exit_code == 1 and f"{f}:{hits[0].line}:" in r.output and needle in r.output


def test_extra_registry_may_not_redefine_or_duplicate_core(tmp_path):
    f = tmp_path / "office.ttl"
    f.write_text(PREFIXES + 'reg:ND-04-2015 qcdc:ceased "2030-01-01"^^xsd:date .\n', "utf-8")
    with pytest.raises(DataError, match="redefines an instrument of the core registry"):
        load_registry_checked([str(f)])
    g = tmp_path / "dup.ttl"
    g.write_text(PREFIXES + 'reg:MY a qcdc:NghiDinh ; qcdc:symbol "59/2023/NĐ-CP" ; qcdc:issuer reg:CP ; '
                 'qcdc:dateIssued "2023-08-14"^^xsd:date ; ' + SRC + " .\n", "utf-8")
    with pytest.raises(DataError, match="declares 59/2023/NĐ-CP again"):
        load_registry_checked([str(g)])
    r = run("--registry", g, ROOT / "fixtures" / "plans" / "sach-2026.txt")
    assert r.exit_code == 2 and "declares 59/2023/NĐ-CP again" in r.stderr


def test_update_may_add_facts_but_not_change_them(tmp_path):
    ok = ROOT / "fixtures" / "registry" / "nd-gia-dinh-thay-61-2023.ttl"
    reg = load_registry_checked([str(ok)], allow_additions=True)
    assert "999/2025/NĐ-CP" in {i.symbol for i in reg.instruments}
    bad = tmp_path / "change.ttl"
    bad.write_text(PREFIXES + 'reg:ND-59-2023 qcdc:entryIntoForce "2023-09-01"^^xsd:date .\n', "utf-8")
    with pytest.raises(DataError, match="changes entryIntoForce from 2023-08-15 to 2023-09-01"):
        load_registry_checked([str(bad)], allow_additions=True)


@pytest.mark.parametrize("query,symbol", [
    ("nghị định 04/2015", "04/2015/NĐ-CP"),
    ("NGHI DINH SO 04/2015/ND-CP", "04/2015/NĐ-CP"),
    ("Nghị định số 59 / 2023 / NĐ-CP", "59/2023/NĐ-CP"),
    ("pháp lệnh 34/2007", "34/2007/PL-UBTVQH11"),
    ("nghị định 145/NĐ-CP", "145/2020/NĐ-CP"),
    ("chỉ thị 30-ct/tw", "30-CT/TW"),
    ("luat thuc hien dan chu o co so", "10/2022/QH15"),
])
def test_forgiving_find(query, symbol):
    hits = find(load_registry(), query)
    assert hits and hits[0][1].symbol == symbol, hits[:3]


def test_registry_list_filters_and_show():
    r = run("registry", "list", "--status", "ceased", "--as-of", "2024-01-01", "--type", "Nghị định")
    assert r.exit_code == 0
    first_cells = [line.split("│")[1].strip() for line in r.output.splitlines() if line.startswith("│")]
    # 59/2023 and 145/2020 are in force; 149/2018 and 71/1998 are the predecessors of 145/2020 and 04/2015;
    # 163/2013 and 115/2016 were replaced by 71/2019/NĐ-CP from 15/10/2019 (its Điều 68 khoản 2); 42/2020, replaced
    # by 34/2024/NĐ-CP only from 15/5/2024, is not yet ceased on 01/01/2024
    assert first_cells == ["04/2015/NĐ-CP", "115/2016/NĐ-CP", "149/2018/NĐ-CP", "159/2016/NĐ-CP", "163/2013/NĐ-CP",
                           "71/1998/NĐ-CP"]
    r = run("registry", "show", "pháp lệnh 34/2007", "--as-of", "2023-03-01", "--lang", "en")
    assert "status on 01/03/2023: in force" in r.output
    assert re.search(r"replaced by +10/2022/QH15 +\[checked against the instrument's own text: ", r.output)
    r = run("registry", "show", "10/2022/QH15", "--lang", "en")
    assert re.search(r"amended by +47/2024/QH15 +\[", r.output) and re.search(r"amended by +97/2025/QH15 +\[", r.output)
    assert re.search(r"replaces \(whole chain\) +34/2007/PL-UBTVQH11", r.output)
    # in Vietnamese (the default): the status, the facts and how sure each is, in words
    r = run("registry", "show", "pháp lệnh 34/2007", "--as-of", "2023-03-01")
    assert "tình trạng vào ngày 01/03/2023: còn hiệu lực" in r.output
    assert re.search(r"ngày hết hiệu lực +01/07/2023 +\[đã đối chiếu với văn bản gốc: Luật Thực hiện dân chủ", r.output)
    r = run("registry", "show", "04/2015/NĐ-CP")
    assert re.search(r"ngày hết hiệu lực +01/07/2023 +\[chưa được xác nhận bằng văn bản gốc: Bộ Nội vụ", r.output)


def test_impact_of_a_made_up_decree_replacing_61_2023():
    update = ROOT / "fixtures" / "registry" / "nd-gia-dinh-thay-61-2023.ttl"
    r = run("impact", "--registry", update, "--format", "json", ROOT / "fixtures" / "plans")
    data = {Path(x["path"]).name: x for x in json.loads(r.stdout)}
    gained = {(f["rule"], f["instrument"]) for f in data["sach-2026.txt"]["appeared"]}
    assert gained == {("QCDC101", "61/2023/NĐ-CP"), ("QCDC106", "61/2023/NĐ-CP")}
    # plans dated before 2026 are unaffected, including the 2024 plan that cites 61/2023
    for name, x in data.items():
        if name != "sach-2026.txt":
            assert not x["appeared"] and not x["disappeared"], name
    assert any(True for f in data["sach-2026.txt"]["appeared"] if "999/2025/NĐ-CP" in f["message"])
