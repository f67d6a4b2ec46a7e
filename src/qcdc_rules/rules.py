"""Rule metadata (code, name, severities, docs; read from the shapes) and the conversion of raw
constraint results into findings. Shared by both executors; imports no RDF library."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .graph import PlanGraph
from .models import Finding, Fix

HELP_BASE = "https://w3id.org/qcdc-rules/rules/"
_MARKER = re.compile(r"^\[(vi|en|fix)\] ?(.*)$", re.S)
_UNBOUND = re.compile(r"\{[?$]\w+\}")


@dataclass(frozen=True)
class RawResult:
    """One constraint violation, whichever executor found it."""

    shape: str
    severity: str  # error | warning | info
    value: Optional[str]  # IRI of the result's sh:value (a node of the plan graph), if any
    messages: tuple[str, ...]  # filled-in sh:message texts, with their [vi]/[en]/[fix] markers
@dataclass(frozen=True)
class RuleInfo:
    shape: str
    code: str
    name: str
    default_severity: str
    pre_issuance_severity: Optional[str]
    fix_safety: Optional[str]
    fix_target: Optional[str]
    label_vi: str
    label_en: str
    doc_vi: str
    doc_en: str
    docs: dict[str, dict[str, str]]  # why / legalBasis / howToFix -> {vi, en}; exampleFires / examplePasses -> {"": text}


def load_rules() -> dict[str, RuleInfo]:
    """Rule metadata keyed by shape IRI (from the compiled cache of shapes/)."""
    from .compiled import load_compiled

    return load_compiled().rules


def rules_by_code() -> dict[str, RuleInfo]:
    """One RuleInfo per code (the default-severity variant when a code has several shapes)."""
    out: dict[str, RuleInfo] = {}
    for info in sorted(load_rules().values(), key=lambda r: r.shape):
        if info.code not in out or "-" not in info.shape.rsplit("#", 1)[-1]:
            out[info.code] = info
    return dict(sorted(out.items()))


def _fix(text: str, info: RuleInfo, loc) -> Optional[Fix]:
    """The suggested fix; start/end are normalized offsets here (the engine maps them to the file)."""
    if not text:
        return None
    target = loc.targets.get(info.fix_target or "") if info.fix_target != "none" else None
    return Fix(replacement=text, safety=info.fix_safety or "safe",
               start=target[0] if target else None, end=target[1] if target else None)


def findings_from_results(results: list[RawResult], pg: PlanGraph, lang: str = "vi") -> list[Finding]:
    rules = load_rules()
    out: list[Finding] = []
    for r in results:
        info = rules.get(r.shape)
        if info is None:
            continue  # a shape that is not a rule (e.g. a maintainer's helper)
        messages: dict[str, str] = {}
        for m in r.messages:
            mm = _MARKER.match(m)
            if mm:
                messages[mm.group(1)] = mm.group(2).strip()
        message = messages.get(lang) or messages.get("vi") or messages.get("en") or info.name
        message = _UNBOUND.sub("", message)
        fix_text = _UNBOUND.sub("", messages.get("fix", "")).strip()
        loc = pg.locations.get(r.value) if r.value else None
        loc = loc or pg.anchor
        out.append(Finding(
            rule=info.code, name=info.name,
            severity=r.severity,
            message=message,
            line=loc.span.line, column=loc.span.column, end_line=loc.span.end_line, end_column=loc.span.end_column,
            text=loc.text, instrument=loc.instrument,
            fix=_fix(fix_text, info, loc),
            help_uri=HELP_BASE + info.code,
        ))
    out.sort(key=lambda f: (f.line, f.column, f.rule, f.instrument or "", f.message))
    return out
