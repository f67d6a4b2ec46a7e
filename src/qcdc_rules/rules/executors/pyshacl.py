"""The reference executor: pyshacl over the plan's triples plus the whole ontology and registry.

The registry is put into the data graph, not passed as pyshacl's `ont_graph`: that mixes in only classes,
properties and owl:NamedIndividual nodes, so instruments typed only by their class would silently vanish
(wrong results, no error). tests/unit/pipeline/test_engine.py guards this.
"""
from __future__ import annotations

from ...graph import PlanGraph
from ...knowledge.rdf import prepared_query_graph, run_pyshacl
from ...knowledge.vocab import RDF, SH
from ..catalog import load_shapes
from ..results import RawResult


class PyshaclExecutor:
    def __init__(self, registry, constraints=None):
        self.registry = registry

    def run(self, pg: PlanGraph) -> list[RawResult]:
        shapes = load_shapes()
        data = prepared_query_graph()
        for t in self.registry.graph:
            data.add(t)
        data.parse(data=pg.ntriples(), format="nt")
        return raw_results(run_pyshacl(data, shapes))

    def run_many(self, pgs: list) -> list[list[RawResult]]:
        return [self.run(pg) for pg in pgs]  # the reference checks plan by plan


def raw_results(results) -> list[RawResult]:
    """pyshacl's results graph as RawResults."""
    from rdflib import URIRef

    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        value = results.value(r, SH.value)
        out.append(RawResult(
            shape=str(results.value(r, SH.sourceShape)),
            severity={SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}.get(
                results.value(r, SH.resultSeverity), "error"),
            value=str(value) if isinstance(value, URIRef) else None,
            messages=tuple(sorted(str(m) for m in results.objects(r, SH.resultMessage))),
        ))
    return out
