"""Helpers of the service tests: the app in-process (FastAPI's test client) and `qcdc-check serve` on loopback."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path


def make_client(**settings):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note on httpx versions
        from fastapi.testclient import TestClient
    from qcdc_rules.server.app import create_app
    from qcdc_rules.server.settings import Settings

    return TestClient(create_app(Settings(**settings)), raise_server_exceptions=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`qcdc-check serve` started as a user starts it, on a free loopback port; stopped at the end."""

    def __init__(self, *args: str, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "qcdc_rules.cli", "serve", "--port", str(self.port), "--log-level", "warning",
               *args]
        self.logfile = tempfile.NamedTemporaryFile(prefix="qcdc-serve-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, stdout=self.logfile,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + self.log())
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start in 60 s")

    def log(self) -> str:
        """What the server wrote so far (standard output and error)."""
        return Path(self.logfile.name).read_text(encoding="utf-8", errors="replace")

    def descendants(self) -> list[int]:
        """The processes the server started, and theirs."""
        out, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            try:
                kids = [int(k) for t in Path(f"/proc/{pid}/task").iterdir()
                        for k in (t / "children").read_text().split()]
            except OSError:
                continue
            out += kids
            todo += kids
        return out

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def post(url: str, parts=(), fields=(), headers=None, body: bytes | None = None, ctype: str | None = None):
    """A POST of multipart (name, filename, bytes) parts and (name, value) fields; (status, headers, body)."""
    boundary = "qcdctestboundary"
    if body is None:
        body = b""
        for name, value in fields:
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, filename, data in parts:
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        ctype = f"multipart/form-data; boundary={boundary}"
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=240) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
