"""The checker: one document through the pipeline — read -> extract -> graph -> rules -> FileReport.

`Engine` loads the registry, the rule catalog and an executor once and is reused for every document.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..contract.models import (
    CitationOut, FileError, FileReport, Finding, PlanInfo, RegistryInfo, Report, Summary, ToolInfo,
)
from ..core.errors import InputError, brief, localized
from ..core.notes import FACTS, Note, Word
from ..core.version import __version__
from ..extract import Extractor
from ..extract.models import PlanFacts
from ..graph import build_graph
from ..knowledge.registry import Registry
from ..readers import SourceDocument, ingest_text, read_file
from ..readers import ocr
from ..rules import findings_from_results, make_executor
from ..rules.executors import DEFAULT, EXECUTORS
from .compiled import load_compiled
from .options import Options, rule_enabled
from .spool import spooled
from .suppress import set_aside
from .wordlists import load_word_lists

ENGINES = tuple(EXECUTORS)


class Engine:
    """Registry, extractor, rules and executor, loaded once; `check_*` reuse them for every file."""

    def __init__(self, registry: Optional[Registry] = None, executor: Optional[str] = None, compiled=None):
        compiled = compiled or load_compiled()
        self.registry = registry or compiled.registry
        self.extractor = Extractor(self.registry)
        self.rules = compiled.rules
        self.executor = executor or os.environ.get("QCDC_ENGINE") or DEFAULT
        self._executor = make_executor(self.executor, self.registry, compiled.constraints)

    # ---------------------------------------------------------------- single documents
    def check_document(self, doc: SourceDocument, options: Options, on_stage: Optional[Stage] = None) -> FileReport:
        """`on_stage(name)` is told as each stage starts ("extract", "graph", "rules"), for progress on a long file."""
        on_stage = on_stage or _quiet
        prepared = self._prepare(doc, options, on_stage)
        if isinstance(prepared, FileReport):
            return prepared
        on_stage("rules")
        return self._finish(doc, options, prepared, self._executor.run(prepared[1]))

    def _prepare(self, doc: SourceDocument, options: Options, on_stage: Optional[Stage] = None):
        """The document's facts and graph, or its report when the rules are not run on it."""
        on_stage = on_stage or _quiet
        if not doc.text.strip():
            return FileReport(path=doc.path, kind=doc.kind, notes=_notes(doc.notes + [Note("empty")], options))
        on_stage("extract")
        facts = self.extractor.extract(doc, as_of=options.as_of, today=options.today,
                                       word_lists=load_word_lists(options.word_lists))
        if not facts.administrative:
            return FileReport(path=doc.path, kind=doc.kind, plan=_plan_info(facts),
                              notes=_notes(doc.notes + facts.notes + [Note("not-a-document")], options))
        facts = _bounded(facts)
        on_stage("graph")
        return facts, build_graph(facts, strict=options.strict, anchor_text=doc.line_text(_anchor_line(facts)).strip())

    def _finish(self, doc: SourceDocument, options: Options, prepared, results) -> FileReport:
        facts, pg = prepared
        findings = findings_from_results(results, pg, self.rules, doc, options.lang)
        if doc.uncertain:  # read by OCR: a finding on words read with low confidence says so
            findings = ocr.mark_uncertain(findings, doc, options.lang)
        codes = {r.code: r.preview for r in self.rules.values()}
        findings = self._on_scan(findings, doc)
        findings, suppressed, unused = set_aside(self._apply_options(findings, options), doc, options, codes)
        findings, cut = _capped(findings)
        return FileReport(
            path=doc.path, kind=doc.kind, plan=_plan_info(facts), citations=self._citations(facts, doc),
            findings=findings, notes=_notes(doc.notes + facts.notes + cut, options) + unused, suppressed=suppressed,
            unused_suppressions=len(unused),
        )

    def check_text(self, text: str, path: str = "<text>", options: Optional[Options] = None) -> FileReport:
        return self.check_document(ingest_text(text, path), options or Options())

    def check_file(self, path: str | Path, options: Optional[Options] = None) -> FileReport:
        return self.check_file_with_source(path, options)[0]

    def check_file_with_source(
        self, path: str | Path, options: Optional[Options] = None, on_stage: Optional[Stage] = None
    ) -> tuple[FileReport, Optional[SourceDocument]]:
        """The report and the document it was made from (None when the file could not be read)."""
        options = options or Options()
        if on_stage:
            on_stage("read")
        doc = self._read(path, options)
        if isinstance(doc, FileReport):
            return doc, None
        try:
            return self.check_document(doc, options, on_stage), doc
        except Exception as e:  # a bug on one odd document: report it on that file, check the others
            return _crashed(path, e, options.lang), None

    def check_files(self, paths: list,
                    options: Optional[Options] = None) -> list[tuple[FileReport, Optional[SourceDocument]]]:
        """What check_file_with_source gives for each file, with the rules run once over all of them where a
        rule allows it (rules/batch.py): the same reports, at less cost a file. One file that cannot be read
        or checked is reported as such; the others are checked."""
        options = options or Options()
        paths = list(paths)
        out: list = []
        pending: list[int] = []
        for path in paths:
            doc = self._read(path, options)
            if isinstance(doc, FileReport):
                out.append((doc, None))
                continue
            try:
                prepared = self._prepare(doc, options)
            except Exception as e:
                out.append((_crashed(path, e, options.lang), None))
                continue
            if isinstance(prepared, FileReport):
                out.append((prepared, doc))
            else:
                pending.append(len(out))
                out.append((prepared, doc))
        try:
            results = self._executor.run_many([out[i][0][1] for i in pending])
        except Exception:  # one plan the batch cannot take: each on its own, so only that one fails
            results = [None] * len(pending)
        for i, raw in zip(pending, results):
            prepared, doc = out[i]
            try:
                if raw is None:
                    raw = self._executor.run(prepared[1])
                out[i] = (self._finish(doc, options, prepared, raw), doc)
            except Exception as e:
                out[i] = (_crashed(paths[i], e, options.lang), None)
        return out

    def _read(self, path, options: Options):
        """The document, or the report of a file that cannot be read."""
        lang = options.lang
        try:
            return read_file(path, max_bytes=options.max_bytes)
        except InputError as e:
            return _failed(path, e.code, e.message, lang)
        except RecursionError:
            return _failed(path, "unreadable", f"{path}: too deeply nested to read", lang)
        except Exception as e:  # a reader choking on a malformed file must not stop the other files
            return _failed(path, "unreadable", f"{path}: cannot be read ({brief(e)})", lang)

    def check_bytes(
        self, data: bytes, name: str, options: Optional[Options] = None
    ) -> tuple[FileReport, Optional[SourceDocument]]:
        """A document given as bytes (an upload, standard input) under the name it goes by: saved in a private
        temporary folder, removed afterwards, so every reader and limit applies as to a file on disk. The
        report and its errors use `name`, never the temporary path."""
        with spooled(data, name, prefix="qcdc-upload-") as path:
            fr, doc = self.check_file_with_source(path, options)
        return renamed(fr, str(path), name), doc

    # ---------------------------------------------------------------- helpers
    def report(self, files: list[FileReport], options: Options) -> Report:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in files:
            for x in f.findings:
                counts[x.severity] += 1
        return Report(
            tool=ToolInfo(version=__version__),
            registry=RegistryInfo(instruments=len(self.registry.instruments), as_of=options.as_of,
                                  version=self.registry.version or None, released=self.registry.released),
            files=files,
            summary=Summary(files=len(files), unreadable=sum(1 for f in files if f.error),
                            suppressed=sum(f.suppressed for f in files),
                            unused_suppressions=sum(f.unused_suppressions for f in files), **counts),
        )

    def _on_scan(self, findings: list[Finding], doc: SourceDocument) -> list[Finding]:
        """A rule's scan severity (qcdc:scanSeverity) on a document with pages read by OCR."""
        if not doc.read_by_ocr:
            return findings
        scan = {r.code: r.scan_severity for r in self.rules.values() if r.scan_severity}
        for f in findings:
            if f.rule in scan:
                f.severity = scan[f.rule]
        return findings

    def _apply_options(self, findings: list[Finding], options: Options) -> list[Finding]:
        out = []
        pre = {r.code: r.pre_issuance_severity for r in self.rules.values() if r.pre_issuance_severity}
        preview = {r.code for r in self.rules.values() if r.preview}
        for f in findings:
            if not rule_enabled(f.rule, f.rule in preview, options):
                continue
            if options.pre_issuance and f.rule in pre:
                f.severity = pre[f.rule]
            if f.rule in options.severity:
                f.severity = options.severity[f.rule]
            out.append(f)
        return out

    def _citations(self, facts: PlanFacts, doc: SourceDocument) -> list[CitationOut]:
        out = []
        for c in facts.citations:
            status = self.registry.status_on(c.resolved, facts.date) if c.resolved else "unknown"
            where = doc.locate(c.span.line)
            out.append(CitationOut(
                text=c.text, symbol=c.symbol, instrument=c.instrument, resolved=c.resolved is not None,
                status_on_plan_date=status, line=where.line if where and where.page is not None else c.span.line,
                column=c.span.column, paragraph=where.paragraph if where else None,
                page=where.page if where else None,
            ))
        return out


Stage = Callable[[str], None]

# The most facts of one kind (citations, duties, deadlines, mentions of an abolished level, sections, numbered
# items) that the rules are run on in one document. A plan has tens; each costs about 0.25 ms and 10 KB on its way
# through the graph, the rules and the report, so that 140,000 citations on one line (within the 4,000,000-character
# limit) took 40 s and 2.8 GB. The first MAX_FACTS of a kind are checked, and a note with its code says that there
# were more (each reader stops one past it: extract/citations.MAX_FOUND).
MAX_FACTS = 5_000
_BOUNDED = tuple(FACTS)  # the kinds of fact capped, named in the note (core/notes.py)
# The most findings of one rule shown for one document: a plan has a few; past this many the rest say nothing
# new, and each costs its share of the report (89,342 numbering findings took 840 MB). The first ones in the
# document are shown, a note says how many there were, and the exit code is what it would be with all of them.
MAX_FINDINGS_PER_RULE = 1_000


def _bounded(facts: PlanFacts) -> PlanFacts:
    """The facts with at most MAX_FACTS of each kind, and a note for each kind cut."""
    over = [k for k in _BOUNDED if len(getattr(facts, k)) > MAX_FACTS]
    if not over:
        return facts
    notes = [Note("too-many-facts", limit=MAX_FACTS, facts=Word(FACTS[k])) for k in over]
    return facts.model_copy(update={**{k: getattr(facts, k)[:MAX_FACTS] for k in over},
                                    "notes": list(facts.notes) + notes})


def _capped(findings: list[Finding]) -> tuple[list[Finding], list[Note]]:
    """At most MAX_FINDINGS_PER_RULE findings of each rule and severity (the first in the document: `findings`
    are in document order; a severity of its own keeps the exit code what all of them give), and a note for
    each rule cut."""
    seen: dict[tuple[str, str], int] = {}
    kept: list[Finding] = []
    for f in findings:
        n = seen[f.rule, f.severity] = seen.get((f.rule, f.severity), 0) + 1
        if n <= MAX_FINDINGS_PER_RULE:
            kept.append(f)
    if len(kept) == len(findings):
        return findings, []
    found: dict[str, int] = {}
    shown: dict[str, int] = {}
    for (rule, _), n in seen.items():
        found[rule] = found.get(rule, 0) + n
        shown[rule] = shown.get(rule, 0) + min(n, MAX_FINDINGS_PER_RULE)
    return kept, [Note("too-many-findings", rule=rule, count=n, shown=shown[rule])
                  for rule, n in sorted(found.items()) if n > shown[rule]]


def _notes(notes: list[Note], options: Options) -> list[str]:
    """The notes as the report holds them: rendered in the report's language."""
    return [n.render(options.lang) for n in notes]


def _quiet(stage: str) -> None:
    pass


def renamed(fr: FileReport, path: str, name: str) -> FileReport:
    """The report of a file checked at `path` as the user knows it (`name`)."""
    update = {"path": name}
    if fr.error:
        update["error"] = fr.error.model_copy(update={
            "message": fr.error.message.replace(path, name),
            "english": fr.error.english.replace(path, name) if fr.error.english else None})
    return fr.model_copy(update=update)


def _failed(path, code: str, message: str, lang: str = "en") -> FileReport:
    return FileReport(path=str(path), error=FileError(code=code, message=localized(code, message, str(path), lang),
                                                      english=message))


def _crashed(path, e: Exception, lang: str) -> FileReport:
    return _failed(path, "internal-error",
                   f"{path}: could not be checked ({brief(e)}); please report this with the file", lang)


def _anchor_line(facts: PlanFacts) -> int:
    h = facts.header
    span = h.doc_type_span or h.title_span
    return span.line if span else facts.first_line


def _plan_info(facts: PlanFacts) -> PlanInfo:
    return PlanInfo(
        document_type=facts.header.doc_type or ("Công văn" if facts.header.subject_line else None),
        is_plan=facts.is_ke_hoach, number=facts.header.number(),
        title=facts.title, year=facts.year, date=facts.date, date_source=facts.date_source,
        issuer=facts.header.issuer, period=[facts.period_start, facts.period_end],
    )


_ENGINES: dict[tuple, Engine] = {}


def default_engine(extra_registry: Iterable[str] = (), executor: Optional[str] = None) -> Engine:
    """The engine for the shipped registry plus `extra_registry` files, created once per process."""
    files = tuple(sorted(str(p) for p in extra_registry))
    key = (files, executor or os.environ.get("QCDC_ENGINE") or DEFAULT)
    if key not in _ENGINES:
        # extra registries are checked (conflicts with the core registry, the registry shapes) and compiled once
        # per content of their files, then read from the compiled cache like the core registry
        compiled = load_compiled(files, checked=True) if files else load_compiled()
        _ENGINES[key] = Engine(compiled.registry, key[1], compiled)
    return _ENGINES[key]
