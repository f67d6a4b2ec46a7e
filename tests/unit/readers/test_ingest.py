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
