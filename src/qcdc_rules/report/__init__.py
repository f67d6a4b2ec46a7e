"""Stage 5, report: render a Report as JSON (the contract), full text (source line with the span
marked) or concise text. Rendering only: nothing here changes a finding."""
from .jsonout import render_json
from .text import render_concise, render_full

__all__ = ["render_json", "render_full", "render_concise"]
