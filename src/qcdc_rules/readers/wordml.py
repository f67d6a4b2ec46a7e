"""WordprocessingML terms the .docx reader and the fix writers share, and how Word renders a paragraph's
automatic numbering ("I.", "1.", "a)") and picks a run's font (run, paragraph style chain, defaults)."""
from __future__ import annotations

from typing import Optional

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Numbering:
    """Word's automatic numbering, rendered per paragraph."""

    FORMATS = {
        "decimal": lambda n: str(n),
        "decimalZero": lambda n: f"{n:02d}",
        "upperRoman": lambda n: roman(n),
        "lowerRoman": lambda n: roman(n).lower(),
        "upperLetter": lambda n: letters(n).upper(),
        "lowerLetter": lambda n: letters(n),
        "bullet": lambda n: "",
        "none": lambda n: "",
    }

    def __init__(self, numbering):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        if numbering is None:
            return
        abstract = {}
        for an in numbering.iterchildren(W + "abstractNum"):
            lv = {}
            for lvl in an.iterchildren(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                fmt = val(lvl, "numFmt") or "decimal"
                text = val(lvl, "lvlText") or ""
                start = int(val(lvl, "start") or "1")
                lv[ilvl] = (fmt, text, start)
            abstract[an.get(W + "abstractNumId")] = lv
        for num in numbering.iterchildren(W + "num"):
            num_id = num.get(W + "numId")
            aid = val(num, "abstractNumId")
            for ilvl, spec in abstract.get(aid, {}).items():
                self.levels[(num_id, ilvl)] = spec
            for ov in num.iterchildren(W + "lvlOverride"):
                ilvl = int(ov.get(W + "ilvl", "0"))
                start = val(ov, "startOverride")
                if start and (num_id, ilvl) in self.levels:
                    fmt, text, _ = self.levels[(num_id, ilvl)]
                    self.levels[(num_id, ilvl)] = (fmt, text, int(start))

    def label(self, num_id: str, ilvl: int) -> str:
        if num_id in (None, "0") or (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        fmt, text, start = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "-"
        out = text
        for k in range(9):
            if f"%{k + 1}" in out:
                f, _, s = self.levels.get((num_id, k), ("decimal", "", 1))
                n = counters.get(k, s)
                out = out.replace(f"%{k + 1}", self.FORMATS.get(f, str)(n))
        return out


def val(el, tag: str) -> Optional[str]:
    child = el.find(W + tag)
    return child.get(W + "val") if child is not None else None


def roman(n: int) -> str:
    if not 0 < n < 4000:  # Word itself shows such numbers in digits; a huge start value must not loop
        return str(n)
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def letters(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


class Fonts:
    """The font a run is shown in: the run's own rFonts, else its paragraph style's, else the defaults."""

    def __init__(self, styles):
        self.styles = {}
        self.default = None
        if styles is None:
            return
        for st in styles.iterchildren(W + "style"):
            self.styles[st.get(W + "styleId")] = st
        self.default = font_of(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts"))

    def _along_style_chain(self, style_id: Optional[str], pick):
        """The first non-None pick(style) along the style and its basedOn ancestors."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            st = self.styles.get(style_id)
            if st is None:
                break
            found = pick(st)
            if found is not None:
                return found
            style_id = val(st, "basedOn")
        return None

    def of_style(self, style_id: Optional[str]) -> Optional[str]:
        return self._along_style_chain(style_id, lambda st: font_of(st.find(f"{W}rPr/{W}rFonts")))

    def numpr_of_style(self, style_id: Optional[str]):
        return self._along_style_chain(style_id, lambda st: st.find(f"{W}pPr/{W}numPr"))


def font_of(rfonts) -> Optional[str]:
    if rfonts is None:
        return None
    return rfonts.get(W + "ascii") or rfonts.get(W + "hAnsi") or rfonts.get(W + "cs")
