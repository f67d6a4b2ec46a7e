"""graph/terms.py: N-Triples terms that Oxigraph and rdflib read back as the values they were made from."""
import datetime as dt

import pyoxigraph as ox
import pytest

from qcdc_rules.graph.terms import iri, literal


@pytest.mark.parametrize("value", [
    'Căn cứ "Luật" số 10/2022/QH15\\ ngày…', "dòng một\ndòng hai\r\n", "NUL\x00 và tab\t", "", "“ngoặc kép”",
])
def test_a_string_literal_reads_back_as_itself(value):
    [t] = ox.parse(f"<urn:s> <urn:p> {literal(value)} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)
    assert t.object.value == value and t.object.datatype.value.endswith("#string")


@pytest.mark.parametrize("value, lexical, datatype", [
    (True, "true", "boolean"), (False, "false", "boolean"), (2026, "2026", "integer"), (0.85, "0.85", "decimal"),
    (dt.date(2026, 1, 12), "2026-01-12", "date"),
])
def test_typed_literals_are_typed_as_rdflib_types_them(value, lexical, datatype):
    from rdflib import Graph

    line = f"<urn:s> <urn:p> {literal(value)} .\n"
    [t] = ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES)
    assert t.object.value == lexical and t.object.datatype.value.endswith("#" + datatype)
    back = next(iter(Graph().parse(data=line, format="nt").objects())).toPython()
    assert (float(back) if isinstance(value, float) else back) == value


def test_an_iri_with_a_space_or_bracket_is_refused_not_written():
    assert iri("urn:qcdc:plan:1/citation0") == "<urn:qcdc:plan:1/citation0>"
    for bad in ("urn:a b", "urn:a>b", 'urn:"'):
        with pytest.raises(ValueError):
            iri(bad)
