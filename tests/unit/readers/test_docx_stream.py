"""The .docx reader parses the main part as a stream: a small file whose XML inflates far past what a plan
needs is refused at the character limit, without parsing (or holding) the rest; one block with a flood of
elements is refused too. Files are written here by hand, so each case says exactly what is in the XML."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from qcdc_rules.core.errors import InputError
from qcdc_rules.readers.docx import Limits, read_docx

HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
TAIL = "</w:body></w:document>"


def write_docx(path: Path, body_chunks) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w") as f:
            f.write(HEAD.encode())
            for chunk in body_chunks:
                f.write(chunk.encode())
            f.write(TAIL.encode())
    return path


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_paragraphs_are_read_in_order_with_the_styles_and_numbering_absent(tmp_path):
    doc = write_docx(tmp_path / "a.docx", [para("KẾ HOẠCH"), para("Thực hiện dân chủ ở cơ sở năm 2026")])
    raw = read_docx(doc)
    assert raw.lines == ["KẾ HOẠCH", "Thực hiện dân chủ ở cơ sở năm 2026"]
    assert [loc.paragraph for loc in raw.locations] == [1, 2]


def test_text_past_the_character_limit_is_refused_before_the_rest_is_parsed(tmp_path):
    # 1,000 paragraphs of 50 characters then a part that is not even XML: the reader stops at the limit
    # (2,000 characters) long before the broken tail, so the error is "too-large", not "corrupt"
    chunks = [para("x" * 50) for _ in range(1000)] + ["<w:p><<<not xml"]
    doc = write_docx(tmp_path / "big.docx", chunks)
    with pytest.raises(InputError) as e:
        read_docx(doc, Limits(max_chars=2000))
    assert e.value.code == "too-large" and "big.docx" in e.value.message


def test_one_block_flooded_with_elements_is_refused(tmp_path):
    flood = "<w:p>" + "<w:r><w:rPr><w:b/></w:rPr></w:r>" * 5000 + "</w:p>"
    doc = write_docx(tmp_path / "flood.docx", [para("KẾ HOẠCH"), flood])
    with pytest.raises(InputError) as e:
        read_docx(doc, Limits(max_block_elements=10_000))
    assert e.value.code == "too-large"
    assert read_docx(doc, Limits(max_block_elements=20_000)).lines[0] == "KẾ HOẠCH"


def test_a_main_part_that_is_not_xml_is_corrupt(tmp_path):
    doc = write_docx(tmp_path / "broken.docx", [para("a"), "<w:p><w:r>"])
    with pytest.raises(InputError) as e:
        read_docx(doc)
    assert e.value.code == "corrupt" and "broken.docx" in e.value.message


def test_entities_are_not_expanded(tmp_path):
    path = tmp_path / "xxe.docx"
    secret = tmp_path / "secret.txt"
    secret.write_text("BÍ MẬT", "utf-8")
    xml = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://' + str(secret) + '">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>a&x;b</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", xml)
    try:
        lines = read_docx(path).lines
    except InputError as e:
        assert e.code == "corrupt"
        return
    assert "BÍ MẬT" not in " ".join(lines)
