"""Layer 4, knowledge: the registry of instruments and the vocabularies, read from ontology/; instrument
status on a day (defined once); checks of the registry and of extra registries."""
from .registry import Instrument, Registry, build_from_files, build_registry
from .status import status_on

__all__ = ["Instrument", "Registry", "build_from_files", "build_registry", "status_on"]
