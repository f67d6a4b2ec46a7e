"""Running the service: one uvicorn server per worker process, each with its own listening socket on the same
port (SO_REUSEPORT), so the kernel spreads connections over the workers. (uvicorn's own --workers shares
one socket: a worker whose event loop is free while its check runs in a thread accepts nearly every
connection, and the other workers idle — measured: 16 keep-alive clients gave one worker 16.0 s of CPU and
the other 1.1 s.) The supervisor restarts a worker that dies and stops them all on SIGINT/SIGTERM."""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import socket
import time

from .settings import Settings

APP = "qcdc_rules.server.app:create_app"


def _socket(host: str, port: int, listen: bool = True) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if hasattr(socket, "SO_REUSEPORT"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    if listen:
        sock.listen(2048)
    return sock


def _worker(host: str, port: int, options: dict) -> None:
    import uvicorn

    sock = _socket(host, port)
    uvicorn.Server(uvicorn.Config(APP, factory=True, **options)).run(sockets=[sock])


def serve(host: str, port: int, workers: int, settings: Settings, **options) -> None:
    """Serve until interrupted. `options`: uvicorn settings (log level, proxy headers …)."""
    import uvicorn

    os.environ.update(settings.to_env())  # workers read their settings from the environment
    if workers == 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, **options)
        return
    _socket(host, port, listen=False).close()  # the port is free (else: a clear OSError, before any worker)
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(host, port, options), daemon=False) for _ in range(workers)]
    for p in procs:
        p.start()
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            for i, p in enumerate(procs):
                if not p.is_alive():  # a worker that died is replaced; the others go on serving
                    procs[i] = ctx.Process(target=_worker, args=(host, port, options), daemon=False)
                    procs[i].start()
            time.sleep(0.5)
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=20)
            if p.is_alive():
                p.kill()
