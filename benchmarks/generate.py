"""Generate realistic plans by recombining pieces of the project's own fixtures: header, the three
sections, 10-60 citations (some broken), duties and deadlines."""
from __future__ import annotations

import random
from pathlib import Path

CITATIONS = [
    "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15",
    "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ",
    "Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ",
    "Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 của Ủy ban Thường vụ Quốc hội",
    "Pháp lệnh 34/2007PL-\nUBTVQH11 ngày 20/4/2007",
    "Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ",
    "Nghị định số 145/NĐ-CP ngày 14/12/2020 của Chính phủ",
    "Chỉ thị số 30-CT/TW ngày 18/02/1998 của Bộ Chính trị",
    "Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ Chính trị",
    "Kết luận số 21-\nKL/TW, ngày 25/10/2021",
    "Quy định số 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị",
    "Quyết định số 217-QĐ/TW ngày 12/12/2013 của Bộ Chính trị",
    "Kế hoạch số 52/KH-UBND ngày 14/3/{y} của Ủy ban nhân dân tỉnh",
    "Nghị quyết số 02-NQ/TU ngày 12/5/2017 của Ban Thường vụ Tỉnh ủy",
    "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ",
    "Nghị định số 999/2022/NĐ-CP ngày 01/02/2022 của Chính phủ",
]
DUTIES = [
    "Văn phòng báo cáo kết quả về Ủy ban nhân dân định kỳ 6 tháng (trước ngày 10/6/{y}) và 01 năm (trước ngày "
    "15/11/{y}).",
    "Các thôn định kỳ 6 tháng, 01 năm tổng hợp báo cáo kết quả về Ban Chỉ đạo.",
    "Các ban ngành báo cáo kết quả trong 05 ngày làm việc kể từ khi kết thúc hội nghị.",
    "Bộ phận một cửa thực hiện chế độ báo cáo hằng quý theo quy định.",
]
BODY = [
    "Công khai thông tin để Nhân dân biết, bàn, làm, kiểm tra, giám sát và thụ hưởng.",
    "Tổ chức hội nghị cán bộ, công chức, viên chức và người lao động theo quy định.",
    "Phát huy vai trò của Ban Thanh tra nhân dân và Ban Giám sát đầu tư của cộng đồng.",
]


def plan_text(rng: random.Random) -> str:
    y = rng.choice([2023, 2024, 2025, 2026])
    n = rng.randint(10, 60)
    cites = [rng.choice(CITATIONS).format(y=y) for _ in range(n)]
    lines = [
        "ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
        f"Số: {rng.randint(1, 300)}/KH-UBND", f"An Bình, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {y}",
        "",
        "KẾ HOẠCH", f"Thực hiện dân chủ ở cơ sở năm {y}", "",
        "Căn cứ " + "; ".join(cites[: n // 2]) + ";", "",
        "I. MỤC ĐÍCH, YÊU CẦU", "1. " + rng.choice(BODY), "2. " + rng.choice(BODY), "",
        "II. NỘI DUNG THỰC HIỆN",
    ]
    for i in range(1, rng.randint(3, 9)):
        lines.append(f"{i}. {rng.choice(BODY)} Thực hiện theo " + "; ".join(cites[n // 2:][i::7] or cites[:1]) + ".")
    lines += ["", "III. TỔ CHỨC THỰC HIỆN"]
    for i, d in enumerate(rng.sample(DUTIES, rng.randint(1, len(DUTIES))), 1):
        lines.append(f"{i}. {d.format(y=y)}")
    lines += ["", "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Nguyễn Văn An", ""]
    return "\n".join(lines)


def generate_plans(folder: Path, count: int, rng: random.Random) -> list[Path]:
    paths = []
    for i in range(count):
        p = folder / f"plan-{i:04d}.txt"
        p.write_text(plan_text(rng), encoding="utf-8")
        paths.append(p)
    return paths


def generate_registry(path: Path, count: int, rng: random.Random) -> Path:
    """A made-up registry of `count` extra instruments (decrees, decisions, party documents) with
    titles, dates, some replacements and amendments, for measuring how the engine scales."""
    words = ("quy định chi tiết thi hành luật về tổ chức hoạt động quản lý nhà nước công tác dân vận "
             "cải cách hành chính đất đai xây dựng kinh tế xã hội tài chính ngân sách giáo dục y tế "
             "môi trường nông nghiệp giao thông văn hóa thông tin thanh tra khiếu nại tố cáo").split()
    lines = ["@prefix qcdc: <https://w3id.org/qcdc-rules/ns#> .",
             "@prefix reg: <https://w3id.org/qcdc-rules/registry/> .",
             "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
             "@prefix dct: <http://purl.org/dc/terms/> ."]
    kinds = [("NghiDinh", "{n}/{y}/NĐ-CP", "reg:CP"), ("QuyetDinh", "{n}/{y}/QĐ-TTg", "reg:TTg"),
             ("KetLuanDang", "{n}-KL/TW", "reg:BCT"), ("ChiThi", "{n}/CT-TTg", "reg:TTg")]
    for i in range(count):
        cls, pattern, issuer = kinds[i % len(kinds)]
        y = rng.randint(1995, 2025)
        n = 1000 + i
        sym = pattern.format(n=n, y=y)
        title = " ".join(rng.choice(words) for _ in range(rng.randint(6, 16))).capitalize()
        issued = f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        extra = ""
        if i > 10 and i % 7 == 0:
            extra = f' ; qcdc:ceased "{min(y + 5, 2026)}-01-01"^^xsd:date ; qcdc:replacedBy reg:GEN-{i - 3}'
        if i > 10 and i % 11 == 0:
            extra += f" ; qcdc:amendedBy reg:GEN-{i - 5}"
        lines.append(
            f'reg:GEN-{i} a qcdc:{cls}, owl:NamedIndividual ; qcdc:symbol "{sym}" ; qcdc:number {n} ; '
            f'qcdc:issueYear {y} ; qcdc:issuer {issuer} ; qcdc:title "{title}" ; '
            f'qcdc:citationLabel "Văn bản số {sym}" ; qcdc:dateIssued "{issued}"^^xsd:date{extra} ; '
            f'qcdc:provenance [ dct:source "generated" ; qcdc:confidence qcdc:unsure ] .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
