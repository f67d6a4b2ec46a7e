"""Instrument symbols ("số, ký hiệu"): "59/2023/NĐ-CP", "15-KH/TU", "123/BNV-CQĐP".

A symbol is a number followed by segments split by "/" or "-": the year (for normative instruments),
the type code ("NĐ", "KH", "CT"), the issuing body's code ("CP", "UBND", "TW").
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple, Optional

from .i18n import NC_, N_, tr

_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")
_SEPARATOR = re.compile(r"[/\-]")
_YEAR = re.compile(r"(?:19|20)\d\d(?=\D|$)")
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d\d")
_LETTERS = re.compile(r"[A-Za-zĐđ]+")
_TRAILING_DIGITS = re.compile(r"\d+$")
_YEAR_SEGMENT = re.compile(r"/(?:19|20)\d\d/")


class ParsedSymbol(NamedTuple):
    written: str  # as written, spaces removed, look-alike letters folded
    number: Optional[int]
    year: Optional[int]
    type_code: Optional[str]
    issuer_code: Optional[str]


def symbol_key(symbol: str) -> str:
    """The form two symbols are compared in: no white space, upper case, Ð -> Đ."""
    return fold_lookalikes(_SPACE.sub("", symbol)).upper().replace("Ð", "Đ")


# pure functions of a short string, called for every number of every plan: kept for the symbols seen last
@functools.lru_cache(maxsize=4096)
def parse_symbol(raw: str) -> ParsedSymbol:
    written = fold_lookalikes(raw.replace(" ", "")).replace("Ð", "Đ")
    m = _NUMBER.match(written)
    number = int(m.group(0)) if m else None
    segments = _SEPARATOR.split(written)[1:]
    year = None
    type_code = None
    for seg in segments:
        ym = _YEAR.match(seg)
        if ym and year is None:
            year = int(ym.group(0))
            seg = seg[4:]
        if seg and type_code is None:
            lm = _LETTERS.match(seg)
            if lm:
                type_code = lm.group(0)
    issuer_code = None
    if segments:
        last = _TRAILING_DIGITS.sub("", segments[-1])
        issuer_code = last or None
    return ParsedSymbol(written, number, year, type_code, issuer_code)


def code_segments(symbol: str) -> list[str]:
    """Every letter segment of a symbol, digits dropped: "123/BNV-CQĐP" -> ["BNV", "CQĐP"].
    The issuing body's code is one of them (last for "KH-UBND", first for a công văn "BNV-CQĐP")."""
    return list(_code_segments(symbol))


@functools.lru_cache(maxsize=4096)
def _code_segments(symbol: str) -> tuple[str, ...]:
    out = []
    for seg in _SEPARATOR.split(symbol)[1:]:
        seg = _TRAILING_DIGITS.sub("", _YEAR_PREFIX.sub("", seg))
        if seg and _LETTERS.match(seg):
            out.append(seg)
    return tuple(out)


def symbol_has_year(symbol: str) -> bool:
    return _YEAR_SEGMENT.search(symbol) is not None


# ---------------------------------------------------------------------------------------------- look-alikes
# Cyrillic and Greek capitals and small letters drawn like Latin ones: "66/NQ-СР" typed with a Russian
# keyboard layout, or pasted from a converter, reads "66/NQ-CP" but is not found by a search for it.
_CYRILLIC = dict(zip("АВСЕНКМОРТХУЅІЈасеорхуіјѕ", "ABCEHKMOPTXYSIJaceopxyijs"))
_GREEK = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο", "ABEZHIKMNOPTYXo"))
LOOKALIKES = "".join(_CYRILLIC) + "".join(_GREEK)  # for a regex character class
_FOLD_TABLE = str.maketrans({**_CYRILLIC, **_GREEK})
_SCRIPT = {**{c: "Cyrillic" for c in _CYRILLIC}, **{c: "Greek" for c in _GREEK}}
_SCRIPT_NAMES = {"Cyrillic": NC_("script", "Cyrillic"), "Greek": NC_("script", "Greek")}


def fold_lookalikes(text: str) -> str:
    """The text with Cyrillic and Greek letters that look like Latin ones written in Latin."""
    return text.translate(_FOLD_TABLE)


class Foreign(NamedTuple):
    """The letters of a symbol that are not Latin (nor Vietnamese) but look like Latin ones."""

    scripts: tuple[str, ...]  # "Cyrillic", "Greek"
    letters: tuple[str, ...]  # in order of first appearance, each once

    def said(self, lang: str) -> str:
        names = [tr(lang, _SCRIPT_NAMES[s]) for s in self.scripts]
        joined = names[0] if len(names) == 1 else tr(lang, "{first} and {second}", first=names[0], second=names[1])
        return tr(lang, "has {scripts} letters ({letters}) that look like Latin ones", scripts=joined,
                  letters=", ".join(self.letters))

    def vi(self) -> str:
        return self.said("vi")

    def en(self) -> str:
        return self.said("en")


def foreign_letters(raw: str) -> Optional[Foreign]:
    letters = tuple(dict.fromkeys(c for c in raw if c in _SCRIPT))
    if not letters:
        return None
    return Foreign(tuple(dict.fromkeys(_SCRIPT[c] for c in letters)), letters)


# ---------------------------------------------------------------------------------------------- legislatures
# The National Assembly's terms (khóa), each from its first session: a law is N/YYYY/QHkk, an ordinance
# N/YYYY/PL-UBTVQHkk and a Standing Committee resolution N/YYYY/UBTVQHkk, kk the term it was passed in.
_TERMS = ((10, dt.date(1997, 9, 20)), (11, dt.date(2002, 7, 19)), (12, dt.date(2007, 7, 19)),
          (13, dt.date(2011, 7, 21)), (14, dt.date(2016, 7, 20)), (15, dt.date(2021, 7, 20)))
_LAST_KNOWN = dt.date(2026, 3, 1)  # the 16th term's start is not recorded here: no term is named after this


def terms_of(year: Optional[int], day: Optional[dt.date] = None) -> tuple[int, ...]:
    """The legislature terms an instrument of that date (or, without one, that year) can carry; () when
    the table does not tell (before the 10th term, from the 16th on)."""
    spans = [(t, start, _TERMS[i + 1][1] if i + 1 < len(_TERMS) else _LAST_KNOWN)
             for i, (t, start) in enumerate(_TERMS)]
    if day is not None:
        return tuple(t for t, start, end in spans if start <= day < end)
    if year is None or year >= _LAST_KNOWN.year:
        return ()
    return tuple(t for t, start, end in spans if start.year <= year <= end.year and dt.date(year, 1, 1) < end)


# ---------------------------------------------------------------------------------------------- form defects
class Defect(NamedTuple):
    """What is wrong with a written symbol, in words, and the symbol put right when that is certain."""

    vi: str
    en: str
    fix: Optional[str]


_ND = re.compile(r"(?<=/)ND(?=-CP$)")
_OH = re.compile(r"(?<=/)OH(?=\d{1,2}$)")
_NO_SLASH = re.compile(r"^(\d+/(?:19|20)\d\d)(?=[A-ZĐ])")
# a year cut to three digits: "22/201/QĐ-UBND" (a digit lost when the number was typed or blanked out)
_SHORT_YEAR = re.compile(r"^(\d+/)((?:19|20)\d)/(?=[A-ZĐ])")
_QH_TAIL = re.compile(r"(?<=[/\-])(UBTVQH|QH)(\d*)$")
_NO_YEAR_DECREE = re.compile(r"^(\d+)/(NĐ-CP)$")
_HYPHENLESS = re.compile(r"^(\d+/(?:(?:19|20)\d\d/)?)([A-ZĐ][A-Za-zĐđ]*)$")


@functools.lru_cache(maxsize=4096)
def symbol_defect(written: str, type_code: Optional[str] = None, issuer_codes: frozenset = frozenset(),
                  year: Optional[int] = None, day: Optional[dt.date] = None,
                  foreign: Optional[Foreign] = None) -> Optional[Defect]:
    """The defects of a written symbol (look-alike letters already folded) that the general forms show
    (Nghị định 30/2020/NĐ-CP, Phụ lục I; the law on normative instruments): non-Latin letters, "ND" for
    "NĐ", "OH" for "QH", no "/" after the year, no "-" between the cited type's code and the issuer's, a
    decree without its year, a National Assembly code without its term or with one its year cannot have.
    `type_code` is the code of the type the text names ("TT" for "Thông tư"); `year`, `day` what the
    citation says of its date. None when none of these is seen (the symbol may still be unusual)."""
    said: list[tuple] = []  # (message, its parameters): rendered in both languages at the end
    fix = written
    certain = True
    if foreign is not None:
        said.append((foreign, {}))
    if _ND.search(fix):
        said.append((N_("has 'ND' for 'NĐ'"), {}))
        fix = _ND.sub("NĐ", fix)
    if _OH.search(fix):
        said.append((N_("has 'OH' for 'QH'"), {}))
        fix = _OH.sub("QH", fix)
    m = _NO_SLASH.match(fix)
    if m:
        said.append((N_("lacks the '/' after the year"), {}))
        fix = m.group(1) + "/" + fix[m.end():]
    m = _SHORT_YEAR.match(fix)
    if m:
        said.append((N_("the year '{year}' lacks a digit"), {"year": m.group(2)}))
        issued = day.year if day else None
        if issued is not None and str(issued).startswith(m.group(2)):
            fix = f"{m.group(1)}{issued}/" + fix[m.end():]
        else:
            certain = False
    m = _HYPHENLESS.match(fix)
    if m and type_code and type_code != "QH" and m.group(2).startswith(type_code):
        rest = m.group(2)[len(type_code):]
        if rest not in issuer_codes and type_code[-1] + rest in issuer_codes:
            rest = type_code[-1] + rest  # "CTTg": "CT" and "TTg" written with their shared "T" once
            certain = False
        # an issuer's code: a known one, or capitals ("BYT", "BKHĐT"); not "LT" (liên tịch: TTLT-BTC-BNV)
        if (rest in issuer_codes or (len(rest) >= 2 and rest.isupper())) and not rest.startswith(("LT", "QH")):
            said.append((N_("lacks the '-' between the type code '{kind}' and the issuer's code '{issuer}'"),
                         {"kind": type_code, "issuer": rest}))
            fix = m.group(1) + type_code + "-" + rest
            certain = certain and rest in issuer_codes
    m = _NO_YEAR_DECREE.match(fix)
    issued = day.year if day else year
    if m and (issued is None or issued >= 1998):  # "43/CP" (1993), "769/TTg" (1997): the form of their time
        said.append((N_("lacks the year of issue"), {}))
        if issued is not None:
            fix = f"{m.group(1)}/{issued}/{m.group(2)}"
        else:
            certain = False
    m = _QH_TAIL.search(fix)
    year_at = _YEAR_SEGMENT.search(fix)
    if m and year_at:
        code, term = m.group(1), m.group(2)
        sym_year = int(year_at.group(0)[1:5])
        possible = terms_of(sym_year, day if day and day.year == sym_year else None)
        if term == "" or (possible and int(term) not in possible) or (not possible and not 10 <= int(term) <= 16):
            if term == "":
                said.append((N_("the code '{code}' lacks the National Assembly's term"), {"code": code}))
            else:
                said.append((N_("'{code}{term}': the National Assembly had no term {term} in {year}"),
                             {"code": code, "term": term, "year": sym_year}))
            if len(possible) == 1 and (term == "" or str(possible[0]) in term):  # "QH", "QH112" (a doubled 1)
                fix = fix[:m.start()] + f"{code}{possible[0]}"
            else:
                # a term its year cannot have: the term may be the slip ("22/2008/QH13") or the year may
                # ("97/2025/QH13" for 97/2015/QH13): which one, only the registry's match by name can tell
                certain = False
    if not said:
        return None
    vi, en = ("; ".join(m.said(lang) if isinstance(m, Foreign) else tr(lang, m, **p) for m, p in said)
              for lang in ("vi", "en"))
    return Defect(vi, en, fix if certain and (fix != written or foreign) else None)
