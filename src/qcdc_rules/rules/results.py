"""Raw constraint results (whichever executor found them) into findings: the rule's metadata from the
catalog, the message in the asked language, the place in the document the user sees, the fix."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..contract.models import Finding, Fix
from ..core.messages import UNBOUND, pick, split_messages
from ..graph import Located, PlanGraph
from ..readers.base import SourceDocument
from .catalog import RuleInfo
from .spans import whole_citation


@dataclass(frozen=True)
class RawResult:
    """One constraint violation, whichever executor found it."""

    shape: str
    severity: str  # error | warning | info
    value: Optional[str]  # IRI of the result's sh:value (a node of the plan graph), if any
    messages: tuple[str, ...]  # filled-in sh:message texts, with their [vi]/[en]/[fix] markers


def _fix(text: str, info: RuleInfo, loc: Located, doc: SourceDocument, safety: str = "") -> Optional[Fix]:
    """The suggested fix, and what it replaces in the document (None: a suggestion only). Its safety is the
    result's own when the shape gives one ("[safety] unsafe"), else the rule's."""
    if not text:
        return None
    target = loc.targets.get(info.fix_target or "") if info.fix_target != "none" else None
    fix = Fix(replacement=text, safety=safety if safety in ("safe", "unsafe") else info.fix_safety or "safe")
    if target:
        fix.start, fix.end = doc.original_range(*target)
        if doc.locations is None:  # plain text: an exact range in the file (a .docx/.pdf is fixed in Word)
            fix.range = doc.span(*target)
    return fix


def _place(finding: Finding, doc: SourceDocument) -> None:
    """Lines of extracted .docx/.pdf text -> paragraph (and table/row/cell), or page and line in the page."""
    start = doc.locate(finding.source_line) if finding.source_line is not None else None
    if start is None:
        return
    end = doc.locate(finding.end_line)
    for key in ("paragraph", "table", "row", "cell", "page"):
        if getattr(start, key) is not None:
            setattr(finding, key, getattr(start, key))
    if start.page is not None and start.line is not None:
        finding.line = start.line
        finding.end_line = end.line if end is not None and end.line is not None and end.page == start.page \
            else finding.line


# a finding placed on a node with no text of its own shows its line, cut to this many characters: a line of a
# .docx is a whole paragraph, and a text file's may be millions of characters long
LINE_TEXT = 500


def findings_from_results(results: list[RawResult], pg: PlanGraph, rules: dict[str, RuleInfo],
                          doc: SourceDocument, lang: str = "vi") -> list[Finding]:
    """The findings of the results. The cost of a finding does not grow with the document or its line: the
    words of identical results (a text cited 100,000 times gives the same messages each time) are read once
    and their strings shared, and a line is cut out of the document once, to LINE_TEXT characters."""
    out: list[Finding] = []
    words: dict[tuple, tuple[str, str, str]] = {}  # messages -> (message in `lang`, fix text, fix safety)
    line_texts: dict[int, str] = {}
    for r in results:
        info = rules.get(r.shape)
        if info is None:
            continue  # a shape that is not a rule (e.g. a maintainer's helper)
        said = words.get((r.shape, r.messages))
        if said is None:
            messages = split_messages(r.messages)
            said = words[(r.shape, r.messages)] = (pick(messages, lang, info.name),
                                                   UNBOUND.sub("", messages.get("fix", "")).strip(),
                                                   messages.get("safety", "").strip())
        loc = (pg.locations.get(r.value) if r.value else None) or pg.anchor
        if loc is None:
            continue  # no place to put it: a plan graph has its anchor
        text, span = loc.text, loc.span
        if "citation" in loc.targets and text and text[0].islower():  # "luật số …" of a law cited by its name
            span, text = whole_citation(span, text, doc) or (span, text)
        if not text:
            known = line_texts.get(loc.span.line)
            text = known if known is not None else line_texts.setdefault(loc.span.line, _line_text(doc, loc.span.line))
        finding = Finding(
            rule=info.code, name=info.name, severity=r.severity, message=said[0],
            line=span.line, column=span.column, end_line=span.end_line, end_column=span.end_column,
            text=text, instrument=loc.instrument, fix=_fix(said[1], info, loc, doc, said[2]),
            help_uri=info.help_uri, source_line=loc.span.line,
        )
        _place(finding, doc)
        out.append(finding)
    out.sort(key=lambda f: (f.source_line, f.column, f.rule, f.instrument or "", f.message))
    return out


def _line_text(doc: SourceDocument, line: int) -> str:
    """The line's text, stripped; a long one cut to LINE_TEXT characters (read from the document's own
    string, not from a copy of the whole line)."""
    if line < 1 or line > doc.line_count:
        return ""
    start = doc.line_start(line)
    end = doc.line_start(line + 1) - 1 if line < doc.line_count else len(doc.original)
    if end - start <= LINE_TEXT:
        return doc.original[start:end].rstrip("\r").strip()
    text = doc.original[start:start + 2 * LINE_TEXT].strip()  # leading spaces may be many
    return text[:LINE_TEXT].rstrip() + "…"
