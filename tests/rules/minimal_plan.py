"""A minimal plan that no rule fires on, with named parts a test replaces: the shapes' examples
(test_examples.py) are run inside it, and the rule folders' small fixtures were first written from it.

`minimal_plan()` alone is a clean 2026 commune plan; each keyword replaces one part (a list is one
line per item; `cite` adds citations after the default basis).
`date` is DD/MM/YYYY and sets the year of the title and of the default deadlines."""
from __future__ import annotations

from typing import Optional, Union

Lines = Union[str, list[str], None]

ISSUER = ["ỦY BAN NHÂN DÂN", "XÃ HÒA AN"]
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
BASIS = ("Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15; Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 "
         "của Chính phủ quy định chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở; Ủy ban nhân dân xã "
         "ban hành Kế hoạch như sau:")
BASIS_LAW = ("Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022 của Quốc hội; Ủy ban nhân "
             "dân xã ban hành Kế hoạch như sau:")
BASIS_AMENDED = ("Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, được sửa đổi, bổ sung bởi Luật số "
                 "97/2025/QH15; Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ quy định chi tiết một số "
                 "điều của Luật Thực hiện dân chủ ở cơ sở; Ủy ban nhân dân xã ban hành Kế hoạch như sau:")
PURPOSE = ["I. MỤC ĐÍCH, YÊU CẦU", "1. Phát huy quyền làm chủ của Nhân dân trên địa bàn xã.",
           "2. Gắn việc thực hiện dân chủ với cải cách hành chính."]
CONTENT = ["II. NỘI DUNG THỰC HIỆN", "1. Công khai thông tin để Nhân dân biết.",
           "2. Tổ chức hội nghị để Nhân dân bàn và quyết định."]
RECIPIENTS = ["Nơi nhận:", "- Thường trực Đảng ủy xã;", "- Lưu: VT."]
SIGNATURE = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Phạm Minh Đức"]


def _lines(part: Lines) -> list[str]:
    if part is None:
        return []
    return [part] if isinstance(part, str) else list(part)


def minimal_plan(date: str = "05/02/2026", *, issuer: Lines = None, number: Optional[str] = "15/KH-UBND",
                 date_line: Optional[str] = None, title: Optional[str] = None, basis: Lines = None,
                 cite: Lines = None, purpose: Lines = None, content: Lines = None, organisation: Lines = None,
                 sections: Lines = None, recipients: Lines = None, signature: Lines = None) -> str:
    day, month, year = date.split("/")
    organisation = organisation if organisation is not None else [
        "III. TỔ CHỨC THỰC HIỆN",
        f"1. Văn phòng xã theo dõi, báo cáo kết quả về Ủy ban nhân dân xã trước ngày 15/11/{year}."]
    if basis is None:  # a plan before Nghị định 59/2023 was issued (14/8/2023) cites the Law alone
        early = (int(year), int(month), int(day)) < (2023, 8, 14)
        basis = BASIS_AMENDED if int(year) >= 2026 else BASIS_LAW if early else BASIS
    head = _lines(issuer) or ISSUER
    lines = head + MOTTO + [""]
    if number:  # None or "": no number line
        lines.append(f"Số: {number}")
    lines.append(date_line if date_line is not None else f"Hòa An, ngày {day} tháng {month} năm {year}")
    lines += ["", "KẾ HOẠCH", title or f"Thực hiện dân chủ ở cơ sở năm {year}", ""]
    basis_lines = _lines(basis)
    if cite is not None:  # further citations, each a line, between the basis and its closing words
        closing = " Ủy ban nhân dân xã ban hành Kế hoạch như sau:"
        last = basis_lines[-1]
        basis_lines[-1] = last[: -len(closing)] if last.endswith(closing) else last
        basis_lines += _lines(cite) + [closing.strip()]
    lines += basis_lines + [""]
    if sections is not None:
        lines += _lines(sections) + [""]
    else:
        lines += _lines(purpose if purpose is not None else PURPOSE) + [""]
        lines += _lines(content if content is not None else CONTENT) + [""]
        lines += _lines(organisation) + [""]
    lines += _lines(recipients if recipients is not None else RECIPIENTS)
    lines += _lines(signature if signature is not None else SIGNATURE)
    return "\n".join(lines) + "\n"
