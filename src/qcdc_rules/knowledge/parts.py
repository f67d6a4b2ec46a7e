"""The registry's N-Triples cut for the rule executor: the facts of each instrument (with its blank nodes) apart
from the rest, so that a plan's queries run over the rest plus the instruments the plan reaches, not over every
instrument of a registry that may hold tens of thousands.

A unit is a subject with every blank node it reaches (a blank node shared by several subjects joins them into
one unit): Oxigraph names the blank nodes of each load anew, so a unit is always loaded whole, in one call.
The base is every unit that holds no instrument (ontology, vocabularies, issuers, topics, levels, releases),
the units of instruments a query looks up without a plan pointing at them (PINNED: the current basis of a
topic, QCDC106), and everything the base points at. `links[u]`: the instrument units unit u points at
(replacedBy, amendedBy, an amendment's instrument …), followed when a plan reaches u.

Worked out once, when the registry is built, and kept in the compiled cache.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..core.iri import NS

# predicates whose subjects the rules look up from the vocabulary side, not from a plan's citation
PINNED = frozenset({f"<{NS}currentBasisFor>"})


@dataclass(frozen=True)
class RegistryParts:
    base: str  # N-Triples: what every plan's queries may need
    # read a row at a time from the compiled cache's index file when the registry comes from there (index.py)
    units: Sequence[str]  # N-Triples of each instrument unit
    unit_of: Mapping[str, int]  # instrument IRI (without <>) -> its unit
    links: Sequence[tuple[int, ...]]  # unit -> the instrument units it points at
    predicates: frozenset[str]  # the IRIs of every predicate of the registry

    def reached(self, iris, known: set[int]) -> list[int]:
        """The units (not in `known`) of the instruments among `iris` and of every instrument they point at,
        transitively; `known` gains them."""
        todo = [u for i in iris if (u := self.unit_of.get(i)) is not None and u not in known]
        out: list[int] = []
        while todo:
            u = todo.pop()
            if u in known:
                continue
            known.add(u)
            out.append(u)
            todo.extend(v for v in self.links[u] if v not in known)
        return out


def split_ntriples(ntriples: str, instruments: set[str]) -> RegistryParts:
    """Cut an N-Triples document (one triple a line) into the base and one unit per instrument."""
    by_subject: dict[str, list[str]] = {}
    objects: dict[str, list[str]] = {}  # subject -> the IRIs and blank nodes its triples point at
    pinned: set[str] = set()
    predicates: set[str] = set()
    for line in ntriples.splitlines():
        if not line.strip():
            continue
        s, p, rest = line.split(" ", 2)
        by_subject.setdefault(s, []).append(line)
        predicates.add(p[1:-1])
        if rest.startswith(("<", "_:")):
            objects.setdefault(s, []).append(rest[:-2].rstrip())
        if p in PINNED:
            pinned.add(s)
    root = {s: s for s in by_subject}

    def find(x: str) -> str:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for s, objs in objects.items():  # a blank node joins the unit of every subject that points at it
        for o in objs:
            if o.startswith("_:") and o in root:
                a, b = find(s), find(o)
                if a != b:
                    root[b] = a
    members: dict[str, list[str]] = {}
    for s in by_subject:
        members.setdefault(find(s), []).append(s)
    is_instrument = {r: any(m[1:-1] in instruments for m in ms) for r, ms in members.items()}
    in_base = {r for r, ok in is_instrument.items() if not ok} | {find(s) for s in pinned}
    # the base is closed: what it points at is in it (a query may walk from a vocabulary node to an instrument)
    todo = list(in_base)
    while todo:
        for m in members[todo.pop()]:
            for o in objects.get(m, ()):
                if o in root and (r := find(o)) not in in_base:
                    in_base.add(r)
                    todo.append(r)
    roots = sorted(r for r in members if r not in in_base)
    index = {r: n for n, r in enumerate(roots)}
    units = tuple("".join(f"{line}\n" for m in members[r] for line in by_subject[m]) for r in roots)
    unit_of = {m[1:-1]: index[r] for r in roots for m in members[r] if m.startswith("<")}
    links = tuple(tuple(sorted({index[t] for m in members[r] for o in objects.get(m, ())
                                if o in root and (t := find(o)) in index and t != r})) for r in roots)
    base = "".join(f"{line}\n" for r in sorted(in_base) for m in members[r] for line in by_subject[m])
    return RegistryParts(base=base, units=units, unit_of=unit_of, links=links, predicates=frozenset(predicates))
