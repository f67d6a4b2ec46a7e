"""Helpers of the reliability tests (a module, not a conftest.py: tests/conftest.py is imported by that name;
import the fixture `tiny_disk` from here): a small tmpfs to fill up (a full disk, a read-only one) and the CLI run
as a real process (standard output on /dev/full, SIGKILL at chosen moments)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
HOSTILE = ROOT.parent / "shared" / "hostile" / "2026-12"
PLAN_TXT = ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt"  # has safe fixes


class TinyDisk:
    """A 64 KiB tmpfs at `path`: `fill()` takes every free byte, `read_only()` remounts it so."""

    def __init__(self, path: Path):
        self.path = path

    def fill(self, leave: int = 0) -> None:
        """Take every free byte but `leave` (a little room, as a nearly full disk has)."""
        fd = os.open(self.path / "zz-fill", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            for size in (4096, 512, 1):
                try:
                    while os.write(fd, b"\0" * size):
                        pass
                except OSError:
                    pass
            if leave:
                os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
        finally:
            os.close(fd)

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)

    def files(self) -> list[str]:
        return sorted(p.name for p in self.path.iterdir() if p.name != "zz-fill")


@pytest.fixture
def tiny_disk(tmp_path):
    where = tmp_path / "disk"
    where.mkdir()
    try:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
                           capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("no mount command here: a small tmpfs cannot be made (the in-process ENOSPC tests still run)")
    if r.returncode != 0:
        pytest.skip(f"mounting a 64 KiB tmpfs was refused ({r.stderr.strip() or r.returncode}): needs root; "
                    "the in-process ENOSPC tests still run")
    try:
        yield TinyDisk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def cli(*args, env=None, stdout=None, input=None, timeout=120) -> subprocess.CompletedProcess:
    """`qcdc-check ARGS` as a process (its own console script: standard output errors are seen at exit)."""
    full_env = dict(os.environ, **(env or {}))
    kw = {"stdout": stdout} if stdout is not None else {"stdout": subprocess.PIPE}
    return subprocess.run([sys.executable, "-m", "qcdc_rules.cli", *map(str, args)], stderr=subprocess.PIPE,
                          input=input, env=full_env, timeout=timeout, **kw)


def error_lines(stderr: bytes | str) -> list[str]:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    return [l for l in text.splitlines() if l.startswith(("qcdc-check: lỗi", "qcdc-check: error", '{"error"'))]
