"""A rule's state and measured precision are data in its shape: the meta-shape refuses a rule without a state, a
state that is neither qcdc:Stable nor qcdc:Preview, a state on a severity variant, and a measurement out of range."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from qcdc_rules.core.errors import DataError
from qcdc_rules.knowledge.vocab import QCDC
from qcdc_rules.rules.catalog import check_rule_shapes, load_shapes, read_rules

SHAPES = "https://w3id.org/qcdc-rules/shapes#"
DECIMAL, DATE = (URIRef("http://www.w3.org/2001/XMLSchema#" + t) for t in ("decimal", "date"))


def shipped() -> Graph:
    g = Graph()
    for t in load_shapes():
        g.add(t)
    return g


def refused(g: Graph) -> str:
    with pytest.raises(DataError) as e:
        check_rule_shapes(g)
    return e.value.message


def test_a_rule_without_a_state_is_refused():
    g = shipped()
    g.remove((URIRef(SHAPES + "QCDC105"), QCDC.state, None))
    message = refused(g)
    assert "QCDC105" in message and "qcdc:state" in message and "QCDC101" not in message
    with pytest.raises(DataError, match="QCDC105 has no qcdc:state"):
        read_rules(g)  # and the catalog does not guess one


def test_a_state_is_stable_or_preview_and_a_variant_carries_none():
    g = shipped()
    g.set((URIRef(SHAPES + "QCDC105"), QCDC.state, QCDC.Beta))
    assert "QCDC105" in refused(g) and "qcdc:Stable, qcdc:Preview" in refused(g)
    g = shipped()
    g.add((URIRef(SHAPES + "QCDC102-info"), QCDC.state, QCDC.Preview))
    assert "QCDC102-info" in refused(g)


def test_a_measurement_out_of_range_is_refused():
    g = shipped()
    g.set((URIRef(SHAPES + "QCDC104"), QCDC.measuredPrecision, Literal("1.5", datatype=DECIMAL)))
    assert "QCDC104" in refused(g) and "measuredPrecision" in refused(g)


def test_the_variant_takes_its_codes_state_and_a_few_judgments_are_not_a_figure():
    rules = read_rules(shipped())
    assert rules[SHAPES + "QCDC102-info"].state == rules[SHAPES + "QCDC102"].state == "stable"
    assert rules[SHAPES + "QCDC105"].state == "preview"
    g = shipped()
    s = URIRef(SHAPES + "QCDC303")
    for p in (QCDC.measuredPrecision, QCDC.judgedFindings, QCDC.measuredOn):
        g.remove((s, p, None))
    g.add((s, QCDC.measuredPrecision, Literal("0.900", datatype=DECIMAL)))
    g.add((s, QCDC.judgedFindings, Literal(9)))
    g.add((s, QCDC.measuredOn, Literal("2026-01-02", datatype=DATE)))
    r = read_rules(g)[SHAPES + "QCDC303"]
    assert (r.precision, r.judged, r.measured_on, r.measured_precision) == (0.9, 9, "2026-01-02", None)
    g.set((s, QCDC.judgedFindings, Literal(10)))
    assert read_rules(g)[SHAPES + "QCDC303"].measured_precision == 0.9


def test_state_words_are_the_ontologys_labels():
    from qcdc_rules.cli.rules import STATE
    from qcdc_rules.core.resources import data_dir

    onto = Graph().parse(data_dir("ontology") / "qcdc.ttl")
    from rdflib.namespace import RDFS

    for state, iri in (("stable", QCDC.Stable), ("preview", QCDC.Preview)):
        labels = {o.language: str(o) for o in onto.objects(iri, RDFS.label)}
        assert labels == {"vi": STATE["vi"][state], "en": STATE["en"][state]}
