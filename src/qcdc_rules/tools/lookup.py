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
    confidence: str  # the confidence of the fact the status rests on ("" when the status is unknown)
    title: str = ""
    status_source: str = ""


def _label(g, s, lang: str = "vi") -> str:
    for o in g.objects(s, RDFS.label):
        if getattr(o, "language", None) == lang:
            return str(o)
    return local(s)


def provenance_of(registry: Registry, iri: str) -> dict[str, tuple[str, str]]:
    """Fact (local property name) -> (source, confidence local name), from the instrument's provenance nodes."""
    g = registry.graph
    out: dict[str, tuple[str, str]] = {}
    for p in g.objects(URIRef(iri), QCDC.provenance):
        src, conf = str(g.value(p, DCTERMS.source) or ""), local(g.value(p, QCDC.confidence) or "")
        for covered in g.objects(p, QCDC.covers):
            out.setdefault(local(covered), (src, conf))
    return out


def status_basis(registry: Registry, iri: str, status: str) -> tuple[str, str]:
    """(confidence, source) of the fact a status rests on: the cessation for 'ceased', the entry into force for
    'in-force', the entry into force or else the issue date for 'not-yet'; ("", "") for 'unknown'."""
    prov = provenance_of(registry, iri)
    issued, in_force, _ = registry.dates.get(iri, (None, None, None))
    prop = {"ceased": "ceased", "in-force": "entryIntoForce"}.get(status)
    if status == "not-yet":
        prop = "entryIntoForce" if in_force else ("dateIssued" if issued else "issueYear")
    if prop is None:
        return "", ""
    src, conf = prov.get(prop, ("", ""))
    return conf, src


def rows(registry: Registry, day: dt.date) -> list[Row]:
    g = registry.graph
    out = []
    seen = set()
    for inst in registry.instruments:
        if inst.iri in seen:
            continue
        seen.add(inst.iri)
        s = URIRef(inst.iri)
        r = g.value(s, QCDC.replacedBy)
        status = registry.status_on(inst.iri, day)
        conf, src = status_basis(registry, inst.iri, status)
        out.append(Row(
            iri=inst.iri, symbol=inst.symbol, type=inst.cls,
            issuer=_label(g, g.value(s, QCDC.issuer)) if g.value(s, QCDC.issuer) else "",
            issued=pydate(g.value(s, QCDC.dateIssued)), in_force=pydate(g.value(s, QCDC.entryIntoForce)),
            ceased=pydate(g.value(s, QCDC.ceased)), replaced_by=str(g.value(r, QCDC.symbol)) if r else None,
            status=status, confidence=conf, title=str(g.value(s, QCDC.title) or ""), status_source=src,
        ))
    return sorted(out, key=lambda x: (x.type, x.symbol, x.issued or dt.date.min))


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


def type_label(registry: Registry, cls: str, lang: str = "vi") -> str:
    """An instrument class in words ("ChiThi" -> "Chỉ thị", "ChiThiDang" -> "Chỉ thị (Đảng)"): the class's own
    label in the ontology, else its shortest type word, else the class name."""
    label = _label(registry.graph, QCDC[cls], lang)
    if label != cls:
        return label
    words = [w for w, c in registry.type_words if c == cls]
    return min(words, key=len) if words else cls


# what a plan writes straight after the symbol and date when the subject begins with one of these words
# ("… của Chính phủ quy định chi tiết …"); any other subject is introduced by "về"
_VERB_TITLES = ("quy định", "hướng dẫn", "sửa đổi", "ban hành", "phê duyệt", "bãi bỏ", "công bố", "về ")


def officer_citation(registry: Registry, iri: str) -> Optional[str]:
    """The instrument cited in full as officers write it: "Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính
    phủ về thực hiện dân chủ …" (the date once, dd/mm/yyyy; the issuer; the subject after "về" unless it begins
    with a verb such as "quy định"; a law's name is not repeated)."""
    g = registry.graph
    s = URIRef(iri)
    label = g.value(s, QCDC.citationLabel)
    if label is None:
        return None
    text = str(label)
    issued = pydate(g.value(s, QCDC.dateIssued))
    if issued and " ngày " not in text:
        text += f" ngày {issued.strftime('%d/%m/%Y')}"
    issuer = g.value(s, QCDC.issuer)
    if issuer is not None:
        name = _label(g, issuer, "vi")
        if name != local(issuer):
            text += f" của {name}"
    title = g.value(s, QCDC.title)
    if title is not None and fold(str(title)) not in fold(str(label)):
        t = str(title)
        t = t[:1].lower() + t[1:]
        text += " " + (t if fold(t).startswith(tuple(fold(v) for v in _VERB_TITLES)) else "về " + t)
    return text


# relations and facts whose object is a concept, shown by that concept's label (qcdc:GrassrootsDemocracy ->
# "dân chủ ở cơ sở")
def _value(g, o, lang: str) -> str:
    from rdflib.namespace import SKOS

    if isinstance(o, URIRef):
        sym = g.value(o, QCDC.symbol)
        if sym is not None:
            return str(sym)
        for p in (SKOS.prefLabel, RDFS.label):
            for lab in g.objects(o, p):
                if getattr(lab, "language", None) == lang:
                    return str(lab)
        return local(o)
    return str(o)


# facts `show` leaves out: the provenance nodes (shown beside each fact), the derived full citation (shown in the
# officer's form instead), the overall confidence (each fact shows its own)
_HIDDEN = {"provenance", "fullCitation", "confidence", "transfersDuty", "articleAmendment"}  # nodes: _node_facts


def facts_of(registry: Registry, iri: str, lang: str = "vi", display: bool = False) -> list[Fact]:
    """Every fact of the instrument once, with the source and confidence of its own provenance; types and
    concepts by their labels in `lang`."""
    g = registry.graph
    s = URIRef(iri)
    prov = provenance_of(registry, iri)
    out = []
    seen = set()
    for p, o in sorted(g.predicate_objects(s), key=lambda t: (str(t[0]), str(t[1]))):
        name = local(p)
        if name in _HIDDEN or (p == RDF.type and local(o) == "NamedIndividual"):
            continue
        if p == RDF.type:
            name, value = "type", type_label(registry, local(o), lang)
        else:
            value = _value(g, o, lang)
        datatype = getattr(o, "datatype", None)
        if isinstance(o, URIRef) is False and datatype is not None and str(datatype).endswith("#date"):
            d = pydate(o)
            if display:  # as officers write dates; the service keeps ISO dates, as its clients read them
                value = d.strftime("%d/%m/%Y") if d else value
        key = (name, value, getattr(o, "language", None) or "")
        if key in seen:
            continue
        seen.add(key)
        src, conf = prov.get(name, ("", ""))
        out.append(Fact(name, value, src, conf, getattr(o, "language", None) or ""))
    out += _node_facts(registry, s, lang)
    # the other way round: a later text that carries this one's content on says so on its own page too
    for x in sorted(g.subjects(QCDC.contentCarriedOnBy, s), key=str):
        src, conf = provenance_of(registry, str(x)).get("contentCarriedOnBy", ("", ""))
        out.append(Fact("carriesOnContentOf", _value(g, x, lang), src, conf))
    full = officer_citation(registry, iri)
    if full:
        out.append(Fact("fullCitation", full))
    return out


def _node_facts(registry: Registry, s, lang: str) -> list[Fact]:
    """A transfer of duties ('cấp huyện → cấp xã; lĩnh vực: hộ tịch; …') or an amendment of some articles
    ('Nghị định số 35/2022/NĐ-CP: Điều 4, Điều 31; từ 15/07/2022; …') as one line each, with the node's own
    source and confidence; every part named by the ontology's label in `lang`."""
    g = registry.graph

    def lit(node, prop) -> str:
        vals: list = list(g.objects(node, prop))
        own = [v for v in vals if getattr(v, "language", None) == lang]
        return str((own or [v for v in vals if not getattr(v, "language", None)] or vals or [""])[0])

    out = []
    for node in sorted(g.objects(s, QCDC.transfersDuty), key=lambda n: lit(n, QCDC.statedIn)):
        frm = _value(g, g.value(node, QCDC.fromLevel),
                     lang) if g.value(node, QCDC.fromLevel) else lit(node, QCDC.fromBody)
        to = _value(g, g.value(node, QCDC.toLevel), lang) if g.value(node, QCDC.toLevel) else lit(node, QCDC.toBody)
        parts = [f"{frm} → {to}"] + [f"{prop_label(registry, local(p), lang)}: {lit(node, p)}"
                                     for p in (QCDC.dutyField, QCDC.dutyOrigin, QCDC.statedIn) if lit(node, p)]
        out.append(Fact("transfersDuty", "; ".join(parts), str(g.value(node, DCTERMS.source) or ""),
                        local(g.value(node, QCDC.confidence) or "")))
    for node in sorted(g.objects(s, QCDC.articleAmendment), key=lambda n: lit(n, QCDC.statedIn)):
        am = g.value(node, QCDC.amendingInstrument)
        parts = [f"{_value(g, am, lang) if am is not None else '—'}: {lit(node, QCDC.amendedArticles)}"]
        when = pydate(g.value(node, QCDC.amendmentInForce))
        if when:
            parts.append(f"{prop_label(registry, 'amendmentInForce', lang)} {when.strftime('%d/%m/%Y')}")
        if lit(node, QCDC.statedIn):
            parts.append(f"{prop_label(registry, 'statedIn', lang)}: {lit(node, QCDC.statedIn)}")
        out.append(Fact("articleAmendment", "; ".join(parts), str(g.value(node, DCTERMS.source) or ""),
                        local(g.value(node, QCDC.confidence) or "")))
    return out


def prop_label(registry: Registry, name: str, lang: str = "vi") -> str:
    """A property of the ontology by its label in `lang` ("lastBudgetYear" -> "áp dụng đến hết năm ngân sách"),
    its local name when it has none."""
    return _label(registry.graph, QCDC[name], lang)


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
        "amended_by": sorted(set(walk(s, QCDC.amendedBy, False))
                             | {str(g.value(x, QCDC.symbol)) for x in g.subjects(QCDC.amends, s)}),
        "amends": sorted({str(g.value(x, QCDC.symbol)) for x in g.objects(s, QCDC.amends)}
                         | {str(g.value(x, QCDC.symbol)) for x in g.subjects(QCDC.amendedBy, s)}),
    }


