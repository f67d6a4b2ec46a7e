"""A kill and disk-full campaign through the command line: `qcdc-check` is SIGKILLed at random moments while it
writes with --fix (.txt and .docx), --annotate, -o and --write-baseline, and run on a nearly full tmpfs (ENOSPC
at varying points). Counts torn files (neither the old nor a whole new content), truncated or empty backups,
temporary files a later run leaves, previous files changed by a failed run, runs that did not end in one clear
error with exit 2, and tracebacks. Prints numbers; asserts nothing (the goal is 0 of each).

Half the kills come at a random time in a run (uniform over its measured length), half at a random moment at or
after one of the writes' named points (QCDC_TEST_PAUSE_AT, core/atomic.py, with a random short pause).

    python benchmarks/killfix.py [--kills 200] [--enospc 50] [--seed 5] [--jobs 2] [--modes baseline,report]

--kills is per option: 200 kills of --fix (100 on a .txt, 100 on a .docx), 200 of --annotate, 200 of -o, 200 of
--write-baseline.

The ENOSPC part mounts a tmpfs (needs root; skipped with a note otherwise).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT.parent / "shared" / "hostile" / "2026-12"
MODES = ("fix-txt", "fix-docx", "annotate", "report", "baseline")
POINTS = {"fix-txt": ["backup", "file"], "fix-docx": ["backup", "file"], "annotate": ["annotate"],
          "report": ["report"], "baseline": ["baseline"]}
OLD_REPORT = b"the previous report\n"
OLD_BASELINE = b'{"schema": "qcdc-check/baseline/1", "files": {}}\n'


def sources() -> tuple[bytes, bytes]:
    txt, docx = HOSTILE / "plan-with-fixes.txt", HOSTILE / "plan-with-fixes.docx"
    if txt.is_file() and docx.is_file():
        return txt.read_bytes(), docx.read_bytes()
    sys.path.insert(0, str(ROOT / "tests"))
    from docx_builder import plan_to_docx

    text = (ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt").read_text("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        return text.encode("utf-8"), plan_to_docx(text, Path(tmp) / "p.docx").read_bytes()


def whole_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.testzip() is None and "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def whole_json(data: bytes, key: str) -> bool:
    try:
        return key in json.loads(data)
    except ValueError:
        return False


class Case:
    """One mode in one folder: its files, the command, and what counts as whole."""

    def __init__(self, mode: str, folder: Path, txt: bytes, docx: bytes, fixed_txt: bytes | None = None):
        self.mode, self.folder, self.fixed_txt = mode, folder, fixed_txt
        self.plan = folder / ("plan.docx" if mode in ("fix-docx", "annotate") else "plan.txt")
        self.old_plan = docx if self.plan.suffix == ".docx" else txt
        self.plan.write_bytes(self.old_plan)
        self.target = {"fix-txt": self.plan, "fix-docx": self.plan, "annotate": folder / "annotated.docx",
                       "report": folder / "report.json", "baseline": folder / "baseline.json"}[mode]
        self.old = {"report": OLD_REPORT, "baseline": OLD_BASELINE}.get(mode, self.old_plan)
        if mode in ("report", "baseline"):
            self.target.write_bytes(self.old)

    def args(self) -> list[str]:
        opt = {"fix-txt": ["--fix"], "fix-docx": ["--fix"], "annotate": ["--annotate", str(self.target)],
               "report": ["--format", "json", "-o", str(self.target)],
               "baseline": ["--write-baseline", str(self.target)]}[self.mode]
        return [sys.executable, "-m", "qcdc_rules.cli", "--no-progress", *opt, str(self.plan)]

    def target_ok(self) -> bool:
        """The target is absent (never written), its old content, or a whole new one."""
        if not self.target.exists():
            return self.mode == "annotate"
        data = self.target.read_bytes()
        if data == self.old:
            return True
        if self.mode == "fix-txt":
            return data == self.fixed_txt
        if self.mode in ("fix-docx", "annotate"):
            return whole_docx(data)
        return whole_json(data, "files")

    def bad_backups(self) -> int:
        if not self.mode.startswith("fix"):
            return 0
        return sum(1 for b in self.folder.glob(self.plan.name + ".bak*") if b.read_bytes() != self.old_plan)

    def temporaries(self) -> list[Path]:
        return [p for p in self.folder.iterdir() if p.name.startswith(".qcdc-tmp-")]

    def run(self, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(self.args(), capture_output=True, env=env, timeout=timeout)


def one_kill(mode: str, i: int, seed: int, base: Path, txt: bytes, docx: bytes, fixed_txt: bytes,
             length: float, env: dict) -> Counter:
    rng = random.Random(f"{seed}-{mode}-{i}")
    folder = base / f"{mode}-{i}"
    folder.mkdir()
    case = Case(mode, folder, txt, docx, fixed_txt)
    c = Counter(runs=1)
    run_env = dict(env)
    at_point = i % 2 == 1
    if at_point:
        point = f"{rng.choice(POINTS[mode])}:{rng.choice(['partial', 'synced', 'renamed'])}"
        run_env.update(QCDC_TEST_PAUSE_AT=point, QCDC_TEST_PAUSE_SECONDS=f"{rng.uniform(0, 0.02):.4f}")
    p = subprocess.Popen(case.args(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=run_env)
    if at_point:
        reached = threading.Event()

        def watch():
            for line in p.stderr:
                if line.startswith(b"qcdc-test-pause"):
                    reached.set()
            reached.set()

        t = threading.Thread(target=watch, daemon=True)
        t.start()
        reached.wait(120)
        time.sleep(rng.uniform(0, 0.03))
    else:
        time.sleep(rng.uniform(0, length))
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
        c["killed"] += 1
    p.wait()
    if not at_point:
        p.stderr.read()
    p.stderr.close()
    c["torn"] += not case.target_ok()
    c["bad backup"] += case.bad_backups()
    c["temporary after the kill"] += len(case.temporaries())
    if mode.startswith("fix") or mode == "annotate":
        c["plan changed"] += mode == "annotate" and case.plan.read_bytes() != case.old_plan
    # a later run, not killed: removes what the killed one left, and writes whole files (after every kill that
    # left a temporary file, and one kill in four otherwise)
    if not case.temporaries() and i % 4:
        shutil.rmtree(folder, ignore_errors=True)
        return c
    c["next runs"] += 1
    r = case.run(env)
    c["traceback"] += b"Traceback" in r.stderr
    c["leftover"] += len(case.temporaries())
    c["torn"] += not case.target_ok()
    c["bad backup"] += case.bad_backups()
    shutil.rmtree(folder, ignore_errors=True)
    return c


def kill_campaign(args, txt: bytes, docx: bytes, env: dict) -> dict[str, Counter]:
    base = Path(tempfile.mkdtemp(prefix="qcdc-killfix-"))
    results: dict[str, Counter] = {}
    try:
        ref = base / "reference"
        ref.mkdir()
        fixed_txt = None
        lengths = {}
        for mode in MODES:  # the length of an unkilled run of each mode (and the reference result of --fix)
            folder = ref / mode
            folder.mkdir()
            case = Case(mode, folder, txt, docx)
            t = time.perf_counter()
            case.run(env)
            lengths[mode] = time.perf_counter() - t
            if mode == "fix-txt":
                fixed_txt = case.plan.read_bytes()
        for mode in args.modes:
            total = Counter()
            with ThreadPoolExecutor(args.jobs) as pool:
                n = args.kills // 2 if mode.startswith("fix") else args.kills  # --fix: half .txt, half .docx
                for c in pool.map(lambda i, mode=mode: one_kill(mode, i, args.seed, base, txt, docx, fixed_txt,
                                                                lengths[mode], env), range(n)):
                    total.update(c)
            results[mode] = total
            print(f"  {mode:9} {total['runs']} runs, {total['killed']} killed (run {lengths[mode]:.2f} s): "
                  f"torn {total['torn']}, bad backups {total['bad backup']}, temporary files after the kill "
                  f"{total['temporary after the kill']}, left after the next run ({total['next runs']}) "
                  f"{total['leftover']}, "
                  f"tracebacks {total['traceback']}", flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return results


def enospc_campaign(args, txt: bytes, docx: bytes, env: dict) -> dict[str, Counter] | None:
    disk = Path(tempfile.mkdtemp(prefix="qcdc-enospc-"))
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"  ENOSPC: skipped (a tmpfs cannot be mounted: {r.stderr.strip()})")
        disk.rmdir()
        return None
    results: dict[str, Counter] = {}
    rng = random.Random(args.seed)
    try:
        for mode in args.modes:
            total = Counter()
            for _ in range(args.enospc):
                for p in disk.iterdir():
                    p.unlink() if p.is_file() else shutil.rmtree(p)
                case = Case(mode, disk, txt, docx)
                before = {p.name: p.read_bytes() for p in disk.iterdir()}
                fill = os.open(disk / "zz-fill", os.O_WRONLY | os.O_CREAT)
                for size in (4096, 1):
                    try:
                        while os.write(fill, b"\0" * size):
                            pass
                    except OSError:
                        pass
                # leave a random amount of room: the write fails at varying points (or fits)
                os.ftruncate(fill, max(0, os.fstat(fill).st_size - rng.randint(0, 3 * len(case.old_plan))))
                os.close(fill)
                r = case.run(env)
                err = r.stderr.decode("utf-8", "replace")
                lines = [l for l in err.splitlines() if l.startswith(("qcdc-check: lỗi", '{"error"'))]
                total["runs"] += 1
                total["traceback"] += "Traceback" in err
                failed = r.returncode == 2 or bool(lines)
                total["failed (disk full)"] += failed
                if failed:
                    total["not one clear line and exit 2"] += not (r.returncode == 2 and len(lines) == 1)
                    after = {p.name: p.read_bytes() for p in disk.iterdir() if p.name != "zz-fill"
                             and not p.name.startswith(".qcdc-tmp-")}
                    # a failed run changes nothing (a --fix run's backup of a file it did not replace is removed)
                    total["previous changed"] += after != before
                total["torn"] += not case.target_ok()
                total["bad backup"] += case.bad_backups()
                total["leftover"] += len(case.temporaries())
            results[mode] = total
            print(f"  {mode:9} {total['runs']} runs on a nearly full disk, {total['failed (disk full)']} failed: "
                  f"not one line + exit 2 {total['not one clear line and exit 2']}, previous changed "
                  f"{total['previous changed']}, torn {total['torn']}, bad backups {total['bad backup']}, "
                  f"temporary files left {total['leftover']}, tracebacks {total['traceback']}", flush=True)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
        shutil.rmtree(disk, ignore_errors=True)
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=200, help="SIGKILLs per option (--fix: half .txt, half .docx)")
    ap.add_argument("--enospc", type=int, default=50, help="runs on a nearly full disk per mode")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--modes", default=",".join(MODES),
                    help="modes to run, comma-separated (default all: " + ",".join(MODES) + ")")
    args = ap.parse_args()
    args.modes = [m for m in args.modes.split(",") if m]
    if unknown := set(args.modes) - set(MODES):
        ap.error(f"unknown modes: {', '.join(sorted(unknown))}")
    txt, docx = sources()
    cache = Path(tempfile.mkdtemp(prefix="qcdc-killfix-cache-"))  # one warm cache, not the user's
    # a copy of the code and data as they are now: edits made to the tree during the campaign (each one a new
    # cache key, a rebuild in every run) do not change what is measured
    snap = cache / "tree"
    shutil.copytree(ROOT / "src" / "qcdc_rules", snap / "src" / "qcdc_rules",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("ontology", "shapes"):
        shutil.copytree(ROOT / name, snap / name)
    env = dict(os.environ, QCDC_CACHE_DIR=str(cache / "cache"), PYTHONPATH=str(snap / "src"))
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "p.txt").write_bytes(txt)
        subprocess.run([sys.executable, "-m", "qcdc_rules.cli", str(Path(tmp) / "p.txt")], capture_output=True, env=env)
    print(f"SIGKILL during writes ({args.kills} per mode, seed {args.seed}):")
    kills = kill_campaign(args, txt, docx, env)
    print(f"ENOSPC ({args.enospc} per mode):")
    full = enospc_campaign(args, txt, docx, env) if args.enospc > 0 else None
    bad = ("torn", "bad backup", "leftover", "traceback", "previous changed", "not one clear line and exit 2")
    total = Counter()
    for part in (kills, full or {}):
        for c in part.values():
            total.update({k: c[k] for k in bad})
    print(f"total: {sum(c['killed'] for c in kills.values())} kills, "
          f"{sum(c['runs'] for c in (full or {}).values())} disk-full runs in {time.perf_counter() - t0:.0f} s; "
          + ", ".join(f"{k} {total[k]}" for k in bad) + " (goal 0 each)")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
