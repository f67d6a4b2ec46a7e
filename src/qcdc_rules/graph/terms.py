"""RDF terms written as N-Triples text: a plan's graph is a list of (subject, predicate, object) strings,
loaded into Oxigraph in one call (its parser, in Rust) or parsed by rdflib for the reference executor.
Making an Oxigraph term object from Python costs about 1 µs and a quad 2 µs, a string a tenth of that
(measured: about 1.5 ms of a plan's 13 went to term and quad objects)."""
from __future__ import annotations

import datetime as dt

from ..core.iri import NS
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_DT = {bool: f"<{XSD}boolean>", int: f"<{XSD}integer>", float: f"<{XSD}decimal>", dt.date: f"<{XSD}date>"}
# what a string literal must escape in N-Triples: quote, backslash, line ends; other controls as \\uXXXX
_ESCAPE = {ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r"}
_ESCAPE.update({c: f"\\u{c:04X}" for c in range(0x20) if c not in _ESCAPE})


class _Terms:
    """qcdc: terms (QCDC.x or QCDC["x"]) as N-Triples IRIs, made once each."""

    def __init__(self):
        self._cache: dict[str, str] = {}

    def __getattr__(self, name: str) -> str:
        return self[name]

    def __getitem__(self, name: str) -> str:
        term = self._cache.get(name)
        if term is None:
            term = self._cache[name] = iri(NS + name)
        return term


QCDC = _Terms()


def literal(value) -> str:
    """A typed literal as rdflib would type the same Python value."""
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^{_DT[bool]}'
    if isinstance(value, int):
        return f'"{value}"^^{_DT[int]}'
    if isinstance(value, float):
        return f'"{value!r}"^^{_DT[float]}'
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"^^{_DT[dt.date]}'
    # a fact's text is at most LITERAL_MAX characters in the graph (rules compare symbols, dates and short names;
    # messages quote at most 500): a mutated .docx whose 4,500 facts each held a 165,000-character line took 44 s
    # and 4.5 GB to escape
    return '"' + str(value)[:LITERAL_MAX].translate(_ESCAPE) + '"'


LITERAL_MAX = 10_000


def iri(value: str) -> str:
    if any(c in value for c in '<>"{}|^`\\ \n'):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"
