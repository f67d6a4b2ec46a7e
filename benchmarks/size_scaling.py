"""Cost against document size: one plan repeated 1x, 4x, 16x, 64x in one file, time per KiB (which
should stay flat) and peak memory. Prints numbers; asserts nothing.

    python benchmarks/size_scaling.py [PLAN]   (default: the shared corpus's plans, else a fixture plan)
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("plan", nargs="?")
    args = ap.parse_args()
    corpus = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))
    sources = [Path(args.plan)] if args.plan else (corpus or [ROOT / "fixtures" / "plans" / "mau-2026.txt"])
    text = "\n".join(p.read_text("utf-8") for p in sources)
    from qcdc_rules.pipeline import Engine, Options

    engine = Engine()
    engine.check_text(text, "<warm>", Options())
    print(f"base document: {', '.join(p.name for p in sources)} ({len(text.encode()) / 1024:.0f} KiB)")
    print("| copies | KiB | seconds | ms per KiB | findings |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1, 4, 16, 64):
            path = Path(tmp) / f"x{n}.txt"
            path.write_text("\n".join([text] * n), "utf-8")
            kib = path.stat().st_size / 1024
            t = time.perf_counter()
            report = engine.check_file(path, Options())
            dt = time.perf_counter() - t
            print(f"| {n} | {kib:.0f} | {dt:.2f} | {dt * 1000 / kib:.1f} | {len(report.findings)} |", flush=True)
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
