"""What a larger registry costs (issue 20, item 5): today's registry beside synthetic ones 10 and 100 times
larger, printed as a table.

    python benchmarks/registry_scale.py [--scales 1 10 100] [--http-scales 1 10] [--plans 40] [--rounds 3]
                                        [--src PATH/TO/qcdc_rules] [--json OUT]

Each scale is a copy of the package laid out as the wheel installs it (ontology/ and shapes/ inside it), with
the made-up instruments of generate.generate_registry added to ontology/ as one more Turtle file: the registry
grown as the project grows it, read through the compiled cache (pipeline/compiled.py) as `qcdc-check` and
the service read it. `--src` measures another checkout's package (the code before a change).

Figures per scale, each also as a ratio to the first scale (today's registry):
- cache build: the one-time build of the compiled cache (a new process, no cache entry);
- cold start: a new process that loads the compiled cache, checks one plan and writes its JSON report (what
  `qcdc-check plan.txt` does once the cache exists), wall and CPU time, median of --cold-runs;
- warm per plan: ingest -> JSON report in a process that has checked a plan already, median over the plans;
- checks/s in one process: every plan checked one after another (a service worker's work without HTTP);
- HTTP checks/s: `qcdc-check serve` on loopback (one worker), 4 keep-alive clients posting the plans as JSON
  to /api/v1/check; the service's CPU (every process of it, forked checks included) per check.

The machine is shared, so the scales are measured in turns (round 1 of each scale, then round 2 …; the
services run side by side and take the requests in turns) and ratios are of CPU time, which other processes
disturb less than the wall clock; wall figures are printed too.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate_plans, generate_registry  # noqa: E402

BUILD = "from qcdc_rules.pipeline import load_compiled; load_compiled()"
COLD = """
import sys
from qcdc_rules.pipeline import Engine, Options
from qcdc_rules.reporters import render_json
engine = Engine()
render_json(engine.report([engine.check_file(sys.argv[1], Options())], Options()))
"""
# a process per scale that loads its engine once and measures a round of plans each time it is asked
WORKER = """
import json, sys, time
from qcdc_rules.pipeline import Engine, Options
from qcdc_rules.reporters import render_json
plans = sys.argv[1:]
engine = Engine()
engine.check_file(plans[0], Options())
print(json.dumps({"instruments": len(engine.registry.instruments)}), flush=True)
for _ in sys.stdin:
    warm_cpu, warm_wall = [], []
    for p in plans:
        c, w = time.process_time(), time.perf_counter()
        render_json(engine.report([engine.check_file(p, Options())], Options()))
        warm_cpu.append(time.process_time() - c)
        warm_wall.append(time.perf_counter() - w)
    c, w = time.process_time(), time.perf_counter()
    for p in plans:
        engine.check_file(p, Options())
    print(json.dumps({"warm_cpu": warm_cpu, "warm_wall": warm_wall, "rate_cpu": len(plans) / (time.process_time() - c),
                      "rate_wall": len(plans) / (time.perf_counter() - w)}), flush=True)
"""


def package_copy(src: Path, dest: Path, extra_ttl: Path | None) -> Path:
    """`src` (a qcdc_rules package) copied as the wheel lays it out, with `extra_ttl` in its ontology/; the
    folder to put on PYTHONPATH."""
    pkg = dest / "qcdc_rules"
    shutil.copytree(src, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    checkout = src.resolve().parent.parent
    for name in ("ontology", "shapes"):
        if not (pkg / name).is_dir():
            shutil.copytree(checkout / name, pkg / name)
    if not (pkg / "samples").is_dir():
        (pkg / "samples").mkdir()
        shutil.copy(checkout / "fixtures" / "plans" / "mau-2026.txt", pkg / "samples" / "mau-2026.txt")
    if extra_ttl is not None:
        shutil.copy(extra_ttl, pkg / "ontology" / "zz-generated.ttl")
    return dest


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of a command run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# ------------------------------------------------------------------------------------------------ HTTP
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_cpu(root: int) -> float:
    """CPU seconds of a process and all its descendants, those that ended included (their parents' cutime)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15]) / tick
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo += [int(k) for k in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


class Service:
    def __init__(self, env: dict):
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "qcdc_rules.cli", "serve", "--port", str(self.port),
                                      "--workers", "1", "--log-level", "warning", "--max-checks", "16"],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ready(self, timeout: float = 600) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5) as r:
                    info = json.loads(r.read())
                if info.get("status") == "ok":
                    return info
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit("the service did not start")

    def load(self, bodies: list[bytes], requests: int, clients: int = 4) -> dict:
        """`requests` checks from `clients` keep-alive connections; wall rate, service CPU per check, errors."""
        errors: list[int] = []
        counter = iter(range(requests))
        lock = threading.Lock()

        def client() -> None:
            conn = HTTPConnection("127.0.0.1", self.port, timeout=120)
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    break
                conn.request("POST", "/api/v1/check", body=bodies[i % len(bodies)],
                             headers={"Content-Type": "application/json"})
                r = conn.getresponse()
                payload = r.read()
                if r.status != 200 or b'"findings"' not in payload:
                    errors.append(r.status)
            conn.close()

        cpu, t = tree_cpu(self.proc.pid), time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t
        return {"rate": requests / wall, "cpu_per_check": (tree_cpu(self.proc.pid) - cpu) / requests,
                "errors": len(errors)}

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ------------------------------------------------------------------------------------------------ main
def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--http-scales", type=int, nargs="*", default=[1, 10])
    ap.add_argument("--plans", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the warm figures and of the HTTP load")
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--http-requests", type=int, default=100, help="requests per scale and round")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--src", default=str(ROOT / "src" / "qcdc_rules"), help="the qcdc_rules package to measure")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    http_scales = [s for s in args.http_scales if s in args.scales]

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "plans").mkdir()
        plans = [str(p) for p in generate_plans(tmp / "plans", args.plans, random.Random(args.seed))]
        base = _base_count(Path(args.src), tmp)
        envs, rows = {}, {}
        for scale in args.scales:
            extra = None
            if scale > 1:
                extra = generate_registry(tmp / f"x{scale}.ttl", (scale - 1) * base, random.Random(args.seed))
            path = package_copy(Path(args.src), tmp / f"x{scale}", extra)
            envs[scale] = dict(os.environ, PYTHONPATH=str(path), QCDC_CACHE_DIR=str(tmp / f"cache-{scale}"))
            build, _ = timed([sys.executable, "-c", BUILD], envs[scale])
            rows[scale] = {"scale": scale, "build_s": build, "cold_wall": [], "cold_cpu": [], "warm_cpu": [],
                           "warm_wall": [], "rate_cpu": [], "rate_wall": [], "http_rate": [], "http_cpu": [],
                           "http_errors": 0}
            _say(f"{scale}x: cache built in {build:.1f} s")
        for _ in range(args.cold_runs):
            for scale in args.scales:
                wall, cpu = timed([sys.executable, "-c", COLD, plans[0]], envs[scale])
                rows[scale]["cold_wall"].append(wall)
                rows[scale]["cold_cpu"].append(cpu)
        _say("cold starts measured")
        _warm(args, plans, envs, rows)
        _http(args, plans, envs, rows, http_scales)
    _print(args, [rows[s] for s in args.scales], base)
    if args.json:
        Path(args.json).write_text(json.dumps([rows[s] for s in args.scales], indent=2) + "\n", "utf-8")


def _base_count(src: Path, tmp: Path) -> int:
    path = package_copy(src, tmp / "count", None)
    env = dict(os.environ, PYTHONPATH=str(path), QCDC_CACHE_DIR=str(tmp / "cache-count"))
    count = "from qcdc_rules.pipeline import load_compiled; print(len(load_compiled().registry.instruments))"
    out = subprocess.run([sys.executable, "-c", count], env=env, check=True, capture_output=True, text=True).stdout
    return int(out.split()[-1])


def _warm(args, plans: list[str], envs: dict, rows: dict) -> None:
    workers = {s: subprocess.Popen([sys.executable, "-c", WORKER, *plans], env=envs[s], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True) for s in args.scales}
    try:
        for s, w in workers.items():
            rows[s]["instruments"] = json.loads(w.stdout.readline())["instruments"]
        for _ in range(args.rounds):
            for s, w in workers.items():
                w.stdin.write("go\n")
                w.stdin.flush()
                got = json.loads(w.stdout.readline())
                for key in ("warm_cpu", "warm_wall"):
                    rows[s][key] += got[key]
                for key in ("rate_cpu", "rate_wall"):
                    rows[s][key].append(got[key])
        _say("warm figures measured")
    finally:
        for w in workers.values():
            w.stdin.close()
            w.wait()


def _http(args, plans: list[str], envs: dict, rows: dict, scales: list[int]) -> None:
    if not scales:
        return
    bodies = [json.dumps({"text": Path(p).read_text("utf-8"), "filename": Path(p).name}, ensure_ascii=False).encode()
              for p in plans]
    services = {s: Service(envs[s]) for s in scales}
    try:
        for s, svc in services.items():
            info = svc.ready()
            assert info["registry"]["instruments"] == rows[s]["instruments"], info
            svc.load(bodies, 8)  # the first requests of a new service
        for _ in range(args.rounds):
            for s, svc in services.items():
                got = svc.load(bodies, args.http_requests)
                rows[s]["http_rate"].append(got["rate"])
                rows[s]["http_cpu"].append(got["cpu_per_check"])
                rows[s]["http_errors"] += got["errors"]
        _say("HTTP figures measured")
    finally:
        for svc in services.values():
            svc.stop()


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _print(args, rows: list[dict], base: int) -> None:
    med = statistics.median
    ref = rows[0]
    print(f"registry of {base} instruments beside synthetic ones; {args.plans} generated plans (seed {args.seed}); "
          f"{args.rounds} rounds, {args.cold_runs} cold starts; ratios are of CPU time to the first row's\n")
    print("| scale | instruments | cache build (once) | cold start, wall / CPU | warm per plan, wall / CPU | "
          "checks/s in 1 process, wall / CPU | HTTP checks/s | service CPU per check |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        cold = (med(r["cold_wall"]), med(r["cold_cpu"]))
        warm = (med(r["warm_wall"]) * 1000, med(r["warm_cpu"]) * 1000)
        rate = (med(r["rate_wall"]), med(r["rate_cpu"]))
        ratio = {
            "cold": cold[1] / med(ref["cold_cpu"]), "warm": warm[1] / (med(ref["warm_cpu"]) * 1000),
            "rate": med(ref["rate_cpu"]) / rate[1],
        }
        http = "not run" if not r["http_rate"] else f"{med(r['http_rate']):.1f}" + (
            f" ({r['http_errors']} errors)" if r["http_errors"] else "")
        http_cpu = "not run" if not r["http_cpu"] or not ref["http_cpu"] else \
            f"{med(r['http_cpu']) * 1000:.0f} ms ({med(r['http_cpu']) / med(ref['http_cpu']):.2f}x)"
        print(f"| {r['scale']}x | {r['instruments']} | {r['build_s']:.1f} s | {cold[0]:.2f} / {cold[1]:.2f} s "
              f"({ratio['cold']:.2f}x) | {warm[0]:.1f} / {warm[1]:.1f} ms ({ratio['warm']:.2f}x) | "
              f"{rate[0]:.1f} / {rate[1]:.1f} ({ratio['rate']:.2f}x the time) | {http} | {http_cpu} |")


if __name__ == "__main__":
    main()
