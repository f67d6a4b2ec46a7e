"""Findings the officer has set aside, and the set-asides that do not work.

A finding is set aside by a "qcdc: bỏ qua QCDCnnn" directive covering its line (readers/suppress.py) that names
its exact code, or by its fingerprint in the baseline. Like ruff's unused-noqa, a directive that cannot work
is said in the file's notes and counted (`unused_suppressions`): a word that is not a code ("QCDC1O3", a
prefix "QCDC1"), a code no rule has (QCDC999), a directive that names no code, and a code whose rule ran and
found nothing there. A code whose rule did not run (not selected, in preview) is not reported.
"""
from __future__ import annotations

from typing import Optional

from ..contract.models import Finding, fingerprints
from ..core.i18n import NC_, N_, Message, tr_all

WORDS: dict[str, Message] = {
    "line": NC_("set-aside", "line {n}"), "paragraph": NC_("set-aside", "paragraph ¶{n}"),
    "malformed": N_("{where}: “{text}” names “{code}”, which is not a rule code (QCDC and three digits, e.g. "
                    "QCDC103; prefixes are not accepted): nothing is set aside by it"),
    "unknown": N_("{where}: “{text}” names {code}, which no rule has (see: qcdc-check rules): nothing is set "
                  "aside by it"),
    "empty": N_("{where}: “{text}” names no rule code, so nothing is set aside (write: qcdc: bỏ qua QCDC102)"),
    "unused": N_("{where}: {code} in “{text}” sets nothing aside (there is no {code} finding there); remove it"),
}


def set_aside(findings: list[Finding], doc, options, rules: dict) -> tuple[list[Finding], int, list[str]]:
    """The findings not set aside, how many were, and a note for each set-aside that does not work.
    `rules`: code -> whether the rule is in preview (what decides whether it ran)."""
    from .options import rule_enabled

    directives = doc.directives
    if not directives and not options.baseline:
        return findings, 0, []
    used: set[tuple[int, str]] = set()  # (directive index, code) that set a finding aside
    kept = []
    for f, fp in zip(findings, fingerprints(findings)):
        line = f.source_line or f.line
        hit = next((i for i, d in enumerate(directives) if f.rule in d.codes and d.covers(line)), None)
        if hit is not None:
            used.add((hit, f.rule))
        elif fp not in options.baseline:
            kept.append(f)
    w = tr_all("en" if options.lang == "en" else "vi", WORDS)
    notes: list[str] = []
    for i, d in enumerate(directives):
        where = _where(doc, d.line, w)
        said = dict(where=where, text=_short(d.text))
        notes.extend(w["malformed"].format(code=c, **said) for c in d.malformed)
        for code in d.codes:
            if code not in rules:
                notes.append(w["unknown"].format(code=code, **said))
            elif (i, code) not in used and rule_enabled(code, rules[code], options):
                notes.append(w["unused"].format(code=code, **said))
        if not d.codes and not d.malformed:
            notes.append(w["empty"].format(**said))
    return kept, len(findings) - len(kept), notes


def _where(doc, line: int, w: dict) -> str:
    loc: Optional[object] = doc.locate(line) if doc.locations else None
    paragraph = getattr(loc, "paragraph", None)
    return w["paragraph"].format(n=paragraph) if paragraph is not None else w["line"].format(n=line)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
