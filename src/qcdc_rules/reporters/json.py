"""The JSON report of spec/output.md (schema "qcdc-check/report/1"); its JSON Schema ships in
qcdc_rules/contract/report-1.schema.json."""
from __future__ import annotations

import datetime as dt
import json
from typing import Optional

from ..contract.models import FileReport, Report
from .base import Reporter
from .listspool import ListSpool


def report_dict(report: Report, today: dt.date | None = None) -> dict:
    data = report.model_dump(mode="json", by_alias=True, exclude={"files"})
    if data["registry"]["as_of"] is None:
        data["registry"]["as_of"] = (today or dt.date.today()).isoformat()
    head, summary = {k: v for k, v in data.items() if k != "summary"}, data["summary"]
    return {**head, "files": [file_dict(f) for f in report.files], "summary": summary}


def file_dict(fr: FileReport) -> dict:
    """One file's object of the JSON report (`files[i]`)."""
    data = fr.model_dump(mode="json", by_alias=True)
    for finding in data["findings"]:
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
    """The whole report as one JSON document, written at the end. Each file's object is written, as it is
    checked, to a temporary file, so that memory stays flat however many files there are."""

    streams = True

    def __init__(self, stream, lang: str = "vi", rules: Optional[dict] = None, quiet: bool = False):
        super().__init__(stream, lang, rules, quiet)
        self.spool = ListSpool(depth=2)

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        # pydantic's serializer writes what json.dumps(file_dict(fr), ensure_ascii=False, indent=2) writes (the
        # report has no floats), at a fifth of the cost: json.dumps indents in Python
        self.spool.add_text(fr.model_dump_json(indent=2, by_alias=True))
        return fr

    def end(self, report: Report) -> None:
        head = report_dict(report.model_copy(update={"files": []}))
        self.spool.write_into(self.stream, json.dumps(head, ensure_ascii=False, indent=2) + "\n", "files")


class JsonLinesReporter(Reporter):
    """One line per file as soon as it is checked; nothing of it is kept afterwards but its summary."""

    streams = True

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        self.stream.write(render_json_line(fr))
        self.stream.flush()
        return fr
