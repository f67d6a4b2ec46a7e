"""How the Oxigraph executor turns a solution into a RawResult: messages filled as pyshacl fills them."""
from __future__ import annotations

import pyoxigraph as ox

from qcdc_rules.rules.executors.oxigraph import Constraint, _order_fixed, _Reader

THIS = ox.NamedNode("urn:qcdc:plan:7/plan")


def _constraint(*messages: str) -> Constraint:
    return Constraint(shape="urn:s#QCDC999", severity="warning", query="", messages=messages)


def test_messages_are_filled_with_lexical_values_and_this():
    c = _constraint("[vi] {?a} của {$this} {?missing}", "[en] {?a}: {?b} {literal braces}")
    read = _Reader(c, ("value", "a", "b"))
    r = read((ox.NamedNode("urn:x/citation3"), ox.Literal("Nghị định", language="vi"), None), THIS, set())
    assert r.value == "urn:x/citation3"
    # sorted by their markers; an unbound variable, or one the query does not select, stays as written
    assert r.messages == ("[en] Nghị định: {?b} {literal braces}", f"[vi] Nghị định của {THIS.value} {{?missing}}")


def test_a_duplicate_solution_gives_one_result_and_value_defaults_to_the_plan():
    read = _Reader(_constraint("[vi] {?a}"), ("a",))
    seen: set = set()
    sol = (ox.Literal("x"),)
    assert read(sol, THIS, seen).value == THIS.value
    assert read(sol, THIS, seen) is None
    # the same lexical value as another kind of term is another solution, as pyshacl has it
    assert read((ox.Literal("x", language="vi"),), THIS, seen) is not None


def test_a_literal_value_points_at_no_node():
    r = _Reader(_constraint("[vi] v"), ("value",))((ox.Literal("urn:x/citation3"),), THIS, set())
    assert r.value is None


def test_message_order_is_fixed_only_when_the_heads_decide_it():
    assert _order_fixed(["[en] {?a}", "[fix] {?b}", "[vi] {?a}"])
    assert not _order_fixed(["[vi] {?a} x", "[vi] {?a} y"])  # the order depends on what fills ?a
    r = _Reader(_constraint("[vi] {?a}", "[vi] {?b}"), ("a", "b"))((ox.Literal("z"), ox.Literal("y")), THIS, set())
    assert r.messages == ("[vi] y", "[vi] z")  # sorted as filled, not as written
