"""The text formats (full, concise): written file by file, the same text rich writes, the summary counted."""
from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from qcdc_rules.pipeline import Engine
from qcdc_rules.reporters.text import FullReporter, plain, styled

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLAN = ROOT / "fixtures" / "plans" / "mau-2026.txt"

# text with what rich treats apart: tabs, control codes, wide and combining characters, markup look-alikes
TEXT = st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from("\t\r\x07\x0b\x0c\x1b[]\\:日é\u0301\u200b")),
               max_size=30)
LINES = st.lists(st.lists(st.tuples(TEXT, st.sampled_from([None, "bold", "blue", "bold red"])), max_size=5),
                 min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_plain_text_is_what_rich_writes_without_colour(lines):
    out = io.StringIO()
    Console(file=out, highlight=False, soft_wrap=True, emoji=False, color_system=None).print(styled(lines))
    assert plain(lines) == out.getvalue()


def test_a_file_is_written_when_it_is_checked():
    fr, doc = Engine().check_file_with_source(PLAN)
    out = io.StringIO()
    FullReporter(out).file(fr, {n: doc.line_text(n) for n in {f.line for f in fr.findings}})
    written = out.getvalue()
    assert f"{PLAN}:12:8: QCDC101 [lỗi] Pháp lệnh số 34/2007/PL-UBTVQH11 đã hết hiệu lực" in written
    assert "12 | Căn cứ Pháp lệnh số 34/2007/PL-UBTVQH11" in written


def test_the_summary_counts_every_file_although_none_is_kept():
    from click.testing import CliRunner

    from qcdc_rules.cli import main

    from qcdc_rules.pipeline import load_registry

    release = load_registry().version
    for fmt in ("full", "concise"):
        r = CliRunner().invoke(main, ["--format", fmt, str(PLAN), str(PLAN)])
        summary = f"Tìm thấy 4 lỗi, 2 cảnh báo, 0 thông tin trong 2 tệp. Danh mục văn bản: {release}.\n"
        assert r.output.endswith(summary), fmt
    data = json.loads(CliRunner().invoke(main, ["--format", "json", str(PLAN), str(PLAN)]).stdout)
    assert (data["summary"]["error"], data["summary"]["warning"]) == (4, 2) and len(data["files"][1]["findings"]) == 3
