"""SARIF 2.1.0 output: one reportingDescriptor per rule code (with helpUri and default level),
results with regions, snippets, fixes, and partialFingerprints that survive line shifts."""
from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from ..contract.models import Report, fingerprints
from ..core.version import __version__
from .base import Reporter
from .words import WORDS

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    p = PurePath(path)
    if p.is_absolute():
        return "file://" + quote(p.as_posix())
    return quote(p.as_posix())


def _region(line: int, column: int, end_line: int, end_column: int, snippet: str | None = None) -> dict:
    region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column + 1}
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def sarif_dict(report: Report, rules: dict, lang: str = "vi") -> dict:
    codes = sorted(rules)
    index = {c: i for i, c in enumerate(codes)}
    descriptors = []
    for c in codes:
        r = rules[c]
        label = r.label_vi if lang == "vi" else r.label_en
        doc = r.doc_vi if lang == "vi" else r.doc_en
        descriptors.append({
            "id": c, "name": r.name,
            "shortDescription": {"text": label or r.name},
            "fullDescription": {"text": doc or label or r.name},
            "helpUri": r.help_uri,
            "defaultConfiguration": {"level": LEVEL[r.default_severity]},
            "properties": {"defaultSeverity": r.default_severity},
        })
    results, notifications = [], []
    for fr in report.files:
        uri = _uri(fr.path)
        if fr.error:
            notifications.append({
                "level": "error", "message": {"text": fr.error.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                "properties": {"code": fr.error.code},
            })
            continue
        for f, fingerprint in zip(fr.findings, fingerprints(fr.findings)):
            result = {
                "ruleId": f.rule, "ruleIndex": index.get(f.rule, 0), "level": LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(f.line, f.column, f.end_line, f.end_column, f.text),
                }}],
                "partialFingerprints": {"qcdcFinding/v1": fingerprint},
                "properties": {"severity": f.severity, "instrument": f.instrument},
            }
            if f.fix and f.fix.range:
                rg = f.fix.range
                result["fixes"] = [{
                    "description": {"text": f"{f.fix.replacement} ({WORDS[lang][f.fix.safety]})"},
                    "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [{
                        "deletedRegion": _region(rg.line, rg.column, rg.end_line, rg.end_column),
                        "insertedContent": {"text": f.fix.replacement},
                    }]}],
                }]
            results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "qcdc-check", "version": __version__, "semanticVersion": __version__,
                "informationUri": "https://w3id.org/qcdc-rules", "rules": descriptors,
            }},
            "invocations": [{
                "executionSuccessful": not any(fr.error for fr in report.files),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def render_sarif(report: Report, rules: dict, lang: str = "vi") -> str:
    return json.dumps(sarif_dict(report, rules, lang), ensure_ascii=False, indent=2) + "\n"


class SarifReporter(Reporter):
    def end(self, report: Report) -> None:
        self.stream.write(render_sarif(report, self.rules, self.lang))
