"""Stage 2, extract: facts of the plan (header, sections, citations, duties, deadlines) as PlanFacts."""
from __future__ import annotations

import bisect
import datetime as dt
from typing import Optional

from ..ingest import SourceDocument
from ..models import PlanFacts
from ..registry import Registry
from ..textutil import fold, tokens
from .citations import CitationExtractor, latest_cited_date
from .duties import extract_duties
from .flat import flatten
from .header import extract_header, title_period
from .levels import find_level_mentions, level_patterns
from .structure import extract_structure

__all__ = ["Extractor"]


class Extractor:
    """Holds what is derived from the registry once (patterns, look-up tables)."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.citations = CitationExtractor(registry)
        self.level_patterns = level_patterns(registry)
        self.organisation_kind = next(
            (k for _, k in registry.section_labels if k.endswith("#OrganisationSection")), None
        )

    def extract(self, doc: SourceDocument, as_of: Optional[dt.date] = None, today: Optional[dt.date] = None) -> PlanFacts:
        flat = flatten(doc.text)

        def to_flat(norm_offset: int) -> int:
            return bisect.bisect_left(flat.origin, norm_offset)

        header, body_start, closing = extract_header(doc)
        sections, items, section_offsets = extract_structure(doc, self.registry, body_start)
        citations = self.citations.find(doc, flat)

        organisation_start = next(
            (off for sec, off in zip(sections, section_offsets) if sec.kind == self.organisation_kind), None
        )
        subjects = [c.flat_subject for c in citations if c.flat_subject]  # a cited title is not a duty
        extents = [c.flat_extent for c in citations if c.flat_extent]
        duties, deadlines = extract_duties(
            doc, flat, to_flat(body_start),
            to_flat(organisation_start) if organisation_start is not None else None,
            to_flat(closing) if closing is not None else None,
            subjects,
        )

        _assign_reporters(doc, duties, items, sections)
        level_mentions = find_level_mentions(
            doc, flat, header, extents,  # each extent includes its citation's subject
            to_flat(organisation_start) if organisation_start is not None else None,
            to_flat(closing) if closing is not None else None,
            [d.flat_range for d in duties if d.flat_range], self.level_patterns, to_flat(body_start),
        )
        title = header.title
        year, years = title_period(title)
        # a cited date after the plan's own years is a typo (QCDC107 reports it); it must not move the plan date
        cap = dt.date(years[1], 12, 31) if years else None
        latest = latest_cited_date(citations, self.registry, cap)
        notes: list[str] = []
        if as_of:
            date, source = as_of, "as-of"
        elif header.date:
            date, source = header.date, "header"
        elif header.date_lower_bound:
            bound = header.date_lower_bound
            month_end = (bound.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            date, source = bound, "header"
            if latest and bound < latest <= month_end:
                date = latest
            notes.append(f"header date incomplete; plan date taken as {date.isoformat()} (lower bound)")
        elif years or latest:
            candidates = [d for d in (dt.date(years[0], 1, 1) if years else None, latest) if d]
            date, source = max(candidates), "inferred"
        else:
            date, source = today or dt.date.today(), "today"
        if years:
            period_start, period_end = dt.date(years[0], 1, 1), dt.date(years[1], 12, 31)
        else:
            period_start = period_end = date

        topic_text = title or doc.text[:2000]
        topic_tokens = tokens(topic_text)
        topic = any(_contains(topic_tokens, label) for label, _ in self.registry.topic_labels)
        is_ke_hoach = header.doc_type is None or fold(header.doc_type).startswith("ke hoach")
        return PlanFacts(
            path=doc.path, header=header, title=title, year=year, date=date, date_source=source,
            period_start=period_start, period_end=period_end, period_from_title=years is not None, is_ke_hoach=is_ke_hoach, topic_grassroots=topic,
            first_line=_first_line(doc), sections=sections, items=items, citations=citations,
            duties=duties, deadlines=deadlines, level_mentions=level_mentions, notes=notes,
        )


def _assign_reporters(doc: SourceDocument, duties, items, sections) -> None:
    """Who reports: the heading of the numbered item a duty sits in, within the last section."""
    if not sections:
        return
    last_section_line = sections[-1].span.line
    arabic = [i for i in items if i.level == "arabic" and i.span.line >= last_section_line]
    for duty in duties:
        owner = [i for i in arabic if i.span.line <= duty.span.line]
        if owner:
            heading = doc.line_text(owner[-1].span.line).strip()
            heading = heading[len(owner[-1].marker):].lstrip(" .)").split(":")[0].strip()
            duty.reporter = heading[:100] or None


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i: i + n] == needle for i in range(len(haystack) - n + 1)) if n else False


def _first_line(doc: SourceDocument) -> int:
    for i, line in enumerate(doc.original.split("\n"), 1):
        if line.strip():
            return i
    return 1
