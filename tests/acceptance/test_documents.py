""".docx and .pdf plans, legacy encodings, hostile files, annotated copies."""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docx_builder import plan_to_docx
from qcdc_rules.cli import main
from qcdc_rules.pipeline import Options, default_engine
from qcdc_rules.readers import Location
from qcdc_rules.readers import read_file as ingest_file

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLANS = ROOT / "fixtures" / "plans"
DOCS = ROOT / "fixtures" / "documents"
CORPUS = ROOT.parent / "shared" / "corpus"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def codes(path) -> list[tuple[str, str]]:
    report = default_engine().check_file(path, Options())
    assert report.error is None, report.error
    return sorted((f.rule, f.instrument or "") for f in report.findings)


def make_pdf(text: str, out: Path) -> Path:
    fpdf = pytest.importorskip("fpdf")
    if not Path(FONT).exists():
        pytest.skip("DejaVu font not installed")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    out.write_bytes(bytes(pdf.output()))
    return out


FIXTURES = sorted(p for p in PLANS.glob("*.txt") if "KẾ HOẠCH" in p.read_text("utf-8"))


@pytest.mark.parametrize("plan", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_same_findings_as_txt_docx_and_pdf(plan, tmp_path):
    text = plan.read_text("utf-8")
    want = codes(plan)
    assert codes(plan_to_docx(text, tmp_path / "plan.docx")) == want
    assert codes(make_pdf(text, tmp_path / "plan.pdf")) == want


def test_committed_pdf_matches_its_text_and_points_at_pages():
    assert codes(DOCS / "mau-2026.pdf") == codes(PLANS / "mau-2026.txt")
    report = default_engine().check_file(DOCS / "mau-2026.pdf", Options())
    f = next(f for f in report.findings if f.instrument == "34/2007/PL-UBTVQH11")
    assert (f.page, f.line, f.column) == (1, 9, 8)


@pytest.mark.skipif(not (CORPUS / "004_9a1c2343f499791c.txt").exists(), reason="../shared/corpus not present")
@pytest.mark.parametrize("name", ["000_249c7c4bf3afb9b7.txt", "002_b1e518276e714cd4.txt", "004_9a1c2343f499791c.txt"])
def test_corpus_plan_as_docx_and_pdf(name, tmp_path):
    src = CORPUS / name
    text = src.read_text("utf-8")
    want = codes(src)
    if "KẾ HOẠCH" in text.split("\n", 20)[-1] or "KẾ HOẠCH" in text:
        assert codes(plan_to_docx(text, tmp_path / "c.docx")) == want
    assert codes(make_pdf(text, tmp_path / "c.pdf")) == want


def test_docx_numbering_header_table_and_locations(tmp_path):
    p = plan_to_docx((PLANS / "mau-2026.txt").read_text("utf-8"), tmp_path / "p.docx")
    doc = ingest_file(p)
    lines = doc.text.split("\n")
    assert "I. MỤC ĐÍCH, YÊU CẦU" in lines and "III. TỔ CHỨC THỰC HIỆN" in lines
    assert "2. Tổ chức hội nghị để Nhân dân bàn và quyết định các công việc của cộng đồng." in lines
    assert doc.locations[2] == Location(paragraph=3, table=1, row=1, cell=1)  # "Số: 15/KH-UBND"
    report = default_engine().check_file(p, Options())
    assert report.plan.date.isoformat() == "2026-01-12" and report.plan.date_source == "header"
    f = next(f for f in report.findings if f.instrument == "04/2015/NĐ-CP")
    assert f.paragraph == 10 and f.table is None


def test_tracked_changes_are_read_as_accepted_and_text_boxes_once(tmp_path):
    p = plan_to_docx((PLANS / "sach-2026.txt").read_text("utf-8"), tmp_path / "t.docx", tracked=True,
                     textbox="Căn cứ Chỉ thị số 99-CT/TW ngày 15/5/2016 của Bộ Chính trị.")
    doc = ingest_file(p)
    assert "99/2001/PL-UBTVQH10" not in doc.text and "61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ." in doc.text
    assert doc.text.count("99-CT/TW") == 1  # the mc:Fallback copy is not read twice
    report = default_engine().check_file(p, Options(preview=True))
    assert any("tracked changes" in n for n in report.notes)
    unknown = [f for f in report.findings if f.rule == "QCDC105"]
    assert len(unknown) == 1 and unknown[0].text.startswith("Chỉ thị số 99-CT/TW")


def test_tcvn3_docx_is_converted_and_checked(tmp_path):
    text = (PLANS / "ngay-va-ky-hieu-sai.txt").read_text("utf-8")
    p = plan_to_docx(text, tmp_path / "tcvn3.docx", tcvn3=True)
    raw = zipfile.ZipFile(p).read("word/document.xml").decode("utf-8")
    assert ".VnTime" in raw and "Ph¸p lÖnh" in raw  # stored as TCVN3, not as Unicode
    assert codes(p) == codes(PLANS / "ngay-va-ky-hieu-sai.txt")
    assert any("TCVN3" in n for n in default_engine().check_file(p, Options()).notes)


def test_legacy_text_files(tmp_path):
    from qcdc_rules.readers.legacy import TCVN3_TABLE

    text = (PLANS / "mau-2026.txt").read_text("utf-8")
    to_tcvn3 = {v: k for k, v in TCVN3_TABLE.items()}
    tcvn3_bytes = bytes(to_tcvn3.get(c, ord(c)) if ord(c) < 256 or c in to_tcvn3 else ord("?") for c in text.lower())
    (tmp_path / "tcvn3.txt").write_bytes(tcvn3_bytes)
    doc = ingest_file(tmp_path / "tcvn3.txt")
    assert doc.encoding == "tcvn3" and "căn cứ pháp lệnh số 34/2007/pl-ubtvqh11" in doc.text

    (tmp_path / "cp1258.txt").write_bytes(_to_cp1258(text))
    r = default_engine().check_file(tmp_path / "cp1258.txt", Options())
    assert r.error is None and any("WINDOWS-1258" in n for n in r.notes)
    assert sorted((f.rule, f.instrument or "") for f in r.findings) == codes(PLANS / "mau-2026.txt")
    vni = "Keá hoaïch thöïc hieän daân chuû ôû cô sôû naêm 2024 Nghò ñònh"
    (tmp_path / "vni.txt").write_bytes(vni.encode("latin-1"))
    r = default_engine().check_file(tmp_path / "vni.txt", Options())
    assert r.error is not None and r.error.code == "encoding"


def _to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese keyboards write it: Â Ê Ô Ơ Ư Ă Đ precomposed, tones as combining marks."""
    import unicodedata

    out = bytearray()
    for ch in text.replace("Ð", "Đ"):  # the eth look-alike has no Windows-1258 byte
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        shape = [m for m in marks if m in "\u0302\u0306\u031b"]
        tones = [m for m in marks if m not in shape]
        out += unicodedata.normalize("NFC", base + "".join(shape)).encode("cp1258")
        out += "".join(tones).encode("cp1258")
    return bytes(out)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("name,make,code", [
    ("bomb.docx", lambda p: _zip(p, {"word/document.xml": b"<w/>", "word/media/big.bin": b"\0" * (50 * 1024 * 1024)}),
     "zip-bomb"),
    ("many.docx", lambda p: _zip(p, {"word/document.xml": b"<w/>", **{f"x/{i}": b"" for i in range(2100)}}),
     "zip-bomb"),
    ("old.doc", lambda p: _write(p, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "doc-format"),
    ("locked.docx", lambda p: _write(p, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "encrypted"),
    ("broken.docx", lambda p: _write(p, b"PK\x03\x04 not really a zip"), "corrupt"),
    # a scanned PDF is read by OCR when Tesseract is installed (tests/acceptance/test_ocr.py); a broken image is not
    ("broken.png", lambda p: _write(p, b"\x89PNG\r\n\x1a\n" + b"\0" * 40 + b"not an image"), "corrupt"),
    ("fake.pdf", lambda p: _write(p, b"hello"), "corrupt"),
])
def test_hostile_files_end_with_one_clear_error_and_others_are_checked(tmp_path, name, make, code):
    bad = make(tmp_path / name)
    before = bad.read_bytes()
    r = run("--format", "json", bad, PLANS / "mau-2026.txt")
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    assert data["files"][0]["error"]["code"] == code and data["files"][0]["findings"] == []
    assert len(data["files"][1]["findings"]) == 3
    assert r.stderr.count("\n") == 1 and name in r.stderr and "Traceback" not in r.output
    assert bad.read_bytes() == before


def test_docx_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("BÍ MẬT 999/2099/NĐ-CP", "utf-8")
    good = plan_to_docx((PLANS / "sach-2026.txt").read_text("utf-8"), tmp_path / "ok.docx")
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", f'?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'.encode(), 1)
                data = re.sub(rb"(<w:t[^>]*>)", rb"\1&x;", data, count=1)
            dst.writestr(item, data)
    r = default_engine().check_file(evil, Options())
    assert "999/2099" not in json.dumps(r.model_dump(mode="json"), ensure_ascii=False)


def test_annotate_writes_comments_and_keeps_the_original(tmp_path):
    import docx

    src = plan_to_docx((PLANS / "mau-2026.txt").read_text("utf-8"), tmp_path / "plan.docx")
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    out = tmp_path / "plan.reviewed.docx"
    r = run("--annotate", out, src)
    assert r.exit_code == 1 and "đã ghi 3 nhận xét" in r.stderr
    assert hashlib.sha256(src.read_bytes()).hexdigest() == digest
    comments = [c.text for c in docx.Document(str(out)).comments]
    assert len(comments) == 3
    assert any(c.startswith("QCDC101 (lỗi): Pháp lệnh số 34/2007/PL-UBTVQH11") and
               "Gợi ý sửa (cần người kiểm tra): Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15" in c for c in comments)
    assert not any(w in c for c in comments for w in ("superseded-instrument", "unsafe", "[error]"))
    assert run("--annotate", out, PLANS / "mau-2026.txt").exit_code == 2
    assert run("--annotate", src, src).exit_code == 2  # never over the original
    assert hashlib.sha256(src.read_bytes()).hexdigest() == digest


@pytest.mark.slow  # over 10 s on 2 shared cores (--durations)
def test_damaged_pdfs_give_one_short_error_line_each(tmp_path):
    import random

    src = (DOCS / "mau-2026.pdf").read_bytes()
    rng = random.Random(3)
    bad = []
    for i in range(15):
        b = bytearray(src)
        for _ in range(rng.randint(1, 40)):
            j = rng.randrange(200, len(b))
            b[j] = rng.randrange(256)
        bad.append(_write(tmp_path / f"fz{i}.pdf", bytes(b)))
    r = run("--format", "json", "--exit-zero", *bad, PLANS / "mau-2026.txt")
    data = json.loads(r.stdout)
    errors = [f for f in data["files"] if f["error"]]
    assert len(r.stderr.splitlines()) == len(errors) and "Traceback" not in r.output
    assert all(len(line) < 300 and "\\x" not in line for line in r.stderr.splitlines())
    assert len(data["files"][-1]["findings"]) == 3  # the good plan is still checked


@pytest.mark.skipif(not (CORPUS / "004_9a1c2343f499791c.txt").exists(), reason="../shared/corpus not present")
@pytest.mark.parametrize("encoding", ["nfd", "cp1258", "utf16", "bom", "crlf"])
def test_corpus_plans_give_the_same_findings_in_every_encoding(tmp_path, encoding):
    import unicodedata

    for src in sorted(CORPUS.glob("*.txt")):
        text = src.read_text("utf-8")
        data = {"nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), "cp1258": _to_cp1258,
                "utf16": lambda t: t.encode("utf-16"), "bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
                "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8")}[encoding](text)
        p = _write(tmp_path / f"{src.stem}.txt", data)
        want = sorted((f.rule, f.instrument or "", f.line)
                      for f in default_engine().check_file(src, Options()).findings)
        got = sorted((f.rule, f.instrument or "", f.line) for f in default_engine().check_file(p, Options()).findings)
        assert got == want, (src.name, encoding)
