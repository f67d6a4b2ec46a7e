"""A fuzz run through the Python API: N generated texts (recombined plan fragments and hostile pieces,
random text), counting unexpected exceptions and internal errors, with the slowest input and the memory.
Prints numbers; asserts nothing.

    python benchmarks/fuzz.py [--inputs 100000] [--seed 1]
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "properties"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    from test_fuzz_pipeline import PIECES  # the same pieces the property test draws from

    from qcdc_rules.pipeline import Engine, Options

    rng = random.Random(args.seed)
    engine = Engine()
    plans = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures" / "plans").glob("*.txt"))]
    alphabet = "".join(chr(c) for c in range(0x20, 0x250)) + "ăâđêôơưĂÂĐÊÔƠƯáàảãạ\n\t\u0301\u0323\ud800\x00"
    failures, slowest, t0 = [], (0.0, ""), time.perf_counter()
    for i in range(args.inputs):
        kind = rng.random()
        if kind < 0.03:  # a plan with one piece repeated hundreds of times on a line (floods, long lines)
            lines = rng.choice(plans).split("\n")
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(PIECES) * rng.randint(100, 2000))
            text = "\n".join(lines)
        elif kind < 0.4:
            text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 60)))
        elif kind < 0.8:
            lines = rng.choice(plans).split("\n")
            for _ in range(rng.randint(1, 8)):
                lines.insert(rng.randrange(len(lines) + 1), rng.choice(PIECES) * rng.randint(1, 5))
            text = "\n".join(lines)
        else:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        t = time.perf_counter()
        try:
            report = engine.check_text(text, f"<fuzz {i}>", Options())
            if report.error is not None:
                failures.append((i, report.error.message))
        except Exception:  # noqa: BLE001 - counting them is the point
            failures.append((i, traceback.format_exc(limit=3)))
        dt = time.perf_counter() - t
        if dt > slowest[0]:
            slowest = (dt, text[:80].encode("unicode_escape").decode())
    elapsed = time.perf_counter() - t0
    print(f"inputs: {args.inputs} (seed {args.seed}) in {elapsed:.0f} s; unexpected exceptions or internal errors: "
          f"{len(failures)}")
    print(f"slowest input: {slowest[0] * 1000:.0f} ms ({slowest[1]!r}…)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for i, msg in failures[:5]:
        print(f"  input {i}: {msg}")


if __name__ == "__main__":
    main()
