"""How the Oxigraph executor turns a solution into a RawResult: solutions read as SPARQL TSV, messages filled
as pyshacl fills them."""
from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc_rules.rules.executors.oxigraph import Constraint, _lexical, _order_fixed, _Reader, _rows

THIS = "urn:qcdc:plan:7/plan"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _constraint(*messages: str) -> Constraint:
    return Constraint(shape="urn:s#QCDC999", severity="warning", query="", messages=messages)


def test_messages_are_filled_with_lexical_values_and_this():
    c = _constraint("[vi] {?a} của {$this} {?missing}", "[en] {?a}: {?b} {literal braces}")
    read = _Reader(c, ("value", "a", "b"))
    r = read(["<urn:x/citation3>", '"Nghị định"@vi', ""], THIS, set(), {})
    assert r.value == "urn:x/citation3"
    # sorted by their markers; an unbound variable, or one the query does not select, stays as written
    assert r.messages == ("[en] Nghị định: {?b} {literal braces}", f"[vi] Nghị định của {THIS} {{?missing}}")


def test_a_duplicate_solution_gives_one_result_and_value_defaults_to_the_plan():
    read = _Reader(_constraint("[vi] {?a}"), ("a",))
    seen: set = set()
    assert read(['"x"'], THIS, seen, {}).value == THIS
    assert read(['"x"'], THIS, seen, {}) is None
    # the same lexical value as another kind of term is another solution, as pyshacl has it
    assert read(['"x"@vi'], THIS, seen, {}) is not None


def test_a_literal_value_points_at_no_node():
    assert _Reader(_constraint("[vi] v"), ("value",))(['"urn:x/citation3"'], THIS, set(), {}).value is None


def test_message_order_is_fixed_only_when_the_heads_decide_it():
    assert _order_fixed(["[en] {?a}", "[fix] {?b}", "[vi] {?a}"])
    assert not _order_fixed(["[vi] {?a} x", "[vi] {?a} y"])  # the order depends on what fills ?a
    r = _Reader(_constraint("[vi] {?a}", "[vi] {?b}"), ("a", "b"))(['"z"', '"y"'], THIS, set(), {})
    assert r.messages == ("[vi] y", "[vi] z")  # sorted as filled, not as written


TERMS = st.one_of(
    st.text(max_size=20).map(ox.Literal),
    st.tuples(st.text(max_size=20), st.sampled_from(["vi", "en"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.dates().map(lambda d: ox.Literal(d.isoformat(), datatype=ox.NamedNode(XSD + "date"))),
    st.integers(-10**6, 10**6).map(lambda n: ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(
        lambda d: ox.Literal(str(d), datatype=ox.NamedNode(XSD + "decimal"))),
    st.booleans().map(lambda b: ox.Literal("true" if b else "false", datatype=ox.NamedNode(XSD + "boolean"))),
    st.sampled_from(["urn:qcdc:plan:1/citation0", "https://w3id.org/qcdc-rules/ns#Quarterly", "urn:x/é"]).map(
        ox.NamedNode),
    st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True).map(ox.BlankNode),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(TERMS, min_size=1, max_size=8))
def test_tsv_rows_give_each_term_the_lexical_value_oxigraph_gives(terms):
    """Tabs, line ends, quotes, backslashes, any Unicode, language tags, numbers and booleans written bare."""
    store = ox.Store()
    for i, term in enumerate(terms):
        store.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), term))
    query = "SELECT ?s ?o ?unbound WHERE { ?s <urn:p> ?o }"
    expected = sorted((s["s"].value, s["o"].value) for s in store.query(query))
    rows = _rows(store.query(query))
    assert all(row[2] == "" for row in rows)
    assert sorted((_lexical(row[0]), _lexical(row[1])) for row in rows) == expected
