"""The registry: ontology + instruments + plan structure as one rdflib graph, and look-up tables
derived from it for the extractor. Everything here is read from Turtle; nothing is hard-coded."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from typing import TYPE_CHECKING

from .errors import DataError
from .resources import turtle_files
from .textutil import tokens

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
    class_parents: dict[str, set[str]] = field(default_factory=dict)
    by_iri: dict[str, Instrument] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # instrument IRI -> title
    dates: dict[str, tuple] = field(default_factory=dict)  # instrument IRI -> (issued, entry into force, ceased)
    level_labels: dict[str, list[str]] = field(default_factory=dict)  # abolished level IRI -> words naming it
    ntriples: str = ""  # the whole graph as N-Triples, for the Oxigraph store
    issuer_codes: list[str] = field(default_factory=list)  # codes that end symbols ("CP", "UBND", "TW" …)

    def __post_init__(self) -> None:
        self.by_iri = {i.iri: i for i in self.instruments}

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

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_graph"] = None  # pickled without the rdflib graph
        return state

    def is_a(self, cls: str, ancestor: str) -> bool:
        return ancestor == cls or ancestor in self.class_parents.get(cls, set())


def symbol_key(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).upper().replace("Ð", "Đ")


def local(iri) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rsplit("/", 1)[-1]


def _pydate(v) -> Optional[dt.date]:
    from rdflib import Literal

    if isinstance(v, Literal) and isinstance(v.toPython(), dt.date):
        return v.toPython()
    return None


def load_graph(files: Iterable[Path]) -> "Graph":
    from rdflib import Graph

    g = Graph()
    for f in files:
        try:
            g.parse(str(f), format="turtle")
        except Exception as e:  # rdflib raises many types; report file and reason
            raise DataError(f"{f}: cannot parse Turtle: {e}") from None
    return g


def build_registry(graph: "Graph") -> Registry:
    from rdflib import URIRef

    from .vocab import OWL, QCDC, RDF, RDFS, SKOS

    subclass: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(RDFS.subClassOf):
        subclass.setdefault(local(s), set()).add(local(o))
    # transitive closure
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

    instrument_classes = {c for c, ps in parents.items() if "Instrument" in ps}
    instruments: list[Instrument] = []
    for s in set(graph.subjects(QCDC.symbol, None)):
        classes = [local(o) for o in graph.objects(s, RDF.type) if local(o) in instrument_classes]
        if not classes:
            continue
        num = graph.value(s, QCDC.number)
        year = graph.value(s, QCDC.issueYear)
        inst = Instrument(
            iri=str(s),
            symbol=str(graph.value(s, QCDC.symbol)),
            cls=classes[0],
            number=int(num) if num is not None else None,
            year=int(year) if year is not None else None,
            issued=_pydate(graph.value(s, QCDC.dateIssued)),
            name_labels=tuple(sorted(str(o) for o in graph.objects(s, QCDC.nameLabel))),
            citation_label=str(graph.value(s, QCDC.citationLabel)) if graph.value(s, QCDC.citationLabel) else None,
        )
        instruments.append(inst)
    instruments.sort(key=lambda i: i.iri)
    by_symbol: dict[str, Instrument] = {}
    for inst in instruments:
        by_symbol.setdefault(symbol_key(inst.symbol), inst)

    type_words: list[tuple[str, str]] = []
    type_codes: dict[str, str] = {}
    for c in instrument_classes:
        node = next((n for n in graph.subjects(RDF.type, OWL.Class) if local(n) == c), None)
        if node is None:
            continue
        for w in graph.objects(node, QCDC.typeWord):
            type_words.append((str(w), c))
        for code in graph.objects(node, QCDC.typeCode):
            type_codes[str(code)] = c
    type_words.sort(key=lambda t: -len(t[0]))

    def labels_of(cls) -> list[tuple[list[str], str]]:
        out = []
        for node in graph.subjects(RDF.type, cls):
            for p in (SKOS.prefLabel, SKOS.altLabel):
                for lab in graph.objects(node, p):
                    if getattr(lab, "language", None) in (None, "vi"):
                        out.append((tokens(str(lab)), str(node)))
        out.sort(key=lambda t: -len(t[0]))
        return out

    titles = {i.iri: str(t) for i in instruments if (t := graph.value(URIRef(i.iri), QCDC.title)) is not None}
    dates = {i.iri: tuple(_pydate(graph.value(URIRef(i.iri), p)) for p in (QCDC.dateIssued, QCDC.entryIntoForce, QCDC.ceased))
             for i in instruments}
    level_labels = {str(level): sorted((str(l) for l in graph.objects(level, QCDC.mentionLabel)), key=len, reverse=True)
                    for level in graph.subjects(RDF.type, QCDC.AbolishedLevel)}
    issuer_codes = sorted({str(c) for c in graph.objects(None, QCDC.code)})
    return Registry(
        _graph=graph,
        instruments=instruments,
        by_symbol=by_symbol,
        type_words=type_words,
        type_codes=type_codes,
        section_labels=labels_of(QCDC.SectionKind),
        topic_labels=labels_of(QCDC.Topic),
        class_parents=parents,
        titles=titles,
        dates=dates,
        level_labels=level_labels,
        ntriples=graph.serialize(format="nt"),
        issuer_codes=issuer_codes,
    )


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Registry:
    from .compiled import load_compiled

    return load_compiled(extra).registry


def load_registry(extra_files: Iterable[str | Path] = ()) -> Registry:
    """The registry, loaded once per process (and per set of extra files)."""
    return _load(tuple(str(p) for p in extra_files))


def build_from_files(extra: tuple[str, ...] = ()) -> Registry:
    return build_registry(load_graph(turtle_files("ontology") + [Path(p) for p in extra]))
