"""SIGKILL at chosen moments of a write (QCDC_TEST_PAUSE_AT, core/atomic.py): the file and its backup are each
the old or the new content, whole; a temporary file left by the killed run is removed by the next one; the
next --fix never writes .bak.1 beside an empty .bak (issue 22, item 7)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile

import pytest

from docx_builder import plan_to_docx
from writehelp import PLAN_TXT, cli

PLAN = PLAN_TXT.read_text("utf-8")
POINTS = [f"{label}:{point}" for label in ("backup", "file") for point in ("partial", "synced", "renamed")]


def killed_at(point: str, *args) -> None:
    """Run `qcdc-check ARGS` until it pauses at `point`, then SIGKILL it."""
    env = dict(os.environ, QCDC_TEST_PAUSE_AT=point, QCDC_TEST_PAUSE_SECONDS="60")
    p = subprocess.Popen([sys.executable, "-m", "qcdc_rules.cli", *map(str, args)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env)
    try:
        for line in p.stderr:
            if line.startswith(b"qcdc-test-pause " + point.encode()):
                break
        else:
            pytest.fail(f"the run ended (exit {p.wait()}) without reaching {point}")
        p.send_signal(signal.SIGKILL)
    finally:
        p.kill()
        p.wait()
        p.stderr.close()


def temporary_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".qcdc-tmp-"))


def is_whole_docx(data: bytes) -> bool:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.testzip() is None and "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


@pytest.fixture(scope="module")
def fixed_txt(tmp_path_factory):
    """What one --fix run makes of the plan."""
    p = tmp_path_factory.mktemp("reference") / "plan.txt"
    p.write_text(PLAN, "utf-8")
    assert cli("--fix", p).returncode in (0, 1)
    return p.read_bytes()


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_sigkill_during_fix(tmp_path, fixed_txt, kind, point):
    plan = tmp_path / f"plan.{kind}"
    if kind == "txt":
        plan.write_text(PLAN, "utf-8")
    else:
        plan_to_docx(PLAN, plan)
    old = plan.read_bytes()
    killed_at(point, "--fix", plan)
    now = plan.read_bytes()
    if kind == "txt":
        assert now in (old, fixed_txt), "the file is torn"
    else:
        assert now == old or (now and is_whole_docx(now)), "the .docx is torn"
    backups = sorted(tmp_path.glob(f"plan.{kind}.bak*"))
    assert all(b.read_bytes() == old for b in backups), "a backup is not the whole old file"
    if point.startswith("file") or point == "backup:renamed":
        assert [b.name for b in backups] == [f"plan.{kind}.bak"]  # the backup was durable before the replace
    if now != old:
        assert backups, "the file was replaced without a backup"
    # the next run: no temporary file is left, no .bak.1 beside an empty .bak
    assert cli("--fix", plan).returncode in (0, 1)
    assert temporary_files(tmp_path) == []
    backups = sorted(tmp_path.glob(f"plan.{kind}.bak*"))
    assert backups and all(b.stat().st_size > 0 for b in backups)
    assert backups[0].read_bytes() == old


def test_an_empty_backup_left_by_an_older_version_is_not_kept_beside_a_new_one(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, "utf-8")
    (tmp_path / "plan.txt.bak").write_bytes(b"")  # the copy of a run killed during shutil.copy2
    assert cli("--fix", plan).returncode in (0, 1)
    assert (tmp_path / "plan.txt.bak").read_text("utf-8") == PLAN and not (tmp_path / "plan.txt.bak.1").exists()


@pytest.mark.parametrize("point", ["report:partial", "report:synced", "baseline:partial", "baseline:synced"])
def test_sigkill_while_writing_a_report_or_a_baseline(tmp_path, point):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, "utf-8")
    (tmp_path / "report.json").write_text("the previous report\n", "utf-8")
    (tmp_path / "baseline.json").write_text('{"schema": "qcdc-check/baseline/1", "files": {}}\n', "utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    killed_at(point, "--format", "json", "-o", tmp_path / "report.json", "--write-baseline",
              tmp_path / "baseline.json", plan)
    import json

    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if not p.name.startswith(".")}
    target = point.split(":")[0] + ".json"
    assert after[target] == before[target] and after["plan.txt"] == before["plan.txt"]
    for name in ("report.json", "baseline.json"):  # the other is written before the report: old or new, whole
        assert after[name] == before[name] or json.loads(after[name])
    r = cli("--format", "json", "-o", tmp_path / "report.json", "--write-baseline", tmp_path / "baseline.json", plan)
    assert r.returncode in (0, 1) and temporary_files(tmp_path) == []

    assert json.loads((tmp_path / "report.json").read_text("utf-8"))["files"][0]["findings"]
    assert json.loads((tmp_path / "baseline.json").read_text("utf-8"))["files"]


@pytest.mark.parametrize("point", ["annotate:partial", "annotate:synced"])
def test_sigkill_while_writing_an_annotated_copy(tmp_path, point):
    docx = plan_to_docx(PLAN, tmp_path / "plan.docx")
    killed_at(point, "--annotate", tmp_path / "annotated.docx", docx)
    assert not (tmp_path / "annotated.docx").exists()
    assert cli("--annotate", tmp_path / "annotated.docx", docx).returncode in (0, 1)
    assert is_whole_docx((tmp_path / "annotated.docx").read_bytes()) and temporary_files(tmp_path) == []


def test_only_the_temporary_files_of_ended_runs_are_removed(tmp_path):
    from qcdc_rules.core.atomic import TMP_PREFIX, remove_stale

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / f"{TMP_PREFIX}{dead.pid}-0000-plan.txt").write_text("x")
    (tmp_path / f"{TMP_PREFIX}{os.getpid()}-0000-plan.txt").write_text("mine, being written")
    (tmp_path / ".plan.txt.swp").write_text("not ours")
    assert remove_stale(tmp_path, "plan.txt") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{TMP_PREFIX}{os.getpid()}-0000-plan.txt", ".plan.txt.swp"])
