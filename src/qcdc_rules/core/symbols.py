"""Instrument symbols ("số, ký hiệu"): "59/2023/NĐ-CP", "15-KH/TU", "123/BNV-CQĐP".

A symbol is a number followed by segments split by "/" or "-": the year (for normative instruments),
the type code ("NĐ", "KH", "CT"), the issuing body's code ("CP", "UBND", "TW").
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple, Optional

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
    return _SPACE.sub("", symbol).upper().replace("Ð", "Đ")


# pure functions of a short string, called for every number of every plan: kept for the symbols seen last
@functools.lru_cache(maxsize=4096)
def parse_symbol(raw: str) -> ParsedSymbol:
    written = raw.replace(" ", "").replace("Ð", "Đ")
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
