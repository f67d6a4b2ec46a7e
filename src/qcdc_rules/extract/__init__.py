"""Layer 5, extract: the facts of one document (header, sections, citations found then resolved, reporting
duties, deadlines, level mentions, the plan date) as a typed `PlanFacts`."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional, Sequence

from ..core.symbols import symbol_has_year, symbol_key
from ..core.notes import Note
from ..core.text import fold, tokens
from ..knowledge.registry import Registry
from ..readers.base import SourceDocument
from .citations import CitationFinder
from . import dates
from .duties import extract_duties
from .flat import flatten
from .header import document_end, extract_header, title_period
from .levels import find_level_mentions, level_patterns
from .models import Citation, PlanFacts
from .plandate import plan_date, upper_bound
from .resolve import Resolver, latest_cited_date
from .structure import extract_structure
from .terms import WordList, find_terms

__all__ = ["Extractor"]


class Extractor:
    """Holds what is derived from the registry once (patterns, look-up tables)."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.finder = CitationFinder(registry)
        self.resolver = Resolver(registry)
        self.level_patterns = level_patterns(registry)
        self.organisation_kind = next(
            (k for _, k in registry.section_labels if k.endswith("#OrganisationSection")), None
        )

    def _laws_in_force(self, citations, day: dt.date) -> list[Note]:
        """A law cited by a name several registered laws share, with no year, date or number: the one in force on
        the document's date, and a note that says so (none when not exactly one is in force that day)."""
        notes = []
        for c in citations:
            if c.resolution != "name-in-force" or not c.name_label:
                continue
            live = [i for i in self.finder.laws_named(c.name_label)
                    if self.registry.status_on(i.iri, day) == "in-force"]
            if len(live) == 1:
                c.resolved, c.instrument = live[0].iri, live[0].symbol
                notes.append(_laws_in_force_note(c.text.strip(), live[0].symbol))
        return list(dict.fromkeys(notes))

    def extract(self, doc: SourceDocument, as_of: Optional[dt.date] = None, today: Optional[dt.date] = None,
                word_lists: Sequence[WordList] = ()) -> PlanFacts:
        header, body_start, closing = extract_header(doc, self.registry.doc_kinds)
        tail_notes = []
        end = document_end(doc, header, closing[1] if closing else body_start)
        if end is not None:  # a web page's own material after the document is not part of it
            doc = _without_tail(doc, end)
            tail_notes.append(Note("web-tail"))
        flat = flatten(doc.text)

        def to_flat(norm_offset: int) -> int:
            return flat.origin.first_at_or_after(norm_offset)

        sections, items, section_offsets = extract_structure(doc, self.registry, body_start, notes=tail_notes)
        closing_flat = (to_flat(closing[0]), to_flat(closing[1])) if closing else None
        citations = self.resolver.resolve_all(self.finder.find(doc, flat), flat)
        _mark_uncertain_symbols(doc, citations)
        organisation_start = next(
            (off for sec, off in zip(sections, section_offsets) if sec.kind == self.organisation_kind), None
        )
        organisation_flat = to_flat(organisation_start) if organisation_start is not None else None
        subjects = [c.flat_subject for c in citations if c.flat_subject]  # a cited title is not a duty
        extents = [c.flat_extent for c in citations if c.flat_extent]
        duties, deadlines = extract_duties(
            doc, flat, to_flat(body_start), organisation_flat, closing_flat, subjects,
        )
        _assign_reporters(doc, duties, items, sections)
        level_mentions = find_level_mentions(
            doc, flat, header, extents,  # each extent includes its citation's subject
            closing_flat,
            [d.flat_range for d in duties if d.flat_range], self.level_patterns, to_flat(body_start),
            organisation_flat, notes=tail_notes,  # (a flood: a note that not all of it was read)
        )
        title = header.title
        adopted = None if header.date or header.date_lower_bound else _adoption_date(doc)
        if adopted:  # a law or a resolution of the National Assembly dates itself at its end
            header = header.model_copy(update={"date": adopted})
        year, years = title_period(title, header.date)
        if not (header.is_plan or header.attached_plan) and header.date:
            years = None  # a period is a plan's: "Nghị quyết về … năm 2025" dated 14/4/2025 is of that day
        # a cited date after the plan's own years is a typo (QCDC107 reports it); it must not move the plan date
        cap = dt.date(years[1], 12, 31) if years else None
        last = upper_bound(header)  # a header with blanks ("ngày … tháng 02 năm 2026"): what it allows is the cap
        cap = last or cap  # (a report on 2025 dated "tháng 02 năm 2026" cites texts of 2026)
        when = plan_date(header, years, latest_cited_date(citations, self.registry, cap), as_of, today)
        if adopted and when.source == "header":
            when.notes.append(Note("adoption-date", date=adopted))
        topic_tokens = tokens(title or doc.text[:2000])
        topic = any(_contains(topic_tokens, label) for label, _ in self.registry.topic_labels)
        title_tokens = tokens(f"{header.doc_type or ''} {title or ''}")  # "KẾ HOẠCH" + "TÀI CHÍNH - NGÂN SÁCH …"
        outline = next((iri for label, iri in self.registry.own_outline_labels if _contains(title_tokens, label)), None)
        # a document is a plan only when it says so: its kind is KẾ HOẠCH, or it issues one
        is_ke_hoach = header.is_plan or header.attached_plan
        notes = list(when.notes) + self._laws_in_force(citations, when.date) + tail_notes
        if is_ke_hoach and outline:
            label = self.registry.own_outline_names.get(outline, outline)
            notes.append(Note("own-outline", kind=label))
        _repeats(citations, header)
        _date_conflicts(citations, header)
        _older_namesakes(doc, citations, self.registry)
        if _consolidated(header):  # a consolidated text (VBHN) reproduces its originals' bases, as of their dates
            for c in citations:
                c.mention_only = True
        administrative = _administrative(header, sections)
        if administrative and _asks_a_question(doc):
            administrative = is_ke_hoach = False  # a Q&A page quoting a document (often in part), not the document
            notes.append(Note("question-page"))
        form_applies = not _LAW_KINDS.match(fold(header.doc_type or ""))
        if administrative and header.doc_type is None and not header.subject_line:
            notes.append(Note("no-kind"))
        terms = find_terms(doc, citations, word_lists, notes)  # an office's own word lists (QCDC401)
        return PlanFacts(
            path=doc.path, header=header, title=title, year=year, date=when.date, date_source=when.source,
            period_start=when.period_start, period_end=when.period_end, period_from_title=years is not None,
            is_ke_hoach=is_ke_hoach, form_applies=form_applies, administrative=administrative, topic_grassroots=topic,
            own_outline=outline, first_line=_first_line(doc), sections=sections,
            items=items, citations=citations, duties=duties, deadlines=deadlines, level_mentions=level_mentions,
            terms=terms, notes=notes,
        )


def _repeats(citations, header) -> None:
    """Mark a citation of a symbol cited before in the document, and one of the document's own number."""
    own = symbol_key(header.number() or "") or None
    seen: set[str] = set()
    for c in citations:
        if not c.symbol:
            continue
        key = symbol_key(c.symbol)
        c.repeat = key in seen
        c.own_number = own is not None and key == own
        seen.add(key)


# the clause a citation sits in begins as a basis does: "Căn cứ …", "Thực hiện …" (after ";", "." or a line's start)
_BASIS = re.compile(r"(?:^|[;.:]\s|\n)[\W_]*(?:Căn cứ|Thực hiện|Triển khai)\b[^;.]*$", re.IGNORECASE)


_LAWS = ("Luat", "BoLuat")
_NAME_YEAR = re.compile(r"\s*\(?(?:năm\s*)?\d{4}\)?$", re.IGNORECASE)


def _names(inst) -> set[str]:
    """A law's names without the year ("Luật Hóa chất năm 2025" -> "luật hóa chất")."""
    return {_NAME_YEAR.sub("", n).casefold() for n in inst.name_labels}


def _older_namesakes(doc: SourceDocument, citations: list[Citation], registry: Registry) -> None:
    """A law cited beside a later law of the same name ("… quy định tại Điều 22, Luật Hóa chất 2007. Đến nay Luật
    Hóa chất số 69/2025/QH15 …") is named to compare, not relied on: mention only — unless its own line is a
    basis ("Căn cứ …", "Thực hiện …"), where citing the old law is the error QCDC101 reports."""
    cited = {c.resolved: registry.by_iri.get(c.resolved) for c in citations if c.resolved}
    latest: dict[str, int] = {}
    for inst in cited.values():
        if inst is None or inst.cls not in _LAWS or not inst.year:
            continue
        for name in _names(inst):
            latest[name] = max(latest.get(name, inst.year), inst.year)
    for c in citations:
        inst = cited.get(c.resolved) if c.resolved else None
        if inst is None or inst.cls not in _LAWS or not inst.year or c.mention_only:
            continue
        if any(latest.get(n, inst.year) > inst.year for n in _names(inst)):
            at = doc.line_start(c.span.line) + c.span.column - 1
            if not _BASIS.search(doc.original[max(0, at - 300):at]):
                c.mention_only = True


def _date_conflicts(citations, header) -> None:
    """An instrument the registry does not date, cited twice in the document with two issue dates: the later
    citation is marked with the first one's date and line (QCDC103 says that one of them is wrong). A symbol
    without a year ("800/QĐ-UBND") names another text in another year, so only dates of the same year count.
    The document's own number (an annex's "ban hành kèm theo Quyết định số …") is compared with the header's date."""
    first: dict[str, tuple[Citation, dt.date]] = {}  # symbol -> its first dated citation, and its date
    for c in citations:
        if c.date is None or not c.symbol or c.resolved or c.by_name:
            continue
        if c.own_number:
            if header.date and header.date_span and c.date != header.date:
                c.other_date, c.other_date_line = header.date, header.date_span.line
            continue
        key = symbol_key(c.symbol)
        ref, ref_date = first.setdefault(key, (c, c.date))
        if ref is c or ref_date == c.date or c.year and c.date.year != c.year:
            continue  # (a date off its symbol's year is reported as such)
        if symbol_has_year(c.symbol) or ref_date.year == c.date.year or _same_text(ref, c):
            c.other_date, c.other_date_line = ref_date, ref.span.line


def _same_text(a, b) -> bool:
    """Two citations of one symbol without a year name the same text when they give the same issuer and the same
    subject (numbers restart every year: "800/QĐ-UBND" of 2011 and of 2024 are two texts unless both say what
    they are about, in the same words)."""
    if not (a.issuer_phrase and b.issuer_phrase and a.subject and b.subject):
        return False
    if fold(a.issuer_phrase) != fold(b.issuer_phrase):
        return False
    ta, tb = tokens(a.subject), tokens(b.subject)
    if min(len(ta), len(tb)) < 6:
        return False  # "về việc thành lập" alone names no one text
    common = len(set(ta) & set(tb))
    return common >= 0.9 * max(len(set(ta)), len(set(tb)))


def _without_tail(doc: SourceDocument, end: int) -> SourceDocument:
    """The document with its text from `end` on blanked (line breaks kept, so every offset stays the same)."""
    import dataclasses

    tail = doc.text[end:]
    return dataclasses.replace(doc, text=doc.text[:end] + re.sub(r"[^\n]", " ", tail))


def _laws_in_force_note(name: str, symbol: str) -> Note:
    return Note("law-in-force", name=name, symbol=symbol)


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


_ADOPTED = re.compile(rf"thông qua ngày ?(?P<adopted>{dates.DATE})", re.IGNORECASE)


# what OCR confuses in a symbol: a letter beside a digit that is a digit's look-alike ("QHI5" for QH15, "1O/2025"),
# or the symbol's last digit set apart by a space ("58/2024/QH1 5")
_LOOKALIKE = re.compile(r"(?<=\d)[IlO|o]|[IlO|o](?=\d)")
_SPLIT_DIGIT = re.compile(r" \d\b")


def _mark_uncertain_symbols(doc: SourceDocument, citations: list[Citation]) -> None:
    """A symbol OCR may have misread is not judged by its form (QCDC104): words read with low confidence, and on a
    scan a digit's look-alike beside a digit or a last digit set apart."""
    scan = doc.read_by_ocr
    if not (doc.uncertain or scan):
        return
    for c in citations:
        if c.symbol_range and (doc.is_uncertain(*doc.original_range(*c.symbol_range))
                               or scan and _ocr_lookalike(doc, c)):
            c.symbol_uncertain = True


def _ocr_lookalike(doc: SourceDocument, c) -> bool:
    end = c.symbol_range[1]
    return bool(_LOOKALIKE.search(c.symbol or "") or _SPLIT_DIGIT.match(doc.text, end))


def _consolidated(header) -> bool:
    """A văn bản hợp nhất: its own number has the code VBHN ("89/VBHN-BQP") or its kind line says so. It repeats
    the "Căn cứ" of the texts it consolidates, which were right on their own dates, not on the consolidation's."""
    number = header.number() or ""
    return "/VBHN" in number.upper() or fold(header.doc_type or "").startswith("van ban hop nhat")


def _adoption_date(doc: SourceDocument) -> Optional[dt.date]:
    """The date in a law's or resolution's closing line, "Luật này được Quốc hội … thông qua ngày 27 tháng 11 năm
    2024" (its last 3,000 characters): where such a text, with no place-and-date line, states its own date."""
    m = None
    for found in _ADOPTED.finditer(doc.text, max(0, len(doc.text) - 3000)):
        m = found  # the last one
    dm = dates.DATE_RE.search(m.group("adopted")) if m else None
    return dates.from_match(dm) if dm else None


_FIRST_LINE = re.compile(r"\s*(\S[^\n]*)")


def _asks_a_question(doc: SourceDocument) -> bool:
    """The file's first line is a question ("# Thời hạn công khai … thế nào?"): the title of a legal Q&A web page.
    No administrative document begins with one; such a page quotes parts of documents, cut where the article
    wants ("…"), so their structure and header are not the document's."""
    m = _FIRST_LINE.match(doc.text)
    return m is not None and m.group(1).strip(" *#_|\t").endswith("?")


def _administrative(header, sections) -> bool:
    """An administrative document names its kind ("KẾ HOẠCH", "QUYẾT ĐỊNH" …), or is a công văn: a number with
    its place and date or its subject line ("V/v …"). A news article, an encyclopedia or Q&A page may show a
    date, numbered parts or names in capitals, but not these."""
    return bool(header.doc_type or header.symbol_line and (header.date_span or header.subject_line))


# QCDC204 checks the form Nghị định 30/2020/NĐ-CP (or the Party's rules) sets for administrative documents: not
# that of a law, code or ordinance, which the Law on legal documents sets
_LAW_KINDS = re.compile(r"^(?:luat|bo luat|phap lenh|hien phap)\b")


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i: i + n] == needle for i in range(len(haystack) - n + 1)) if n else False


def _first_line(doc: SourceDocument) -> int:
    for i, line in enumerate(doc.original.split("\n"), 1):
        if line.strip():
            return i
    return 1
