"""Layer 4, knowledge — the registry: ontology + instruments + plan structure, and the look-up tables the
extractor needs, all read from Turtle (nothing is hard-coded). The tables are plain data so the compiled
cache can keep them; the rdflib graph is rebuilt from the N-Triples on demand."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Optional

from ..core.resources import turtle_files
from ..core.symbols import symbol_key
from ..core.text import tokens
from .parts import RegistryParts, split_ntriples
from .rdf import load_graph, local, pydate
from .status import Status, status_on

if TYPE_CHECKING:  # rdflib is imported only when a graph is really needed
    from rdflib import Graph


@dataclass(frozen=True)
class Instrument:
    iri: str
    symbol: str
    cls: str  # local name of its class
    number: Optional[int]
    year: Optional[int]
    issued: Optional[dt.date]
    name_labels: tuple[str, ...]
    citation_label: Optional[str]


@dataclass
class Registry:
    """Look-up tables derived from the Turtle, plus the rdflib graph itself, loaded only on demand
    (the fast path never needs it; pyshacl and the maintainer tools do)."""

    _graph: "Optional[Graph]"
    instruments: list[Instrument]
    by_symbol: dict[str, Instrument]
    type_words: list[tuple[str, str]]  # (word, class local name), longest first
    type_codes: dict[str, str]  # symbol type code -> class local name
    section_labels: list[tuple[list[str], str]]  # (label tokens, section kind IRI), longest first
    topic_labels: list[tuple[list[str], str]]
    own_outline_labels: list[tuple[list[str], str]] = field(default_factory=list)  # plan kinds with their own outline
    own_outline_names: dict[str, str] = field(default_factory=dict)  # their IRI -> Vietnamese name
    class_parents: dict[str, set[str]] = field(default_factory=dict)
    by_iri: dict[str, Instrument] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # instrument IRI -> title
    title_tokens: dict[str, list[str]] = field(default_factory=dict)  # instrument IRI -> its title's folded words
    dates: dict[str, tuple] = field(default_factory=dict)  # instrument IRI -> (issued, entry into force, ceased)
    level_labels: dict[str, list[str]] = field(default_factory=dict)  # abolished level IRI -> words naming it
    nt_text: str = ""  # the whole graph as N-Triples (`ntriples`), for the Oxigraph store
    issuer_codes: list[str] = field(default_factory=list)  # codes that end symbols ("CP", "UBND", "TW" …)
    doc_kinds: list[tuple[str, bool]] = field(default_factory=list)  # (kind name, is a plan), longest first
    version: str = ""  # the release(s) of the legal facts (ontology/registry-release.ttl), "+"-joined, oldest first
    released: Optional[dt.date] = None  # the latest release's date
    _parts: Optional[RegistryParts] = None  # the N-Triples cut for the rule executor (knowledge/parts.py)
    # look-ups over every instrument, made once here so that no engine walks the whole registry to start
    by_key: dict[str, list[Instrument]] = field(default_factory=dict)  # symbol key -> instruments (124-QĐ/TW)
    by_number: dict[int, list[Instrument]] = field(default_factory=dict)  # number -> instruments
    title_index: dict[str, list[str]] = field(default_factory=dict)  # folded title word -> instrument IRIs
    named: list[Instrument] = field(default_factory=list)  # instruments with name labels or a law's title
    _texts: Optional[Mapping[str, str]] = None  # {"ntriples": …} from the compiled cache's index (knowledge/index.py)

    def __post_init__(self) -> None:
        self.by_iri = {i.iri: i for i in self.instruments}
        for inst in self.instruments:
            self.by_key.setdefault(symbol_key(inst.symbol), []).append(inst)
            if inst.number is not None:
                self.by_number.setdefault(inst.number, []).append(inst)
        for iri, toks in self.title_tokens.items():
            for tok in dict.fromkeys(toks):
                self.title_index.setdefault(tok, []).append(iri)
        self.named = [i for i in self.instruments if i.name_labels or _is_law_title(self.title_tokens.get(i.iri))]

    @property
    def ntriples(self) -> str:
        """The whole registry as N-Triples (from the cache's index when the registry was read from there)."""
        return self._texts["ntriples"] if self._texts is not None else self.nt_text

    @property
    def graph(self) -> "Graph":
        """The registry as an rdflib graph, rebuilt from the N-Triples this object carries: a cached
        registry never reads the files of the install that built it (they may be gone)."""
        if self._graph is None:
            from rdflib import Graph

            from .vocab import QCDC, REG

            g = Graph()
            g.parse(data=self.ntriples, format="nt")
            g.bind("qcdc", QCDC)
            g.bind("reg", REG)
            self._graph = g
        return self._graph

    @property
    def parts(self) -> RegistryParts:
        """The N-Triples cut into the base and one unit per instrument (knowledge/parts.py), worked out once."""
        if self._parts is None:
            self._parts = split_ntriples(self.ntriples, set(self.by_iri))
        return self._parts

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_graph"] = None  # pickled without the rdflib graph
        return state

    def is_a(self, cls: str, ancestor: str) -> bool:
        return ancestor == cls or ancestor in self.class_parents.get(cls, set())

    def status_on(self, iri: str, day: dt.date) -> Status:
        """The instrument's status on `day` (see knowledge.status)."""
        issued, in_force, ceased = self.dates.get(iri, (None, None, None))
        inst = self.by_iri.get(iri)
        return status_on(day, issued, in_force, ceased, inst.year if inst else None)


# the tables over every instrument, kept in the compiled cache's index file (knowledge/index.py), read a key at a
# time: (field, key type, is a list)
INDEXED = (("instruments", int, True), ("by_iri", str, False), ("by_symbol", str, False), ("titles", str, False),
           ("title_tokens", str, False), ("dates", str, False), ("by_key", str, False), ("by_number", int, False),
           ("title_index", str, False))
INDEXED_PARTS = (("units", int, True), ("unit_of", str, False), ("links", int, True))


def _texts_of(registry: Registry) -> dict:
    return {"ntriples": registry.ntriples}


def index_tables(registry: Registry) -> dict:
    """The tables that go to the index file, by name."""
    tables = {name: getattr(registry, name) for name, _, _ in INDEXED}
    tables.update({f"parts.{name}": getattr(registry.parts, name) for name, _, _ in INDEXED_PARTS})
    tables["texts"] = _texts_of(registry)
    return tables


def without_tables(registry: Registry) -> Registry:
    """A copy of the registry whose indexed tables are empty `Lazy` tables (knowledge/index.py), for the cache's
    pickle; `attach_index` gives them their file."""
    import copy
    from operator import attrgetter

    from .index import Lazy

    small = copy.copy(registry)
    small._graph = None
    for name, key_type, seq in INDEXED:
        setattr(small, name, Lazy(name, key_type, seq, attrgetter(name)))
    small._texts = Lazy("texts", str, False, _texts_of)
    small.nt_text = ""
    parts = registry.parts
    lazy: dict[str, Any] = {name: Lazy(f"parts.{name}", key_type, seq, attrgetter(f"parts.{name}"))
                            for name, key_type, seq in INDEXED_PARTS}
    small._parts = RegistryParts(base=parts.base, predicates=parts.predicates, **lazy)
    return small


def attach_index(registry: Registry, index) -> None:
    """Give every `Lazy` table of a registry read from the cache's pickle its index file."""
    from .index import Lazy

    tables = [getattr(registry, name) for name, _, _ in INDEXED] + [registry._texts] + \
        [getattr(registry._parts, name) for name, _, _ in INDEXED_PARTS]
    for table in tables:
        if not isinstance(table, Lazy):
            raise TypeError("not a registry read from the compiled cache")
        table.attach(index)


def _is_law_title(words) -> bool:
    """Whether a title's folded words start "luat …" or "bo luat …" (a law's or a code's name)."""
    return bool(words) and ((words[0] == "luat" and len(words) > 1) or (words[:2] == ["bo", "luat"] and len(words) > 2))


def _class_parents(graph: "Graph") -> dict[str, set[str]]:
    """Local class name -> every ancestor class (transitive rdfs:subClassOf)."""
    from .vocab import RDFS

    subclass: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(RDFS.subClassOf):
        subclass.setdefault(local(s), set()).add(local(o))
    parents: dict[str, set[str]] = {}
    for c in subclass:
        seen: set[str] = set()
        stack = list(subclass[c])
        while stack:
            p = stack.pop()
            if p not in seen:
                seen.add(p)
                stack.extend(subclass.get(p, ()))
        parents[c] = seen
    return parents


def _instruments(graph: "Graph", instrument_classes: set[str]) -> list[Instrument]:
    from .vocab import QCDC, RDF

    instruments: list[Instrument] = []
    for s in set(graph.subjects(QCDC.symbol, None)):
        classes = [local(o) for o in graph.objects(s, RDF.type) if local(o) in instrument_classes]
        if not classes:
            continue
        num = graph.value(s, QCDC.number)
        year = graph.value(s, QCDC.issueYear)
        label = graph.value(s, QCDC.citationLabel)
        instruments.append(Instrument(
            iri=str(s), symbol=str(graph.value(s, QCDC.symbol)), cls=classes[0],
            number=int(num) if num is not None else None, year=int(year) if year is not None else None,
            issued=pydate(graph.value(s, QCDC.dateIssued)),
            name_labels=tuple(sorted(str(o) for o in graph.objects(s, QCDC.nameLabel))),
            citation_label=str(label) if label else None,
        ))
    instruments.sort(key=lambda i: i.iri)
    return instruments


def _type_tables(graph: "Graph", instrument_classes: set[str]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(type word, class) longest first, and symbol type code -> class."""
    from .vocab import OWL, QCDC, RDF

    type_words: list[tuple[str, str]] = []
    type_codes: dict[str, str] = {}
    for c in sorted(instrument_classes):
        node = next((n for n in graph.subjects(RDF.type, OWL.Class) if local(n) == c), None)
        if node is None:
            continue
        for w in graph.objects(node, QCDC.typeWord):
            type_words.append((str(w), c))
        for code in graph.objects(node, QCDC.typeCode):
            type_codes[str(code)] = c
    type_words.sort(key=lambda t: -len(t[0]))
    return type_words, type_codes


def _labels_of(graph: "Graph", cls) -> list[tuple[list[str], str]]:
    """(label tokens, node IRI) of every instance of `cls`, Vietnamese or untagged labels, longest first."""
    from .vocab import RDF, SKOS

    out = []
    for node in graph.subjects(RDF.type, cls):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for lab in graph.objects(node, p):
                if getattr(lab, "language", None) in (None, "vi"):
                    out.append((tokens(str(lab)), str(node)))
    out.sort(key=lambda t: -len(t[0]))
    return out


def full_citation(graph: "Graph", node) -> Optional[str]:
    """How a plan cites an instrument in full: type and symbol (with its name, for a law), date of issue,
    issuer and subject, e.g. "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ quy định chi tiết …".
    What a replacement fix puts in place of a whole citation, so that no part of the old one is left."""
    from .vocab import QCDC, RDFS

    label = graph.value(node, QCDC.citationLabel)
    if label is None:
        return None
    text = str(label)
    issued = pydate(graph.value(node, QCDC.dateIssued))
    if issued:
        text += f" ngày {issued.day}/{issued.month}/{issued.year}"
    issuer = graph.value(node, QCDC.issuer)
    names = [str(o) for o in graph.objects(issuer, RDFS.label)
             if getattr(o, "language", None) == "vi"] if issuer else []
    if names:
        text += f" của {names[0]}"
    title = graph.value(node, QCDC.title)
    if title is not None and str(title).lower() not in str(label).lower():  # a law's name already says it
        t = str(title)
        text += " " + t[:1].lower() + t[1:]
    return text


def _add_full_citations(graph: "Graph", instruments) -> None:
    from rdflib import Literal, URIRef

    from .vocab import QCDC

    for inst in instruments:
        text = full_citation(graph, URIRef(inst.iri))
        if text:
            graph.set((URIRef(inst.iri), QCDC.fullCitation, Literal(text)))


def build_registry(graph: "Graph") -> Registry:
    from rdflib import Literal, URIRef

    from rdflib.namespace import DCTERMS as DCT

    from .vocab import QCDC, RDF, SKOS

    parents = _class_parents(graph)
    instrument_classes = {c for c, ps in parents.items() if "Instrument" in ps}
    instruments = _instruments(graph, instrument_classes)
    _add_full_citations(graph, instruments)
    by_symbol: dict[str, Instrument] = {}
    for inst in instruments:
        by_symbol.setdefault(symbol_key(inst.symbol), inst)
    type_words, type_codes = _type_tables(graph, instrument_classes)
    titles = {i.iri: str(t) for i in instruments if (t := graph.value(URIRef(i.iri), QCDC.title)) is not None}
    dates = {i.iri: tuple(pydate(graph.value(URIRef(i.iri), p))
                          for p in (QCDC.dateIssued, QCDC.entryIntoForce, QCDC.ceased))
             for i in instruments}
    level_labels = {str(level): sorted((str(l) for l in graph.objects(level, QCDC.mentionLabel)), key=len, reverse=True)
                    for level in graph.subjects(RDF.type, QCDC.AbolishedLevel)}
    kinds = sorted({(str(lab), (node, QCDC.isPlanKind, Literal(True)) in graph)
                    for node in graph.subjects(RDF.type, QCDC.DocumentKind)
                    for p in (SKOS.prefLabel, SKOS.altLabel) for lab in graph.objects(node, p)
                    if getattr(lab, "language", None) == "vi"}, key=lambda t: (-len(t[0]), t[0]))
    releases = sorted((pydate(graph.value(r, DCT.issued)) or dt.date.min, str(v))
                      for r in graph.subjects(RDF.type, QCDC.RegistryRelease) for v in graph.objects(r, QCDC.version))
    registry = Registry(
        version="+".join(v for _, v in releases), released=releases[-1][0] if releases else None,
        doc_kinds=kinds,
        _graph=graph, instruments=instruments, by_symbol=by_symbol, type_words=type_words, type_codes=type_codes,
        section_labels=_labels_of(graph, QCDC.SectionKind), topic_labels=_labels_of(graph, QCDC.Topic),
        own_outline_labels=_labels_of(graph, QCDC.PlanWithOwnOutline),
        own_outline_names={str(n): str(lab) for n in graph.subjects(RDF.type, QCDC.PlanWithOwnOutline)
                           for lab in graph.objects(n, SKOS.prefLabel) if getattr(lab, "language", None) == "vi"},
        class_parents=parents, titles=titles, title_tokens={iri: tokens(t) for iri, t in titles.items()},
        dates=dates, level_labels=level_labels,
        nt_text=graph.serialize(format="nt"), issuer_codes=sorted({str(c) for c in graph.objects(None, QCDC.code)}),
    )
    registry._parts = split_ntriples(registry.ntriples, set(registry.by_iri))  # now: the compiled cache keeps it
    return registry


def build_from_files(extra: tuple[str, ...] = ()) -> Registry:
    """The registry of the shipped ontology/ plus `extra` Turtle files."""
    return build_registry(load_graph(turtle_files("ontology") + [Path(p) for p in extra]))
