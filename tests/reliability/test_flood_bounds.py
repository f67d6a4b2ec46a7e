"""Floods bounded at their reader (issue 22, goal: < 10 s of CPU and < 500 MB for every input within the
documented limits): each extractor stops reading a kind of fact at extract/citations.MAX_FOUND, so what lies
past it costs only the scan, and the pipeline says that there were more (pipeline/checker.MAX_FACTS)."""
from __future__ import annotations

import pytest

from qcdc_rules.core.resources import sample_plan
from qcdc_rules.extract import levels
from qcdc_rules.extract.citations import MAX_FOUND
from qcdc_rules.contract.models import Finding
from qcdc_rules.pipeline import Engine, Options, checker
from qcdc_rules.pipeline.checker import MAX_FACTS
from qcdc_rules.readers import ingest_text

DISTRICT = "UBND huyện chủ trì thực hiện; "  # an abolished level given work: a level mention each (QCDC206)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def flood(n: int, unit: str) -> str:
    return sample_plan().read_text("utf-8") + "\n" + unit * n + "\n"


def in_body(lines: str) -> str:
    """The sample plan with `lines` before its 'Nơi nhận'."""
    base = sample_plan().read_text("utf-8")
    cut = base.find("Nơi nhận")
    return base[:cut] + lines + base[cut:]


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
    assert any(n == f"[too-many-facts] more than {MAX_FACTS:,} level mentions: only the first {MAX_FACTS:,} were "
                    "checked"
               for n in report.notes)
    assert sum(f.rule == "QCDC206" for f in report.findings) >= 1


def test_words_naming_a_level_are_looked_at_up_to_max_seen(engine, monkeypatch):
    """'huyện' named again and again where it names no body: each costs its clause and context to rule out,
    so at most MAX_SEEN words of a level are looked at, and a note says so (vi by default, en)."""
    monkeypatch.setattr(levels, "MAX_SEEN", 300)
    seen = []
    real = levels._assigning
    monkeypatch.setattr(levels, "_assigning", lambda text, a, b: seen.append(a) or real(text, a, b))
    text = flood(2_000, "huyện; ")
    en = engine.check_text(text, options=Options(lang="en"))
    assert len(seen) <= 300
    assert "[too-many-facts] more than 300 words naming an abolished level: only the first 300 were read" in en.notes
    vi = engine.check_text(text, options=Options())
    assert "[too-many-facts] có hơn 300 từ chỉ cấp hành chính đã bỏ: chỉ 300 từ đầu tiên được xem xét" in vi.notes


def test_numbered_items_stop_at_the_cap_and_findings_of_a_rule_are_capped(engine, monkeypatch):
    """A numbering flood (the same letter item again and again: a QCDC203 finding each): the structure reader
    stops one past MAX_FOUND items, the rules see MAX_FACTS, and the report shows the first
    MAX_FINDINGS_PER_RULE findings of the rule with a note giving how many there were."""
    from qcdc_rules.extract import structure

    monkeypatch.setattr(structure, "MAX_FOUND", 301)
    monkeypatch.setattr(checker, "MAX_FACTS", 300)
    monkeypatch.setattr(checker, "MAX_FINDINGS_PER_RULE", 40)
    text = in_body("a) mục\n" * 3_000)
    facts = engine.extractor.extract(ingest_text(text))
    assert len(facts.items) <= 301
    report = engine.check_text(text, options=Options(lang="en"))
    assert sum(f.rule == "QCDC203" for f in report.findings) == 40
    assert "[too-many-facts] more than 300 numbered items: only the first 300 were checked" in report.notes
    cut = [n for n in report.notes if n.startswith("[too-many-findings] QCDC203: ")]
    assert len(cut) == 1 and cut[0].endswith(" findings, only the first 40 are shown"), cut
    assert int(cut[0].split(": ")[1].split(" ")[0].replace(",", "")) > 200
    lines = [f.line for f in report.findings if f.rule == "QCDC203"]
    assert lines == sorted(lines)  # the first ones in the document
    vi = engine.check_text(text, options=Options())
    assert any(n.startswith("[too-many-findings] QCDC203: có ")
               and n.endswith(" phát hiện, chỉ hiển thị 40 phát hiện đầu tiên")
               for n in vi.notes)
    assert "[too-many-facts] có hơn 300 mục được đánh số: chỉ 300 đầu tiên được kiểm tra" in vi.notes


def test_the_cap_keeps_each_severity_so_the_exit_code_is_unchanged(monkeypatch):
    """Of one rule, 50 warnings then an error: with a cap of 10, the error is still shown (exit code 1)."""
    monkeypatch.setattr(checker, "MAX_FINDINGS_PER_RULE", 10)

    def finding(line: int, severity: str) -> Finding:
        return Finding(rule="QCDC999", name="x", severity=severity, message="m", line=line, column=1,
                       end_line=line, end_column=2, text="t")

    findings = [finding(i, "warning") for i in range(1, 51)] + [finding(51, "error")]
    kept, notes = checker._capped(findings)
    assert [f.line for f in kept] == list(range(1, 11)) + [51]
    assert [n.render("en") for n in notes] == ["[too-many-findings] QCDC999: 51 findings, only the first 11 are shown"]
    assert checker._capped(findings[:10]) == (findings[:10], [])


def test_sections_stop_at_the_cap(engine, monkeypatch):
    from qcdc_rules.extract import structure

    monkeypatch.setattr(structure, "MAX_FOUND", 101)
    monkeypatch.setattr(checker, "MAX_FACTS", 100)
    text = in_body("NỘI DUNG\n" * 1_000)
    assert len(engine.extractor.extract(ingest_text(text)).sections) <= 101
    report = engine.check_text(text, options=Options(lang="en"))
    assert "[too-many-facts] more than 100 sections: only the first 100 were checked" in report.notes


def test_lines_are_read_for_structure_up_to_max_lines(engine, monkeypatch):
    """2,000,000 one-letter lines took 18 s: sections and items are read in the first MAX_LINES lines."""
    from qcdc_rules.extract import structure

    looked = []
    real = structure.section_kind
    monkeypatch.setattr(structure, "section_kind", lambda t, r: looked.append(t) or real(t, r))
    monkeypatch.setattr(structure, "MAX_LINES", 2_000)
    text = in_body("A\n" * 20_000)
    report = engine.check_text(text, options=Options(lang="en"))
    assert len(looked) < 2_000
    assert ("[too-many-facts] more than 2,000 lines: sections and numbered items were read in the first 2,000 only"
            in report.notes)
    vi = engine.check_text(text, options=Options())
    assert any(n.startswith("[too-many-facts] văn bản có hơn 2,000 dòng") for n in vi.notes)


def test_section_labels_looked_up_by_first_word_find_what_a_scan_finds(engine):
    """section_kind and _is_heading through the first-word index give what comparing with every label gave."""
    from qcdc_rules.core.text import tokens
    from qcdc_rules.extract import structure

    registry = engine.registry

    def scan_kind(title):
        t = tokens(title)
        return next((kind for label, kind in registry.section_labels if label and t[: len(label)] == label), None)

    def scan_heading(line):
        t = tokens(line)
        return any(label and t[: len(label)] == label and len(t) - len(label) <= 4
                   for label, _ in registry.section_labels)

    titles = [" ".join(label) for label, _ in registry.section_labels if label]
    titles += [t.upper() + " VÀ MỘT SỐ NỘI DUNG KHÁC NỮA" for t in titles] + ["", "A", "NỘI", "Tổ chức", "xyz abc"]
    for t in titles:
        assert structure.section_kind(t, registry) == scan_kind(t), t
        assert structure._is_heading(t, registry) == scan_heading(t), t


def test_deadlines_stop_at_the_cap_and_duties_still_get_theirs(engine, monkeypatch):
    """A deadline flood (the hostile d00029's kind): deadlines are read up to MAX_FOUND; past it, only in a
    clause that reports, so a later duty keeps its own deadline."""
    from qcdc_rules.extract import duties

    monkeypatch.setattr(duties, "MAX_FOUND", 201)
    calls = []
    real = duties.find_deadlines
    monkeypatch.setattr(duties, "find_deadlines", lambda *a: calls.append(a[2]) or real(*a))
    text = in_body("- Hoàn thành trước ngày 15/12/2026;\n" * 3_000
                   + "- Công an xã báo cáo kết quả về UBND tỉnh trước ngày 30/11/2026.\n")
    facts = engine.extractor.extract(ingest_text(text))
    assert len(facts.deadlines) <= 201 + 5
    assert len(calls) < 400
    last = [d for d in facts.duties if "Công an xã" in d.text]
    assert last and last[0].deadlines and last[0].deadlines[0].date.isoformat() == "2026-11-30"


def test_the_hostile_high_ratio_docx_is_cheap():
    """The hostile d00029-high-ratio.docx (15,000 deadlines; 30,840 findings once): under 2 s of CPU in process."""
    import time
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "shared" / "hostile" / "docx" / "d00029-high-ratio.docx"
    if not path.is_file():
        pytest.skip("the shared hostile corpus is not here")
    engine = Engine()
    engine.check_text("x")
    t = time.process_time()
    engine.check_file(path, Options())
    assert time.process_time() - t < 2.0


def _clauses_as_before(flat, start, end_re):
    """The clauses as extract/duties.clauses made them before it streamed them (a set of cuts, sorted)."""
    from qcdc_rules.extract import duties

    text = flat.text
    cuts = {start, len(text)}
    cuts.update(b for b in flat.breaks if b >= start and duties._LIST_START.match(text, b))
    cuts.update(m.end() for m in end_re.finditer(text, start))
    ordered = sorted(cuts)
    out = []
    for a, b in zip(ordered, ordered[1:]):
        while a < b and text[a] == " ":
            a += 1
        if b - a > 1:
            out.append((a, b))
    return out


def test_clauses_streamed_are_the_clauses_as_before():
    import random
    from pathlib import Path

    from qcdc_rules.extract import duties
    from qcdc_rules.extract.flat import flatten

    plans = [p.read_text("utf-8")
             for p in sorted((Path(__file__).resolve().parents[2] / "fixtures" / "plans").glob("*.txt"))]
    rng = random.Random(4)
    pieces = ["I. ", "1. ", "a) ", "- ", "; ", ". Tiếp ", ":\n", "\n", "  ", "báo cáo", "x"]
    plans += ["".join(rng.choice(pieces) for _ in range(300)) for _ in range(50)]
    for text in plans:
        flat = flatten(text)
        for start in (0, len(flat.text) // 3):
            for end_re in (duties._END, duties._SENTENCE_END):
                assert list(duties.clauses(flat, start, end_re)) == _clauses_as_before(flat, start, end_re)


def test_a_list_item_flood_is_read_in_bounded_memory():
    """800,000 one-line items ('I. A') held ~370 MB in the clause lists and sets: now what extract_duties holds
    at its peak is a small part of that (measured with tracemalloc on 100,000 items)."""
    import tracemalloc

    from qcdc_rules.extract import duties
    from qcdc_rules.extract.flat import flatten

    text = "I. A\n" * 100_000
    doc = ingest_text(text)
    flat = flatten(doc.text)
    tracemalloc.start()
    try:
        duties.extract_duties(doc, flat, 0, None, None, [])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 12_000_000, peak  # was ~45 MB (100,000 clauses and sentences as tuples, a set of cuts)


def test_a_header_read_as_one_huge_line_does_not_swell_every_fact():
    # a damaged .docx whose header became one line of 165,000 characters gave each of 4,500 level mentions that line
    # as its issuer's name: 743 million characters escaped into the graph (44 s, 4.5 GB). A body's name is cut at
    # NAME_MAX, and no literal in a plan's graph exceeds LITERAL_MAX characters
    from qcdc_rules.extract.flat import flatten
    from qcdc_rules.extract.levels import NAME_MAX, find_level_mentions
    from qcdc_rules.extract.models import Header
    from qcdc_rules.graph.terms import LITERAL_MAX, literal
    from qcdc_rules.pipeline import Engine

    engine = Engine()
    doc = _document("UBND huyện An Phú báo cáo.\n" * 200)
    flat = flatten(doc.text)
    header = Header(issuer="ỦY BAN NHÂN DÂN HUYỆN AN PHÚ" + "ngỔy31/02/2026" * 12_000)
    mentions = find_level_mentions(doc, flat, header, [], None, [], engine.extractor.level_patterns, len(flat.text))
    assert len(mentions) == 200 and {m.role for m in mentions} == {"issuer"}
    assert max(len(m.text) for m in mentions) == NAME_MAX
    assert len(literal("x" * (LITERAL_MAX * 3))) == LITERAL_MAX + 2


def _document(text: str):
    import tempfile
    from pathlib import Path

    from qcdc_rules.readers import read_file

    path = Path(tempfile.mkdtemp()) / "plan.txt"
    path.write_text(text, "utf-8")
    return read_file(path)
