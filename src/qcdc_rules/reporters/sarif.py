"""SARIF 2.1.0 output: one reportingDescriptor per rule code (with helpUri and default level),
results with regions, snippets, fixes, and partialFingerprints that survive line shifts."""
from __future__ import annotations

import json
from pathlib import PurePath
from typing import Optional
from urllib.parse import quote

from ..contract.models import FileError, FileReport, Report, fingerprints
from ..core.iri import BASE
from ..core.version import __version__
from .base import Reporter
from .listspool import ListSpool
from ..core.i18n import tr
from .words import WORDS

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    p = PurePath(path)
    if p.is_absolute():
        return "file://" + quote(p.as_posix())
    return quote(p.as_posix())


def _region(line: int, column: int, end_line: int, end_column: int, snippet: str | None = None) -> dict:
    region: dict[str, object] = {"startLine": line, "startColumn": column, "endLine": end_line,
                                 "endColumn": end_column + 1}
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _rule_index(rules: dict) -> dict[str, int]:
    """Each rule code's place among the descriptors (ruleIndex)."""
    return {c: i for i, c in enumerate(sorted(rules))}


def _descriptors(rules: dict, lang: str) -> list[dict]:
    out = []
    for c in sorted(rules):
        r = rules[c]
        label = r.label_vi if lang == "vi" else r.label_en
        doc = r.doc_vi if lang == "vi" else r.doc_en
        out.append({
            "id": c, "name": r.name,
            "shortDescription": {"text": label or r.name},
            "fullDescription": {"text": doc or label or r.name},
            "helpUri": r.help_uri,
            "defaultConfiguration": {"level": LEVEL[r.default_severity]},
            "properties": {"defaultSeverity": r.default_severity, "qcdc-state": r.state},
        })
    return out


def _notification(path: str, error: FileError) -> dict:
    """A file that could not be read, as a tool execution notification."""
    return {
        "level": "error", "message": {"text": error.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}}}],
        "properties": {"code": error.code},
    }


def _results(fr: FileReport, index: dict[str, int], lang: str) -> list[dict]:
    """One file's findings as SARIF results."""
    uri = _uri(fr.path)
    out = []
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
                "description": {"text": f"{f.fix.replacement} ({tr(lang, WORDS[f.fix.safety])})"},
                "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [{
                    "deletedRegion": _region(rg.line, rg.column, rg.end_line, rg.end_column),
                    "insertedContent": {"text": f.fix.replacement},
                }]}],
            }]
        out.append(result)
    return out


def _registry_properties(report: Report) -> dict:
    """The registry release the findings rest on, as the run's properties (SARIF 2.1.0 §3.8: a property bag)."""
    reg = report.registry
    bag: dict[str, object] = {"instruments": reg.instruments}
    if reg.version:
        bag["version"] = reg.version
    if reg.released:
        bag["released"] = reg.released.isoformat()
    return {"registry": bag}


def _document(descriptors: list[dict], notifications: list[dict], results: list[dict],
              properties: Optional[dict] = None) -> dict:
    run = {
        "tool": {"driver": {
            "name": "qcdc-check", "version": __version__, "semanticVersion": __version__,
            "informationUri": BASE, "rules": descriptors,
        }},
        "invocations": [{
            "executionSuccessful": not notifications,
            "toolExecutionNotifications": notifications,
        }],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if properties:
        run["properties"] = properties
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


class SarifLog:
    """The one SARIF serializer: each file's results as it comes (a file that cannot be read becomes a
    notification), then the log around them. The service takes it whole (sarif_dict), the command line streams
    each file's results to a temporary file (SarifReporter)."""

    def __init__(self, rules: dict, lang: str = "vi"):
        self.rules, self.lang, self.index = rules, lang, _rule_index(rules)
        self.notifications: list[dict] = []

    def file(self, fr: FileReport) -> list[dict]:
        if fr.error:
            self.notifications.append(_notification(fr.path, fr.error))
            return []
        return _results(fr, self.index, self.lang)

    def document(self, report: Report, results) -> dict:
        return _document(_descriptors(self.rules, self.lang), self.notifications, results, _registry_properties(report))


def sarif_dict(report: Report, rules: dict, lang: str = "vi") -> dict:
    log = SarifLog(rules, lang)
    return log.document(report, [r for fr in report.files for r in log.file(fr)])


def render_sarif(report: Report, rules: dict, lang: str = "vi") -> str:
    return json.dumps(sarif_dict(report, rules, lang), ensure_ascii=False, indent=2) + "\n"


class SarifReporter(Reporter):
    """One SARIF log, written at the end; each file's results are written, as it is checked, to a temporary
    file, so that only the files that could not be read stay in memory however many files there are."""

    streams = True

    def __init__(self, stream, lang: str = "vi", rules: Optional[dict] = None, quiet: bool = False):
        super().__init__(stream, lang, rules, quiet)
        self.log = SarifLog(self.rules, self.lang)
        self.spool = ListSpool(depth=4)

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        for result in self.log.file(fr):
            self.spool.add(result)  # strings and integers: no float
        return fr

    def end(self, report: Report) -> None:
        self.spool.write_into(self.stream, self.log.document(report, self.spool.slot))
