"""Tesseract's TSV output read into lines of words in reading order (readers/scanpage.py runs Tesseract): each
word with its confidence and its box in the image read; specks and a stamp's edges dropped; a two-column header
that Tesseract reads across put back column by column; section numbers and a legislature's term whose strokes
Tesseract misreads put right and marked uncertain."""
from __future__ import annotations

import re


def parse_tsv(tsv: str) -> list[list[tuple[str, float]]]:
    """Tesseract's TSV -> lines of (word, confidence), in reading order (parse_words, without the boxes)."""
    return [[(w[0], w[1]) for w in ln] for ln in parse_words(tsv)]


def parse_words(tsv: str) -> list[list[tuple]]:
    """Tesseract's TSV -> lines of (word, confidence, left, right, height, top), in reading order; a blank line
    between blocks. A header
    in two columns that Tesseract reads across (issuer | national motto on one line) is read one column after
    the other; a Roman section number or a legislature's term ('QH11') whose strokes it misreads is put right and
    marked uncertain (_roman, _terms)."""
    lines: list[list[tuple]] = []  # (word, confidence, left, right, height, top)
    key = block = None
    width = 0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        if cols[0] == "1":
            width = int(cols[8] or 0)
        if cols[0] != "5" or not cols[11].strip():
            continue
        b, p, ln = cols[2], cols[3], cols[4]
        if (b, p, ln) != key:
            if block is not None and b != block and lines and lines[-1]:
                lines.append([])
            lines.append([])
            key, block = (b, p, ln), b
        try:
            conf = max(0.0, float(cols[10]))
        except ValueError:
            conf = 0.0
        if conf < NOISE or (conf < 50 and not any(c.isalnum() for c in cols[11])):
            continue  # specks, stamp edges and dirt read as marks (Tesseract gives them next to no confidence)
        left, top, w, h = int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9])
        lines[-1].append((cols[11].strip(), conf, left, left + w, h, top))
    while lines and not lines[-1]:
        lines.pop()
    lines = _columns(lines, width)
    _roman(lines)
    _terms(lines)
    return lines


NOISE = 20.0  # a "word" read with less confidence than this is a speck or a stamp's edge, not text
HEADER_LINES = 14  # the two-column header is within a page's first lines
COLUMN_GAP = 0.08  # a gap between words wider than this share of the page separates two columns


def _columns(lines: list[list[tuple]], width: int) -> list[list[tuple]]:
    """The header's two columns, read across by Tesseract, read one after the other: among the first lines, a run
    of lines split by a wide gap gives its left parts, then its right parts."""
    if not width:
        return lines
    split: dict[int, int] = {}  # line index -> index of the first word of its right part
    for i, ln in enumerate(lines[:HEADER_LINES]):
        gaps = [(ln[j + 1][2] - ln[j][3], j + 1) for j in range(len(ln) - 1)]
        if gaps and max(gaps)[0] > COLUMN_GAP * width:
            split[i] = max(gaps)[1]
    if not split:
        return lines
    first, last = min(split), max(split)
    cut = sum(lines[i][split[i]][2] for i in split) / len(split)  # where the right column starts
    out: list[list[tuple]] = []
    left: list[list[tuple]] = []
    right: list[list[tuple]] = []
    run = [ln for ln in lines[first:last + 1] if ln]
    tops = [min(w[5] for w in ln) for ln in run]
    pitch = min((b - a for a, b in zip(tops, tops[1:]) if b > a), default=0)  # lines within one row
    for i, ln in enumerate(run + [[]]):  # each row of the header (a wider space ends one): left column, then right
        if ln and i and pitch and tops[i] - tops[i - 1] > 1.5 * pitch:
            out += left + right + [[]]
            left, right = [], []
        if not ln:
            out += left + right
            break
        j = next((k for k in range(1, len(ln)) if ln[k][2] - ln[k - 1][3] > COLUMN_GAP * width), None)
        if j is not None:
            left.append(ln[:j])
            right.append(ln[j:])
        elif ln[0][2] >= cut - COLUMN_GAP * width:
            right.append(ln)
        else:
            left.append(ln)
    while out and not out[-1]:
        out.pop()
    return lines[:first] + out + lines[last + 1:]


_MARKER = re.compile(r"^([IVXLl1|]{1,5})(\.?)$")
DOT = 0.45
_GLUED = re.compile(r"^([IVXLl1|]{1,5}\.)([^\W\d_a-z]{2,}\W?)$")  # strokes misread as in _MARKER
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def _roman(lines: list[list[tuple]]) -> None:
    """Section numbers (a Roman number and a heading in capitals) as Tesseract misreads them, measured with
    Tesseract 5.3 on Times: 'I.' as 'IL.', 'III.' as 'II.' (a stroke too few), 'II.' as 'II' (the dot lost).
    A marker that is no Roman number is the one after the previous section's; one that repeats the previous
    section's number in a box wider by at least a third of a stroke has one more I; a number that follows the
    previous section's without its dot gets it back. Each is marked as read with low confidence."""
    previous = None  # (number, box width)
    for ln in lines:
        glued = _GLUED.match(ln[0][0]) if ln else None
        if glued:  # 'I.MỤC', 'IL.MỤC': the space after the dot lost
            w = ln[0]
            cut = w[2] + (w[3] - w[2]) * len(glued.group(1)) // len(w[0])
            ln[0:1] = [(glued.group(1), min(w[1], 59.0), w[2], cut) + w[4:],
                       (glued.group(2), w[1], cut, w[3]) + w[4:]]
        if len(ln) < 2 or not ln[1][0][:1].isupper() or not ln[1][0].isupper():
            continue
        m = _MARKER.match(ln[0][0])
        if not m:
            continue
        word, conf, left, right = ln[0][:4]
        number, dot = m.group(1), m.group(2)
        after = ROMAN[ROMAN.index(previous[0]) + 1] if previous and previous[0] in ROMAN[:-1] else "I"
        # strokes as read, and the box's width: a dot is about 0.45 of a stroke wide ('I.' 26 px, 'II.' 44 px,
        # 'III.' 62 px at 300 dpi); the box holds the dot even when the dot is not read ('II' 44 px at 200 dpi)
        n, width = len(number), right - left
        if number not in ROMAN:
            if not dot and len(number) == 1:
                continue  # a lone letter before a heading in capitals ("V" of "V/v")
            number, conf = after, min(conf, 40.0)
        elif previous and previous[0] == number and set(number) == {"I"} and len(number) < 3 \
                and width > previous[1] * (n + 0.5 + DOT) / (n + DOT):  # half a stroke wider at least
            number, conf = number + "I", min(conf, 59.0)
        elif not dot and number != after:
            continue  # not the next section's number: leave it as read
        if number + "." != word:
            ln[0] = (number + ".", min(conf, 59.0)) + ln[0][2:]
        previous = (number, width)


# the legislature's term in a symbol ('34/2007/PL-UBTVQH11', '10/2022/QH15'): Tesseract reads the strokes of
# '11' as I or l ('UBTVQHI1', 'QHII1', 'QHI1I1'); a run of strokes there is 11 (the only term written with two or
# more strokes). Marked as read uncertainly, unless the symbol's year (in the word, or in the word before it when
# the symbol is broken over two lines: '34/2007PL-' / 'UBTVQHI1') is one of the 11th term's: two readings agree.
_TERM = re.compile(r"(?<=QH)[Il1|]{2,4}(?=\W*$)")
_WRAPPED_TERM = re.compile(r"^(?:UBTV)?QH[Il1|]{2,4}\W*$")  # the code and term alone: the rest is on the line before
_YEAR = re.compile(r"/((?:19|20)\d\d)/?")
CONFIRMED = 60.0  # LOW_CONFIDENCE (scanpage.py): read with this, a word is no longer uncertain


def _terms(lines: list[list[tuple]]) -> None:
    from ..core.symbols import terms_of

    before = ""  # the word read before this one (across lines)
    for ln in lines:
        for i, w in enumerate(ln):
            m = _TERM.search(w[0]) if "QH" in w[0] and ("/" in w[0] or _WRAPPED_TERM.match(w[0])) else None
            if m and m.group(0) != "11":
                whole = w[0] if "/" in w[0] else (before + w[0] if before.endswith("-") else "")
                year = _YEAR.search(whole)
                sure = year is not None and 11 in terms_of(int(year.group(1)))
                ln[i] = (w[0][:m.start()] + "11" + w[0][m.end():], CONFIRMED if sure else min(w[1], 59.0)) + w[2:]
            before = w[0]
