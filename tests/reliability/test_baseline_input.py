"""A --baseline file that is not a baseline (nested 100,000 levels deep, not JSON, the wrong shape) is one clear
error and exit 2, never a traceback (issue 22, item 11, the CLI's half)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main
from writehelp import PLAN_TXT, cli

DEEP = 100_000
BAD = {
    "deep array": "[" * DEEP + "]" * DEEP,
    "deep object in files": '{"schema": "qcdc-check/baseline/1", "files": ' + '{"a": ' * DEEP + "1" + "}" * DEEP + "}",
    "deep list of a file": '{"schema": "qcdc-check/baseline/1", "files": {"p": ' + "[" * DEEP + "]" * DEEP + "}}",
    "not json": "schema = baseline",
    "binary": "\x00\xff\xfe",
    "files of numbers": '{"schema": "qcdc-check/baseline/1", "files": {"p": [1, 2]}}',
    "files a list": '{"schema": "qcdc-check/baseline/1", "files": ["p"]}',
}


@pytest.mark.parametrize("name", list(BAD))
@pytest.mark.parametrize("lang,words", [("vi", "không đọc được tệp baseline"), ("en", "not a readable baseline file")])
def test_a_bad_baseline_is_one_clear_error(tmp_path, name, lang, words):
    path = tmp_path / "baseline.json"
    path.write_bytes(BAD[name].encode("utf-8", "surrogatepass") if name != "binary" else b"\x00\xff\xfe")
    r = CliRunner().invoke(main, ["--lang", lang, "--baseline", str(path), str(PLAN_TXT)])
    assert r.exit_code == 2 and (r.exception is None or isinstance(r.exception, SystemExit)), repr(r.exception)
    assert "Traceback" not in r.output and words in r.stderr and "baseline.json" in r.stderr


def test_a_deep_baseline_in_a_real_process(tmp_path):
    """As the console script runs it (its own recursion limit and stack): exit 2, no traceback."""
    path = tmp_path / "deep.json"
    path.write_text(BAD["deep array"], "utf-8")
    r = cli("--baseline", path, PLAN_TXT)
    stderr = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2 and "Traceback" not in stderr and "không đọc được tệp baseline" in stderr, stderr


def test_a_deep_baseline_named_by_the_config(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN_TXT.read_text("utf-8"), "utf-8")
    (tmp_path / "deep.json").write_text(BAD["deep array"], "utf-8")
    (tmp_path / "qcdc.toml").write_text('baseline = "deep.json"\n', "utf-8")
    r = CliRunner().invoke(main, [str(tmp_path / "plan.txt")])
    assert r.exit_code == 2 and (r.exception is None or isinstance(r.exception, SystemExit)), repr(r.exception)
    assert "không đọc được tệp baseline" in r.stderr
