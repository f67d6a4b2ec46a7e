"""Instrument symbols ("số, ký hiệu"): "59/2023/NĐ-CP", "15-KH/TU", "123/BNV-CQĐP".

A symbol is a number followed by segments split by "/" or "-": the year (for normative instruments),
the type code ("NĐ", "KH", "CT"), the issuing body's code ("CP", "UBND", "TW").
"""
from __future__ import annotations

import re
from typing import NamedTuple, Optional


class ParsedSymbol(NamedTuple):
    written: str  # as written, spaces removed, look-alike letters folded
    number: Optional[int]
    year: Optional[int]
    type_code: Optional[str]
    issuer_code: Optional[str]


def symbol_key(symbol: str) -> str:
    """The form two symbols are compared in: no white space, upper case, Ð -> Đ."""
    return re.sub(r"\s+", "", symbol).upper().replace("Ð", "Đ")


def parse_symbol(raw: str) -> ParsedSymbol:
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
    return ParsedSymbol(written, number, year, type_code, issuer_code)


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


def symbol_has_year(symbol: str) -> bool:
    return re.search(r"/(19|20)\d\d/", symbol) is not None
