"""rules/prebind.py: $this written into the query text, removed where a constant cannot stand."""
import pytest

from qcdc_rules.pipeline.compiled import load_compiled
from qcdc_rules.rules.prebind import THIS_MARK, prebound_template

P = "PREFIX : <urn:x:>\n"


def test_this_becomes_the_mark_and_leaves_the_projection_and_group_by():
    t = prebound_template(P + "SELECT $this ?v (COUNT(?o) AS ?n) WHERE { $this :p ?v . ?v :q ?o } GROUP BY $this ?v")
    assert "$this" not in t and "?this" not in t
    assert f"{THIS_MARK} :p ?v" in t
    assert "SELECT  ?v (COUNT(?o) AS ?n)" in t and "GROUP BY  ?v" in t


def test_question_mark_this_is_the_same_variable():
    t = prebound_template(P + "SELECT ?value WHERE { ?this :p ?value }")
    assert f"{THIS_MARK} :p ?value" in t


def test_this_inside_an_expression_of_the_projection_becomes_the_constant():
    t = prebound_template(P + "SELECT ?v (STR($this) AS ?s) WHERE { $this :p ?v }")
    assert f"(STR({THIS_MARK}) AS ?s)" in t


@pytest.mark.parametrize("query", [
    "SELECT $this WHERE { $this :p ?v }",                              # projection would be empty
    "SELECT ?v (COUNT(?v) AS ?n) WHERE { $this :p ?v } GROUP BY $this",  # GROUP BY would be empty
    'SELECT ?v WHERE { $this :p ?v FILTER (?v != "$this") }',           # $this inside a string
])
def test_queries_it_cannot_rewrite_keep_the_substitution(query):
    assert prebound_template(P + query) is None


def test_every_shipped_rule_query_is_rewritten():
    assert all(c.template for c in load_compiled().constraints)
