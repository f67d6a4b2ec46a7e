"""What the service does, without the web framework: options from a request's fields, a check of an
uploaded document, its report as the CLI's JSON (plus the verdict) or SARIF, the annotated .docx, the
rule docs and a registry entry. The web layer (app.py) only moves bytes and maps Problems to responses."""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from ..contract.models import FileError, FileReport
from ..core.errors import localized
from ..core.i18n import N_, in_both, tr
from ..pipeline import Engine, Options, file_exit_code, rule_catalog
from ..pipeline.optionmodel import HTTP, BadOption, Opt, RunOptions, convert, fields, opt, plan_task
from ..readers import SourceDocument, reader_for
from ..reporters.json import report_dict
from ..reporters.sarif import sarif_dict
from ..reporters.words import SOURCE
from .problems import Problem, file_problem

BODY_FIELDS = ("text", "filename", "file")


@dataclass(frozen=True)
class CheckParams:
    options: Options
    fail_on: str = "error"
    fmt: str = "json"
    view: bool = False  # also return the document's text and where each finding is in it (for the web page)
    # every option of the request (/fix's own too), as the model holds them
    run: RunOptions = field(default_factory=RunOptions)
    given: frozenset = frozenset()  # the options the request named


def _value(key: str, name: str, o: Opt, value: Any) -> Any:
    """One option's value from a query parameter, form field or JSON key; a bad one is a 400 problem."""
    try:
        got = convert(name, value, text=True)
    except BadOption as e:
        if e.unknown_code:
            raise Problem("unknown-rule", what=e.unknown_code) from None
        raise Problem("bad-option", what=f"{key} ({value!r}: {' | '.join(o.http_choices) or e.expected})") from None
    if o.http_choices and got not in o.http_choices:
        raise Problem("bad-option", what=f"{key} ({value!r}: {' | '.join(o.http_choices)})")
    return got


def parse_as_of(value: Any) -> Optional[dt.date]:
    return None if value in (None, "") else _value("as_of", "as_of", opt("as_of"), value)


def parse_params(values: dict[str, Any], max_bytes: int, operation: str = "check") -> CheckParams:
    """The options of `operation` (the model's fields the service takes there), given as query parameters, form
    fields or JSON keys; an unknown name is refused (400), and so is a bad value. Absent, null or empty: the
    default."""
    accepted = {o.http_name or name: (name, o) for name, o in fields(HTTP, operation)}
    unknown = sorted(set(values) - set(accepted) - set(BODY_FIELDS))
    if unknown:
        raise Problem("unknown-option", what=", ".join(unknown))
    got = {name: _value(key, name, o, values[key]) for key, (name, o) in accepted.items()
           if values.get(key) is not None and values.get(key) != ""}
    run = RunOptions(**got)
    planned = plan_task("", run, set(got), RunOptions())
    options = replace(planned.task.options, max_bytes=max_bytes)
    return CheckParams(options=options, fail_on=planned.fail_on, fmt=run.format if "format" in got else "json",
                       view=run.view, run=run, given=frozenset(got))


def safe_name(filename: Optional[str], default: str = "document.txt") -> str:
    """The name an upload goes by: its last path part, printable, never empty."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()[:200]
    return name if name not in ("", ".", "..") else default


def check_upload(engine: Engine, data: bytes, filename: str,
                 params: CheckParams) -> tuple[FileReport, SourceDocument]:
    """Check one uploaded document; a document the readers refuse is a Problem (413, 415 or 422)."""
    name = safe_name(filename)
    if reader_for(name) is None:
        raise Problem("unsupported-type")
    fr, doc = engine.check_bytes(data, name, params.options)
    if fr.error is not None:
        code = fr.error.code
        if code == "internal-error":
            raise Problem("internal-error")
        english = fr.error.english or fr.error.message
        raise file_problem(code, vi=localized(code, english, name, "vi"), en=english)
    if doc is None:  # a report without an error has the document it was made from
        raise Problem("internal-error")
    return fr, doc


def verdict(fr: FileReport, fail_on: str) -> bool:
    """`pass`: what a workflow gates on; false when the command line's exit code for the file would not be 0."""
    return file_exit_code(fr, fail_on) == 0


def report_body(engine: Engine, fr: FileReport, doc: Optional[SourceDocument], params: CheckParams) -> dict:
    """The JSON report of `qcdc-check --format json` for this one file, plus `pass` (and `view` if asked)."""
    report = engine.report([fr], Options(as_of=params.options.as_of))
    if params.fmt == "sarif":
        return sarif_dict(report, rule_catalog(), params.options.lang)
    body = report_dict(report)  # each finding with its `id` (reporters/json.file_dict)
    body["pass"] = verdict(fr, params.fail_on)
    body["fail_on"] = params.fail_on
    if params.view and doc is not None:
        body["view"] = document_view(fr, doc, params.options.lang)
    return body


def batch_body(engine: Engine, uploads: list, params: CheckParams) -> dict:
    """Several documents (a batch): the JSON report of all of them in order, as `qcdc-check --format json A B C`
    gives it (a file that cannot be read has `error` with its `code`; the others are still checked), with
    `pass` for each file and for all (false when any file cannot be read), and `view` in each file if asked."""
    lang = params.options.lang
    reports, views = [], []
    for u in uploads:
        doc = None
        if u.error is not None:
            fr = FileReport(path=u.name, error=FileError(code=u.error[0], message=u.error[1 if lang == "vi" else 2]))
        elif reader_for(u.name) is None:
            p = Problem("unsupported-type")
            fr = FileReport(path=u.name,
                            error=FileError(code=p.code, message=f"{u.name}: {p.vi if lang == 'vi' else p.en}"))
        else:
            fr, doc = engine.check_bytes(u.data, u.name, params.options)
            u.data = None
        reports.append(fr)
        views.append(document_view(fr, doc, lang) if params.view and doc is not None and fr.error is None else None)
    report = engine.report(reports, Options(as_of=params.options.as_of))
    if params.fmt == "sarif":
        return sarif_dict(report, rule_catalog(), lang)
    body = report_dict(report)
    for file_body, fr, view in zip(body["files"], reports, views):
        file_body["pass"] = verdict(fr, params.fail_on)
        if view is not None:
            file_body["view"] = view
    body["pass"] = all(f["pass"] for f in body["files"])
    body["fail_on"] = params.fail_on
    return body


def document_view(fr: FileReport, doc: SourceDocument, lang: str) -> dict:
    """The document's text, line by line as it was read, and where each finding lies in it (line, columns
    1-based, end inclusive), for the web page to highlight. Not part of the report contract."""
    marks = []
    for i, f in enumerate(fr.findings):
        line = f.source_line or f.line
        marks.append({"finding": i, "line": line, "column": f.column,
                      "end_line": line + (f.end_line - f.line), "end_column": f.end_column})
    source = fr.plan.date_source if fr.plan else None
    return {"lines": [doc.line_text(n) for n in range(1, doc.line_count + 1)], "marks": marks,
            "date_source_text": (tr(lang, SOURCE[source]) if source in SOURCE else source) if source else None}


def annotate_upload(engine: Engine, data: bytes, filename: str, params: CheckParams) -> tuple[bytes, int, str]:
    """The uploaded .docx with a Word comment on each finding (as `--annotate`), the number of comments, and
    the name the upload goes by."""
    from ..fixes.annotate import annotate_docx

    name = safe_name(filename, "document.docx")
    if not name.lower().endswith(".docx"):
        raise Problem("not-a-docx")
    fr, _ = check_upload(engine, data, name, params)
    with tempfile.TemporaryDirectory(prefix="qcdc-annotate-") as tmp:
        source, out = Path(tmp) / "source.docx", Path(tmp) / "annotated.docx"
        source.write_bytes(data)
        count = annotate_docx(source, fr, out, params.options.lang)
        return out.read_bytes(), count, name


RULE_CODE = r"^[A-Za-z]{4}\d{3}$"  # QCDC101: a code of a rule that may or may not exist


def rule_body(code: str, lang: str) -> dict:
    """One rule's documentation: 404 for a well-formed code no rule has, 400 for a malformed one."""
    import re

    if not re.fullmatch(RULE_CODE, code.strip()):
        raise Problem("bad-option", what=f"code ({code[:40]!r}: QCDCnnn)")
    r = rule_catalog().get(code.strip().upper())
    if r is None:
        raise Problem("unknown-rule", status=404, what=code.strip().upper())
    return _rule_doc(r, lang)


def rules_body(lang: str) -> list[dict]:
    return [_rule_doc(r, lang) for r in rule_catalog().values()]


def _rule_doc(r, lang: str) -> dict:
    vi = lang == "vi"
    return {
        "code": r.code, "name": r.name, "default_severity": r.default_severity,
        "pre_issuance_severity": r.pre_issuance_severity, "fix": r.fix_safety,
        "summary": r.label_vi if vi else r.label_en, "description": r.doc_vi if vi else r.doc_en,
        "why": r.docs.get("why", {}).get(lang, ""), "legal_basis": r.docs.get("legalBasis", {}).get(lang, ""),
        "how_to_fix": r.docs.get("howToFix", {}).get(lang, ""),
        "example_fires": r.docs.get("exampleFires", {}).get("", ""),
        "example_passes": r.docs.get("examplePasses", {}).get("", ""), "help_uri": r.help_uri, **r.measurement(),
    }


def registry_body(engine: Engine, symbol: str, as_of: Optional[dt.date]) -> dict:
    """What `registry show` tells of one instrument: its facts with source and confidence, status, chains."""
    from ..tools.lookup import chain, facts_of, find

    hits = find(engine.registry, symbol, limit=1)
    if not hits:
        raise Problem("not-found", **in_both(N_("No instrument matches '{symbol}' in the registry."), symbol=symbol))
    row = hits[0][1]
    day = as_of or dt.date.today()
    return {
        "symbol": row.symbol, "type": row.type, "title": row.title, "iri": row.iri,
        "status": {"on": day.isoformat(), "value": engine.registry.status_on(row.iri, day)},
        "facts": [{"property": f.prop, "value": str(f.value), "source": f.source, "confidence": f.confidence}
                  for f in facts_of(engine.registry, row.iri)],
        "chains": chain(engine.registry, row.iri),
    }
