"""Every rule shape's qcdc:exampleFires and qcdc:examplePasses (the examples `qcdc-check rule CODE` shows)
run as tests, as LanguageTool runs each rule's examples: the example is placed in the minimal plan of
minimal_plan.py, and the rule must fire on it (exactly `count` times, 1 unless the example names several
cases) or find nothing.

How each example is placed is in its rule's folder, `examples.toml`, one table per shape and kind
(`[QCDC102-info.fires]`): the parts of the plan it replaces (minimal_plan's keywords), where `{1}`, `{2}` …
stand for the example's passages in straight quotes, in order, with `…` in them read as `ellipsis`. Every
passage must be placed, or named in `absent` when the example says the plan lacks it; `said` lists words of
an example without passages that the plan must contain, `absent` may also list words it must not. So an
example reworded in the shape no longer matches its placement and fails here until both agree."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from minimal_plan import minimal_plan

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
PLAN_KEYS = {"date", "cite", "issuer", "number", "date_line", "title", "basis", "purpose", "content", "organisation",
             "sections", "recipients", "signature"}
SPEC_KEYS = PLAN_KEYS | {"ellipsis", "count", "severity", "said", "absent", "options"}
KINDS = {"fires": "exampleFires", "passes": "examplePasses"}


def _shapes() -> dict:
    from qcdc_rules.pipeline import load_compiled

    return {iri.rsplit("#", 1)[-1]: info for iri, info in load_compiled().rules.items()}


def _specs() -> dict:
    specs: dict = {}
    for path in sorted(HERE.glob("QCDC*/examples.toml")):
        for shape, kinds in tomllib.loads(path.read_text("utf-8")).items():
            assert shape.split("-")[0] == path.parent.name, f"{path}: [{shape}] belongs in its own rule's folder"
            specs[shape] = kinds
    return specs


def passages(example: str) -> list[str]:
    """The example's passages: what it quotes in straight double quotes (curly quotes are its own words)."""
    return re.findall(r'"([^"]*)"', example)


def _fill(value, quoted: list[str]):
    if isinstance(value, list):
        return [_fill(v, quoted) for v in value]
    for i, text in enumerate(quoted, 1):
        value = value.replace("{%d}" % i, text)
    return value


def build(example: str, spec: dict) -> str:
    """The plan the example is run in; fails when the placement does not use what the example says."""
    unknown = set(spec) - SPEC_KEYS
    assert not unknown, f"unknown keys {sorted(unknown)}"
    quoted = [p.replace("…", spec.get("ellipsis", "")) for p in passages(example)]
    absent = spec.get("absent", [])
    text_of_spec = repr({k: v for k, v in spec.items() if k in PLAN_KEYS})
    for i in range(1, len(quoted) + 1):
        assert "{%d}" % i in text_of_spec or i in absent, f"passage {i} of the example is not placed: {quoted[i - 1]!r}"
    assert quoted or spec.get("said") or absent, "an example without passages needs `said` or `absent` words"
    plan = minimal_plan(**{k: _fill(v, quoted) for k, v in spec.items() if k in PLAN_KEYS})
    for words in spec.get("said", []):
        assert words in example, f"`said` words not in the example: {words!r}"
        assert words.lower() in plan.lower(), f"the plan does not contain {words!r}, which the example says"
    for item in absent:  # a passage (its words around each "…") or words of the example
        if isinstance(item, int):
            pieces = [p.strip() for p in passages(example)[item - 1].split("…") if p.strip()]
        else:
            assert item in example, f"`absent` words not in the example: {item!r}"
            pieces = [item]
        for piece in pieces:
            assert piece.lower() not in plan.lower(), f"the plan contains {piece!r}, which the example says is absent"
    return plan


def _cases():
    specs = _specs()
    for shape, info in sorted(_shapes().items()):
        for kind, key in KINDS.items():
            example = info.docs.get(key, {}).get("", "")
            yield pytest.param(shape, info, kind, example, specs.get(shape, {}).get(kind), id=f"{shape}-{kind}")


@pytest.mark.parametrize("shape,info,kind,example,spec", list(_cases()))
def test_example(check, shape, info, kind, example, spec):
    assert example, f"{shape} has no {KINDS[kind]}"
    assert spec is not None, f"tests/rules/{info.code}/examples.toml has no [{shape}.{kind}] for: {example}"
    plan = build(example, spec)
    options = dict(spec.get("options", {}))
    if "word_lists" in options:  # an office's word lists (QCDC401), relative to the rule's folder
        options["word_lists"] = tuple(str(HERE / info.code / name) for name in options["word_lists"])
    report = check(plan, preview=True, **options)
    assert report.error is None, report.error
    severity = spec.get("severity", info.default_severity)
    got = [(f.line, f.severity, f.message) for f in report.findings if f.rule == info.code and f.severity == severity]
    want = spec.get("count", 1) if kind == "fires" else 0
    assert len(got) == want, f"{shape} {kind} ({example}): expected {want} {severity} findings, got {got}\n{plan}"


def test_no_placement_for_a_shape_that_is_gone():
    assert set(_specs()) <= set(_shapes())
