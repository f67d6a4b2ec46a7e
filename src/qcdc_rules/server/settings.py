"""The service's settings: what `qcdc-check serve` was given, passed to each worker process through the
environment (uvicorn starts workers by importing the app, so the environment is what they share)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..readers import DEFAULT_MAX_BYTES

PREFIX = "QCDC_SERVER_"


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(PREFIX + name, default)))
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    max_bytes: int = DEFAULT_MAX_BYTES  # request body limit, the CLI's file limit
    time_limit: float = 60.0  # seconds a check may take, waiting for the engine included
    max_checks: int = 8  # requests admitted at once per worker (reading, waiting or running); more get 503
    workers: int = 1  # checks running at once, each in its own process forked from the engine process
    token: str | None = None  # bearer token required by /api/ (not by the page or /healthz)
    cors_origins: tuple[str, ...] = field(default_factory=tuple)  # CORS is off unless origins are given
    # documents in one batch request (several `file` parts, or the entries of a .zip), and their bytes together
    # (a .zip's entries expanded); by default from QCDC_SERVER_MAX_FILES / QCDC_SERVER_MAX_BATCH_BYTES
    max_files: int = field(default_factory=lambda: _env_int("MAX_FILES", 50))
    max_batch_bytes: int = field(default_factory=lambda: _env_int("MAX_BATCH_BYTES", 50 * 1024 * 1024))

    def to_env(self) -> dict[str, str]:
        env = {PREFIX + "MAX_BYTES": str(self.max_bytes), PREFIX + "TIME_LIMIT": str(self.time_limit),
               PREFIX + "MAX_CHECKS": str(self.max_checks),
               PREFIX + "WORKERS": str(self.workers), PREFIX + "CORS": ",".join(self.cors_origins),
               PREFIX + "MAX_FILES": str(self.max_files), PREFIX + "MAX_BATCH_BYTES": str(self.max_batch_bytes)}
        if self.token:
            env["QCDC_TOKEN"] = self.token
        return env

    @classmethod
    def from_env(cls, env=None) -> "Settings":
        env = os.environ if env is None else env
        default = cls()
        return cls(
            max_bytes=int(env.get(PREFIX + "MAX_BYTES", default.max_bytes)),
            time_limit=float(env.get(PREFIX + "TIME_LIMIT", default.time_limit)),
            max_checks=int(env.get(PREFIX + "MAX_CHECKS", default.max_checks)),
            workers=int(env.get(PREFIX + "WORKERS", default.workers)),
            token=env.get("QCDC_TOKEN") or None,
            cors_origins=tuple(o for o in env.get(PREFIX + "CORS", "").split(",") if o.strip()),
            max_files=int(env.get(PREFIX + "MAX_FILES", default.max_files)),
            max_batch_bytes=int(env.get(PREFIX + "MAX_BATCH_BYTES", default.max_batch_bytes)),
        )
