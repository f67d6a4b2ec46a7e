"""RDF terms as Oxigraph values (the fast path builds no rdflib objects), and their rdflib form for the
reference executor."""
from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

NS = "https://w3id.org/qcdc-rules/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DT = {bool: ox.NamedNode(XSD + "boolean"), int: ox.NamedNode(XSD + "integer"),
       float: ox.NamedNode(XSD + "decimal"), dt.date: ox.NamedNode(XSD + "date")}


class _Terms:
    """qcdc: terms as Oxigraph named nodes (QCDC.x or QCDC["x"]), created once each."""

    def __init__(self):
        self._cache: dict[str, ox.NamedNode] = {}

    def __getattr__(self, name: str) -> ox.NamedNode:
        return self[name]

    def __getitem__(self, name: str) -> ox.NamedNode:
        node = self._cache.get(name)
        if node is None:
            node = self._cache[name] = ox.NamedNode(NS + name)
        return node


QCDC = _Terms()


def literal(value) -> ox.Literal:
    """A typed literal as rdflib would type the same Python value."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_DT[bool])
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_DT[int])
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=_DT[float])
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=_DT[dt.date])
    return ox.Literal(str(value))


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def to_rdflib(term):
    from rdflib import Literal as RLiteral
    from rdflib import URIRef as RURIRef

    if isinstance(term, ox.NamedNode):
        return RURIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RLiteral(term.value, lang=term.language)
        dtype = term.datatype.value
        if dtype == XSD + "string":
            return RLiteral(term.value)
        return RLiteral(term.value, datatype=RURIRef(dtype))
    raise TypeError(f"cannot convert {term!r}")
