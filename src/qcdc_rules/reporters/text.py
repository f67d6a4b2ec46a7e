"""Human output: `path:line:col: CODE [severity] message`, the source line with the span marked
(like ruff's full format), and a summary. Colour only on a terminal (rich decides)."""
from __future__ import annotations

from typing import Callable, Optional

from rich.console import Console
from rich.markup import escape

from ..contract.models import FileReport, Report
from .base import Reporter
from .words import SOURCE, WORDS

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
def _summary(console: Console, report: Report, lang: str) -> None:
    w = WORDS[lang]
    s = report.summary
    if s.error + s.warning + s.info == 0 and not s.unreadable:
        console.print(f"{w['clean']} ({s.files} {w['files']}).", highlight=False)
    elif s.error + s.warning + s.info == 0:
        pass  # a file that could not be read is no clean result
    else:
        def word(k: str, n: int) -> str:
            return w[k] + ("s" if lang == "en" and n != 1 and k != "info" else "")

        parts = [f"[{STYLE[k]}]{getattr(s, k)} {word(k, getattr(s, k))}[/]" for k in ("error", "warning", "info")]
        console.print(f"{w['found']} {', '.join(parts)} {w['in']} {s.files} {w['files']}.", highlight=False)
    if s.unreadable:
        console.print(f"[bold red]{s.unreadable} {w['files']} {w['unreadable']}[/]", highlight=False)
    if s.suppressed:
        console.print(w["suppressed"].format(n=s.suppressed), highlight=False)


def where(path: str, f) -> str:
    """path:line:col for text; path:¶paragraph:col for .docx; path:p<page>:line:col for .pdf."""
    if f.page is not None:
        return f"{path}:p{f.page}:{f.line}:{f.column}"
    if f.paragraph is not None:
        cell = f" (bảng {f.table}, hàng {f.row}, ô {f.cell})" if f.table else ""
        return f"{path}:¶{f.paragraph}:{f.column}{cell}"
    return f"{path}:{f.line}:{f.column}"


TRIM = 100  # characters: a longer source line is shown around the finding, with … for what is left out
CONTEXT = 40  # characters shown on each side of the finding in a trimmed line


def trimmed(line: str, start: int, end: int) -> tuple[str, int, int]:
    """A long source line cut around [start, end) (0-based, end exclusive): the text shown and the span's
    place in it."""
    if len(line) <= TRIM:
        return line, start, end
    a, b = max(0, start - CONTEXT), min(len(line), max(end, start + 1) + CONTEXT)
    head, tail = ("…" if a > 0 else ""), ("…" if b < len(line) else "")
    return head + line[a:b] + tail, start - a + len(head), end - a + len(head)


def render_full(report: Report, console: Console, lang: str = "vi",
                source_line: Optional[Callable[[FileReport, int], str]] = None, quiet: bool = False) -> None:
    w = WORDS[lang]
    for fr in report.files:
        if fr.error:
            continue
        if quiet:
            pass
        elif fr.plan and fr.findings:
            console.print(f"[dim]{escape(fr.path)}: {w['date']} {fr.plan.date.strftime('%d/%m/%Y')} "
                          f"({SOURCE[lang].get(fr.plan.date_source, fr.plan.date_source)})[/]", highlight=False)
        if not quiet:
            _notes(console, fr)
        for f in fr.findings:
            console.print(
                f"[bold]{escape(where(fr.path, f))}:[/] [{STYLE[f.severity]}]{f.rule}[/] "
                f"[{STYLE[f.severity]}]\\[{w[f.severity]}][/] {escape(f.message)}",
                highlight=False,
            )
            line = source_line(fr, f.source_line or f.line) if source_line else ""
            if line:
                num = str(f.line)
                pad = " " * len(num)
                end = f.end_column if f.end_line == f.line else len(line)
                shown, a, b = trimmed(line, f.column - 1, end)
                console.print(f"[blue]{pad} |[/]", highlight=False)
                console.print(f"[blue]{num} |[/] {escape(shown)}", highlight=False)
                console.print(f"[blue]{pad} |[/] {' ' * a}[{STYLE[f.severity]}]{'^' * max(1, b - a)}[/]", highlight=False)
            if f.fix:
                console.print(f"[blue]{' ' * len(str(f.line))} =[/] [green]{w['fix']}[/] "
                              f"({w[f.fix.safety]}): {escape(f.fix.replacement)}", highlight=False)
            console.print()
    if not quiet:
        _summary(console, report, lang)


def _notes(console: Console, fr: FileReport) -> None:
    """What changes how to read the file's result (a notice that it was not checked, tracked changes read
    as accepted, a legacy encoding converted)."""
    for note in fr.notes:
        console.print(f"[dim]{escape(fr.path)}: {escape(note)}[/]", highlight=False)


def render_concise(report: Report, console: Console, lang: str = "vi", quiet: bool = False) -> None:
    w = WORDS[lang]
    for fr in report.files:
        if not quiet:
            _notes(console, fr)
        for f in fr.findings:
            console.print(f"{escape(where(fr.path, f))}: {f.rule} [{STYLE[f.severity]}]\\[{w[f.severity]}][/] "
                          f"{escape(f.message)}", highlight=False)
    if not quiet:
        _summary(console, report, lang)


def _console(stream) -> Console:
    return Console(file=stream, highlight=False, soft_wrap=True, emoji=False)


class FullReporter(Reporter):
    """Each finding with its source line and the span marked (like ruff's full format), then the summary."""

    def __init__(self, stream, lang: str = "vi", rules: Optional[dict] = None, quiet: bool = False):
        super().__init__(stream, lang, rules, quiet)
        self.sources: dict[str, dict[int, str]] = {}

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        self.sources[fr.path] = lines
        return fr

    def end(self, report: Report) -> None:
        render_full(report, _console(self.stream), self.lang,
                    lambda fr, line: self.sources.get(fr.path, {}).get(line, ""), self.quiet)


class ConciseReporter(Reporter):
    def end(self, report: Report) -> None:
        render_concise(report, _console(self.stream), self.lang, self.quiet)
