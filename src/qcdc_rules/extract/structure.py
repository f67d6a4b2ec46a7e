"""Sections (I, II, III …) and numbered items (1, 2, 3 / a, b, c) with their positions."""
from __future__ import annotations

import re
from typing import Iterator, Optional

from ..core.notes import Note
from ..readers.base import SourceDocument
from .models import NumberedItem, Section
from ..knowledge.registry import Registry
from ..core.text import fold, tokens
from .citations import MAX_FOUND

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
ROMAN_RE = re.compile(r"^[ ]*(?:PHẦN |Phần )?(?P<m>[IVXL]{1,6})[ ]?(?:[.)/:]|-(?= ))[ ]*(?P<t>\S.*)$")
# the item's text may begin with a number that words follow ("1. 100% cán bộ …", "3. 05 đơn vị …"), not with a
# bare number ("1. 2025 - 2030", a table's figures)
ARABIC_RE = re.compile(r"^[ ]*(?P<m>\d{1,2})[ ]?[.)][ ]+(?P<t>(?:[^\d\s]|\d[\d.,]*%?[ ]+(?=[^\W\d_])).*)$")
LETTER_RE = re.compile(r"^[ ]*(?P<m>[a-zđ])[ ]?\)[ ]*(?P<t>\S.*)$")
CAPITAL_RE = re.compile(r"^[ ]*(?P<m>[A-H])[ ]?[.)][ ]+(?P<t>\S.*)$")  # "A. MỤC ĐÍCH, YÊU CẦU"
VI_ALPHABET = "abcdđeghiklmnopqrstuvxy"
LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def roman_value(s: str) -> Optional[int]:
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN[ch]
        if v < prev:
            total -= v
        else:
            total += v
            prev = v
    canonical = _to_roman(total)
    return total if canonical == s else None


def _to_roman(n: int) -> str:
    out = ""
    for v, sym in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += sym
            n -= v
    return out


def lines_with_offsets(text: str) -> Iterator[tuple[int, int, str]]:
    """(index, start offset, line) for every line of the normalized text."""
    pos = 0
    for i, line in enumerate(text.split("\n")):
        yield i, pos, line
        pos += len(line) + 1


_VV = re.compile(r"^[ ]*V ?/ ?[vV]\b")  # "V/v" (về việc) under a công văn's number, not section V
_MARKER_ONLY = re.compile(r"^[ ]*(?:[IVXL]{1,6}|\d{1,2}|[a-zđ])[ ]?[.)][ ]*$")
_STARTS_ITEM = re.compile(r"^[ ]*(?:(?:PHẦN |Phần )?[IVXL]{1,6}[ ]?[.)/:]|\d{1,2}(?:\.\d{1,2})*[ ]?[.)]|"
                          r"[a-zđA-H][ ]?[.)]"
                          r"|[-+•–]|Điều \d|Chương [IVXL\d]|Mục \d|(?:PHỤ LỤC|Phụ lục)\b)")
_SENTENCE_END = re.compile(r"[.;:!?][\s)\]\"”]*$")


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(start offset, line) for each line as a person reads it: a heading, item or sentence wrapped over
    several lines of the file (a PDF text layer, a page pasted from the web, a markdown export, a Word
    cell with soft breaks) is one line, its line ends read as spaces — so offsets stay those of `text`.
    A line continues onto the next when it is only a marker ("9."), when the next line goes on in lower
    case, or when both are capitals and the first opens a numbered heading ("IV. TỔ CHỨC" / "THỰC HIỆN");
    never across a blank line, before a new item, dash or article, or after the end of a sentence."""
    start = 0
    parts: list[str] = []
    for _, pos, line in lines_with_offsets(text):
        if parts and _continues(parts, line):
            parts.append(line)
            continue
        if parts:
            yield start, " ".join(parts)
        start, parts = pos, [line]
    if parts:
        yield start, " ".join(parts)


def _continues(parts: list[str], nxt: str) -> bool:
    cur = parts[-1]
    n = nxt.strip()
    if not cur.strip() or not n or len(parts) >= 8 or _STARTS_ITEM.match(nxt):
        return False
    if _MARKER_ONLY.match(cur):
        return True
    if _SENTENCE_END.search(cur):
        return False
    if n[0].islower():
        return True
    first = parts[0]
    return bool(ROMAN_RE.match(first) or ARABIC_RE.match(first)) and _mostly_upper(cur) and _mostly_upper(n)


def _mostly_upper(s: str) -> bool:
    letters = "".join(filter(str.isalpha, s))  # filter and map with str's own methods: no Python loop per char
    return bool(letters) and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def _is_heading(line: str, registry: Registry) -> bool:
    """The whole line is a section label, possibly followed by a few words ("NỘI DUNG THỰC HIỆN")."""
    t = tokens(line)
    return any(t[: len(label)] == label and len(t) - len(label) <= 4 for label, _ in _starting(t, registry))


def section_kind(title: str, registry: Registry) -> Optional[str]:
    t = tokens(title)
    for label, kind in _starting(t, registry):
        if t[: len(label)] == label:
            return kind
    return None


_BY_FIRST: dict[int, tuple[object, dict]] = {}


def _starting(t: list[str], registry: Registry) -> list:
    """The section labels (in the registry's order) whose first word is t's: a line of capitals is looked up
    by its first word, not compared with every label (2,000,000 lines of one capital took 18 s)."""
    labels = registry.section_labels
    got = _BY_FIRST.get(id(labels))
    if got is None or got[0] is not labels:
        index: dict[str, list] = {}
        for label, kind in labels:
            if label:
                index.setdefault(label[0], []).append((label, kind))
        got = _BY_FIRST[id(labels)] = (labels, index)
    return got[1].get(t[0], []) if t else []


# an annex's heading line: "PHỤ LỤC", "Phụ lục I", "PHỤ LỤC SỐ 02" (folded)
_ANNEX = re.compile(r"^phu luc(?: (?:so )?[0-9ivxl]+[a-z]?)?\.?$")


# lines read for sections and items in one document, at most: a plan has hundreds; each line costs a few
# microseconds here, and 2,000,000 one-letter lines (within the 4,000,000-character limit) took 7 s
MAX_LINES = 400_000


def extract_structure(
    doc: SourceDocument, registry: Registry, body_start: int = 0, notes: Optional[list[Note]] = None,
) -> tuple[list[Section], list[NumberedItem], list[int]]:
    """Sections, numbered items, and the normalized offset where each section starts. At most MAX_FOUND
    sections or items and MAX_LINES lines are read (a note in `notes` says when the lines ran out)."""
    sections: list[Section] = []
    offsets: list[int] = []
    alt_sections: list[tuple[int, Section]] = []
    raw: list[tuple[str, str, int, int, int]] = []  # level, marker, line start, marker end, line end
    for n, (start, line) in enumerate(logical_lines(doc.text)):
        if start < body_start:
            continue
        if len(raw) >= MAX_FOUND or max(len(sections), len(alt_sections)) >= MAX_FOUND:
            break  # a flood: the rest is not read (pipeline/checker.MAX_FACTS says so)
        if n >= MAX_LINES:
            if notes is not None:
                notes.append(Note("too-many-lines", limit=MAX_LINES))
            break
        if _ANNEX.match(fold(line.strip(" *#|_"))):
            break  # "PHỤ LỤC": the plan's own parts are over; an annex's headings and table rows are not them
        m = ROMAN_RE.match(line)
        if m and roman_value(m.group("m")) and not _VV.match(line):
            title = m.group("t").strip()
            # a heading is written in capitals, or is a known section's words ("IV. Tổ chức thực hiện.");
            # guards against "I. " inside running text
            letters = [c for c in title if c.isalpha()]
            capitals = letters and sum(c.isupper() for c in letters) >= 0.6 * len(letters)
            if capitals or len(title) < 60 and section_kind(title, registry) and _is_heading(title.rstrip(". "),
                                                                                             registry):
                raw.append(("roman", m.group("m"), start, start + m.end("m"), start + len(line.rstrip())))
                span = doc.span(start + m.start("m"), start + len(line.rstrip()))
                offsets.append(start)
                sections.append(Section(marker=m.group("m"), ordinal=roman_value(m.group("m")), title=title,
                                        kind=section_kind(title, registry), span=span))
                continue
        stripped = line.strip()
        if stripped and len(stripped) < 90 and _mostly_upper(stripped):
            kind = section_kind(stripped, registry)
            if kind and _is_heading(stripped, registry):
                # a heading without its number (e.g. lost from Word's automatic numbering)
                offsets.append(start)
                sections.append(Section(marker="", ordinal=0, title=stripped, kind=kind,
                                        span=doc.span(start + len(line) - len(line.lstrip()),
                                                      start + len(line.rstrip()))))
                continue
        m = ARABIC_RE.match(line) or CAPITAL_RE.match(line)
        if m:
            title = m.group("t").strip()
            kind = section_kind(title, registry) if _mostly_upper(title) and len(title) < 90 else None
            if kind and _is_heading(title, registry):
                # maybe a main part numbered "1." or "A." instead of "I." (used only if no "I." exists)
                alt_sections.append((start, Section(marker=m.group("m"), ordinal=0, title=title, kind=kind,
                                                    span=doc.span(start + m.start("m"), start + len(line.rstrip())))))
            if m.re is ARABIC_RE:
                raw.append(("arabic", m.group("m"), start + m.start("m"), start + m.end("m"),
                            start + len(line.rstrip())))
            continue
        m = LETTER_RE.match(line)
        if m:
            raw.append(("letter", m.group("m"), start + m.start("m"), start + m.end("m"), start + len(line.rstrip())))

    if not any(sec.marker and sec.marker[0] in "IVXL" for sec in sections):
        merged = sorted(list(zip(offsets, sections)) + alt_sections, key=lambda t: t[0])
        offsets, sections = [o for o, _ in merged], [sec for _, sec in merged]
    return sections, _numbered_items(doc, raw), offsets


def _numbered_items(doc: SourceDocument, raw: list[tuple[str, str, int, int, int]]) -> list[NumberedItem]:
    """Items with their ordinals and previous siblings; letter sequences use the Vietnamese alphabet when
    they contain "đ" (a letter outside it, "f", has ordinal 0)."""
    rank = {"roman": 0, "arabic": 1, "letter": 2}
    parents: list[Optional[int]] = []
    stack: list[int] = []
    for idx, (level, *_rest) in enumerate(raw):
        while stack and rank[raw[stack[-1]][0]] >= rank[level]:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(idx)
    sequences: dict[tuple[Optional[int], str], list[int]] = {}
    for idx, (level, *_rest) in enumerate(raw):
        sequences.setdefault((parents[idx], level), []).append(idx)
    ordinal: dict[int, int] = {}
    for (_, level), members in sequences.items():
        if level == "letter":
            letters = [raw[i][1] for i in members]
            # a list with "đ" is lettered in the Vietnamese alphabet, and there "f", "j", "w", "z" are slips (a, b, c,
            # d,
            # đ, e, g …: "f" where "g" belongs is the finding, not the "đ" and "e" before it)
            # a list that runs past "e" with no "f", "j", "w" or "z" ("e) … g)", "i) … k)") is Vietnamese too
            vietnamese = "đ" in letters or (not set(letters) & set("fjwz") and any(x > "e" for x in letters))
            alphabet = VI_ALPHABET if vietnamese else LATIN_ALPHABET
            for i in members:
                ordinal[i] = alphabet.index(raw[i][1]) + 1 if raw[i][1] in alphabet else 0
        elif level == "roman":
            for i in members:
                ordinal[i] = roman_value(raw[i][1]) or 0
        else:
            for i in members:
                ordinal[i] = int(raw[i][1])
    index_of: dict[int, int] = {}
    items: list[NumberedItem] = []
    for members in sequences.values():
        prev: Optional[int] = None
        stands: dict[int, int] = {}  # the ordinal each member stands for (its own, or the one a slip should have had)
        for k, i in enumerate(members):
            level, marker, s, me, e = raw[i]
            if ordinal[i] == 1 and prev is not None and ordinal[prev] > 1:
                prev = None  # back to the first item: a new list (each article's clauses, a table's rows)
            stands[i] = ordinal[i]
            if prev is not None and ordinal[i] != stands[prev] + 1 and k + 1 < len(members) \
                    and ordinal[members[k + 1]] == stands[prev] + 2:
                stands[i] = stands[prev] + 1  # "II, II, IV", "3, 9, 5" misread: the next item confirms the slip
            item = NumberedItem(level=level, marker=marker, ordinal=ordinal[i], span=doc.span(s, me),
                                previous=index_of.get(prev) if prev is not None else None,
                                follows=stands[prev] if prev is not None else None)
            index_of[i] = len(items)
            items.append(item)
            if not (level == "letter" and ordinal[i] == 0):
                prev = i  # a letter outside the alphabet ("f" among a … đ, e) is reported once; "g" still follows "e"
    return items
