"""What every reporter is: made with the output stream, the language and the rule catalog; told of each
file as it is checked (`file`, which returns what of the file's report to keep for the end), then of the
whole report (`end`). Streaming formats write in `file`, the others in `end`."""
from __future__ import annotations

from typing import Optional

from ..contract.models import FileReport, Report


class Reporter:
    # True: writes (or spools) each file's findings as it is told of them and needs none at the end: the
    # command line then keeps each file without its findings, and the report's summary counts them for it
    streams = False

    def __init__(self, stream, lang: str = "vi", rules: Optional[dict] = None, quiet: bool = False):
        self.stream = stream
        self.lang = lang
        self.rules = rules or {}  # RuleInfo by code
        self.quiet = quiet  # the findings only: no summary, no notes (text formats)

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        """One file's report, as soon as it is checked; `lines`: the source text of each finding's line."""
        return fr

    def end(self, report: Report) -> None:
        """The whole report, once every file is checked."""
