"""Guards on how the registry reaches pyshacl.

pyshacl's `ont_graph` mixes only classes, properties and owl:NamedIndividual nodes into the data
graph; an instrument typed only by its class silently vanishes from validation (no error, wrong
result). The engine therefore puts the whole registry into the data graph itself."""
from __future__ import annotations

import pyshacl
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from qcdc_rules.extract import Extractor
from qcdc_rules.graph import build_graph
from qcdc_rules.readers import ingest_text
from qcdc_rules.knowledge import build_registry
from qcdc_rules.pipeline import load_compiled, load_registry
from qcdc_rules.readers import ingest_text as _doc
from qcdc_rules.rules import findings_from_results
from qcdc_rules.rules.catalog import load_shapes
from qcdc_rules.rules.executors.pyshacl import PyshaclExecutor, raw_results
from qcdc_rules.knowledge.vocab import QCDC

PLAN = """KẾ HOẠCH
Thực hiện dân chủ ở cơ sở năm 2026
Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007.
"""


def _class_only_registry():
    """The shipped registry with every owl:NamedIndividual type removed."""
    g = Graph()
    for t in load_registry().graph:
        if not (t[1] == RDF.type and t[2] == OWL.NamedIndividual):
            g.add(t)
    return build_registry(g)


def _superseded(registry, results, pg):
    return [f for f in findings_from_results(results, pg, load_compiled().rules, _doc(PLAN)) if f.rule == "QCDC101"]


def test_class_only_instruments_still_validate_through_the_engine():
    registry = _class_only_registry()
    facts = Extractor(registry).extract(ingest_text(PLAN))
    pg = build_graph(facts)
    found = _superseded(registry, PyshaclExecutor(registry).run(pg), pg)
    assert [f.instrument for f in found] == ["34/2007/PL-UBTVQH11"]


def test_ont_graph_would_drop_class_only_instruments():
    """Documents the pitfall: passing the same registry as ont_graph loses the instrument."""
    registry = _class_only_registry()
    facts = Extractor(registry).extract(ingest_text(PLAN))
    pg = build_graph(facts)
    shapes = load_shapes()
    _, results, _ = pyshacl.validate(pg.graph, shacl_graph=shapes, ont_graph=registry.graph,
                                     inference="none", advanced=True, allow_warnings=True)
    assert _superseded(registry, raw_results(results), pg) == []


def test_every_registry_instrument_is_a_named_individual():
    g = load_registry().graph
    for inst in load_registry().instruments:
        assert (inst_ref := next(g.subjects(QCDC.symbol, __import__("rdflib").Literal(inst.symbol)))) is not None
        assert (inst_ref, RDF.type, OWL.NamedIndividual) in g, inst.symbol


def test_registry_holds_the_core_facts_exactly():
    import datetime as dt

    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    g = load_registry().graph
    by = {i.symbol: URIRef(i.iri) for i in load_registry().instruments}
    pl = by["34/2007/PL-UBTVQH11"]
    assert g.value(pl, QCDC.dateIssued).toPython() == dt.date(2007, 4, 20)
    assert g.value(pl, QCDC.entryIntoForce).toPython() == dt.date(2007, 7, 1)
    assert g.value(pl, QCDC.ceased).toPython() == dt.date(2023, 7, 1)
    assert g.value(pl, QCDC.replacedBy) == by["10/2022/QH15"]
    # 04/2015: no instrument repeals it; it stops applying on 01/7/2023 (unconfirmed), its subject now
    # under the Law (Chương III) and 59/2023 — a current basis, not a replacement
    nd04 = by["04/2015/NĐ-CP"]
    assert g.value(nd04, QCDC.ceased).toPython() == dt.date(2023, 7, 1) and g.value(nd04, QCDC.replacedBy) is None
    assert set(g.objects(nd04, QCDC.currentBasis)) == {by["10/2022/QH15"], by["59/2023/NĐ-CP"]}
    ceased_prov = next(p for p in g.objects(nd04, QCDC.provenance) if (p, QCDC.covers, QCDC.ceased) in g)
    assert g.value(ceased_prov, QCDC.confidence) == QCDC.unsure
    assert g.value(by["59/2023/NĐ-CP"], QCDC.entryIntoForce).toPython() == dt.date(2023, 8, 15)
    # 159/2016 ceased on 08/8/2023 (59/2023 Điều 28 khoản 2), not 15/8/2023
    assert g.value(by["159/2016/NĐ-CP"], QCDC.ceased).toPython() == dt.date(2023, 8, 8)
    # the amendments of the Law apply from 01/7/2025
    for sym, issued in (("47/2024/QH15", dt.date(2024, 11, 26)), ("97/2025/QH15", dt.date(2025, 6, 27))):
        assert g.value(by[sym], QCDC.dateIssued).toPython() == issued
        assert g.value(by[sym], QCDC.entryIntoForce).toPython() == dt.date(2025, 7, 1)
    # the Law's repeal clause is Điều 90 khoản 2
    sources = " ".join(str(g.value(p, DCTERMS.source)) for p in g.objects(pl, QCDC.provenance))
    assert "Điều 90 khoản 2" in sources and "Điều 91" not in sources
    # two instruments share 124-QĐ/TW, told apart by their dates
    same = sorted(i.issued for i in load_registry().instruments if i.symbol == "124-QĐ/TW")
    assert same == [dt.date(2018, 2, 2), dt.date(2023, 10, 4)]
    # no successor is invented for instruments the sources give none
    for sym in ("217-QĐ/TW", "218-QĐ/TW", "120-KL/TW", "30-CT/TW", "145/2020/NĐ-CP"):
        assert g.value(by[sym], QCDC.replacedBy) is None and g.value(by[sym], QCDC.ceased) is None, sym
    # 33/CT-TTg: cited with this date by several provinces' documents, no primary text: secondary
    prov = g.value(by["33/CT-TTg"], QCDC.provenance)
    assert g.value(prov, QCDC.confidence) == QCDC.secondary


def test_every_instrument_fact_has_a_source():
    from rdflib.namespace import DCTERMS

    g = load_registry().graph
    for inst in load_registry().instruments:
        ref = __import__("rdflib").URIRef(inst.iri)
        provs = list(g.objects(ref, QCDC.provenance))
        assert provs, inst.symbol
        for p in provs:
            assert g.value(p, DCTERMS.source) is not None and g.value(p, QCDC.confidence) is not None, inst.symbol


def test_compiled_cache_follows_the_turtle(tmp_path, monkeypatch):
    """The on-disk cache is keyed by the Turtle files' content: an edit gives a new key, and a
    cached load gives the same rules and registry as a fresh build."""
    from qcdc_rules.pipeline import compiled

    monkeypatch.setenv("QCDC_CACHE_DIR", str(tmp_path))
    compiled.load_compiled.cache_clear()
    first = compiled.load_compiled()
    files = list(tmp_path.glob("compiled-*.pickle"))
    assert len(files) == 1
    compiled.load_compiled.cache_clear()
    again = compiled.load_compiled()  # from the pickle
    assert again.rules.keys() == first.rules.keys() and again.registry.titles == first.registry.titles
    assert [c.query for c in again.constraints] == [c.query for c in first.constraints]
    from qcdc_rules.core.resources import turtle_files

    ttl = turtle_files("ontology") + turtle_files("shapes")
    key = compiled._key(ttl)
    copy = [tmp_path / f.name for f in ttl]
    for src, dst in zip(ttl, copy):
        dst.write_bytes(src.read_bytes())
    copy[0].write_bytes(copy[0].read_bytes() + b"\n# edited\n")
    assert compiled._key(copy) != key
    for i in range(6):  # old entries are pruned to the newest few
        (tmp_path / f"compiled-old{i}.pickle").write_bytes(b"x")
    (tmp_path / files[0].name).unlink()
    compiled.load_compiled.cache_clear()
    compiled.load_compiled()
    assert len(list(tmp_path.glob("compiled-*.pickle"))) == compiled.KEEP
    compiled.load_compiled.cache_clear()
