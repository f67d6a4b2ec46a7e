"""Stage 4, validate: run pyshacl over the plan graph plus the registry, and read its results.

The data graph handed to pyshacl is the plan's triples *plus the whole ontology and registry*. We do
not pass the registry as pyshacl's `ont_graph`: that mixes in only classes, properties and
owl:NamedIndividual nodes, so instruments typed only by their class would silently vanish
(wrong results, no error). tests/test_engine.py guards this.

Python decides nothing here: each result names its shape, the shape carries the rule's code,
name, severity and messages; this module only reads them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rdflib import Graph, Literal, URIRef

from .errors import DataError
from .graph import PlanGraph
from .models import Finding, Fix


@dataclass(frozen=True)
class RawResult:
    """One constraint violation, whichever executor found it."""

    shape: str
    severity: str  # error | warning | info
    value: Optional[str]  # IRI of the result's sh:value (a node of the plan graph), if any
    messages: tuple[str, ...]  # filled-in sh:message texts, with their [vi]/[en]/[fix] markers
from .registry import Registry, load_graph
from .resources import turtle_files
from .vocab import QCDC, RDF, RDFS, SH

SEVERITY = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}
HELP_BASE = "https://w3id.org/qcdc-rules/rules/"
_MARKER = re.compile(r"^\[(vi|en|fix)\] ?(.*)$", re.S)
_UNBOUND = re.compile(r"\{[?$]\w+\}")


@dataclass(frozen=True)
class RuleInfo:
    shape: str
    code: str
    name: str
    default_severity: str
    pre_issuance_severity: Optional[str]
    fix_safety: Optional[str]
    fix_target: Optional[str]
    label_vi: str
    label_en: str
    doc_vi: str
    doc_en: str
    docs: dict[str, dict[str, str]]  # why / legalBasis / howToFix -> {vi, en}; exampleFires / examplePasses -> {"": text}


def _lang(g: Graph, s, p, lang: str) -> str:
    for o in g.objects(s, p):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return ""


@lru_cache(maxsize=4)
def load_shapes(extra: tuple[str, ...] = ()) -> tuple[Graph, dict[str, RuleInfo]]:
    g = load_graph(turtle_files("shapes") + list(extra))
    rules: dict[str, RuleInfo] = {}
    for s in g.subjects(RDF.type, QCDC.Rule):
        code = g.value(s, QCDC.code)
        if code is None:
            raise DataError(f"shape {s} is a qcdc:Rule without qcdc:code")
        rules[str(s)] = RuleInfo(
            shape=str(s), code=str(code), name=str(g.value(s, QCDC.ruleName) or ""),
            default_severity=str(g.value(s, QCDC.defaultSeverity) or SEVERITY.get(g.value(s, SH.severity), "error")),
            pre_issuance_severity=str(g.value(s, QCDC.preIssuanceSeverity)) if g.value(s, QCDC.preIssuanceSeverity) else None,
            fix_safety=str(g.value(s, QCDC.fixSafety)) if g.value(s, QCDC.fixSafety) else None,
            fix_target=str(g.value(s, QCDC.fixTarget)) if g.value(s, QCDC.fixTarget) else None,
            label_vi=_lang(g, s, RDFS.label, "vi"), label_en=_lang(g, s, RDFS.label, "en"),
            doc_vi=_lang(g, s, RDFS.comment, "vi"), doc_en=_lang(g, s, RDFS.comment, "en"),
            docs={key: {(o.language or ""): str(o) for o in g.objects(s, QCDC[key])}
                  for key in ("why", "legalBasis", "howToFix", "exampleFires", "examplePasses")},
        )
    return g, rules


def rules_by_code() -> dict[str, RuleInfo]:
    """One RuleInfo per code (the default-severity variant when a code has several shapes)."""
    out: dict[str, RuleInfo] = {}
    for info in sorted(load_shapes()[1].values(), key=lambda r: r.shape):
        if info.code not in out or "-" not in info.shape.rsplit("#", 1)[-1]:
            out[info.code] = info
    return dict(sorted(out.items()))


class PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL text once per process and reuses the prepared query.

    pyshacl (0.40.1) hands the same `sh:select` text, with $this pre-bound through initBindings,
    to `query()` for every validation; parsing is ~70% of the run time. Prepared queries give the
    same results for the same text and bindings, so caching them changes no finding.
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=256)
def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def run_shacl(pg: PlanGraph, registry: Registry) -> list[RawResult]:
    """The reference executor: pyshacl over plan + ontology + registry."""
    from pyshacl import validate as shacl_validate

    shapes, _ = load_shapes()
    data = PreparedQueryGraph()
    for t in registry.graph:
        data.add(t)
    from .graph import to_rdflib

    for t in pg.triples:
        data.add(tuple(to_rdflib(x) for x in t))
    conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=True,
    )
    return raw_results(results)


def raw_results(results: Graph) -> list[RawResult]:
    """pyshacl's results graph as RawResults."""
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        value = results.value(r, SH.value)
        out.append(RawResult(
            shape=str(results.value(r, SH.sourceShape)),
            severity=SEVERITY.get(results.value(r, SH.resultSeverity), "error"),
            value=str(value) if isinstance(value, URIRef) else None,
            messages=tuple(sorted(str(m) for m in results.objects(r, SH.resultMessage))),
        ))
    return out


def _fix(text: str, info: RuleInfo, loc) -> Optional[Fix]:
    """The suggested fix; start/end are normalized offsets here (the engine maps them to the file)."""
    if not text:
        return None
    target = loc.targets.get(info.fix_target or "") if info.fix_target != "none" else None
    return Fix(replacement=text, safety=info.fix_safety or "safe",
               start=target[0] if target else None, end=target[1] if target else None)


def findings_from_results(results: list[RawResult], pg: PlanGraph, lang: str = "vi") -> list[Finding]:
    _, rules = load_shapes()
    out: list[Finding] = []
    for r in results:
        info = rules.get(r.shape)
        if info is None:
            continue  # a shape that is not a rule (e.g. a maintainer's helper)
        messages: dict[str, str] = {}
        for m in r.messages:
            mm = _MARKER.match(m)
            if mm:
                messages[mm.group(1)] = mm.group(2).strip()
        message = messages.get(lang) or messages.get("vi") or messages.get("en") or info.name
        message = _UNBOUND.sub("", message)
        fix_text = _UNBOUND.sub("", messages.get("fix", "")).strip()
        loc = pg.locations.get(r.value) if r.value else None
        loc = loc or pg.anchor
        out.append(Finding(
            rule=info.code, name=info.name,
            severity=r.severity,
            message=message,
            line=loc.span.line, column=loc.span.column, end_line=loc.span.end_line, end_column=loc.span.end_column,
            text=loc.text, instrument=loc.instrument,
            fix=_fix(fix_text, info, loc),
            help_uri=HELP_BASE + info.code,
        ))
    out.sort(key=lambda f: (f.line, f.column, f.rule, f.instrument or "", f.message))
    return out
