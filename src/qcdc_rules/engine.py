"""The pipeline in one place: ingest -> extract -> graph -> validate -> (findings).

`Engine` loads the registry and shapes once and is reused across files and calls.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from . import __version__
from .errors import InputError, brief
from .extract import Extractor
from .graph import build_graph
from .ingest import DEFAULT_MAX_BYTES, SourceDocument, ingest_file, ingest_text
from .models import (
    SEVERITY_RANK, CitationOut, FileError, FileReport, Finding, PlanFacts, PlanInfo, RegistryInfo, Report,
    Summary, ToolInfo,
)
from .registry import Registry, load_registry
from .rules import findings_from_results

ENGINES = ("oxigraph", "pyshacl")


@dataclass
class Options:
    as_of: Optional[dt.date] = None
    lang: str = "vi"
    select: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # per-code severity overrides
    pre_issuance: bool = False
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    today: Optional[dt.date] = None


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(code.startswith(p.strip().upper()) for p in patterns if p.strip())


class Engine:
    """Registry, extractor and shapes, loaded once; `check_*` reuse them for every file."""

    def __init__(self, registry: Optional[Registry] = None, executor: Optional[str] = None):
        from .compiled import load_compiled

        compiled = load_compiled()
        self.registry = registry or compiled.registry
        self.extractor = Extractor(self.registry)
        self.rules = compiled.rules
        self.executor = executor or os.environ.get("QCDC_ENGINE") or "oxigraph"
        if self.executor not in ENGINES:
            raise ValueError(f"unknown engine '{self.executor}' (choose from {', '.join(ENGINES)})")
        self._fast = None
        if self.executor == "oxigraph":
            from .fastcheck import OxigraphExecutor

            self._fast = OxigraphExecutor(self.registry.ntriples, compiled.constraints)

    def _validate(self, pg):
        if self._fast is not None:
            return self._fast.run(pg.triples, str(pg.plan))
        from .validate import run_shacl  # the reference executor (imports pyshacl and rdflib)

        return run_shacl(pg, self.registry)

    # ---------------------------------------------------------------- single documents
    def check_document(self, doc: SourceDocument, options: Options) -> FileReport:
        facts = self.extractor.extract(doc, as_of=options.as_of, today=options.today)
        pg = build_graph(facts, strict=options.strict, anchor_text=doc.line_text(_anchor_line(facts)).strip())
        findings = findings_from_results(self._validate(pg), pg, options.lang)
        findings = self._apply_options(findings, options)
        for f in findings:
            f.source_line = f.line
            if not f.text:
                f.text = doc.line_text(f.line).strip()
            if f.fix and f.fix.start is not None:
                a, b = f.fix.start, f.fix.end
                f.fix.range = doc.span(a, b)
                f.fix.start, f.fix.end = doc.origin[a], doc.origin[b - 1] + 1
        report = FileReport(
            path=doc.path, kind=doc.kind, plan=_plan_info(facts), citations=self._citations(facts), findings=findings,
            notes=doc.notes + facts.notes,
        )
        if doc.locations:
            _locate(report, doc.locations)
        return report

    def check_text(self, text: str, path: str = "<text>", options: Optional[Options] = None) -> FileReport:
        return self.check_document(ingest_text(text, path), options or Options())

    def check_file(self, path: str | Path, options: Optional[Options] = None) -> FileReport:
        return self.check_file_with_source(path, options)[0]

    def check_file_with_source(
        self, path: str | Path, options: Optional[Options] = None
    ) -> tuple[FileReport, Optional[SourceDocument]]:
        """The report and the document it was made from (None when the file could not be read)."""
        options = options or Options()
        try:
            doc = ingest_file(path, max_bytes=options.max_bytes)
        except InputError as e:
            return FileReport(path=str(path), error=FileError(code=e.code, message=e.message)), None
        except RecursionError:
            return FileReport(path=str(path), error=FileError(
                code="unreadable", message=f"{path}: too deeply nested to read")), None
        except Exception as e:  # a reader choking on a malformed file must not stop the other files
            return FileReport(path=str(path), error=FileError(
                code="unreadable", message=f"{path}: cannot be read ({brief(e)})")), None
        try:
            return self.check_document(doc, options), doc
        except Exception as e:  # a bug on one odd document: report it on that file, check the others
            return FileReport(path=str(path), error=FileError(
                code="internal-error",
                message=f"{path}: could not be checked ({brief(e)}); please report this with the file")), None

    def check_files(self, paths: Iterable[str | Path], options: Optional[Options] = None) -> Report:
        options = options or Options()
        files = [self.check_file(p, options) for p in paths]
        return self.report(files, options)

    # ---------------------------------------------------------------- helpers
    def report(self, files: list[FileReport], options: Options) -> Report:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in files:
            for x in f.findings:
                counts[x.severity] += 1
        return Report(
            tool=ToolInfo(version=__version__),
            registry=RegistryInfo(instruments=len(self.registry.instruments), as_of=options.as_of),
            files=files,
            summary=Summary(files=len(files), unreadable=sum(1 for f in files if f.error), **counts),
        )

    def _apply_options(self, findings: list[Finding], options: Options) -> list[Finding]:
        out = []
        pre = {r.code: r.pre_issuance_severity for r in self.rules.values() if r.pre_issuance_severity}
        for f in findings:
            if options.select and not _matches(f.rule, options.select + options.extend_select):
                continue
            if options.ignore and _matches(f.rule, options.ignore):
                continue
            if options.pre_issuance and f.rule in pre:
                f.severity = pre[f.rule]
            if f.rule in options.severity:
                f.severity = options.severity[f.rule]
            out.append(f)
        return out

    def _citations(self, facts: PlanFacts) -> list[CitationOut]:
        out = []
        for c in facts.citations:
            status = "unknown"
            if c.resolved:
                issued, eif, ceased = self.registry.dates.get(c.resolved, (None, None, None))
                if ceased is not None and ceased <= facts.date:
                    status = "ceased"
                elif (issued is not None and issued > facts.date) or (eif is not None and eif > facts.date):
                    status = "not-yet"
                else:
                    status = "in-force"
            out.append(CitationOut(
                text=c.text, symbol=c.symbol, instrument=c.instrument, resolved=c.resolved is not None,
                status_on_plan_date=status, line=c.span.line, column=c.span.column,
            ))
        return out


def _locate(report: FileReport, locations: list[dict]) -> None:
    """Lines of extracted .docx/.pdf text -> paragraph (and table/row/cell) or page and line in page."""
    def at(line: int) -> dict:
        return locations[min(max(line, 1), len(locations)) - 1]

    for f in report.findings:
        start, end = at(f.line), at(f.end_line)
        for key in ("paragraph", "table", "row", "cell", "page"):
            if key in start:
                setattr(f, key, start[key])
        if "page" in start:
            f.line = start["line"]
            f.end_line = end["line"] if end.get("page") == start["page"] else f.line
        if f.fix and f.fix.range is not None:
            f.fix.range = None  # a fix range points into plain text; documents are fixed with --annotate review
    for c in report.citations:
        loc = at(c.line)
        c.paragraph, c.page = loc.get("paragraph"), loc.get("page")
        if "page" in loc:
            c.line = loc["line"]


def _anchor_line(facts: PlanFacts) -> int:
    h = facts.header
    span = h.doc_type_span or h.title_span
    return span.line if span else facts.first_line


def _plan_info(facts: PlanFacts) -> PlanInfo:
    return PlanInfo(
        title=facts.title, year=facts.year, date=facts.date, date_source=facts.date_source,
        issuer=facts.header.issuer, period=[facts.period_start, facts.period_end],
    )


def file_exit_code(fr: FileReport, fail_on: str = "error", exit_zero: bool = False) -> int:
    """2 when the file could not be read; 1 when a finding reaches `fail_on` (unless exit_zero); else 0."""
    if fr.error:
        return 2
    if exit_zero:
        return 0
    worst = max((SEVERITY_RANK[f.severity] for f in fr.findings), default=-1)
    return 1 if worst >= SEVERITY_RANK[fail_on] else 0


def exit_code(report: Report, fail_on: str = "error", exit_zero: bool = False) -> int:
    return max((file_exit_code(fr, fail_on, exit_zero) for fr in report.files), default=0)


_ENGINES: dict[tuple, Engine] = {}


def default_engine(extra_registry: Iterable[str] = (), executor: Optional[str] = None) -> Engine:
    """The engine for the shipped registry plus `extra_registry` files, created once per process."""
    files = tuple(sorted(str(p) for p in extra_registry))
    key = (files, executor or os.environ.get("QCDC_ENGINE") or "oxigraph")
    if key not in _ENGINES:
        if files:
            from .maintain import load_registry_checked  # refuses conflicts with the core registry

            _ENGINES[key] = Engine(load_registry_checked(list(files)), key[1])
        else:
            _ENGINES[key] = Engine(load_registry(), key[1])
    return _ENGINES[key]
