"""Human output: `path:line:col: CODE [severity] message`, the source line with the span marked
(like ruff's full format), and a summary. Colour only on a terminal (rich decides)."""
from __future__ import annotations

import re
from typing import Callable, Optional

from rich.console import Console
from rich.control import strip_control_codes
from rich.text import Text

from ..contract.models import FileReport, RegistryInfo, Report, Summary
from .base import Reporter
from ..core.i18n import tr, tr_all
from .words import SOURCE, WORDS

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _registry_note(registry: Optional[RegistryInfo], lang: str) -> str:
    """The registry release the findings rest on, at the end of the summary line ("… Danh mục văn bản: 2026.12.07.")."""
    if registry is None or not registry.version:
        return ""
    return f" {tr(lang, WORDS['registry'])}: {registry.version}."


def _summary(console: Console, s: Summary, lang: str, registry: Optional[RegistryInfo] = None) -> None:
    w = tr_all(lang, WORDS)
    note = _registry_note(registry, lang)
    if s.error + s.warning + s.info == 0 and not s.unreadable:
        console.print(f"{w['none-shown' if s.hidden else 'clean']} ({s.files} {w['files']}).{note}", highlight=False)
    elif s.error + s.warning + s.info == 0:
        pass  # a file that could not be read is no clean result
    else:
        def word(k: str, n: int) -> str:
            return w[k] + ("s" if lang == "en" and n != 1 and k != "info" else "")

        # with --min-severity, a severity not shown is not "0": the hidden ones are counted below
        kinds = [k for k in ("error", "warning", "info") if getattr(s, k) or not s.hidden]
        parts = [f"[{STYLE[k]}]{getattr(s, k)} {word(k, getattr(s, k))}[/]" for k in kinds]
        console.print(f"{w['found']} {', '.join(parts)} {w['in']} {s.files} {w['files']}.{note}", highlight=False)
    if s.hidden:
        console.print(w["hidden"].format(n=s.hidden), highlight=False)
    if s.unreadable:
        console.print(f"[bold red]{s.unreadable} {w['files']} {w['unreadable']}[/]", highlight=False)
    if s.suppressed:
        console.print(w["suppressed"].format(n=s.suppressed), highlight=False)
    if s.unused_suppressions:
        console.print(w["unused"].format(n=s.unused_suppressions), highlight=False)


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


Segment = tuple[str, Optional[str]]  # text as it is shown, and its rich style (None: plain)
Line = list[Segment]


def full_lines(fr: FileReport, lang: str, source_line: Callable[[int], str], quiet: bool = False) -> list[Line]:
    """One file's findings, each with its source line and the span marked."""
    w = tr_all(lang, WORDS)
    out: list[Line] = []
    if fr.error:
        return out
    if not quiet and fr.plan and fr.findings:
        source = (tr(lang, SOURCE[fr.plan.date_source]) if fr.plan.date_source in SOURCE else fr.plan.date_source)
        said = w["date" if fr.plan.is_plan else "doc-date"]  # a Thông tư or Quyết định is no plan
        out.append([(f"{fr.path}: {said} {fr.plan.date.strftime('%d/%m/%Y')} ({source})", "dim")])
    if not quiet:
        out.extend(_notes(fr))
    for f in fr.findings:
        style = STYLE[f.severity]
        out.append([(f"{where(fr.path, f)}:", "bold"), (" ", None), (f.rule, style), (" ", None),
                    (f"[{w[f.severity]}]", style), (f" {f.message}", None)])
        out.extend(_marked(f, source_line, style))
        if f.fix:
            out.append([(f"{' ' * len(str(f.line))} =", "blue"), (" ", None), (w["fix"], "green"),
                        (f" ({w[f.fix.safety]}): {f.fix.replacement}", None)])
        out.append([])
    return out


SPAN_LINES = 3  # a span over more lines (a citation wrapped in an export) shows its first three


def _marked(f, source_line: Callable[[int], str], style: str) -> list[Line]:
    """The finding's source line(s) with its span marked: every line a wrapped citation runs over, so "Nghị" at
    the end of one line and "định số …" on the next are both marked."""
    first = f.source_line or f.line
    extra = min(max(f.end_line - f.line, 0), SPAN_LINES - 1)
    rows = []
    for k in range(extra + 1):
        line = source_line(first + k)
        if not line:
            break
        a = f.column - 1 if k == 0 else len(line) - len(line.lstrip())
        rows.append((str(f.line + k), line, a, f.end_column if k == extra == f.end_line - f.line else len(line)))
    if not rows:
        return []
    pad = " " * max(len(num) for num, *_ in rows)
    out: list[Line] = [[(f"{pad} |", "blue")]]
    for num, line, a, end in rows:
        shown, a, b = trimmed(line, a, end)
        out.append([(f"{num.rjust(len(pad))} |", "blue"), (f" {shown}", None)])
        out.append([(f"{pad} |", "blue"), (" " + " " * a, None), ("^" * max(1, b - a), style)])
    return out


def concise_lines(fr: FileReport, lang: str, quiet: bool = False) -> list[Line]:
    """One file's findings, one line each."""
    w = tr_all(lang, WORDS)
    out = [] if quiet else _notes(fr)
    for f in fr.findings:
        out.append([(f"{where(fr.path, f)}: {f.rule} ", None), (f"[{w[f.severity]}]", STYLE[f.severity]),
                    (f" {f.message}", None)])
    return out


def _notes(fr: FileReport) -> list[Line]:
    """What changes how to read the file's result (a notice that it was not checked, tracked changes read
    as accepted, a legacy encoding converted)."""
    return [[(f"{fr.path}: {note}", "dim")] for note in fr.notes]


# the control characters rich strips, as its public function strips them
_CONTROL = re.compile("[" + re.escape("".join(c for c in map(chr, range(0xA0)) if not strip_control_codes(c))) + "]")


def plain(lines: list[Line]) -> str:
    """The lines as rich writes them where there is no colour (a file, a pipe): control codes dropped and
    tabs expanded as rich does, without its cost per segment (~60 µs a line: 10 s for 30,000 findings)."""
    text = "".join("".join(t for t, _ in line) + "\n" for line in lines)
    if _CONTROL.search(text):  # rare; translate() costs ~50 ns a character of a non-ASCII text
        text = strip_control_codes(text)  # it leaves line ends alone
    if "\t" not in text:
        return text
    out = []
    for line in text.split("\n")[:-1]:
        if "\t" in line:  # rich expands a tab to the next multiple of 8 cells (a CJK character is 2)
            shown = Text(line)
            shown.expand_tabs(8)
            line = shown.plain
        out.append(line + "\n")
    return "".join(out)


def styled(lines: list[Line]) -> Text:
    """The lines as one rich Text with their styles (for a terminal)."""
    return Text("\n").join(Text.assemble(*((t, s) if s else t for t, s in line)) for line in lines)


def _console(stream) -> Console:
    return Console(file=stream, highlight=False, soft_wrap=True, emoji=False)


class _TextReporter(Reporter):
    """Writes each file as soon as it is checked; the summary at the end."""

    streams = True

    def __init__(self, stream, lang: str = "vi", rules: Optional[dict] = None, quiet: bool = False):
        super().__init__(stream, lang, rules, quiet)
        self.console = _console(stream)

    def lines(self, fr: FileReport, lines: dict[int, str]) -> list[Line]:
        raise NotImplementedError

    def file(self, fr: FileReport, lines: dict[int, str]) -> FileReport:
        out = self.lines(fr, lines)
        if not out:
            return fr
        if self.console.color_system is None:  # no styles would be written: the text as it is
            self.console.file.write(plain(out))
        else:
            self.console.print(styled(out), highlight=False)
        return fr

    def end(self, report: Report) -> None:
        if not self.quiet:
            _summary(self.console, report.summary, self.lang, report.registry)


class FullReporter(_TextReporter):
    """Each finding with its source line and the span marked (like ruff's full format), then the summary."""

    def lines(self, fr: FileReport, lines: dict[int, str]) -> list[Line]:
        return full_lines(fr, self.lang, lambda n: lines.get(n, ""), self.quiet)


class ConciseReporter(_TextReporter):
    """One line a finding, then the summary."""

    def lines(self, fr: FileReport, lines: dict[int, str]) -> list[Line]:
        return concise_lines(fr, self.lang, self.quiet)
