"""The project's web address, written once: the ontology's namespace, the registry's instruments, problem types
and the tool's home (SARIF informationUri) are built from it."""
from __future__ import annotations

BASE = "https://w3id.org/qcdc-rules"
NS = BASE + "/ns#"  # the ontology (ontology/qcdc.ttl, shapes/)
REGISTRY = BASE + "/registry/"  # the registry's instruments (ontology/instruments.ttl)
PROBLEMS = BASE + "/problems/"  # the `type` of the service's problem details
