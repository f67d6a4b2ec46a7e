"""Fuzz the whole pipeline (read -> extract -> graph -> rules -> report) with what broke it before:
impossible dates, huge numbers, NUL, unpaired surrogates, RTL and zero-width marks, runs of combining
marks, repeated "Căn cứ" lines. Every input gives a report (never an exception, never an internal error),
every finding points inside the text, and the JSON report can be written."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcdc_rules.pipeline import Engine, Options
from qcdc_rules.reporters import render_json

ENGINE = Engine()
PIECES = [
    "KẾ HOẠCH\n", "QUYẾT ĐỊNH\n", "Thực hiện dân chủ ở cơ sở năm 2026\n", "năm 0000", "năm 99999",
    "giai đoạn 2030 - 2021",
    "Số: 12/KH-UBND\n", "Số:\n", "Hà Nội, ngày 31 tháng 02 năm 2026\n", "ngày 99/99/9999", "ngày 00/00/0000",
    "Căn cứ Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ;\n",
    "Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 06/4/2007;\n", "Luật Thực hiện dân chủ ở cơ sở",
    "Quy định số 124-QĐ/TW", "99999999999999999999/2015/NĐ-CP", "I. MỤC ĐÍCH, YÊU CẦU\n", "II. NỘI DUNG\n",
    "III. TỔ CHỨC THỰC HIỆN\n", "1. ", "a) ", "MMMMCMXCIX. ", "báo cáo định kỳ 6 tháng trước ngày 10/6/2026; ",
    "báo cáo về UBND huyện\n", "thị trấn", "(cũ)", "Nơi nhận:\n", "CHỦ TỊCH\nLê Văn A\n",
    "\x00", "\ud800", "\udfff", "\u202e", "\u200f", "\u200b", "\ufeff", "\u0301" * 40, "e" + "\u0323" * 35,
    "\r\n", "\r", "\t", "“", "”", "\"", "…", "——", "\u00a0",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=60),
       st.sampled_from([None, "2026-03-01", "1900-01-01", "2199-12-31"]))
def test_any_text_gives_a_report(parts, as_of):
    import datetime as dt

    text = "".join(parts)
    options = Options(as_of=dt.date.fromisoformat(as_of) if as_of else None, today=dt.date(2026, 11, 22))
    report = ENGINE.check_text(text, "<fuzz>", options)
    assert report.error is None
    lines = text.count("\n") + text.count("\r") + 1
    for f in report.findings:
        assert 1 <= f.line <= f.end_line <= lines and f.column >= 1
    json.loads(render_json(ENGINE.report([report], options)))


PLAN_HEAD = ("UBND XÃ AN BÌNH\nSố: 12/KH-UBND\nAn Bình, ngày 12 tháng 01 năm 2026\nKẾ HOẠCH\n"
             "Thực hiện dân chủ ở cơ sở năm 2026\n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=40), min_size=2,
                max_size=6),
       st.booleans())
def test_plans_checked_together_get_what_they_get_alone(bodies, strict):
    """Engine.check_files runs most rules once over all the plans (rules/batch.py): each report must be the
    one its file gets alone, whatever the files hold."""
    import tempfile
    from pathlib import Path

    options = Options(strict=strict, today=dt_date(2026, 11, 22))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, parts in enumerate(bodies):
            p = Path(tmp) / f"{i}.txt"
            p.write_bytes((PLAN_HEAD + "".join(parts)).encode("utf-8", "surrogatepass"))
            paths.append(p)
        together = [r.model_dump() for r, _ in ENGINE.check_files(paths, options)]
        alone = [ENGINE.check_file(p, options).model_dump() for p in paths]
    assert together == alone


def dt_date(*args):
    import datetime as dt

    return dt.date(*args)
