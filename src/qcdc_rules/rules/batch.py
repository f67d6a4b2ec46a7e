"""Which rule queries may run once over many plans and give each plan exactly what it gets alone.

A query written for one plan ($this pre-bound, the store holding the registry and that plan) is run with
`?this` free over a store holding the registry and many plans, its solutions then split by `?this`.
Parsing and planning a query costs more than running it on one plan (0.03-0.4 ms a query), so a folder
of plans pays it once a batch instead of once a plan.

That is only sound for some queries. `batch_form(query)` gives the query with `$this` as a free `?this`
when it can show, from rdflib's SPARQL algebra, that:
- the query is one group (basic patterns, OPTIONAL, FILTER, BIND, plain subqueries) under SELECT [DISTINCT]
  with ?this in the projection: no UNION, MINUS, GROUP BY, VALUES, GRAPH, LIMIT or OFFSET;
- a subquery does not name ?this but in its SELECT list, does not group, order or limit, and its patterns
  that could match plan data start from a variable it selects that the enclosing group reaches from ?this;
- ?this is bound in every solution by a pattern of that group, and every FILTER, BIND or OPTIONAL
  condition that names it (EXISTS included) is evaluated where it is already bound;
- every triple pattern that could match a plan's triples starts from a node reached from ?this: from
  ?this itself, from a variable reached from it through patterns that bind it in every solution of the
  scope, or from a constant; else its predicate must be one no plan ever states (registry only), or its
  subject be typed with a class no plan node has. Plan nodes have IRIs of their own plan, so a pattern
  that starts from a plan's node can only match that plan's triples.
Otherwise it gives None and the query runs plan by plan. tests/unit/rules/test_batch.py holds the cases;
the differential tests check the findings against pyshacl plan by plan.
"""
from __future__ import annotations

from typing import Any, Optional

from ..graph.declarations import NODES, properties
from .prebind import THIS_VAR, in_a_string

from ..core.iri import NS
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# what a plan's graph states: its predicates, and the classes of its nodes
PLAN_PREDICATES = frozenset({NS + p for p in properties()} | {RDF_TYPE})
PLAN_CLASSES = frozenset({NS + "Plan"} | {NS + k.cls for k in NODES})



class _Unsafe(Exception):
    """The query may give a plan in a batch something it would not get alone."""


def batch_form(query: str) -> Optional[str]:
    """The query with a free ?this, if it can be run over many plans at once; else None."""
    from rdflib.plugins.sparql import prepareQuery

    if in_a_string(query):
        return None
    text = THIS_VAR.sub("?this", query)
    try:
        algebra = prepareQuery(text).algebra
        _root(algebra)
    except _Unsafe:
        return None
    except Exception:  # rdflib cannot read it: run it plan by plan
        return None
    return text


def _root(node: Any) -> None:
    from rdflib.term import Variable

    this = Variable("this")
    node = node.p  # SelectQuery
    if node.name in ("Distinct", "Reduced"):
        node = node.p
    if node.name != "Project" or this not in node.PV:
        raise _Unsafe("?this is not projected")
    cert, _ = _Scope(this).visit(node.p, frozenset(), root=True)
    if this not in cert:
        raise _Unsafe("?this is not bound in every solution")


class _Scope:
    def __init__(self, this):
        self.this = this

    def visit(self, node: Any, ctx: frozenset, root: bool = False) -> tuple[frozenset, frozenset]:
        """(variables bound in every solution, those of them reached from ?this) of the pattern `node`,
        joined with a context whose reached, always-bound variables are `ctx`. `root`: the pattern is part
        of the query's own group, where ?this is bound."""
        name = getattr(node, "name", None)
        if name == "BGP":
            return self._bgp(node.triples, ctx, root)
        if name == "Join":
            return self._join(node.p1, node.p2, ctx, root)
        if name == "LeftJoin":
            c1, a1 = self.visit(node.p1, ctx, root)
            # the optional part is matched against the left part's solutions before any outer join: only
            # what the left part itself binds holds it to one plan ("no match" must mean no match in that plan)
            if self.this in _variables(node.p2) and self.this not in c1:
                raise _Unsafe("an OPTIONAL names ?this where its left part does not bind it")
            c2, a2 = self.visit(node.p2, a1)
            self._expr(node.expr, c1 | c2, a1 | a2)
            return c1, a1
        if name == "Filter":
            c, a = self.visit(node.p, ctx, root)
            self._expr(node.expr, c, a)
            return c, a
        if name == "Extend":
            c, a = self.visit(node.p, ctx, root)
            self._expr(node.expr, c, a)
            return c, a  # the new variable may stay unbound (an error in its expression): not counted
        if name == "ToMultiSet":
            return self._subquery(node.p, ctx)
        raise _Unsafe(f"operator {name}")

    def _subquery(self, node, ctx):
        """A subquery is evaluated on its own, over every plan of the store: it is safe when it does not name
        ?this (but in its SELECT list, where it stays unbound and joins with anything) and each of its
        patterns that could match plan data starts from a variable it selects that the enclosing group has
        already reached from ?this: the join then keeps only the rows of that plan's nodes. It must not
        count, group, order or limit: those would be computed over all the plans' rows together."""
        if node.name in ("Distinct", "Reduced"):
            node = node.p  # which rows exist is the same; the executor drops duplicate solutions anyway
        if node.name != "Project":
            raise _Unsafe(f"subquery {node.name}")
        if self.this in _variables(node.p):
            raise _Unsafe("a subquery names ?this: there it is free, matching every plan")
        selected = frozenset(node.PV)
        c, a = _Scope(self.this).visit(node.p, ctx & selected)
        return c & selected, a & selected

    def _join(self, p1, p2, ctx, root):
        try:
            c1, a1 = self.visit(p1, ctx, root)
            c2, a2 = self.visit(p2, ctx | a1, root)
        except _Unsafe:  # the second part may be what reaches the first's variables
            c2, a2 = self.visit(p2, ctx, root)
            c1, a1 = self.visit(p1, ctx | a2, root)
        return c1 | c2, a1 | a2

    def _bgp(self, triples, ctx, root):
        from rdflib.term import URIRef, Variable

        # typed with a class no plan node has: the variable holds registry nodes only
        typed = {s for s, p, o in triples if str(p) == RDF_TYPE and isinstance(o, URIRef)
                 and str(o) not in PLAN_CLASSES}
        reached = set(ctx) | typed
        if root:
            reached.add(self.this)
        changed = True
        while changed:  # what the patterns reach from ?this and from constants
            changed = False
            for s, _, o in triples:
                if (isinstance(s, URIRef) or s in reached) and isinstance(o, Variable) and o not in reached:
                    reached.add(o)
                    changed = True
        for s, p, o in triples:
            plan = _could_be_plan(p)  # refuses a path it cannot follow, wherever it starts
            if isinstance(s, URIRef) or s in reached or not plan:
                continue
            raise _Unsafe(f"pattern ({s} {p} {o}) starts from nothing reached from ?this")
        bound = frozenset(t for tr in triples for t in tr if isinstance(t, Variable))
        return bound, frozenset(reached) & bound

    def _expr(self, expr, cert, reached) -> None:
        """An expression names ?this only where it is bound. An EXISTS pattern is evaluated with the
        solution's bound variables put in: those bound in every solution are constants there."""
        for kind, part in _walk(expr):
            if kind == "var" and part == self.this and self.this not in cert:
                raise _Unsafe("?this named where it may be unbound")
            if kind == "exists":
                pattern = _translated(part)
                if self.this in _variables(pattern) and self.this not in cert:
                    raise _Unsafe("EXISTS names ?this where it may be unbound")
                self.visit(pattern, frozenset(cert))


def _could_be_plan(p) -> bool:
    """Whether triples a plan states may match predicate (or path) `p`."""
    from rdflib.term import URIRef

    if isinstance(p, URIRef):
        return str(p) in PLAN_PREDICATES
    leaves = list(_leaves(p))
    if any(leaf is None for leaf in leaves):
        raise _Unsafe(f"path {p} goes backwards or around: it may start from another plan's node")
    return any(not isinstance(t, URIRef) or str(t) in PLAN_PREDICATES for t in leaves)


def _leaves(p):
    """The terms of a property path (rdflib Path objects); None for a step this analysis does not follow."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

    if isinstance(p, (AlternativePath, SequencePath)):
        for a in p.args:
            yield from _leaves(a)
    elif isinstance(p, MulPath):
        yield from _leaves(p.path)
    elif isinstance(p, (InvPath, NegatedPath)):
        # an inverse step matches triples by their object: from a registry node reached from ?this it would
        # reach every plan's citations of it; a negated set may be inverse too
        yield None
    else:
        yield p


def _walk(expr):
    """("var", Variable) and ("exists", graph pattern) in an expression tree."""
    from rdflib.term import Variable

    if isinstance(expr, Variable):
        yield "var", expr
        return
    name = getattr(expr, "name", None)
    if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
        yield "exists", expr.graph
        return
    if isinstance(expr, dict):
        for k, v in expr.items():
            if k != "_vars":
                yield from _walk(v)
    elif isinstance(expr, (list, tuple)):
        for v in expr:
            yield from _walk(v)


def _translated(graph):
    """An EXISTS pattern as algebra (rdflib leaves the one inside a BIND as parsed)."""
    if getattr(graph, "name", None) == "GroupGraphPatternSub":
        from rdflib.plugins.sparql.algebra import translateGroupGraphPattern

        return translateGroupGraphPattern(graph)
    return graph


def _variables(pattern) -> set:
    from rdflib.term import Variable

    out = set()

    def walk(x):
        if isinstance(x, Variable):
            out.add(x)
        elif isinstance(x, dict):
            for k, v in x.items():
                if k != "_vars":
                    walk(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)

    walk(pattern)
    return out
