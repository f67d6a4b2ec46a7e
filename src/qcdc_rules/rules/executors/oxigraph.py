"""The default executor: the same rule shapes: each shape's SHACL-SPARQL `sh:select` runs on an
Oxigraph store that holds the ontology and registry; a plan's triples go into a named graph of its own.

pyshacl stays the reference (`--engine pyshacl`); tests/unit/rules/test_differential.py runs every fixture and
corpus plan through both and fails on any difference. This executor implements only what the shapes
in shapes/ use: node shapes targeting qcdc:Plan with sh:sparql SELECT constraints, $this pre-bound (the
plan's IRI written into the query, rules/prebind.py, or else SEP-0007 substitution), and message
templates filled as pyshacl fills them.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Optional

import pyoxigraph as ox

from ...core.errors import DataError
from ..catalog import severity_of
from ..batch import batch_form
from ..needs import required_predicates
from ..prebind import THIS_MARK, prebound_template
from ..results import RawResult

_TEMPLATE = re.compile(r"\{[?$](\w+)\}")
_run_ids = itertools.count()


@dataclass(frozen=True)
class Constraint:
    shape: str
    severity: str
    query: str
    messages: tuple[str, ...]
    needs: frozenset[str] = frozenset()  # predicates without which it has no solution (rules/needs.py)
    template: Optional[str] = None  # the query with THIS_MARK where $this is (rules/prebind.py), if it has one
    batch: Optional[str] = None  # the query with a free ?this, if it may run over many plans (rules/batch.py)


def _prefix_header(shapes, constraint) -> str:
    from ...knowledge.vocab import SH

    lines = []
    for decl_owner in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(decl_owner, SH.declare):
            lines.append(f"PREFIX {shapes.value(decl, SH.prefix)}: <{shapes.value(decl, SH.namespace)}>")
    return "\n".join(sorted(set(lines))) + "\n"


def compile_constraints(shapes) -> list[Constraint]:
    """The SPARQL constraints of the rule shapes in an rdflib shapes graph (done once, then cached)."""
    from rdflib import Literal

    from ...knowledge.vocab import QCDC, RDF, SH

    out = []
    for shape in sorted(shapes.subjects(RDF.type, QCDC.Rule), key=str):
        if (shape, SH.targetClass, QCDC.Plan) not in shapes:
            raise DataError(f"shape {shape}: the fast executor supports only shapes targeting qcdc:Plan")
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        severity = severity_of(shapes, shape)
        for c in sorted(shapes.objects(shape, SH.sparql), key=lambda n: str(shapes.value(n, SH.select))):
            select = shapes.value(c, SH.select)
            if select is None:
                raise DataError(f"shape {shape}: only sh:select constraints are supported")
            query = _prefix_header(shapes, c) + str(select)
            out.append(Constraint(
                shape=str(shape), severity=severity, query=query,
                messages=tuple(str(m) for m in shapes.objects(c, SH.message)),
                needs=required_predicates(query), template=prebound_template(query), batch=batch_form(query),
            ))
    return out


class OxigraphExecutor:
    """Runs the compiled constraints on an Oxigraph store of the registry (its default graph); each plan goes
    into a named graph of its own, and a plan's queries see the registry and that graph only
    (`default_graph=[registry, plan]`), never another plan. `run_many` also runs the queries that
    rules/batch.py allows once over a batch of plans, on a store of the batch's own.

    The default graph holds the registry's base and the instruments the plans checked so far reach
    (knowledge/parts.py): a plan's citations, what they were replaced or amended by, and so on. Every query
    walks to an instrument from the plan or from the base, so it sees all it can match, and a registry of
    30,000 instruments costs a plan what one of 300 does (all of it in the store: 2.6 s to load, and 0.2 s a
    plan to renew). tests/unit/rules/test_differential.py holds it to the reference executor, which always
    sees the whole registry.

    A plan's graph is not removed after its check: Oxigraph's memory store keeps removed quads in its indexes
    (no garbage collection), and the removal itself cost more than the plan's queries (measured: 3.0 ms a
    plan). The store is instead made anew, from the base, every RENEW_EVERY plans or once it holds
    RENEW_QUADS plan quads (a few long documents), so memory stays bounded and the ten-thousandth plan costs
    what the first did.
    """

    RENEW_EVERY = 20
    RENEW_QUADS = 200_000

    def __init__(self, registry, constraints: list[Constraint]):
        self.parts = registry.parts
        self.base = self.parts.base.encode("utf-8")
        self.registry_predicates = self.parts.predicates
        self.store, self.loaded = self._new_store()
        self.runs = 0
        self.held = 0  # plan quads in the store
        self.constraints = constraints
        self._this = ox.Variable("this")
        self._readers: dict = {}

    def _new_store(self) -> tuple[ox.Store, set[int]]:
        """A store of the registry's base, and the set of the instrument units loaded into it (none yet)."""
        store = ox.Store()
        store.load(self.base, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return store, set()

    def _reach(self, store: ox.Store, loaded: set[int], pg) -> int:
        """Load into the default graph the instruments the plan's graph points at, with what they point at, that
        are not there yet; the number of quads loaded."""
        units = self.parts.reached((o[1:-1] for _, _, o in pg.triples if o[0] == "<"), loaded)
        if not units:
            return 0
        text = "".join(self.parts.units[u] for u in units)
        # lenient: the registry's own N-Triples, checked when it was built; one call, so each unit's blank
        # nodes stay one node each
        store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return text.count("\n")

    def run(self, pg) -> list[RawResult]:
        self.runs += 1
        if self.runs % self.RENEW_EVERY == 0 or self.held > self.RENEW_QUADS:
            (self.store, self.loaded), self.held = self._new_store(), 0
        self.held += len(pg.triples) + self._reach(self.store, self.loaded, pg)
        graph = self._add(self.store, pg)
        present = self._present(pg)
        out: list[RawResult] = []
        for c in self.constraints:
            if c.needs <= present:
                out.extend(self._alone(self.store, c, pg, graph))
        return out

    def run_many(self, pgs: list) -> list[list[RawResult]]:
        """The results of each plan, as `run` gives them, with the constraints that may (rules/batch.py) run
        once over all the plans, on a store of their own: the registry and these plans, each in its graph."""
        if len(pgs) < 2:
            return [self.run(pg) for pg in pgs]
        store, loaded = self._new_store()
        for pg in pgs:
            self._reach(store, loaded, pg)
        graphs = [self._add(store, pg) for pg in pgs]
        present = [self._present(pg) for pg in pgs]
        index = {pg.plan: i for i, pg in enumerate(pgs)}
        out: list[list[RawResult]] = [[] for _ in pgs]
        for c in self.constraints:
            wanted = [c.needs <= p for p in present]
            if not any(wanted):
                continue
            if c.batch:
                for i, results in self._together(store, c, index).items():
                    out[i].extend(results)
                continue
            for i, pg in enumerate(pgs):
                if wanted[i]:
                    out[i].extend(self._alone(store, c, pg, graphs[i]))
        return out

    def _add(self, store: ox.Store, pg) -> ox.NamedNode:
        graph = ox.NamedNode(f"urn:qcdc:run:{next(_run_ids)}")
        # lenient: IRIs not validated again; graph/terms.py made and checked every term (a fifth of the load)
        store.load(pg.ntriples().encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)
        return graph

    def _present(self, pg) -> frozenset[str]:
        return self.registry_predicates.union(p[1:-1] for _, p, _ in pg.triples)

    def _alone(self, store: ox.Store, c: Constraint, pg, graph: ox.NamedNode) -> list[RawResult]:
        """One constraint on one plan: its queries see the registry and that plan's graph only."""
        scope: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.DefaultGraph(), graph]
        if c.template:  # the plan's IRI written in: the planner sees a constant
            solutions = _select(store.query(c.template.replace(THIS_MARK, f"<{pg.plan}>"), default_graph=scope))
        else:
            solutions = _select(store.query(c.query, default_graph=scope,
                                            substitutions={self._this: ox.NamedNode(pg.plan)}))
        read = self._reader(c, solutions.variables)
        rows = _rows(solutions)
        seen: set = set()
        lexical: dict = {}
        return [r for row in rows if (r := read(row, pg.plan, seen, lexical)) is not None]

    def _reader(self, c: Constraint, variables) -> "_Reader":
        names = tuple(v.value for v in variables)
        key = (c, names)
        if key not in self._readers:
            self._readers[key] = _Reader(c, names)
        return self._readers[key]

    def _together(self, store: ox.Store, c: Constraint, index: dict[str, int]) -> dict[int, list[RawResult]]:
        """One constraint on every plan of the store at once, its solutions split by ?this."""
        if c.batch is None:
            raise DataError(f"{c.shape}: no batch form of its query (rules/batch.py)")
        solutions = _select(store.query(c.batch, use_default_graph_as_union=True))
        read = self._reader(c, solutions.variables)
        at = read.names.index("this")
        out: dict[int, list[RawResult]] = {}
        seen: dict[int, set] = {}
        lexical: dict = {}
        for row in _rows(solutions):
            this = row[at][1:-1]
            i = index[this]
            r = read(row, this, seen.setdefault(i, set()), lexical)
            if r is not None:
                out.setdefault(i, []).append(r)
        return out


class _Reader:
    """A constraint's solutions as RawResults, for one list of projected variables: where `value` is and how
    each message template is filled are worked out once, not per solution (a plan with 30,000 findings
    spent 0.9 s making them one by one)."""

    def __init__(self, c: Constraint, names: tuple[str, ...]):
        self.c, self.names = c, names
        self.at_value = names.index("value") if "value" in names else None
        messages = sorted(c.messages)
        self.templates = [self._parse(m) for m in messages]
        self.fixed = len(messages) < 2 or _order_fixed(messages)

    def _parse(self, template: str) -> str:
        """The template as a format string over the solution's lexical values, then the plan's IRI."""
        out, last = [], 0
        for m in _TEMPLATE.finditer(template):
            name = m.group(1)
            out.append(_escape(template[last:m.start()]))
            if name in self.names:
                out.append("{%d}" % self.names.index(name))
            elif name == "this":
                out.append("{%d}" % len(self.names))
            else:  # never bound: left as it is
                out.append(_escape(m.group(0)))
            last = m.end()
        out.append(_escape(template[last:]))
        return "".join(out)

    def __call__(self, row: list[str], this: str, seen: set, lexical: dict) -> Optional[RawResult]:
        """A solution (its terms as SPARQL TSV writes them) as a RawResult, or None for one already seen (pyshacl
        drops duplicate solutions). `lexical`: the lexical value of each term text met so far in this run."""
        key = tuple(row)  # a term is written one way only: the same text is the same RDF term
        if key in seen:
            return None
        seen.add(key)
        value = row[self.at_value] if self.at_value is not None else ""
        # as pyshacl fills {?var}: the term's lexical value; an unbound variable is left as it is
        filled = []
        for term, name in zip(row, self.names):
            if not term:
                filled.append(this if name == "this" else "{?%s}" % name)
            else:
                text = lexical.get(term)
                if text is None:
                    text = lexical[term] = _lexical(term)
                filled.append(text)
        filled.append(this)
        messages = tuple(t.format(*filled) for t in self.templates)
        return RawResult(
            shape=self.c.shape, severity=self.c.severity,
            value=value[1:-1] if value.startswith("<") else (None if value else this),
            messages=messages if self.fixed else tuple(sorted(messages)),
        )


def _select(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> ox.QuerySolutions:
    """A rule's query answers with solutions (every constraint is a SELECT: rules/catalog.py)."""
    if not isinstance(result, ox.QuerySolutions):
        raise DataError("a rule's query is not a SELECT query")
    return result


def _rows(solutions: ox.QuerySolutions) -> list[list[str]]:
    """The solutions as SPARQL TSV rows of term texts ("" for unbound): Oxigraph writes them in one call,
    where making a Python object of every term cost ~1.5 µs (0.4 s for a plan with 30,000 findings)."""
    lines = (solutions.serialize(format=ox.QueryResultsFormat.TSV) or b"").decode("utf-8").split("\n")
    return [line.split("\t") for line in lines[1:] if line]


_ECHAR = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.S)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(m: re.Match) -> str:
    if m.group(3) is not None:
        return _ECHARS.get(m.group(3), m.group(0))
    return chr(int(m.group(1) or m.group(2), 16))


def _lexical(term: str) -> str:
    """The lexical value of a term as SPARQL TSV writes it: <iri>, "literal"(@lang|^^<type>), _:blank, or a
    number or boolean written bare."""
    if term[0] == "<":
        return term[1:-1]
    if term[0] == '"':
        text = term[1:term.rindex('"')]
        return _ECHAR.sub(_unescape, text) if "\\" in text else text
    if term.startswith("_:"):
        return term[2:]
    return term


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _order_fixed(templates: list[str]) -> bool:
    """Whether sorted templates stay sorted however they are filled: each differs from the next before
    either's first placeholder ("[en] …", "[vi] …")."""
    heads = [_TEMPLATE.split(t, 1)[0] for t in templates]
    for a, b in zip(heads, heads[1:]):
        n = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)
        if n is None or not a[n] < b[n]:
            return False
    return True
