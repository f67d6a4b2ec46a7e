"""The graph stage's declarations, the extract models and the ontology agree: every property the graph
states is declared in ontology/qcdc.ttl, and every model field a declaration reads exists."""
from __future__ import annotations

from rdflib import OWL, RDF, URIRef

from qcdc_rules.extract import models
from qcdc_rules.graph import build_graph, properties
from qcdc_rules.graph.declarations import NODES, PLAN
from qcdc_rules.knowledge.vocab import QCDC
from qcdc_rules.pipeline import load_registry

PROPERTY_TYPES = {OWL.DatatypeProperty, OWL.ObjectProperty, RDF.Property, OWL.FunctionalProperty}


def test_every_stated_property_is_declared_in_the_ontology():
    g = load_registry().graph
    undeclared = sorted(p for p in properties() if not set(g.objects(URIRef(QCDC[p]), RDF.type)) & PROPERTY_TYPES)
    assert undeclared == []


def test_every_declared_path_names_a_model_field():
    owners = {"header.fields": models.HeaderField, "sections": models.Section, "items": models.NumberedItem,
              "citations": models.Citation, "deadlines": models.Deadline, "duties": models.ReportingDuty,
              "level_mentions": models.LevelMention, "terms": models.TermMatch}
    for kind in NODES:
        fields = owners[kind.items].model_fields
        for fact in kind.facts:
            for getter in (fact.get, fact.when):
                if isinstance(getter, str) and not getter.startswith("@"):
                    assert getter.split(".")[0] in fields, (kind.name, getter)
    for fact in PLAN:
        for getter in (fact.get, fact.when):
            if isinstance(getter, str) and not getter.startswith("@"):
                head, _, rest = getter.partition(".")
                assert head in models.PlanFacts.model_fields, getter
                assert not rest or rest in models.Header.model_fields, getter


def test_a_citation_becomes_the_declared_triples(check):
    import qcdc_rules.readers as readers
    from qcdc_rules.extract import Extractor

    doc = readers.ingest_text("KẾ HOẠCH\nDân chủ năm 2024\nCăn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính "
                              "phủ;\n")
    pg = build_graph(Extractor(load_registry()).extract(doc))
    import pyoxigraph as ox

    triples = list(ox.parse(pg.ntriples().encode(), format=ox.RdfFormat.N_TRIPLES))  # the text parses as N-Triples
    cit = next(t.object for t in triples if t.predicate.value.endswith("#hasCitation"))
    stated = {t.predicate.value.rsplit("#", 1)[1]: t.object.value for t in triples if t.subject == cit}
    assert stated["writtenSymbol"] == "59/2023/NĐ-CP" and stated["citedDate"] == "2023-08-14"
    assert stated["resolution"] == "symbol" and stated["line"] == "3" and stated["citedType"].endswith("#NghiDinh")
    assert "citedAsAmended" not in stated and "subject" not in stated  # stated only when true / present
