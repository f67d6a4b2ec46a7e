"""Rules are data: every shape carries its code, name, severity, and both languages."""
from __future__ import annotations

import re


from qcdc_rules.validate import load_shapes, rules_by_code
from qcdc_rules.vocab import SH

CATALOG = {
    "QCDC101": ("superseded-instrument", "error"), "QCDC102": ("ceases-during-plan", "warning"),
    "QCDC103": ("citation-date-mismatch", "error"), "QCDC104": ("malformed-symbol", "warning"),
    "QCDC105": ("unknown-instrument", "info"), "QCDC106": ("missing-current-basis", "warning"),
    "QCDC107": ("not-yet-in-force", "warning"), "QCDC108": ("title-mismatch", "warning"),
    "QCDC109": ("amended-instrument", "info"), "QCDC206": ("abolished-level", "error"),
    "QCDC201": ("missing-section", "error"), "QCDC202": ("section-order", "warning"),
    "QCDC203": ("numbering-gap", "warning"), "QCDC204": ("missing-header-part", "warning"),
    "QCDC205": ("unfilled-placeholder", "info"), "QCDC301": ("missing-reporting-duty", "error"),
    "QCDC302": ("deadline-without-date", "warning"), "QCDC303": ("deadline-outside-period", "warning"),
    "QCDC304": ("deadline-order", "warning"), "QCDC305": ("report-without-recipient", "warning"),
}


def test_codes_names_and_default_severities_match_the_catalog():
    got = {code: (r.name, r.default_severity) for code, r in rules_by_code().items()}
    assert got == CATALOG


def test_every_rule_shape_has_docs_and_messages_in_both_languages():
    g, rules = load_shapes()
    for shape, info in rules.items():
        assert info.label_vi and info.label_en and info.doc_vi and info.doc_en, shape
        constraints = list(g.objects(__import__("rdflib").URIRef(shape), SH.sparql))
        assert constraints, shape
        for c in constraints:
            msgs = [str(m) for m in g.objects(c, SH.message)]
            assert any(m.startswith("[vi] ") for m in msgs) and any(m.startswith("[en] ") for m in msgs), shape


def test_shape_severity_matches_declared_default():
    g, rules = load_shapes()
    sev = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}
    for shape, info in rules.items():
        actual = sev[g.value(__import__("rdflib").URIRef(shape), SH.severity)]
        assert actual == info.default_severity, shape


def test_message_variables_are_projected():
    """A {?var} in a message that the query does not project would print literally."""
    g, rules = load_shapes()
    for shape in rules:
        for c in g.objects(__import__("rdflib").URIRef(shape), SH.sparql):
            select = str(g.value(c, SH.select))
            head = select[: select.index("WHERE")]
            for m in g.objects(c, SH.message):
                for var in re.findall(r"\{\?(\w+)\}", str(m)):
                    assert f"?{var}" in head, (shape, var)
