"""A second, closer read of the words of a page that look like a symbol or a date ('34/2007/PL-UBTVQH11',
'145/2020/NĐ-CP', '06/4/2007') and that Tesseract read with low confidence (readers/scanpage.py calls it once a
page's orientation is settled).

Why: at 200 dpi, with blur and JPEG noise, Tesseract's page read gives such words low confidence more often than
prose (no dictionary helps it there), and a word read with low confidence is not judged on its form (a citation
whose symbol was read uncertainly is not called malformed). Measured on benchmarks/ocr.py's degraded scans: a
symbol printed without its '/' ('34/2007PL-') was read right but at 59%, so its QCDC104 was not said; a '/' lost
in the page read ('04/2015NĐ-CP') made a finding only the scan had.

How: the words' crops (with a margin of a third of their height) are stacked, one under the other, in one
image, and read again as a block by Tesseract restricted to the characters symbols and dates are written with
(digits, capital letters, Đ, / - . , ; : and parentheses). Each crop's band gives the word as read again.
  - the same text as the page read: the two reads agree, and the word takes the better confidence of the two;
  - another text read with high confidence (CONFIDENT) that differs by at most two characters: the close read
    replaces the word, with its own confidence;
  - otherwise the word stays as read, uncertain (a confident word read again is marked uncertain: the reads
    disagree).
A confident word is read again only when it reads as a symbol with no '/' between its year and its type
('04/2015NĐ-CP'): a printed symbol can lack it (QCDC104 then says so), and so can a page read that lost it; the
close read tells which, by the same two tests."""
from __future__ import annotations

import re
from typing import Any, Callable

SYMBOLISH = re.compile(r"^\W{0,2}\d[\w.]*[/-][\w/.-]*\W{0,2}$|^\W{0,2}[A-ZĐ]{1,8}\d{0,2}[/-][\w/.-]*\d[\w/.-]*\W{0,2}$")
GLUED_YEAR = re.compile(r"/(?:19|20)\d\d[A-ZĐ]")
WHITELIST = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZĐ/-.,;:()"
CONFIDENT = 85.0  # a close read that differs from the page's is taken only with at least this confidence
MAX_WORDS = 24  # words read again on one page, at most
GAP = 0.6  # white space between two crops, as a share of the taller's height


def candidates(words: list[list[tuple]], low: float) -> list[tuple[int, int]]:
    """(line, word) of the words that look like a symbol or a date and were read with less than `low`, or that
    read as a symbol whose year runs into its type's letters ('04/2015NĐ-CP': the '/' a page read loses most)."""
    out = [(i, j) for i, ln in enumerate(words) for j, w in enumerate(ln)
           if len(w[0]) >= 4 and SYMBOLISH.match(w[0]) and (w[1] < low or GLUED_YEAR.search(w[0]))]
    return out[:MAX_WORDS]


def reread(img, words: list[list[tuple]], low: float, read: Callable[[object, list[str]], str]) -> int:
    """Read the page's uncertain symbol-like words again (see the module); `words` are changed in place, each
    word (text, confidence, left, right, height, top) in the coordinates of `img`. `read(image, extra args)`
    runs Tesseract on a block of text (--psm 6) and returns its TSV. Returns how many words changed."""
    from PIL import Image

    chosen = candidates(words, low)
    if not chosen:
        return 0
    crops: list[tuple[Any, int]] = []  # (crop image, its top on the sheet)
    bands: list[tuple[int, int]] = []
    y = 0
    for i, j in chosen:
        _, _, left, right, h, top = words[i][j]
        pad = max(4, h // 3)
        crop = img.crop((max(0, left - pad), max(0, top - pad), min(img.width, right + pad),
                         min(img.height, top + h + pad)))
        y += int(GAP * crop.height) if crops else pad
        bands.append((y, y + crop.height))
        crops.append((crop, y))
        y += crop.height
    height = y + max(8, int(GAP * max(c.height for c, _ in crops)))
    sheet = Image.new("L", (max(c.width for c, _ in crops) + 40, height), 255)
    for crop, top in crops:
        sheet.paste(crop.convert("L"), (20, top))
    try:
        tsv = read(sheet, ["-c", f"tessedit_char_whitelist={WHITELIST}"])  # as a block (--psm 6)
    except Exception:  # noqa: BLE001 - the close read is an aid: without it the words stay as the page read them
        return 0
    found: list[list[tuple[float, str, float]]] = [[] for _ in bands]  # per band: (left, text, confidence)
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        middle = int(cols[7]) + int(cols[9]) / 2
        k = next((k for k, (a, b) in enumerate(bands) if a <= middle < b), None)
        if k is not None:
            try:
                found[k].append((int(cols[6]), cols[11].strip(), max(0.0, float(cols[10]))))
            except ValueError:
                continue
    changed = 0
    for (i, j), parts in zip(chosen, found):
        if not parts:
            continue
        parts.sort()
        text, conf = "".join(p[1] for p in parts), min(p[2] for p in parts)
        word = words[i][j]
        if text == word[0]:
            if conf > word[1]:
                words[i][j] = (word[0], conf) + word[2:]
                changed += 1
        elif conf >= CONFIDENT and _distance(text, word[0]) <= 2:
            words[i][j] = (text, conf) + word[2:]
            changed += 1
        elif word[1] >= low:  # a confident word the close read does not confirm: the two reads disagree
            words[i][j] = (word[0], low - 1.0) + word[2:]
            changed += 1
    return changed


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
