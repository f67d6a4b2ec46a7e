"""What a larger registry costs (issue 20, item 5): today's registry beside synthetic ones 10 and 100 times
larger, printed as a table.

    python benchmarks/registry_scale.py [--scales 1 10 100] [--http-scales 1 10 100] [--plans 40]
                                        [--rounds 3] [--extra 50] [--src PATH/TO/qcdc_rules] [--json OUT]

Each scale is a copy of the package laid out as the wheel installs it (ontology/ and shapes/ inside it), with
the made-up instruments of generate.generate_registry added to ontology/ as one more Turtle file: the registry
grown as the project grows it, read through the compiled cache (pipeline/compiled.py) as `qcdc-check` and
the service read it. `--src` measures another checkout's package (the code before a change).
With `--extra N` (N > 0) each scale is measured a second time with an office's extra registry of N made-up
instruments (`--registry EXTRA.ttl`, checked and compiled into the cache once per content of the file); the
service takes no extra registry, so its rows with one say "not run".

Figures per scale, each also as a ratio to the first scale (today's registry):
- cache build: the one-time build of the compiled cache (a new process, no cache entry; with an extra registry:
  its checks and the build of the entry for core + extra);
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
BUILD_EXTRA = "import sys; from qcdc_rules.pipeline import default_engine; default_engine(sys.argv[1:])"
COLD = """
import sys
from qcdc_rules.pipeline import Options, default_engine
from qcdc_rules.reporters import render_json
engine = default_engine(sys.argv[2:])  # what `qcdc-check [--registry EXTRA.ttl] plan.txt` does
render_json(engine.report([engine.check_file(sys.argv[1], Options())], Options()))
"""
# a process per scale that loads its engine once and measures a round of plans each time it is asked
WORKER = """
import json, sys, time
from qcdc_rules.pipeline import Options, default_engine
from qcdc_rules.reporters import render_json
extra = json.loads(sys.argv[1])
plans = sys.argv[2:]
engine = default_engine(extra)
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
def office_registry(path: Path, count: int, rng: random.Random) -> Path:
    """An office's extra registry: `count` made-up decrees of its own (numbers no generated or real one has), some
    replaced by others of the file: what `--registry EXTRA.ttl` reads."""
    lines = ["@prefix qcdc: <https://w3id.org/qcdc-rules/ns#> .",
             "@prefix reg: <https://w3id.org/qcdc-rules/registry/> .",
             "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
             "@prefix dct: <http://purl.org/dc/terms/> ."]
    for i in range(count):
        y, n = 2010 + i % 15, 90000 + i  # OFFICE-(i+1), issued a year after OFFICE-i, replaces it that day
        extra = f' ; qcdc:ceased "{y + 1}-03-01"^^xsd:date ; qcdc:replacedBy reg:OFFICE-{i + 1}' \
            if i % 5 == 0 and i + 1 < count else ""
        lines.append(
            f'reg:OFFICE-{i} a qcdc:NghiDinh, owl:NamedIndividual ; qcdc:symbol "{n}/{y}/NĐ-CP" ; qcdc:number {n} ; '
            f'qcdc:issueYear {y} ; qcdc:issuer reg:CP ; qcdc:title "Văn bản thử của cơ quan số {i}" ; '
            f'qcdc:citationLabel "Nghị định số {n}/{y}/NĐ-CP" ; qcdc:dateIssued "{y}-03-01"^^xsd:date{extra} ; '
            f'qcdc:provenance [ qcdc:covers qcdc:dateIssued{", qcdc:ceased, qcdc:replacedBy" if extra else ""} ; '
            f'dct:source "made-up test data" ; qcdc:confidence qcdc:unsure ] .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--http-scales", type=int, nargs="*", default=[1, 10, 100])
    ap.add_argument("--plans", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the warm figures and of the HTTP load")
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--http-requests", type=int, default=100, help="requests per scale and round")
    ap.add_argument("--extra", type=int, default=50, help="instruments of the office's extra registry (0: none)")
    ap.add_argument("--extra-scales", type=int, nargs="*", help="the scales measured with the extra registry "
                    "(default: every scale; its one-time checks run the registry shapes over the whole registry)")
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
        office = [str(office_registry(tmp / "office.ttl", args.extra, random.Random(args.seed)))] if args.extra else []
        extra_scales = [s for s in args.scales if args.extra_scales is None or s in args.extra_scales]
        variants = [(s, ()) for s in args.scales] + ([(s, tuple(office)) for s in extra_scales] if office else [])
        envs, rows = {}, {}
        for scale in args.scales:
            extra = None
            if scale > 1:
                extra = generate_registry(tmp / f"x{scale}.ttl", (scale - 1) * base, random.Random(args.seed))
            path = package_copy(Path(args.src), tmp / f"x{scale}", extra)
            envs[scale] = dict(os.environ, PYTHONPATH=str(path), QCDC_CACHE_DIR=str(tmp / f"cache-{scale}"))
        for v in variants:
            scale, extra = v
            cmd = [sys.executable, "-c", BUILD_EXTRA, *extra] if extra else [sys.executable, "-c", BUILD]
            build, _ = timed(cmd, envs[scale])
            rows[v] = {"scale": scale, "extra": list(extra), "build_s": build, "cold_wall": [], "cold_cpu": [],
                       "warm_cpu": [], "warm_wall": [], "rate_cpu": [], "rate_wall": [], "http_rate": [],
                       "http_cpu": [], "http_errors": 0}
            _say(f"{_label(v)}: cache built in {build:.1f} s")
        for _ in range(args.cold_runs):
            for v in variants:
                wall, cpu = timed([sys.executable, "-c", COLD, plans[0], *v[1]], envs[v[0]])
                rows[v]["cold_wall"].append(wall)
                rows[v]["cold_cpu"].append(cpu)
        _say("cold starts measured")
        _warm(args, plans, envs, rows, variants)
        _http(args, plans, envs, rows, [(s, ()) for s in http_scales])
    _print(args, [rows[v] for v in variants], base)
    if args.json:
        Path(args.json).write_text(json.dumps([rows[v] for v in variants], indent=2) + "\n", "utf-8")


def _label(v) -> str:
    return f"{v[0]}x" + (" + extra" if v[1] else "")


def _base_count(src: Path, tmp: Path) -> int:
    path = package_copy(src, tmp / "count", None)
    env = dict(os.environ, PYTHONPATH=str(path), QCDC_CACHE_DIR=str(tmp / "cache-count"))
    count = "from qcdc_rules.pipeline import load_compiled; print(len(load_compiled().registry.instruments))"
    out = subprocess.run([sys.executable, "-c", count], env=env, check=True, capture_output=True, text=True).stdout
    return int(out.split()[-1])


def _warm(args, plans: list[str], envs: dict, rows: dict, variants: list) -> None:
    workers = {v: subprocess.Popen([sys.executable, "-c", WORKER, json.dumps(list(v[1])), *plans], env=envs[v[0]],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for v in variants}
    try:
        for v, w in workers.items():
            rows[v]["instruments"] = json.loads(w.stdout.readline())["instruments"]
        for _ in range(args.rounds):
            for v, w in workers.items():
                w.stdin.write("go\n")
                w.stdin.flush()
                got = json.loads(w.stdout.readline())
                for key in ("warm_cpu", "warm_wall"):
                    rows[v][key] += got[key]
                for key in ("rate_cpu", "rate_wall"):
                    rows[v][key].append(got[key])
        _say("warm figures measured")
    finally:
        for w in workers.values():
            w.stdin.close()
            w.wait()


def _http(args, plans: list[str], envs: dict, rows: dict, variants: list) -> None:
    if not variants:
        return
    bodies = [json.dumps({"text": Path(p).read_text("utf-8"), "filename": Path(p).name}, ensure_ascii=False).encode()
              for p in plans]
    services = {}
    try:
        for v in variants:  # started one at a time: each loads its registry once, in its engine process
            services[v] = Service(envs[v[0]])
            t = time.perf_counter()
            info = services[v].ready()
            rows[v]["http_start_s"] = time.perf_counter() - t
            assert info["registry"]["instruments"] == rows[v]["instruments"], info
            services[v].load(bodies, 8)  # the first requests of a new service
        for _ in range(args.rounds):
            for v, svc in services.items():
                got = svc.load(bodies, args.http_requests)
                rows[v]["http_rate"].append(got["rate"])
                rows[v]["http_cpu"].append(got["cpu_per_check"])
                rows[v]["http_errors"] += got["errors"]
        _say("HTTP figures measured")
    finally:
        for svc in services.values():
            svc.stop()


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _print(args, rows: list[dict], base: int) -> None:
    med = statistics.median
    ref = rows[0]  # today's registry, no extra registry: every ratio is to it
    print(f"registry of {base} instruments beside synthetic ones; {args.plans} generated plans (seed {args.seed}); "
          f"{args.rounds} rounds, {args.cold_runs} cold starts; extra registry: {args.extra} instruments; "
          f"ratios are of CPU time to the first row's (today's registry, no extra registry)\n")
    print("| scale | instruments | cache build (once) | cold start, wall / CPU | warm per plan, wall / CPU | "
          "checks/s in 1 process, wall / CPU | HTTP checks/s (ratio) | service CPU per check | service start |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        cold = (med(r["cold_wall"]), med(r["cold_cpu"]))
        warm = (med(r["warm_wall"]) * 1000, med(r["warm_cpu"]) * 1000)
        rate = (med(r["rate_wall"]), med(r["rate_cpu"]))
        ratio = {
            "cold": cold[1] / med(ref["cold_cpu"]), "warm": warm[1] / (med(ref["warm_cpu"]) * 1000),
            "rate": med(ref["rate_cpu"]) / rate[1],
        }
        http = "not run" if not r["http_rate"] else f"{med(r['http_rate']):.1f}" + (
            f" ({med(ref['http_rate']) / med(r['http_rate']):.2f}x the time)" if ref["http_rate"] else "") + (
            f" ({r['http_errors']} errors)" if r["http_errors"] else "")
        http_cpu = "not run" if not r["http_cpu"] or not ref["http_cpu"] else \
            f"{med(r['http_cpu']) * 1000:.0f} ms ({med(r['http_cpu']) / med(ref['http_cpu']):.2f}x)"
        start = f"{r['http_start_s']:.1f} s" if "http_start_s" in r else "not run"
        print(f"| {_label((r['scale'], r['extra']))} | {r['instruments']} | {r['build_s']:.1f} s | "
              f"{cold[0]:.2f} / {cold[1]:.2f} s ({ratio['cold']:.2f}x) | {warm[0]:.1f} / {warm[1]:.1f} ms "
              f"({ratio['warm']:.2f}x) | {rate[0]:.1f} / {rate[1]:.1f} ({ratio['rate']:.2f}x the time) | {http} | "
              f"{http_cpu} | {start} |")


if __name__ == "__main__":
    main()
