"""Citations: find them (symbol with type word, or a law by its name), parse them, resolve them.

Resolution to a registry instrument is by canonical symbol; for malformed or partial symbols by
(type, number, year) or (type, number, date), or — with neither — by (type, number) and a subject that
is that instrument's registered title; for laws cited by name, by the registry's name labels.
Never by number alone.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
from dataclasses import dataclass
from typing import Optional

from ..ingest import SourceDocument
from ..models import Citation
from ..registry import Instrument, Registry, symbol_key
from ..textutil import tokens
from . import dates
from .flat import FlatText

_ALNUM = r"[0-9A-Za-zĐđ]"
# digits, then one or more (separator, alnum-run); one space may follow a separator (line breaks)
SYMBOL_RE = re.compile(rf"(?<![\w/.\-])\d{{1,5}}(?:[/\-] ?{_ALNUM}+)+")
_DATE_AFTER = re.compile(rf"^ ?,? ?(?:\(?(?:ban hành |ký )?(?P<dt>(?:ngày|ngàỵ) ?{dates.DATE})\)?)")
_ISSUER_AFTER = re.compile(
    r"^ ?,? ?của (?P<issuer>[^;,.“\"”0-9]{2,140}?)(?=,? (?:về|và|quy định|hướng dẫn|ban hành|thực hiện|ngày)\b|[;,.“\"”0-9]|$)"
)
# A subject is quoted right after the citation, or introduced by "về", "quy định", "hướng dẫn", "ban hành"
# (an unintroduced run of text after a symbol is not its subject: it may be the next sentence).
_SUBJECT_AFTER = re.compile(
    r"^ ?,? ?(?:(?:về |quy định |hướng dẫn |ban hành )(?:việc |về việc )?(?:ban hành )?"
    r"(?P<subject>“[^”]{3,400}”|\"[^\"]{3,400}\"|\w[^;“”\"]{2,300}?(?=;|\. |\.$|$))"
    r"|(?P<quoted>“[^”]{3,400}”|\"[^\"]{3,400}\"))"
)
_SO = r"(?:số|Số|SỐ)"
_AS_AMENDED = re.compile(r"^[^;]{0,60}?(?:được |đã được |đã )?sửa đổi,? bổ sung", re.IGNORECASE)


@dataclass
class _Found:
    citation: Citation
    start: int  # flat
    end: int  # flat, end of symbol
    extent_end: int  # flat, end of date/issuer/subject


def _type_pattern(registry: Registry) -> re.Pattern:
    words = "|".join(re.escape(w).replace(r"\ ", " ") for w, _ in registry.type_words)
    return re.compile(rf"(?P<type>{words})(?: {_SO})?(?: ?:)? ?$", re.IGNORECASE)


def _law_name_pattern() -> re.Pattern:
    return re.compile(rf"(?P<type>Bộ luật|Luật) (?P<name>[^;:,()“”\"0-9]{{2,100}}?) {_SO} ?:? ?$")


def parse_symbol(raw: str) -> tuple[str, Optional[int], Optional[int], Optional[str], Optional[str]]:
    """(written symbol, number, year, type code, issuer code) of a symbol as written."""
    written = raw.replace(" ", "").replace("Ð", "Đ")
    m = re.match(r"(\d+)", written)
    number = int(m.group(1)) if m else None
    segments = re.split(r"[/\-]", written)[1:]
    year = None
    type_code = None
    for seg in segments:
        ym = re.match(r"^(19\d\d|20\d\d)(?=\D|$)", seg)
        if ym and year is None:
            year = int(ym.group(1))
            seg = seg[4:]
        if seg and type_code is None and re.match(r"[A-Za-zĐđ]", seg):
            type_code = re.match(r"[A-Za-zĐđ]+", seg).group(0)
    issuer_code = None
    if segments:
        last = re.sub(r"\d+$", "", segments[-1])
        issuer_code = last or None
    return written, number, year, type_code, issuer_code


def code_segments(symbol: str) -> list[str]:
    """Every letter segment of a symbol, digits dropped: "123/BNV-CQĐP" -> ["BNV", "CQĐP"].
    The issuing body's code is one of them (last for "KH-UBND", first for a công văn "BNV-CQĐP")."""
    out = []
    for seg in re.split(r"[/\-]", symbol)[1:]:
        seg = re.sub(r"^(19|20)\d\d", "", seg)
        seg = re.sub(r"\d+$", "", seg)
        if seg and re.match(r"[A-Za-zĐđ]", seg):
            out.append(seg)
    return out


class CitationExtractor:
    def __init__(self, registry: Registry):
        self.registry = registry
        self.type_re = _type_pattern(registry)
        self.law_re = _law_name_pattern()
        codes = sorted(set(registry.issuer_codes) | {"CP", "TTg", "TW", "UBND", "HĐND"}, key=len, reverse=True)
        self.spaced_code = re.compile(r" [/\-] ?(?:" + "|".join(map(re.escape, codes)) + r")[0-9]*\b")
        self.by_number: dict[int, list[Instrument]] = {}
        for inst in registry.instruments:
            if inst.number is not None:
                self.by_number.setdefault(inst.number, []).append(inst)
        self.type_of_word = {w.lower(): c for w, c in registry.type_words}
        self.titles = {iri: tokens(t) for iri, t in registry.titles.items()}
        # memo per extractor (bounded), so the registry's titles are not re-scored for repeated subjects
        self._score = functools.lru_cache(maxsize=4096)(self._score_uncached)
        self.title_index: dict[str, list[str]] = {}
        for iri, toks in self.titles.items():
            for tok in set(toks):
                self.title_index.setdefault(tok, []).append(iri)
        self.idf = {tok: math.log((1 + len(self.titles)) / (1 + len(iris))) + 1 for tok, iris in self.title_index.items()}
        self.names = [
            (inst, _fold_words(lab).split(), lab) for inst in registry.instruments for lab in inst.name_labels
        ]

    # ------------------------------------------------------------------ symbol citations
    def find(self, doc: SourceDocument, flat: FlatText) -> list[Citation]:
        found: list[_Found] = []
        text = flat.text
        for m in SYMBOL_RE.finditer(text):
            raw = m.group(0).rstrip("-/ ")
            tail = self.spaced_code.match(text, m.start() + len(raw))
            if tail:
                raw = raw + tail.group(0)
            if not re.search(r"[A-Za-zĐđ]", raw):
                continue  # a date or a range of years
            s, e = m.start(), m.start() + len(raw)
            before = text[max(0, s - 160): s]
            type_word, cited_type, start = None, None, s
            tm = self.type_re.search(before) or self.law_re.search(before)
            if tm:
                type_word = tm.group("type")
                cited_type = self.type_of_word.get(type_word.lower())
                start = s - len(before) + tm.start()
            written, number, year, type_code, issuer_code = parse_symbol(raw)
            if cited_type is None and type_code:
                cited_type = self.registry.type_codes.get(type_code)
            if type_word is None and cited_type is None:
                continue  # not recognisably an instrument symbol
            cit = Citation(
                text="", span=doc.span(0, 1), type_word=type_word, cited_type=cited_type,
                symbol=written, number=number, year=year, issuer_code=issuer_code,
            )
            extent = e
            rest = text[e: e + 600]
            pos = 0
            dm = _DATE_AFTER.match(rest)
            if dm:
                cit.date = dates.from_match(dm)
                cit.date_range = flat.norm_range(e + dm.start("dt"), e + dm.end("dt"))
                pos = dm.end()
            im = _ISSUER_AFTER.match(rest[pos:])
            if im:
                cit.issuer_phrase = im.group("issuer").strip()
                pos += im.end()
                if cit.date is None:
                    dm = _DATE_AFTER.match(rest[pos:])
                    if dm:
                        cit.date = dates.from_match(dm)
                        cit.date_range = flat.norm_range(e + pos + dm.start("dt"), e + pos + dm.end("dt"))
                        pos += dm.end()
            sm = _SUBJECT_AFTER.match(rest[pos:])
            if sm:
                subject = sm.group("subject") or sm.group("quoted")
                cit.subject_quoted = subject[:1] in "“\""
                cit.subject = subject.strip("“”\" ")
                group = "subject" if sm.group("subject") else "quoted"
                cit.flat_subject = (e + pos + sm.start(group), e + pos + sm.end(group))
                pos += sm.end()
            extent = e + pos
            cit.as_amended = bool(_AS_AMENDED.match(rest))
            a, b = flat.norm_range(start, e)
            cit.span = doc.span(a, b)
            cit.norm_range = (a, b)
            cit.symbol_range = flat.norm_range(s, e)
            cit.text = text[start:e]
            self.resolve(cit)
            found.append(_Found(cit, start, e, max(extent, e)))
        found.extend(self._find_by_name(doc, flat, found))
        found.sort(key=lambda f: f.start)
        for f in found:
            f.citation.flat_extent = (f.start, f.extent_end)
        self._compare_subjects(found, flat)
        return [f.citation for f in found]

    # ------------------------------------------------------------------ subjects vs registry titles
    def _candidates(self, subject_tokens: list[str], keep: int = 25) -> list[str]:
        """Titles worth scoring: those sharing the most informative words with the subject.
        Scoring every title would cost O(registry) per citation; a registry of thousands stays fast."""
        if len(self.titles) <= keep:
            return list(self.titles)
        weight: dict[str, float] = {}
        for tok in set(subject_tokens):
            for iri in self.title_index.get(tok, ()):
                weight[iri] = weight.get(iri, 0.0) + self.idf[tok]
        return sorted(weight, key=lambda i: (-weight[i], i))[:keep]

    def _score_uncached(self, st: tuple, resolved: str) -> tuple[Optional[str], float, Optional[float]]:
        """(best-matching title's instrument, its score, the cited instrument's own score)."""
        candidates = set(self._candidates(list(st))) | ({resolved} if resolved in self.titles else set())
        scored = [(difflib.SequenceMatcher(None, st, self.titles[iri]).ratio(), iri) for iri in sorted(candidates)]
        best_score, best = max(scored) if scored else (0.0, None)
        own = round(difflib.SequenceMatcher(None, st, self.titles[resolved]).ratio(), 3) if resolved in self.titles else None
        return best, round(best_score, 3), own

    def _compare_subjects(self, found: list[_Found], flat: FlatText) -> None:
        for f in found:
            c = f.citation
            if not c.subject or not c.resolved:
                continue
            st = tokens(c.subject)
            if len(st) < 4:
                continue
            c.subject_best, c.subject_best_score, c.subject_own_score = self._score(tuple(st), c.resolved)
            clause_start = flat.text.rfind(";", 0, f.start) + 1
            c.subject_best_nearby = any(
                o.citation.resolved == c.subject_best and o is not f and clause_start <= o.start < f.extent_end for o in found
            )

    # ------------------------------------------------------------------ laws cited by name
    def _find_by_name(self, doc: SourceDocument, flat: FlatText, taken: list[_Found]) -> list[_Found]:
        out: list[_Found] = []
        words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[0-9a-z]+", flat.folded)]
        toks = [w for w, _, _ in words]
        first_tokens = {label[0] for _, label, _ in self.names if label}
        for i, (w, ws, _) in enumerate(words):
            if w not in first_tokens:
                continue
            best: tuple[float, int, Instrument, str] | None = None
            for inst, label, lab in self.names:
                n = len(label)
                if toks[i: i + 2] != label[:2]:
                    continue
                lengths = [n] if n < 5 else [n - 1, n, n + 1]
                for k in lengths:
                    window = toks[i: i + k]
                    if len(window) < k:
                        continue
                    ratio = 1.0 if window == label else difflib.SequenceMatcher(None, window, label).ratio()
                    if (n < 5 and ratio < 1.0) or ratio < 0.85:
                        continue
                    if best is None or ratio > best[0] or (ratio == best[0] and k > best[1]):
                        best = (ratio, k, inst, lab)
            if best is None:
                continue
            ratio, k, inst, lab = best
            end = words[i + k - 1][2]
            if any(f.start <= ws < f.extent_end or f.start < end <= f.extent_end for f in taken + out):
                continue  # part of a symbol citation or of its quoted subject
            a, b = flat.norm_range(ws, end)
            cit = Citation(
                text=flat.text[ws:end], span=doc.span(a, b), type_word=flat.text[ws:ws + 4], norm_range=(a, b),
                cited_type=inst.cls, by_name=True, resolved=inst.iri, instrument=inst.symbol, resolution="name",
                as_amended=bool(_AS_AMENDED.match(flat.text[end: end + 120])),
                name_score=round(ratio, 3), name_label=lab,
            )
            out.append(_Found(cit, ws, end, end))
        return out

    # ------------------------------------------------------------------ resolution
    def resolve(self, cit: Citation) -> None:
        if not cit.symbol:
            return
        inst = self.registry.by_symbol.get(symbol_key(cit.symbol))
        if inst is not None:
            # a symbol without a year names different instruments in different years
            if _symbol_has_year(inst.symbol) or cit.date is None or _year_of(inst) in (None, cit.date.year):
                cit.resolved, cit.instrument, cit.resolution = inst.iri, inst.symbol, "symbol"
            return
        if cit.cited_type is None or cit.number is None:
            return
        candidates = [
            i for i in self.by_number.get(cit.number, ())
            if self.registry.is_a(i.cls, cit.cited_type) or self.registry.is_a(cit.cited_type, i.cls)
        ]
        if not candidates:
            return
        year = cit.year or (cit.date.year if cit.date else None)
        if year is None:
            # never by number alone; by (type, number) and a subject that is that instrument's title
            if cit.subject:
                st = tokens(cit.subject)
                fitting = [i for i in candidates if i.iri in self.titles and
                           difflib.SequenceMatcher(None, st, self.titles[i.iri]).ratio() >= 0.8]
                if len(fitting) == 1:
                    cit.resolved, cit.instrument, cit.resolution = fitting[0].iri, fitting[0].symbol, "type-number-title"
            return
        if cit.date is not None:
            exact = [i for i in candidates if i.issued == cit.date]
            if len(exact) == 1:
                cit.resolved, cit.instrument, cit.resolution = exact[0].iri, exact[0].symbol, "type-number-date"
                return
        by_year = [i for i in candidates if _year_of(i) == year]
        if len(by_year) == 1:
            how = "type-number-year" if cit.year else "type-number-date"
            cit.resolved, cit.instrument, cit.resolution = by_year[0].iri, by_year[0].symbol, how


def _symbol_has_year(symbol: str) -> bool:
    return re.search(r"/(19|20)\d\d/", symbol) is not None


def _year_of(inst: Instrument) -> Optional[int]:
    return inst.issued.year if inst.issued else inst.year


def _fold_words(s: str) -> str:
    return " ".join(tokens(s))


def latest_cited_date(citations: list[Citation], registry: Registry,
                      cap: Optional[dt.date] = None) -> Optional[dt.date]:
    """The latest issue date among cited documents (the registry's when known), ignoring dates after `cap`."""
    dates_: list[dt.date] = []
    for c in citations:
        inst = registry.by_iri.get(c.resolved) if c.resolved else None
        if inst is not None and inst.issued:
            dates_.append(inst.issued)
        elif c.date:
            dates_.append(c.date)
    dates_ = [d for d in dates_ if cap is None or d <= cap]
    return max(dates_) if dates_ else None
