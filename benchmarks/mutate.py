"""A mutation campaign on real document formats: N .docx and .pdf files made by damaging the project's own
fixtures (bytes flipped, slices cut or repeated, the archive truncated; inside a .docx, its XML damaged and
the archive rebuilt), each checked through the command line's own code (`qcdc-check --format json-lines FILE`) in a
process forked from a warm one: its outcome, exit code, any traceback, one report line, and that process's CPU
seconds and peak RSS; a hang is killed after --timeout. Prints numbers and the worst files of each kind by CPU
and by peak RSS (--record writes every file's); asserts nothing.

    python benchmarks/mutate.py [--files 2000] [--seed 3] [--record files.tsv] [--keep-worst DIR]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _damage(data: bytes, rng: random.Random) -> bytes:
    """One of: flip bytes, cut a slice, repeat a slice, truncate, insert junk."""
    b = bytearray(data)
    if not b:
        return bytes(b)
    kind = rng.randrange(5)
    i = rng.randrange(len(b))
    j = min(len(b), i + rng.randint(1, 4096))
    if kind == 0:
        for _ in range(rng.randint(1, 32)):
            k = rng.randrange(len(b))
            b[k] = rng.randrange(256)
    elif kind == 1:
        del b[i:j]
    elif kind == 2:
        b[i:i] = b[i:j] * rng.randint(2, 50)
    elif kind == 3:
        del b[i:]
    else:
        b[i:i] = bytes(rng.choice(b"<>&;\"'/\\\x00\xff\xfe") for _ in range(rng.randint(1, 64)))
    return bytes(b)


HOSTILE_TEXT = ["ngày 31/02/2026", "năm 0000", "số 99999999999999999999/2026/NĐ-CP", "Căn cứ " * 50,
                "\u202e", "\u0301" * 40, "MMMMCMXCIX.", "Nghị định số 04/2015/NĐ-CP ngày 09/01/2015",
                "ngày 00 tháng 00 năm 0000", "I. MỤC ĐÍCH", "&amp;lt;script&amp;gt;", "Pháp lệnh 34/2007PL-", "",
                # floods: a finding (and a fix) per citation, a district body, a law by name, many times over
                "Nghị định số 04/2015/NĐ-CP; " * 300, "Pháp lệnh số 34/2007/PL-UBTVQH11; " * 300,
                "UBND huyện chủ trì; " * 300, "Luật Thực hiện dân chủ ở cơ sở; " * 300]


def _damage_text(xml: bytes, rng: random.Random) -> bytes:
    """The words of a document changed, its XML kept well-formed: some text runs get hostile pieces."""
    import re
    from xml.sax.saxutils import escape

    def sub(m):
        if rng.random() < 0.2:
            piece = escape(rng.choice(HOSTILE_TEXT)) * rng.randint(1, 20)
            return m.group(1) + piece.encode("utf-8") + m.group(3)
        return m.group(0)

    return re.sub(rb"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)", sub, xml)


def mutate_docx(source: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A damaged .docx and how it was damaged: 'archive' (the zip's bytes), 'xml-words' (the text of
    word/document.xml changed, its XML well-formed) or 'part-bytes' (one part's bytes damaged, the archive
    rebuilt)."""
    roll = rng.random()
    if roll < 0.2:  # the archive itself
        return _damage(source, rng), "archive"
    out = io.BytesIO()
    how = "part-bytes"
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        target = "word/document.xml" if rng.random() < 0.7 and "word/document.xml" in names else rng.choice(names)
        words_only = roll < 0.6  # the text changed, the XML well-formed
        for name in names:
            data = zin.read(name)
            if name == target:
                if words_only and name == "word/document.xml":
                    data, how = _damage_text(data, rng), "xml-words"
                else:
                    data = _damage(data, rng)
            zout.writestr(name, data)
    return out.getvalue(), how


def sources(tmp: Path) -> tuple[list[bytes], list[bytes]]:
    from docx_builder import plan_to_docx

    docx = []
    for i, plan in enumerate(sorted((ROOT / "fixtures" / "plans").glob("*.txt"))):
        text = plan.read_text("utf-8")
        path = plan_to_docx(text, tmp / f"src{i}.docx", tcvn3=(i % 5 == 0), tracked=(i % 4 == 0))
        docx.append(path.read_bytes())
    pdf = [p.read_bytes() for p in sorted((ROOT / "fixtures" / "documents").glob("*.pdf"))]
    return docx, pdf


def check_forked(path: Path, timeout: float) -> dict:
    """`qcdc-check --format json-lines path` run by a child forked from this process, in which the engine is
    already loaded (the command line's own code, from its console-script entry on: its output, exit code and
    anything on standard error, as a separate process would give them, without a fresh interpreter and
    registry load a file). The child's CPU seconds (user + system) and peak RSS come from wait4, its own; a
    child still running after `timeout` seconds is killed and counted as a hang. The child starts with this
    process's pages (its RSS at the fork is this process's): the peak is what a warm checker holds while it
    checks that file."""
    out, err = path.with_suffix(".out"), path.with_suffix(".err")
    argv = ["qcdc-check", "--format", "json-lines", "--exit-zero", "--no-progress", str(path)]
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: standard output and error to files, then the console script as installed
        code = 70
        try:
            for fd, target in ((1, out), (2, err)):
                f = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(f, fd)
                os.close(f)
            sys.argv = argv
            from qcdc_rules.cli import run

            run()
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:  # noqa: BLE001 - what Python would print for an exception nothing caught
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    hang = False
    while True:
        done, status, ru = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() - t > timeout:
            os.kill(pid, signal.SIGKILL)
            _, status, ru = os.wait4(pid, 0)
            hang = True
            break
        time.sleep(0.005)
    wall = time.perf_counter() - t
    stderr = err.read_text("utf-8", "replace") if err.exists() else ""
    lines = [line for line in (out.read_text("utf-8", "replace") if out.exists() else "").splitlines() if line.strip()]
    out.unlink(missing_ok=True)
    err.unlink(missing_ok=True)
    row = {"exit": os.waitstatus_to_exitcode(status), "traceback": "Traceback" in stderr, "stderr": stderr,
           "lines": len(lines), "outcome": "no report line", "findings": 0}
    if hang:
        row["outcome"] = "hang"
    elif len(lines) == 1:
        try:
            fr = json.loads(lines[0])
            row["outcome"] = (fr.get("error") or {}).get("code") or "report"
            row["findings"] = len(fr.get("findings") or [])
        except ValueError:
            row["outcome"] = "bad report line"
    row.update(cpu=ru.ru_utime + ru.ru_stime, rss=ru.ru_maxrss / 1024, wall=wall)
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a check counts as a hang")
    ap.add_argument("--record", help="write each file's name, kind, damage, outcome, exit code, CPU s, peak RSS "
                                     "MB, wall s here (TSV)")
    ap.add_argument("--keep-worst", help="copy the worst files (CPU and RSS, per kind) to this folder")
    args = ap.parse_args()
    from qcdc_rules.pipeline import default_engine

    import qcdc_rules.cli  # noqa: F401 - imported once here, not in every child

    rng = random.Random(args.seed)
    default_engine().check_text("Kế hoạch", "<warm>")  # the compiled registry and rules, before the first fork
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows: list[dict] = []
    record = open(args.record, "w", encoding="utf-8") if args.record else None  # a row a file, as it is checked
    if record:
        record.write("file\tkind\tdamage\tbytes\toutcome\tfindings\texit\ttraceback\tcpu_s\tpeak_rss_mb\twall_s\n")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        docx, pdf = sources(tmp)
        t0 = time.perf_counter()
        for n in range(args.files):
            is_pdf = n % 2 == 1
            data, how = (_damage(rng.choice(pdf), rng), "pdf-bytes") if is_pdf else mutate_docx(rng.choice(docx), rng)
            path = tmp / f"m{n:05d}.{'pdf' if is_pdf else 'docx'}"
            path.write_bytes(data)
            row = check_forked(path, args.timeout)
            row.update(name=path.name, path=path, kind=path.suffix[1:], how=how, bytes=len(data))
            rows.append(row)
            if args.keep_worst and _failed(row):  # kept at once: a campaign cut short still leaves them
                Path(args.keep_worst).mkdir(parents=True, exist_ok=True)
                (Path(args.keep_worst) / path.name).write_bytes(data)
            if record:
                r = row
                record.write(f"{r['name']}\t{r['kind']}\t{r['how']}\t{r['bytes']}\t{r['outcome']}\t{r['findings']}\t"
                             f"{r['exit']}\t{int(r['traceback'])}\t{r['cpu']:.3f}\t{r['rss']:.1f}\t{r['wall']:.3f}\n")
                record.flush()
        if record:
            record.close()
        elapsed = time.perf_counter() - t0
        worst = _worst(rows)
        if args.keep_worst:
            keep = Path(args.keep_worst)
            keep.mkdir(parents=True, exist_ok=True)
            bad = [r for r in rows if _failed(r)]
            for row in {id(r): r for r in bad + [r for rs in worst.values() for r in rs]}.values():
                (keep / row["name"]).write_bytes(row["path"].read_bytes())
    codes: dict[str, int] = {}
    for r in rows:
        codes[r["outcome"]] = codes.get(r["outcome"], 0) + 1
    bad = [r for r in rows if _failed(r)]
    n_docx = sum(r["kind"] == "docx" for r in rows)
    print(f"mutated files: {len(rows)} ({n_docx} .docx, {len(rows) - n_docx} .pdf; seed {args.seed}), each through "
          f"the command line in a process forked from a warm one (base RSS {base_rss:.0f} MB): {elapsed:.0f} s")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(codes.items())))
    print(f"tracebacks: {sum(r['traceback'] for r in rows)}; internal errors: {codes.get('internal-error', 0)}; "
          f"hangs (> {args.timeout:.0f} s): {codes.get('hang', 0)}; exit codes outside 0-2: "
          f"{sum(r['exit'] not in (0, 1, 2) for r in rows)}; files without one report line: "
          f"{sum(r['lines'] != 1 for r in rows)}; failures in all: {len(bad)}"
          + "".join(f"\n  {r['name']} ({r['how']}): {r['outcome']}, exit {r['exit']}: {r['stderr'][-600:]}"
                    for r in bad[:10]))
    for kind in ("docx", "pdf"):
        of = [r for r in rows if r["kind"] == kind]
        if not of:
            continue
        cpus, mbs = sorted(r["cpu"] for r in of), sorted(r["rss"] for r in of)
        print(f".{kind}: {len(of)} files; CPU s median {cpus[len(cpus) // 2]:.2f}, 99th percentile "
              f"{cpus[int(len(cpus) * 0.99)]:.2f}, max {cpus[-1]:.2f}; peak RSS MB median {mbs[len(mbs) // 2]:.0f}, "
              f"max {mbs[-1]:.0f}; over 10 s CPU: {sum(c >= 10 for c in cpus)}, over 500 MB: "
              f"{sum(m >= 500 for m in mbs)}")
        for what in ("cpu", "rss"):
            print(f"  worst by {'CPU' if what == 'cpu' else 'peak RSS'}: " + "; ".join(
                f"{r['name']} ({r['how']}, {r['bytes']:,} bytes, {r['outcome']}, {r['findings']} findings) "
                f"{r['cpu']:.2f} s {r['rss']:.0f} MB" for r in worst[f'{kind}-{what}']))


def _failed(row: dict) -> bool:
    """A traceback, an internal error, a hang, an exit code outside 0-2 or not exactly one report line."""
    return (row["traceback"] or row["outcome"] in ("internal-error", "hang") or row["exit"] not in (0, 1, 2)
            or row["lines"] != 1)


def _worst(rows: list[dict], n: int = 3) -> dict[str, list[dict]]:
    """The n worst files of each kind by CPU and by peak RSS ('docx-cpu', 'pdf-rss', ...)."""
    return {f"{kind}-{what}": sorted((r for r in rows if r["kind"] == kind), key=lambda r: -r[what])[:n]
            for kind in ("docx", "pdf") for what in ("cpu", "rss")}


if __name__ == "__main__":
    main()
