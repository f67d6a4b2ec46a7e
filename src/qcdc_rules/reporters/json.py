"""The JSON report of spec/output.md (schema "qcdc-check/report/1"); its JSON Schema ships in
qcdc_rules/contract/report-1.schema.json."""
from __future__ import annotations

import datetime as dt
import json

from ..contract.models import FileReport, Report
from .base import Reporter


def report_dict(report: Report, today: dt.date | None = None) -> dict:
    data = report.model_dump(mode="json", by_alias=True)
    if data["registry"]["as_of"] is None:
        data["registry"]["as_of"] = (today or dt.date.today()).isoformat()
    for f in data["files"]:
        for finding in f["findings"]:
            if finding.get("fix") is None:
                finding["fix"] = None
    return data


def render_json(report: Report, today: dt.date | None = None) -> str:
    return json.dumps(report_dict(report, today), ensure_ascii=False, indent=2) + "\n"


def render_json_line(file_report, today: dt.date | None = None) -> str:
    """One file's report as one JSON line (the `files[i]` object of the JSON contract), for streaming."""
    data = file_report.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False) + "\n"


class JsonReporter(Reporter):
    """The whole report as one JSON document, written at the end."""

    def end(self, report: Report) -> None:
        self.stream.write(render_json(report))


class JsonLinesReporter(Reporter):
    """One line per file as soon as it is checked; nothing of it is kept afterwards but its summary."""

    streams = True

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        self.stream.write(render_json_line(fr))
        self.stream.flush()
        return fr
