"""A long file: its check tells each stage as it starts, and at a terminal the command shows them on stderr."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from qcdc_rules.pipeline import Engine, Options

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "fixtures" / "plans" / "mau-2026.txt"


def test_the_engine_tells_each_stage_in_order(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN.read_text("utf-8"), "utf-8")
    seen: list[str] = []
    report, _ = Engine().check_file_with_source(path, Options(), seen.append)
    assert seen == ["read", "extract", "graph", "rules"]
    assert report.findings  # the stages are those of a real check


def test_a_long_file_shows_its_stage_on_a_terminal_and_a_short_one_does_not(tmp_path):
    long_plan = tmp_path / "dai.txt"
    text = PLAN.read_text("utf-8")
    long_plan.write_text("\n".join([text] * (700_000 // len(text.encode()) + 1)), "utf-8")
    short_plan = tmp_path / "ngan.txt"
    short_plan.write_text(text, "utf-8")
    for plan, expect in ((long_plan, True), (short_plan, False)):
        master, slave = pty.openpty()  # stderr is a terminal, stdout a pipe
        out_file = tmp_path / "out.txt"
        with out_file.open("wb") as stdout:  # a file, not a pipe: nobody reads a pipe while stderr is read
            proc = subprocess.Popen([sys.executable, "-m", "qcdc_rules.cli", "check", "--format", "concise", str(plan)],
                                    stdout=stdout, stderr=slave, env={**os.environ, "COLUMNS": "200"})
        os.close(slave)
        err = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        proc.wait()
        out = out_file.read_text("utf-8")
        os.close(master)
        shown = err.decode("utf-8", "replace")
        assert ("đang tìm các văn bản được trích dẫn" in shown and plan.name in shown) is expect, shown[-500:]
        assert "QCDC" in out  # the report itself is on stdout, as without a terminal
