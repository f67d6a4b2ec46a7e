"""Cost over a long run in one process (what a --jobs worker and a server worker do): checks N generated
plans one after another and compares the first and the last 500 (median ms per plan) and the process's
memory at the start and the end. Prints numbers; asserts nothing.

    python benchmarks/long_run.py [--plans 3000]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_plans  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    from qcdc_rules.pipeline import Engine, Options

    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_plans(Path(tmp), 500, random.Random(args.seed))
        engine = Engine()
        engine.check_file(paths[0], Options())
        start_rss = rss_mb()
        times = []
        for i in range(args.plans):
            t = time.perf_counter()
            engine.check_file(paths[i % len(paths)], Options())
            times.append((time.perf_counter() - t) * 1000)
        end_rss = rss_mb()
    first, last = statistics.median(times[:500]), statistics.median(times[-500:])
    print(f"plans checked in one process: {args.plans}")
    print(f"median ms per plan, first 500: {first:.1f}; last 500: {last:.1f} (ratio {last / first:.2f})")
    print(f"RSS after the first plan: {start_rss:.0f} MB; after the last: {end_rss:.0f} MB")


if __name__ == "__main__":
    main()
