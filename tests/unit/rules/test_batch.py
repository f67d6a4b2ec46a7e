"""rules/batch.py: which queries may run once over many plans. Each refused case below would give a plan in a
batch something it does not get alone; the accepted ones are checked against plan-by-plan runs."""
import pytest

from qcdc_rules.pipeline.compiled import load_compiled
from qcdc_rules.rules.batch import batch_form

P = "PREFIX qcdc: <https://w3id.org/qcdc-rules/ns#>\n"


def test_a_query_from_this_through_the_plans_nodes_may_run_over_many_plans():
    q = P + ("SELECT $this ?value ?sym WHERE { $this qcdc:hasCitation ?value . ?value qcdc:resolvesTo ?inst . "
             "?inst qcdc:symbol ?sym . FILTER NOT EXISTS { ?value qcdc:mentionOnly true } "
             "OPTIONAL { ?inst qcdc:replacedBy ?r . ?r qcdc:citationLabel ?rl } "
             "FILTER NOT EXISTS { $this qcdc:citesInstrument ?r } BIND($this AS ?plan) }")
    form = batch_form(q)
    assert form is not None and "$this" not in form and "?this qcdc:hasCitation" in form


@pytest.mark.parametrize("why, body", [
    ("a pattern on plan data that starts from nothing of this plan",
     "?this qcdc:hasCitation ?c . ?x qcdc:text ?t"),
    ("an OPTIONAL that starts from a variable another OPTIONAL may leave unbound",
     "?this qcdc:hasCitation ?c . OPTIONAL { ?this qcdc:topic ?x } OPTIONAL { ?x qcdc:text ?t }"),
    ("a FILTER in a UNION branch, where ?this is not bound",
     "?this qcdc:hasDuty ?d . { ?d qcdc:period ?p } UNION { FILTER NOT EXISTS { ?this qcdc:deadlinePeriod ?q } }"),
    ("a FILTER of a group inside an OPTIONAL, where ?this is not bound",
     "?this qcdc:hasCitation ?c . OPTIONAL { ?c qcdc:text ?t { FILTER NOT EXISTS { ?this qcdc:strict true } } }"),
    ("an EXISTS pattern on plan data that starts from nothing of this plan",
     "?this qcdc:hasCitation ?c . FILTER NOT EXISTS { ?y qcdc:blank true }"),
    ("?this bound by nothing",
     "?c qcdc:resolvesTo ?i . OPTIONAL { ?this qcdc:hasCitation ?c }"),
    ("MINUS", "?this qcdc:hasCitation ?c . MINUS { ?this qcdc:strict true }"),
    ("an OPTIONAL binding ?this by a registry pattern, in a group where nothing binds it first (found by the "
     "random queries of tests/properties/test_batch_queries.py)",
     "?this qcdc:hasCitation ?c . { OPTIONAL { ?x qcdc:citationLabel ?this } }"),
    ("an OPTIONAL on ?this whose left part does not bind ?this: matched before the join that does, it would "
     "find another plan's triple and lose the row with no match",
     "{ ?c qcdc:text ?t OPTIONAL { ?this qcdc:strict ?s } } ?this qcdc:hasCitation ?c"),
    ("a subquery whose rows are tied to no node of this plan",
     "?this qcdc:hasSection ?s . { SELECT ?x WHERE { ?x qcdc:firstOfKind true } }"),
    ("a subquery tied to this plan by a variable it does not select",
     "?this qcdc:hasSection ?s . { SELECT ?k WHERE { ?s qcdc:sectionKind ?k } }"),
    ("a subquery that names ?this: there ?this is free and matches every plan",
     "?this qcdc:hasSection ?s . { SELECT ?s WHERE { ?this qcdc:hasSection ?s . ?s qcdc:firstOfKind true } }"),
    ("a subquery that counts: over all the plans' rows together",
     "?this qcdc:hasSection ?s . { SELECT ?s (COUNT(?t) AS ?n) WHERE { ?s qcdc:title ?t } GROUP BY ?s }"),
    ("a subquery with a LIMIT: the first rows of all the plans",
     "?this qcdc:hasSection ?s . { SELECT ?s WHERE { ?s qcdc:firstOfKind true } LIMIT 1 }"),
    ("a subquery tied by an OPTIONAL variable, which may be unbound and then joins with any row",
     "?this qcdc:hasCitation ?c . OPTIONAL { ?c qcdc:resolvesTo ?i } { SELECT ?i WHERE { ?i qcdc:text ?t } }"),
    ("an inverse path from a registry node: every plan's citations of that instrument",
     "?this qcdc:citesInstrument ?i . ?i ^qcdc:resolvesTo ?c"),
    ("a negated property set", "?this qcdc:hasCitation ?x . ?x !qcdc:text ?c"),
])
def test_refused(why, body):
    assert batch_form(P + "SELECT ?this ?c WHERE { " + body + " }") is None, why


@pytest.mark.parametrize("query", [
    "SELECT ?c WHERE { ?this qcdc:hasCitation ?c }",  # ?this not projected: solutions cannot be split
    "SELECT ?this ?c WHERE { ?this qcdc:hasCitation ?c } LIMIT 5",  # LIMIT counts over all the plans
    "SELECT ?this (COUNT(?c) AS ?n) WHERE { ?this qcdc:hasCitation ?c } GROUP BY ?this",
    'SELECT ?this WHERE { ?this qcdc:text ?t FILTER (?t = "$this") }',  # $this inside a string
])
def test_refused_forms(query):
    assert batch_form(P + query) is None


def test_a_forward_path_from_this_may_run_over_many_plans():
    q = P + "SELECT ?this ?c WHERE { ?this qcdc:hasCitation/qcdc:resolvesTo ?i . ?i qcdc:replacedBy* ?c }"
    assert batch_form(q) is not None


def test_registry_only_patterns_need_no_anchor():
    # an issuer code typed as such, and a predicate plans never state: the registry's nodes only
    q = P + ("SELECT ?this ?c WHERE { ?this qcdc:hasCitation ?c . ?c qcdc:issuerCode ?code . "
             "OPTIONAL { ?ic a qcdc:IssuerCode ; qcdc:code ?code ; qcdc:level ?lv } "
             "FILTER EXISTS { ?inst qcdc:entryIntoForce ?d } }")
    assert batch_form(q) is not None


def test_a_subquery_on_nodes_this_plan_reaches_may_run_over_many_plans():
    # QCDC202's form: the subquery lists every plan's first sections; the join keeps this plan's
    q = P + ("SELECT DISTINCT $this ?value WHERE { { SELECT $this ?other WHERE { ?other qcdc:firstOfKind true } } "
             "$this qcdc:hasSection ?other, ?value . ?other qcdc:sectionKind ?k . ?k qcdc:order ?o }")
    assert batch_form(q) is not None


def test_which_shipped_rules_run_over_many_plans():
    alone = sorted({c.shape.rsplit("#", 1)[1] for c in load_compiled().constraints if c.batch is None})
    # the three that count (GROUP BY): QCDC106's plan-level constraint, QCDC109, QCDC302
    assert alone == ["QCDC106", "QCDC109", "QCDC302"]
