"""The OpenAPI document against the live service (issue 24): Schemathesis' own command line runs every check
but positive_data_acceptance against `qcdc-check serve --token …` on loopback, in positive and negative
modes, through its examples, fuzzing and stateful phases, and must find nothing: no response outside the
statuses, media types, headers and schemas the document gives, no schema-violating request accepted, no
answer without the token accepted, no server error.

Left out, and why: positive_data_acceptance (a request valid by the schema may still carry bytes that are no
document: 415/422 are the right answers), and the coverage phase (it stops with an internal error of
Hypothesis on this Python, "AST constructor recursion depth mismatch", and takes ~90 s). The run is bounded
(a fixed seed, 12 examples an operation): about 20 s of Schemathesis after the server has started."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from server_helpers import Server

pytest.importorskip("schemathesis")
ST = Path(sys.executable).with_name("st")


@pytest.fixture(scope="module")
def guarded():
    s = Server("--token", "st-token")
    yield s
    s.stop()


@pytest.mark.skipif(not ST.exists() and shutil.which("st") is None, reason="schemathesis command line not installed")
def test_schemathesis_finds_no_mismatch(guarded, tmp_path):
    st = str(ST) if ST.exists() else shutil.which("st")
    cmd = [st, "run", f"{guarded.url}/api/v1/openapi.json", "--url", guarded.url,
           "--header", "Authorization: Bearer st-token", "--checks", "all",
           "--exclude-checks", "positive_data_acceptance", "--mode", "all",
           "--phases", "examples,fuzzing,stateful", "--max-examples", "12", "--seed", "24",
           "--workers", "2", "--request-timeout", "60", "--report", "junit", "--report-dir", str(tmp_path)]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-6000:]
    assert "Stateful" in out and "API Links:    1 covered" in out, out[-3000:]
    junit = next(tmp_path.rglob("*.xml")).read_text(encoding="utf-8")
    assert 'failures="0"' in junit and 'errors="0"' in junit, junit[:2000]
