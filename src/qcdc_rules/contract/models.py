"""Layer 2, contract: the public report (spec/output.md, schema "qcdc-check/report/1") as typed models —
what the JSON, SARIF and text outputs, the HTTP service and the Python API all give. `Span` is the one
way a place in a file is stated."""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class Model(BaseModel):
    """Base of every model: validators are built on first use, not at import (a faster cold start)."""

    model_config = ConfigDict(defer_build=True)


class Span(Model):
    """A range in the file as the user sees it (1-based lines and columns, end inclusive of the last char)."""

    model_config = ConfigDict(frozen=True, defer_build=True)
    line: int
    column: int
    end_line: int
    end_column: int




class Fix(Model):
    replacement: str
    safety: Literal["safe", "unsafe"] = "safe"
    # what the replacement replaces, in the file as the user sees it (None: a suggestion only)
    range: Optional[Span] = None
    # the same as offsets into the decoded text, for --fix/--diff (not part of the JSON contract)
    start: Optional[int] = Field(None, exclude=True)
    end: Optional[int] = Field(None, exclude=True)


class Finding(Model):
    rule: str
    name: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    instrument: Optional[str] = None
    fix: Optional[Fix] = None
    help_uri: Optional[str] = None
    # .docx: the paragraph (and table/row/cell); .pdf: the page (line/column are then within the page)
    paragraph: Optional[int] = None
    table: Optional[int] = None
    row: Optional[int] = None
    cell: Optional[int] = None
    page: Optional[int] = None
    source_line: Optional[int] = Field(None, exclude=True)  # line in the extracted text, for excerpts


class PlanInfo(Model):
    document_type: Optional[str] = None  # the kind the document names ("KẾ HOẠCH", "QUYẾT ĐỊNH" …), as written
    is_plan: bool = True  # a Kế hoạch (or one issued with a Quyết định): the plan rules apply
    number: Optional[str] = None  # the document's own number and symbol ("2820/QĐ-UBND"), as the header gives it
    title: Optional[str]
    year: Optional[int]
    date: dt.date
    date_source: str
    issuer: Optional[str]
    period: list[dt.date]


class CitationOut(Model):
    text: str
    symbol: Optional[str]
    instrument: Optional[str]
    resolved: bool
    status_on_plan_date: Literal["in-force", "ceased", "not-yet", "unknown"]
    line: int
    column: int
    paragraph: Optional[int] = None
    page: Optional[int] = None


class FileError(Model):
    code: str
    message: str  # in the language asked for
    english: Optional[str] = Field(None, exclude=True)  # the English message with its details (not in the JSON)


class FileReport(Model):
    path: str
    kind: str = "text"  # text | docx | pdf
    plan: Optional[PlanInfo] = None
    citations: list[CitationOut] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    error: Optional[FileError] = None
    # findings set aside by the officer (a Word comment "qcdc: bỏ qua …", or the baseline): not in `findings`
    suppressed: int = 0
    # "qcdc: bỏ qua …" that set nothing aside or name no rule (each said in `notes`)
    unused_suppressions: int = 0


class ToolInfo(Model):
    name: str = "qcdc-check"
    version: str


class RegistryInfo(Model):
    instruments: int
    as_of: Optional[dt.date] = None
    version: Optional[str] = None  # the registry release the facts come from ("2026.12.07"; "+" an office's own)
    released: Optional[dt.date] = None


class Summary(Model):
    files: int
    error: int
    warning: int
    info: int
    unreadable: int = 0
    suppressed: int = 0
    unused_suppressions: int = 0
    hidden: int = 0  # findings below --min-severity, counted in the exit code but not shown


class Report(Model):
    schema_: str = Field("qcdc-check/report/1", alias="schema")
    tool: ToolInfo
    registry: RegistryInfo
    files: list[FileReport]
    summary: Summary

    model_config = ConfigDict(populate_by_name=True, defer_build=True)


def fingerprints(findings: list[Finding]) -> list[str]:
    """A stable fingerprint per finding: its rule, instrument and text (spacing folded) and how many times
    that triple came before in the file. It survives lines moving up or down (SARIF's partialFingerprints
    and the baseline use it)."""
    import hashlib

    seen: dict[tuple, int] = {}
    out = []
    for f in findings:
        key = (f.rule, f.instrument or "", " ".join(f.text.split()))
        seen[key] = seen.get(key, 0) + 1
        out.append(hashlib.sha256("\x1f".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()[:32])
    return out
