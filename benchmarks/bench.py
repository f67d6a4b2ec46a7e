"""Speed and memory of qcdc-check, printed as a table (no timed tests: run this and read it).

    python benchmarks/bench.py [--plans 200]

Figures: cold `qcdc-check --format json` on one plan (new process), warm per-plan check time
(ingest -> report, in process), and plans per second over N generated plans, with peak memory.
"""
from __future__ import annotations

import argparse
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_plans, generate_registry  # noqa: E402


def cold(plan: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "qcdc_rules.cli", "--format", "json", "--exit-zero", str(plan)],
                       check=False, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dir-plans", type=int, default=2000, help="plans in the directory run (0: skip)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--big-registry", type=int, default=5000, help="instruments in the scaled registry (0: skip)")
    args = ap.parse_args()

    import pyshacl
    import rdflib

    import qcdc_rules
    from qcdc_rules.pipeline import Engine, Options
    from qcdc_rules.reporters import render_json

    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_plans(Path(tmp), args.plans, random.Random(args.seed))
        sizes = [p.stat().st_size for p in paths]
        t0 = time.perf_counter()
        engine = Engine()
        load = time.perf_counter() - t0
        engine.check_file(paths[0], Options())  # warm the caches
        warm = []
        for p in paths[:30]:
            t = time.perf_counter()
            render_json(engine.report([engine.check_file(p, Options())], Options()))
            warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        findings = 0
        for p in paths:
            findings += len(engine.check_file(p, Options()).findings)
        elapsed = time.perf_counter() - t
        t = time.perf_counter()
        together = sum(len(r.findings) for r in qcdc_rules.check_files(paths))
        elapsed_together = time.perf_counter() - t
        assert together == findings, (together, findings)
        cold_s = cold(paths[0])
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        dir_rate = dir_rss = None
        if args.dir_plans:
            folder = Path(tmp) / "archive"
            folder.mkdir()
            generate_plans(folder, args.dir_plans, random.Random(args.seed + 1))
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "qcdc_rules.cli", "--format", "json-lines", "--exit-zero",
                                   "--jobs", str(args.jobs), str(folder)], capture_output=True, text=True)
            dir_s = time.perf_counter() - t
            assert proc.returncode == 0, proc.stderr[-2000:]
            assert len(proc.stdout.splitlines()) == args.dir_plans
            dir_rate = args.dir_plans / dir_s
            # the largest process of the run (parent or a worker); workers are forked from the parent
            dir_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        big_ms = None
        if args.big_registry:
            from qcdc_rules.knowledge import build_from_files

            reg_file = generate_registry(Path(tmp) / "big.ttl", args.big_registry, random.Random(args.seed))
            big = Engine(build_from_files((str(reg_file),)))
            big.check_file(paths[0], Options())
            times = []
            for p in paths[:30]:
                t = time.perf_counter()
                render_json(big.report([big.check_file(p, Options())], Options()))
                times.append(time.perf_counter() - t)
            big_ms = statistics.median(times) * 1000
            big_n = len(big.registry.instruments)

    print(f"machine: {platform.machine()} {platform.system()}, {__import__('os').cpu_count()} cores; "
          f"python {platform.python_version()}, qcdc-rules {qcdc_rules.__version__}, pyshacl {pyshacl.__version__}, "
          f"rdflib {rdflib.__version__}")
    print(f"plans: {args.plans} generated (seed {args.seed}), median size {statistics.median(sizes) / 1024:.1f} KiB; "
          f"registry {len(engine.registry.instruments)} instruments; {len(engine.rules)} rule shapes")
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| engine load (registry + shapes) | {load * 1000:.0f} ms |")
    print(f"| cold `qcdc-check --format json` on one plan (median of 5) | {cold_s * 1000:.0f} ms |")
    print(f"| warm check of one plan, ingest -> JSON (median of 30) | {statistics.median(warm) * 1000:.1f} ms |")
    print(f"| throughput over {args.plans} plans, 1 process, one by one | {args.plans / elapsed:.1f} plans/s "
          f"({findings} findings) |")
    print(f"| the same with `qcdc_rules.check_files` (rules run together) | {args.plans / elapsed_together:.1f} "
          "plans/s |")
    print(f"| peak RSS of this process | {rss_mb:.0f} MB |")
    if dir_rate:
        print(f"| directory of {args.dir_plans} plans, `--jobs {args.jobs}`, json-lines (new process) | "
              f"{dir_rate:.0f} plans/s; largest process {dir_rss:.0f} MB |")
    if big_ms:
        warm_ms = statistics.median(warm) * 1000
        print(f"| warm check with a registry of {big_n} instruments (median of 30) | {big_ms:.1f} ms "
              f"({big_ms / warm_ms:.2f}x the {len(engine.registry.instruments)}-instrument figure) |")


if __name__ == "__main__":
    main()
