"""The facts extracted from one document, passed from the extract stage to the graph stage."""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import Field

from ..core.notes import Note
from ..contract.models import Model, Span


class HeaderField(Model):
    name: Literal["number", "place", "day", "month", "year"]
    blank: bool
    text: str
    span: Span


class Header(Model):
    issuer: Optional[str] = None
    issuer_span: Optional[Span] = None
    symbol_line: Optional[str] = None  # "Số: 12/KH-UBND"
    symbol_span: Optional[Span] = None
    place: Optional[str] = None
    date: Optional[dt.date] = None  # full date when every part is filled in
    date_lower_bound: Optional[dt.date] = None  # first day of the month when only month/year are filled
    date_span: Optional[Span] = None
    doc_type: Optional[str] = None  # "KẾ HOẠCH", "QUYẾT ĐỊNH" … as written
    is_plan: bool = False  # the kind is a Kế hoạch
    attached_plan: bool = False  # another kind (a Quyết định) issuing a Kế hoạch that follows it
    doc_type_span: Optional[Span] = None
    title: Optional[str] = None
    title_span: Optional[Span] = None
    subject_line: Optional[str] = None  # a công văn's "V/v …" (về việc)
    party: bool = False  # issued by a Party body (cấp ủy, its Ban Chỉ đạo …)
    signer_title: Optional[str] = None
    signer_name: Optional[str] = None
    signer_span: Optional[Span] = None
    recipients: bool = False
    recipients_span: Optional[Span] = None
    fields: list[HeaderField] = Field(default_factory=list)

    def number(self) -> Optional[str]:
        """The document's own number: "Số: 2820/QĐ-UBND" -> "2820/QĐ-UBND"; None when it is left blank."""
        if not self.symbol_line:
            return None
        number = self.symbol_line.split("Số", 1)[-1].lstrip(" :").replace(" ", "")
        return number if any(c.isdigit() for c in number.split("/")[0].split("-")[0]) else None


class Citation(Model):
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
    extent_range: Optional[tuple[int, int]] = None  # type word .. end of date, issuer and subject
    as_amended: bool = False  # the text says the instrument is cited as amended
    mention_only: bool = False  # named as ceased or replaced, not relied on
    subject_quoted: bool = False
    # how the subject compares with registry titles (facts for QCDC108; the shape sets thresholds)
    subject_own_score: Optional[float] = None
    subject_best: Optional[str] = None  # IRI of the registry instrument whose title it matches best
    subject_best_score: Optional[float] = None
    subject_best_nearby: bool = False  # that instrument is cited in the same clause (a joint citation)
    name_score: Optional[float] = None  # by-name citations: similarity of the written name to the registered one
    name_label: Optional[str] = None  # the registered name it matched
    # the symbol's form (QCDC104): its Cyrillic or Greek look-alike letters as written ("СР"), and what the
    # general forms show wrong with it, in words, with the symbol put right when that is certain
    symbol_foreign: Optional[str] = Field(None, exclude=True)
    symbol_as_written: Optional[str] = Field(None, exclude=True)  # with those letters, for the message ("93/NQ-СР")
    symbol_defect_vi: Optional[str] = Field(None, exclude=True)
    symbol_defect_en: Optional[str] = Field(None, exclude=True)
    symbol_suggestion: Optional[str] = Field(None, exclude=True)
    symbol_uncertain: bool = False  # its symbol was read by OCR with low confidence (readers/ocr.py)
    # the same instrument cited elsewhere in the document with another issue date (the first one written)
    other_date: Optional[dt.date] = Field(None, exclude=True)
    other_date_line: Optional[int] = Field(None, exclude=True)
    repeat: bool = Field(False, exclude=True)  # the same symbol was cited before in the document
    own_number: bool = Field(False, exclude=True)  # the document's own number (in a page title, an annex heading)
    flat_extent: Optional[tuple[int, int]] = Field(None, exclude=True)  # type word .. end of subject, flat text
    flat_subject: Optional[tuple[int, int]] = Field(None, exclude=True)  # the subject, flat text
    # resolution against the registry
    resolved: Optional[str] = None  # registry IRI
    instrument: Optional[str] = None  # canonical symbol
    resolution: Optional[str] = None  # symbol | type-number-year | type-number-date | name


class Section(Model):
    marker: str
    ordinal: int
    title: str
    kind: Optional[str] = None  # IRI of a qcdc:SectionKind
    span: Span


class NumberedItem(Model):
    level: Literal["roman", "arabic", "letter"]
    marker: str
    ordinal: int
    span: Span
    previous: Optional[int] = None  # index of the previous sibling in the same sequence
    # the ordinal the previous sibling stands for: its own, or, for a slip the next item confirms ("II, II, IV":
    # the second "II" stands for III), the number it should have had, so one slip is reported once
    follows: Optional[int] = None


class Deadline(Model):
    text: str
    span: Span
    date: Optional[dt.date] = None
    relative: bool = False
    period: Optional[str] = None  # local name of a qcdc:Period


class ReportingDuty(Model):
    text: str
    span: Span
    reporter: Optional[str] = None  # who reports: the heading of the enclosing item ("1. Giám đốc Sở Nội vụ")
    periodic: bool = False
    periods: list[str] = Field(default_factory=list)
    recipient: Optional[str] = None
    own_deadline: bool = False
    deadlines: list[Deadline] = Field(default_factory=list)
    flat_range: Optional[tuple[int, int]] = Field(None, exclude=True)


class LevelMention(Model):
    """A body or unit of an administrative level named by the plan in a role that matters."""

    level: str  # IRI of a qcdc:AbolishedLevel
    role: Literal["issuer", "recipient", "assignee"]
    text: str
    span: Span


class TermMatch(Model):
    """A place where the document writes a term of an office's word list (extract/terms.py)."""

    text: str  # as written (spaces made single)
    find: str  # the list's spelling it matched
    replacement: str  # what the list says to write, in the case the text uses
    exact: bool  # the list's spelling up to case and the tone mark's place: the fix is safe
    severity: Literal["error", "warning", "info"] = "warning"
    effective_from: Optional[dt.date] = None  # the term is replaced in documents dated on or after it
    note_vi: Optional[str] = None
    note_en: Optional[str] = None
    list_name: str
    list_version: Optional[str] = None
    span: Span
    norm_range: tuple[int, int]


class PlanFacts(Model):
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
    form_applies: bool = True  # the kind's form is the one QCDC204 checks (not a law, code or ordinance)
    administrative: bool = True  # shows some part of an administrative document (kind, number, date, sections …)
    topic_grassroots: bool = False
    own_outline: Optional[str] = None  # IRI of a qcdc:PlanWithOwnOutline the title names (QCDC201 does not apply)
    first_line: int = 1
    sections: list[Section] = Field(default_factory=list)
    items: list[NumberedItem] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    duties: list[ReportingDuty] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    level_mentions: list[LevelMention] = Field(default_factory=list)
    terms: list[TermMatch] = Field(default_factory=list)  # terms of the office's word lists
    notes: list[Note] = Field(default_factory=list)  # rendered in the report's language (core/notes.py)
