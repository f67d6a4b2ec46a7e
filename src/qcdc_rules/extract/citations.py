"""Citations, step 1 — find them: an instrument's symbol after its type word ("Nghị định số 59/2023/NĐ-CP"),
or a law by its name ("Luật Thực hiện dân chủ ở cơ sở"), with what follows it (date, issuer, subject).
Step 2, resolving each to a registry instrument, is extract/resolve.py.
"""
from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass

from ..core.symbols import LOOKALIKES, foreign_letters, parse_symbol
from ..core.text import fold_words
from ..knowledge.registry import Instrument, Registry
from ..readers.base import SourceDocument
from . import dates
from .flat import FlatText
from .models import Citation
from .symbolread import split_term, without_footnote_mark

# letters of a symbol: Latin, Đ, and the Cyrillic and Greek ones drawn like Latin letters ("NQ-СР"), read
# so that the symbol is not cut there, folded for resolution, and reported (QCDC104)
_ALNUM = rf"[0-9A-Za-zĐđ{LOOKALIKES}]"
# digits, then one or more (separator, alnum-run); one space may follow a separator (line breaks); a dot
# may join alnum-runs inside a segment ("545/CCTKV.VIII-CNTK", a unit's code with its number)
# a space may also stand before a "/" that a code follows, after a year cut short: "22/201 /QĐ-UBND" (QCDC104)
SYMBOL_RE = re.compile(rf"(?<![\w/.\-])\d{{1,5}}"
                       rf"(?:(?:[/\-]|(?<=/(?:19|20)\d) /(?=[A-ZĐ])) ?{_ALNUM}+(?:\.{_ALNUM}+)*)+")
# what may go on in a symbol after blanked markup ("QH**1**5", "NĐ**-CP**"): more of its characters
_MORE = re.compile(rf"(?:[/\-] ?)?{_ALNUM}+(?:[./\-] ?{_ALNUM}+)*")
_MARKUP = frozenset("*_")
# a body's code after a hyphen with spaces around it, when the symbol has one code only: "2273/CTK - CSCL"
_SPACED_UNIT = re.compile(r" ?- ?[A-ZĐ][A-ZĐ0-9]+(?![\wĐđ])")
_ONE_CODE = re.compile(r"^\d+/[A-ZĐ][A-Za-zĐđ0-9.]*$")
# the issuer of a letter is a company, not a body of the State or the Party: its number is its own, not a
# state instrument's symbol ("công văn số 01-10/2025/CV-ABC của Công ty TNHH …")
_PRIVATE = re.compile(r"^(?:Chi nhánh |Văn phòng đại diện )?(?:Tổng )?(?:Công ty|Cty|Doanh nghiệp|Hợp tác xã)\b",
                      re.IGNORECASE)
# citations read in one document at most: one more than the pipeline checks (pipeline/checker.MAX_FACTS), so
# that it knows there were more. Each costs ~60 µs and ~3 KB to read: 140,000 on one line took 8.5 s and 490 MB
MAX_FOUND = 5_001
_DATE_AFTER = re.compile(rf"^ ?,? ?(?:\(?(?:ban hành |ký )?(?P<dt>(?:ngày|ngàỵ) ?{dates.DATE})\)?)")
_ISSUER_AFTER = re.compile(
    r"^ ?,? ?của (?P<issuer>[^;,.“\"”0-9]{2,140}?)(?=,? (?:về|và|quy định|hướng dẫn|ban hành|thực hiện|ngày)\b|"
    r"[;,.“\"”0-9]|$)"
)
# A subject is quoted right after the citation, or introduced by "về", "quy định", "hướng dẫn", "ban hành"
# (an unintroduced run of text after a symbol is not its subject: it may be the next sentence).
# a subject ends where the next instrument of a joint citation begins: "… về việc thành lập Trung tâm X và Quyết định
# số 12/QĐ-UBND …" (else a long subject with no ";" soon after it is not read at all)
_NEXT_CITED = (r",? (?:và|hoặc) (?:các |tại )?(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Quyết định|Thông tư|"
               r"Chỉ thị|Kết luận|Quy định|Kế hoạch|Công văn|Hướng dẫn) (?:số )?\d")
_SPACED_TERM = re.compile(r" 1[0-6](?![\w/.\-])")
# words no issuer's name has: what follows is a sentence about the instrument, and a date after them is not its
# own
_NOT_ISSUER = re.compile(r"\b(?:tiếp tục|hoạt động|cho đến|đến hết|kể từ|có hiệu lực|hết hiệu lực|thi hành|trước|"
                         r"sau)\b", re.IGNORECASE)
_SUBJECT_AFTER = re.compile(
    r"^ ?,? ?(?:(?:về |quy định |hướng dẫn |ban hành )(?:việc |về việc )?(?:ban hành )?"
    r"(?P<subject>“[^”]{3,400}”|\"[^\"]{3,400}\"|\w[^;“”\"]{2,300}?(?=;|\. |\.$|$|" + _NEXT_CITED + r"))"
    r"|(?P<quoted>“[^”]{3,400}”|\"[^\"]{3,400}\"))"
)
_SO = r"(?:số|Số|SỐ)"
# an instrument named as ceased, replaced or amended is not relied on: "Luật … thay thế Pháp lệnh số …", "tuyên
# truyền việc chấm dứt thi hành Pháp lệnh …", "Nghị định 04/2015/NĐ-CP đã hết hiệu lực"
_MENTION_BEFORE = re.compile(r"(?:thay thế|thay cho|chấm dứt(?: việc)?(?: thi hành| hiệu lực)?(?: của)?|bãi bỏ|"
                             r"hết hiệu lực của|không còn áp dụng|"
                             # the instrument an amending text amends, named in its title: "Luật số 97/2025/QH15 sửa
                             # đổi, bổ sung một số điều của Luật Thực hiện dân chủ ở cơ sở"
                             r"sửa đổi,? bổ sung(?: một số điều| một số nội dung| các điều)?(?: của)?) ?$",
                             re.IGNORECASE)
_MENTION_AFTER = re.compile(r"^ ?,? ?(?:\(?(?:đã |đã bị |bị |đã được |được )?(?:hết hiệu lực|không còn hiệu lực|"
                            r"bãi bỏ|thay thế bởi|chấm dứt hiệu lực|hết hiệu lực thi hành))", re.IGNORECASE)
_AS_AMENDED = re.compile(r"^[^;]{0,60}?(?:được |đã được |đã )?sửa đổi,? bổ sung", re.IGNORECASE)


@dataclass
class Found:
    """A citation with its flat-text extent (offsets are flat positions)."""

    citation: Citation
    start: int
    end: int  # end of the symbol
    extent_end: int  # end of date/issuer/subject


def _type_pattern(registry: Registry) -> re.Pattern:
    words = "|".join(re.escape(w).replace(r"\ ", " ") for w, _ in registry.type_words)
    return re.compile(rf"(?P<type>{words})(?: {_SO})?(?: ?:)? ?$", re.IGNORECASE)


def _law_name_pattern() -> re.Pattern:
    return re.compile(rf"(?P<type>Bộ luật|Luật) (?P<name>[^;:,()“”\"0-9]{{2,100}}?) {_SO} ?:? ?$")


_LETTER = re.compile(r"[A-Za-zĐđ]")
_WORD = re.compile(r"[0-9a-z]+")
_JOINER_TAIL = re.compile(r"(?:[\s,;.:]|\b(?:và|cùng|hoặc)\b)*$")


def _is_law_title(words: list[str]) -> bool:
    """Whether a title's folded words start "luat …" or "bo luat …" (a law's or a code's name)."""
    return (words[0] == "luat" and len(words) > 1) or (words[:2] == ["bo", "luat"] and len(words) > 2)


class CitationFinder:
    """Finds citations; holds the patterns derived from the registry once."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.type_re = _type_pattern(registry)
        # a type word ends where the symbol starts (with at most " số :" between), so only this many
        # characters before a symbol can hold it: searching them, not 160, is a tenth of the cost (2 µs,
        # not 23, for each of the ~60 numbers of a plan) and finds the same match
        self.type_reach = max((len(w) for w, _ in registry.type_words), default=0) + 8
        self.law_re = _law_name_pattern()
        codes = sorted(set(registry.issuer_codes) | {"CP", "TTg", "TW", "UBND", "HĐND"}, key=len, reverse=True)
        self.spaced_code = re.compile(r" [/\-] ?(?:" + "|".join(map(re.escape, codes)) + r")[0-9]*\b")
        self.type_of_word = {w.lower(): c for w, c in registry.type_words}
        # a law's name without the year some labels carry ("Luật Thanh tra năm 2025"): the year a text writes
        # after the name is read and compared on its own, never matched loosely as one more word
        # registry.named: the instruments with name labels or a law's title, picked once when the registry was
        # built (walking every instrument here would cost each new process the whole registry)
        self.names = [(inst, _base_label(fold_words(lab).split()), lab) for inst in registry.named
                      for lab in inst.name_labels]
        self.by_label: dict[tuple[str, ...], list[Instrument]] = {}
        # the title's folded words, as fold_words(title).split() gives them (folded once, when the registry was built)
        laws = [(inst, _base_label(words), "") for inst in registry.named
                if (words := registry.title_tokens.get(inst.iri)) and _is_law_title(words)]
        for inst, label, _ in self.names + laws:
            group = self.by_label.setdefault(tuple(label), [])
            if inst not in group:
                group.append(inst)
        self.longest_name = max((len(label) for _, label, _ in self.names), default=0)
        firsts = sorted({label[0] for _, label, _ in self.names if label}, key=len, reverse=True)
        # a name's first word, as a whole word of the folded text (words are [0-9a-z] runs there)
        self.first_word_re = re.compile(r"(?<![0-9a-z])(?:" + "|".join(map(re.escape, firsts)) + r")(?![0-9a-z])"
                                        if firsts else r"(?!)")

    def laws_named(self, label: str) -> list[Instrument]:
        """The registered laws that share the name of this name label (the year it may carry aside)."""
        return self.by_label.get(tuple(_base_label(fold_words(label).split())), [])

    def find(self, doc: SourceDocument, flat: FlatText) -> list[Found]:
        """Every citation, in text order, each with its flat extent recorded on the citation."""
        found: list[Found] = []
        for m in SYMBOL_RE.finditer(flat.text):
            if (f := self._at_symbol(doc, flat, m)) is not None:
                found.append(f)
                if len(found) >= MAX_FOUND:
                    break  # a flood: what is past the first MAX_FOUND is not read (pipeline/checker.MAX_FACTS)
        found.extend(self._find_by_name(doc, flat, found))
        found.sort(key=lambda f: f.start)
        del found[MAX_FOUND:]
        for i, f in enumerate(found):
            f.citation.flat_extent = (f.start, f.extent_end)
            # what a replacement replaces: up to the next citation at most, without the words that join them
            end = min(f.extent_end, found[i + 1].start) if i + 1 < len(found) else f.extent_end
            end = max(end, f.end)
            tail = _JOINER_TAIL.search(flat.text, f.end, end)
            f.citation.extent_range = flat.norm_range(f.start, tail.start() if tail else end)
        return found

    # ------------------------------------------------------------------ symbol citations
    def _at_symbol(self, doc: SourceDocument, flat: FlatText, m: re.Match):
        text = flat.text
        raw = m.group(0).rstrip("-/ ")
        end = _through_markup(doc, flat, m.start() + len(raw))
        raw = text[m.start():end]
        tail = self.spaced_code.match(text, end)
        if not tail and " -" in text[end:end + 2] and _ONE_CODE.match(raw):
            tail = _SPACED_UNIT.match(text, end)
        if tail:
            raw = raw + tail.group(0)
        elif raw.endswith("QH") and (term := _SPACED_TERM.match(text, end)):
            raw = raw + term.group(0)  # "32/2013/QH 13": the term split from its code by a space ("QH 13" is read QH13)
        elif split := split_term(text, end, raw):
            raw = raw + split  # "58/2024/QH1 5": the term's last digit set apart (OCR, a pasted text)
        raw = without_footnote_mark(raw, self.registry.by_key)
        if not _LETTER.search(raw):
            return None  # a date or a range of years
        s, e = m.start(), m.start() + len(raw)
        type_word, cited_type, start = None, None, s
        before = _this_sentence(text[max(0, s - self.type_reach): s])
        tm = self.type_re.search(before)
        if not tm:
            before = _this_sentence(text[max(0, s - 160): s])
            tm = self.law_re.search(before)
        if tm:
            type_word = tm.group("type")
            cited_type = self.type_of_word.get(type_word.lower())
            start = s - len(before) + tm.start()
        written, number, year, type_code, issuer_code = parse_symbol(raw)
        coded = self.registry.type_codes.get(type_code or "")
        if type_word is None and coded and _A_LETTER.search(text, max(0, s - 20), s):
            # "Văn bản số 93/CT-05": a letter whose symbol's code reads like a type (CT: chỉ thị) is still a letter,
            # its symbol the sender's own (a firm's too); a letter's symbol with no type code is not read, as before
            cited_type = "CongVan"
        if cited_type is None and type_code:
            cited_type = self.registry.type_codes.get(type_code)
        if type_word is None and cited_type is None:
            return None  # not recognisably an instrument symbol
        cit = Citation(text=text[start:e], span=doc.span(0, 1), type_word=type_word, cited_type=cited_type,
                       symbol=written, number=number, year=year, issuer_code=issuer_code)
        extent = _read_after(cit, flat, e)
        if cit.issuer_phrase and _PRIVATE.match(cit.issuer_phrase):
            return None  # a company's own letter number, not an instrument
        foreign = foreign_letters(raw)
        cit.symbol_foreign = "".join(foreign.letters) if foreign else None
        cit.symbol_as_written = "".join(raw.split()) if foreign else None
        cit.as_amended = bool(_AS_AMENDED.match(text[e: e + 600]))
        cit.mention_only = _mentioned(text, start, e, extent)
        a, b = flat.norm_range(start, e)
        cit.span = doc.span(a, b)
        cit.norm_range = (a, b)
        cit.symbol_range = flat.norm_range(s, e)
        return Found(cit, start, e, max(extent, e))

    # ------------------------------------------------------------------ laws cited by name
    def _find_by_name(self, doc: SourceDocument, flat: FlatText, taken: list[Found]) -> list[Found]:
        out: list[Found] = []
        covered = bytearray(len(flat.text) + 1)  # flat positions inside a citation found so far
        for f in taken:
            covered[f.start:f.extent_end] = b"\x01" * (f.extent_end - f.start)
        folded = flat.folded
        # only the words after a name's first word are read (a plan has ~5,000 words and a few such starts)
        for start in self.first_word_re.finditer(folded):
            if len(out) >= MAX_FOUND:
                break
            words = [(m.group(0), m.start(), m.end())
                     for m in itertools.islice(_WORD.finditer(folded, start.start()), self.longest_name + 1)]
            toks = [w for w, _, _ in words]
            ws = start.start()
            best: tuple[float, int, Instrument, str] | None = None
            for inst, label, lab in self.names:
                n = len(label)
                if toks[:2] != label[:2]:
                    continue
                lengths = [n] if n < 5 else [n - 1, n, n + 1]
                for k in lengths:
                    window = toks[:k]
                    if len(window) < k:
                        continue
                    ratio = 1.0 if window == label else difflib.SequenceMatcher(None, window, label).ratio()
                    if (n < 5 and ratio < 1.0) or ratio < 0.85:
                        continue
                    if best is None or ratio > best[0] or (ratio == best[0] and k > best[1]):
                        best = (ratio, k, inst, lab)
            if best is None:
                continue
            ratio, k, inst, lab = best
            end = words[k - 1][2]
            if covered[ws] or covered[end - 1]:
                continue  # part of a symbol citation or of its quoted subject
            when = _NAME_WHEN.match(flat.text, end)
            if _NAME_SYMBOL.match(flat.text, when.end() if when else end):
                continue  # "Luật … (năm 2025) số 84/2025/QH15": the number says which law, not the name
            year, day = _year_and_date(when)
            inst, resolution = _pick(self.laws_named(lab), year, day)
            name_end = end
            if when:
                end = when.end()
            covered[ws:end] = b"\x01" * (end - ws)
            a, b = flat.norm_range(ws, end)
            na, nb = flat.norm_range(ws, name_end)
            cit = Citation(
                text=flat.text[ws:end], span=doc.span(a, b), type_word=flat.text[ws:ws + 4], norm_range=(na, nb),
                cited_type=(inst or best[2]).cls, by_name=True, resolved=inst.iri if inst else None,
                instrument=inst.symbol if inst else None, resolution=resolution, year=year, date=day,
                date_range=flat.norm_range(when.start("dt"), when.end("dt")) if when and when.group("dt") else None,
                as_amended=bool(_AS_AMENDED.match(flat.text[end: end + 120])),
                mention_only=_mentioned(flat.text, ws, end, end),
                name_score=round(ratio, 3), name_label=lab,
            )
            out.append(Found(cit, ws, end, end))
        return out


# a sentence's end before a symbol: "… Luật Địa chất và khoáng sản. Thực hiện Văn bản số 206/UBND-KT" (two basis
# lines joined) — the type word of the sentence before is not this symbol's ("TP. Hồ Chí Minh" is not an end)
_SENTENCE_END = re.compile(r"(?<=[a-zà-ỹđ])[.;] (?=[A-ZĐÀ-Ỹ])")


def _this_sentence(before: str) -> str:
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    return before[ends[-1]:] if ends else before


_A_LETTER = re.compile(r"\b[Vv]ăn bản (?:số )?:? ?$")


def _through_markup(doc: SourceDocument, flat: FlatText, end: int) -> int:
    """The end of a symbol read on through markup blanked inside it: "39/2024/QH**1**5" is matched on
    "39/2024/QH  1  5" (the markdown reader blanks "**" to spaces, flat text collapses them to one); it
    goes on only where every character between is markup in the file as written, never over a space."""
    text = flat.text
    while end + 1 < len(text) and text[end] == " ":
        a = doc.origin[flat.origin[end - 1]] + 1  # after the last character read, in the file as written
        b = doc.origin[flat.origin[end + 1]]
        if b <= a or not _MARKUP.issuperset(doc.original[a:b]):
            break
        more = _MORE.match(text, end + 1)
        if not more:
            break
        end = more.end()
    return end


# what a text writes after a law's name to say which law it is: "năm 2025", "(năm 2025)", "2025",
# "ngày 16 tháng 6 năm 2025", "ngày 16/6/2025"
_NAME_WHEN = re.compile(rf" ?,? ?\(?(?:(?:năm|Năm) (?P<yr>\d{{4}})|(?P<dt>ngày ?{dates.DATE})|(?P<bare>(?:19|"
                        r"20)\d\d)(?!\d|/))\)?")
_NAME_SYMBOL = re.compile(rf" ?,? ?(?:{_SO} ?:? ?)?\d{{1,4}} ?/ ?\d{{4}} ?/")
_YEAR_SUFFIX = ("nam",)


def _base_label(label: list[str]) -> list[str]:
    """A name label without a trailing "năm YYYY" (the year is read from the text, not matched as a word)."""
    if len(label) > 2 and label[-2] in _YEAR_SUFFIX and label[-1].isdigit():
        return label[:-2]
    return label


def _year_and_date(when):
    if when is None:
        return None, None
    if when.group("dt"):
        d = dates.from_match(when)
        return (d.year if d else None), d
    y = when.group("yr") or when.group("bare")
    return int(y), None


def _pick(candidates: list[Instrument], year, day):
    """The registered law a name with its year or date names: the one issued that year (or on that date);
    None when no registered law of that name was issued then — never another law of the same name. With
    neither, the only law of that name, or, when several share it, none yet: the one in force on the plan
    date is chosen once the plan date is known ("name-in-force")."""
    if year is not None:
        same = [i for i in candidates if (i.issued.year if i.issued else i.year) == year]
        if day is not None and len(same) > 1:
            same = [i for i in same if i.issued == day] or same
        return (same[0], "name-year") if len(same) == 1 else (None, None)
    if len(candidates) == 1:
        return candidates[0], "name"
    return None, "name-in-force"


def _mentioned(text: str, start: int, end: int, extent: int) -> bool:
    """Named as ceased or replaced (words just before the type word, or right after the symbol or its
    date and subject), not relied on."""
    return bool(_MENTION_BEFORE.search(text, max(0, start - 40), start)
                or _MENTION_AFTER.match(text[end: end + 60]) or _MENTION_AFTER.match(text[extent: extent + 60]))


def _read_after(cit: Citation, flat: FlatText, e: int) -> int:
    """Date, issuer and subject written after the symbol (flat offset `e`); returns the extent's end."""
    rest = flat.text[e: e + 600]
    pos = 0
    dm = _DATE_AFTER.match(rest)
    if dm:
        cit.date = dates.from_match(dm)
        cit.date_range = flat.norm_range(e + dm.start("dt"), e + dm.end("dt"))
        pos = dm.end()
    im = _ISSUER_AFTER.match(rest[pos:])
    if im and _NOT_ISSUER.search(im.group("issuer")):
        im = None  # "của Quốc hội tiếp tục hoạt động cho đến hết ngày …": that date is not the instrument's
    if im:
        cit.issuer_phrase = im.group("issuer").strip()
        pos += im.end()
        if cit.date is None:
            dm = _DATE_AFTER.match(rest[pos:])
            if dm:
                cit.date = dates.from_match(dm)
                cit.date_range = flat.norm_range(e + pos + dm.start("dt"), e + pos + dm.end("dt"))
                pos += dm.end()
    sm = _SUBJECT_AFTER.match(rest[pos:])
    if sm:
        subject = sm.group("subject") or sm.group("quoted")
        cit.subject_quoted = subject[:1] in "“\""
        cit.subject = subject.strip("“”\" ")
        group = "subject" if sm.group("subject") else "quoted"
        cit.flat_subject = (e + pos + sm.start(group), e + pos + sm.end(group))
        pos += sm.end()
    return e + pos
