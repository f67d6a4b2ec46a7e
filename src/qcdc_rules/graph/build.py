"""The plan's facts as RDF in the ontology's terms, by the declarations in graph/declarations.py.

Every node that a finding can point at is recorded in `PlanGraph.locations`, so the rules stage can turn
a result's sh:value back into a place in the document and the exact source text.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Optional


from ..contract.models import Span
from ..extract.models import Citation, PlanFacts
from .declarations import HEADER_PARTS, NODES, PLAN, Fact, accessor, value
from .terms import QCDC, RDF_TYPE, iri, literal

PLAN_BASE = "urn:qcdc:plan:"
_counter = itertools.count()


@dataclass
class Located:
    span: Span
    text: str
    instrument: Optional[str] = None
    targets: dict[str, tuple[int, int]] = field(default_factory=dict)  # normalized ranges a fix may replace


@dataclass
class PlanGraph:
    triples: list  # of (subject, predicate, object) N-Triples terms (graph/terms.py)
    plan: str  # IRI of the plan node
    locations: dict[str, Located] = field(default_factory=dict)  # node IRI -> where it is in the file
    anchor: Optional[Located] = None

    def ntriples(self) -> str:
        """The graph as an N-Triples document."""
        return "".join(f"{s} {p} {o} .\n" for s, p, o in self.triples)

    @property
    def graph(self):
        """The triples as an rdflib Graph (for the pyshacl reference executor and for tests)."""
        from rdflib import Graph

        return Graph().parse(data=self.ntriples(), format="nt")


def _located(kind: str, obj: Any) -> Located:
    """Where a node's finding points, and the text it shows."""
    if kind == "section":
        return Located(obj.span, f"{obj.marker}. {obj.title}")
    if kind == "item":
        return Located(obj.span, obj.marker)
    if kind == "citation":
        return Located(obj.span, obj.text, obj.instrument, _fix_targets(obj))
    return Located(obj.span, obj.text)


def _fix_targets(c: Citation) -> dict[str, tuple[int, int]]:
    # replacing the instrument replaces the whole citation: its date, issuer and subject belong to the old one
    # ("… ngày 20/4/2007 của Ủy ban Thường vụ Quốc hội về thực hiện dân chủ ở xã, phường, thị trấn")
    whole = (c.norm_range[0], max((c.date_range or c.norm_range)[1], (c.extent_range or c.norm_range)[1])) \
        if c.norm_range else None
    return {k: v for k, v in (("citation", whole), ("symbol", c.symbol_range), ("date", c.date_range)) if v}


def _objects(fact: Fact, obj: Any, context: dict, base: str) -> list:
    if fact.when is not None and not accessor(fact.when)(obj, context):
        return []  # before the getter: it may need what `when` checks (code_segments of a symbol)
    raw = accessor(fact.get)(obj, context)
    if raw is None and fact.when is None:
        return []
    values = raw if fact.many else [raw]
    if fact.kind == "float":
        return [literal(float(v)) for v in values]
    if fact.kind == "term":
        return [QCDC[v] for v in values]
    if fact.kind == "iri":
        return [iri(v) for v in values]
    if fact.kind.startswith("node:"):
        return [iri(f"{base}{fact.kind[5:]}{v}") for v in values]
    return [literal(v) for v in values]


def _earliest_of_period(deadlines: list) -> set[int]:
    """For each period and year, the index of one dated deadline that is the earliest of them."""
    first: dict[tuple, int] = {}
    for i, d in enumerate(deadlines):
        if d.date and d.period:
            key = (d.period, d.date.year)
            if key not in first or d.date < deadlines[first[key]].date:
                first[key] = i
    return set(first.values())


def _first_of_kind(sections: list, i: int) -> bool:
    kind = sections[i].kind
    return kind is not None and all(s.kind != kind for s in sections[:i])


def build_graph(facts: PlanFacts, strict: bool = False, anchor_text: str = "") -> PlanGraph:
    base = f"{PLAN_BASE}{next(_counter)}/"
    plan = iri(base + "plan")
    pg = PlanGraph(triples=[], plan=base + "plan")
    add = pg.triples.append
    h = facts.header
    anchor_span = h.doc_type_span or h.title_span or Span(line=facts.first_line, column=1, end_line=facts.first_line, end_column=1)
    pg.anchor = Located(anchor_span, anchor_text or (h.doc_type or ""))
    pg.locations[pg.plan] = pg.anchor

    add((plan, RDF_TYPE, QCDC.Plan))
    context = {"strict": strict}
    for fact in PLAN:
        for o in _objects(fact, facts, context, base):
            add((plan, QCDC[fact.prop], o))
    for part, present in HEADER_PARTS:
        if present(h):
            add((plan, QCDC.hasHeaderPart, QCDC[part]))
    earliest = _earliest_of_period(facts.deadlines)
    for kind in NODES:
        for i, obj in enumerate(value(facts, kind.items, context)):
            name = f"{base}{kind.name}{i}"
            node = iri(name)
            add((plan, QCDC[kind.link], node))
            add((node, RDF_TYPE, QCDC[kind.cls]))
            pg.locations[name] = _located(kind.name, obj)
            context["position"] = i + 1
            context["first_of_kind"] = kind.name == "section" and _first_of_kind(facts.sections, i)
            context["earliest_of_period"] = kind.name == "deadline" and i in earliest
            for fact in kind.facts:
                for o in _objects(fact, obj, context, base):
                    add((node, QCDC[fact.prop], o))
    return pg
