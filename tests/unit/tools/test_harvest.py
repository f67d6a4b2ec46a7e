"""`registry harvest`: the facts proposed from instruments' own final articles (fixtures/harvest/, texts of
our own words), their Turtle, the command line, and that odd text never breaks it."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from rdflib import Graph, Literal, Namespace, URIRef

from qcdc_rules.pipeline import load_registry
from qcdc_rules.tools.harvest import harvest_file, harvest_text
from qcdc_rules.tools.harvest_turtle import HEAD, to_turtle

ROOT = Path(__file__).resolve().parents[3]
FIX = ROOT / "fixtures" / "harvest"
QCDC = Namespace("https://w3id.org/qcdc-rules/ns#")
REG = Namespace("https://w3id.org/qcdc-rules/registry/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def _graph(path, registry) -> Graph:
    h, _ = harvest_file(str(path), registry)
    return Graph().parse(data=HEAD + to_turtle(h, registry), format="turtle")


def test_decree_replaces_repeals_a_clause_amends_and_ends(registry):
    h, _ = harvest_file(str(FIX / "nghi-dinh-thay-the.txt"), registry)
    assert (h.symbol, h.date_issued, h.eif) == ("301/2026/NĐ-CP", dt.date(2026, 3, 10), dt.date(2026, 5, 1))
    assert [(r.kind, r.target, r.article, r.date) for r in h.relations] == [
        ("replaces", "201/2020/NĐ-CP", "Điều 3 khoản 2", dt.date(2026, 5, 1)),
        ("amends", "202/2021/NĐ-CP", "Điều 3 khoản 3", None),  # "bãi bỏ khoản 3 Điều 5": partial, not a cessation
        ("amends", "203/2022/NĐ-CP", "Điều 3 khoản 4", None),
        ("ceases", "12/2019/TT-BNV", "Điều 3 khoản 5", dt.date(2026, 5, 1)),
    ]
    g = _graph(FIX / "nghi-dinh-thay-the.txt", registry)
    me = REG["ND-301-2026"]
    assert (me, QCDC.entryIntoForce, Literal("2026-05-01", datatype=XSD_DATE)) in g
    assert (me, QCDC.replaces, REG["ND-201-2020"]) in g
    assert (me, QCDC.amends, REG["ND-202-2021"]) in g and (me, QCDC.amends, REG["ND-203-2022"]) in g
    assert (REG["ND-201-2020"], QCDC.replacedBy, me) in g
    assert (REG["ND-201-2020"], QCDC.ceased, Literal("2026-05-01", datatype=XSD_DATE)) in g
    assert (REG["TT-12-2019-BNV"], QCDC.ceased, Literal("2026-05-01", datatype=XSD_DATE)) in g
    assert (REG["ND-202-2021"], QCDC.ceased, None) not in g
    # the quoted provision it writes ("bãi bỏ Quyết định số 99/2019") is not its own act
    assert not any("99/2019" in str(o) for o in g.objects(None, QCDC.symbol))
    sources = [str(s) for s in g.objects(None, URIRef("http://purl.org/dc/terms/source"))]
    assert any('Điều 3 khoản 2: "Nghị định này thay thế Nghị định số 201/2020/NĐ-CP' in s for s in sources)


def test_in_force_from_signing_is_the_issue_date(registry):
    g = _graph(FIX / "quyet-dinh-ngay-ky.txt", registry)
    me = REG["QD-45-2026-UBND"]
    assert (me, QCDC.entryIntoForce, Literal("2026-04-20", datatype=XSD_DATE)) in g
    assert (me, QCDC.replaces, REG["QD-17-2018-UBND"]) in g
    assert (REG["QD-17-2018-UBND"], QCDC.ceased, Literal("2026-04-20", datatype=XSD_DATE)) in g


def test_a_plan_that_proposes_changes_states_no_relation(registry):
    h, _ = harvest_file(str(FIX / "ke-hoach-khong-co.txt"), registry)
    assert h.relations == [] and h.eif is None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Điều 12.3 thay thế bãi bỏ hết hiệu lực sửa đổi, bổ sung Nghị định số "
                                             "/2020/NĐ-CP"
                                             "kể từ ngày 01 tháng 5 năm 2026 “”\n:;a)-")), max_size=600))
def test_never_raises_and_never_ends_an_instrument_without_a_quoted_source(text):
    h = harvest_text(text, "<t>")
    for r in h.relations:
        if r.kind in ("replaces", "repeals", "ceases"):
            assert r.quote and r.target in r.quote.replace(" ", "")


def _cli(*args):
    env = dict(os.environ, QCDC_LANG="vi")
    return subprocess.run([sys.executable, "-m", "qcdc_rules.cli", "registry", "harvest", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT)


def test_cli_writes_the_file_names_the_bad_one_and_speaks_english(tmp_path):
    out = tmp_path / "de-xuat.ttl"
    r = _cli(str(FIX / "quyet-dinh-ngay-ky.txt"), str(tmp_path / "khong-co.txt"), "-o", str(out))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "khong-co.txt" in r.stderr and "không tìm thấy" in r.stderr
    assert "reg:QD-45-2026-UBND" in out.read_text("utf-8")
    Graph().parse(out, format="turtle")
    r = _cli(str(FIX / "nghi-dinh-thay-the.txt"), "--lang", "en", "-o", str(out))
    assert r.returncode == 0 and "proposal written" in r.stderr
    r = _cli(str(tmp_path / "khong-co.txt"), "--lang", "en")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "khong-co.txt" in r.stderr
