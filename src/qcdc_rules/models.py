"""Typed models passed between the pipeline stages (ingest -> extract -> graph -> validate -> report)."""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]


class _Model(BaseModel):
    """Base of every model: validators are built on first use, not at import (a faster cold start)."""

    model_config = ConfigDict(defer_build=True)
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class Span(_Model):
    """A range in the file as the user sees it (1-based lines and columns, end inclusive of the last char)."""

    model_config = ConfigDict(frozen=True, defer_build=True)
    line: int
    column: int
    end_line: int
    end_column: int


# --------------------------------------------------------------------------- extraction


class HeaderField(_Model):
    name: Literal["number", "place", "day", "month", "year"]
    blank: bool
    text: str
    span: Span


class Header(_Model):
    issuer: Optional[str] = None
    issuer_span: Optional[Span] = None
    symbol_line: Optional[str] = None  # "Số: 12/KH-UBND"
    symbol_span: Optional[Span] = None
    place: Optional[str] = None
    date: Optional[dt.date] = None  # full date when every part is filled in
    date_lower_bound: Optional[dt.date] = None  # first day of the month when only month/year are filled
    date_span: Optional[Span] = None
    doc_type: Optional[str] = None  # "KẾ HOẠCH"
    doc_type_span: Optional[Span] = None
    title: Optional[str] = None
    title_span: Optional[Span] = None
    signer_title: Optional[str] = None
    signer_name: Optional[str] = None
    signer_span: Optional[Span] = None
    recipients: bool = False
    recipients_span: Optional[Span] = None
    fields: list[HeaderField] = Field(default_factory=list)


class Citation(_Model):
    text: str
    span: Span
    type_word: Optional[str] = None
    cited_type: Optional[str] = None  # local name of an ontology class, e.g. "NghiDinh"
    symbol: Optional[str] = None  # as written, whitespace removed, look-alike letters folded
    number: Optional[int] = None
    year: Optional[int] = None
    issuer_code: Optional[str] = None
    date: Optional[dt.date] = None
    issuer_phrase: Optional[str] = None
    subject: Optional[str] = None
    by_name: bool = False
    # ranges in the normalized text, for fixes: the citation (type word..symbol), the symbol, the date
    norm_range: Optional[tuple[int, int]] = None
    symbol_range: Optional[tuple[int, int]] = None
    date_range: Optional[tuple[int, int]] = None
    as_amended: bool = False  # the text says the instrument is cited as amended
    subject_quoted: bool = False
    # how the subject compares with registry titles (facts for QCDC108; the shape sets thresholds)
    subject_own_score: Optional[float] = None
    subject_best: Optional[str] = None  # IRI of the registry instrument whose title it matches best
    subject_best_score: Optional[float] = None
    subject_best_nearby: bool = False  # that instrument is cited in the same clause (a joint citation)
    name_score: Optional[float] = None  # by-name citations: similarity of the written name to the registered one
    name_label: Optional[str] = None  # the registered name it matched
    flat_extent: Optional[tuple[int, int]] = Field(None, exclude=True)  # type word .. end of subject, flat text
    flat_subject: Optional[tuple[int, int]] = Field(None, exclude=True)  # the subject, flat text
    # resolution against the registry
    resolved: Optional[str] = None  # registry IRI
    instrument: Optional[str] = None  # canonical symbol
    resolution: Optional[str] = None  # symbol | type-number-year | type-number-date | name


class Section(_Model):
    marker: str
    ordinal: int
    title: str
    kind: Optional[str] = None  # IRI of a qcdc:SectionKind
    span: Span


class NumberedItem(_Model):
    level: Literal["roman", "arabic", "letter"]
    marker: str
    ordinal: int
    span: Span
    previous: Optional[int] = None  # index of the previous sibling in the same sequence


class Deadline(_Model):
    text: str
    span: Span
    date: Optional[dt.date] = None
    relative: bool = False
    period: Optional[str] = None  # local name of a qcdc:Period


class ReportingDuty(_Model):
    text: str
    span: Span
    reporter: Optional[str] = None  # who reports: the heading of the enclosing item ("1. Giám đốc Sở Nội vụ")
    periodic: bool = False
    periods: list[str] = Field(default_factory=list)
    recipient: Optional[str] = None
    own_deadline: bool = False
    deadlines: list[Deadline] = Field(default_factory=list)
    flat_range: Optional[tuple[int, int]] = Field(None, exclude=True)


class LevelMention(_Model):
    """A body or unit of an administrative level named by the plan in a role that matters."""

    level: str  # IRI of a qcdc:AbolishedLevel
    role: Literal["issuer", "recipient", "assignee"]
    text: str
    span: Span


class PlanFacts(_Model):
    path: str
    header: Header = Field(default_factory=Header)
    title: Optional[str] = None
    year: Optional[int] = None
    date: dt.date
    date_source: Literal["as-of", "header", "inferred", "today"]
    period_start: dt.date
    period_end: dt.date
    period_from_title: bool = False
    is_ke_hoach: bool = True
    topic_grassroots: bool = False
    first_line: int = 1
    sections: list[Section] = Field(default_factory=list)
    items: list[NumberedItem] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    duties: list[ReportingDuty] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    level_mentions: list[LevelMention] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- findings and report


class Fix(_Model):
    replacement: str
    safety: Literal["safe", "unsafe"] = "safe"
    # what the replacement replaces, in the file as the user sees it (None: a suggestion only)
    range: Optional[Span] = None
    # the same as offsets into the decoded text, for --fix/--diff (not part of the JSON contract)
    start: Optional[int] = Field(None, exclude=True)
    end: Optional[int] = Field(None, exclude=True)


class Finding(_Model):
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


class PlanInfo(_Model):
    title: Optional[str]
    year: Optional[int]
    date: dt.date
    date_source: str
    issuer: Optional[str]
    period: list[dt.date]


class CitationOut(_Model):
    text: str
    symbol: Optional[str]
    instrument: Optional[str]
    resolved: bool
    status_on_plan_date: Literal["in-force", "ceased", "not-yet", "unknown"]
    line: int
    column: int
    paragraph: Optional[int] = None
    page: Optional[int] = None


class FileError(_Model):
    code: str
    message: str


class FileReport(_Model):
    path: str
    kind: str = "text"  # text | docx | pdf
    plan: Optional[PlanInfo] = None
    citations: list[CitationOut] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    error: Optional[FileError] = None


class ToolInfo(_Model):
    name: str = "qcdc-check"
    version: str


class RegistryInfo(_Model):
    instruments: int
    as_of: Optional[dt.date] = None


class Summary(_Model):
    files: int
    error: int
    warning: int
    info: int
    unreadable: int = 0


class Report(_Model):
    schema_: str = Field("qcdc-check/report/1", alias="schema")
    tool: ToolInfo
    registry: RegistryInfo
    files: list[FileReport]
    summary: Summary

    model_config = ConfigDict(populate_by_name=True, defer_build=True)
