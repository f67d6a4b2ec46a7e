"""Namespaces shared by every stage."""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

from ..core.iri import NS, REGISTRY

QCDC = Namespace(NS)
REG = Namespace(REGISTRY)
ELI = Namespace("http://data.europa.eu/eli/ontology#")


__all__ = ["QCDC", "REG", "ELI", "RDF", "RDFS", "OWL", "SH", "SKOS", "XSD", "DCTERMS"]
