"""rdflib helpers for the knowledge layer and the reference executor: reading Turtle with the file named
in errors, typed dates out of literals, local names, and the one way pyshacl is called."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from ..core.errors import DataError

if TYPE_CHECKING:  # rdflib is imported only when a graph is really needed
    from rdflib import Graph


def local(iri) -> str:
    """The local name of an IRI (after '#', else after the last '/')."""
    s = str(iri)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rsplit("/", 1)[-1]


def pydate(v) -> Optional[dt.date]:
    """The date of an xsd:date literal, else None."""
    from rdflib import Literal

    if isinstance(v, Literal) and isinstance(v.toPython(), dt.date):
        return v.toPython()
    return None


# the bytes of each file load_graph parsed, while a `recording_reads()` block runs (None otherwise): what a
# compiled cache is keyed on is what its build read, not the files as they were before or after it
_reads: Optional[dict[Path, bytes]] = None


@contextmanager
def recording_reads() -> Iterator[dict[Path, bytes]]:
    """{file: the bytes load_graph parsed} of every Turtle file read inside the block."""
    global _reads
    outer, _reads = _reads, {}
    try:
        yield _reads
    finally:
        _reads = outer


def load_graph(files: Iterable[Path], graph: "Optional[Graph]" = None) -> "Graph":
    """Parse Turtle files into one graph (a new one unless `graph` is given); DataError names the file. Each
    file is read once, as bytes, and those bytes are parsed (with the file's own address as the base, as
    when rdflib opens it) and, inside `recording_reads()`, recorded."""
    from rdflib import Graph

    g = Graph() if graph is None else graph
    for f in files:
        try:
            data = Path(f).read_bytes()
            if _reads is not None:
                _reads[Path(f)] = data
            g.parse(data=data, format="turtle", publicID=Path(f).absolute().as_uri())
        except Exception as e:  # rdflib raises many types; report file and reason
            raise DataError(f"{f}: cannot parse Turtle: {e}") from None
    return g


def prepared_query_graph() -> "Graph":
    """An empty graph that parses each SPARQL text once per process and reuses the prepared query.

    pyshacl (0.40.1) hands the same `sh:select` text, with $this pre-bound through initBindings, to
    `query()` for every focus node and every run; parsing is ~70% of its time. Prepared queries give the
    same results for the same text and bindings, so caching them changes no finding.
    """
    from rdflib import Graph

    class PreparedQueryGraph(Graph):
        def query(self, query_object, *args, **kwargs):
            if isinstance(query_object, str):
                query_object = _prepared(query_object)
            return super().query(query_object, *args, **kwargs)

    return PreparedQueryGraph()


@lru_cache(maxsize=256)
def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def run_pyshacl(data: "Graph", shapes: "Graph") -> "Graph":
    """pyshacl over `data` (modified in place: build it for this call) with the settings every caller uses;
    returns the results graph."""
    from pyshacl import validate

    _, results, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True,
                             inplace=True)
    return results
