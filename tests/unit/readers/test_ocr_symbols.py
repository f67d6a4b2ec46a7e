"""The OCR reader's symbol handling without Tesseract (issue 25, findings on a 200 dpi scan): a symbol-like word
read with low confidence is read again closer, and the close read is used only when it agrees or is sure and
near; a legislature's term read as strokes is 11, certain when the symbol's year (also on the line before, the
symbol broken over two lines) is one of the 11th term's; a section number glued to its heading with a stroke
misread ('IL.MỤC') is split and put right. Words are (text, confidence, left, right, height, top)."""
from __future__ import annotations

import pytest

Image = pytest.importorskip("PIL.Image")

from qcdc_rules.readers.ocrlayout import _roman, _terms  # noqa: E402
from qcdc_rules.readers.ocrsymbols import candidates, reread  # noqa: E402
from qcdc_rules.readers.scanpage import LOW_CONFIDENCE  # noqa: E402


def _page():
    return Image.new("L", (2000, 400), 255)


def _tsv(words: list[tuple[str, float]], bands_from_sheet) -> str:
    """Tesseract's TSV for a sheet of stacked crops: one word in each crop's band, in order."""
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    for (text, conf), (top, bottom) in zip(words, bands_from_sheet):
        rows.append(f"5\t1\t1\t1\t1\t1\t20\t{top + 2}\t100\t{bottom - top - 4}\t{conf}\t{text}")
    return "\n".join(rows)


def _reader(answers):
    """A fake Tesseract: reads the sheet's bands (white gaps between crops of ink) as `answers`."""
    def read(sheet, extra):
        assert any("tessedit_char_whitelist" in a for a in extra)
        assert sheet.height > 0
        # the crops are pasted at known places: recompute them as reread does (crop heights are 40 + 2 pads)
        bands, y = [], 0
        for k in range(len(answers)):
            h = 40 + 2 * 13
            y += int(0.6 * h) if k else 13
            bands.append((y, y + h))
            y += h
        return _tsv(answers, bands)
    return read


def test_a_close_read_that_agrees_makes_the_word_certain_and_one_far_off_is_not_taken():
    words = [[("Căn", 95.0, 10, 80, 40, 100), ("34/2007PL-", 59.0, 100, 400, 40, 100)],
             [("145/NĐ-CP", 41.0, 10, 300, 40, 200), ("ngày", 90.0, 320, 400, 40, 200)],
             [("06/4/2007", 30.0, 10, 300, 40, 300)]]
    assert candidates(words, LOW_CONFIDENCE) == [(0, 1), (1, 0), (2, 0)]  # prose and confident words are not read
    changed = reread(_page(), words, LOW_CONFIDENCE,
                     _reader([("34/2007PL-", 77.0), ("145/2020/NĐ-CP", 96.0), ("08/4/2007", 70.0)]))
    assert changed == 1
    assert words[0][1][:2] == ("34/2007PL-", 77.0)  # two reads agree: read with the better confidence
    assert words[1][0][:2] == ("145/NĐ-CP", 41.0)  # five characters apart: not taken, stays uncertain
    assert words[2][0][:2] == ("06/4/2007", 30.0)  # differs, but the close read is not sure enough


def test_a_sure_close_read_near_the_page_read_replaces_it():
    words = [[("04/2015NĐ-CP", 52.0, 10, 400, 40, 100)]]
    assert reread(_page(), words, LOW_CONFIDENCE, _reader([("04/2015/NĐ-CP", 91.0)])) == 1
    assert words[0][0][:2] == ("04/2015/NĐ-CP", 91.0)


def test_a_confident_symbol_without_its_slash_is_read_again_and_kept_only_when_the_reads_agree():
    words = [[("04/2015NĐ-CP", 83.0, 10, 400, 40, 100)], [("34/2007PL-", 88.0, 10, 300, 40, 200)],
             [("10/2022/QH15", 90.0, 10, 300, 40, 300)]]  # canonical and confident: never read again
    assert candidates(words, LOW_CONFIDENCE) == [(0, 0), (1, 0)]
    assert reread(_page(), words, LOW_CONFIDENCE, _reader([("04/2015/NĐ-CP", 55.0), ("34/2007PL-", 76.0)])) == 1
    assert words[0][0][:2] == ("04/2015NĐ-CP", LOW_CONFIDENCE - 1)  # the reads disagree: uncertain, not malformed
    assert words[1][0][:2] == ("34/2007PL-", 88.0)  # they agree: as printed, still judged on its form
    assert words[2][0][:2] == ("10/2022/QH15", 90.0)


def test_no_close_read_when_the_engine_fails():
    words = [[("04/2015NĐ-CP", 52.0, 10, 400, 40, 100)]]

    def broken(sheet, extra):
        raise RuntimeError("tesseract failed")

    assert reread(_page(), words, LOW_CONFIDENCE, broken) == 0
    assert words[0][0][:2] == ("04/2015NĐ-CP", 52.0)


def test_a_term_read_as_strokes_is_11_and_certain_only_when_the_year_says_so():
    lines = [[("Pháp", 95.0, 0, 1, 1, 0), ("34/2007PL-", 77.0, 0, 1, 1, 0)],
             [("UBTVQHI1", 35.0, 0, 1, 1, 1), ("ngày", 96.0, 0, 1, 1, 1)],
             [("số", 95.0, 0, 1, 1, 2), ("21/2016/PL-UBTVQHII1", 80.0, 0, 1, 1, 2)],
             [("UBTVQHI1", 35.0, 0, 1, 1, 3)]]  # no symbol before it: the term is put right, still uncertain
    _terms(lines)
    assert lines[1][0][:2] == ("UBTVQH11", 60.0)  # 2007 is in the 11th term: two readings agree
    assert lines[2][1][:2] == ("21/2016/PL-UBTVQH11", 59.0)  # 2016 is not: put right, uncertain
    assert lines[3][0][:2] == ("UBTVQH11", 35.0)


def test_a_section_number_glued_to_its_heading_with_a_stroke_misread_is_split_and_put_right():
    lines = [[("IL.MỤC", 80.0, 100, 400, 40, 10), ("ĐÍCH,", 90.0, 420, 560, 40, 10)]]
    _roman(lines)
    assert [w[0] for w in lines[0]] == ["I.", "MỤC", "ĐÍCH,"]
    assert lines[0][0][1] < LOW_CONFIDENCE  # put right: marked as read uncertainly
