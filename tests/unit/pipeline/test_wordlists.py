"""An office's word list (pipeline/wordlists.py): the format's problems, each by its code and line, all of them
at once; a right list read with its defaults; the command line says them and exits 2 without checking."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main
from qcdc_rules.pipeline.wordlists import PROBLEMS, WordListError, load_word_list, parse_word_list

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
GOOD = '[[term]]\nfind = "xã Tân Lạc"\nreplace = "phường Tân Lạc"\n'


def problems(source: str) -> list[tuple[str, int]]:
    with pytest.raises(WordListError) as e:
        parse_word_list(source, "ds.toml")
    return [(p.code, p.line) for p in e.value.problems]


@pytest.mark.parametrize("source,expected", [
    ('[[term]]\nfind = "xã Tân Lạc"\nreplace = "phường Tân Lạc"\nreplac = "x"\n', [("word-list-unknown-key", 4)]),
    ('[list]\nname = "A"\nseverty = "error"\n' + GOOD, [("word-list-unknown-key", 3)]),
    ('titel = "A"\n' + GOOD, [("word-list-unknown-key", 1)]),
    ('[[term]]\nfind = ""\nreplace = "phường Tân Lạc"\n', [("word-list-empty-find", 2)]),
    ('[[term]]\nfind = ["xã Tân Lạc", " - "]\nreplace = "phường Tân Lạc"\n', [("word-list-empty-find", 2)]),
    ('[[term]]\nfind = []\nreplace = "phường Tân Lạc"\n', [("word-list-empty-find", 2)]),
    (GOOD + GOOD, [("word-list-duplicate-find", 5)]),
    # the same words up to case and the tone mark's place are the same term
    (GOOD + '\n[[term]]\nfind = "Xã Tân Lạc"\nreplace = "x"\n', [("word-list-duplicate-find", 6)]),
    ('[[term]]\nfind = "xã Hòa Phú"\nreplace = "a"\n[[term]]\nfind = "xã Hoà Phú"\nreplace = "b"\n',
     [("word-list-duplicate-find", 5)]),
    (GOOD + 'effective-from = "31/02/2025"\n', [("word-list-bad-date", 4)]),
    ('[list]\neffective-from = "mùng 1 tháng 7"\n' + GOOD, [("word-list-bad-date", 2)]),
    (GOOD + "effective-from = 2025-07-01T00:00:00\n", [("word-list-bad-date", 4)]),
    (GOOD + 'severity = "fatal"\n', [("word-list-bad-value", 4)]),
    (GOOD + 'whole-words = "yes"\n', [("word-list-bad-value", 4)]),
    ('[[term]]\nfind = 12\nreplace = "x"\n', [("word-list-bad-value", 2)]),
    ('[[term]]\nfind = "xã Tân Lạc"\nreplace = ""\n', [("word-list-bad-value", 3)]),
    ('[[term]]\nfind = "xã Tân Lạc"\n', [("word-list-missing-key", 1)]),
    ('[list]\nname = "A"\n', [("word-list-missing-key", 0)]),
    ('[[term]]\nfind = "xã Tân Lạc"\nreplace = "Xã Tân Lạc"\n', [("word-list-no-change", 3)]),
    ('[[term]]\nfind = "xã Tân Lạc\nreplace = "x"\n', [("word-list-syntax", 2)]),
    ('term = "xã Tân Lạc"\n', [("word-list-bad-value", 1)]),
])
def test_each_problem_by_code_and_line(source, expected):
    assert problems(source) == expected


def test_every_problem_at_once_in_line_order():
    source = ('[list]\nseverity = "loud"\n\n[[term]]\nfind = ""\nreplace = "a"\n\n[[term]]\nfind = "b"\nreplace = "c"\n'
              'efective-from = "01/7/2025"\n')
    assert problems(source) == [("word-list-bad-value", 2), ("word-list-empty-find", 5), ("word-list-unknown-key", 11)]


def test_every_code_is_documented():
    codes = {"word-list-unreadable", "word-list-syntax", "word-list-unknown-key", "word-list-missing-key",
             "word-list-empty-find", "word-list-duplicate-find", "word-list-bad-date", "word-list-bad-value",
             "word-list-no-change", "word-list-too-large"}
    assert set(PROBLEMS) == codes
    readme = (ROOT / "README.md").read_text("utf-8")
    assert all(f"`{c}`" in readme for c in codes)


def test_a_right_list_with_its_defaults():
    wl = parse_word_list('[list]\nname = "Bình Sơn"\nversion = 2025\neffective-from = 2025-07-01\nseverity = "error"\n'
                         'case-sensitive = true\n\n[[term]]\nfind = ["xã Tân  Lạc", "X. Tân Lạc"]\nreplace = "phường '
                         'Tân Lạc"\n'
                         'note = "sắp xếp."\n\n[[term]]\nfind = "thị trấn Phú Lộc"\nreplace = "xã Phú Lộc"\n'
                         'severity = "info"\neffective-from = "15/08/2025"\nwhole-words = false\n', "ds.toml")
    assert (wl.name, wl.version) == ("Bình Sơn", "2025")
    first, second = wl.terms
    assert first.find == ("xã Tân Lạc", "X. Tân Lạc") and first.line == 8
    assert (first.severity, first.effective_from, first.case_sensitive, first.whole_words) == \
        ("error", dt.date(2025, 7, 1), True, True)
    assert (second.severity, second.effective_from, second.whole_words) == ("info", dt.date(2025, 8, 15), False)
    assert parse_word_list(GOOD, "/x/tinh-binh-son.toml").name == "tinh-binh-son"  # the file's name by default


def test_unreadable_files(tmp_path):
    for path in (tmp_path / "missing.toml", tmp_path):
        with pytest.raises(WordListError) as e:
            load_word_list(path)
        assert e.value.code == "word-list-unreadable"
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[[term]]\nfind = "Tân"\nreplace = "x"\n'.encode("cp1258", errors="replace") + b"\xff")
    with pytest.raises(WordListError) as e:
        load_word_list(latin1)
    assert e.value.code == "word-list-unreadable"


def test_a_changed_file_is_read_again(tmp_path):
    path = tmp_path / "ds.toml"
    path.write_text(GOOD, "utf-8")
    assert load_word_list(path).terms[0].replace == "phường Tân Lạc"
    path.write_text(GOOD.replace("phường Tân Lạc", "phường Tân Lạc Mới") + "# longer\n", "utf-8")
    assert load_word_list(path).terms[0].replace == "phường Tân Lạc Mới"


def test_the_command_line_names_each_problem_and_exits_2(tmp_path):
    bad = tmp_path / "ds.toml"
    bad.write_text('[[term]]\nfind = ""\nreplace = "a"\nfnd = 1\n', "utf-8")
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text("KẾ HOẠCH\nxã Tân Lạc\n", "utf-8")
    for lang in ("vi", "en"):
        r = CliRunner().invoke(main, ["check", "--isolated", "--lang", lang, "--format", "json", "--word-list",
                                      str(bad), str(plan)])
        assert r.exit_code == 2 and r.stdout == ""
        assert f"{bad}:2: [word-list-empty-find]" in r.stderr and f"{bad}:4: [word-list-unknown-key]" in r.stderr
        assert "Traceback" not in r.stderr


def test_the_python_api_refuses_a_bad_list_with_a_value_error(tmp_path):
    import qcdc_rules

    bad = tmp_path / "ds.toml"
    bad.write_text('[[term]]\nfind = "a"\nreplace = "b"\neffective-from = "hôm nay"\n', "utf-8")
    with pytest.raises(ValueError, match=r"\[word-list-bad-date\]"):
        qcdc_rules.check_text("KẾ HOẠCH\n", word_lists=[str(bad)])


def test_json_lines_carry_the_code():
    with pytest.raises(WordListError) as e:
        parse_word_list('[[term]]\nfind = ""\nreplace = "a"\n', "ds.toml")
    assert [json.loads(x)["error"]["code"] for x in e.value.json_lines("vi")] == ["word-list-empty-find"]
