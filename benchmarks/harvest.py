"""Precision and recall of `registry harvest` against hand labels (eval/labels/harvest.jsonl): the
replace / repeal / amend / cease relations the texts of ../shared/corpus/real-2025*/ state, and their entry
into force. Prints every miss and every wrong proposal.

    python benchmarks/harvest.py [--corpus ../shared/corpus] [--labels eval/labels/harvest.jsonl]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qcdc_rules.core.symbols import symbol_key
from qcdc_rules.pipeline import load_registry
from qcdc_rules.tools.harvest import harvest_file

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--labels", default=str(ROOT / "eval" / "labels" / "harvest.jsonl"))
    args = ap.parse_args()
    registry = load_registry()
    labels = [json.loads(line) for line in Path(args.labels).read_text("utf-8").splitlines() if line.strip()]
    tp = fp = fn = 0
    kind_ok = date_ok = dated = 0
    eif_ok = eif_n = 0
    misses, wrong = [], []
    for lab in labels:
        h, _ = harvest_file(str(Path(args.corpus) / lab["file"]), registry)
        want = {symbol_key(r["target"]): r for r in lab["relations"]}
        got = {symbol_key(r.target): r for r in h.relations}
        for key, r in got.items():
            if key in want:
                tp += 1
                w = want[key]
                kind_ok += w["kind"] == r.kind or {w["kind"], r.kind} <= {"replaces", "repeals"}
                if w["kind"] != "amends":
                    dated += 1
                    wd = w["date"]
                    gd = r.date.isoformat() if r.date else None
                    if wd == "on signing":
                        wd = h.date_issued.isoformat() if h.date_issued else None
                    date_ok += wd == gd
                    if wd != gd:
                        wrong.append(f"{lab['file']}: {r.kind} {r.target}: date {gd}, labelled {w['date']}")
                if not (w["kind"] == r.kind or {w["kind"], r.kind} <= {"replaces", "repeals"}):
                    wrong.append(f"{lab['file']}: {r.target}: kind {r.kind}, labelled {w['kind']}")
            else:
                fp += 1
                wrong.append(f"{lab['file']}: WRONG {r.kind} {r.target} ({r.article}: {r.quote[:100]})")
        for key, w in want.items():
            if key not in got:
                fn += 1
                misses.append(f"{lab['file']}: MISSED {w['kind']} {w['target']} ({w['article']})")
        if lab.get("entry_into_force"):
            eif_n += 1
            got_eif = h.eif.isoformat() if h.eif else ("on signing" if h.eif_note == "kể từ ngày ký" else None)
            eif_ok += got_eif == lab["entry_into_force"]
            if got_eif != lab["entry_into_force"]:
                wrong.append(f"{lab['file']}: entry into force {got_eif}, labelled {lab['entry_into_force']}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(f"texts {len(labels)}, labelled relations {tp + fn}, proposed {tp + fp}")
    print(f"relations (target instrument): precision {p:.1%} ({tp}/{tp + fp}), recall {r:.1%} ({tp}/{tp + fn})")
    print(f"  kind right (replaces≈repeals) {kind_ok}/{tp}; cessation date right {date_ok}/{dated}")
    print(f"entry into force right {eif_ok}/{eif_n}")
    for line in misses + wrong:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
