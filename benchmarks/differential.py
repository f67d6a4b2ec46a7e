"""The fast executor (Oxigraph) against the reference (pyshacl) on real documents, every rule (preview too).

    python benchmarks/differential.py DIR...     (e.g. ../shared/corpus/real-2025 ../shared/corpus/real-2025-more)

Prints each file whose findings differ (rule, line, message that only one executor gives) and the count. The unit
test tests/unit/rules/test_differential.py runs the same comparison on the fixture plans; this one reads real
texts, where shapes meet facts the fixtures never combine (it found QCDC302's UNION branch that Oxigraph, following
SPARQL's scoping, evaluated without the duty bound: 1 file of 342)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from qcdc_rules.pipeline import Engine, Options, load_registry


def main() -> None:
    registry = load_registry()
    ref, fast = Engine(registry, "pyshacl"), Engine(registry, "oxigraph")
    paths = [p for d in sys.argv[1:] for p in sorted(Path(d).glob("*")) if p.is_file()]
    differ, start = 0, time.perf_counter()
    for p in paths:
        options = Options(preview=True)
        a = [(f.rule, f.line, f.message) for f in ref.check_file(p, options).findings]
        b = [(f.rule, f.line, f.message) for f in fast.check_file(p, options).findings]
        if a != b:
            differ += 1
            print(f"{p.name}: pyshacl only {sorted(set(a) - set(b))[:5]}; oxigraph only {sorted(set(b) - set(a))[:5]}",
                  flush=True)
    print(f"files {len(paths)}, differ {differ}, {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
