"""The compiled form of ontology/ and shapes/ (registry look-up tables, N-Triples for Oxigraph, rule
metadata and SPARQL constraints), cached on disk so a new process neither imports rdflib nor parses
Turtle. The cache key is a hash of every Turtle file's content, of the package's code, and of the package
and Python versions, so editing any of them rebuilds it; a cache that cannot be read or written is simply rebuilt
in memory.
A new entry is named by the Turtle bytes its build parsed (knowledge/rdf.recording_reads), so a file edited while
it is built never leaves rules built from one text under the name of another.

The registry's tables over every instrument (look-ups by symbol, number, title word, the rules' units) are not in
the pickle but in an index file beside it (`compiled-KEY.index`, knowledge/index.py), read a key at a time: a new
process reads the small pickle and the rows its plan reaches, so a registry a hundred times larger costs it
little. The index is written first, then the pickle, each whole (core/atomic.py); the pickle names the index by a
build token, and an index that is missing, of another build, truncated or with a row that fails its checksum is
never used: the entry is rebuilt.

Extra registries (`--registry FILE`, an office's own instruments or a registry update) are compiled the same way,
checked first (knowledge/checks.load_registry_checked: conflicts with the core registry, the registry shapes),
under a key that includes each extra file's bytes: a changed file gives a new entry; a file that fails its
checks leaves no entry.

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
    index_token: str = ""  # the build token of the index file the pickled registry reads (knowledge/index.py)


def cache_dir() -> Path:
    if os.environ.get("QCDC_CACHE_DIR"):
        return Path(os.environ["QCDC_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qcdc-rules"


_CODE = Path(__file__).resolve().parent.parent  # the package's code


def _key(files: list[Path], read: dict[Path, bytes] | None = None, checked: bool = False) -> str:
    """Hash of the Turtle files, the package's own code (what builds and what is pickled), the
    package version and the Python version: any change to any of them gives a new cache entry. A file in
    `read` (what a build parsed) is hashed as it was read there, not as it is on disk now. `checked`: the
    extra registries were checked (a build that skipped the checks never serves one that needs them)."""
    read = read or {}
    h = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}|{'checked' if checked else ''}".encode())
    for f in list(files) + sorted(_CODE.rglob("*.py")):
        h.update(str(f.name).encode())
        h.update(read[f] if f in read else f.read_bytes())
    return h.hexdigest()[:32]


def _build(extra: tuple[str, ...], checked: bool = False) -> Compiled:
    shapes = load_shapes()
    check_rule_shapes(shapes)
    if checked and extra:  # rdflib and pyshacl are imported only for extra registries
        from ..knowledge.checks import load_registry_checked  # refuses conflicts with the core registry

        registry = load_registry_checked(list(extra))
    else:
        registry = build_from_files(extra)
    return Compiled(registry, read_rules(shapes), compile_constraints(shapes))


@lru_cache(maxsize=8)
def load_compiled(extra: tuple[str, ...] = (), checked: bool = False) -> Compiled:
    """The compiled ontology and shapes plus the `extra` registry files (checked first when `checked`: DataError
    when they conflict with the core registry or fail its shapes)."""
    checked = checked and bool(extra)
    files = turtle_files("ontology") + turtle_files("shapes") + turtle_files("shapes/meta") + [Path(p) for p in extra]
    if os.environ.get("QCDC_NO_CACHE"):
        return _build(extra, checked)
    cached = _read_cache(cache_dir() / f"compiled-{_key(files, checked=checked)}.pickle", extra, checked)
    if cached is not None:
        return cached
    # the entry is named by the bytes the build parsed: a file edited between the look-up and the build (or
    # during it) would otherwise leave the new rules under the old files' name, served to the next run that
    # finds the old files
    with recording_reads() as read:
        compiled = _build(extra, checked)
    _write_cache(cache_dir() / f"compiled-{_key(files, read, checked)}.pickle", compiled)
    return compiled


def _read_cache(path: Path, extra: tuple[str, ...] = (), checked: bool = False) -> Compiled | None:
    """The cached Compiled, its registry reading the index file beside it, or None when there is none or it is
    unusable (truncated, corrupt, another type, its index missing or damaged): it is then rebuilt, with a note in
    the debug log only."""
    from ..knowledge.index import Damaged, Index
    from ..knowledge.registry import attach_index

    try:
        with open(path, "rb") as fh:
            cached = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception as e:  # noqa: BLE001 - a damaged cache can fail to unpickle in any way; it is rebuilt
        log.debug("compiled cache %s unusable (%s: %s); rebuilding it", path, type(e).__name__, e)
        return None
    if not isinstance(cached, Compiled) or not isinstance(cached.registry, Registry) \
            or not isinstance(cached.rules, dict) or not isinstance(cached.constraints, list) \
            or not isinstance(getattr(cached, "index_token", None), str):
        log.debug("compiled cache %s holds a %s, not the compiled rules; rebuilding it", path, type(cached).__name__)
        return None
    try:
        # a row found damaged later, in the middle of a run, makes the registry be built again from the files
        # (the index answers from that one then): slower, never wrong
        index = Index(path.with_suffix(".index"), cached.index_token,
                      lambda: _build(extra, checked).registry)
        attach_index(cached.registry, index)
    except (Damaged, OSError, TypeError) as e:
        log.debug("compiled cache %s: its index is unusable (%s); rebuilding it", path, e)
        return None
    return cached


def _write_cache(path: Path, compiled: Compiled) -> None:
    """The index, then the pickle, each written whole or not at all (core/atomic.py): a cache that cannot be
    written is simply not kept."""
    import secrets

    from ..core.atomic import WriteError, write_bytes
    from ..knowledge.index import write_index
    from ..knowledge.registry import index_tables, without_tables

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(16)
        write_index(path.with_suffix(".index"), index_tables(compiled.registry), token)
        small = Compiled(without_tables(compiled.registry), compiled.rules, compiled.constraints, token)
        try:
            write_bytes(path, pickle.dumps(small, protocol=pickle.HIGHEST_PROTOCOL), label="cache")
        except (OSError, WriteError):
            path.with_suffix(".index").unlink(missing_ok=True)  # an index no pickle names is never read: not kept
            raise
        old = sorted(path.parent.glob("compiled-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP:]:  # each edit of the Turtle or the code leaves one behind, with its index
            if stale.is_file():
                stale.unlink(missing_ok=True)
                stale.with_suffix(".index").unlink(missing_ok=True)
    except (OSError, WriteError) as e:
        log.debug("compiled cache %s not written (%s); running without it", path, e)
