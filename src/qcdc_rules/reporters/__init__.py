"""Layer 9, reporters: a report rendered in one format. REPORTERS is the one place formats are registered
(`--format NAME`): a new output format is a new Reporter subclass added here. Rendering only: nothing
here changes a finding."""
from __future__ import annotations

from .base import Reporter
from .github import GithubReporter, render_github
from .json import JsonLinesReporter, JsonReporter, render_json, render_json_line
from .sarif import SarifReporter, render_sarif


def _text(name: str):
    def make(stream, lang="vi", rules=None, quiet=False):
        from . import text  # rich is imported only for the text formats

        return getattr(text, name)(stream, lang, rules, quiet)

    return make


REPORTERS = {
    "full": _text("FullReporter"),
    "concise": _text("ConciseReporter"),
    "json": JsonReporter,
    "json-lines": JsonLinesReporter,
    "sarif": SarifReporter,
    "github": GithubReporter,
}

__all__ = ["REPORTERS", "Reporter", "render_github", "render_json", "render_json_line", "render_sarif"]
