"""What a run can print besides its findings: counts per rule (`--statistics`) and the list of suggested
fixes (`--show-fixes`), in text or JSON."""
from __future__ import annotations

import json
from collections import Counter

from ..contract.models import SEVERITY_RANK, FileReport
from .text import where
from ..core.i18n import tr, tr_all
from .words import WORDS

def statistics(reports: list[FileReport]) -> list[dict]:
    """One row per rule that fired: code, name, count, and how many of those carry a fix."""
    count: Counter = Counter()
    fixable: Counter = Counter()
    names: dict[str, str] = {}
    for fr in reports:
        for f in fr.findings:
            count[f.rule] += 1
            fixable[f.rule] += f.fix is not None
            names[f.rule] = f.name
    return [{"code": code, "name": names[code], "count": n, "fixable": fixable[code]}
            for code, n in sorted(count.items(), key=lambda t: (-t[1], t[0]))]


def render_statistics(reports: list[FileReport], stream, lang: str, rules: dict, fmt: str) -> None:
    rows = statistics(reports)
    if fmt in ("json", "json-lines"):
        stream.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    w = tr_all(lang, WORDS)
    fix_word = tr(lang, "with a fix")
    for r in rows:
        info = rules.get(r["code"])
        label = (info.label_vi if lang == "vi" else info.label_en) if info else r["name"]
        severity = w[info.default_severity] if info else ""
        fixes = f" ({r['fixable']} {fix_word})" if r["fixable"] else ""
        stream.write(f"{r['count']:>5}  {r['code']}  [{severity}] {label}{fixes}\n")
    total = sum(r["count"] for r in rows)
    stream.write(tr(lang, "{total} finding(s)", total=total) + "\n")


def render_fix_list(reports: list[FileReport], stream, lang: str) -> None:
    """Every suggested fix, one line each: where, rule, whether it is safe, and what it puts in."""
    w = tr_all(lang, WORDS)
    lines = []
    for fr in reports:
        for f in fr.findings:
            if f.fix is None:
                continue
            how = w["safe"] if f.fix.safety == "safe" else w["unsafe"]
            put = tr(lang, "replace with")
            lines.append(f"{where(fr.path, f)}: {f.rule} ({how}): {put} “{f.fix.replacement}”")
    head = tr(lang, "Suggested fixes") + f" ({len(lines)}):"
    stream.write("\n".join([head] + lines) + "\n")


def at_least(fr: FileReport, severity: str) -> FileReport:
    """The report with only the findings at `severity` or above (a display threshold)."""
    kept = [f for f in fr.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[severity]]
    return fr if len(kept) == len(fr.findings) else fr.model_copy(update={"findings": kept})
