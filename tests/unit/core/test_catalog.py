"""The translation catalog (src/qcdc_rules/locale/vi/LC_MESSAGES/qcdc.po) is complete and current: every message
the code marks has its Vietnamese, none fuzzy, the same {placeholders} as the English, and nothing the code no
longer marks (extracted afresh with Babel into a temporary file, as tools/catalog.py does)."""
from __future__ import annotations

import datetime as dt
import pickle

import pytest

pytest.importorskip("babel")

from qcdc_rules.core.i18n import tr
from qcdc_rules.core.notes import FACTS, TEXTS, Note, Word
from qcdc_rules.tools import catalog


@pytest.fixture(scope="module")
def held():
    return {catalog.key(m): m for m in catalog.read() if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return {catalog.key(m): m for m in catalog.extract(tmp_path_factory.mktemp("pot") / "qcdc.pot") if m.id}


def test_the_catalog_holds_exactly_what_the_code_marks(held, extracted):
    assert sorted(k[1] if isinstance(k[1], str) else k[1][0] for k in extracted if k not in held) == []
    assert sorted(k[1] if isinstance(k[1], str) else k[1][0] for k in held if k not in extracted) == []
    assert len(extracted) > 190


def test_every_message_has_vietnamese_and_none_is_fuzzy(held):
    untranslated = [k for k, m in held.items() if not all(m.string if isinstance(m.string, tuple) else (m.string,))]
    assert untranslated == []
    assert [k for k, m in held.items() if m.fuzzy] == []


def test_placeholders_are_the_same_in_both_languages(held):
    assert [p for p in catalog.problems() if p.startswith("placeholders differ")] == []


def test_placeholder_check_sees_a_wrong_name():
    assert catalog.placeholders("{n} tệp") != catalog.placeholders("{count} file(s)")
    assert catalog.placeholders("ngày {date:%d/%m/%Y}") == catalog.placeholders("on {date:%Y-%m-%d}")


def test_marked_messages_are_all_extracted():
    # a tr(...) inside an f-string is invisible to Babel on Python < 3.12: the ast walk finds it
    assert [p for p in catalog.problems() if p.startswith("marked but not extracted")] == []
    assert (None, "skipped: {files}") in catalog.marked_in_source()


def test_the_check_reports_nothing():
    assert catalog.problems() == []


def test_tr_fills_placeholders_after_translation():
    assert tr("en", "{n} fix(es) applied", n=2) == "2 fix(es) applied"
    assert tr("vi", "{n} fix(es) applied", n=2) == "đã sửa 2 chỗ"
    assert tr("vi", "a message nobody marked") == "a message nobody marked"


def test_every_note_code_renders_in_both_languages():
    params = {"runs": 3, "encoding": "TCVN3", "count": 2, "name": "Luật X", "symbol": "1/2020/QH14", "kind": "K",
              "date": dt.date(2026, 4, 6), "pages": "1-2", "mean": 81.4, "low": 3, "words": 90, "install": "pip",
              "limit": 2000, "facts": Word(FACTS["citations"]), "rule": "QCDC203", "shown": 1000}
    for code in TEXTS:
        en, vi = Note(code, **params).render("en"), Note(code, **params).render("vi")
        assert en and vi and en != vi or code in {"ocr-missing"}, code


def test_a_note_is_rendered_from_its_code_and_parameters():
    note = Note("adoption-date", date=dt.date(2026, 4, 6))
    assert note.render("en").startswith("the document's date, 06/04/2026, is read from its adoption line")
    assert note.render("vi").startswith("ngày của văn bản, 06/04/2026, được lấy từ dòng thông qua")
    cut = Note("too-many-facts", limit=5000, facts=Word(FACTS["duties"]))
    assert cut.render("vi") == "[too-many-facts] có hơn 5,000 nhiệm vụ báo cáo: chỉ 5,000 đầu tiên được kiểm tra"
    assert pickle.loads(pickle.dumps(cut)) == cut and len({cut, pickle.loads(pickle.dumps(cut))}) == 1
    with pytest.raises(KeyError):
        Note("no-such-note")
