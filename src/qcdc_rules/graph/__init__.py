"""Layer 6, graph: a document's facts as RDF (Oxigraph terms), with where each node is in the document."""
from .build import Located, PlanGraph, build_graph
from .declarations import properties

__all__ = ["Located", "PlanGraph", "build_graph", "properties"]
