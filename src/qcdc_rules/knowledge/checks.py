"""Checks of the registry itself and of extra registries (an office's own instruments, a maintainer's
update): the registry shapes (shapes/registry/) with the Turtle file and line of each problem, and
conflicts with the core registry. The runtime uses them to refuse a broken extra registry."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from ..core.errors import DataError
from ..core.messages import split_messages
from ..core.resources import data_dir, turtle_files
from ..core.symbols import symbol_key
from .rdf import load_graph, local, prepared_query_graph, run_pyshacl
from .registry import Registry, build_registry
from .vocab import QCDC, RDF, SH

if TYPE_CHECKING:
    from rdflib import Graph

FUNCTIONAL = (QCDC.symbol, QCDC.issuer, QCDC.dateIssued, QCDC.entryIntoForce, QCDC.ceased, QCDC.replacedBy)


@dataclass
class Problem:
    instrument: str  # canonical symbol or IRI
    message: str
    file: Optional[str] = None
    line: Optional[int] = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file else ""
        return f"{where}{self.instrument}: {self.message}"


# ----------------------------------------------------------------------------- locations in Turtle
def _subject_lines(files: Iterable[Path]) -> dict[str, tuple[str, int]]:
    """IRI -> (file, line) of the line where a subject's description starts."""
    out: dict[str, tuple[str, int]] = {}
    for f in files:
        prefixes: dict[str, str] = {}
        try:
            lines = Path(f).read_text("utf-8").splitlines()
        except OSError:
            continue
        for no, line in enumerate(lines, 1):
            m = re.match(r"@prefix\s+([\w-]*):\s*<([^>]*)>", line)
            if m:
                prefixes[m.group(1)] = m.group(2)
                continue
            m = re.match(r"^(<[^>]+>|[\w-]*:[^\s;,.]*)\s", line)
            if not m:
                continue
            term = m.group(1)
            if term.startswith("<"):
                iri = term[1:-1]
            else:
                pfx, _, name = term.partition(":")
                if pfx not in prefixes:
                    continue
                iri = prefixes[pfx] + name
            out.setdefault(iri, (str(f), no))
    return out


# ----------------------------------------------------------------------------- validation
@lru_cache(maxsize=1)
def _registry_shapes() -> "Graph":
    return load_graph(sorted((data_dir("shapes") / "registry").glob("*.ttl")))


def validate_registry(files: list[Path], lang: str = "en") -> list[Problem]:
    """Run the registry shapes over the ontology files plus `files`; one Problem per result."""
    all_files = turtle_files("ontology") + [Path(f) for f in files if Path(f) not in turtle_files("ontology")]
    graph = load_graph(all_files, prepared_query_graph())
    results = run_pyshacl(graph, _registry_shapes())
    where = _subject_lines(all_files)
    problems = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        msgs = split_messages(str(m) for m in results.objects(r, SH.resultMessage))
        msg = msgs.get(lang) or msgs.get("en") or str(results.value(r, SH.resultMessage))
        sym = graph.value(focus, QCDC.symbol)
        file, line = where.get(str(focus), (None, None))
        problems.append(Problem(str(sym) if sym else str(focus), msg, file, line))
    return sorted(problems, key=lambda p: (p.file or "", p.line or 0, p.message))


def check_conflicts(core: "Graph", extra: "Graph", extra_name: str, allow_additions: bool = False) -> list[Problem]:
    """Problems where `extra` contradicts `core`. Office registries may not touch core instruments
    at all (allow_additions=False); a registry update may add facts but not change them."""
    problems = []
    core_subjects = set(core.subjects(QCDC.symbol, None))
    core_keys = {(symbol_key(str(core.value(s, QCDC.symbol))), core.value(s, QCDC.issuer)): s for s in core_subjects}
    for s in set(extra.subjects()):
        sym = extra.value(s, QCDC.symbol) or core.value(s, QCDC.symbol)
        label = str(sym) if sym else local(s)
        if s in core_subjects:
            if not allow_additions:
                problems.append(Problem(label, f"{extra_name} redefines an instrument of the core registry "
                                               "(an extra registry may only add its own instruments)", extra_name))
                continue
            for p in FUNCTIONAL:
                new, old = extra.value(s, p), core.value(s, p)
                if new is not None and old is not None and new != old:
                    problems.append(Problem(label, f"{extra_name} changes {local(p)} from {old} to {new}", extra_name))
        elif sym is not None:
            key = (symbol_key(str(sym)), extra.value(s, QCDC.issuer))
            if key in core_keys:
                problems.append(Problem(label, f"{extra_name} declares {sym} again (the core registry has it as "
                                               f"{local(core_keys[key])})", extra_name))
    return problems


def load_registry_checked(extra: list[str], allow_additions: bool = False) -> Registry:
    """Core registry + extra files, refusing conflicts and invalid instruments (DataError)."""
    core_files = turtle_files("ontology")
    core = load_graph(core_files)
    problems: list[Problem] = []
    for f in extra:
        problems += check_conflicts(core, load_graph([Path(f)]), str(f), allow_additions)
    if not problems and extra:
        problems += [p for p in validate_registry([Path(f) for f in extra]) if p.file in {str(Path(f)) for f in extra}
                     or allow_additions]
    if problems:
        raise DataError("; ".join(str(p) for p in problems[:10])
                        + (f" (+{len(problems) - 10} more)" if len(problems) > 10 else ""))
    return build_registry(load_graph(core_files + [Path(f) for f in extra]))


