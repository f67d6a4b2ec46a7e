"""Running the service: one process serves HTTP (uvicorn, one event loop: it only moves bytes) on one
listening socket that it binds itself, without SO_REUSEPORT, so that a port already in use is refused with the
tool's own error before anything starts, and no second server can share the port and its traffic. The engine
is loaded once, in the engine process (engine_process.py); each check runs in a process forked from it, at
most `workers` at once (gate.py). The engine process and the checks die with this process, even on kill -9
(PR_SET_PDEATHSIG), so no orphan keeps the port or a check alive."""
from __future__ import annotations

import os
import socket

from .settings import Settings

APP = "qcdc_rules.server.app:create_app"


def _socket(host: str, port: int) -> socket.socket:
    """The listening socket; OSError (address in use, no such address …) before any process is started."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT only: never a live listener's port
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(False)
    return sock


def serve(host: str, port: int, workers: int, settings: Settings, **options) -> None:
    """Serve until interrupted. `options`: uvicorn settings (log level, proxy headers …)."""
    import uvicorn

    from .gate import EngineProcess

    sock = _socket(host, port)
    os.environ.update(settings.to_env())  # the app reads its settings from the environment
    os.environ["QCDC_SERVER_WORKERS"] = str(workers)
    try:
        uvicorn.Server(uvicorn.Config(APP, factory=True, **options)).run(sockets=[sock])
    finally:
        EngineProcess.close_shared()
        sock.close()
