from __future__ import annotations

import codecs
import unicodedata

import pytest

from qcdc_rules.core.errors import InputError
from qcdc_rules.readers import ingest_text
from qcdc_rules.readers import read_file as ingest_file
from qcdc_rules.readers.text import decode


@pytest.mark.parametrize("data,encoding", [
    ("Kế hoạch".encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + "Kế hoạch".encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + "Kế hoạch".encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + "Kế hoạch".encode("utf-16-be"), "utf-16"),
])
def test_decodes_utf8_and_utf16_with_bom(data, encoding):
    text, enc = decode(data, "x.txt")
    assert text == "Kế hoạch" and enc == encoding


def test_legacy_bytes_are_a_clear_error_naming_the_file():
    with pytest.raises(InputError) as e:
        decode(b"K\x81 ho\x8fch", "plan.txt")  # bytes no Vietnamese encoding explains
    assert "plan.txt" in e.value.message and "UTF-8" in e.value.message and e.value.code == "encoding"


def test_binary_file_is_refused(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"abc\x00def")
    with pytest.raises(InputError, match="binary"):
        ingest_file(p)


@pytest.mark.parametrize("name,code", [("plan.rtf", "unsupported-type"), ("plan.odt", "unsupported-type"),
                                       ("plan.xls", "unsupported-type")])
def test_unsupported_types(tmp_path, name, code):
    p = tmp_path / name
    p.write_bytes(b"PK")
    with pytest.raises(InputError) as e:
        ingest_file(p)
    assert e.value.code == code and name in e.value.message


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("a" * 100)
    with pytest.raises(InputError, match="over the limit"):
        ingest_file(p, max_bytes=50)


def test_nfd_text_maps_back_to_original_columns():
    original = unicodedata.normalize("NFD", "Tiêu đề\nNghị định số 04/2015/NĐ-CP")
    doc = ingest_text(original)
    assert doc.text == "Tiêu đề\nNghị định số 04/2015/NĐ-CP"
    start = doc.text.index("04/2015")
    span = doc.span(start, start + len("04/2015/NĐ-CP"))
    line = original.split("\n")[1]
    assert span.line == 2
    assert line[span.column - 1:span.end_column] == unicodedata.normalize("NFD", "04/2015/NĐ-CP")


def test_folds_lookalike_letters_dashes_and_spaces():
    doc = ingest_text("48/2021/Q\u00d0\u2013UBND\u00a0ngày")
    assert doc.text == "48/2021/QĐ-UBND ngày"


def test_crlf_positions():
    doc = ingest_text("a\r\nbc\r\nNghị định")
    i = doc.text.index("Nghị")
    assert doc.span(i, i + 4).line == 3 and doc.span(i, i + 4).column == 1


# -- the normalized view and its map back to the original ------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from qcdc_rules.readers.base import _FOLD, normalize  # noqa: E402

_PIECES = st.sampled_from(
    ["a", "e", "o", "Đ", "\u00d0", " ", "\t", "\u00a0", "\u2013", "\u00ad", "\r", "\n", "\r\n", "4", "/",
     "\u0301", "\u0302", "\u0323", "\u0306", "ệ", "q", "\u200b"]
)


def _reference(original: str) -> str:
    """What the normalized text must be: line ends made LF, NFC, look-alikes folded."""
    text = unicodedata.normalize("NFC", original.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(_FOLD.get(c, c) for c in text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_normalized_text_and_its_map_agree_with_the_original(original):
    text, origin = normalize(original)
    assert text == _reference(original)
    assert len(origin) == len(text) + 1 and origin[len(text)] == len(original)
    offsets = [origin[i] for i in range(len(text) + 1)]
    assert offsets == sorted(offsets)  # the map never goes back
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isalnum():  # an unchanged letter points at itself in the original
            assert original[origin[i]] == ch


def test_a_long_nfc_text_with_folded_characters_is_kept_as_a_few_runs():
    line = "Căn cứ\u00a0Luật số 10/2022/QH15 \u2013 ngày 10/11/2022\n"
    text, origin = normalize(line * 1000)
    assert text == _reference(line) * 1000
    # one run per stretch between folded characters, not one entry per character
    assert len(origin.flat) <= 3 * 1000 + 1
