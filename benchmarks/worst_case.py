"""Adversarial inputs within the documented limits (20 MB a file, 4,000,000 characters of text), each
checked by the command line in its own process: CPU seconds (user + system) and peak RSS per case, and
the worst of each. Goal: every case under 10 s of CPU and 500 MB.

    python benchmarks/worst_case.py [--only flood] [--format json] [--keep DIR]

Cases: the citation flood of the hostile reproducer (a law named N times on one line, N up to the
4,000,000-character limit), the same with a ceased decree (a finding per citation), with a replaced law
(a finding and a fix per citation), with a district body (QCDC206), one huge line, many short lines, deep
numbering, many duties, one kind of fact or line as many times as the limit allows (sections, headings,
items, one-letter lines, words naming an abolished level, deadlines, quotations), a .docx of 4,000,000
characters of citations, a 20 MB .docx (an incompressible
picture beside a plan), and .pdf files (a flood over many pages; 20 MB). Before each case, the
sample plan is checked once so that the compiled registry is in the cache (its build is not a check's
cost). Prints a table; asserts nothing (the test suite's tests/reliability/test_findings_scale.py bounds
the growth).
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 4_000_000  # characters (readers/base.MAX_CHARS)
MAX_BYTES = 20 * 1024 * 1024
GOAL_CPU, GOAL_MB = 10.0, 500


def sample() -> str:
    from qcdc_rules.core.resources import sample_plan

    return sample_plan().read_text("utf-8")


def flood(unit: str, n: int | None = None, sep: str = "") -> str:
    """The sample plan followed by `unit` n times (as many as the limit allows when n is None) on one line
    (or one a line with sep="\\n")."""
    base = sample() + "\n"
    room = LIMIT - len(base) - 1
    n = room // len(unit + sep) if n is None else n
    return base + (unit + sep) * n + "\n"


def lines_before_end(body_lines: list[str]) -> str:
    """The sample plan with `body_lines` inside its body (before 'Nơi nhận'), cut to the limit."""
    base = sample()
    cut = base.find("Nơi nhận")
    cut = cut if cut > 0 else len(base)
    room = LIMIT - len(base) - 1
    body, size = [], 0
    for line in body_lines:
        if size + len(line) + 1 > room:
            break
        body.append(line)
        size += len(line) + 1
    return base[:cut] + "\n".join(body) + "\n" + base[cut:]


def cycle(items: list[str], n: int) -> list[str]:
    return [items[i % len(items)].format(i=i) for i in range(n)]


def text_cases() -> dict[str, str]:
    law = "Luật Thực hiện dân chủ ở cơ sở; "
    return {
        # the hostile reproducer (make_citation_flood.py): N=124000 is 3,969,478 characters
        "name-flood-20k": flood(law, 20_000),
        "name-flood-62k": flood(law, 62_000),
        "name-flood-124k": flood(law, 124_000),
        # a finding per citation (QCDC101: ceased), one line
        "ceased-flood-20k": flood("Nghị định số 04/2015/NĐ-CP; ", 20_000),
        "ceased-flood-max": flood("Nghị định số 04/2015/NĐ-CP; "),
        # a finding and a fix per citation (QCDC102: replaced)
        "replaced-flood-max": flood("Pháp lệnh số 34/2007/PL-UBTVQH11; "),
        # the same, one citation a line
        "ceased-lines-max": flood("Căn cứ Nghị định số 04/2015/NĐ-CP;", sep="\n"),
        # a district body named again and again (QCDC206)
        "district-flood-max": flood("UBND huyện chủ trì thực hiện; "),
        # one line of 3.9 million characters of ordinary words
        "huge-line": flood("thực hiện dân chủ ở cơ sở "),
        "huge-line-ascii": flood("a"),
        # about two million short lines
        "short-lines": flood("a", sep="\n"),
        "empty-lines": sample() + "\n" * (LIMIT - len(sample())),
        # numbering as deep and as long as it goes
        "deep-numbering": lines_before_end(
            [".".join(str(k + 1) for k in range(d % 60 + 1)) + ". Nội dung" for d in range(400_000)]),
        "roman-numbering": lines_before_end(cycle(["{i}. NỘI DUNG", "MMMCM{i}. x", "a) mục {i}"], 400_000)),
        # one kind of fact or line each, as many as the limit allows (each reader stops at its cap)
        "section-flood": lines_before_end(["I. A"] * 800_000),
        "heading-flood": lines_before_end(["NỘI DUNG"] * 440_000),
        "letter-flood": lines_before_end(["a) b"] * 800_000),
        "upper-lines": lines_before_end(["A"] * 2_000_000),
        # the same with a letter outside Latin-1: each line cut from the text is an object of its own
        "upper-lines-vi": lines_before_end(["Ă"] * 2_000_000),
        "level-words": flood("huyện "),
        "level-history": flood("Ban huyện (cũ) "),
        "deadline-flood": flood("- Báo cáo trước ngày 15/12/2026; "),
        "quoted-flood": flood("“a” "),
        # duties: a body, a task, a deadline, a line each
        "many-duties": lines_before_end(cycle([
            "- Giao UBND xã chủ trì, phối hợp với Mặt trận Tổ quốc thực hiện nội dung {i}; hoàn thành trước ngày "
            "15/12/2026.",
            "- Công an xã báo cáo kết quả về UBND tỉnh trước ngày 30/11/2026.",
        ], 200_000)),
    }


def docx_bytes(paragraphs: list[str], media: bytes = b"") -> bytes:
    """A minimal .docx: one paragraph each (XML written directly: python-docx takes minutes for 100,000)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}">'
           f'<w:body>{body}</w:body></w:document>')
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types '
          'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
          '<Override PartName="/word/document.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
        if media:
            z.writestr("word/media/image1.png", media, compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


def pdf_bytes(lines: list[str], pad: int = 0) -> bytes:
    """A .pdf of `lines` (DejaVu Sans, 60 lines a page) with fpdf2; `pad` bytes of incompressible data in a
    stream no page uses."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=10)
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_font("dv", "", str(font))
    pdf.set_font("dv", size=6)
    for i in range(0, len(lines), 60):
        pdf.add_page()
        for line in lines[i:i + 60]:
            pdf.cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    if pad:
        junk = os.urandom(pad)
        obj = b"\n999999 0 obj\n<< /Length %d >>\nstream\n" % len(junk) + junk + b"\nendstream\nendobj\n"
        eof = data.rfind(b"%%EOF")
        data = data[:eof] + obj + data[eof:]  # an unreferenced object before the end: readers skip it
    return data


def write_cases(tmp: Path, only: str) -> None:
    """The inputs, written to `tmp` (run in a process of its own: see main)."""
    out: dict[str, Path] = {}

    def want(name: str) -> bool:
        return not only or only in name

    for name, text in text_cases().items():
        if want(name):
            p = tmp / f"{name}.txt"
            p.write_text(text, "utf-8")
            out[name] = p
    plan = sample().split("\n")
    if want("docx-flood"):
        cut = plan.index(next(line for line in plan if line.startswith("Nơi nhận"))) if any(
            line.startswith("Nơi nhận") for line in plan) else len(plan)
        unit = "Nghị định số 04/2015/NĐ-CP; "
        paras = plan[:cut] + [unit * 1000] * ((LIMIT - len(sample())) // (len(unit) * 1000)) + plan[cut:]
        p = tmp / "docx-flood.docx"
        p.write_bytes(docx_bytes(paras))
        out["docx-flood"] = p
    if want("docx-20mb"):
        p = tmp / "docx-20mb.docx"
        p.write_bytes(docx_bytes(plan, media=os.urandom(MAX_BYTES - 64 * 1024)))
        out["docx-20mb"] = p
    if want("pdf-flood"):
        p = tmp / "pdf-flood.pdf"
        p.write_bytes(pdf_bytes(plan + ["Nghị định số 04/2015/NĐ-CP; Luật Thực hiện dân chủ ở cơ sở;"] * 12_000))
        out["pdf-flood"] = p
    if want("pdf-20mb"):
        p = tmp / "pdf-20mb.pdf"
        p.write_bytes(pdf_bytes(plan, pad=MAX_BYTES - 256 * 1024))
        out["pdf-20mb"] = p
    (tmp / "cases.txt").write_text("".join(f"{name}\t{path.name}\n" for name, path in out.items()), "utf-8")


def run(args: list[str]) -> tuple[float, float, int, float]:
    """(CPU s, peak RSS MB, exit code, wall s) of the command line on `args`, in its own process."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "qcdc_rules.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if "Traceback" in err:
        print(err, file=sys.stderr)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, proc.returncode, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="", help="cases whose name contains this")
    ap.add_argument("--format", default="json,full", help="output formats to try, comma-separated")
    ap.add_argument("--keep", help="write the inputs to this folder and keep them")
    ap.add_argument("--generate", help=argparse.SUPPRESS)  # write the inputs to this folder, and stop
    a = ap.parse_args()
    if a.generate:
        write_cases(Path(a.generate), a.only)
        return
    tmp = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="qcdc-worst-"))
    tmp.mkdir(parents=True, exist_ok=True)
    # a compiled cache of its own: the shared one keeps a few entries, and another checkout's run (any edit of
    # the code is a new entry) could push this one out between the warm-up and a case, whose CPU and RSS would
    # then include a rebuild (~7 s): seen as 10-14 s outliers of cases that take 3-4 s
    os.environ.setdefault("QCDC_CACHE_DIR", str(tmp / "cache"))
    try:
        # the inputs are made in a process of their own: a process started from this one would otherwise
        # inherit its peak RSS (Linux keeps ru_maxrss across fork and exec), and every case would seem as
        # large as the biggest input held here
        subprocess.run([sys.executable, __file__, "--generate", str(tmp), "--only", a.only], check=True)
        cases = {name: tmp / file for name, file in
                 (line.split("\t") for line in (tmp / "cases.txt").read_text("utf-8").splitlines())}
        plan = str(ROOT / "fixtures" / "plans" / "mau-2026.txt")
        run(["--format", "json", "-o", os.devnull, plan])  # the compiled registry, cached
        print(f"{'case':22} {'format':6} {'bytes':>12} {'findings':>8} {'exit':>4} {'CPU s':>7} {'RSS MB':>7} "
              f"{'wall s':>7}")
        worst_cpu, worst_mem = ("", 0.0), ("", 0.0)
        for name, path in cases.items():
            size = path.stat().st_size
            for fmt in a.format.split(","):
                out = tmp / f"{name}.{fmt}.out"
                run(["--format", "json", "-o", os.devnull, plan])  # cached still (the code may have changed)
                cpu, mb, code, wall = run(["--format", fmt, "-o", str(out), "--no-progress", str(path)])
                findings = _count(out, fmt)
                out.unlink(missing_ok=True)
                flag = "  <-- over" if cpu >= GOAL_CPU or mb >= GOAL_MB else ""
                print(f"{name:22} {fmt:6} {size:>12,} {findings:>8} {code:>4} {cpu:>7.2f} {mb:>7.0f} "
                      f"{wall:>7.1f}{flag}",
                      flush=True)
                if cpu > worst_cpu[1]:
                    worst_cpu = (f"{name} ({fmt})", cpu)
                if mb > worst_mem[1]:
                    worst_mem = (f"{name} ({fmt})", mb)
        print(f"worst CPU: {worst_cpu[1]:.2f} s ({worst_cpu[0]}); worst peak RSS: {worst_mem[1]:.0f} MB "
              f"({worst_mem[0]}); "
              f"goal < {GOAL_CPU:.0f} s and < {GOAL_MB} MB")
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def _count(out: Path, fmt: str) -> str:
    """Findings in the report (JSON: the summary at its end, read without loading the report, which would
    grow this process and so every later case's peak RSS), '-' for other formats."""
    if fmt != "json" or not out.exists():
        return "-"
    import re

    with open(out, "rb") as f:
        f.seek(max(0, out.stat().st_size - 2048))
        tail = f.read().decode("utf-8", "replace")
    counts = [re.search(rf'"{k}": (\d+)', tail[tail.rfind('"summary"'):]) for k in ("error", "warning", "info")]
    return str(sum(int(m.group(1)) for m in counts)) if all(counts) else "?"


if __name__ == "__main__":
    main()
