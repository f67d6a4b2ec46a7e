"""A mutation campaign on real document formats: N .docx and .pdf files made by damaging the project's own
fixtures (bytes flipped, slices cut or repeated, the archive truncated; inside a .docx, its XML damaged and
the archive rebuilt), each checked in process (time, internal errors) and all of them through the command
line in folders (exit code, no traceback, one report line per file). Prints numbers; asserts nothing.

    python benchmarks/mutate.py [--files 2000] [--seed 3]
"""
from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
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


def mutate_docx(source: bytes, rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.2:  # the archive itself
        return _damage(source, rng)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        target = "word/document.xml" if rng.random() < 0.7 and "word/document.xml" in names else rng.choice(names)
        words_only = roll < 0.6  # the text changed, the XML well-formed
        for name in names:
            data = zin.read(name)
            if name == target:
                data = _damage_text(data, rng) if words_only and name == "word/document.xml" else _damage(data, rng)
            zout.writestr(name, data)
    return out.getvalue()


def sources(tmp: Path) -> tuple[list[bytes], list[bytes]]:
    from docx_builder import plan_to_docx

    docx = []
    for i, plan in enumerate(sorted((ROOT / "fixtures" / "plans").glob("*.txt"))):
        text = plan.read_text("utf-8")
        path = plan_to_docx(text, tmp / f"src{i}.docx", tcvn3=(i % 5 == 0), tracked=(i % 4 == 0))
        docx.append(path.read_bytes())
    pdf = [p.read_bytes() for p in sorted((ROOT / "fixtures" / "documents").glob("*.pdf"))]
    return docx, pdf


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--batch", type=int, default=250, help="files per command-line run")
    args = ap.parse_args()
    from qcdc_rules.pipeline import Engine, Options

    rng = random.Random(args.seed)
    engine = Engine()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        docx, pdf = sources(tmp)
        folders: list[Path] = []
        internal, codes, slowest = [], {}, (0.0, "")
        t0 = time.perf_counter()
        for n in range(args.files):
            if n % args.batch == 0:
                folders.append(tmp / f"batch{len(folders)}")
                folders[-1].mkdir()
            is_pdf = n % 2 == 1
            data = _damage(rng.choice(pdf), rng) if is_pdf else mutate_docx(rng.choice(docx), rng)
            path = folders[-1] / f"m{n:05d}.{'pdf' if is_pdf else 'docx'}"
            path.write_bytes(data)
            t = time.perf_counter()
            report = engine.check_file(path, Options())
            dt = time.perf_counter() - t
            if dt > slowest[0]:
                slowest = (dt, path.name)
            code = report.error.code if report.error else "report"
            codes[code] = codes.get(code, 0) + 1
            if code == "internal-error":
                internal.append((path.name, report.error.message))
        in_process = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        tracebacks, bad_exit, missing_lines = 0, 0, 0
        t0 = time.perf_counter()
        for folder in folders:
            proc = subprocess.run([sys.executable, "-m", "qcdc_rules.cli", "--format", "json-lines", "--exit-zero",
                                   "--no-progress", "-j", "1", str(folder)], capture_output=True, text=True)
            tracebacks += proc.stderr.count("Traceback")
            bad_exit += proc.returncode not in (0, 1, 2)
            lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
            missing_lines += len(list(folder.iterdir())) - len(lines)
        cli_s = time.perf_counter() - t0
        cli_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"mutated files: {args.files} ({args.files - args.files // 2} .docx, {args.files // 2} .pdf; seed "
          f"{args.seed})")
    print(f"in process: {in_process:.0f} s; outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(codes.items())))
    print(f"internal errors (bugs): {len(internal)}" + "".join(f"\n  {n}: {m}" for n, m in internal[:10]))
    print(f"slowest file: {slowest[0] * 1000:.0f} ms ({slowest[1]}); peak RSS in process: {rss:.0f} MB")
    print(f"command line, {len(folders)} folders: {cli_s:.0f} s; tracebacks: {tracebacks}; exit codes outside 0-2: "
          f"{bad_exit}; files without a report line: {missing_lines}; largest process: {cli_rss:.0f} MB")


if __name__ == "__main__":
    main()
