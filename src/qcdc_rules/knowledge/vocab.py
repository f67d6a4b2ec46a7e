"""Namespaces shared by every stage."""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

QCDC = Namespace("https://w3id.org/qcdc-rules/ns#")
REG = Namespace("https://w3id.org/qcdc-rules/registry/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")


__all__ = ["QCDC", "REG", "ELI", "RDF", "RDFS", "OWL", "SH", "SKOS", "XSD", "DCTERMS"]
