"""Stage 4, validate: run pyshacl over the plan graph plus the registry, and read its results.

The data graph handed to pyshacl is the plan's triples *plus the whole ontology and registry*. We do
not pass the registry as pyshacl's `ont_graph`: that mixes in only classes, properties and
owl:NamedIndividual nodes, so instruments typed only by their class would silently vanish
(wrong results, no error). tests/test_engine.py guards this.

Python decides nothing here: each result names its shape, the shape carries the rule's code,
name, severity and messages; this module only reads them.
"""
from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from .errors import DataError
from .graph import PlanGraph
from .registry import Registry, load_graph
from .resources import turtle_files
from .rules import RawResult, RuleInfo, findings_from_results, rules_by_code  # noqa: F401 (re-exported)
from .vocab import QCDC, RDF, RDFS, SH

SEVERITY = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}


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


