"""The JSON report of spec/output.md (schema "qcdc-check/report/1"); its JSON Schema ships in
qcdc_rules/contract/report-1.schema.json."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Optional

from ..contract.models import FileReport, Report, fingerprints
from .base import Reporter
from .listspool import ListSpool


def report_dict(report: Report, today: dt.date | None = None, files: Any = None) -> dict:
    """The report's JSON object; `files`: what stands for the list of files (by default each one's object)."""
    data = report.model_dump(mode="json", by_alias=True, exclude={"files"})
    if data["registry"]["as_of"] is None:
        data["registry"]["as_of"] = (today or dt.date.today()).isoformat()
    head, summary = {k: v for k, v in data.items() if k != "summary"}, data["summary"]
    return {**head, "files": [file_dict(f) for f in report.files] if files is None else files, "summary": summary}


def file_dict(fr: FileReport) -> dict:
    """One file's object of the JSON report (`files[i]`, and a line of json-lines): the one serializer of a file,
    for the command line and the service. Each finding's `id` is its fingerprint (rule, instrument, words and how
    many alike came before; SARIF's partialFingerprints), which /api/v1/fix takes as `finding=`."""
    data = fr.model_dump(mode="json", by_alias=True)
    for finding, fid in zip(data["findings"], fingerprints(fr.findings)):
        if finding.get("fix") is None:
            finding["fix"] = None
        finding["id"] = fid
    return data


def render_json(report: Report, today: dt.date | None = None) -> str:
    return json.dumps(report_dict(report, today), ensure_ascii=False, indent=2) + "\n"


def render_json_line(file_report: FileReport, today: dt.date | None = None) -> str:
    """One file's report as one JSON line (the `files[i]` object of the JSON contract), for streaming."""
    return json.dumps(file_dict(file_report), ensure_ascii=False) + "\n"


class JsonReporter(Reporter):
    """The whole report as one JSON document, written at the end. Each file's object is written, as it is
    checked, to a temporary file, so that memory stays flat however many files there are."""

    streams = True

    def __init__(self, stream, lang: str = "vi", rules: Optional[dict] = None, quiet: bool = False):
        super().__init__(stream, lang, rules, quiet)
        self.spool = ListSpool(depth=2)

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        self.spool.add(file_dict(fr))
        return fr

    def end(self, report: Report) -> None:
        self.spool.write_into(self.stream, report_dict(report.model_copy(update={"files": []}), files=self.spool.slot))


class JsonLinesReporter(Reporter):
    """One line per file as soon as it is checked; nothing of it is kept afterwards but its summary."""

    streams = True

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        self.stream.write(render_json_line(fr))
        self.stream.flush()
        return fr
