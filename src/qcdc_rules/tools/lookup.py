"""Maintainer look-ups over the registry: a table of instruments with their status (list), every fact of
one instrument with its source and confidence (show), a forgiving search (find), replacement and
amendment chains."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Optional

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from ..core.text import fold, tokens
from ..knowledge.rdf import local, pydate
from ..knowledge.registry import Registry
from ..knowledge.vocab import QCDC, RDF, RDFS


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


def _label(g, s, lang: str = "vi") -> str:
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
            issued=pydate(g.value(s, QCDC.dateIssued)), in_force=pydate(g.value(s, QCDC.entryIntoForce)),
            ceased=pydate(g.value(s, QCDC.ceased)), replaced_by=str(g.value(r, QCDC.symbol)) if r else None,
            status=registry.status_on(inst.iri, day), confidence=local(g.value(s, QCDC.confidence) or "") or "",
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
    lang: str = ""  # the language of a text written in both


def confidence_words(registry: Registry, name: str, lang: str = "vi") -> str:
    """A confidence level ("verified", …) in words an officer understands (the ontology's label)."""
    return _label(registry.graph, QCDC[name], lang) if name else ""


def type_label(registry: Registry, cls: str) -> str:
    """The type word of an instrument class ("ChiThi" -> "Chỉ thị"); the class name when none is known."""
    words = [w for w, c in registry.type_words if c == cls]
    return min(words, key=len) if words else cls


def facts_of(registry: Registry, iri: str, lang: str = "vi") -> list[Fact]:
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
            value = str(g.value(o, QCDC.symbol) or "") or _label(g, o, lang)
        else:
            value = str(o)
        src, conf = prov.get(p, ("", ""))
        out.append(Fact(local(p), value, src, conf, getattr(o, "language", None) or ""))
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
                for t in sorted(targets, key=lambda x: str(g.value(x, QCDC.symbol) or local(x))):
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


