"""The compiled form of ontology/ and shapes/ (registry look-up tables, N-Triples for Oxigraph, rule
metadata and SPARQL constraints), cached on disk so a new process neither imports rdflib nor parses
Turtle. The cache key is a hash of every Turtle file's content, of the package's code, and of the package
and Python versions, so editing any of them rebuilds it; a cache that cannot be read or written is simply rebuilt
in memory.
A new entry is named by the Turtle bytes its build parsed (knowledge/rdf.recording_reads), so a file edited while
it is built never leaves rules built from one text under the name of another.

Cache folder: $QCDC_CACHE_DIR, else $XDG_CACHE_HOME/qcdc-rules, else ~/.cache/qcdc-rules.
QCDC_NO_CACHE=1 turns it off.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.resources import turtle_files
from ..core.version import __version__
from ..knowledge.rdf import recording_reads
from ..knowledge.registry import Registry, build_from_files
from ..rules.catalog import RuleInfo, check_rule_shapes, load_shapes, read_rules
from ..rules.executors.oxigraph import Constraint, compile_constraints


KEEP = 4  # cache files kept (the newest)
log = logging.getLogger(__name__)


@dataclass
class Compiled:
    registry: Registry
    rules: dict[str, RuleInfo]  # shape IRI -> RuleInfo
    constraints: list[Constraint]


def cache_dir() -> Path:
    if os.environ.get("QCDC_CACHE_DIR"):
        return Path(os.environ["QCDC_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qcdc-rules"


_CODE = Path(__file__).resolve().parent.parent  # the package's code


def _key(files: list[Path], read: dict[Path, bytes] | None = None) -> str:
    """Hash of the Turtle files, the package's own code (what builds and what is pickled), the
    package version and the Python version: any change to any of them gives a new cache entry. A file in
    `read` (what a build parsed) is hashed as it was read there, not as it is on disk now."""
    read = read or {}
    h = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}".encode())
    for f in list(files) + sorted(_CODE.rglob("*.py")):
        h.update(str(f.name).encode())
        h.update(read[f] if f in read else f.read_bytes())
    return h.hexdigest()[:32]


def _build(extra: tuple[str, ...]) -> Compiled:
    shapes = load_shapes()
    check_rule_shapes(shapes)
    return Compiled(build_from_files(extra), read_rules(shapes), compile_constraints(shapes))


@lru_cache(maxsize=8)
def load_compiled(extra: tuple[str, ...] = ()) -> Compiled:
    files = turtle_files("ontology") + turtle_files("shapes") + turtle_files("shapes/meta") + [Path(p) for p in extra]
    if os.environ.get("QCDC_NO_CACHE"):
        return _build(extra)
    cached = _read_cache(cache_dir() / f"compiled-{_key(files)}.pickle")
    if cached is not None:
        return cached
    # the entry is named by the bytes the build parsed: a file edited between the look-up and the build (or
    # during it) would otherwise leave the new rules under the old files' name, served to the next run that
    # finds the old files
    with recording_reads() as read:
        compiled = _build(extra)
    _write_cache(cache_dir() / f"compiled-{_key(files, read)}.pickle", compiled)
    return compiled


def _read_cache(path: Path) -> Compiled | None:
    """The cached Compiled, or None when there is none or it is unusable (truncated, corrupt, another type):
    it is then rebuilt, with a note in the debug log only."""
    try:
        with open(path, "rb") as fh:
            cached = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception as e:  # noqa: BLE001 - a damaged cache can fail to unpickle in any way; it is rebuilt
        log.debug("compiled cache %s unusable (%s: %s); rebuilding it", path, type(e).__name__, e)
        return None
    if not isinstance(cached, Compiled) or not isinstance(cached.registry, Registry) \
            or not isinstance(cached.rules, dict) or not isinstance(cached.constraints, list):
        log.debug("compiled cache %s holds a %s, not the compiled rules; rebuilding it", path, type(cached).__name__)
        return None
    return cached


def _write_cache(path: Path, compiled: Compiled) -> None:
    """Written whole or not at all (core/atomic.py): a cache that cannot be written is simply not kept."""
    from ..core.atomic import WriteError, write_bytes

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL), label="cache")
        old = sorted(path.parent.glob("compiled-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:  # each edit of the Turtle or the code leaves one behind
            if stale.is_file():
                stale.unlink(missing_ok=True)
    except (OSError, WriteError) as e:
        log.debug("compiled cache %s not written (%s); running without it", path, e)
