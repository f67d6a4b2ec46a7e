"""Stage 5, report: render a Report as JSON (the contract), JSON Lines, SARIF, GitHub annotations,
full text (source line with the span marked) or concise text. Rendering only: nothing here changes
a finding."""
from .github import render_github
from .jsonout import render_json, render_json_line
from .sarif import render_sarif
from .text import render_concise, render_full

__all__ = ["render_json", "render_json_line", "render_sarif", "render_github", "render_full", "render_concise"]
