"""Random queries over the plan and registry vocabulary: whenever rules/batch.py lets a query run over many
plans at once, its solutions split by ?this are exactly those each plan gets alone (with $this pre-bound and
only the registry and that plan in view). This is what makes running rules together safe for rules that
do not exist yet."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qcdc_rules.graph import build_graph
from qcdc_rules.pipeline import Engine
from qcdc_rules.readers import read_file
from qcdc_rules.rules.batch import batch_form

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
ENGINE = Engine()
PLANS = [build_graph(f) for f in (ENGINE.extractor.extract(read_file(p))
                                  for p in sorted((ROOT / "fixtures" / "plans").glob("*.txt"))[:8])
         if f.administrative]
STORE = ox.Store()
# the whole registry in view (the executor itself loads only what each plan reaches: knowledge/parts.py)
STORE.load(ENGINE.registry.ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, lenient=True)
GRAPHS = []
for i, pg in enumerate(PLANS):
    g = ox.NamedNode(f"urn:test:plan{i}")
    STORE.load(pg.ntriples().encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=g)
    GRAPHS.append(g)

PREFIX = "PREFIX qcdc: <https://w3id.org/qcdc-rules/ns#>\n"
VARS = ["$this", "?a", "?b", "?c"]
PREDICATES = ["qcdc:hasCitation", "qcdc:resolvesTo", "qcdc:text", "qcdc:hasSection", "qcdc:sectionKind",
              "qcdc:strict", "qcdc:isKeHoach", "qcdc:citesInstrument", "qcdc:symbol", "qcdc:replacedBy",
              "qcdc:citationLabel", "qcdc:title", "qcdc:hasDuty", "qcdc:periodic", "a", "^qcdc:resolvesTo",
              "qcdc:hasCitation/qcdc:resolvesTo"]
OBJECTS = VARS + ["true", "qcdc:Citation", "qcdc:Section"]
SUBQUERIES = ["{{ SELECT ?a ?b WHERE {{ {} }} }}", "{{ SELECT $this ?a WHERE {{ {} }} }}",
              "{{ SELECT DISTINCT ?a WHERE {{ {} }} }}", "{{ SELECT ?a WHERE {{ {} }} LIMIT 2 }}",
              "{{ SELECT ?a (COUNT(*) AS ?c) WHERE {{ {} }} GROUP BY ?a }}", "{{ SELECT ?c WHERE {{ {} }} }}"]


def _group(depth: int):
    triple = st.builds(lambda s, p, o: f"{s} {p} {o} .", st.sampled_from(VARS), st.sampled_from(PREDICATES),
                       st.sampled_from(OBJECTS))
    if depth == 0:
        element = triple
    else:
        inner = _group(depth - 1)
        element = st.one_of(
            triple, triple,
            inner.map(lambda g: f"OPTIONAL {{ {g} }}"),
            inner.map(lambda g: f"FILTER NOT EXISTS {{ {g} }}"),
            inner.map(lambda g: f"FILTER EXISTS {{ {g} }}"),
            inner.map(lambda g: f"{{ {g} }}"),
            st.sampled_from(VARS).map(lambda v: f"FILTER (BOUND({v}))"),
            st.tuples(inner, inner).map(lambda t: f"{{ {t[0]} }} UNION {{ {t[1]} }}"),
            # subqueries: run on their own over every plan, so only those tied to ?this's nodes may batch
            st.tuples(st.sampled_from(SUBQUERIES), inner).map(lambda t: t[0].format(t[1])),
        )
    return st.lists(element, min_size=1, max_size=4).map(" ".join)


def _solutions(results, skip_this: bool) -> set:
    names = [v.value for v in results.variables]
    return {tuple((n, str(t)) for n, t in zip(names, sol) if t is not None and not (skip_this and n == "this"))
            for sol in results}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.sampled_from(["$this qcdc:hasCitation ?a .", "$this qcdc:hasSection ?a .", "$this a qcdc:Plan .", ""]),
       _group(2))
def test_a_query_allowed_to_run_over_many_plans_gives_each_plan_its_own_solutions(start, body):
    query = PREFIX + f"SELECT DISTINCT $this ?a ?b WHERE {{ {start} {body} }}"
    form = batch_form(query)
    assume(form is not None)
    together: dict[str, set] = {}
    for sol in STORE.query(form, use_default_graph_as_union=True):
        this = sol["this"].value
        together.setdefault(this, set()).add(tuple(
            (n, str(sol[n])) for n in ("a", "b") if sol[n] is not None))
    for pg, g in zip(PLANS, GRAPHS):
        alone = STORE.query(query, default_graph=[ox.DefaultGraph(), g],
                            substitutions={ox.Variable("this"): ox.NamedNode(pg.plan)})
        mine = {tuple((n, str(sol[n])) for n in ("a", "b") if sol[n] is not None) for sol in alone}
        assert together.get(pg.plan, set()) == mine, (query, pg.plan)
