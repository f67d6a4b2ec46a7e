"""Rule executors, one interface: `Executor(registry, constraints)`, `.run(plan_graph) -> [RawResult]` and
`.run_many([plan_graph]) -> [[RawResult]]` (the same results, plan by plan).
EXECUTORS is the one place they are registered (`--engine NAME`)."""
from __future__ import annotations

from typing import Protocol

from ..results import RawResult


class Executor(Protocol):
    def run(self, pg) -> list[RawResult]: ...

    def run_many(self, pgs: list) -> list[list[RawResult]]: ...


def _oxigraph():
    from .oxigraph import OxigraphExecutor

    return OxigraphExecutor


def _pyshacl():
    from .pyshacl import PyshaclExecutor  # imports pyshacl and rdflib: only when asked for

    return PyshaclExecutor


EXECUTORS = {"oxigraph": _oxigraph, "pyshacl": _pyshacl}
DEFAULT = "oxigraph"


def make_executor(name: str, registry, constraints) -> Executor:
    if name not in EXECUTORS:
        raise ValueError(f"unknown engine '{name}' (choose from {', '.join(EXECUTORS)})")
    return EXECUTORS[name]()(registry, constraints)
