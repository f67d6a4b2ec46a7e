"""The plan's facts as RDF in the ontology's terms, by the declarations in graph/declarations.py.

Every node that a finding can point at is recorded in `PlanGraph.locations`, so the rules stage can turn
a result's sh:value back into a place in the document and the exact source text.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Optional


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
    if kind == "term":  # a term of an office's word list: its fix replaces the words matched
        return Located(obj.span, obj.text, None, {"term": obj.norm_range})
    return Located(obj.span, obj.text)


def _fix_targets(c: Citation) -> dict[str, tuple[int, int]]:
    # replacing the instrument replaces the whole citation: its date, issuer and subject belong to the old one
    # ("… ngày 20/4/2007 của Ủy ban Thường vụ Quốc hội về thực hiện dân chủ ở xã, phường, thị trấn")
    whole = (c.norm_range[0], max((c.date_range or c.norm_range)[1], (c.extent_range or c.norm_range)[1])) \
        if c.norm_range else None
    return {k: v for k, v in (("citation", whole), ("symbol", c.symbol_range), ("date", c.date_range)) if v}


def _compile(fact: Fact) -> Callable[[Any, dict, str], Any]:
    """The fact as one function of (obj, context, base) giving its objects: its getters, test and kind of
    term worked out once, not again for each of a plan's ~650 facts."""
    when = accessor(fact.when) if fact.when is not None else None
    get = accessor(fact.get)
    kind = fact.kind
    if kind == "float":
        term = lambda v, base: literal(float(v))  # noqa: E731
    elif kind == "term":
        term = lambda v, base: QCDC[v]  # noqa: E731
    elif kind == "iri":
        term = lambda v, base: iri(v)  # noqa: E731
    elif kind.startswith("node:"):
        segment = kind[5:]
        term = lambda v, base: iri(f"{base}{segment}{v}")  # noqa: E731
    else:
        term = lambda v, base: literal(v)  # noqa: E731
    many = fact.many

    def objects(obj: Any, context: dict, base: str):
        if when is not None and not when(obj, context):
            return ()  # before the getter: it may need what `when` checks (code_segments of a symbol)
        raw = get(obj, context)
        if raw is None and when is None:
            return ()
        return [term(v, base) for v in raw] if many else (term(raw, base),)

    return objects


def _compiled(facts) -> list[tuple[str, Callable[[Any, dict, str], Any]]]:
    return [(QCDC[f.prop], _compile(f)) for f in facts]


_PLAN_FACTS = _compiled(PLAN)
_NODE_FACTS = [(kind, QCDC[kind.link], QCDC[kind.cls], _compiled(kind.facts)) for kind in NODES]


def _earliest_of_period(deadlines: list) -> set[int]:
    """For each period and year, the index of one dated deadline that is the earliest of them."""
    first: dict[tuple, int] = {}
    for i, d in enumerate(deadlines):
        if d.date and d.period:
            key = (d.period, d.date.year)
            if key not in first or d.date < deadlines[first[key]].date:
                first[key] = i
    return set(first.values())


def _first_of_kind(sections: list) -> set[int]:
    """The index of the first section of each kind."""
    first: dict = {}
    for i, section in enumerate(sections):
        if section.kind is not None:
            first.setdefault(section.kind, i)
    return set(first.values())


def build_graph(facts: PlanFacts, strict: bool = False, anchor_text: str = "") -> PlanGraph:
    base = f"{PLAN_BASE}{next(_counter)}/"
    plan = iri(base + "plan")
    pg = PlanGraph(triples=[], plan=base + "plan")
    add = pg.triples.append
    h = facts.header
    anchor_span = h.doc_type_span or h.title_span or Span(line=facts.first_line, column=1, end_line=facts.first_line,
                                                          end_column=1)
    pg.anchor = Located(anchor_span, anchor_text or (h.doc_type or ""))
    pg.locations[pg.plan] = pg.anchor

    add((plan, RDF_TYPE, QCDC.Plan))
    context: dict[str, object] = {"strict": strict}
    for prop, objects in _PLAN_FACTS:
        for o in objects(facts, context, base):
            add((plan, prop, o))
    for part, present in HEADER_PARTS:
        if present(h):
            add((plan, QCDC.hasHeaderPart, QCDC[part]))
    earliest = _earliest_of_period(facts.deadlines)
    first_sections = _first_of_kind(facts.sections)
    for kind, link, cls, node_facts in _NODE_FACTS:
        for i, obj in enumerate(value(facts, kind.items, context)):
            name = f"{base}{kind.name}{i}"
            node = iri(name)
            add((plan, link, node))
            add((node, RDF_TYPE, cls))
            pg.locations[name] = _located(kind.name, obj)
            context["position"] = i + 1
            context["first_of_kind"] = kind.name == "section" and i in first_sections
            context["earliest_of_period"] = kind.name == "deadline" and i in earliest
            for prop, objects in node_facts:
                for o in objects(obj, context, base):
                    add((node, prop, o))
    return pg
