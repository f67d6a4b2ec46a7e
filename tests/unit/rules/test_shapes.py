"""Rules are data: every shape carries its code, name, severity, and both languages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from qcdc_rules.pipeline import rule_catalog as rules_by_code
from qcdc_rules.rules.catalog import load_shapes as _load_shapes, read_rules


def load_shapes():
    g = _load_shapes()
    return g, read_rules(g)
from qcdc_rules.knowledge.vocab import SH

SPEC = next(p for p in Path(__file__).resolve().parents
            if (p / "pyproject.toml").is_file()).parent / "shared" / "spec" / "rules.md"


@pytest.mark.skipif(not SPEC.is_file(), reason="needs ../shared/spec/rules.md")
def test_codes_names_and_default_severities_match_the_published_catalog():
    rows = re.findall(r"^\| (QCDC\d{3}) \| ([a-z-]+) \| (error|warning|info)\b", SPEC.read_text("utf-8"), re.M)
    assert rows, "no rule rows found in the catalog"
    got = {code: (r.name, r.default_severity) for code, r in rules_by_code().items()}
    published = {code: (name, sev) for code, name, sev in rows}
    # the contract: every published code, with its name and default severity, unchanged
    assert {code: got.get(code) for code in published} == published
    # the project's own additions stay out of the published families (1xx-3xx), so no published code can ever
    # change meaning, and each is in README's rule table (generated from the shapes)
    extra = set(got) - set(published)
    assert all(code.startswith("QCDC4") for code in extra), extra
    readme = Path(__file__).resolve().parents[3] / "README.md"
    assert all(f"[{code}]" in readme.read_text("utf-8") for code in extra)


def test_a_rule_shape_the_executors_cannot_run_is_refused_at_load(tmp_path):
    from qcdc_rules.core.errors import DataError
    from qcdc_rules.knowledge.rdf import load_graph
    from qcdc_rules.rules.catalog import check_rule_shapes

    bad = tmp_path / "QCDC999.ttl"
    bad.write_text('''@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix qcdc: <https://w3id.org/qcdc-rules/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix qcdcs: <https://w3id.org/qcdc-rules/shapes#> .
qcdcs:QCDC999 a sh:NodeShape, qcdc:Rule ; qcdc:code "QCDC999" ; qcdc:ruleName "plain-property" ;
  sh:severity sh:Warning ; sh:targetClass qcdc:Plan ; rdfs:label "x"@vi, "x"@en ; rdfs:comment "x"@vi, "x"@en ;
  sh:property [ sh:path qcdc:planYear ; sh:minCount 1 ] .
''', "utf-8")
    shapes = load_graph([bad], _load_shapes().__class__())
    for t in _load_shapes():
        shapes.add(t)
    with pytest.raises(DataError) as e:
        check_rule_shapes(shapes)
    assert "QCDC999" in e.value.message and "sh:property is not run" in e.value.message
    assert "sh:sparql" in e.value.message  # it has no SPARQL constraint either
    assert "documentation" in e.value.message


def test_the_shipped_rule_shapes_pass_the_meta_shape():
    from qcdc_rules.rules.catalog import check_rule_shapes

    check_rule_shapes(_load_shapes())  # raises DataError on any problem


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
