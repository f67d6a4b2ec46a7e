"""Issue 22 (service items 3, 4, 5, 9, 10, 11, 12, 14), each against a real `qcdc-check serve` on loopback:
the time limit stops a check and gives its memory back; a busy port is refused and the processes die with
the server; a full gate refuses before the body is read and uploads are never held whole; the download name
is encoded, not formatted; the CORS preflight comes before the token; deep JSON is a 400; a client that goes
away is one log line; nosniff everywhere; the registry look-up needs a symbol."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from docx_builder import plan_to_docx
from server_helpers import Server

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
SAMPLE = ROOT / "fixtures" / "plans" / "mau-2026.txt"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def call(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None,
         timeout: float = 60) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def check_json(url: str, text: str, timeout: float = 60, **options) -> tuple[int, dict, bytes]:
    body = json.dumps({"text": text, "filename": "plan.txt", **options}, ensure_ascii=False).encode()
    return call(url + "/api/v1/check", body, {"Content-Type": "application/json"}, timeout=timeout)


def multipart(name: str, data: bytes, boundary: str = "qcdcBOUNDARY") -> tuple[bytes, dict]:
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{escaped}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent's reaping is left


def tree_rss(server: Server) -> float:
    return rss_mb(server.proc.pid) + sum(rss_mb(p) for p in server.descendants())


def is_problem(status: int, headers: dict, body: bytes, expected: int, code: str) -> dict:
    assert status == expected, body[:300]
    assert headers["content-type"].startswith("application/problem+json")
    got = json.loads(body)
    assert got["code"] == code and got["status"] == expected
    return got


def flood(n: int) -> str:
    """The sample plan followed by n citations on one line (the campaign's make_citation_flood.py)."""
    return SAMPLE.read_text(encoding="utf-8") + "\n" + "Luật Thực hiện dân chủ ở cơ sở; " * n + "\n"


# ------------------------------------------------------------------------ item 3: the time limit stops
def test_time_limit_stops_the_check_and_gives_its_memory_back():
    server = Server("--time-limit", "2", "--workers", "1")
    try:
        assert check_json(server.url, SAMPLE.read_text(encoding="utf-8"))[0] == 200
        before = tree_rss(server)
        peak = [0.0]
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                peak[0] = max(peak[0], tree_rss(server))
                time.sleep(0.1)

        watcher = threading.Thread(target=watch)
        watcher.start()
        t = time.monotonic()
        # a ceased ordinance cited 110,000 times on one line (3.9 million characters, inside the limits): a
        # finding and an unsafe fix each up to the 5,000-fact cap, about 7 s of CPU — well over the limit
        slow = SAMPLE.read_text(encoding="utf-8") + "\n" + "Pháp lệnh số 34/2007/PL-UBTVQH11; " * 110_000 + "\n"
        status, headers, body = check_json(server.url, slow)
        took = time.monotonic() - t
        stop.set()
        watcher.join()
        is_problem(status, headers, body, 503, "timeout")
        assert took < 2 + 2 and headers["retry-after"]
        # the next normal requests are served at once, by a fresh check
        for _ in range(3):
            t = time.monotonic()
            assert check_json(server.url, SAMPLE.read_text(encoding="utf-8"))[0] == 200
            assert time.monotonic() - t < 2
        time.sleep(0.3)
        after = tree_rss(server)
        assert peak[0] > before + 50, (before, peak[0])  # the check did take memory …
        assert after < before + 30, (before, peak[0], after)  # … and gave it back
        assert len([p for p in server.descendants() if alive(p)]) == 1  # the engine process only
    finally:
        server.stop()


# -------------------------------------------------------------- item 4 and 14: a busy port, kill -9
@pytest.fixture(scope="module")
def guarded():
    s = Server("--workers", "2", "--token", "s3cret", "--cors-origin", "https://eoffice.example")
    yield s
    s.stop()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_second_server_on_a_busy_port_is_refused(guarded, workers):
    t = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "qcdc_rules.cli", "serve", "--port", str(guarded.port), "--workers",
                        workers], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot listen on 127.0.0.1:" + str(guarded.port) in lines[0], r.stderr
    assert "Traceback" not in r.stderr and time.monotonic() - t < 20
    # the first server is the only one answering, and it still asks for its token
    for _ in range(10):
        assert call(guarded.url + "/api/v1/rules")[0] == 401


def test_kill_9_of_the_server_ends_every_process_it_started():
    server = Server("--workers", "2")
    try:
        def slow_check():
            try:
                check_json(server.url, flood(60_000), timeout=30)
            except OSError:  # the server is killed under it
                pass

        slow = threading.Thread(target=slow_check, daemon=True)
        slow.start()
        deadline = time.monotonic() + 10
        while len(server.descendants()) < 2 and time.monotonic() < deadline:  # the engine process and a check
            time.sleep(0.05)
        kids = server.descendants()
        assert len(kids) >= 2
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait()
        deadline = time.monotonic() + 5
        while any(alive(p) for p in kids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(p) for p in kids)
        with socket.socket() as s:  # nobody holds the port any more
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", server.port))
    finally:
        server.stop()


# ----------------------------------------------------------------- item 5: the gate before the body
def raw_request(port: int, head: str, body: bytes = b"") -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(head.encode() + body)
    return s


def read_response(s: socket.socket, timeout: float) -> tuple[int, dict, bytes]:
    s.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        rest += chunk
    return int(lines[0].split()[1]), headers, rest


def upload_head(port: int, length: int, path: str = "/api/v1/check") -> str:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n")


def test_a_full_gate_refuses_before_reading_the_body():
    server = Server("--max-checks", "1", "--workers", "1")
    try:
        holder = raw_request(server.port, upload_head(server.port, 10_000_000), b'{"text": "')  # uploading, slowly
        time.sleep(0.5)
        waiting = raw_request(server.port, upload_head(server.port, 10_000_000))  # declares 10 MB, sends none
        status, headers, body = read_response(waiting, timeout=5)  # answered without its body
        is_problem(status, headers, body, 503, "busy")
        assert headers["retry-after"] == "1"
        waiting.close()
        holder.close()
        time.sleep(0.5)
        assert check_json(server.url, SAMPLE.read_text(encoding="utf-8"))[0] == 200  # the place is free again
    finally:
        server.stop()


def test_concurrent_uploads_are_spooled_not_held():
    server = Server("--max-checks", "40", "--workers", "1")
    try:
        front = server.proc.pid
        before = rss_mb(front)
        data = bytes(range(256)) * (15 * 1024 * 1024 // 256)  # 15 MiB, refused once read (.odt): the test is the upload
        body, headers = multipart("big.odt", data)
        peak = [0.0]
        results: list[int] = []
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mb(front))
                time.sleep(0.02)

        def one():
            results.append(call(server.url + "/api/v1/check", body, headers, timeout=120)[0])

        watcher = threading.Thread(target=watch)
        watcher.start()
        clients = [threading.Thread(target=one) for _ in range(20)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        stop.set()
        watcher.join()
        assert results == [415] * 20, results
        assert peak[0] - before < 100, (before, peak[0])  # 20 x 15 MiB = 300 MiB were sent at once
    finally:
        server.stop()


# ------------------------------------------------------------------ item 9: the download's name
NAMES = ['ev"; filename*=UTF-8\'\'evil.exe; x=".docx', "Kế hoạch số 15; \"mới\".docx", "plan\\..\\x.docx"]


@pytest.mark.parametrize("name", NAMES)
def test_download_name_is_one_safe_filename_and_filename_star(server, tmp_path, name):
    docx = plan_to_docx(SAMPLE.read_text(encoding="utf-8"), tmp_path / "plan.docx").read_bytes()
    body, headers = multipart(name, docx)
    status, got, _ = call(server.url + "/api/v1/annotate", body, headers)
    assert status == 200
    value = got["content-disposition"]
    m = re.fullmatch(r"""attachment; filename="([A-Za-z0-9._ -]+)"; filename\*=utf-8''([A-Za-z0-9%._~-]+)""", value,
                     flags=re.IGNORECASE)
    assert m, value
    assert value.count("filename=") == 1 and value.count("filename*=") == 1
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    assert unquote(m.group(2)) == stem + "-qcdc.docx"


def test_attachment_header_for_control_characters():
    from qcdc_rules.server.routes import attachment

    for name in ["a\r\nX-Evil: 1.docx", "\u202etxt.exe.docx", '";;"\x00.docx', "", "tệp.docx"]:
        value = attachment(name)
        assert "\r" not in value and "\n" not in value and "\x00" not in value
        m = re.fullmatch(r"""attachment; filename="([A-Za-z0-9._ -]+)"; filename\*=utf-8''([A-Za-z0-9%._~-]*)""", value)
        assert m, value
        assert unquote(m.group(2)) == name and m.group(2) == quote(name, safe="")


# --------------------------------------------------------------------- item 10: CORS before the token
def test_cors_preflight_is_answered_before_the_token(guarded):
    origin = "https://eoffice.example"
    status, headers, _ = call(guarded.url + "/api/v1/check", method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert status == 200
    assert headers["access-control-allow-origin"] == origin
    assert "POST" in headers["access-control-allow-methods"]
    assert "authorization" in headers["access-control-allow-headers"].lower()
    # the refusal itself can be read by the page (it carries the CORS headers), and the token still works
    status, headers, body = call(guarded.url + "/api/v1/rules", headers={"Origin": origin})
    is_problem(status, headers, body, 401, "unauthorized")
    assert headers["access-control-allow-origin"] == origin
    assert call(guarded.url + "/api/v1/rules", headers={"Origin": origin, "Authorization": "Bearer s3cret"})[0] == 200
    # another origin gets no CORS answer
    status, headers, _ = call(guarded.url + "/api/v1/check", method="OPTIONS", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in headers


# ---------------------------------------------- items 11 and 12: deep JSON, a client that goes away
def test_deep_json_is_400_and_a_client_that_goes_away_is_one_log_line():
    server = Server()
    try:
        deep = b"[" * 100_000 + b"]" * 100_000
        for body in (deep, b'{"text": "x", "select": ' + deep + b"}",
                     b'{"text": ' + b'{"a":' * 100_000 + b"1" + b"}" * 100_001):
            status, headers, got = call(server.url + "/api/v1/check", body, {"Content-Type": "application/json"})
            is_problem(status, headers, got, 400, "bad-request")
        secret = b"NOI-DUNG-MAT-CUA-KE-HOACH "
        s = raw_request(server.port, upload_head(server.port, 1_000_000), b'{"text": "' + secret * 2000)
        time.sleep(0.3)
        s.close()
        body, headers = multipart("plan.txt", secret * 2000)
        head = (f"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: {headers['Content-Type']}\r\n"
                f"Content-Length: {len(body) + 100_000}\r\n\r\n")
        s = raw_request(server.port, head, body)
        time.sleep(0.3)
        s.close()
        time.sleep(0.5)
        assert check_json(server.url, SAMPLE.read_text(encoding="utf-8"))[0] == 200
    finally:
        server.stop()
    log = server.log()
    assert "Traceback" not in log and "RecursionError" not in log and "ClientDisconnect" not in log, log[-3000:]
    assert secret.decode().strip() not in log
    gone = [line for line in log.splitlines() if "closed the connection" in line]
    assert len(gone) == 2, log[-3000:]


# ----------------------------------------------------------------- item 14: nosniff, registry symbols
def test_nosniff_on_every_response(server):
    body, headers = multipart("plan.odt", b"x")
    answers = [
        call(server.url + "/healthz"), call(server.url + "/"), call(server.url + "/static/app.js"),
        call(server.url + "/static/app.css"), call(server.url + "/api/v1/rules"),
        call(server.url + "/api/v1/openapi.json"), call(server.url + "/nowhere"),
        call(server.url + "/api/v1/rules", data=b"x", method="POST"),
        call(server.url + "/api/v1/check", body, headers),
        check_json(server.url, SAMPLE.read_text(encoding="utf-8")),
        call(server.url + "/api/v1/check", b"x", {"Content-Type": "text/plain"}),
    ]
    s = raw_request(server.port, upload_head(server.port, 10**10))
    answers.append(read_response(s, timeout=10))
    s.close()
    assert {a[0] for a in answers} >= {200, 404, 405, 413, 415}
    for status, headers, _ in answers:
        assert headers.get("x-content-type-options") == "nosniff", (status, headers)


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                                   "a%201%20b", "1", "x" * 500 + "/1/2"])
def test_registry_needs_a_symbol(server, query):
    status, headers, body = call(server.url + "/api/v1/registry/" + query)
    is_problem(status, headers, body, 404, "not-found")
    assert "alert" not in body.decode()


def test_registry_finds_a_symbol(server):
    status, _, body = call(server.url + "/api/v1/registry/34/2007/PL-UBTVQH11")
    assert status == 200 and json.loads(body)["symbol"] == "34/2007/PL-UBTVQH11"
    status, _, body = call(server.url + "/api/v1/registry/01-KL/TW")
    assert status == 200 and json.loads(body)["symbol"] == "01-KL/TW"
