"""GitHub Actions workflow annotations (::error file=…,line=…::message)."""
from __future__ import annotations

from ..contract.models import FileReport, Report
from .base import Reporter

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def github_lines(fr: FileReport) -> list[str]:
    """One file's annotations: its error, or one per finding."""
    lines = []
    if fr.error:
        lines.append("::error "
                     f"file={_prop(fr.path)},title={_prop('qcdc-check: ' + fr.error.code)}::{_data(fr.error.message)}")
    for f in fr.findings:
        lines.append(
            f"::{LEVEL[f.severity]} file={_prop(fr.path)},line={f.line},endLine={f.end_line},"
            f"col={f.column},endColumn={f.end_column},title={_prop(f.rule + ' ' + f.name)}::{_data(f.message)}"
        )
    return lines


def render_github_file(fr: FileReport) -> str:
    return "".join(line + "\n" for line in github_lines(fr))


def render_github(report: Report) -> str:
    return "".join(render_github_file(fr) for fr in report.files)


class GithubReporter(Reporter):
    """Annotations written file by file as the files are checked."""

    streams = True

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        self.stream.write(render_github_file(fr))
        return fr

