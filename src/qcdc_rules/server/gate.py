"""How checks run: admission (at most `max_checks` x `workers` requests admitted at once, counted from before
their body is read: one more gets 503 with Retry-After at once, having sent nothing), at most `workers` checks
running at once, each in its own process forked from the engine process (engine_process.py), and the time
limit, waiting included: a check that passes it is killed, its memory goes back to the system with its
process, and the next check starts from the warm engine at once.

EngineProcess is the HTTP process's side of the engine process: one per process (the page's tests start
several apps in one process), started by the first app, restarted if it dies (the checks it was running
are answered 503), stopped with the process. Its messages are read by a thread, so that apps on different
event loops can share it."""
from __future__ import annotations

import asyncio
import atexit
import functools
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Optional

from .problems import Problem
from .progress import Board


class EngineProcess:
    _shared: Optional["EngineProcess"] = None
    _lock = threading.Lock()

    @classmethod
    def shared(cls) -> "EngineProcess":
        with cls._lock:
            if cls._shared is None or cls._shared.closed:
                cls._shared = cls()
            return cls._shared

    @classmethod
    def close_shared(cls) -> None:
        with cls._lock:
            if cls._shared is not None:
                cls._shared.close()

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="qcdc-serve-"))
        self.jobs: dict[str, tuple[asyncio.AbstractEventLoop, asyncio.Future]] = {}
        self.ids = itertools.count(1)
        self.ready = threading.Event()
        self.info: dict = {}
        self.conn: Optional[Connection] = None
        self.proc: Optional[subprocess.Popen] = None
        self.send_lock = threading.Lock()
        self.closed = False
        self.thread = threading.Thread(target=self._manage, name="qcdc-engine-process", daemon=True)
        self.thread.start()
        atexit.register(self.close)

    # the thread that starts the engine process (it dies with this thread: PR_SET_PDEATHSIG) and reads it
    def _manage(self) -> None:
        while not self.closed:
            ours, theirs = socket.socketpair()
            try:
                self.proc = subprocess.Popen(
                    [sys.executable, "-m", "qcdc_rules.server.engine_process", str(theirs.fileno()), str(os.getpid())],
                    pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
            finally:
                theirs.close()
            conn = Connection(ours.detach())
            try:
                while True:
                    msg = conn.recv()
                    if msg[0] == "ready":
                        self.info, self.conn = msg[1], conn
                        self.ready.set()
                    elif msg[0] == "done":
                        self._resolve(msg[1], msg[2])
            except (EOFError, OSError):
                pass
            self.ready.clear()
            self.conn = None
            conn.close()
            for job in list(self.jobs):
                self._resolve(job, None)
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            if not self.closed:
                time.sleep(0.5)

    def _resolve(self, job: str, code: Optional[int]) -> None:
        entry = self.jobs.pop(job, None)
        if entry is None:
            return
        loop, future = entry
        try:
            loop.call_soon_threadsafe(functools.partial(_set, future, code))
        except RuntimeError:  # that app's loop has ended
            pass

    def _send(self, msg) -> bool:
        with self.send_lock:
            conn = self.conn
            if conn is None:
                return False
            try:
                conn.send(msg)
                return True
            except OSError:
                return False

    def job_dir(self) -> Path:
        d = self.tmp / f"job-{next(self.ids)}"
        d.mkdir()
        return d

    def submit(self, spec: dict) -> tuple[str, asyncio.Future]:
        job = spec["out"]
        future = asyncio.get_running_loop().create_future()
        self.jobs[job] = (asyncio.get_running_loop(), future)
        if not self._send(("run", job, spec)):
            self.jobs.pop(job, None)
            future.set_result(None)
        return job, future

    def kill(self, job: str) -> None:
        self._send(("kill", job))

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self._send(("stop",))
        proc = self.proc
        if proc is not None:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _set(future: asyncio.Future, value) -> None:
    if not future.done():
        future.set_result(value)


class Gate:
    def __init__(self, engine: EngineProcess, max_checks: int, time_limit: float, workers: int = 1):
        self.engine = engine
        self.workers = max(1, workers)
        self.max_checks = max(1, max_checks) * self.workers
        self.time_limit = time_limit
        self.admitted = 0
        self.progress = Board()  # checks in progress that have a progress token (progress.py)
        self._running: Optional[asyncio.Semaphore] = None

    @property
    def full(self) -> bool:
        return self.admitted >= self.max_checks

    @staticmethod
    def busy() -> Problem:
        return Problem("busy", headers={"Retry-After": "1"}, retry=1)

    @contextmanager
    def admit(self):
        """A place for one request, taken before its body is read (503 busy when there is none)."""
        if self.full:
            raise self.busy()
        self.admitted += 1
        try:
            yield
        finally:
            self.admitted -= 1

    def _timeout(self) -> Problem:
        return Problem("timeout", headers={"Retry-After": "5"}, limit=f"{self.time_limit:g}")

    async def run(self, spec: dict) -> dict:
        """Run one job in its own process within the time limit; its answer's meta (the body is in spec["out"])."""
        deadline = time.monotonic() + self.time_limit
        if self._running is None:
            self._running = asyncio.Semaphore(self.workers)
        try:
            await asyncio.wait_for(self._running.acquire(), deadline - time.monotonic())
        except asyncio.TimeoutError:
            raise self._timeout() from None
        try:
            if not self.engine.ready.is_set():  # the engine process is (re)starting
                left = deadline - time.monotonic()
                if left <= 0 or not await asyncio.to_thread(self.engine.ready.wait, left):
                    raise Problem("busy", headers={"Retry-After": "5"}, retry=5)
            job, future = self.engine.submit(spec)
            try:
                code = await asyncio.wait_for(asyncio.shield(future), max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                self.engine.kill(job)
                await _ended(future)
                raise self._timeout() from None
            except asyncio.CancelledError:
                self.engine.kill(job)
                raise
        finally:
            self._running.release()
        if code is None:  # the engine process ended under this check; it is being restarted
            raise Problem("busy", headers={"Retry-After": "5"}, retry=5)
        meta_path = spec["out"] + ".meta"
        if code != 0 or not os.path.exists(meta_path):  # the check's process was killed or crashed
            if code not in (0, 70):
                known = code < 0 and -code in signal.Signals._value2member_map_
                signame = signal.Signals(-code).name if known else code
                print(f"qcdc-check serve: [{spec.get('request_id', '-')}] a check's process ended ({signame})",
                      file=sys.stderr, flush=True)
            raise Problem("internal-error")
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
        if "problem" in meta:
            p = meta["problem"]
            raise Problem(p["code"], status=p["status"], vi=p["vi"], en=p["en"], headers=p["headers"], extra=p["extra"])
        return meta

    def close(self) -> None:
        pass


async def _ended(future: asyncio.Future, wait: float = 10.0) -> None:
    try:
        await asyncio.wait_for(asyncio.shield(future), wait)
    except asyncio.TimeoutError:
        pass
