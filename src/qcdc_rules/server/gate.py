"""At most `max_checks` checks admitted at once per worker: one runs on the engine (a single thread: the
engine's store is not shared between checks), the others wait in order; one more gets 503 at once with
Retry-After. A check that has not finished within the time limit is answered 503 (it is cancelled if it
has not started; one already running finishes in the background and its slot is freed then)."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

from .problems import Problem

T = TypeVar("T")


class Gate:
    def __init__(self, max_checks: int, time_limit: float):
        self.max_checks = max(1, max_checks)
        self.time_limit = time_limit
        self.admitted = 0
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qcdc-check")

    async def run(self, work: Callable[[], T]) -> T:
        if self.admitted >= self.max_checks:
            raise Problem("busy", headers={"Retry-After": "1"}, retry=1)
        self.admitted += 1
        loop = asyncio.get_running_loop()
        future = self.pool.submit(work)
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._release))
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), self.time_limit)
        except asyncio.TimeoutError:
            future.cancel()
            raise Problem("timeout", headers={"Retry-After": "5"}, limit=f"{self.time_limit:g}") from None

    def _release(self) -> None:
        self.admitted -= 1

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
