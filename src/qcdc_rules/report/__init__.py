"""Stage 5, report: render a Report as JSON (the contract), JSON Lines, SARIF, GitHub annotations,
full text (source line with the span marked) or concise text. Rendering only: nothing here changes
a finding. The text renderers (and rich) are imported only when used."""
from .github import render_github
from .jsonout import render_json, render_json_line
from .sarif import render_sarif

__all__ = ["render_json", "render_json_line", "render_sarif", "render_github", "render_full", "render_concise"]


def __getattr__(name: str):
    if name in ("render_full", "render_concise"):
        from . import text

        return getattr(text, name)
    raise AttributeError(name)
