"""Load on the HTTP service, printed as numbers (no timed test: run this and read it).

    python benchmarks/load.py [--workers 2] [--clients 16] [--requests 200]

Starts `qcdc-check serve --workers N` on loopback (N checks at once, each in a process forked from the engine
process: server/workers.py, engine_process.py, gate.py), then C clients each send R requests (POST
/api/v1/check, JSON text of the fixture plans and, when ../shared is beside the checkout, the corpus plans) over
keep-alive connections, at most C in flight. Prints checks/s, latency percentiles (p50, p90, p95, p99, max),
the error count, the RSS of the HTTP process and of the engine process at the start, after the first 1,000
requests and at the end, the largest RSS seen of a check's process (sampled every 20 ms) and the CPU time of
each part. The client is a small HTTP/1.1 writer on asyncio streams, so that it takes as little of the
machine's CPU as it can.
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
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def plans() -> list[bytes]:
    files = sorted((ROOT / "fixtures" / "plans").glob("*.txt")) + sorted((ROOT.parent / "shared"
                                                                          / "corpus").glob("*.txt"))
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


def cpu_s(pid: int, children: bool = False) -> float:
    """User + system CPU seconds of `pid` (with `children`: of its ended children it has waited for)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def children_of(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids += [int(k) for k in (task / "children").read_text().split()]
    except OSError:
        pass
    return kids


def engine_of(pid: int) -> int:
    """The engine process: the HTTP process's child running qcdc_rules.server.engine_process."""
    for k in children_of(pid):
        try:
            if b"qcdc_rules.server.engine_process" in Path(f"/proc/{k}/cmdline").read_bytes():
                return k
        except OSError:
            continue
    raise SystemExit("no engine process found under the server")


class CheckSampler(threading.Thread):
    """The largest RSS seen of a check's process (a child of the engine process), and how many were seen."""

    def __init__(self, engine: int):
        super().__init__(daemon=True)
        self.engine, self.peak, self.seen, self.stop = engine, 0.0, set(), threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.02):
            for k in children_of(self.engine):
                try:
                    self.peak = max(self.peak, rss_mb(k))
                    self.seen.add(k)
                except OSError:
                    pass  # ended meanwhile


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
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        time.sleep(1.0)
        engine = engine_of(proc.pid)
        parts = {"HTTP process": proc.pid, "engine process": engine}
        bodies = plans()
        rss_start = {k: rss_mb(p) for k, p in parts.items()}
        cpu_start = {"HTTP process": cpu_s(proc.pid), "engine + checks": cpu_s(engine, children=True)}
        rss_1000: dict[str, float] = {}
        sampler = CheckSampler(engine)
        sampler.start()
        latencies, errors, elapsed = asyncio.run(run_load(
            port, args.clients, args.requests, bodies,
            lambda: rss_1000.update({k: rss_mb(p) for k, p in parts.items()})))
        sampler.stop.set()
        sampler.join()
        rss_end = {k: rss_mb(p) for k, p in parts.items()}
        time.sleep(0.5)  # the last checks' processes are waited for
        cpu = {"HTTP process": cpu_s(proc.pid) - cpu_start["HTTP process"],
               "engine + checks": cpu_s(engine, children=True) - cpu_start["engine + checks"]}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    total = len(latencies)
    q = statistics.quantiles(sorted(latencies), n=100)
    print(f"qcdc-check serve --workers {args.workers} --max-checks {args.clients}: {args.clients} clients x "
          f"{args.requests} requests ({len(bodies)} different plans, {os.cpu_count()} cores, client on the same "
          "machine)")
    print(f"  checks        {total} in {elapsed:.1f} s = {total / elapsed:.1f} checks/s")
    print(f"  latency       p50 {q[49] * 1000:.0f} ms, p90 {q[89] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, "
          f"p99 {q[98] * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
    print(f"  errors        {len(errors)}" + (f" (statuses {sorted(set(errors))})" if errors else ""))
    for k in rss_start:
        print(f"  {k:15} RSS start {rss_start[k]:.0f} MB, after 1,000 requests {rss_1000.get(k, 0):.0f} MB, "
              f"end {rss_end[k]:.0f} MB")
    print(f"  check processes seen {len(sampler.seen)}, largest RSS seen {sampler.peak:.0f} MB")
    print(f"  CPU           HTTP process {cpu['HTTP process']:.1f} s, engine process and checks "
          f"{cpu['engine + checks']:.1f} s")


if __name__ == "__main__":
    main()
