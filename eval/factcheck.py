"""Check facts picked at random from the registry against their sources (issue 20: "check 30 facts picked at
random ... against their sources and report it"). Seeded, so the same facts come out again.

    python eval/factcheck.py [--n 30] [--seed 20] [--out eval/factcheck-30.jsonl]

A fact is (instrument, property, value) with the source its provenance names. How each is checked:
- a date (issue, entry into force, cessation) or a relation the source says is quoted from a legal text: the
  official texts of ../shared/corpus (and the public corpus, PUBCORPUS, when it is there) are searched for
  that instrument cited with that date; agreeing and disagreeing citations are counted;
- a fact whose source is ../shared/domain/instruments.md's reviewed table (verified by the maintainers against
  Bộ Pháp điển and official pages): that table's row of the instrument must give the same value;
- an issuer: against the issuing body's code in the symbol; a title: citations of the symbol followed by it;
- otherwise (a page not kept here) the verdict is "source not at hand", never "true".
Verdicts: agrees | contradicted | source not at hand. The output names the fact, its source, what was found.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PUBCORPUS = Path(os.environ.get("PUBCORPUS", "/tmp/pubcorpus"))
PROPS = ("dateIssued", "entryIntoForce", "ceased", "replacedBy", "amendedBy", "title", "issuer")


def facts(registry) -> list[dict]:
    from qcdc_rules.tools.lookup import facts_of

    out = []
    for inst in registry.instruments:
        for f in facts_of(registry, inst.iri, "vi"):
            if f.prop in PROPS and f.source:
                out.append({"symbol": inst.symbol, "fact": f.prop, "value": f.value, "source": f.source,
                            "confidence": f.confidence})
    return sorted(out, key=lambda d: (d["symbol"], d["fact"], d["value"]))


def corpus_texts() -> list[tuple[str, str]]:
    files = sorted(SHARED.glob("corpus/real-2025*/*.md")) + sorted(PUBCORPUS.glob("*.md"))
    seen, out = set(), []
    for f in files:
        if f.name in seen:
            continue
        seen.add(f.name)
        out.append((f.name, re.sub(r"\s+", " ", f.read_text("utf-8", errors="replace"))))
    return out


def _date_forms(d: dt.date) -> str:
    """A pattern for a date as texts write it: 9/1/2015, 09/01/2015, 09-01-2015, ngày 09 tháng 01 năm 2015."""
    day, month = rf"0?{d.day}", rf"0?{d.month}"
    return rf"(?:{day}\s*[/.-]\s*{month}\s*[/.-]\s*{d.year}|{day}\s+tháng\s+{month}\s+năm\s+{d.year})"


def check_date_by_citations(symbol: str, value: str, texts) -> tuple[str, str]:
    d = dt.datetime.strptime(value, "%d/%m/%Y").date() if "/" in value else dt.date.fromisoformat(value)
    sym = re.escape(symbol).replace(r"\-", r"\s*-\s*").replace("/", r"\s*/\s*")
    cited = re.compile(rf"{sym}\s*,?\s*(?:ban hành\s+)?ngày\s+(\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*\d{{4}}|\d{{1,2}}\s+tháng\s+\d{{1,2}}\s+năm\s+\d{{4}})")
    same = re.compile(_date_forms(d))
    agree, other = set(), {}
    for name, text in texts:
        for m in cited.finditer(text):
            if same.fullmatch(m.group(1).strip()):
                agree.add(name)
            else:
                other.setdefault(re.sub(r"\s+", " ", m.group(1)), set()).add(name)
    found = f"{len(agree)} text(s) cite it with this date" + (
        "; others: " + ", ".join(f"{k} ({len(v)})" for k, v in sorted(other.items())) if other else "")
    if agree and len(agree) >= sum(len(v) for v in other.values()):
        return "agrees", found
    if other and not agree:
        return "contradicted", found
    if other:
        return "contradicted", found + " (more texts give another date)"
    return "source not at hand", "no citing text with a date found in the corpora"


def check_against_table(symbol: str, fact: str, value: str, table: str) -> tuple[str, str] | None:
    rows = [r for r in table.splitlines() if r.startswith("|") and re.search(rf"\|\s*{re.escape(symbol)}\b", r)]
    if not rows:
        return None
    row = rows[0]
    if fact in ("dateIssued", "entryIntoForce", "ceased"):
        d = dt.datetime.strptime(value, "%d/%m/%Y").date() if "/" in value else dt.date.fromisoformat(value)
        ok = re.search(_date_forms(d), row) is not None
        return ("agrees" if ok else "contradicted"), f"../shared/domain/instruments.md row: {row[:200]}"
    if fact in ("replacedBy", "amendedBy"):
        return ("agrees" if value in row else "contradicted"), f"../shared/domain/instruments.md row: {row[:200]}"
    return None


def check_issuer(symbol: str, issuer: str) -> tuple[str, str]:
    """The issuer against the issuing body's code in the symbol (Nghị định 30/2020/NĐ-CP, Phụ lục III): QH for
    Quốc hội, CP for Chính phủ, TTg for Thủ tướng Chính phủ, a ministry's initials (Bộ Tài chính: BTC)."""
    code = re.split(r"[-/]", symbol)[-1]
    name = re.sub(r"^Bộ trưởng,?\s*(Chủ nhiệm\s*)?", "", issuer)
    initials = "".join(w[0] for w in re.split(r"[\s,]+", name) if w and w.lower() != "và").upper()
    expected = {"QH": "Quốc hội", "CP": "Chính phủ", "TTg": "Thủ tướng"}.get(re.sub(r"^(UBTV)?QH\d+$", "QH", code))
    ok = (expected is not None and expected in issuer) or initials.replace("Đ", "D") == code.upper().replace("Đ", "D")
    return ("agrees" if ok else "contradicted"), f"issuing body's code in the symbol: {code}; issuer: {issuer}"


def check_title(symbol: str, title: str, texts) -> tuple[str, str]:
    from qcdc_rules.core.text import fold

    sym = re.escape(symbol).replace("/", r"\s*/\s*")
    head = fold(title)[:40]
    hits = total = 0
    for name, text in texts:
        for m in re.finditer(sym, text):
            total += 1
            if head in fold(text[m.end(): m.end() + 260]):
                hits += 1
    if hits:
        return "agrees", f"{hits} of {total} citations of {symbol} in the corpora are followed by this title"
    return "source not at hand", f"no citation followed by this title among {total} citations in the corpora"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--out", default=str(ROOT / "eval" / "factcheck-30.jsonl"))
    args = ap.parse_args()

    from qcdc_rules.pipeline import load_registry

    registry = load_registry()
    pool = facts(registry)
    picked = random.Random(args.seed).sample(pool, args.n)
    texts = corpus_texts()
    table = (SHARED / "domain" / "instruments.md").read_text("utf-8")
    out = []
    for f in picked:
        verdict = check_against_table(f["symbol"], f["fact"], f["value"], table)
        if verdict is None and f["fact"] == "dateIssued":
            verdict = check_date_by_citations(f["symbol"], f["value"], texts)
        if verdict is None and f["fact"] == "issuer":
            verdict = check_issuer(f["symbol"], f["value"])
        if verdict is None and f["fact"] == "title":
            verdict = check_title(f["symbol"], f["value"], texts)
        if verdict is None:
            verdict = ("source not at hand", "the source is not kept here; not checked by this script")
        out.append({**f, "verdict": verdict[0], "found": verdict[1]})
    lines = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out)
    Path(args.out).write_text(lines, "utf-8")
    counts = {}
    for o in out:
        counts[o["verdict"]] = counts.get(o["verdict"], 0) + 1
    print(f"registry release {registry.version}: {len(pool)} sourced facts, {args.n} picked (seed {args.seed}):",
          ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
