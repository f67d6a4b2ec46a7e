"""The snapshot comparison itself (rule_snapshots.py): a rule firing twice, or with another message or fix,
gives another snapshot; a differing snapshot fails with a diff unless QCDC_UPDATE_SNAPSHOTS=1 is set."""
from __future__ import annotations

import pytest
from rule_snapshots import UPDATE_ENV, assert_snapshot, render

from qcdc_rules.contract.models import Finding, Fix, Span


def _finding(message="Thông điệp.", fix=None, line=3):
    return Finding(rule="QCDC999", name="x", severity="warning", message=message, line=line, column=2,
                   end_line=line, end_column=9, text="Luật số", fix=fix)


def test_each_difference_changes_the_snapshot():
    one = render("QCDC999", "p.txt", [_finding()], [_finding("Message.")])
    assert render("QCDC999", "p.txt", [_finding()] * 2, [_finding("Message.")] * 2) != one
    assert render("QCDC999", "p.txt", [_finding("Khác.")], [_finding("Message.")]) != one
    assert render("QCDC999", "p.txt", [_finding()], [_finding("Other.")]) != one
    where = Span(line=3, column=2, end_line=3, end_column=9)
    fixed = Fix(replacement="Luật số 10/2022/QH15", safety="unsafe", range=where)
    with_fix = render("QCDC999", "p.txt", [_finding(fix=fixed)], [_finding("Message.", fix=fixed)])
    assert with_fix != one and '  fix: unsafe 3:2-3:9 "Luật số 10/2022/QH15"' in with_fix.splitlines()


def test_languages_must_agree_on_places():
    with pytest.raises(AssertionError, match="different places"):
        render("QCDC999", "p.txt", [_finding()], [_finding(line=4)])


def test_a_differing_snapshot_fails_with_a_diff_and_is_written_on_request(tmp_path, monkeypatch):
    path = tmp_path / "p.snap"
    path.write_text("old\n", "utf-8")
    monkeypatch.delenv(UPDATE_ENV, raising=False)
    with pytest.raises(AssertionError, match=r"(?s)snapshot differs.*-old\n\+new"):
        assert_snapshot(path, "new\n")
    assert path.read_text("utf-8") == "old\n"
    monkeypatch.setenv(UPDATE_ENV, "1")
    with pytest.warns(UserWarning, match="snapshot updated"):
        assert_snapshot(path, "new\n")
    assert path.read_text("utf-8") == "new\n"
    assert_snapshot(path, "new\n")  # equal: nothing to say
