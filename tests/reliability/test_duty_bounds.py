"""The duty reader's cost on a flood of list items that never report (issue 22, goal: < 10 s of CPU for every
input within the limits; benchmarks/worst_case.py 'section-flood', 800,000 lines 'I. A'): a clause without
"báo cáo" costs one search, and sentences are read only as far as a clause that reports needs them. Counted,
not timed."""
from __future__ import annotations

import pytest

from qcdc_rules.extract import duties
from qcdc_rules.extract.flat import flatten
from qcdc_rules.readers import ingest_text

ITEMS = 50_000
DUTY = "- Tổ dân phố gửi báo cáo kết quả về UBND phường trước ngày 20/11/2027."


@pytest.fixture
def counted(monkeypatch):
    """How many sentences the reader reads and how many clauses it blanks the excluded spans of."""
    seen = {"sentences": 0, "masked": 0}
    clauses, mask = duties.clauses, duties._mask

    def counting_clauses(flat, start=0, end_re=duties._END):
        for c in clauses(flat, start, end_re):
            if end_re is duties._SENTENCE_END:
                seen["sentences"] += 1
            yield c

    def counting_mask(text, spans):
        seen["masked"] += 1
        return mask(text, spans)

    monkeypatch.setattr(duties, "clauses", counting_clauses)
    monkeypatch.setattr(duties, "_mask", counting_mask)
    return seen


def _read(text: str):
    doc = ingest_text(text)
    return duties.extract_duties(doc, flatten(doc.text), 0, None, None, [])


def test_a_flood_that_never_reports_reads_no_sentence_and_blanks_no_clause(counted):
    found, deadlines = _read("II. B\n" * ITEMS)
    assert (found, deadlines) == ([], [])
    # before: every one of the 100,000 sentences was read first, and every clause was blanked
    assert counted == {"sentences": 0, "masked": 0}


def test_a_duty_after_the_flood_still_finds_its_sentence_and_recipient(counted):
    found, deadlines = _read("II. B\n" * ITEMS + DUTY + "\n")
    assert len(found) == 1
    assert found[0].recipient is not None and "UBND" in found[0].recipient
    assert [d.date.isoformat() for d in deadlines] == ["2027-11-20"]
    # the sentences up to the duty are read once (two a line), no more; only the reporting clause is blanked
    assert 2 * ITEMS <= counted["sentences"] <= 2 * ITEMS + 3
    assert counted["masked"] <= 6  # the clause's own few: excluded spans, statements, dates, deadline periods


def test_the_flood_changes_no_duty_of_a_plan(counted):
    """The same duties, recipients and deadlines with the flood before them as without it."""
    plan = "\n".join([DUTY, "- Các thôn báo cáo định kỳ 6 tháng gửi Ban Chỉ đạo xã.", "III. C",
                      "1. Công an xã phối hợp thực hiện; báo cáo UBND xã chậm nhất là ngày 05/12/2027."])
    alone = _read(plan)
    after = _read("II. B\n" * 1_000 + plan)
    assert [(d.text, d.recipient, d.periods, [x.date for x in d.deadlines]) for d in alone[0]] == \
        [(d.text, d.recipient, d.periods, [x.date for x in d.deadlines]) for d in after[0]]
    assert len(alone[0]) == 3
