"""A status is only what sourced facts say: 'chưa rõ' (unknown) when no entry into force and no cessation is
recorded, never 'in force' by default; and the rules never call such an instrument in force or ceased."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qcdc_rules.knowledge.checks import validate_registry
from qcdc_rules.knowledge.status import status_on
from qcdc_rules.pipeline import Engine, Options, load_registry
from qcdc_rules.tools.lookup import officer_citation, rows, status_basis

D = dt.date


@pytest.mark.parametrize("issued, in_force, ceased, year, day, expected", [
    (D(2020, 3, 5), None, None, 2020, D(2026, 1, 1), "unknown"),        # an issue date alone says nothing more
    (None, None, None, 2021, D(2026, 1, 1), "unknown"),                 # a year alone neither
    (None, None, None, 2027, D(2026, 1, 1), "not-yet"),                 # … but nothing is in force before its year
    (D(2026, 3, 1), None, None, 2026, D(2026, 1, 1), "not-yet"),        # nor before it is issued
    (D(2020, 3, 5), D(2020, 3, 5), None, 2020, D(2026, 1, 1), "in-force"),  # in force from signing, recorded
    (D(2019, 11, 20), D(2021, 1, 1), None, 2019, D(2020, 6, 1), "not-yet"),
    (D(2008, 11, 13), None, D(2025, 7, 1), 2008, D(2025, 7, 1), "ceased"),   # ceased, whatever else is unknown
    (D(2008, 11, 13), None, D(2025, 7, 1), 2008, D(2025, 6, 30), "unknown"),
])
def test_status_rests_on_recorded_facts(issued, in_force, ceased, year, day, expected):
    assert status_on(day, issued, in_force, ceased, year) == expected


def _iri(reg, symbol, year=None):
    return next(i.iri for i in reg.instruments if i.symbol == symbol and (year is None or i.year == year))


def test_the_two_corrected_facts_and_the_party_documents_without_a_date_of_effect():
    reg = load_registry()
    law_2015 = _iri(reg, "77/2015/QH13")
    assert reg.status_on(law_2015, D(2025, 2, 28)) == "in-force"
    assert reg.status_on(law_2015, D(2025, 3, 1)) == "ceased"
    assert reg.status_on(_iri(reg, "65/2025/QH15"), D(2025, 3, 1)) == "in-force"
    assert reg.status_on(_iri(reg, "65/2025/QH15"), D(2025, 6, 16)) == "ceased"
    review_2023 = _iri(reg, "124-QĐ/TW", 2023)
    assert reg.status_on(review_2023, D(2025, 8, 29)) == "unknown"  # no entry into force is sourced
    assert reg.status_on(review_2023, D(2025, 8, 30)) == "ceased"
    assert status_basis(reg, review_2023, "ceased")[0] == "secondary"
    assert reg.status_on(_iri(reg, "124-QĐ/TW", 2018), D(2026, 1, 1)) == "unknown"
    assert reg.status_on(_iri(reg, "30-CT/TW"), D(2026, 1, 1)) == "unknown"
    assert reg.status_on(_iri(reg, "22/2008/QH12"), D(2025, 7, 1)) == "ceased"
    assert reg.status_on(_iri(reg, "80/2025/QH15"), D(2025, 7, 1)) == "in-force"


def test_list_rows_carry_the_confidence_of_the_status_fact_not_the_instrument():
    reg = load_registry()
    row = next(r for r in rows(reg, D(2026, 1, 12)) if r.symbol == "04/2015/NĐ-CP")
    assert (row.status, row.confidence) == ("ceased", "unsure")  # its issue facts are verified; its end is not
    row = next(r for r in rows(reg, D(2026, 1, 12)) if r.symbol == "30-CT/TW")
    assert (row.status, row.confidence) == ("unknown", "")
    assert len({(r.iri) for r in rows(reg, D(2026, 1, 12))}) == len(rows(reg, D(2026, 1, 12)))


def test_full_citations_are_written_as_officers_write_them():
    reg = load_registry()
    assert officer_citation(reg, _iri(reg, "04/2015/NĐ-CP")) == (
        "Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ về thực hiện dân chủ trong hoạt động của cơ quan "
        "hành chính nhà nước và đơn vị sự nghiệp công lập")
    assert officer_citation(reg, _iri(reg, "59/2023/NĐ-CP")) == (
        "Nghị định số 59/2023/NĐ-CP ngày 14/08/2023 của Chính phủ quy định chi tiết một số điều của Luật Thực hiện "
        "dân chủ ở cơ sở")
    # the date already in the citation label is not written twice
    assert officer_citation(reg, _iri(reg, "124-QĐ/TW", 2018)).startswith(
        "Quy định số 124-QĐ/TW ngày 02/02/2018 của Ban Bí thư về giám sát")
    assert officer_citation(reg, _iri(reg, "80/2025/QH15")) == (
        "Luật Cán bộ, công chức số 80/2025/QH15 ngày 24/06/2025 của Quốc hội")


def test_a_status_fact_without_a_source_is_refused(tmp_path: Path):
    extra = tmp_path / "office.ttl"
    extra.write_text("""@prefix qcdc: <https://w3id.org/qcdc-rules/ns#> .
@prefix reg:  <https://w3id.org/qcdc-rules/registry/> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix dct:  <http://purl.org/dc/terms/> .
reg:ISS-X a qcdc:Issuer .
reg:KH-9-X a qcdc:KeHoach ; qcdc:symbol "9/KH-UBND" ; qcdc:issuer reg:ISS-X ;
    qcdc:dateIssued "2025-01-02"^^xsd:date ; qcdc:entryIntoForce "2025-01-02"^^xsd:date ;
    qcdc:provenance [ qcdc:covers qcdc:dateIssued ; dct:source "sổ công văn đi" ; qcdc:confidence qcdc:verified ] .
""", "utf-8")
    problems = validate_registry([extra], "en")
    assert [(p.instrument, p.message) for p in problems] == [
        ("9/KH-UBND",
         "9/KH-UBND: the fact https://w3id.org/qcdc-rules/ns#entryIntoForce has no source (a qcdc:provenance that "
         "qcdc:covers it).")]


def test_rules_never_call_an_instrument_of_unknown_status_ceased_or_in_force():
    text = """UBND XÃ AN PHÚ
Số: 12/KH-UBND
An Phú, ngày 10 tháng 3 năm 2026
KẾ HOẠCH
Thực hiện dân chủ ở cơ sở năm 2026
Căn cứ Chỉ thị số 30-CT/TW ngày 18/02/1998 của Bộ Chính trị về xây dựng và thực hiện Quy chế dân chủ ở cơ sở;
Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15;
"""
    fr = Engine().check_text(text, "ke-hoach.txt", Options())
    cited = {c.instrument: c.status_on_plan_date for c in fr.citations if c.instrument}
    assert cited["30-CT/TW"] == "unknown"
    assert cited["10/2022/QH15"] == "in-force"
    assert not [f for f in fr.findings if f.rule in ("QCDC101", "QCDC102", "QCDC107") and "30-CT/TW" in f.message]
