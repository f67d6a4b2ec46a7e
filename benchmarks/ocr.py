"""OCR on scans made as a scanner would (issue 25): each fixture plan (fixtures/plans/*.txt that are plans) is
rendered to PDF (fpdf2, Liberation Serif = Times New Roman's metrics when installed, else DejaVu Serif, 13 pt,
the header in two columns as plans print it), rasterised at 200 and 300 dpi (pypdfium2), optionally degraded
(skew ±2°, noise, blur, JPEG quality 50-70, a red stamp-like circle over the signature, one page in two fed
sideways or upside down) and saved as an image-only PDF. Each scan is then checked, and compared with its source text:

  CER        character error rate of the OCR text against the source (whitespace runs as one space)
  same       findings identical on scan and source (same rule and instrument, or same rule and marked words when
             there is no instrument), over the source's
  scan-only  findings at error level that only the scan produces (goal 0)
  s/page     seconds a page, wall clock, pages spread over the cores; first time (empty cache) and cached;
             CPU s/page: processor time of the first read, tesseract included (independent of other load)
  --jobs     with --speedup, every plan's pages of a variant are put in one scan, read with one page at a time
             (--jobs 1) and two at once (--jobs 2), each first from an empty cache and then cached

    python benchmarks/ocr.py                      # every plan, the four variants
    python benchmarks/ocr.py --plans 3 --variants clean-300,degraded-200
    python benchmarks/ocr.py --plans 4 --variants degraded-300 --speedup

Goals (issue 25): CER <= 2% at 300 dpi and <= 4% at 200 dpi degraded; >= 95% of findings identical; 0 scan-only
findings at error level.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FONTS = ["/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"]
RIGHT = re.compile(r"^(CỘNG HÒA|CỘNG HOÀ|Độc lập|.{0,40}, ngày .{0,8} tháng)")
VARIANTS = {"clean-300": (300, False), "clean-200": (200, False), "degraded-300": (300, True),
            "degraded-200": (200, True)}


def render_pdf(text: str) -> bytes:
    """The plan as an office suite prints it: header in two columns (issuer and number left, national motto and
    place-date right), then the body."""
    from fpdf import FPDF

    font = next(f for f in FONTS if Path(f).exists())
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("T", "", font)
    pdf.set_margins(25, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("T", size=13)
    lines = text.splitlines()
    kind = next((i for i, ln in enumerate(lines) if ln.strip() in ("KẾ HOẠCH", "QUYẾT ĐỊNH")), 0)
    head, body = lines[:kind], lines[kind:]
    groups: list[list[str]] = [[]]
    for ln in head:  # rows of the header table: a blank line starts the next
        if ln.strip():
            groups[-1].append(ln)
        elif groups[-1]:
            groups.append([])
    for group in (g for g in groups if g):
        left = [ln for ln in group if not RIGHT.match(ln)]
        right = [ln for ln in group if RIGHT.match(ln)]
        y = pdf.get_y()
        for i, ln in enumerate(left):
            pdf.set_xy(20, y + i * 7)
            pdf.cell(70, 7, ln, align="C")
        for i, ln in enumerate(right):
            pdf.set_xy(85, y + i * 7)
            pdf.cell(115, 7, ln, align="C")
        pdf.set_xy(25, y + max(len(left), len(right)) * 7 + 5)
    pdf.set_xy(25, pdf.get_y() + 3)
    for ln in body:
        pdf.multi_cell(0, 6.5, ln if ln.strip() else " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def rasterise(pdf: bytes, dpi: int):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
    finally:
        doc.close()


def degrade(pages, dpi: int, rng: random.Random):
    """Scanner and office damage: skew ±2°, noise, blur, JPEG 50-70, a red stamp over the signature, pages now
    and then fed sideways or upside down."""
    from PIL import Image, ImageDraw, ImageFilter

    out = []
    for n, img in enumerate(pages):
        if n == len(pages) - 1:  # the stamp: a red ring over the signer's name (the last ink on the last page)
            grey = img.convert("L")
            rows = [y for y in range(grey.height - 1, 0, -4)
                    if min(grey.crop((0, y, grey.width, y + 1)).tobytes()) < 128]
            y = rows[0] if rows else grey.height // 2
            x = int(grey.width * 0.3)  # over the signer's title and name
            r = int(dpi * 0.8)
            y -= r // 2
            d = ImageDraw.Draw(img)
            for k in range(int(dpi / 40)):
                d.ellipse((x - r + k, y - r + k, x + r - k, y + r - k), outline=(205, 30, 35))
            d.ellipse((x - r // 2, y - r // 2, x + r // 2, y + r // 2), outline=(205, 30, 35), width=max(2, dpi // 60))
            d.text((x - r // 3, y - dpi // 20), "UBND", fill=(205, 30, 35))
        img = img.rotate(rng.uniform(-2, 2), resample=Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9) * dpi / 300))
        noise = Image.effect_noise(img.size, 18).convert("RGB")
        img = Image.blend(img, noise, 0.08)
        turn = rng.choice((0, 0, 90, 180))  # now and then a page fed sideways or upside down
        if turn:
            img = img.rotate(turn, expand=True)
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=rng.randint(50, 70))
        out.append(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    return out


def scan_pdf(pages, dpi: int) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi, quality=85)
    return buf.getvalue()


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def levenshtein(a: str, b: str) -> int:
    """Edit distance, bit-parallel (Hyyrö 2003): a plan's 4,000 characters against its scan in milliseconds."""
    if not a:
        return len(b)
    m = len(a)
    full, top = (1 << m) - 1, 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, c in enumerate(a):
        peq[c] = peq.get(c, 0) | (1 << i)
    pv, mv, score = full, 0, m
    for c in b:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return score


def key(f) -> tuple:
    """A finding's identity across source and scan: its rule and instrument, or, with no instrument, its rule
    and marked words (line numbers differ: a printed page wraps lines the source has whole)."""
    return (f.rule, f.instrument) if f.instrument else (f.rule, flat(f.text))


def speedup(pages, dpi: int, variant: str) -> None:
    """--speedup: every plan's pages as one scan, read with --jobs 1 and with --jobs 2, each from an empty cache
    and then again from the cache; wall clock and processor time (tesseract included) a page."""
    from qcdc_rules.readers import read_file, scanpage

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "all-plans.pdf"
        path.write_bytes(scan_pdf(pages, dpi))
        keep = os.environ["QCDC_CACHE_DIR"]
        walls = {}
        for jobs in (1, 2):
            os.environ["QCDC_CACHE_DIR"] = tempfile.mkdtemp(prefix=f"qcdc-ocr-bench-j{jobs}-")
            scanpage.JOBS = jobs
            load = os.getloadavg()[0]
            t0, c0 = time.perf_counter(), os.times()
            read_file(path)
            t1, c1 = time.perf_counter(), os.times()
            read_file(path)
            t2 = time.perf_counter()
            cpu = sum(c1[:4]) - sum(c0[:4])
            walls[jobs] = t1 - t0
            print(f"  {variant} --jobs {jobs}: {len(pages)} pages in one scan, "
                  f"first {(t1 - t0) / len(pages):.2f} s/page "
                  f"(CPU {cpu / len(pages):.2f} s/page), cached {(t2 - t1) / len(pages):.4f} s/page; load average "
                  f"{load:.1f} when it began")
        print(f"  {variant}: --jobs 2 speed-up x{walls[1] / max(walls[2], 1e-9):.2f} (wall clock)")
        os.environ["QCDC_CACHE_DIR"] = keep
        scanpage.JOBS = None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plans", type=int, default=0, help="only the first N plans")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--seed", type=int, default=25)
    ap.add_argument("--show", action="store_true", help="print each differing finding")
    ap.add_argument("--speedup", action="store_true",
                    help="also time one scan of all the pages with --jobs 1 and --jobs 2")
    args = ap.parse_args()
    os.environ["QCDC_CACHE_DIR"] = tempfile.mkdtemp(prefix="qcdc-ocr-bench-")

    from qcdc_rules.pipeline import Options, default_engine
    from qcdc_rules.readers import ocr, read_file

    if ocr.missing():
        sys.exit(f"OCR is not installed ({ocr.missing()} missing): {ocr.INSTALL}")
    engine = default_engine()
    opts = Options(lang="en")
    plans = sorted(p for p in (ROOT / "fixtures" / "plans").glob("*.txt") if "KẾ HOẠCH" in p.read_text("utf-8"))
    plans = plans[: args.plans] if args.plans else plans
    print(f"{len(plans)} plans; {ocr.engine_version()}; {os.cpu_count()} cores; font "
          f"{Path(next(f for f in FONTS if Path(f).exists())).stem}")
    rows = []
    for variant in args.variants.split(","):
        dpi, damaged = VARIANTS[variant]
        rng = random.Random(args.seed)
        cers, same, total, scan_only, pages_n, first_s, cached_s, cpu_s = [], 0, 0, 0, 0, 0.0, 0.0, 0.0
        all_pages = []  # --speedup: every plan's pages in one scan
        for plan in plans:
            source = plan.read_text("utf-8")
            pages = rasterise(render_pdf(source), dpi)
            if damaged:
                pages = degrade(pages, dpi, rng)
            all_pages += pages if args.speedup else []
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"{plan.stem}.pdf"
                path.write_bytes(scan_pdf(pages, dpi))
                t0, c0 = time.perf_counter(), os.times()
                doc = read_file(path)
                t1, c1 = time.perf_counter(), os.times()
                cpu_s += (c1.children_user + c1.children_system + c1.user + c1.system
                          - c0.children_user - c0.children_system - c0.user - c0.system)
                read_file(path)
                t2 = time.perf_counter()
                scanned = engine.check_document(doc, opts)
            first_s += t1 - t0
            cached_s += t2 - t1
            pages_n += len(pages)
            ref = flat(source)
            cers.append(levenshtein(ref, flat(doc.original)) / max(len(ref), 1))
            if args.show:
                print(f"  {variant} {plan.stem}: CER {cers[-1]:.2%}")
            want = engine.check_text(source, plan.name, opts)
            a, b = Counter(key(f) for f in want.findings), Counter(key(f) for f in scanned.findings)
            same += sum((a & b).values())
            total += sum(a.values())
            errors_only = [f for f in scanned.findings if f.severity == "error" and b[key(f)] > a[key(f)]]
            scan_only += len(errors_only)
            if args.show:
                for k in (a - b):
                    print(f"  {variant} {plan.stem}: only on the source: {k}")
                for k in (b - a):
                    print(f"  {variant} {plan.stem}: only on the scan:   {k}")
        rows.append((variant, statistics.mean(cers), max(cers), same, total, scan_only, pages_n, first_s / pages_n,
                     cpu_s / pages_n, cached_s / pages_n))
        if args.speedup:
            speedup(all_pages, dpi, variant)
        print(f"  {variant}: done", file=sys.stderr)
    print()
    print("| variant | CER mean | CER max | findings identical | scan-only errors | pages | s/page first (wall) "
          "| CPU s/page first | s/page cached |")
    print("|---|---|---|---|---|---|---|---|---|")
    for v, cer, cmax, s, t, so, n, f1, cpu, f2 in rows:
        print(f"| {v} | {cer:.2%} | {cmax:.2%} | {s}/{t} ({s / max(t, 1):.0%}) | {so} | {n} | {f1:.2f} | {cpu:.2f} | "
              f"{f2:.3f} |")


if __name__ == "__main__":
    main()
