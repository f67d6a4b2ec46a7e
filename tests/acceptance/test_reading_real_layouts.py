"""Reading documents laid out as real ones arrive (issue 21): a legal database's record before the header,
headings and items wrapped over lines, the signature and "Nơi nhận" in table cells with an annex after
them; what kind of document it is (a plan only when it says so; a web page is not an administrative
document); the plan period; list numbering (QCDC203); the abolished district level only where a district
BODY has a role (QCDC206). Every document here is invented for these tests (fixtures/layouts/ and the
texts below), each checked as .txt, .md and .docx where the layout exists in that format."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_BREAK

from docx_builder import plan_to_docx
from qcdc_rules.cli import main
from qcdc_rules.pipeline import Options

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
LAYOUTS = ROOT / "fixtures" / "layouts"
FORMATS = ["txt", "md", "docx"]
NOT_A_PLAN = {"QCDC201", "QCDC203", "QCDC301", "QCDC302", "QCDC305"}


# -- helpers -----------------------------------------------------------------------------------------------

def _paragraph(container, text: str, p=None):
    """A paragraph; "\\v" in the text is a soft line break (Shift+Enter), as Word itself writes it."""
    p = p if p is not None else container.add_paragraph()
    pieces = text.split("\v")
    for i, piece in enumerate(pieces):
        run = p.add_run(piece)
        if i < len(pieces) - 1:
            run.add_break(WD_BREAK.LINE)
    return p


def build_docx(blocks, path: Path) -> Path:
    """blocks: a str is a paragraph; a list is a borderless table, a list of rows, each a list of cells,
    each cell a str whose "\\n" separates its paragraphs."""
    d = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            _paragraph(d, block)
            continue
        table = d.add_table(rows=len(block), cols=max(len(r) for r in block))
        for row, cells in zip(table.rows, block):
            for cell, text in zip(row.cells, cells):
                for i, para in enumerate(text.split("\n")):
                    _paragraph(cell, para, cell.paragraphs[0] if i == 0 else None)
    d.save(str(path))
    return path


_HEADING = re.compile(r"^(?:[IVX]+\.\s|KẾ HOẠCH$|QUYẾT ĐỊNH$|PHỤ LỤC$|Nơi nhận:$|[A-ZĐÀ-Ỹ ]{6,}$)")


def to_markdown(text: str) -> str:
    """The text as a converter exports it: each line its own paragraph, headings and capitals in bold."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        out.append(f"**{line}**" if _HEADING.match(line) else line)
    return "\n\n".join(out) + "\n"


def write(text: str, fmt: str, tmp_path: Path, stem: str = "van-ban") -> Path:
    path = tmp_path / f"{stem}.{fmt}"
    if fmt == "docx":
        return plan_to_docx(text, path)
    path.write_text(to_markdown(text) if fmt == "md" else text, "utf-8")
    return path


@pytest.fixture
def run(engine):
    """run(path, **options) -> FileReport; every rule (preview too): what is read, not what is on by default."""
    def _run(path: Path, **kw):
        report = engine.check_file(Path(path), Options(today=dt.date(2026, 11, 21), preview=True, **kw))
        assert report.error is None, report.error
        return report
    return _run


def rules(report) -> list[str]:
    return sorted(f.rule for f in report.findings)


def plan(section_two: str, section_three: str = "", *, date: str = "ngày 12 tháng 01 năm 2026",
         title: str = "Thực hiện dân chủ ở cơ sở năm 2026", basis: str = "") -> str:
    """A commune plan with nothing wrong in it but what the test puts into sections II and III."""
    basis = basis or ("Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, được sửa đổi, bổ sung bởi Luật số "
                      "47/2024/QH15 và Luật số 97/2025/QH15;\nCăn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 "
                      "của Chính phủ;")
    year = re.search(r"năm (\d{4})", date).group(1)
    return f"""ỦY BAN NHÂN DÂN
XÃ BÌNH AN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 91/KH-UBND
Bình An, {date}

KẾ HOẠCH
{title}

{basis}
I. MỤC ĐÍCH, YÊU CẦU
Phát huy quyền làm chủ của Nhân dân.
II. NỘI DUNG
{section_two.strip()}
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng Ủy ban nhân dân xã báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/{year}.
{section_three.strip()}

Nơi nhận:
- Ủy ban nhân dân tỉnh;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Thị Mai
"""


# -- a database's record, wrapped header, headings and items, closing block in cells, annex after it ----------

def _record_then_plan_docx(path: Path) -> Path:
    record = [["Số hiệu:", "15/KH-UBND"], ["Loại văn bản:", "Kế hoạch"], ["Nơi ban hành:", "Xã Tân An"],
              ["Người ký:", "Nguyễn Văn An"], ["Ngày ban hành:", "12/01/2026"], ["Ngày hiệu lực:", "Đã biết"],
              ["Tình trạng:", "Đã biết"]]
    header = [["ỦY BAN NHÂN DÂN\nXÃ TÂN AN\n-------",
               "CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"],
              ["Số: 15/KH-UBND", "Tân An, ngày 12 tháng 01 năm 2026"]]
    items = ["Công khai thông tin để Nhân dân biết.", "Tổ chức hội nghị thôn.",
             "Lấy ý kiến Nhân dân về dự thảo quy hoạch.",
             "Tiếp nhận phản ánh, kiến nghị của Nhân dân.", "Đối thoại với Nhân dân.", "Hòa giải ở cơ sở.",
             "Xây dựng, sửa đổi hương ước, quy ước.", "Giám sát của Ban Thanh tra nhân dân."]
    body = ["KẾ HOẠCH", "Thực hiện dân chủ ở cơ sở năm 2026",
            "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, được sửa đổi, bổ sung bởi Luật số 47/2024/QH15 "
            "và Luật số 97/2025/QH15;",
            "Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;",
            "I. MỤC", "ĐÍCH, YÊU CẦU",  # a PDF converted to Word: one paragraph per printed line
            "Phát huy quyền làm chủ của Nhân dân ở xã.",
            "II. NỘI DUNG", "THỰC HIỆN",
            *[f"{i}. {t}" for i, t in enumerate(items, 1)],
            "9.", "Giám sát của Ban Giám sát đầu tư của cộng đồng.",
            "10.", "Công khai tài chính các quỹ do Nhân dân đóng góp.",
            "11. Sơ kết, tổng kết việc thực hiện.",
            "III. Tổ chức thực hiện.",
            "1. Văn phòng Ủy ban nhân dân xã tổng hợp, báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2026.",
            "2. Các thôn báo cáo kết quả về Văn phòng Ủy ban nhân dân xã trước ngày 30/11/2026."]
    closing = [["Nơi nhận:\n- Ủy ban nhân dân tỉnh;\n- Các thôn;\n- Lưu: VT.",
                "TM. ỦY BAN\nNHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An"]]
    annex = ["PHỤ LỤC", "DANH MỤC NỘI DUNG CÔNG KHAI NĂM 2026",
             "(Kèm theo Kế hoạch số 15/KH-UBND ngày 12/01/2026 của Ủy ban nhân dân xã Tân An)",
             [["STT", "Nội dung", "Thời gian"], ["1", "Dự toán ngân sách xã", "Tháng 01/2026"],
              ["2", "Quyết toán ngân sách xã", "Tháng 6/2026"]]]
    return build_docx(["Trang chủ", "Văn bản pháp luật", "Tra cứu văn bản", record, header, *body,
                       closing, *annex], path)


@pytest.fixture(params=FORMATS)
def record_then_plan(request, tmp_path):
    if request.param == "docx":
        return _record_then_plan_docx(tmp_path / "csdl-ke-hoach-2026.docx")
    return LAYOUTS / f"csdl-ke-hoach-2026.{request.param}"


def test_header_behind_a_database_record_is_read_from_the_document(record_then_plan, run):
    r = run(record_then_plan)
    p = r.plan
    assert (p.document_type, p.number, p.date, p.date_source) == ("KẾ HOẠCH", "15/KH-UBND", dt.date(2026, 1, 12),
                                                                  "header")
    assert p.issuer == "ỦY BAN NHÂN DÂN XÃ TÂN AN"
    assert p.title == "Thực hiện dân chủ ở cơ sở năm 2026" and p.is_plan and p.year == 2026
    assert "QCDC204" not in rules(r)  # number, place and date, kind and title all found in the real header


def test_wrapped_and_ordinary_case_headings_and_wrapped_items(record_then_plan, run):
    """'I. MỤC' / 'ĐÍCH, YÊU CẦU', '**III. TỔ CHỨC' / 'THỰC HIỆN**', 'III. Tổ chức thực hiện.', '**9.' / '**Giám
    sát …': every section found (no QCDC201), items 9 and 10 kept (no QCDC203 '11 follows 8')."""
    r = run(record_then_plan)
    assert "QCDC201" not in rules(r) and "QCDC203" not in rules(r)


def test_signature_and_recipients_in_cells_before_an_annex(record_then_plan, run):
    r = run(record_then_plan)
    assert "QCDC204" not in rules(r) and "QCDC301" not in rules(r)
    assert r.findings == []  # and nothing else: the whole file is read right


def test_the_checks_are_live_on_that_layout(tmp_path, run):
    """The same .md with a real gap (item 10 numbered 12) and without 'Nơi nhận': both are reported."""
    text = (LAYOUTS / "csdl-ke-hoach-2026.md").read_text("utf-8")
    broken = text.replace("**10.\n**Công khai", "**12.\n**Công khai").replace("**Nơi nhận:**", "**Gửi kèm:**")
    path = tmp_path / "hong.md"
    path.write_text(broken, "utf-8")
    r = run(path)
    gap = [f.message for f in r.findings if f.rule == "QCDC203"]
    assert any("“12” đứng ngay sau “9”" in m for m in gap), gap  # items 9 and 12 both read, wrapped
    assert [f for f in r.findings if f.rule == "QCDC204" and "nơi nhận" in f.message]


# -- what kind of document: a plan only when it says so ------------------------------------------------------

DECISION_ALONE = """ỦY BAN NHÂN DÂN
XÃ AN THẠNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 06/QĐ-UBND
An Thạnh, ngày 16 tháng 01 năm 2026

QUYẾT ĐỊNH
Về việc kiện toàn Ban Thanh tra nhân dân xã An Thạnh năm 2026

CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN THẠNH
Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, được sửa đổi, bổ sung bởi Luật số 47/2024/QH15 \
và Luật số 97/2025/QH15;
Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Kiện toàn Ban Thanh tra nhân dân xã gồm 05 thành viên.
Điều 2. Ban Thanh tra nhân dân có nhiệm vụ giám sát việc thực hiện chính sách, pháp luật ở xã.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Đỗ Minh Quân
"""

DECISION_ISSUING_PLAN = """ỦY BAN NHÂN DÂN
XÃ AN THẠNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 05/QĐ-UBND
An Thạnh, ngày 15 tháng 01 năm 2026

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch thực hiện dân chủ ở cơ sở năm 2026

CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN THẠNH
Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, được sửa đổi, bổ sung bởi Luật số 47/2024/QH15 \
và Luật số 97/2025/QH15;
Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện dân chủ ở cơ sở năm 2026 của xã An Thạnh.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng Ủy ban nhân dân xã và các thôn chịu trách nhiệm thi hành Quyết định này.

Nơi nhận:
- Như Điều 3;
- Ủy ban nhân dân tỉnh;
- Lưu: VT.
CHỦ TỊCH
Đỗ Minh Quân

ỦY BAN NHÂN DÂN
XÃ AN THẠNH

KẾ HOẠCH
Thực hiện dân chủ ở cơ sở năm 2026
(Ban hành kèm theo Quyết định số 05/QĐ-UBND ngày 15/01/2026 của Chủ tịch Ủy ban nhân dân xã)

I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm Nhân dân được biết, được bàn, được làm, được kiểm tra, giám sát.
II. NỘI DUNG THỰC HIỆN
1. Công khai thông tin theo quy định.
2. Tổ chức hội nghị thôn để Nhân dân bàn và quyết định.
III. TỔ CHỨC THỰC HIỆN
{duties}
"""
DUTIES = ("1. Các thôn báo cáo kết quả thực hiện về Văn phòng Ủy ban nhân dân xã trước ngày 30/11/2026.\n"
          "2. Văn phòng Ủy ban nhân dân xã tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_decision_without_a_plan_gets_no_plan_rules(fmt, tmp_path, run):
    r = run(write(DECISION_ALONE, fmt, tmp_path))
    assert r.plan.document_type == "QUYẾT ĐỊNH" and r.plan.number == "06/QĐ-UBND" and not r.plan.is_plan
    assert not NOT_A_PLAN & set(rules(r))  # it has no 'Tổ chức thực hiện' and no reporting duty: not asked for


def test_a_decision_without_a_plan_says_so_in_the_json(tmp_path):
    path = write(DECISION_ALONE, "md", tmp_path)
    out = CliRunner().invoke(main, ["--format", "json", "--preview", "--exit-zero", str(path)])
    assert out.exit_code == 0, out.output
    (f,) = json.loads(out.output)["files"]
    assert f["plan"]["is_plan"] is False and f["plan"]["document_type"] == "QUYẾT ĐỊNH"
    assert not NOT_A_PLAN & {x["rule"] for x in f["findings"]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_plan_issued_after_the_decisions_own_closing_block_is_checked(fmt, tmp_path, run):
    r = run(write(DECISION_ISSUING_PLAN.format(duties=DUTIES), fmt, tmp_path))
    assert r.plan.document_type == "QUYẾT ĐỊNH" and r.plan.is_plan and r.plan.number == "05/QĐ-UBND"
    assert r.findings == []  # the duties stand in the plan, after the decision's 'Nơi nhận': found, no QCDC301
    # the plan part is checked: without a reporting duty there, QCDC301 says so
    idle = run(write(DECISION_ISSUING_PLAN.format(duties="1. Các thôn triển khai thực hiện Kế hoạch này."), fmt,
                     tmp_path, "khong-bao-cao"))
    assert "QCDC301" in rules(idle)


NO_KIND = """ỦY BAN NHÂN DÂN
XÃ TÂN HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 17/UBND-VP
Tân Hội, ngày 03 tháng 3 năm 2026

Ủy ban nhân dân xã thông báo lịch tiếp công dân trong quý hai năm 2026 như sau:
1. Chủ tịch Ủy ban nhân dân xã tiếp công dân vào ngày 15 hằng tháng.
3. Các Phó Chủ tịch tiếp công dân theo lĩnh vực được phân công.

Nơi nhận:
- Các thôn;
- Lưu: VT.
CHỦ TỊCH
Hồ Văn Lợi
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_kind_line_no_plan_rules_and_a_note_says_why(fmt, tmp_path, run):
    path = write(NO_KIND, fmt, tmp_path)
    r = run(path)
    assert r.plan.document_type is None and not r.plan.is_plan and r.plan.number == "17/UBND-VP"
    assert not NOT_A_PLAN & set(rules(r))  # no QCDC203 for '3 follows 1', no QCDC201/301
    assert any("không thấy tên loại văn bản" in n and "không được áp dụng" in n for n in r.notes), r.notes
    en = run(path, lang="en")
    assert any("no document kind" in n and "the plan rules were not applied" in n for n in en.notes), en.notes


ENCYCLOPEDIA = """# Tân Hội (xã)

**Tân Hội** là một xã thuộc tỉnh LÂM ĐỒNG, Việt Nam.

## Lịch sử

Ngày 16 tháng 6 năm 2025, Ủy ban Thường vụ Quốc hội ban hành Nghị quyết số 1671/NQ-UBTVQH15 về việc sắp xếp
các đơn vị hành chính cấp xã của tỉnh. Theo đó, xã Tân Hội được thành lập trên cơ sở xã Tân Hội và xã Tân
Thành thuộc HUYỆN ĐỨC TRỌNG. Trước đó, Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 được áp dụng ở xã.

Từ ngày 01/7/2025, Ủy ban nhân dân huyện Đức Trọng chấm dứt hoạt động; Ủy ban nhân dân xã tiếp nhận hồ sơ.

## Địa lý

Xã có diện tích 52,3 km², dân số năm 2024 là 18.500 người.

I. DÂN CƯ
Người Kinh chiếm đa số.
III. KINH TẾ
Cà phê và rau là cây trồng chính; Ủy ban nhân dân xã báo cáo sản lượng hằng năm.

## Chú thích

1. Nghị quyết số 1671/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội.
3. Niên giám thống kê tỉnh năm 2024.
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_encyclopedia_page_is_not_an_administrative_document(fmt, tmp_path, engine):
    path = tmp_path / f"tan-hoi.{fmt}"
    if fmt == "docx":
        build_docx([l for l in ENCYCLOPEDIA.replace("#", "").replace("**", "").splitlines() if l.strip()], path)
    else:
        path.write_text(ENCYCLOPEDIA, "utf-8")
    for preview in (False, True):
        r = engine.check_file(path, Options(today=dt.date(2026, 11, 21), preview=preview))
        assert r.error is None and r.findings == []
        assert len(r.notes) == 1 and "không phải một văn bản hành chính" in r.notes[0]
        assert not r.plan.is_plan
    out = CliRunner().invoke(main, ["--format", "json", "--exit-zero", "--lang", "en", str(path)])
    (f,) = json.loads(out.output)["files"]
    assert f["plan"]["is_plan"] is False and f["findings"] == []
    assert len(f["notes"]) == 1 and "not an administrative document" in f["notes"][0]


# -- the plan period -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("title", [
    "Thực hiện Nghị quyết số 05-NQ/ĐU ngày 02/3/2022 của Đảng ủy xã về dân chủ ở cơ sở năm 2022",
    "Thực hiện dân chủ ở cơ sở đến năm 2030",
    "Thực hiện dân chủ ở cơ sở năm 2025, định hướng đến năm 2030",
])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cited_year_or_a_target_is_not_the_plan_period(title, fmt, tmp_path, run):
    text = plan("1. Công khai thông tin.", date="ngày 10 tháng 9 năm 2025", title=title)
    r = run(write(text, fmt, tmp_path))
    assert r.plan.year in (None, 2025) and r.plan.period[0].year == 2025 and r.plan.period[-1].year == 2025
    assert "QCDC107" not in rules(r) and "QCDC303" not in rules(r)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_plan_for_next_year_issued_in_november_takes_that_year(fmt, tmp_path, run):
    text = plan("1. Công khai thông tin.", date="ngày 20 tháng 11 năm 2025",
                title="Thực hiện dân chủ ở cơ sở năm 2026").replace("15/12/2025", "15/12/2026")
    r = run(write(text, fmt, tmp_path))
    assert r.plan.year == 2026 and r.plan.period == [dt.date(2026, 1, 1), dt.date(2026, 12, 31)]
    assert r.plan.date == dt.date(2025, 11, 20) and r.findings == []


# -- QCDC203: list numbering -----------------------------------------------------------------------------------

LETTERS_IN_ORDER = """1. Những nội dung công khai để Nhân dân biết:
a) Chính sách, pháp luật liên quan đến xã;
b) Kế hoạch phát triển kinh tế - xã hội;
c) Dự toán, quyết toán ngân sách xã;
d) Quy hoạch sử dụng đất;
đ) Các khoản đóng góp của Nhân dân;
e) Kết quả tiếp công dân.
2. Những nội dung Nhân dân bàn và quyết định."""

LETTERS_RESTART = """1. Công khai thông tin:
a) Niêm yết tại trụ sở;
b) Thông báo trên loa truyền thanh;
c) Đăng trên trang thông tin điện tử.
2. Nhân dân bàn và quyết định:
a) Hương ước, quy ước;
b) Các công trình do Nhân dân đóng góp.
3. Nhân dân kiểm tra, giám sát:
a) Qua Ban Thanh tra nhân dân;
b) Qua Ban Giám sát đầu tư của cộng đồng."""

VV_IN_BODY = """1. Công khai thông tin theo Công văn số 45/UBND-VP ngày 05/01/2026 của Ủy ban nhân dân tỉnh,
V/v HƯỚNG DẪN CÔNG KHAI THÔNG TIN Ở CẤP XÃ.
2. Nhân dân bàn và quyết định."""


@pytest.mark.parametrize("body", [LETTERS_IN_ORDER, LETTERS_RESTART, VV_IN_BODY],
                         ids=["a-to-e-with-đ", "letters-restart-per-item", "V/v-is-not-section-V"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_numbering_read_right_is_no_gap(body, fmt, tmp_path, run):
    r = run(write(plan(body), fmt, tmp_path))
    assert r.findings == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_repeated_first_item_is_still_a_gap(fmt, tmp_path, run):
    r = run(write(plan("1. Công khai thông tin.\n1. Nhân dân bàn và quyết định.\n2. Nhân dân kiểm tra, giám sát."),
                  fmt, tmp_path))
    (f,) = r.findings
    assert f.rule == "QCDC203" and "“1” lặp lại mục “1”" in f.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_skipped_letter_is_a_gap(fmt, tmp_path, run):
    r = run(write(plan("1. Công khai thông tin:\na) Niêm yết tại trụ sở;\nc) Đăng trên trang thông tin điện tử.\n"
                       "2. Nhân dân bàn và quyết định."), fmt, tmp_path))
    (f,) = r.findings
    assert f.rule == "QCDC203" and "“c” đứng ngay sau “a”" in f.message


# -- QCDC206: a district body in a role, not history -----------------------------------------------------------

def district(report) -> list:
    return [f for f in report.findings if f.rule == "QCDC206"]


@pytest.mark.parametrize("clause", [
    "2. UBND các huyện báo cáo kết quả về Sở Nội vụ trước ngày 15/11/2026.",
    "2. Ủy ban nhân dân các huyện báo cáo kết quả về Sở Nội vụ trước ngày 15/11/2026.",
])
@pytest.mark.parametrize("fmt", FORMATS)
def test_district_bodies_reporting_after_july_2025(clause, fmt, tmp_path, run):
    r = run(write(plan("1. Công khai thông tin.", clause), fmt, tmp_path))
    assert rules(r) == ["QCDC206"]
    early = plan("1. Công khai thông tin.", clause.replace("2026", "2025"), date="ngày 12 tháng 3 năm 2025",
                 basis="Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15;")
    assert district(run(write(early, fmt, tmp_path, "truoc-sap-xep"))) == []  # the districts were still there


@pytest.mark.parametrize("fmt", FORMATS)
def test_work_given_to_a_district_office_outside_the_organisation_part(fmt, tmp_path, run):
    r = run(write(plan("1. Công khai thông tin; giao Phòng Nội vụ huyện chủ trì tổ chức hội nghị đối thoại."),
                  fmt, tmp_path))
    assert rules(r) == ["QCDC206"]
    # named in passing, with no work given and outside 'Tổ chức thực hiện': no role
    passing = plan("1. Công khai thông tin. Ủy ban nhân dân huyện Tân Phú nhiều năm làm tốt công tác dân chủ ở cơ sở.")
    assert district(run(write(passing, fmt, tmp_path, "nhac-den"))) == []


# (history or no body, what the same clause says as a role) — each put in 'Tổ chức thực hiện', where a
# district body named now is an assignee
NOT_A_ROLE = [
    ("2. Ủy ban nhân dân các huyện (trước sáp nhập) đã ban hành quy chế dân chủ; Văn phòng rà soát, kế thừa.",
     "2. Ủy ban nhân dân các huyện đã ban hành quy chế dân chủ; Văn phòng rà soát, kế thừa."),
    ("2. Rà soát chế độ đối với cán bộ Phòng Nội vụ huyện nghỉ hưu trước 01/7/2025.",
     "2. Rà soát chế độ đối với cán bộ Phòng Nội vụ huyện."),
    ("2. Tiếp tục thực hiện Quyết định số 12/2023/QĐ-UBND ngày 10/3/2023 của UBND huyện Phước Long về quy chế phối "
     "hợp tiếp công dân.",
     "2. Tiếp tục thực hiện quy chế phối hợp tiếp công dân của UBND huyện Phước Long."),
    ("2. Tiếp tục thực hiện Quyết định số 12/2023/QĐ-UBND ngày 10/3/2023 của UBND huyện Phước Long về việc giao "
     "Phòng Nội vụ huyện chủ trì tiếp công dân định kỳ.",
     "2. Giao Phòng Nội vụ huyện chủ trì tiếp công dân định kỳ."),
    ("2. Văn phòng lập biểu tổng hợp theo mẫu số 02: Ủy ban nhân dân (tên cấp huyện), số hội nghị, số người dự.",
     "2. Văn phòng lập biểu tổng hợp theo mẫu số 02: Ủy ban nhân dân cấp huyện, số hội nghị, số người dự."),
]


@pytest.mark.parametrize("history,role", NOT_A_ROLE, ids=["truoc-sap-nhap", "nghi-huu", "van-ban-duoc-dan",
                                                          "trich-yeu-van-ban-duoc-dan", "o-trong-mau"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_district_named_as_history_citation_or_blank_is_no_finding(history, role, fmt, tmp_path, run):
    assert district(run(write(plan("1. Công khai thông tin.", history), fmt, tmp_path))) == []
    assert len(district(run(write(plan("1. Công khai thông tin.", role), fmt, tmp_path, "vai-tro")))) == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_district_level_word_that_names_no_body_is_no_finding(fmt, tmp_path, run):
    r = run(write(plan("1. Công khai thông tin.",
                       "2. Rà soát chế độ đối với cán bộ cấp huyện nghỉ hưu trước 01/7/2025.\n"
                       "3. Thống kê theo biểu: Giường bệnh cấp huyện 120; Trạm y tế cấp xã 14."), fmt, tmp_path))
    assert district(r) == []


def test_a_statistics_row_in_an_annex_table_is_no_finding(tmp_path, run):
    text = (LAYOUTS / "csdl-ke-hoach-2026.md").read_text("utf-8") + "|\n3\n|\nGiường bệnh cấp huyện\n|\n120\n|\n"
    path = tmp_path / "thong-ke.md"
    path.write_text(text, "utf-8")
    assert district(run(path)) == []


# -- a law cited by its name is the one its year names ----------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_laws_cited_by_name_resolved_by_their_year(fmt, tmp_path, run):
    r = run(write(plan("1. Quán triệt Luật Thực hiện dân chủ ở cơ sở năm 2022 đến cán bộ, công chức.\n"
                       "2. Thực hiện Pháp lệnh thực hiện dân chủ ở xã, phường, thị trấn năm 2007 trong phạm vi "
                       "còn phù hợp.\n3. So sánh với dự thảo Luật Thực hiện dân chủ ở cơ sở năm 2019."), fmt, tmp_path))
    by_text = {c.text: c.instrument for c in r.citations}
    assert by_text["Luật Thực hiện dân chủ ở cơ sở năm 2022"] == "10/2022/QH15"
    assert by_text["Pháp lệnh thực hiện dân chủ ở xã, phường, thị trấn năm 2007"] == "34/2007/PL-UBTVQH11"
    assert by_text["Luật Thực hiện dân chủ ở cơ sở năm 2019"] is None  # no such law: never another year's
    assert [(f.rule, f.instrument) for f in r.findings if f.rule.startswith("QCDC10")] == [
        ("QCDC101", "34/2007/PL-UBTVQH11")]
