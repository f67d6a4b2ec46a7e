"""Citations, step 2 — resolve each to a registry instrument, then compare quoted subjects with the
registry's titles (facts for QCDC108).

Resolution is by canonical symbol; for malformed or partial symbols by (type, number, year) or (type,
number, date), or — with neither — by (type, number) and a subject that is that instrument's registered
title; laws cited by name were resolved when found, by the registry's name labels. Never by number alone.
"""
from __future__ import annotations

import datetime as dt
import bisect
import difflib
import functools
import math
import re
from typing import Optional

from ..core.symbols import code_segments, foreign_letters, symbol_defect, symbol_has_year, symbol_key
from ..core.text import tokens
from ..knowledge.registry import Instrument, Registry
from .citations import Found
from .flat import FlatText
from .models import Citation


class Resolver:
    """Look-up tables over the registry, built once; `resolve_all` runs over one document's citations."""

    def __init__(self, registry: Registry):
        self.registry = registry
        # the look-ups are the registry's own, made when it was built: a registry read from the compiled cache
        # answers them a key at a time from its index file, so no resolver walks every instrument to start
        self.by_key = registry.by_key  # symbol key -> instruments (several for 124-QĐ/TW)
        self.by_number = registry.by_number
        self.titles = registry.title_tokens  # folded once, when the registry was built (the compiled cache keeps them)
        # memo per resolver (bounded), so the registry's titles are not re-scored for repeated subjects
        self._score = functools.lru_cache(maxsize=4096)(self._score_uncached)
        self.title_index = registry.title_index  # folded title word -> the IRIs of the titles that have it
        self.code_of_type = {cls: code for code, cls in registry.type_codes.items()}
        self.issuer_codes = frozenset(registry.issuer_codes)

    def resolve_all(self, found: list[Found], flat: FlatText) -> list[Citation]:
        for f in found:
            if not f.citation.by_name:
                self.resolve(f.citation)
                self._form(f.citation)
        self._compare_subjects(found, flat)
        return [f.citation for f in found]

    # ------------------------------------------------------------------ one citation
    def resolve(self, cit: Citation) -> None:
        if not cit.symbol:
            return
        same = self.by_key.get(symbol_key(cit.symbol))
        if same:
            inst = self._by_symbol(same, cit)
            if inst is not None:
                cit.resolved, cit.instrument, cit.resolution = inst.iri, inst.symbol, "symbol"
            return
        if cit.cited_type is None or cit.number is None:
            return
        candidates = [
            i for i in self.by_number.get(cit.number, ())
            if (self.registry.is_a(i.cls, cit.cited_type) or self.registry.is_a(cit.cited_type, i.cls))
            and _same_issuer(cit.symbol, i.symbol)
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
                    cit.resolved, cit.instrument = fitting[0].iri, fitting[0].symbol
                    cit.resolution = "type-number-title"
            return
        if cit.date is not None:
            exact = [i for i in candidates if i.issued == cit.date]
            if len(exact) == 1:
                cit.resolved, cit.instrument, cit.resolution = exact[0].iri, exact[0].symbol, "type-number-date"
                return
        by_year = [i for i in candidates if _year_of(i) == year]
        if len(by_year) == 1 and not self._names_another(cit, by_year[0]):
            how = "type-number-year" if cit.year else "type-number-date"
            cit.resolved, cit.instrument, cit.resolution = by_year[0].iri, by_year[0].symbol, how

    def _names_another(self, cit: Citation, inst: Instrument) -> bool:
        """A law found by type, number and year whose symbol the citation writes with another term ("Luật Phí và lệ
        phí số 97/2025/QH13" and the registry's 97/2025/QH15) is that law only if the name written before "số"
        fits its title: else the year may be the typo (97/2015/QH13), and the law is not this one."""
        w, r = _TERM.search(cit.symbol or ""), _TERM.search(inst.symbol)
        if not (w and r and w.group(1) != r.group(1)):
            return False  # the same term, or none written ("34/2007/PL-UBTVQH": a code cut short, not another law)
        name = tokens(cit.text.split(" số ")[0]) if " số " in cit.text else []
        title = self.titles.get(inst.iri)
        if len(name) < 3 or not title:
            return True  # "Luật số 97/2025/QH13": no name to tell a slip in the term from one in the year
        return difflib.SequenceMatcher(None, name, title).ratio() < 0.6

    def _form(self, cit: Citation) -> None:
        """What the general forms show wrong with the written symbol (facts for QCDC104's message and fix)."""
        if not cit.symbol:
            return
        defect = symbol_defect(cit.symbol, self.code_of_type.get(cit.cited_type or ""), self.issuer_codes,
                               cit.year, cit.date, foreign_letters(cit.symbol_foreign or ""))
        if defect is not None:
            cit.symbol_defect_vi, cit.symbol_defect_en, cit.symbol_suggestion = defect

    @staticmethod
    def _by_symbol(same: list[Instrument], cit: Citation) -> Optional[Instrument]:
        """The instrument a written symbol names. A symbol without a year names different instruments in
        different years, and some symbols are shared outright (124-QĐ/TW): then the cited date decides,
        and without a date nothing is resolved."""
        if len(same) == 1:
            inst = same[0]
            if symbol_has_year(inst.symbol) or cit.date is None or _year_of(inst) in (None, cit.date.year):
                return inst
            return None
        if cit.date is None:
            return None
        exact = [i for i in same if i.issued == cit.date]
        if len(exact) == 1:
            return exact[0]
        by_year = [i for i in same if _year_of(i) == cit.date.year]
        return by_year[0] if len(by_year) == 1 else None

    # ------------------------------------------------------------------ subjects vs registry titles
    def _candidates(self, subject_tokens: list[str], keep: int = 25) -> list[str]:
        """Titles worth scoring: those sharing the most informative words with the subject.
        Scoring every title would cost O(registry) per citation; a registry of thousands stays fast."""
        if len(self.titles) <= keep:
            return list(self.titles)
        weight: dict[str, float] = {}
        count = len(self.titles)
        for tok in set(subject_tokens):
            iris = self.title_index.get(tok, ())
            idf = math.log((1 + count) / (1 + len(iris))) + 1
            for iri in iris:
                weight[iri] = weight.get(iri, 0.0) + idf
        return sorted(weight, key=lambda i: (-weight[i], i))[:keep]

    def _score_uncached(self, st: tuple, resolved: str) -> tuple[Optional[str], float, Optional[float]]:
        """(best-matching title's instrument, its score, the cited instrument's own score)."""
        candidates = set(self._candidates(list(st))) | ({resolved} if resolved in self.titles else set())
        scored = [(difflib.SequenceMatcher(None, st, self.titles[iri]).ratio(), iri) for iri in sorted(candidates)]
        best_score, best = max(scored) if scored else (0.0, None)
        own = round(difflib.SequenceMatcher(None, st, self.titles[resolved]).ratio(),
                    3) if resolved in self.titles else None
        return best, round(best_score, 3), own

    def _compare_subjects(self, found: list[Found], flat: FlatText) -> None:
        by_start = sorted(found, key=lambda o: o.start)
        starts = [o.start for o in by_start]
        for f in found:
            c = f.citation
            if not c.subject or not c.resolved:
                continue
            st = tokens(c.subject)
            if len(st) < 4:
                continue
            c.subject_best, c.subject_best_score, c.subject_own_score = self._score(tuple(st), c.resolved)
            reach = max(0, f.start - _CLAUSE_REACH)
            clause_start = max(reach, flat.text.rfind(";", reach, f.start) + 1)
            near = by_start[bisect.bisect_left(starts, clause_start): bisect.bisect_left(starts, f.extent_end)]
            c.subject_best_nearby = any(o.citation.resolved == c.subject_best and o is not f for o in near)


_CLAUSE_REACH = 2000  # characters: a clause's start is looked for no further back (bounds the cost)


def _year_of(inst: Instrument) -> Optional[int]:
    return inst.issued.year if inst.issued else inst.year


_TERM = re.compile(r"QH(\d+)$")


def _same_issuer(written: str, registered: str) -> bool:
    """A malformed symbol names a registered one only if it does not name another issuing body: the codes it
    shows ("TT", "BYT") must not contradict the registered ones ("TT", "BTC"); a code cut short ("UBTVQH" for
    "UBTVQH11") or missing ("145/NĐ-CP" for "145/2020/NĐ-CP") does not contradict."""
    shown = [c.upper().replace("Đ", "D") for c in code_segments(written)]  # "ND" for "NĐ" is a malformed NĐ
    known = [c.upper().replace("Đ", "D") for c in code_segments(registered)]
    return all(any(k.startswith(c) or c.startswith(k) for k in known) for c in shown)


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
