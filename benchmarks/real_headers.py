"""How well the header is read on real documents: the share whose date and number are read right, the
kinds of document found, and what is still misread. Prints numbers; asserts nothing.

    python benchmarks/real_headers.py [FOLDER]     (default: ../shared/corpus/real-2025)

What "right" means is taken from the document itself, independently of the checker's reader: the first
"<place>, ngày D tháng M năm Y" and the first "Số: N/…" in the first 40 lines, with markdown marks and
line breaks removed.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATE = re.compile(r"[A-ZĐÀ-Ỹ][\wÀ-ỹ\s.]{1,40},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
NUMBER = re.compile(r"\bSố\s*:?\s*(\d+[\wĐđ/\-]*[/\-][\wĐđ/\-]+)")


def expected(path: Path) -> tuple[str | None, str | None]:
    text = unicodedata.normalize("NFC", path.read_text("utf-8", errors="replace"))
    head = re.sub(r"\s+", " ", re.sub(r"[|*#]", " ", " ".join(text.splitlines()[:40])))
    d, n = DATE.search(head), NUMBER.search(head)
    date = f"{int(d[3]):04d}-{int(d[2]):02d}-{int(d[1]):02d}" if d else None
    return date, n[1].rstrip(".,;") if n else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "real-2025"))
    args = ap.parse_args()
    files = sorted(Path(args.folder).glob("*.md")) + sorted(Path(args.folder).glob("*.txt"))
    if not files:
        sys.exit(f"no .md or .txt documents in {args.folder}")

    from qcdc_rules.pipeline import Engine, Options

    engine = Engine()
    counts = collections.Counter()
    kinds = collections.Counter()
    misread: list[str] = []
    errors: list[str] = []
    t = time.perf_counter()
    for p in files:
        want_date, want_number = expected(p)
        r = engine.check_file(p, Options())
        if r.error:
            errors.append(f"{p.name}: {r.error.code}: {r.error.message}")
            continue
        kinds[(r.plan.document_type or "(none)").upper()] += 1
        counts["plans"] += r.plan.is_plan
        got_date = r.plan.date.isoformat() if r.plan.date_source == "header" else None
        if want_date:
            counts["with date"] += 1
            counts["date right"] += got_date == want_date
            if got_date != want_date:
                misread.append(f"{p.name}: date {want_date}, read {got_date} ({r.plan.date_source})")
        if want_number:
            counts["with number"] += 1
            counts["number right"] += r.plan.number == want_number
            if r.plan.number != want_number:
                misread.append(f"{p.name}: number {want_number}, read {r.plan.number}")
    elapsed = time.perf_counter() - t

    def share(right: str, total: str) -> str:
        return f"{counts[right]}/{counts[total]} ({100 * counts[right] / max(1, counts[total]):.1f}%)"

    print(f"documents: {len(files)} in {args.folder} ({elapsed:.1f} s); internal errors or unreadable: {len(errors)}")
    print(f"header date read right: {share('date right', 'with date')}")
    print(f"header number read right: {share('number right', 'with number')}")
    print(f"treated as plans (plan rules apply): {counts['plans']}")
    print("kinds of document: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    for line in errors + misread:
        print("  " + line)


if __name__ == "__main__":
    main()
