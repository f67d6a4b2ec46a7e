"""Layer 8, pipeline: the compiled bundle of ontology/ and shapes/ (cached), options, the checker (one
document) and the runner (many documents, --jobs), and configuration files."""
from .checker import ENGINES, Engine, default_engine
from .compiled import load_compiled
from .options import Options, file_exit_code

__all__ = ["ENGINES", "Engine", "default_engine", "load_compiled", "Options", "file_exit_code", "load_registry",
           "rule_catalog"]


def load_registry(extra_files=()):
    """The registry of ontology/ plus extra Turtle files, compiled once per process."""
    return load_compiled(tuple(str(p) for p in extra_files)).registry


def rule_catalog():
    """The rules by code (see rules.catalog.rules_by_code)."""
    from ..rules import rules_by_code

    return rules_by_code(load_compiled().rules)
