"""What a larger registry costs (issue 20, item 5): today's registry beside a synthetic one 10 and 100 times
larger (made-up instruments from generate.generate_registry added to it), each compiled once into its cache.

    python benchmarks/registry_scale.py [--scales 1 10 100] [--plans 60]

Figures per scale: the one-time build of the compiled cache; cold start (a new process that loads the compiled
cache, checks one plan and writes JSON: what `qcdc-check` does once the cache exists); warm time per plan
(ingest -> JSON report, in process, median); checks/s over the generated plans one by one in one process (the
work a service worker does per request, without HTTP); and each figure's ratio to today's registry.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_plans, generate_registry  # noqa: E402

COLD = """
import sys, time
t = time.perf_counter()
from qcdc_rules.pipeline import Engine, Options
from qcdc_rules.pipeline.compiled import load_compiled
from qcdc_rules.reporters import render_json
extra = tuple(a for a in sys.argv[2:])
engine = Engine(load_compiled(extra).registry) if extra else Engine()
render_json(engine.report([engine.check_file(sys.argv[1], Options())], Options()))
print(time.perf_counter() - t)
"""


def run_scale(scale: int, base: int, plans: list[Path], tmp: Path, seed: int, cold_runs: int) -> dict:
    from qcdc_rules.pipeline import Engine, Options
    from qcdc_rules.pipeline.compiled import load_compiled
    from qcdc_rules.reporters import render_json

    extra: tuple[str, ...] = ()
    if scale > 1:
        extra = (str(generate_registry(tmp / f"x{scale}.ttl", (scale - 1) * base, random.Random(seed))),)
    env = dict(os.environ, QCDC_CACHE_DIR=str(tmp / "cache"))
    t = time.perf_counter()  # the one-time build of the compiled cache (a new process, an empty cache entry)
    subprocess.run([sys.executable, "-c", COLD, str(plans[0]), *extra], env=env, check=True, capture_output=True)
    build = time.perf_counter() - t
    colds = []
    for _ in range(cold_runs):
        out = subprocess.run([sys.executable, "-c", COLD, str(plans[0]), *extra], env=env, check=True,
                             capture_output=True, text=True).stdout
        colds.append(float(out.strip().splitlines()[-1]))
    os.environ["QCDC_CACHE_DIR"] = env["QCDC_CACHE_DIR"]
    compiled = load_compiled(extra)
    engine = Engine(compiled.registry) if extra else Engine()
    engine.check_file(plans[0], Options())
    warm = []
    for p in plans[:30]:
        t = time.perf_counter()
        render_json(engine.report([engine.check_file(p, Options())], Options()))
        warm.append(time.perf_counter() - t)
    t = time.perf_counter()
    for p in plans:
        engine.check_file(p, Options())
    rate = len(plans) / (time.perf_counter() - t)
    return {"scale": scale, "instruments": len(engine.registry.instruments), "build_s": build,
            "cold_s": statistics.median(colds), "warm_ms": statistics.median(warm) * 1000, "checks_per_s": rate}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--plans", type=int, default=60)
    ap.add_argument("--cold-runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    from qcdc_rules.pipeline import Engine

    base = len(Engine().registry.instruments)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        plans = generate_plans(Path(tmp), args.plans, random.Random(args.seed))
        for scale in args.scales:
            rows.append(run_scale(scale, base, plans, Path(tmp), args.seed, args.cold_runs))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    ref = rows[0]
    print(f"registry of {ref['instruments']} instruments (scale {ref['scale']}) and synthetic ones; "
          f"{args.plans} generated plans (seed {args.seed})\n")
    print("| scale | instruments | cache build (once) | cold start | warm per plan | checks/s, 1 process |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['scale']}x | {r['instruments']} | {r['build_s']:.1f} s | {r['cold_s'] * 1000:.0f} ms "
              f"({r['cold_s'] / ref['cold_s']:.2f}x) | {r['warm_ms']:.1f} ms ({r['warm_ms'] / ref['warm_ms']:.2f}x) | "
              f"{r['checks_per_s']:.1f} ({ref['checks_per_s'] / r['checks_per_s']:.2f}x the time) |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
