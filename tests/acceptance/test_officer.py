"""The officer's command line: everything in Vietnamese by default, the linter conveniences (statistics,
fix list, quiet, a display threshold), long lines trimmed, and replacement fixes that replace the whole
citation."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main
from qcdc_rules.readers.legacy import TCVN3_TABLE

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLANS = ROOT / "fixtures" / "plans"
UPDATE = ROOT / "fixtures" / "registry" / "nd-gia-dinh-thay-61-2023.ttl"


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


# -- Vietnamese everywhere ------------------------------------------------------------------------------
# English words that no Vietnamese sentence of this tool contains (ASCII words that are also Vietnamese,
# such as "an", "in", "do", "to", "con", "ban", are left out)
ENGLISH = set("""the and of is are not was were has have with from for this that when which every each only also
file files error errors warning warnings found finding findings plan plans date fix fixes fixed safe unsafe check
checked usage options option show message exit rule rules name severity summary status issued ceased replaced
confidence problem problems valid instrument instruments registry default none missing invalid value cannot read
write written applied skipped unreadable aside text type issuer symbol title given such into force line column
paragraph page comment comments report reports suggested need needs human review""".split())
# what is not prose: option names, choice lists, defaults shown as typed, rule slugs, URLs, paths, codes
NOT_PROSE = [
    re.compile(r"(?:qcdc-check|main)(?: [a-z]+){1,2}"),  # a command as typed ("qcdc-check registry show")
    re.compile(r"(?m)^(?:# )?[a-z-]+ = [^#\n]*"),  # a TOML setting as one pastes it (fail-on = "error")
    re.compile(r"https?://\S+"), re.compile(r"(?<![\w-])--?[a-z][a-z0-9-]*"), re.compile(r"\[[a-z|-]+\]"),
    re.compile(r"(?:mặc\s+định|default):\s+[a-z-]+"), re.compile(r"QCDC\d+"), re.compile(r"(?:/[\w.@+-]+)+"),
    re.compile(r"\b[a-z]+(?:-[a-z]+)+\b"),  # rule names (superseded-instrument …) and other slugs
    re.compile(r"'[^']*'"),  # what the user typed, quoted back
    re.compile(r"(?m)^::\w+ .*?::"),  # a GitHub workflow command's keywords (::error file=…,line=…::)
    re.compile(r"(?m)^  [a-z]+(?=\s{2,})"),  # the command list of --help
]


def english_words(text: str) -> set[str]:
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH}


def prose_of_json(data) -> str:
    """The sentences a JSON or SARIF report holds (messages, notes, descriptions), not its keys and codes."""
    out = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k in ("message", "summary", "description", "error") and isinstance(v, str):
                out.append(v)
            elif k == "notes" and isinstance(v, list):
                out.extend(v)
            elif k == "text" and isinstance(v, str) and "message" not in data:
                out.append(v)  # SARIF: message.text, shortDescription.text, help.text
            else:
                out.append(prose_of_json(v))
    elif isinstance(data, list):
        out.extend(prose_of_json(v) for v in data)
    return "\n".join(x for x in out if x)


@pytest.fixture
def plans(tmp_path):
    for name in ("mau-2026.txt", "ngay-va-ky-hieu-sai.txt"):
        shutil.copy(PLANS / name, tmp_path / name)
    to_byte = {ch: code for code, ch in TCVN3_TABLE.items()}
    text = (PLANS / "sach-2026.txt").read_text("utf-8")
    (tmp_path / "tcvn3.txt").write_bytes(bytes(to_byte.get(c, ord(c) if ord(c) < 128 else 0x3F) for c in text))
    return tmp_path


def outputs_in_vietnamese(p: Path):
    """(what was run, what it printed) for every subcommand and format, in the default language."""
    plan, wrong = p / "mau-2026.txt", p / "ngay-va-ky-hieu-sai.txt"
    for fmt in ("full", "concise", "github"):
        yield f"check --format {fmt}", run("--format", fmt, plan, wrong, p / "tcvn3.txt").output
    for fmt in ("json", "json-lines", "sarif"):
        out = run("--format", fmt, plan, wrong).stdout
        docs = [json.loads(line) for line in out.splitlines()] if fmt == "json-lines" else [json.loads(out)]
        yield f"check --format {fmt}", prose_of_json(docs)
    yield "check --statistics", run("--statistics", plan, wrong).output
    yield "check --show-fixes", run("--show-fixes", wrong).output
    yield "check --diff", run("--diff", "--unsafe-fixes", wrong).output
    yield "check (missing file)", run(p / "khong-co.txt").output
    yield "check (not a PDF)", run(_fake_pdf(p)).output
    yield "check (bad option value)", run("--format", "xml", plan).output
    yield "check (unknown option)", run("--colour", plan).output
    yield "check (bad number)", run("-j", "0", plan).output
    yield "check (unknown rule)", run("--select", "QCDC999", plan).output
    yield "check (no file)", run("check").output
    for args in (["--help"], ["check", "--help"], ["rules", "--help"], ["registry", "--help"], ["serve", "--help"],
                 ["impact", "--help"], ["config", "--help"], ["registry", "show", "--help"]):
        yield " ".join(args), run(*args).output
    yield "rules", run("rules").output
    yield "rules --format json", prose_of_json(json.loads(run("rules", "--format", "json").stdout))
    yield "rule QCDC102", run("rule", "QCDC102").output
    yield "rule QCDC999", run("rule", "QCDC999").output
    yield "config", run("config", plan).output
    yield "registry list", run("registry", "list").output
    yield "registry show", run("registry", "show", "04/2015/NĐ-CP").output
    yield "registry find", run("registry", "find", "nghi dinh 59").output
    yield "registry validate", run("registry", "validate").output
    yield "impact", run("impact", "--registry", UPDATE, plan).output
    fixed = p / "fix.txt"
    shutil.copy(wrong, fixed)
    yield "check --fix", run("--fix", fixed).output


def _fake_pdf(p: Path) -> Path:
    f = p / "gia.pdf"
    f.write_bytes(b"this is not a PDF at all")
    return f


@pytest.mark.slow  # over 10 s on 2 shared cores (--durations)
def test_every_subcommand_and_format_speaks_vietnamese_by_default(plans):
    seen, bad = 0, []
    for what, out in outputs_in_vietnamese(plans):
        assert out.strip(), f"{what}: printed nothing"
        if english_words(out):
            bad.append(f"{what}: {sorted(english_words(out))}\n{out[:3000]}")
        seen += 1
    assert not bad, "English words in Vietnamese output:\n\n" + "\n\n".join(bad)
    assert seen >= 35


def test_the_english_word_check_does_catch_english():
    # the same check fails on the English output, so the test above cannot pass by seeing nothing
    def lower(words):
        return {w.lower() for w in words}

    assert {"found", "ceased"} <= lower(english_words(run("--lang", "en", PLANS / "mau-2026.txt").output))
    assert "given" in lower(english_words(run("check", "--lang", "en").output))
    assert "show" in lower(english_words(run("--lang", "en", "--help").output))
    assert english_words(run("rules", "--lang", "en").output)


def test_notes_that_change_how_to_read_a_result_are_in_the_text_output_in_vietnamese(plans):
    r = run("--format", "concise", plans / "tcvn3.txt")
    assert "đã chuyển mã TCVN3 sang Unicode" in r.output


# -- conveniences ---------------------------------------------------------------------------------------
def test_statistics_count_each_rule_as_the_json_report_does(plans):
    wrong = plans / "ngay-va-ky-hieu-sai.txt"
    findings = json.loads(run("--format", "json", wrong).stdout)["files"][0]["findings"]
    counts = {}
    for f in findings:
        counts[f["rule"]] = counts.get(f["rule"], 0) + 1
    r = run("--statistics", wrong)
    shown = {m.group(2): int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s+(QCDC\d+)", r.output, re.M)}
    assert shown == counts and shown["QCDC104"] == 3
    assert "QCDC104  [cảnh báo] Số, ký hiệu sai dạng (3 có gợi ý sửa)" in r.output
    assert r.exit_code == 1  # the exit code is the check's, as without --statistics
    data = json.loads(run("--statistics", "--format", "json", wrong).stdout)
    assert {x["code"]: x["count"] for x in data} == counts


def test_min_severity_hides_findings_but_the_exit_code_sees_them(plans):
    wrong = plans / "ngay-va-ky-hieu-sai.txt"
    r = run("--format", "concise", "--min-severity", "error", wrong)
    assert [l.split(": ")[1].split()[0] for l in r.output.splitlines() if ": QCDC" in l] == ["QCDC103"]
    assert "Tìm thấy 1 lỗi trong 1 tệp." in r.output and "0 cảnh báo" not in r.output  # hidden, not none
    assert "5 phát hiện mức thấp hơn không được hiển thị (--min-severity)" in r.output
    clean = plans / "mau-2026.txt"
    hidden = run("--format", "concise", "--min-severity", "error", "--fail-on", "warning", "--select", "QCDC106", clean)
    assert ": QCDC106" not in hidden.output and hidden.exit_code == 1  # QCDC106 is a warning: hidden, yet it fails


def test_quiet_prints_the_findings_only(plans):
    r = run("--format", "full", "-q", plans / "mau-2026.txt")
    assert ": QCDC101 [lỗi]" in r.output
    assert "Tìm thấy" not in r.output and "ngày của kế hoạch" not in r.output


def test_show_fixes_lists_each_fix_with_its_safety(plans):
    r = run("--format", "concise", "--show-fixes", plans / "ngay-va-ky-hieu-sai.txt")
    assert "Các gợi ý sửa (6):" in r.output
    assert re.search(r"ngay-va-ky-hieu-sai\.txt:12:8: QCDC103 \(an toàn\): thay bằng “ngày 20/04/2007”", r.output)
    assert re.search(r":15:1: QCDC104 \(an toàn\): thay bằng “145/2020/NĐ-CP”", r.output)


def test_a_long_line_is_shown_around_the_finding(tmp_path):
    filler = "các cơ quan, đơn vị tổ chức triển khai thực hiện nghiêm túc, " * 6
    text = (PLANS / "mau-2026.txt").read_text("utf-8").replace(
        "Căn cứ Pháp lệnh số 34/2007", f"Căn cứ {filler}Pháp lệnh số 34/2007", 1)
    (tmp_path / "dai.txt").write_text(text, "utf-8")
    r = run(tmp_path / "dai.txt", "--select", "QCDC101")
    source = next(l for l in r.output.splitlines() if re.match(r"^\d+ \| ", l))
    caret = r.output.splitlines()[r.output.splitlines().index(source) + 1]
    assert source.startswith("12 | …") and len(source) < 140
    start = caret.index("^")
    assert source[start:].startswith("Pháp lệnh số 34/2007")  # the marks stay under the citation


# -- a replacement replaces the whole citation ------------------------------------------------------------
def test_an_unsafe_replacement_replaces_type_symbol_date_issuer_and_subject(plans):
    plan = plans / "mau-2026.txt"
    r = run("--diff", "--unsafe-fixes", plan)
    assert ("+Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022 của Quốc hội; "
            "Nghị định số 04/2015/NĐ-CP") in r.output
    assert "+Quốc hội về thực hiện dân chủ ở xã" not in r.output  # nothing of the old citation is left


def test_a_replacement_stops_at_the_next_citation(tmp_path):
    plan = tmp_path / "hai.txt"
    plan.write_text("ỦY BAN NHÂN DÂN XÃ A\nSố: 1/KH-UBND\nA, ngày 05 tháng 01 năm 2026\nKẾ HOẠCH\n"
                    "Thực hiện dân chủ ở cơ sở năm 2026\nCăn cứ Pháp lệnh số 34/2007/PL-UBTVQH11 ngày 20/4/2007 về "
                    "thực hiện dân chủ ở xã, phường, thị trấn và "
                    "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;\n",
                    "utf-8")
    r = run("--diff", "--unsafe-fixes", plan)
    assert ("+Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022 của Quốc hội và "
            "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;") in r.output


# -- messages --------------------------------------------------------------------------------------------
def test_messages_name_the_instrument_as_plans_cite_it():
    r = run("--format", "concise", PLANS / "mau-2026.txt")
    assert ": QCDC101 [lỗi] Pháp lệnh số 34/2007/PL-UBTVQH11 đã hết hiệu lực từ ngày 01/07/2023" in r.output
    assert ": QCDC101 [lỗi] Nghị định số 04/2015/NĐ-CP không còn được áp dụng" in r.output


def test_qcdc109_suggests_the_wording_of_an_amended_citation():
    r = run("--format", "concise", "--preview", PLANS / "sua-doi-2026.txt")
    # the wording real "Căn cứ" lines use: no brackets, the amending laws joined by "và"
    assert ("nên ghi: “Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 được sửa đổi, bổ sung bởi "
            "Luật Quy hoạch đô thị và nông thôn số 47/2024/QH15 và Luật số 97/2025/QH15”") in r.output


def test_with_as_of_a_deadline_is_compared_with_the_date_of_checking():
    plan = PLANS / "thoi-han-sai-2024.txt"
    own = run("--format", "concise", "--select", "QCDC303", plan).output
    assert "Thời hạn 15/01/2024 trước ngày của kế hoạch (22/01/2024)." in own
    checked = run("--format", "concise", "--select", "QCDC303", "--as-of", "2024-12-01", plan).output
    assert "Thời hạn 30/11/2024 trước ngày kiểm tra (01/12/2024)." in checked
    assert "ngày của kế hoạch" not in checked
    en = run("--format", "concise", "--select", "QCDC303", "--as-of", "2024-12-01", "--lang", "en", plan).output
    assert "is before the date of checking (01/12/2024)" in en
