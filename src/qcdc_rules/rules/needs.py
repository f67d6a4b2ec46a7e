"""What a rule's query cannot match without: the predicates of the triple patterns every one of its
solutions must match (the patterns outside OPTIONAL, UNION, MINUS and FILTER).

The fast executor skips a constraint for a plan when one of these predicates is in neither the registry
nor the plan's graph: the query would parse, plan and return nothing. Parsing and planning is the larger
part of a constraint's cost on an ordinary plan (measured: 0.03-0.4 ms a query), so a plan without, say,
quoted subjects or blank header fields does not pay for the rules about them. Worked out once, when the
shapes are compiled, with rdflib's SPARQL algebra.

Sound by construction: an absent predicate leaves a required pattern without a match, so there is no
solution, except where an aggregate without GROUP BY makes one row out of none; such a query needs nothing.
"""
from __future__ import annotations

from typing import Any

# the operators whose input every solution comes from, and the operand(s) that input is
_THROUGH = {"Filter": ("p",), "Extend": ("p",), "Project": ("p",), "Distinct": ("p",), "Reduced": ("p",),
            "OrderBy": ("p",), "Slice": ("p",), "ToMultiSet": ("p",), "SelectQuery": ("p",),
            "Join": ("p1", "p2"), "LeftJoin": ("p1",), "Minus": ("p1",)}


def required_predicates(query: str) -> frozenset[str]:
    """The IRIs of the predicates the query's solutions all rest on (empty when it cannot tell)."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import URIRef

    out: set[str] = set()
    try:
        _walk(prepareQuery(query).algebra, out, URIRef)
    except _Unknown:
        return frozenset()
    return frozenset(out)


class _Unknown(Exception):
    """An operator this analysis does not know: claim nothing."""


def _walk(node: Any, out: set[str], iri_type) -> None:
    name = getattr(node, "name", None)
    if name == "BGP":
        out.update(str(p) for _, p, _ in node.triples if isinstance(p, iri_type))
    elif name in ("Union", "values", "ToMultiSet_values"):
        return  # a branch or inline data: nothing each solution must rest on
    elif name == "Group":
        if node.get("expr") is None:  # one group over all solutions: a row even when nothing matched
            raise _Unknown(name)
        _walk(node.p, out, iri_type)
    elif name == "AggregateJoin":
        _walk(node.p, out, iri_type)
    elif name in _THROUGH:
        for key in _THROUGH[name]:
            _walk(node[key], out, iri_type)
    else:
        raise _Unknown(name)
