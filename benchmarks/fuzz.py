"""A fuzz run through the Python API: N generated texts (recombined plan fragments and hostile pieces,
random text), counting unexpected exceptions and internal errors, with the slowest input and the memory.
Prints numbers; asserts nothing.

    python benchmarks/fuzz.py [--inputs 100000] [--seed 1] [--batch 16] [--minutes M]

With --batch N (N > 1) the texts are written, N at a time, to a private temporary folder (in /dev/shm when
there is one) and checked with Engine.check_files, which runs the rules once over the N plans (rules/batch.py)
and reads each through the same reader as a file: about twice the rate of one text at a time. --minutes stops
after that long and reports how many inputs were checked (the rate is printed either way).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SURROGATE = re.compile("[\ud800-\udfff]")
sys.path.insert(0, str(ROOT / "tests" / "properties"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=1, help="texts checked together through Engine.check_files")
    ap.add_argument("--minutes", type=float, default=0.0, help="stop after this long (0: no limit)")
    args = ap.parse_args()
    from test_fuzz_pipeline import PIECES  # the same pieces the property test draws from

    from qcdc_rules.pipeline import Engine, Options

    rng = random.Random(args.seed)
    engine = Engine()
    plans = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures" / "plans").glob("*.txt"))]
    alphabet = "".join(chr(c) for c in range(0x20, 0x250)) + "ăâđêôơưĂÂĐÊÔƠƯáàảãạ\n\t\u0301\u0323\ud800\x00"
    failures, slowest, t0 = [], (0.0, ""), time.perf_counter()
    deadline = t0 + args.minutes * 60 if args.minutes else float("inf")
    spool = Path(tempfile.mkdtemp(prefix="qcdc-fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
    batch: list[tuple[int, str]] = []
    done = 0
    refused: dict[str, int] = {}

    def check(batch: list[tuple[int, str]]) -> None:
        nonlocal slowest
        t = time.perf_counter()
        # a text no file could hold (a lone surrogate; a NUL makes a .txt binary) goes through check_text
        alone = [(i, text) for i, text in batch if args.batch <= 1 or "\x00" in text or _SURROGATE.search(text)]
        for i, text in alone:
            try:
                report = engine.check_text(text, f"<fuzz {i}>", Options())
                if report.error is not None:
                    failures.append((i, report.error.message))
            except Exception:  # noqa: BLE001 - counting them is the point
                failures.append((i, traceback.format_exc(limit=3)))
        files = [x for x in batch if x not in alone]
        if files:
            paths = []
            for k, (_, text) in enumerate(files):
                path = spool / f"{k}.txt"
                path.write_text(text, "utf-8")
                paths.append(path)
            try:
                for (i, _), (report, _) in zip(files, engine.check_files(paths, Options())):
                    if report.error is None:
                        continue
                    if report.error.code == "internal-error":
                        failures.append((i, report.error.message))
                    else:  # a file the readers refuse with its own code (a NUL makes a .txt binary): expected
                        refused[report.error.code] = refused.get(report.error.code, 0) + 1
            except Exception:  # noqa: BLE001
                failures.append((batch[0][0], traceback.format_exc(limit=3)))
        dt = (time.perf_counter() - t) / len(batch)
        if dt > slowest[0]:
            slowest = (dt, batch[0][1][:80].encode("unicode_escape", "backslashreplace").decode())

    for i in range(args.inputs):
        if time.perf_counter() > deadline:
            break
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
        batch.append((i, text))
        done += 1
        if len(batch) >= max(1, args.batch):
            check(batch)
            batch = []
    if batch:
        check(batch)
    for p in spool.iterdir():
        p.unlink()
    spool.rmdir()
    elapsed = time.perf_counter() - t0
    print(f"inputs: {done} (seed {args.seed}, batch {args.batch}) in {elapsed:.0f} s ({done / elapsed:.0f} a second); "
          f"unexpected exceptions or internal errors: {len(failures)}")
    if refused:
        print("refused as files, with their code (expected): "
              + ", ".join(f"{k} {v}" for k, v in sorted(refused.items())))
    print(f"slowest input: {slowest[0] * 1000:.0f} ms ({slowest[1]!r}…)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for i, msg in failures[:5]:
        print(f"  input {i}: {msg}")


if __name__ == "__main__":
    main()
