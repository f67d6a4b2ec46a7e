"""Symbols as real texts write them (QCDC104): how far a symbol reaches, which forms are right, and for the
wrong ones the words that say why and the symbol put right. Fixtures are made up for these tests."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qcdc_rules.core.symbols import (fold_lookalikes, foreign_letters, parse_symbol, symbol_defect, symbol_key,
                                     terms_of)
from qcdc_rules.extract.citations import CitationFinder
from qcdc_rules.extract.flat import flatten
from qcdc_rules.extract.resolve import Resolver
from qcdc_rules.pipeline import load_registry
from qcdc_rules.readers import ingest_text
from qcdc_rules.readers.base import from_raw
from qcdc_rules.readers.markdown import blank_markup
from qcdc_rules.readers.base import RawText, Location

RULE_DIR = Path(__file__).resolve().parents[2] / "rules" / "QCDC104"


@pytest.fixture(scope="module")
def extractor():
    registry = load_registry()
    return CitationFinder(registry), Resolver(registry)


def _cites(extractor, doc):
    finder, resolver = extractor
    flat = flatten(doc.text)
    return resolver.resolve_all(finder.find(doc, flat), flat)


def cites(extractor, text):
    return _cites(extractor, ingest_text(text))


def cites_md(extractor, text):
    lines = text.split("\n")
    raw = RawText(lines=lines, locations=[Location() for _ in lines], view=[blank_markup(x) for x in lines])
    return _cites(extractor, from_raw("<md>", raw, "text"))


# ------------------------------------------------------------------ how far a symbol reaches
@pytest.mark.parametrize("text,symbol", [
    ("Công văn số 812/CCTKV.IV-QLDN ngày 03/4/2025 của Chi cục Thuế", "812/CCTKV.IV-QLDN"),
    ("công văn số 95/CTKV.II-KTNB.HN ngày 5/5/2025", "95/CTKV.II-KTNB.HN"),
    ("công văn số 1536/TKQG - XHMT ngày 18/8/2025", "1536/TKQG-XHMT"),
    ("công văn số 1536/TKQG -XHMT ngày 18/8/2025", "1536/TKQG-XHMT"),
    ("theo Nghị định số 12/2025/NĐ-CP. Sau đó", "12/2025/NĐ-CP"),  # a full stop ends it
    ("Nghị quyết số 93/NQ-СР ngày 05/7/2025", "93/NQ-CP"),  # Cyrillic С, Р read and folded
])
def test_symbol_extent(extractor, text, symbol):
    assert [c.symbol for c in cites(extractor, text)] == [symbol]


def test_spaced_hyphen_not_taken_after_a_full_symbol(extractor):
    # "- CCB …" after a symbol with its own hyphen is the next words, not part of the symbol
    got = cites(extractor, "Kế hoạch số 12/KH-UBND - CCB xã triển khai")
    assert [c.symbol for c in got] == ["12/KH-UBND"]


def test_markdown_emphasis_inside_a_symbol(extractor):
    got = cites_md(extractor, "Căn cứ Luật số 71/2023/QH**1**5 về thử nghiệm;\nNghị định **số 18/2024/NĐ**-CP ngày "
                              "1/2/2024")
    assert [c.symbol for c in got] == ["71/2023/QH15", "18/2024/NĐ-CP"]


def test_real_space_inside_a_symbol_is_not_read_through(extractor):
    # a space the author typed is not markup: the symbol stops there, as written
    got = cites_md(extractor, "Thông tư số 37/2025/TTBNN MT ngày 02/7/2025")
    assert [c.symbol for c in got] == ["37/2025/TTBNN"]


@pytest.mark.parametrize("text", [
    "Trả lời công văn số 77-2025/ABC-XNK ngày 02/9/2025 của Công ty TNHH Minh Phát về việc thủ tục",
    "Thông báo số 14/TB của Công ty cổ phần Hòa Bình về lịch làm việc",
    "công văn số 03-11/2025/CV-KD của Chi nhánh Công ty TNHH An Phú về việc hoàn thuế",
])
def test_a_company_letter_is_not_an_instrument(extractor, text):
    assert cites(extractor, text) == []


# ------------------------------------------------------------------ look-alike letters
def test_lookalikes_fold_for_resolution():
    assert fold_lookalikes("NQ-СР") == "NQ-CP"
    assert symbol_key("66/NQ-СР") == symbol_key("66/NQ-CP")
    assert parse_symbol("23/2024/NĐ-СР").written == "23/2024/NĐ-CP"
    f = foreign_letters("93/NQ-СР")
    assert f.letters == ("С", "Р") and f.scripts == ("Cyrillic",)
    assert f.vi() == "có chữ Kirin (С, Р) trông giống chữ Latinh"
    assert foreign_letters("93/NQ-CP") is None
    assert foreign_letters("Đ") is None  # Vietnamese letters are not foreign


# ------------------------------------------------------------------ the National Assembly's terms
@pytest.mark.parametrize("year,day,terms", [
    (2020, None, (14,)), (2024, None, (15,)), (2021, None, (14, 15)), (2008, None, (12,)),
    (2021, dt.date(2021, 3, 1), (14,)), (2021, dt.date(2021, 11, 1), (15,)), (1990, None, ()), (2027, None, ()),
])
def test_terms(year, day, terms):
    assert terms_of(year, day) == terms


# ------------------------------------------------------------------ defects: words and fix
CODES = frozenset({"CP", "TTg", "BTC", "QH", "UBTVQH"})


@pytest.mark.parametrize("written,type_code,year,day,vi,fix", [
    ("12/2024/TTBTC", "TT", 2024, None, "thiếu dấu “-” giữa mã loại văn bản “TT” và mã cơ quan “BTC”",
     "12/2024/TT-BTC"),
    ("88/2025/NĐCP", "NĐ", 2025, None, "thiếu dấu “-” giữa mã loại văn bản “NĐ” và mã cơ quan “CP”", "88/2025/NĐ-CP"),
    # an issuer code the registry does not know: said, not guessed (the text may have cut it)
    ("15/2025/TTBYT", "TT", 2025, None, "thiếu dấu “-” giữa mã loại văn bản “TT” và mã cơ quan “BYT”", None),
    ("27/2025TT-BCT", "TT", 2025, None, "thiếu dấu “/” sau năm ban hành", "27/2025/TT-BCT"),
    ("341/NĐ-CP", "NĐ", None, dt.date(2025, 6, 5), "thiếu năm ban hành", "341/2025/NĐ-CP"),
    ("341/NĐ-CP", "NĐ", None, None, "thiếu năm ban hành", None),
    ("207/2024/ND-CP", "NĐ", 2024, None, "viết “ND” thay cho “NĐ”", "207/2024/NĐ-CP"),
    ("188/2025/QH", "NQ", 2025, None, "mã “QH” thiếu số khóa Quốc hội", "188/2025/QH15"),
    ("05/2020/UBTVQH", "PL", 2020, None, "mã “UBTVQH” thiếu số khóa Quốc hội", "05/2020/UBTVQH14"),
    ("09/2021/UBTVQH", "PL", 2021, None, "mã “UBTVQH” thiếu số khóa Quốc hội", None),  # 14th or 15th term
    ("31/2023/OH15", "QH", 2023, None, "viết “OH” thay cho “QH”", "31/2023/QH15"),
    ("56/2008/QH112", "QH", 2008, None, "“QH112”: Quốc hội không có khóa 112 vào năm 2008", "56/2008/QH12"),
])
def test_defects(written, type_code, year, day, vi, fix):
    d = symbol_defect(written, type_code, CODES, year, day)
    assert d is not None and d.vi == vi and d.fix == fix


@pytest.mark.parametrize("written,type_code,year,day", [
    ("76/2025/UBTVQH15", "NQ", 2025, None),
    ("08/2022/UBTVQH15", "PL", 2022, None),
    ("34/2007/PL-UBTVQH11", "PL", 2007, None),
    ("10/2022/QH15", "QH", 2022, None),
    ("31/CP", "NĐ", None, dt.date(1994, 5, 14)),  # before 1997 decrees had no year
    ("01/2020/TTLT-BTC-BNV", "TT", 2020, None),
    ("66/NQ-CP", "NQ", None, None),
    ("30-CT/TW", "CT", 1998, None),
])
def test_no_defect(written, type_code, year, day):
    assert symbol_defect(written, type_code, CODES, year, day) is None


def test_foreign_letters_defect_fix_is_the_latin_symbol():
    d = symbol_defect("93/NQ-CP", "NQ", CODES, None, None, foreign_letters("93/NQ-СР"))
    assert d.vi == "có chữ Kirin (С, Р) trông giống chữ Latinh"
    assert d.en == "has Cyrillic letters (С, Р) that look like Latin ones"
    assert d.fix == "93/NQ-CP"


# ------------------------------------------------------------------ the rule on whole plans
def test_rule_messages_and_fixes(check):
    report = check(str(RULE_DIR / "ky-hieu-sai.txt"), preview=True, lang="en")
    got = {f.line: (f.message, f.fix.replacement if f.fix else None) for f in report.findings if f.rule == "QCDC104"}
    assert got[12] == ("Number/symbol '12/2024/TTBTC' is not in canonical form: lacks the '-' between the type code "
                       "'TT' and the issuer's code 'BTC'; write 12/2024/TT-BTC.", "12/2024/TT-BTC")
    assert got[13][1] is None
    assert got[14][1] == "27/2025/TT-BCT"
    assert got[15][1] == "341/2025/NĐ-CP"
    assert got[16][1] == "207/2024/NĐ-CP"
    assert got[17][1] == "188/2025/QH15"
    assert got[18][1] == "05/2020/UBTVQH14"
    assert got[19][1] == "31/2023/QH15"
    assert got[20][1] == "56/2008/QH12"
    assert got[21] == ("Number/symbol '93/NQ-СР' is not in canonical form: has Cyrillic letters (С, Р) that look like "
                       "Latin ones; write 93/NQ-CP.", "93/NQ-CP")
    vi = check(str(RULE_DIR / "ky-hieu-sai.txt"), preview=True)
    msg = next(f.message for f in vi.findings if f.rule == "QCDC104" and f.line == 21)
    assert "có chữ Kirin (С, Р) trông giống chữ Latinh" in msg and msg.endswith("sửa thành 93/NQ-CP.")


def test_a_registry_symbol_in_capitals_in_a_capitals_title_passes(check):
    text = ("ỦY BAN NHÂN DÂN\nXÃ AN HÒA\n\nSố: 7/KH-UBND\nAn Hòa, ngày 02 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
            "TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02/01/2025 CỦA THỦ TƯỚNG CHÍNH PHỦ\n\n"
            "Thực hiện Quyết định số 06/QĐ-TTG ngày 02/01/2025 của Thủ tướng Chính phủ.\n")
    lines = [f.line for f in check(text, preview=True).findings if f.rule == "QCDC104"]
    assert lines == [10]  # the same symbol in an ordinary sentence is still wrong ("TTg")
