"""An office's own word lists (QCDC401): where the document writes a term the list says to replace.

A list is data (pipeline/wordlists.py reads and checks it); this module only finds its terms in a document.
Matching is on the normalized text (NFC), and by default
- ignores case ("Xã Hòa An" at a sentence's start, "XÃ HÒA AN" in a heading) but never the letters' marks:
  "Hoa" is not "Hòa", "Hóa" is not "Hòa", "Ha" is not "Hà", "d" is not "đ";
- ignores where a syllable's tone mark is placed, a spelling convention and not another word: "Hòa"/"Hoà",
  "Thủy"/"Thuỷ", "Khóa"/"Khoá" are the same word;
- takes whole words, and a name whole: "xã Hòa An" is not found in "xã Hòa An Tây" (a capitalised word right
  after a term that ends with a capitalised word, on the same line, continues the name);
- lets a term wrap over a line break (that match's fix is then unsafe: the line would be joined).
A term inside a quotation, inside a cited instrument (its title, issuer and date: a historical name there is
the instrument's own) or written as history ("xã Hòa An (cũ)", "trước đây là xã Hòa An", "sáp nhập xã Hòa An")
is not reported.

The replacement keeps the case the text uses (all capitals, or a capital first letter where the list writes
a small one); the fix is safe when the match is exact up to that and the tone mark's place, unsafe otherwise
(another mix of capitals, a line break inside it)."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional, Sequence

from ..core.notes import Note
from ..readers.base import SourceDocument
from .models import Citation, TermMatch

# the five tone marks (huyền, sắc, hỏi, ngã, nặng) as combining characters; the other marks (â, ă, ê, ô, ơ, ư)
# and đ are letters of their own
TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
MAX_FOUND = 5_000  # matches kept in one document (pipeline/checker.MAX_FACTS)


@dataclass(frozen=True)
class Term:
    """One entry of a word list: what to find (one or several spellings), what to write instead, and why."""

    find: tuple[str, ...]
    replace: str
    line: int = 0  # where the entry starts in its file
    note_vi: Optional[str] = None
    note_en: Optional[str] = None
    severity: str = "warning"
    effective_from: Optional[dt.date] = None
    whole_words: bool = True
    case_sensitive: bool = False


@dataclass(frozen=True)
class WordList:
    path: str
    name: str
    version: Optional[str] = None
    terms: tuple[Term, ...] = field(default_factory=tuple)


def _tables() -> tuple[dict[int, str], dict[int, str], dict[str, str]]:
    """Character maps: without its tone mark (case kept), without its tone mark in small letters, and the tone
    mark each accented Latin letter carries."""
    keep, lower, tone = {}, {}, {}
    for cp in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        c = chr(cp)
        parts = unicodedata.normalize("NFD", c)
        marks = [m for m in parts if m in TONES]
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES))
        if len(base) != 1:
            continue
        if marks:
            tone[c] = marks[0]
        if base != c:
            keep[cp] = base
        small = base.lower()
        if len(small) == 1 and small != c:
            lower[cp] = small
    return keep, lower, tone


_KEEP, _LOWER, _TONE = _tables()
_SYLLABLE = re.compile(r"[^\W\d_]+")


def key(text: str, case_sensitive: bool = False) -> str:
    """The text without tone marks (and in small letters unless `case_sensitive`): one character for one, so an
    offset in the key is the same offset in the text."""
    return text.translate(_KEEP if case_sensitive else _LOWER)


def tones(text: str) -> tuple[str, ...]:
    """The tone mark of each syllable ("" for none): where in the syllable it is written does not matter."""
    return tuple(next((_TONE[c] for c in s if c in _TONE), "") for s in _SYLLABLE.findall(text))


_QUOTED = re.compile(r"“[^”]{0,400}”|\"[^\"\n]{0,400}\"")
# a former unit named as history: the list's old name is meant there
_HISTORY_BEFORE = re.compile(r"(?:trước đây(?: là)?|nguyên là|trước khi (?:sắp xếp|sáp nhập|hợp nhất)|trước (?:sắp xếp|"
                             r"sáp nhập)|sáp nhập|hợp nhất|đổi tên)\s+(?:(?:toàn bộ|một phần|các|của|"
                             r"và)\s+)*(?:\S+\s+){0,3}$",
                             re.IGNORECASE)
_HISTORY_AFTER = re.compile(r"^\s*(?:\((?:cũ|trước đây|trước sắp xếp|trước sáp nhập)\)|cũ\b|trước đây\b|trước khi "
                            r"(?:sắp xếp|sáp nhập)|(?:được |đã được |đã )?(?:sáp nhập|hợp nhất|đổi tên) (?:vào|thành|"
                            r"với))",
                            re.IGNORECASE)
_NAME_GOES_ON = re.compile(r"[ \t]+[^\W\d_]")


@dataclass
class _Group:
    """The terms of one list matched the same way, as one expression over the document's key."""

    case_sensitive: bool
    whole_words: bool
    by_key: dict[str, list[tuple[Term, str]]] = field(default_factory=dict)  # spaced key -> (term, spelling)
    pattern: Optional[re.Pattern] = None


def _groups(word_list: WordList) -> list[_Group]:
    groups: dict[tuple[bool, bool], _Group] = {}
    for term in word_list.terms:
        g = groups.setdefault((term.case_sensitive, term.whole_words), _Group(term.case_sensitive, term.whole_words))
        for spelling in term.find:
            g.by_key.setdefault(" ".join(key(spelling, term.case_sensitive).split()), []).append((term, spelling))
    for g in groups.values():
        alternatives = sorted(g.by_key, key=len, reverse=True)  # the longest term at a place wins
        body = "|".join(r"\s+".join(map(re.escape, k.split())) for k in alternatives)
        g.pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)" if g.whole_words else f"(?:{body})")
    return list(groups.values())


_COMPILED: dict[int, tuple[WordList, list[_Group]]] = {}


def _compiled(word_list: WordList) -> list[_Group]:
    hit = _COMPILED.get(id(word_list))
    if hit is None or hit[0] is not word_list:
        hit = _COMPILED[id(word_list)] = (word_list, _groups(word_list))
    return hit[1]


def _skipped(text: str, a: int, b: int, blocked: bytearray) -> bool:
    if blocked.find(1, a, b) >= 0:
        return True
    return bool(_HISTORY_BEFORE.search(text, max(0, a - 80), a) or _HISTORY_AFTER.match(text[b:b + 60]))


def _name_goes_on(text: str, b: int, spelling: str) -> bool:
    """A capitalised word right after a name that ends with one, on the same line: the name is longer."""
    last = spelling.split()[-1]
    m = _NAME_GOES_ON.match(text, b)
    return bool(last[:1].isupper() and m and text[m.end() - 1].isupper())


def _with_case(replacement: str, written: str, spelling: str) -> tuple[str, bool]:
    """The replacement in the case the text uses, and whether the match is exact (the list's spelling, up to the
    tone mark's place, all in capitals, or with a capital first letter)."""
    if written != " ".join(written.split()):
        return replacement, False  # wrapped over a line, or spaced otherwise
    bare, want = key(written, True), key(spelling, True)
    if bare == want:
        return replacement, True
    if written == written.upper() and written != written.lower():
        return replacement.upper(), True
    if bare[:1] != want[:1] and bare[:1] == want[:1].upper() and bare[1:] == want[1:]:
        return replacement[:1].upper() + replacement[1:], True
    return replacement, False


def find_terms(doc: SourceDocument, citations: Sequence[Citation], lists: Sequence[WordList],
               notes: Optional[list[Note]] = None) -> list[TermMatch]:
    """The places the document writes a term of the lists, outside quotations, cited instruments and history,
    in document order; at most MAX_FOUND (a note in `notes` says when there were more)."""
    if not lists or not doc.text.strip():
        return []
    text = doc.text
    keys: dict[bool, str] = {}
    blocked = bytearray(len(text))  # quotations and cited instruments
    cited = (c.extent_range or c.norm_range for c in citations)
    for x, y in [m.span() for m in _QUOTED.finditer(text)] + [r for r in cited if r]:
        blocked[x:y] = b"\x01" * (y - x)
    taken = bytearray(len(text))  # a place is one term's: the first list's that names it
    out: list[TermMatch] = []
    for word_list in lists:
        for g in _compiled(word_list):
            source = keys.get(g.case_sensitive)
            if source is None:
                source = keys[g.case_sensitive] = key(text, g.case_sensitive)
            for m in g.pattern.finditer(source) if g.pattern is not None else ():
                a, b = m.span()
                written = text[a:b]
                candidates = g.by_key.get(" ".join(m.group(0).split()), [])
                hit = next(((t, s) for t, s in candidates if tones(s) == tones(written)), None)
                if hit is None or taken.find(1, a, b) >= 0 or _skipped(text, a, b, blocked):
                    continue
                term, spelling = hit
                if g.whole_words and _name_goes_on(text, b, spelling):
                    continue
                if len(out) >= MAX_FOUND:
                    if notes is not None:
                        notes.append(Note("too-many-terms", limit=MAX_FOUND))
                    return _ordered(out)
                replacement, exact = _with_case(term.replace, written, spelling)
                taken[a:b] = b"\x01" * (b - a)
                out.append(TermMatch(
                    text=" ".join(written.split()), find=spelling, replacement=replacement, exact=exact,
                    severity=term.severity, effective_from=term.effective_from, note_vi=_clause(term.note_vi),
                    note_en=_clause(term.note_en or term.note_vi), list_name=word_list.name,
                    list_version=word_list.version,
                    span=doc.span(a, b), norm_range=(a, b),
                ))
    return _ordered(out)


def _clause(note: Optional[str]) -> Optional[str]:
    """A note as a clause of the finding's sentence (its own full stop dropped)."""
    return note.rstrip(" .") or None if note else None


def _ordered(found: list[TermMatch]) -> list[TermMatch]:
    return sorted(found, key=lambda t: (t.norm_range[0], t.norm_range[1]))
