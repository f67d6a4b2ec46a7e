"""Floods bounded at their reader (issue 22, goal: < 10 s of CPU and < 500 MB for every input within the
documented limits): each extractor stops reading a kind of fact at extract/citations.MAX_FOUND, so what lies
past it costs only the scan, and the pipeline says that there were more (pipeline/checker.MAX_FACTS)."""
from __future__ import annotations

import pytest

from qcdc_rules.core.resources import sample_plan
from qcdc_rules.extract import levels
from qcdc_rules.extract.citations import MAX_FOUND
from qcdc_rules.pipeline import Engine, Options
from qcdc_rules.pipeline.checker import MAX_FACTS
from qcdc_rules.readers import ingest_text

DISTRICT = "UBND huyện chủ trì thực hiện; "  # an abolished level given work: a level mention each (QCDC206)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def flood(n: int, unit: str) -> str:
    return sample_plan().read_text("utf-8") + "\n" + unit * n + "\n"


def test_level_mentions_stop_at_the_cap(engine, monkeypatch):
    """Past MAX_FOUND mentions of a level, the rest of the text is not read for that level: the role of a
    mention (the costly part: its clause, its history, its body) is worked out at most MAX_FOUND times."""
    decided = []
    real = levels._body_start

    def counting(text, a, m):
        decided.append(a)
        return real(text, a, m)

    monkeypatch.setattr(levels, "_body_start", counting)
    doc = ingest_text(flood(MAX_FOUND + 3_000, DISTRICT))
    facts = engine.extractor.extract(doc)
    assert len(facts.level_mentions) == MAX_FOUND
    assert len(decided) <= MAX_FOUND + 50  # the sample plan's own mentions aside
    # the first ones by position are kept
    lines = [(m.span.line, m.span.column) for m in facts.level_mentions]
    assert lines == sorted(lines)


def test_a_district_flood_is_checked_up_to_the_cap_and_says_so(engine):
    report = engine.check_text(flood(MAX_FACTS + 1_000, DISTRICT), options=Options(lang="en"))
    assert any(n == f"[too-many-facts] more than {MAX_FACTS:,} level mentions: only the first {MAX_FACTS:,} were checked"
               for n in report.notes)
    assert sum(f.rule == "QCDC206" for f in report.findings) >= 1
