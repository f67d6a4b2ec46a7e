"""Load on the HTTP service, printed as numbers (no timed test: run this and read it).

    python benchmarks/load.py [--workers 2] [--clients 16] [--requests 200]

Starts `qcdc-check serve --workers N` on loopback, then C clients each send R requests (POST /api/v1/check,
JSON text of the fixture plans and, when ../shared is beside the checkout, the corpus plans) over keep-alive
connections, at most C in flight. Prints requests/s, p50/p95/p99 latency, the error count, and the RSS of
each worker at the start, after the first 1,000 requests and at the end. The client is a small HTTP/1.1
writer on asyncio streams, so that it takes as little of the machine's CPU as it can.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def plans() -> list[bytes]:
    files = sorted((ROOT / "fixtures" / "plans").glob("*.txt")) + sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))
    return [json.dumps({"text": p.read_text(encoding="utf-8"), "filename": p.name}, ensure_ascii=False).encode()
            for p in files]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def workers_of(pid: int) -> list[int]:
    """The uvicorn worker processes (children of the supervisor that serve requests)."""
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    # uvicorn's multiprocess supervisor may also start a resource tracker: keep the ones that import the app
    return [k for k in kids if "multiprocessing.resource_tracker" not in Path(f"/proc/{k}/cmdline").read_text()]


async def client(port: int, bodies: list[bytes], n: int, offset: int, latencies: list, errors: list,
                 done: list) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for i in range(n):
        body = bodies[(offset + i) % len(bodies)]
        head = (f"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        t = time.perf_counter()
        writer.write(head + body)
        await writer.drain()
        status_line = await reader.readline()
        length, close = 0, False
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            key, _, value = line.decode("latin-1").partition(":")
            if key.lower() == "content-length":
                length = int(value)
            elif key.lower() == "connection" and "close" in value.lower():
                close = True
        payload = await reader.readexactly(length)
        latencies.append(time.perf_counter() - t)
        status = int(status_line.split()[1]) if status_line else 0
        if status != 200 or b'"findings"' not in payload:
            errors.append(status)
        done[0] += 1
        if close:
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.close()


async def run_load(port: int, clients: int, requests: int, bodies: list[bytes], on_thousand) -> tuple:
    latencies: list[float] = []
    errors: list[int] = []
    done = [0]

    async def watch():
        while done[0] < 1000 and done[0] < clients * requests:
            await asyncio.sleep(0.05)
        on_thousand()

    watcher = asyncio.create_task(watch())
    t = time.perf_counter()
    await asyncio.gather(*(client(port, bodies, requests, c * 7, latencies, errors, done) for c in range(clients)))
    elapsed = time.perf_counter() - t
    await watcher
    return latencies, errors, elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--requests", type=int, default=200, help="requests per client")
    args = ap.parse_args()
    port = free_port()
    env = {**os.environ}
    proc = subprocess.Popen([sys.executable, "-m", "qcdc_rules.cli", "serve", "--port", str(port), "--workers",
                             str(args.workers), "--log-level", "warning", "--max-checks", str(args.clients)],
                            env=env)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
        time.sleep(2.0)  # every worker has loaded the engine (each warms itself before it accepts)
        pids = workers_of(proc.pid)
        bodies = plans()
        rss_start = {p: rss_mb(p) for p in pids}
        cpu_start = {p: cpu_s(p) for p in pids}
        rss_1000: dict[int, float] = {}
        latencies, errors, elapsed = asyncio.run(run_load(
            port, args.clients, args.requests, bodies, lambda: rss_1000.update({p: rss_mb(p) for p in pids})))
        rss_end = {p: rss_mb(p) for p in pids}
        cpu_end = {p: cpu_s(p) - cpu_start[p] for p in pids}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    total = len(latencies)
    q = statistics.quantiles(sorted(latencies), n=100)
    print(f"qcdc-check serve --workers {args.workers}: {args.clients} clients x {args.requests} requests "
          f"({len(bodies)} different plans, {os.cpu_count()} cores)")
    print(f"  requests      {total} in {elapsed:.1f} s = {total / elapsed:.1f} checks/s")
    print(f"  latency       p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms")
    print(f"  errors        {len(errors)}" + (f" (statuses {sorted(set(errors))})" if errors else ""))
    for p in pids:
        print(f"  worker {p:>7} RSS start {rss_start[p]:.0f} MB, after 1000 requests {rss_1000.get(p, 0):.0f} MB, "
              f"end {rss_end[p]:.0f} MB; CPU {cpu_end[p]:.1f} s")


if __name__ == "__main__":
    main()
