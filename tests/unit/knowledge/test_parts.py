"""The registry's N-Triples cut for the rule executor (knowledge/parts.py): the base, one unit per instrument
with its blank nodes, and the instruments a unit points at."""
from qcdc_rules.core.iri import NS as Q
from qcdc_rules.knowledge.parts import split_ntriples

R = "https://example.org/reg/"
NT = f"""<{R}old> <{Q}symbol> "1/2001/NĐ-CP" .
<{R}old> <{Q}replacedBy> <{R}new> .
<{R}old> <{Q}issuer> <{R}gov> .
<{R}old> <{Q}provenance> _:p1 .
_:p1 <{Q}covers> <{Q}ceased> .
_:p1 <{Q}confidence> <{Q}unsure> .
<{R}new> <{Q}symbol> "2/2010/NĐ-CP" .
<{R}basis> <{Q}symbol> "3/2020/QH14" .
<{R}basis> <{Q}currentBasisFor> <{Q}SomeTopic> .
<{R}named> <{Q}symbol> "4/2021/QĐ-TTg" .
<{Q}SomeTopic> <{Q}example> <{R}named> .
<{R}lone> <{Q}symbol> "5/2022/TT-BNV" .
<{R}twinA> <{Q}symbol> "6/2023/NĐ-CP" .
<{R}twinA> <{Q}note> _:shared .
<{R}twinB> <{Q}symbol> "7/2023/NĐ-CP" .
<{R}twinB> <{Q}note> _:shared .
_:shared <{Q}text> "một ghi chú chung" .
<{R}gov> <{Q}label> "Chính phủ" .
"""
INSTRUMENTS = {R + n for n in ("old", "new", "basis", "named", "lone", "twinA", "twinB")}


def _parts():
    return split_ntriples(NT, INSTRUMENTS)


def test_the_base_holds_what_is_no_instrument_the_pinned_instruments_and_what_the_base_points_at():
    base = _parts().base
    assert f"<{R}gov> <{Q}label>" in base  # an issuer
    assert f"<{R}basis> <{Q}symbol>" in base  # the current basis of a topic (QCDC106 looks it up by topic)
    assert f"<{R}named> <{Q}symbol>" in base  # pointed at by a vocabulary node
    for name in ("old", "new", "lone", "twinA"):
        assert f"<{R}{name}> " not in base


def test_an_instrument_unit_carries_its_blank_nodes_and_a_shared_blank_node_joins_two_instruments():
    parts = _parts()
    old = parts.units[parts.unit_of[R + "old"]]
    assert old.count("\n") == 6 and "_:p1 <" in old
    assert parts.unit_of[R + "twinA"] == parts.unit_of[R + "twinB"]
    assert parts.units[parts.unit_of[R + "twinA"]].count("\n") == 5
    assert R + "basis" not in parts.unit_of and R + "gov" not in parts.unit_of
    assert f"{Q}currentBasisFor" in parts.predicates and f"{Q}replacedBy" in parts.predicates


def test_a_plan_reaches_its_instruments_and_what_they_point_at_once():
    parts = _parts()
    known: set[int] = set()
    reached = parts.reached([R + "old", Q + "SomeTopic", "urn:qcdc:plan:1"], known)
    assert {parts.units[u].split(" ", 1)[0] for u in reached} == {f"<{R}old>", f"<{R}new>"}
    assert parts.reached([R + "new", R + "old"], known) == []
    assert [parts.units[u].split(" ", 1)[0] for u in parts.reached([R + "lone"], known)] == [f"<{R}lone>"]
