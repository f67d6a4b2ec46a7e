"""Stage 3, graph: the plan's facts as RDF in the ontology's terms.

Every node that a finding can point at is recorded in `PlanGraph.locations`, so the report stage
can turn a SHACL result's sh:value back into a line, a column and the exact source text.
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Optional

import pyoxigraph as ox

from .models import PlanFacts, Span

_NS = "https://w3id.org/qcdc-rules/ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
PLAN = "urn:qcdc:plan:"


class _Q:
    """qcdc: terms as Oxigraph named nodes (QCDC.x -> NamedNode), cached."""

    def __init__(self):
        self._cache: dict[str, ox.NamedNode] = {}

    def __getattr__(self, name: str) -> ox.NamedNode:
        return self[name]

    def __getitem__(self, name: str) -> ox.NamedNode:
        node = self._cache.get(name)
        if node is None:
            node = self._cache[name] = ox.NamedNode(_NS + name)
        return node


QCDC = _Q()
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DT = {bool: ox.NamedNode(_XSD + "boolean"), int: ox.NamedNode(_XSD + "integer"),
       float: ox.NamedNode(_XSD + "decimal"), dt.date: ox.NamedNode(_XSD + "date")}


def Literal(value, datatype=None) -> ox.Literal:  # noqa: N802 (mirrors rdflib's constructor)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_DT[bool])
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_DT[int])
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=_DT[float])
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=_DT[dt.date])
    return ox.Literal(str(value))


URIRef = ox.NamedNode


class RDF:
    type = RDF_TYPE

_counter = itertools.count()


@dataclass
class Located:
    span: Span
    text: str
    instrument: Optional[str] = None
    targets: dict[str, tuple[int, int]] = field(default_factory=dict)  # normalized ranges a fix may replace


@dataclass
class PlanGraph:
    triples: list  # of (subject, predicate, object) Oxigraph terms
    plan: str  # IRI of the plan node
    locations: dict[str, Located] = field(default_factory=dict)  # node IRI -> where it is in the file
    anchor: Optional[Located] = None

    @property
    def graph(self):
        """The triples as an rdflib Graph (for the pyshacl reference executor and for tests)."""
        from rdflib import Graph

        g = Graph()
        for t in self.triples:
            g.add(tuple(to_rdflib(x) for x in t))
        return g


def to_rdflib(term):
    from rdflib import Literal as RLiteral
    from rdflib import URIRef as RURIRef

    if isinstance(term, ox.NamedNode):
        return RURIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RLiteral(term.value, lang=term.language)
        dtype = term.datatype.value
        if dtype == _XSD + "string":
            return RLiteral(term.value)
        return RLiteral(term.value, datatype=RURIRef(dtype))
    raise TypeError(f"cannot convert {term!r}")


HEADER_PARTS = {
    "issuer": QCDC.IssuingBodyPart,
    "symbol": QCDC.SymbolPart,
    "date": QCDC.PlaceDatePart,
    "type": QCDC.TypeTitlePart,
    "signer": QCDC.SignerPart,
    "recipients": QCDC.RecipientsPart,
}


def build_graph(facts: PlanFacts, strict: bool = False, anchor_text: str = "") -> PlanGraph:
    triples: list = []
    base = f"{PLAN}{next(_counter)}/"
    plan = URIRef(base + "plan")
    pg = PlanGraph(triples=triples, plan=plan.value)
    add = triples.append
    located = pg.locations

    def node(kind: str, i: int) -> ox.NamedNode:
        return URIRef(f"{base}{kind}{i}")

    def date(d) -> ox.Literal:
        return Literal(d)

    def child(kind: str, i: int, link: ox.NamedNode, cls: ox.NamedNode, located_at: "Located") -> ox.NamedNode:
        """A node of the plan (plan --link--> node, typed cls) that findings can point at."""
        n = node(kind, i)
        add((plan, link, n))
        add((n, RDF.type, cls))
        located[n.value] = located_at
        return n

    h = facts.header
    anchor_span = h.doc_type_span or h.title_span or Span(line=facts.first_line, column=1, end_line=facts.first_line, end_column=1)
    pg.anchor = Located(anchor_span, anchor_text or (h.doc_type or ""))
    located[plan.value] = pg.anchor

    add((plan, RDF.type, QCDC.Plan))
    add((plan, QCDC.planDate, date(facts.date)))
    add((plan, QCDC.dateSource, Literal(facts.date_source)))
    add((plan, QCDC.periodStart, date(facts.period_start)))
    add((plan, QCDC.periodEnd, date(facts.period_end)))
    add((plan, QCDC.periodFromTitle, Literal(facts.period_from_title)))
    add((plan, QCDC.isKeHoach, Literal(facts.is_ke_hoach)))
    add((plan, QCDC.strict, Literal(strict)))
    if facts.year:
        add((plan, QCDC.planYear, Literal(facts.year)))
    if facts.topic_grassroots:
        add((plan, QCDC.topic, QCDC.GrassrootsDemocracy))

    present = {
        "issuer": h.issuer, "symbol": h.symbol_line, "date": h.place or h.date_span,
        "type": h.doc_type and h.title, "signer": h.signer_title and h.signer_name, "recipients": h.recipients,
    }
    for key, part in HEADER_PARTS.items():
        if present[key]:
            add((plan, QCDC.hasHeaderPart, part))
    for i, f in enumerate(h.fields):
        n = child("field", i, QCDC.hasHeaderField, QCDC.HeaderField, Located(f.span, f.text))
        add((n, QCDC.fieldName, Literal(f.name)))
        add((n, QCDC.blank, Literal(f.blank)))
        add((n, QCDC.text, Literal(f.text)))

    for i, s in enumerate(facts.sections):
        n = child("section", i, QCDC.hasSection, QCDC.Section, Located(s.span, f"{s.marker}. {s.title}"))
        add((n, QCDC.position, Literal(i + 1)))
        add((n, QCDC.marker, Literal(s.marker)))
        add((n, QCDC.title, Literal(s.title)))
        if s.kind:
            add((n, QCDC.sectionKind, URIRef(s.kind)))

    for i, it in enumerate(facts.items):
        n = child("item", i, QCDC.hasItem, QCDC.NumberedItem, Located(it.span, it.marker))
        add((n, QCDC.ordinal, Literal(it.ordinal)))
        add((n, QCDC.marker, Literal(it.marker)))
        if it.previous is not None:
            add((n, QCDC.previousSibling, node("item", it.previous)))

    for i, c in enumerate(facts.citations):
        # replacing the whole instrument replaces its date too ("… ngày 06/4/2007" belongs to the old one)
        whole = (c.norm_range[0], (c.date_range or c.norm_range)[1]) if c.norm_range else None
        targets = {k: v for k, v in (("citation", whole), ("symbol", c.symbol_range), ("date", c.date_range)) if v}
        n = child("citation", i, QCDC.hasCitation, QCDC.Citation, Located(c.span, c.text, c.instrument, targets))
        add((n, QCDC.text, Literal(c.text)))
        add((n, QCDC.line, Literal(c.span.line)))
        if c.symbol:
            add((n, QCDC.writtenSymbol, Literal(c.symbol)))
        if c.cited_type:
            add((n, QCDC.citedType, QCDC[c.cited_type]))
        if c.date:
            add((n, QCDC.citedDate, date(c.date)))
        if c.symbol:
            from .extract.citations import code_segments

            for code in code_segments(c.symbol):
                add((n, QCDC.issuerCode, Literal(code)))
        if c.subject:
            add((n, QCDC.subject, Literal(c.subject)))
            add((n, QCDC.subjectQuoted, Literal(c.subject_quoted)))
        if c.subject_own_score is not None:
            add((n, QCDC.subjectOwnScore, Literal(float(c.subject_own_score))))
        if c.subject_best:
            add((n, QCDC.subjectBestMatch, URIRef(c.subject_best)))
            add((n, QCDC.subjectBestScore, Literal(float(c.subject_best_score))))
            add((n, QCDC.subjectBestNearby, Literal(c.subject_best_nearby)))
        if c.as_amended:
            add((n, QCDC.citedAsAmended, Literal(True)))
        if c.name_score is not None:
            add((n, QCDC.nameScore, Literal(float(c.name_score))))
            add((n, QCDC.nameLabel, Literal(c.name_label)))
        if c.resolved:
            add((n, QCDC.resolvesTo, URIRef(c.resolved)))
            add((n, QCDC.resolution, Literal(c.resolution)))

    for i, d in enumerate(facts.deadlines):
        n = child("deadline", i, QCDC.hasDeadline, QCDC.Deadline, Located(d.span, d.text))
        if d.date:
            add((n, QCDC.dueDate, date(d.date)))
        add((n, QCDC.relative, Literal(d.relative)))
        if d.period:
            add((n, QCDC.period, QCDC[d.period]))
        add((n, QCDC.text, Literal(d.text)))

    for i, du in enumerate(facts.duties):
        n = child("duty", i, QCDC.hasDuty, QCDC.ReportingDuty, Located(du.span, du.text))
        add((n, QCDC.periodic, Literal(du.periodic)))
        for p in du.periods:
            add((n, QCDC.period, QCDC[p]))
        add((n, QCDC.hasRecipient, Literal(du.recipient is not None)))
        add((n, QCDC.hasOwnDeadline, Literal(du.own_deadline)))
        if du.reporter:
            add((n, QCDC.reporter, Literal(du.reporter)))
        add((n, QCDC.text, Literal(du.text)))
    for i, lm in enumerate(facts.level_mentions):
        n = child("level", i, QCDC.mentionsLevel, QCDC.LevelMention, Located(lm.span, lm.text))
        add((n, QCDC.level, URIRef(lm.level)))
        add((n, QCDC.role, Literal(lm.role)))
        add((n, QCDC.text, Literal(lm.text)))
    return pg
