"""Precision and recall of qcdc-check on real documents, from the judged labels in eval/labels/.

    python benchmarks/precision.py                 print precision per rule and overall, and recall
    python benchmarks/precision.py --todo N OUT    also write up to N unjudged findings per rule to OUT
                                                   (JSON lines with the lines around each), for judging
    python benchmarks/precision.py --json          the numbers as JSON (the labels test reads them)
    python benchmarks/precision.py --write-state      record which judged findings this run shows (labels test)
    python benchmarks/precision.py --write-measured   also write each rule's measured precision, judged findings
                                                   and today's date to shapes/_measured.ttl (loaded with the
                                                   shapes: `qcdc-check rule`, `rules` and README show it)

The documents are ../shared/corpus/ (real-2025, real-2025-more, not-documents and the three plans); they are
not part of the project, and the labels name them by path under the corpus, never quote them.

Labels (eval/labels/findings.jsonl): one finding judged as a careful legal officer would, before any change
meant to fix it: file, rule, line, instrument, key, verdict (true | false | debatable) and a one-line reason.
A finding of a run matches a label when file, rule and key agree (the key hashes the finding's exact text,
instrument and English message), or, failing that, file, rule and text agree within 3 lines (a message
reworded, a line moved by a reader change).

Documents read whole (eval/labels/documents.jsonl): what an officer would flag in the whole document, each
as the rule that should say it and the line; recall is the share of those flags that a finding of the same
rule makes (within 3 lines, or anywhere for rules about the whole document).

Every rule runs, those in preview too (preview=True): a preview rule is measured so that it can become stable.

Precision counts judged findings only: true / (true + false + debatable) is the strict figure, and
true / (true + false) the figure with debatable findings set aside; both are printed. Findings not yet judged
are counted per rule, so a figure from a few judgments says so.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ROOT / "eval" / "labels"
FOLDERS = ("real-2025", "real-2025-more", "not-documents")
WHOLE_DOCUMENT_RULES = {"QCDC106", "QCDC201", "QCDC202", "QCDC204", "QCDC301"}
NEAR = 3


def corpus_files(corpus: Path = CORPUS) -> list[Path]:
    files = sorted(corpus.glob("*.txt"))
    for folder in FOLDERS:
        files += sorted(p for p in (corpus / folder).glob("*") if p.suffix in (".md", ".txt"))
    return files


def key_of(rule: str, text: str, instrument: str | None, message_en: str) -> str:
    raw = "\x1f".join((rule, text, instrument or "", message_en))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def text_sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def run(files: list[Path], corpus: Path = CORPUS, **options) -> list[dict]:
    """Every finding of every file (English messages), as dicts with the label fields; every rule runs, those in
    preview too, unless `options` say otherwise."""
    import qcdc_rules

    out = []
    reports = qcdc_rules.check_files(files, lang="en", **{"preview": True, **options})
    for path, report in zip(files, reports):
        rel = path.relative_to(corpus).as_posix()
        if report.error is not None:
            out.append({"file": rel, "error": report.error.code})
            continue
        for f in report.findings:
            out.append({"file": rel, "rule": f.rule, "severity": f.severity, "line": f.line, "end_line": f.end_line,
                        "instrument": f.instrument, "text": f.text, "message": f.message,
                        "key": key_of(f.rule, f.text, f.instrument, f.message), "text_sha": text_sha(f.text)})
    return out


def load(name: str) -> list[dict]:
    path = LABELS / name
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def match(findings: list[dict], labels: list[dict]) -> tuple[dict[int, dict], list[dict]]:
    """finding index -> its label, and the labels no finding matched."""
    by_key = collections.defaultdict(list)
    by_text = collections.defaultdict(list)
    for lab in labels:
        by_key[(lab["file"], lab["rule"], lab["key"])].append(lab)
        by_text[(lab["file"], lab["rule"], lab.get("text_sha"))].append(lab)
    used: set[int] = set()
    found: dict[int, dict] = {}
    for tier in ("key", "text"):
        for i, f in enumerate(findings):
            if "rule" not in f or i in found:
                continue
            if tier == "key":
                cands = by_key.get((f["file"], f["rule"], f["key"]), [])
            else:
                cands = [lab for lab in by_text.get((f["file"], f["rule"], f["text_sha"]), [])
                         if abs(lab["line"] - f["line"]) <= NEAR]
            for lab in sorted(cands, key=lambda lab: abs(lab["line"] - f["line"])):
                if id(lab) not in used:
                    used.add(id(lab))
                    found[i] = lab
                    break
    missing = [lab for lab in labels if id(lab) not in used]
    return found, missing


def _near(finding: dict, line: int) -> bool:
    """A flag's line is within NEAR lines of the lines the finding covers (a finding on a table row or a wrapped
    clause spans several lines; the officer may point at any of them)."""
    end = max(finding["line"], finding.get("end_line") or finding["line"])
    return finding["line"] - NEAR <= line <= end + NEAR


def recall(findings: list[dict], documents: list[dict]) -> tuple[int, int, list[dict]]:
    by_file = collections.defaultdict(list)
    for f in findings:
        if "rule" in f:
            by_file[f["file"]].append(f)
    hit = total = 0
    missed = []
    for doc in documents:
        for flag in doc.get("flags", []):
            total += 1
            ok = any(f["rule"] == flag["rule"] and (flag["rule"] in WHOLE_DOCUMENT_RULES or flag.get("line") is None
                                                   or _near(f, flag["line"]))
                     for f in by_file.get(doc["file"], []))
            hit += ok
            if not ok:
                missed.append({"file": doc["file"], **flag})
    return hit, total, missed


def default_rules() -> set[str]:
    """The codes of the rules on by default (state stable), from the shapes as shipped."""
    from qcdc_rules.pipeline.compiled import load_compiled
    from qcdc_rules.rules.catalog import rules_by_code

    return {code for code, info in rules_by_code(load_compiled().rules).items() if info.state == "stable"}


def measure(findings: list[dict], labels: list[dict], documents: list[dict], stable: set[str] | None = None) -> dict:
    """Per rule (preview ones too) and overall; the overall figures and recall count what a user sees by default
    (the stable rules) when `stable` is given."""
    found, missing = match(findings, labels)
    per_rule: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for i, f in enumerate(findings):
        if "rule" not in f:
            continue
        c = per_rule[f["rule"]]
        c["shown"] += 1
        c[f["severity"]] += 1
        lab = found.get(i)
        c[lab["verdict"] if lab else "unjudged"] += 1
        if lab and f["severity"] in ("error", "warning") and (stable is None or f["rule"] in stable):
            c["ew_" + lab["verdict"]] += 1
        if lab and (stable is None or f["rule"] in stable):
            c["default_" + lab["verdict"]] += 1

    def ratio(t: int, other: int) -> float | None:
        return round(t / (t + other), 3) if t + other else None

    rules = {}
    total = collections.Counter()
    for rule, c in sorted(per_rule.items()):
        total.update(c)
        rules[rule] = {**c, "precision": ratio(c["true"], c["false"] + c["debatable"]),
                       "precision_decided": ratio(c["true"], c["false"])}
    shown = [f for f in findings if stable is None or f.get("rule") in stable]
    hit, flags, missed = recall(shown, documents)
    return {
        "rules": rules,
        "overall": ratio(total["default_true"], total["default_false"] + total["default_debatable"]),
        "stable_rules": sorted(stable) if stable is not None else None,
        "overall_errors_warnings": ratio(total["ew_true"], total["ew_false"] + total["ew_debatable"]),
        "overall_errors_warnings_decided": ratio(total["ew_true"], total["ew_false"]),
        "judged": total["true"] + total["false"] + total["debatable"],
        "unjudged": total["unjudged"],
        "labels": len(labels),
        "labels_not_found": len(missing),
        "true_lost": [m for m in missing if m["verdict"] == "true"],
        "recall": ratio(hit, flags - hit), "recall_hits": hit, "recall_flags": flags, "missed": missed,
        "internal_errors": sorted({f["file"] for f in findings if f.get("error") == "internal-error"}),
    }


def todo(findings: list[dict], labels: list[dict], per_rule: int, out: Path, corpus: Path = CORPUS,
         seed: int = 7) -> int:
    """Write up to per_rule unjudged findings of each rule, each with the lines around it, to judge."""
    found, _ = match(findings, labels)
    pending = collections.defaultdict(list)
    for i, f in enumerate(findings):
        if "rule" in f and i not in found:
            pending[f["rule"]].append(f)
    rng = random.Random(seed)
    rows = []
    for _rule, items in sorted(pending.items()):
        rng.shuffle(items)
        for f in items[:per_rule]:
            lines = (corpus / f["file"]).read_text("utf-8", errors="replace").splitlines()
            a, b = max(0, f["line"] - 8), min(len(lines), f["line"] + 8)
            rows.append({**f, "context": {str(n + 1): lines[n] for n in range(a, b)}})
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return len(rows)


MEASURED = ROOT / "shapes" / "_measured.ttl"


def measured_turtle(m: dict, day: str) -> str:
    """shapes/_measured.ttl: per rule (on its code's default shape), the strict precision of its judged findings
    (true / judged), how many were judged and the day. A rule with no judged finding gets judgedFindings 0 and no
    figure; under 10 judged findings the tools say "not yet measured" (rules/catalog.py, MIN_JUDGED)."""
    from qcdc_rules.pipeline import rule_catalog

    lines = ["# The measured precision of each rule on real documents (../shared/corpus, judged in eval/labels/).",
             "# Written by `python benchmarks/precision.py --write-measured`; do not edit by hand.",
             "@prefix qcdc:  <https://w3id.org/qcdc-rules/ns#> .",
             "@prefix qcdcs: <https://w3id.org/qcdc-rules/shapes#> .",
             "@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .", ""]
    for code, info in rule_catalog().items():
        c = m["rules"].get(code, {})
        judged = c.get("true", 0) + c.get("false", 0) + c.get("debatable", 0)
        shape = "qcdcs:" + info.shape.rsplit("#", 1)[-1]
        figure = f" qcdc:measuredPrecision {c['precision']:.3f} ;" if judged else ""
        lines.append(f'{shape}{figure} qcdc:judgedFindings {judged} ; qcdc:measuredOn "{day}"^^xsd:date .')
    return "\n".join(lines) + "\n"


STATE = LABELS / "state.json"


def label_id(lab: dict) -> str:
    return f"{lab['file']}|{lab['rule']}|{lab['line']}|{lab['key']}"


def label_state(findings: list[dict], labels: list[dict]) -> dict:
    """Which labels a run matches: the findings judged false that are still shown (known, to be fixed) and
    the findings judged true that are found. The labels test compares a run with the state recorded here:
    a false finding not recorded as still shown has come back; a true one recorded as found has been lost."""
    found, _ = match(findings, labels)
    matched = list(found.values())
    return {"false_shown": sorted({label_id(lab) for lab in matched if lab["verdict"] == "false"}),
            "true_found": sorted({label_id(lab) for lab in matched if lab["verdict"] == "true"})}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--todo", nargs=2, metavar=("N", "OUT"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--findings", help="also write every finding of the run to this JSON lines file")
    ap.add_argument("--write-state", action="store_true",
                    help=f"record which judged findings this run shows in {STATE.relative_to(ROOT)} (for the labels "
                         "test)")
    ap.add_argument("--write-measured", action="store_true",
                    help=f"write each rule's measured precision to {MEASURED.relative_to(ROOT)}")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    files = corpus_files(corpus)
    if not files:
        sys.exit(f"no documents under {corpus}")
    findings = run(files, corpus)
    if args.findings:
        Path(args.findings).write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in findings), "utf-8")
    labels, documents = load("findings.jsonl"), load("documents.jsonl")
    m = measure(findings, labels, documents, default_rules())
    if args.write_state:
        STATE.write_text(json.dumps(label_state(findings, labels), ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"wrote {STATE.relative_to(ROOT)}", file=sys.stderr)
    if args.write_measured:
        import datetime as dt

        MEASURED.write_text(measured_turtle(m, dt.date.today().isoformat()), "utf-8")
        print(f"wrote {MEASURED.relative_to(ROOT)}", file=sys.stderr)
    if args.todo:
        n = todo(findings, labels, int(args.todo[0]), Path(args.todo[1]), corpus)
        print(f"wrote {n} unjudged findings to {args.todo[1]}", file=sys.stderr)
    if args.json:
        print(json.dumps(m, ensure_ascii=False, indent=2))
        return
    print(f"{len(files)} documents, {sum(1 for f in findings if 'rule' in f)} findings, "
          f"{m['judged']} judged, {m['unjudged']} not judged; {m['labels']} labels "
          f"({m['labels_not_found']} no longer found)")
    print(f"{'rule':8} {'shown':>6} {'err':>5} {'warn':>5} {'info':>5} {'true':>5} {'false':>5} {'deb.':>5} "
          f"{'unjud.':>6} {'prec.':>6} {'decided':>7}")
    for rule, c in m["rules"].items():
        p = "-" if c["precision"] is None else f"{c['precision']:.0%}"
        d = "-" if c["precision_decided"] is None else f"{c['precision_decided']:.0%}"
        print(f"{rule:8} {c['shown']:6} {c.get('error', 0):5} {c.get('warning', 0):5} {c.get('info', 0):5} "
              f"{c.get('true', 0):5} {c.get('false', 0):5} {c.get('debatable', 0):5} {c.get('unjudged', 0):6} "
              f"{p:>6} {d:>7}")

    def pct(x):
        return "-" if x is None else f"{x:.1%}"

    print(f"shown by default (stable rules): precision of judged findings {pct(m['overall'])}; errors and warnings: "
          f"{pct(m['overall_errors_warnings'])} (debatable set aside: {pct(m['overall_errors_warnings_decided'])})")
    print(f"recall (stable rules) on {len(documents)} documents read whole: {pct(m['recall'])} "
          f"({m['recall_hits']} of {m['recall_flags']} flags)")
    print(f"labels judged true no longer found: {len(m['true_lost'])}; internal errors: {len(m['internal_errors'])}")


if __name__ == "__main__":
    main()
