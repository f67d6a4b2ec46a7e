"""rules/needs.py: the predicates a constraint cannot have a solution without, and the executor skipping
constraints on that ground (the differential test shows the findings do not change)."""
from qcdc_rules.pipeline.compiled import load_compiled
from qcdc_rules.rules.needs import required_predicates

P = "PREFIX : <urn:x:>\n"


def test_required_patterns_count_optional_union_minus_and_filters_do_not():
    q = P + ("SELECT ?s WHERE { { ?s :p ?o } UNION { ?s :q ?o } ?s :r ?x OPTIONAL { ?s :t ?y } "
             "MINUS { ?s :u ?z } FILTER NOT EXISTS { ?s :v ?w } }")
    assert required_predicates(q) == {"urn:x:r"}


def test_subquery_patterns_are_required_of_the_outer_query():
    q = P + "SELECT ?s WHERE { ?s :a ?o . { SELECT ?s WHERE { ?s :in ?k } } }"
    assert required_predicates(q) == {"urn:x:a", "urn:x:in"}


def test_an_aggregate_without_group_by_needs_nothing():
    # COUNT over no solution is still one row ("0"): skipping it would lose that row
    assert required_predicates(P + "SELECT (COUNT(*) AS ?n) WHERE { ?s :p ?o }") == frozenset()
    assert required_predicates(P + "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s :p ?o } GROUP BY ?s") == {"urn:x:p"}


def test_an_operator_it_does_not_know_makes_it_claim_nothing():
    assert required_predicates(P + "SELECT ?s WHERE { GRAPH ?g { ?s :p ?o } }") == frozenset()


def test_the_shipped_blank_field_rule_needs_a_blank_field():
    needs = {c.shape.rsplit("#", 1)[1]: c.needs for c in load_compiled().constraints}
    assert "https://w3id.org/qcdc-rules/ns#blank" in needs["QCDC205"]
    assert "https://w3id.org/qcdc-rules/ns#hasHeaderField" in needs["QCDC205"]


def test_a_plan_with_a_blank_field_is_still_checked_for_it():
    from qcdc_rules.pipeline import Engine

    text = ("UBND XÃ AN BÌNH\nSố: .../KH-UBND\nAn Bình, ngày ... tháng ... năm 2026\n"
            "KẾ HOẠCH\nThực hiện dân chủ ở cơ sở năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\nNội dung.\n")
    rules = {f.rule for f in Engine().check_text(text).findings}
    assert "QCDC205" in rules
