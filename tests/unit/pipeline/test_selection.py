"""Which rules report under which options: stable rules by default, preview rules with --preview or when
selected by their exact code (as ruff does); --ignore last. One function decides (pipeline/options.py).
QCDC105 is the example of a rule in preview here, in tests/acceptance/test_preview.py and
tests/server/test_preview_api.py: when it becomes stable, take another preview rule and a plan it fires on."""
from __future__ import annotations

from qcdc_rules.pipeline import Options, rule_catalog
from qcdc_rules.pipeline.options import rule_enabled


def enabled(**kw) -> set[str]:
    options = Options(**kw)
    return {code for code, r in rule_catalog().items() if rule_enabled(code, r.preview, options)}


def stable() -> set[str]:
    return {code for code, r in rule_catalog().items() if not r.preview}


def test_the_states_are_the_shapes_own():
    """A state is one line of data in a rule's shape (no list of codes here: moving a rule is that line alone)."""
    from rdflib import URIRef

    from qcdc_rules.knowledge.vocab import QCDC
    from qcdc_rules.rules.catalog import load_shapes

    shapes = load_shapes()
    for code, r in rule_catalog().items():
        assert r.state in ("stable", "preview")
        assert shapes.value(URIRef(r.shape), QCDC.state) == QCDC[r.state.capitalize()], code


def test_default_runs_the_stable_rules_only():
    assert enabled() == stable()
    assert "QCDC206" in enabled() and "QCDC105" not in enabled()


def test_preview_runs_every_rule():
    assert enabled(preview=True) == set(rule_catalog())


def test_an_exact_code_selects_a_preview_rule():
    assert enabled(select=["QCDC105"]) == {"QCDC105"}
    assert enabled(select=["QCDC206"]) == {"QCDC206"}
    assert enabled(extend_select=["QCDC303"]) == stable() | {"QCDC303"}
    assert enabled(select=["QCDC2"],
                   extend_select=["QCDC305"]) == {c for c in stable() if c.startswith("QCDC2")} | {"QCDC305"}


def test_a_prefix_selects_the_stable_rules_under_it_unless_preview():
    assert enabled(select=["QCDC2"]) == {c for c in stable() if c.startswith("QCDC2")}
    assert enabled(select=["QCDC1"]) == {c for c in stable() if c.startswith("QCDC1")}
    assert "QCDC105" not in enabled(select=["QCDC1"]) and "QCDC105" not in enabled(select=["QCDC"])
    assert enabled(select=["QCDC1"], preview=True) == {c for c in rule_catalog() if c.startswith("QCDC1")}


def test_ignore_wins():
    assert "QCDC105" not in enabled(select=["QCDC105"], ignore=["QCDC1"])
    assert "QCDC303" not in enabled(preview=True, ignore=["QCDC303"])


def test_a_preview_rule_reports_only_when_enabled(check):
    plan = "ngay-va-ky-hieu-sai.txt"  # 999/2022/NĐ-CP is unknown: QCDC105 (preview)
    assert "QCDC105" not in {f.rule for f in check(plan).findings}
    assert "QCDC105" in {f.rule for f in check(plan, preview=True).findings}
    assert {f.rule for f in check(plan, select=["QCDC105"]).findings} == {"QCDC105"}
    assert "QCDC105" not in {f.rule for f in check(plan, select=["QCDC1"]).findings}
