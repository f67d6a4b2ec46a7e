"""How each extracted fact becomes RDF: one declaration per fact (the model field it comes from, the
qcdc: property it becomes, the kind of value), in one table per kind of plan node. The ontology
(ontology/qcdc.ttl) declares every property named here; tests/unit/graph checks that they agree.

A getter is a dotted path into the model ("span.line"), "@name" for a value of the build context
(the option `strict`, a node's 1-based `position`), or a function. A fact is stated when `when` (a
path or a function; by default the value itself is not None) holds; `many` states one triple per item.
Kinds: "literal" (typed as rdflib types the Python value), "float", "term" (a qcdc: term named by the
value), "iri" (the value is an IRI), "node:<kind>" (the value is the index of another node of that kind).
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Union

from ..core.budget import budget_year
from ..core.symbols import code_segments

Getter = Union[str, Callable[[Any], Any]]


@dataclass(frozen=True)
class Fact:
    prop: str  # local name of the qcdc: property
    get: Getter
    kind: str = "literal"
    when: Optional[Getter] = None
    many: bool = False


@dataclass(frozen=True)
class NodeKind:
    name: str  # IRI segment of the node ("citation0", "citation1" …)
    items: str  # path of the list in PlanFacts
    link: str  # plan --link--> node
    cls: str  # the node's qcdc: class
    facts: tuple[Fact, ...] = field(default_factory=tuple)


PLAN = (
    Fact("planDate", "date"),
    Fact("dateSource", "date_source"),
    Fact("periodStart", "period_start"),
    Fact("periodEnd", "period_end"),
    Fact("periodFromTitle", "period_from_title"),
    Fact("isKeHoach", "is_ke_hoach"),
    Fact("formApplies", "form_applies"),
    Fact("strict", "@strict"),
    Fact("partyDocument", "header.party", when="header.party"),
    Fact("planYear", "year", when="year"),
    Fact("title", "title", when="title"),  # the plan's own title (QCDC301 tells a standing plan from an event's)
    Fact("budgetYear", lambda f: budget_year(f.title)),  # the budget year the title names (qcdc:lastBudgetYear)
    Fact("topic", lambda f: "GrassrootsDemocracy", kind="term", when="topic_grassroots"),
    Fact("ownOutline", lambda f: f.own_outline.rsplit("#", 1)[-1], kind="term", when="own_outline"),
    # derived, so that a rule looks a fact up instead of joining all citations (or deadlines) per finding
    Fact("citesInstrument", lambda f: sorted({c.resolved for c in f.citations if c.resolved}), kind="iri", many=True),
    Fact("citesAsAmended", lambda f: sorted({c.resolved for c in f.citations if c.resolved and c.as_amended}),
         kind="iri", many=True),
    Fact("deadlinePeriod", lambda f: sorted({d.period for d in f.deadlines if d.period}), kind="term", many=True),
    Fact("hasSectionKind", lambda f: sorted({s.kind for s in f.sections if s.kind}), kind="iri", many=True),
)

NODES = (
    NodeKind("field", "header.fields", "hasHeaderField", "HeaderField", (
        Fact("fieldName", "name"),
        Fact("blank", "blank"),
        Fact("text", "text"),
    )),
    NodeKind("section", "sections", "hasSection", "Section", (
        Fact("position", "@position"),
        Fact("firstOfKind", "@first_of_kind", when="@first_of_kind"),
        Fact("marker", "marker"),
        Fact("title", "title"),
        Fact("sectionKind", "kind", kind="iri", when="kind"),
    )),
    NodeKind("item", "items", "hasItem", "NumberedItem", (
        Fact("ordinal", "ordinal"),
        Fact("marker", "marker"),
        Fact("previousSibling", "previous", kind="node:item"),
        Fact("followsOrdinal", "follows", when=lambda i: i.follows is not None),
    )),
    NodeKind("citation", "citations", "hasCitation", "Citation", (
        Fact("text", "text"),
        Fact("line", "span.line"),
        Fact("writtenSymbol", "symbol", when="symbol"),
        Fact("symbolForeignLetters", "symbol_foreign", when="symbol_foreign"),
        Fact("symbolAsWritten", "symbol_as_written", when="symbol_as_written"),
        Fact("symbolDefectVi", "symbol_defect_vi", when="symbol_defect_vi"),
        Fact("symbolDefectEn", "symbol_defect_en", when="symbol_defect_en"),
        Fact("symbolSuggestion", "symbol_suggestion", when="symbol_suggestion"),
        Fact("symbolUncertain", "symbol_uncertain", when="symbol_uncertain"),
        Fact("citedType", "cited_type", kind="term", when="cited_type"),
        Fact("citedDate", "date", when="date"),
        Fact("symbolYear", "year", when="year"),
        Fact("otherCitedDate", "other_date", when="other_date"),
        Fact("repeatCitation", "repeat", when="repeat"),
        Fact("ownNumber", "own_number", when="own_number"),
        Fact("otherCitedLine", "other_date_line", when="other_date"),
        Fact("issuerCode", lambda c: code_segments(c.symbol), when="symbol", many=True),
        Fact("subject", "subject", when="subject"),
        Fact("subjectQuoted", "subject_quoted", when="subject"),
        Fact("subjectOwnScore", "subject_own_score", kind="float"),
        Fact("subjectBestMatch", "subject_best", kind="iri", when="subject_best"),
        Fact("subjectBestScore", "subject_best_score", kind="float", when="subject_best"),
        Fact("subjectBestNearby", "subject_best_nearby", when="subject_best"),
        Fact("citedAsAmended", "as_amended", when="as_amended"),
        Fact("mentionOnly", "mention_only", when="mention_only"),
        Fact("nameScore", "name_score", kind="float"),
        Fact("nameLabel", "name_label", when=lambda c: c.name_score is not None),
        Fact("resolvesTo", "resolved", kind="iri", when="resolved"),
        Fact("resolution", "resolution", when="resolved"),
    )),
    NodeKind("deadline", "deadlines", "hasDeadline", "Deadline", (
        Fact("dueDate", "date", when="date"),
        Fact("earliestOfPeriod", "@earliest_of_period", when="@earliest_of_period"),
        Fact("relative", "relative"),
        Fact("period", "period", kind="term", when="period"),
        Fact("text", "text"),
    )),
    NodeKind("duty", "duties", "hasDuty", "ReportingDuty", (
        Fact("periodic", "periodic"),
        Fact("period", "periods", kind="term", many=True),
        Fact("hasRecipient", lambda d: d.recipient is not None),
        Fact("hasOwnDeadline", "own_deadline"),
        Fact("reporter", "reporter", when="reporter"),
        Fact("text", "text"),
    )),
    NodeKind("level", "level_mentions", "mentionsLevel", "LevelMention", (
        Fact("level", "level", kind="iri"),
        Fact("role", "role"),
        Fact("text", "text"),
    )),
    NodeKind("term", "terms", "hasTermMatch", "TermMatch", (
        Fact("text", "text"),
        Fact("listedTerm", "find"),
        Fact("replacement", "replacement"),
        Fact("exactMatch", "exact"),
        Fact("termSeverity", "severity"),
        Fact("effectiveFrom", "effective_from", when="effective_from"),
        Fact("termNoteVi", "note_vi", when="note_vi"),
        Fact("termNoteEn", "note_en", when="note_en"),
        Fact("wordList", "list_name"),
        Fact("wordListVersion", "list_version", when="list_version"),
    )),
)

# Header parts present in the plan (Nghị định 30/2020/NĐ-CP, Điều 8): part -> what shows it is there
HEADER_PARTS = (
    ("IssuingBodyPart", lambda h: h.issuer),
    ("SymbolPart", lambda h: h.symbol_line),
    ("PlaceDatePart", lambda h: h.place or h.date_span),
    ("TypeTitlePart", lambda h: h.doc_type and h.title or h.subject_line),
    ("SignerPart", lambda h: h.signer_title and h.signer_name),
    ("RecipientsPart", lambda h: h.recipients),
)


def value(obj: Any, getter: Getter, context: dict) -> Any:
    """The value a getter names on `obj`."""
    return accessor(getter)(obj, context)


_ACCESSORS: dict[Getter, Callable[[Any, dict], Any]] = {}


def accessor(getter: Getter) -> Callable[[Any, dict], Any]:
    """The getter as a function of (obj, context), made once per getter (the declarations are a fixed table)."""
    fn = _ACCESSORS.get(getter)
    if fn is None:
        if callable(getter):
            fn = _call(getter)
        elif getter.startswith("@"):
            fn = _context(getter[1:])
        else:
            fn = _path(operator.attrgetter(getter))
        _ACCESSORS[getter] = fn
    return fn


def _call(getter: Callable[[Any], Any]) -> Callable[[Any, dict], Any]:
    return lambda obj, context: getter(obj)


def _context(name: str) -> Callable[[Any, dict], Any]:
    return lambda obj, context: context[name]


def _path(get: Callable[[Any], Any]) -> Callable[[Any, dict], Any]:
    return lambda obj, context: get(obj)


def properties() -> set[str]:
    """Every qcdc: property the graph stage may state (links included)."""
    out = {f.prop for f in PLAN} | {"hasHeaderPart"}
    for kind in NODES:
        out.add(kind.link)
        out.update(f.prop for f in kind.facts)
    return out
