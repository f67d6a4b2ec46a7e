"""Precision on real texts never used in development: the judged findings of eval/labels/public-findings.jsonl
(eval/labels/public-findings*.jsonl: files of public corpora never used in development, e.g. tnt305/tai_lieu_noi_bo
src/etl/dataset), against what the tool says on those files now. Labels whose file is not under CORPUS_DIR are
left out, so run it once per corpus.

    python benchmarks/public_precision.py CORPUS_DIR     (the folder holding the corpus's .md files)

Prints, per rule, the judged findings still shown (true / false / debatable) and the share true; findings now
shown that nobody judged are counted apart (a judge must read them before they count)."""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

import qcdc_rules

LABELS = Path(__file__).resolve().parent.parent / "eval" / "labels"
PATTERN = "public-findings*.jsonl"   # one file per judging round; `source` names the corpus each file came from
NEAR = 3


def main() -> None:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/pubcorpus")
    labels = [json.loads(line) for path in sorted(LABELS.glob(PATTERN))
              for line in path.read_text("utf-8").splitlines() if line.strip()]
    labels = [lab for lab in labels if (corpus / lab["doc"]).is_file()]
    docs = sorted({lab["doc"] for lab in labels})
    reports = qcdc_rules.check_files([corpus / d for d in docs], lang="en")
    shown = {d: [f for f in r.findings if f.severity in ("error", "warning")] for d, r in zip(docs, reports)}
    table = collections.defaultdict(collections.Counter)
    used = set()
    for lab in labels:
        hit = next((i for i, f in enumerate(shown[lab["doc"]]) if f.rule == lab["rule"]
                    and abs(f.line - lab["line"]) <= NEAR and (lab["doc"], i) not in used), None)
        if hit is None:
            table[lab["rule"]]["gone-" + lab["verdict"]] += 1
        else:
            used.add((lab["doc"], hit))
            table[lab["rule"]][lab["verdict"]] += 1
    for d, fs in shown.items():
        for i, f in enumerate(fs):
            if (d, i) not in used:
                table[f.rule]["unjudged"] += 1
    total = collections.Counter()
    print(f"{'rule':8} {'true':>5} {'false':>6} {'deb.':>5} {'unjud.':>7} | "
          f"{'gone: true':>10} {'false':>6} {'deb.':>5}")
    for rule in sorted(table):
        c = table[rule]
        total.update(c)
        print(f"{rule:8} {c['true']:5} {c['false']:6} {c['debatable']:5} {c['unjudged']:7} | {c['gone-true']:10} "
              f"{c['gone-false']:6} {c['gone-debatable']:5}")
    judged = total["true"] + total["false"] + total["debatable"]
    print(f"judged findings still shown: {judged}; true {total['true']} ({100 * total['true'] / max(judged, 1):.0f}%); "
          f"true ones no longer shown: {total['gone-true']}; false ones no longer shown: {total['gone-false']}")


if __name__ == "__main__":
    main()
