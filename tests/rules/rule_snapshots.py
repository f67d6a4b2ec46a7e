"""Snapshots of one rule's findings on one plan, as ruff's insta snapshots: a readable text file beside the
plan (PLAN-STEM.snap), compared exactly. Every finding of the rule is written: place, severity, the
instrument, the exact text marked, the message in Vietnamese and in English, the fix with its safety and range.

To accept a change on purpose: `QCDC_UPDATE_SNAPSHOTS=1 python -m pytest tests/rules -q`. Each snapshot
that changed is rewritten, and its diff is printed in the warnings summary; review it with `git diff`."""
from __future__ import annotations

import difflib
import json
import os
import warnings
from pathlib import Path

UPDATE_ENV = "QCDC_UPDATE_SNAPSHOTS"
HEAD = ("# written by tests/rules/test_rules.py; to accept a change:"
        " QCDC_UPDATE_SNAPSHOTS=1 python -m pytest tests/rules")


def _span(s) -> str:
    return f"{s.line}:{s.column}-{s.end_line}:{s.end_column}"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _plain(text: str) -> str:
    """A message as it reads, unless it holds a line break (then quoted, so each entry stays one line)."""
    return _quote(text) if "\n" in text or text != text.strip() else text


def render(code: str, plan: str, vi: list, en: list) -> str:
    """The snapshot text of `code`'s findings on `plan`: `vi` and `en` are the same check in each language."""
    places = [(f.line, f.column, f.end_line, f.end_column) for f in vi]
    assert places == [(f.line, f.column, f.end_line, f.end_column) for f in en], (
        f"{code} on {plan}: the Vietnamese and English runs found different places")
    count = f"{len(vi)} finding" + ("" if len(vi) == 1 else "s")
    out = [f"# {code} on {plan}: {count}", HEAD]
    for f, e in zip(vi, en, strict=True):
        out += ["", f"{_span(f)} {f.severity}" + (f" {f.instrument}" if f.instrument else ""),
                f"  text: {_quote(f.text)}", f"  vi: {_plain(f.message)}", f"  en: {_plain(e.message)}"]
        if f.fix is not None:
            same = e.fix is not None and e.fix.replacement == f.fix.replacement
            assert same, f"{code}: the fix depends on the language"
            at = _span(f.fix.range) if f.fix.range is not None else "suggestion"
            out.append(f"  fix: {f.fix.safety} {at} {_quote(f.fix.replacement)}")
    return "\n".join(out) + "\n"


def assert_snapshot(path: Path, got: str) -> None:
    """Fail with a unified diff when `got` differs from the stored snapshot (or there is none); with
    QCDC_UPDATE_SNAPSHOTS=1 write it instead and report the diff as a warning."""
    old = path.read_text("utf-8") if path.is_file() else ""
    if old == got:
        return
    diff = "".join(difflib.unified_diff(old.splitlines(True), got.splitlines(True),
                                        f"{path.name} (stored)", f"{path.name} (now)"))
    if os.environ.get(UPDATE_ENV) == "1":
        path.write_text(got, "utf-8")
        warnings.warn(f"snapshot {'updated' if old else 'written'}: {path}\n{diff}", stacklevel=2)
        return
    hint = "no snapshot yet" if not old else "snapshot differs"
    raise AssertionError(f"{hint}: {path}\n{diff}\naccept on purpose with {UPDATE_ENV}=1 python -m pytest tests/rules")
