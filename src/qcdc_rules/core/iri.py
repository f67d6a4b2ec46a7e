"""The project's web address, written once: the ontology's namespace, the registry's instruments and the tool's
home (SARIF informationUri) are built from it. Problem types and rule help links are the service's own pages
(/docs/, server/docs.py), not this address."""
from __future__ import annotations

BASE = "https://w3id.org/qcdc-rules"
NS = BASE + "/ns#"  # the ontology (ontology/qcdc.ttl, shapes/)
REGISTRY = BASE + "/registry/"  # the registry's instruments (ontology/instruments.ttl)
