"""Maintainer tooling over the registry: self-validation (with the Turtle file and line of each
problem), look-ups (list / show / find), conflict checks for extra registries, and the impact of a
registry update on a set of plans."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from .errors import DataError
from .registry import Registry, build_registry, load_graph, local, symbol_key
from .resources import data_dir, turtle_files
from .textutil import fold, tokens
from .vocab import QCDC, RDF, RDFS, SH

FUNCTIONAL = (QCDC.symbol, QCDC.issuer, QCDC.dateIssued, QCDC.entryIntoForce, QCDC.ceased, QCDC.replacedBy)


@dataclass
class Problem:
    instrument: str  # canonical symbol or IRI
    message: str
    file: Optional[str] = None
    line: Optional[int] = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""
        return f"{where}{self.instrument}: {self.message}"


# ----------------------------------------------------------------------------- locations in Turtle
def _subject_lines(files: Iterable[Path]) -> dict[str, tuple[str, int]]:
    """IRI -> (file, line) of the line where a subject's description starts."""
    out: dict[str, tuple[str, int]] = {}
    for f in files:
        prefixes: dict[str, str] = {}
        try:
            lines = Path(f).read_text("utf-8").splitlines()
        except OSError:
            continue
        for no, line in enumerate(lines, 1):
            m = re.match(r"@prefix\s+([\w-]*):\s*<([^>]*)>", line)
            if m:
                prefixes[m.group(1)] = m.group(2)
                continue
            m = re.match(r"^(<[^>]+>|[\w-]*:[^\s;,.]*)\s", line)
            if not m:
                continue
            term = m.group(1)
            if term.startswith("<"):
                iri = term[1:-1]
            else:
                pfx, _, name = term.partition(":")
                if pfx not in prefixes:
                    continue
                iri = prefixes[pfx] + name
            out.setdefault(iri, (str(f), no))
    return out


# ----------------------------------------------------------------------------- validation
@lru_cache(maxsize=1)
def _registry_shapes() -> Graph:
    return load_graph(sorted((data_dir("shapes") / "registry").glob("*.ttl")))


def validate_registry(files: list[Path], lang: str = "en") -> list[Problem]:
    """Run the registry shapes over the ontology files plus `files`; one Problem per result."""
    from pyshacl import validate

    from .validate import PreparedQueryGraph

    all_files = turtle_files("ontology") + [Path(f) for f in files if Path(f) not in turtle_files("ontology")]
    graph = PreparedQueryGraph()  # reuses parsed SPARQL across focus nodes (see validate.py)
    for t in load_graph(all_files):
        graph.add(t)
    _, results, _ = validate(graph, shacl_graph=_registry_shapes(), inference="none", advanced=True,
                             allow_warnings=True, inplace=True)
    where = _subject_lines(all_files)
    problems = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        msgs = {str(m)[1:3]: str(m)[5:] for m in results.objects(r, SH.resultMessage) if str(m).startswith("[")}
        msg = msgs.get(lang) or msgs.get("en") or str(results.value(r, SH.resultMessage))
        sym = graph.value(focus, QCDC.symbol)
        file, line = where.get(str(focus), (None, None))
        problems.append(Problem(str(sym) if sym else str(focus), msg, file, line))
    return sorted(problems, key=lambda p: (p.file or "", p.line or 0, p.message))


def check_conflicts(core: Graph, extra: Graph, extra_name: str, allow_additions: bool = False) -> list[Problem]:
    """Problems where `extra` contradicts `core`. Office registries may not touch core instruments
    at all (allow_additions=False); a registry update may add facts but not change them."""
    problems = []
    core_subjects = set(core.subjects(QCDC.symbol, None))
    core_keys = {(symbol_key(str(core.value(s, QCDC.symbol))), core.value(s, QCDC.issuer)): s for s in core_subjects}
    for s in set(extra.subjects()):
        sym = extra.value(s, QCDC.symbol) or core.value(s, QCDC.symbol)
        label = str(sym) if sym else local(s)
        if s in core_subjects:
            if not allow_additions:
                problems.append(Problem(label, f"{extra_name} redefines an instrument of the core registry "
                                               "(an extra registry may only add its own instruments)", extra_name))
                continue
            for p in FUNCTIONAL:
                new, old = extra.value(s, p), core.value(s, p)
                if new is not None and old is not None and new != old:
                    problems.append(Problem(label, f"{extra_name} changes {local(p)} from {old} to {new}", extra_name))
        elif sym is not None:
            key = (symbol_key(str(sym)), extra.value(s, QCDC.issuer))
            if key in core_keys:
                problems.append(Problem(label, f"{extra_name} declares {sym} again (the core registry has it as "
                                               f"{local(core_keys[key])})", extra_name))
    return problems


def load_registry_checked(extra: list[str], allow_additions: bool = False) -> Registry:
    """Core registry + extra files, refusing conflicts and invalid instruments (DataError)."""
    core_files = turtle_files("ontology")
    core = load_graph(core_files)
    problems: list[Problem] = []
    for f in extra:
        problems += check_conflicts(core, load_graph([Path(f)]), str(f), allow_additions)
    if not problems and extra:
        problems += [p for p in validate_registry([Path(f) for f in extra]) if p.file in {str(Path(f)) for f in extra}
                     or allow_additions]
    if problems:
        raise DataError("; ".join(str(p) for p in problems[:10]) + (f" (+{len(problems) - 10} more)" if len(problems) > 10 else ""))
    return build_registry(load_graph(core_files + [Path(f) for f in extra]))


# ----------------------------------------------------------------------------- look-ups
@dataclass
class Row:
    iri: str
    symbol: str
    type: str
    issuer: str
    issued: Optional[dt.date]
    in_force: Optional[dt.date]
    ceased: Optional[dt.date]
    replaced_by: Optional[str]
    status: str
    confidence: str
    title: str = ""


def _d(v) -> Optional[dt.date]:
    return v.toPython() if isinstance(v, Literal) and isinstance(v.toPython(), dt.date) else None


def status_on(g: Graph, s, day: dt.date) -> str:
    issued, eif, ceased = _d(g.value(s, QCDC.dateIssued)), _d(g.value(s, QCDC.entryIntoForce)), _d(g.value(s, QCDC.ceased))
    if ceased and ceased <= day:
        return "ceased"
    start = eif or issued
    if start and start > day:
        return "not-yet"
    if start is None and g.value(s, QCDC.issueYear) is not None and int(g.value(s, QCDC.issueYear)) > day.year:
        return "not-yet"
    return "in-force"


def _label(g: Graph, s, lang: str = "vi") -> str:
    for o in g.objects(s, RDFS.label):
        if getattr(o, "language", None) == lang:
            return str(o)
    return local(s)


def rows(registry: Registry, day: dt.date) -> list[Row]:
    g = registry.graph
    out = []
    for inst in registry.instruments:
        s = URIRef(inst.iri)
        r = g.value(s, QCDC.replacedBy)
        out.append(Row(
            iri=inst.iri, symbol=inst.symbol, type=inst.cls, issuer=_label(g, g.value(s, QCDC.issuer)) if g.value(s, QCDC.issuer) else "",
            issued=_d(g.value(s, QCDC.dateIssued)), in_force=_d(g.value(s, QCDC.entryIntoForce)),
            ceased=_d(g.value(s, QCDC.ceased)), replaced_by=str(g.value(r, QCDC.symbol)) if r else None,
            status=status_on(g, s, day), confidence=local(g.value(s, QCDC.confidence) or "") or "",
            title=str(g.value(s, QCDC.title) or ""),
        ))
    return sorted(out, key=lambda x: (x.type, x.symbol))


def find(registry: Registry, query: str, limit: int = 5) -> list[tuple[float, Row]]:
    """Forgiving look-up: case, accents, missing "số", spaces, a symbol missing its year, or words of a title."""
    q = fold(query)
    q = re.sub(r"\bso\b", " ", q)
    qs = re.sub(r"\s+", "", q)
    num = re.search(r"(\d+)", q)
    year = re.search(r"\b(19\d\d|20\d\d)\b|/(19\d\d|20\d\d)", q)
    type_cls = None
    for word, cls in registry.type_words:
        if fold(word) in q:
            type_cls = cls
            break
    day = dt.date.today()
    scored = []
    for row in rows(registry, day):
        fs = re.sub(r"\s+", "", fold(row.symbol))
        score = 0.0
        if fs == qs or fs in qs:
            score = 1.0
        elif num and re.match(rf"0*{int(num.group(1))}\b|0*{int(num.group(1))}[/-]", row.symbol):
            score = 0.5
            if type_cls and registry.is_a(row.type, type_cls):
                score += 0.3
            elif type_cls:
                score -= 0.4
            y = year and (year.group(1) or year.group(2))
            row_year = row.issued.year if row.issued else None
            if y and (y in row.symbol or str(row_year) == y):
                score += 0.2
            elif y:
                score -= 0.3
        else:
            words = tokens(query)
            title = tokens(row.title)
            if words and title:
                score = 0.9 * difflib.SequenceMatcher(None, words, title[: len(words) + 3]).ratio()
                score = score if score >= 0.6 else 0.0
        if score > 0.3:
            scored.append((round(score, 2), row))
    scored.sort(key=lambda t: (-t[0], t[1].symbol))
    return scored[:limit]


@dataclass
class Fact:
    prop: str
    value: str
    source: str = ""
    confidence: str = ""


def facts_of(registry: Registry, iri: str) -> list[Fact]:
    g = registry.graph
    s = URIRef(iri)
    prov: dict[URIRef, tuple[str, str]] = {}
    for p in g.objects(s, QCDC.provenance):
        src, conf = str(g.value(p, DCTERMS.source) or ""), local(g.value(p, QCDC.confidence) or "")
        for covered in g.objects(p, QCDC.covers):
            prov[covered] = (src, conf)
    out = []
    for p, o in sorted(g.predicate_objects(s), key=lambda t: str(t[0])):
        if p in (QCDC.provenance, RDF.type) and p != RDF.type:
            continue
        if p == RDF.type and local(o) == "NamedIndividual":
            continue
        if isinstance(o, URIRef):
            value = str(g.value(o, QCDC.symbol) or "") or _label(g, o)
        else:
            value = str(o)
        src, conf = prov.get(p, ("", ""))
        out.append(Fact(local(p), value, src, conf))
    return out


def chain(registry: Registry, iri: str) -> dict[str, list[str]]:
    """Replacements and amendments of an instrument, both ways, following chains."""
    g = registry.graph
    s = URIRef(iri)

    def walk(start, pred, inverse: bool) -> list[str]:
        seen, out, frontier = {start}, [], [start]
        while frontier:
            nxt = []
            for node in frontier:
                targets = g.subjects(pred, node) if inverse else g.objects(node, pred)
                for t in targets:
                    if t not in seen:
                        seen.add(t)
                        out.append(str(g.value(t, QCDC.symbol) or local(t)))
                        nxt.append(t)
            frontier = nxt
        return out

    return {
        "replaced_by": walk(s, QCDC.replacedBy, False),
        "replaces": walk(s, QCDC.replacedBy, True),
        "amended_by": sorted(set(walk(s, QCDC.amendedBy, False)) | {str(g.value(x, QCDC.symbol)) for x in g.subjects(QCDC.amends, s)}),
        "amends": sorted({str(g.value(x, QCDC.symbol)) for x in g.objects(s, QCDC.amends)}
                         | {str(g.value(x, QCDC.symbol)) for x in g.subjects(QCDC.amendedBy, s)}),
    }


# ----------------------------------------------------------------------------- impact of an update
@dataclass
class PlanImpact:
    path: str
    appeared: list = field(default_factory=list)
    disappeared: list = field(default_factory=list)
    error: Optional[str] = None


def impact(plans: list[str], update: list[str], options) -> list[PlanImpact]:
    """Findings per plan with the current registry and with the update; what appears and disappears."""
    from .engine import Engine, default_engine

    before = default_engine()
    after = Engine(load_registry_checked(update, allow_additions=True), before.executor)
    out = []
    for path in plans:
        a = before.check_file(path, options)
        b = after.check_file(path, options)
        if a.error:
            out.append(PlanImpact(path, error=a.error.message))
            continue

        def key(f):
            return (f.rule, f.line, f.column, f.instrument, f.message)

        ka, kb = {key(f): f for f in a.findings}, {key(f): f for f in b.findings}
        out.append(PlanImpact(path, [kb[k] for k in kb if k not in ka], [ka[k] for k in ka if k not in kb]))
    return out
