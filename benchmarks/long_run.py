"""Cost over a long run in one process (what a --jobs worker and a server worker do): checks N generated
plans one after another (one by one, as the server does, and in the batches a --jobs worker checks) and
compares the first and the last 500 (median ms per plan) and the process's memory at the start and the
end. Prints numbers; asserts nothing.

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

    from qcdc_rules.pipeline.runner import BATCH

    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_plans(Path(tmp), 500, random.Random(args.seed))
        engine = Engine()
        engine.check_file(paths[0], Options())
        for mode in ("one by one", f"in batches of {BATCH}"):
            start_rss = rss_mb()
            times = []
            for i in range(0, args.plans, BATCH):
                group = [paths[(i + k) % len(paths)] for k in range(BATCH)]
                if mode == "one by one":
                    for p in group:
                        t = time.perf_counter()
                        engine.check_file(p, Options())
                        times.append((time.perf_counter() - t) * 1000)
                else:
                    t = time.perf_counter()
                    engine.check_files(group, Options())
                    times.extend([(time.perf_counter() - t) * 1000 / len(group)] * len(group))
            end_rss = rss_mb()
            first, last = statistics.median(times[:500]), statistics.median(times[-500:])
            print(f"{len(times)} plans checked in one process, {mode}:")
            print(f"  median ms per plan, first 500: {first:.1f}; last 500: {last:.1f} (ratio {last / first:.2f})")
            print(f"  RSS at the start: {start_rss:.0f} MB; at the end: {end_rss:.0f} MB")

if __name__ == "__main__":
    main()
