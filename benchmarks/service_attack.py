"""The service under attack, printed as numbers (no timed test: run this and read it).

    python benchmarks/service_attack.py [--workers 2] [--uploads 50] [--slow 20] [--kills 5] [--kill-engine]

Starts `qcdc-check serve` on loopback and, at the same time:
  * --uploads clients each send one large upload (19 MiB, multipart, a .txt over the character limit);
  * --slow clients send a check's body at 100 bytes a second (they hold a place until the upload limit);
  * 4 clients send normal checks (the sample plan as JSON) one after another;
  * /healthz is asked every 0.25 s;
  * --kills times, a check's process is killed (SIGKILL) while it runs (and, with --kill-engine, the engine
    process once, after the kills).
Prints, per kind of request, how each ended (status and problem code); every request must end in a result
(200, JSON) or a problem (application/problem+json): anything else (a reset, an empty answer, another body)
is counted as BAD. Also the /healthz answers and their worst latency, and the peak memory (RSS) of the HTTP
process, the engine process and the largest check process, and the memory of each at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "plans" / "mau-2026.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    try:
        return [int(k) for t in Path(f"/proc/{pid}/task").iterdir() for k in (t / "children").read_text().split()]
    except OSError:
        return []


async def request(port: int, method: str, path: str, headers: dict, body: bytes = b"", rate: float = 0,
                  timeout: float = 300) -> tuple:
    """One request on its own connection; (status, content type, body) or ("BAD", what happened)."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as e:
        return ("BAD", f"connect {type(e).__name__}")
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head += f"Content-Length: {len(body)}\r\n\r\n"

    async def send():
        try:
            writer.write(head.encode())
            if rate:
                for i in range(0, len(body), 100):
                    writer.write(body[i:i + 100])
                    await writer.drain()
                    await asyncio.sleep(100 / rate)
            else:
                for i in range(0, len(body), 1 << 20):
                    writer.write(body[i:i + (1 << 20)])
                    await writer.drain()
        except (OSError, asyncio.CancelledError):
            pass  # the server answered (and closed) before the body was sent: its answer is read below

    sender = asyncio.create_task(send())
    try:
        raw = await asyncio.wait_for(reader.read(), timeout)
    except asyncio.TimeoutError:
        return ("BAD", "no answer in time")
    except OSError as e:
        return ("BAD", f"{type(e).__name__} before an answer")
    finally:
        sender.cancel()
        writer.close()
    if not raw:
        return ("BAD", "closed without an answer")
    head, _, payload = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    hdrs = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    return (int(lines[0].split()[1]), hdrs.get("content-type", ""), payload)


def outcome(r: tuple) -> str:
    if r[0] == "BAD":
        return "BAD " + r[1]
    status, ctype, payload = r
    try:
        body = json.loads(payload)
    except ValueError:
        return f"BAD {status} not JSON"
    if status == 200 and ctype.startswith(("application/json", "application/sarif+json")) and "files" in body:
        return "200 result"
    if ctype.startswith("application/problem+json") and body.get("code"):
        return f"{status} {body['code']}"
    return f"BAD {status} {ctype}"


def multipart(name: str, data: bytes) -> tuple[bytes, dict]:
    b = "qcdcATTACK"
    body = (f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={b}"}


async def attack(args, port: int, server_pid: int) -> dict:
    sample = SAMPLE.read_text(encoding="utf-8")
    unit = "Luật Thực hiện dân chủ ở cơ sở; ".encode()
    big = unit * (19 * 1024 * 1024 // len(unit))  # 19 MiB, 8.3 M characters: over the character limit
    big_body, big_headers = multipart("big.txt", big)
    check_body = json.dumps({"text": sample, "filename": "plan.txt"}, ensure_ascii=False).encode()
    flood = json.dumps({"text": sample + "\n" + "Luật Thực hiện dân chủ ở cơ sở; " * 30_000, "filename": "f.txt"},
                       ensure_ascii=False).encode()
    jh = {"Content-Type": "application/json"}
    results: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    health = {"asked": 0, "ok": 0, "worst": 0.0}
    peaks = {"http": 0.0, "engine": 0.0, "check": 0.0}
    kills = {"checks": 0, "engine": 0}
    done = asyncio.Event()

    async def upload():
        results["large upload"][outcome(await request(port, "POST", "/api/v1/check", big_headers, big_body))] += 1

    async def slow():
        r = await request(port, "POST", "/api/v1/check", jh, check_body, rate=100)
        results["slow client"][outcome(r)] += 1

    async def normal():
        while not done.is_set():
            results["normal check"][outcome(await request(port, "POST", "/api/v1/check", jh, check_body))] += 1

    async def killed():  # long checks, whose process is killed under them
        while not done.is_set() and kills["checks"] < args.kills:
            results["check killed"][outcome(await request(port, "POST", "/api/v1/check", jh, flood))] += 1

    async def healthz():
        while not done.is_set():
            t = time.perf_counter()
            r = await request(port, "GET", "/healthz", {}, timeout=30)
            health["asked"] += 1
            health["worst"] = max(health["worst"], time.perf_counter() - t)
            if r[0] == 200:
                health["ok"] += 1
            await asyncio.sleep(0.25)

    async def watch():
        while not done.is_set():
            peaks["http"] = max(peaks["http"], rss_mb(server_pid))
            for engine in children(server_pid):
                peaks["engine"] = max(peaks["engine"], rss_mb(engine))
                for check in children(engine):
                    peaks["check"] = max(peaks["check"], rss_mb(check))
            await asyncio.sleep(0.05)

    async def killer():
        give_up = time.monotonic() + 120
        while kills["checks"] < args.kills and time.monotonic() < give_up:
            await asyncio.sleep(1.0)
            for engine in children(server_pid):
                for check in children(engine)[:1]:
                    try:
                        os.kill(check, signal.SIGKILL)
                        kills["checks"] += 1
                    except ProcessLookupError:
                        pass
        if args.kill_engine:
            for engine in children(server_pid):
                os.kill(engine, signal.SIGKILL)
                kills["engine"] += 1

    background = [asyncio.create_task(f()) for f in (healthz, watch)]
    background += [asyncio.create_task(normal()) for _ in range(4)]
    background.append(asyncio.create_task(killed()))
    t = time.perf_counter()
    await asyncio.gather(killer(), *(upload() for _ in range(args.uploads)), *(slow() for _ in range(args.slow)))
    if args.kill_engine:  # until it is back
        while health["ok"] == 0 or not await _ready(port):
            await asyncio.sleep(0.5)
    done.set()
    await asyncio.gather(*background)
    return {"results": results, "health": health, "peaks": peaks, "kills": kills,
            "elapsed": time.perf_counter() - t}


async def _ready(port: int) -> bool:
    r = await request(port, "GET", "/healthz", {}, timeout=10)
    return r[0] == 200 and json.loads(r[2]).get("status") == "ok"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--max-checks", type=int, default=8)
    ap.add_argument("--time-limit", type=float, default=20)
    ap.add_argument("--uploads", type=int, default=50)
    ap.add_argument("--slow", type=int, default=20)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--kill-engine", action="store_true")
    args = ap.parse_args()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "qcdc_rules.cli", "serve", "--port", str(port), "--workers",
                             str(args.workers), "--max-checks", str(args.max_checks), "--time-limit",
                             str(args.time_limit), "--log-level", "warning"], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        start = {"http": rss_mb(proc.pid), "engine": max([rss_mb(p) for p in children(proc.pid)] or [0])}
        out = asyncio.run(attack(args, port, proc.pid))
        time.sleep(1.0)
        end = {"http": rss_mb(proc.pid), "engine": max([rss_mb(p) for p in children(proc.pid)] or [0]),
               "checks alive": sum(len(children(p)) for p in children(proc.pid))}
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    print(f"qcdc-check serve --workers {args.workers} --max-checks {args.max_checks} --time-limit "
          f"{args.time_limit:g}: {args.uploads} uploads of 19 MiB, {args.slow} slow clients (100 B/s), 4 clients "
          f"of normal checks, {out['kills']['checks']} check processes killed"
          + (f", the engine process killed {out['kills']['engine']}x" if args.kill_engine else "")
          + f" ({os.cpu_count()} cores, {out['elapsed']:.0f} s)")
    bad = 0
    for kind, counter in out["results"].items():
        bad += sum(n for k, n in counter.items() if k.startswith("BAD"))
        print(f"  {kind:<13} " + ", ".join(f"{k}: {n}" for k, n in sorted(counter.items())))
    print(f"  every request ended in a result or a problem: {'yes' if bad == 0 else f'NO, {bad} did not'}")
    h = out["health"]
    print(f"  /healthz      {h['ok']} of {h['asked']} answered 200, worst {h['worst'] * 1000:.0f} ms")
    p = out["peaks"]
    print(f"  memory (RSS)  HTTP process {start['http']:.0f} -> peak {p['http']:.0f} -> end {end['http']:.0f} MB; "
          f"engine process {start['engine']:.0f} -> peak {p['engine']:.0f} -> end {end['engine']:.0f} MB; "
          f"largest check process {p['check']:.0f} MB; check processes left at the end: {end['checks alive']}")
    tracebacks = err.count("Traceback")
    print(f"  server log    {len(err.splitlines())} lines, {tracebacks} tracebacks")


if __name__ == "__main__":
    main()
