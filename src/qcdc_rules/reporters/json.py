"""The JSON report of spec/output.md (schema "qcdc-check/report/1"); its JSON Schema ships in
qcdc_rules/contract/report-1.schema.json."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from typing import Optional

from ..contract.models import FileReport, Report
from .base import Reporter


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
    checked, to a temporary file, so that only counts stay in memory however many files there are."""

    streams = True

    def __init__(self, stream, lang: str = "vi", rules: Optional[dict] = None, quiet: bool = False):
        super().__init__(stream, lang, rules, quiet)
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.files = 0
        self.counts = {"error": 0, "warning": 0, "info": 0}

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        for f in fr.findings:
            self.counts[f.severity] += 1
        text = json.dumps(file_dict(fr), ensure_ascii=False, indent=2)
        # as json.dumps indents an item of the top-level "files" list: two levels deeper
        self.spool.write(("," if self.files else "") + "\n    " + text.replace("\n", "\n    "))
        self.files += 1
        return fr

    def end(self, report: Report) -> None:
        summary = report.summary.model_copy(update=self.counts)
        head = json.dumps(report_dict(report.model_copy(update={"files": [], "summary": summary})),
                          ensure_ascii=False, indent=2) + "\n"
        before, after = head.split(_EMPTY_FILES, 1)  # keys are unique and a string's quotes are escaped
        self.stream.write(before + '\n  "files": [')
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.stream)
        self.spool.close()
        self.stream.write(("\n  ]" if self.files else "]") + after)


_EMPTY_FILES = '\n  "files": []'


class JsonLinesReporter(Reporter):
    """One line per file as soon as it is checked; nothing of it is kept afterwards but its summary."""

    streams = True

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        self.stream.write(render_json_line(fr))
        self.stream.flush()
        return fr
