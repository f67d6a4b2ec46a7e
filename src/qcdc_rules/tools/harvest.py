"""`registry harvest`: propose an instrument's registry entry (Turtle, for a maintainer's review) from its own
text — identity from its header, entry into force and the instruments it replaces, repeals, amends or ends
from its own articles, each fact with the article, clause and quoted words — and identity facts of the
instruments other texts cite (secondary when two or more texts agree; disagreements flagged)."""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..core.symbols import parse_symbol, symbol_key
from ..core.text import fold, fold_words
from ..extract import dates as D
from ..extract.citations import SYMBOL_RE

KINDS = ("replaces", "repeals", "amends", "ceases")
_TYPE = (r"(?:Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định|Chỉ thị|Quy định|"
         r"Kết luận|Kế hoạch|Hướng dẫn)")
# a cited instrument: type word, optional "số", the symbol (spaces after a separator are read through)
CITE = re.compile(rf"(?P<type>{_TYPE})(?:(?<=Luật) [^\d;:,.()“”]{{2,90}}? số|(?: (?:số|Số))?:?) (?P<sym>\d{{1,5}}(?: "
                  r"?[/\-] ?[0-9A-Za-zĐđÐ]+)+)")
ARTICLE = re.compile(r"(?m)^[ \t>#*_]*(?P<q>[“\"]?)[ \t*_]*Điều (?P<n>\d+[a-z]?)\b[ .:]*")
CLAUSE = re.compile(r"(?:(?<=\n)|(?<=[.;:] ))[ \t*_]*(?P<n>\d{1,2})\s?\.\s")
_END = re.compile(r"\n[ \t*_|]*(?:[Nn]ơi nhận|NƠI NHẬN|TM\.|T/M|KT\.|CHỦ TỊCH\b|BỘ TRƯỞNG\b|THỦ TƯỚNG\b)")
_EIF = re.compile(rf"(?:có|có hiệu lực)[^.;]{{0,40}}?hiệu lực(?: thi hành)?(?: kể)? từ (?:ngày "
                  rf")?(?P<when>{D.DATE}|ngày ký(?: ban hành)?|ký(?: ban hành)?|ngày ban hành|ngày thông qua)"
                  rf"|có hiệu lực(?: thi hành)? sau (?P<after>\d+ ngày kể từ ngày (?:ký|ban hành|công bố))")
_THIS = r"(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|Chỉ thị|Quy định|văn bản)(?: này)"
_FROM_THIS = re.compile(rf"kể từ ngày {_THIS} có hiệu lực", re.IGNORECASE)
_FROM_DATE = re.compile(rf"(?:kể )?từ ngày (?P<dd>{D.DATE})")
_TRIGGERS = re.compile(r"(?P<rep>thay thế(?! bằng)(?: cho)?)|(?P<rpl>bãi bỏ(?: toàn bộ)?)|(?P<amd>sửa đổi,? bổ "
                       r"sung|sửa đổi)"
                       r"|(?P<end>hết hiệu lực(?: thi hành)?)", re.IGNORECASE)
# words before a trigger that make it a proposal, a condition or a report, not this text's own act
_NOT_OWN = re.compile(r"(?:tham mưu|đề xuất|đề nghị|xem xét|nghiên cứu|rà soát|kiến nghị|trường hợp|nếu|khi |"
                      r"được tiếp tục|đã bị|đã được|tiếp tục thực hiện|cho đến khi)", re.IGNORECASE)
# words between a trigger and its first citation that make the act partial (articles, clauses, words, lists)
_PARTIAL = re.compile(r"\b(?:Điều|điều|khoản|điểm|cụm từ|Danh mục|danh mục|số thứ tự|Phụ lục|phụ lục|một số|các quy "
                      r"định|"
                      r"quy định|nội dung|mục|Chương|chương|TTHC|thủ tục)\b")
# what comes right before a citation that is part of another citation's description
_NESTED = re.compile(r"(?:sửa đổi|bổ sung|kèm theo|hướng dẫn|chi tiết|thi hành|theo|tại|của|bởi|thực hiện)[ ,]*"
                     r"(?:một số điều (?:của )?|các )?$", re.IGNORECASE)
_JOIN = re.compile(r"^[\s,;]*(?:và|,|;)?[\s,;]*$")


@dataclass
class Relation:
    kind: str  # replaces | repeals | amends | ceases
    target: str  # canonical symbol as written (spaces dropped)
    target_type: str  # the type word
    article: str  # "Điều 12 khoản 2"
    quote: str  # the words that state it
    date: Optional[dt.date] = None
    date_note: Optional[str] = None  # how the date was obtained, when not written out
    _sentence: str = field(default="", repr=False, compare=False)  # the sentence it was read in, for its date


@dataclass
class Harvest:
    path: str
    symbol: Optional[str] = None
    type_word: Optional[str] = None
    issuer: Optional[str] = None
    date_issued: Optional[dt.date] = None
    title: Optional[str] = None
    eif: Optional[dt.date] = None
    eif_note: Optional[str] = None
    eif_article: Optional[str] = None
    eif_quote: Optional[str] = None
    relations: list[Relation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{(self.type_word or 'Văn bản').capitalize()} số {self.symbol}" if self.symbol else self.path


def flat(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text.replace("\r", "")).replace("Ð", "Đ")


def _one_line(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def harvest_text(text: str, path: str = "<text>", header=None) -> Harvest:
    """Everything harvest proposes from one text (never raises on odd text)."""
    h = Harvest(path)
    text = flat(text)
    if header is not None:
        _identity(h, header)
    body = _operative(text)
    for art, clause_no, clause in _clauses(body):
        _eif(h, art, clause_no, clause)
    for art, clause_no, clause in _clauses(body):
        _relations(h, art, clause_no, clause)
    if h.title and re.match(r"(?i)(?:về việc )?(?:sửa đổi|bãi bỏ|thay thế)", _one_line(h.title)):
        _title_relation(h)
    _dates(h)
    seen, out = set(), []
    whole = {symbol_key(r.target) for r in h.relations if r.kind != "amends"}
    h.relations = [r for r in h.relations if r.kind != "amends" or symbol_key(r.target) not in whole]
    for r in h.relations:
        if (r.kind, symbol_key(r.target)) not in seen and symbol_key(r.target) != symbol_key(h.symbol or "-"):
            seen.add((r.kind, symbol_key(r.target)))
            out.append(r)
    h.relations = out
    return h


def _identity(h: Harvest, header) -> None:
    m = SYMBOL_RE.search(header.symbol_line or "")
    h.symbol = parse_symbol(m.group(0)).written if m else None
    h.type_word = _one_line(header.doc_type).capitalize() if header.doc_type else None
    h.issuer = _one_line(header.issuer) if header.issuer else None
    h.date_issued = header.date
    h.title = _one_line(header.title) if header.title else None
    if h.title and h.issuer and fold(h.title).endswith(" " + fold(h.issuer)):
        h.title = h.title[: -len(h.issuer)].strip()


def _operative(text: str) -> str:
    """From the first article to the signature ("Nơi nhận", "TM.", "KT. …"), quoted text blanked (an
    amending text quotes the provisions it writes, and those are not its own acts)."""
    first = next((m for m in ARTICLE.finditer(text) if not m.group("q")), None)
    if first is None:
        return ""
    end = _END.search(text, first.start())
    body = text[first.start(): end.start() if end else len(text)]
    return re.sub(r"“[^”]{0,20000}”", lambda m: "“" + re.sub(r"\S", "·", m.group(0)[1:-1]) + "”", body)


def _clauses(body: str):
    """(article, clause number or None, clause text) in order; a clause that ends with ":" keeps its list."""
    starts = [m for m in ARTICLE.finditer(body) if not m.group("q")]
    for i, m in enumerate(starts):
        art = f"Điều {m.group('n')}"
        chunk = body[m.end(): starts[i + 1].start() if i + 1 < len(starts) else len(body)]
        cuts = [c for c in CLAUSE.finditer(chunk)]
        expected, keep = 1, []
        for c in cuts:  # numbered clauses count up from 1; other "N. " are list items or amounts
            if int(c.group("n")) == expected:
                keep.append(c)
                expected += 1
        if not keep or chunk[: keep[0].start()].rstrip().endswith(":"):  # a list under the article's lead
            yield art, None, _one_line(chunk)
            continue
        if keep[0].start() > 0:
            yield art, None, _one_line(chunk[: keep[0].start()])
        for j, c in enumerate(keep):
            yield art, c.group("n"), _one_line(chunk[c.end(): keep[j + 1].start() if j + 1 < len(keep) else len(chunk)])


def _where(art: str, clause_no: Optional[str]) -> str:
    return f"{art} khoản {clause_no}" if clause_no else art


def _eif(h: Harvest, art: str, clause_no, clause: str) -> None:
    if h.eif or h.eif_note:
        return
    for m in _EIF.finditer(clause):
        before = clause[max(0, m.start() - 60): m.start()]
        if not re.search(rf"{_THIS}\s*$|{_THIS}[^.;]{{0,12}}$", before,
                         re.IGNORECASE) and not re.search(r"^\W*$", before):
            continue  # "trước ngày Thông tư này có hiệu lực", another text's date
        start = m.start() - len(before) + before.lower().rfind(" ") if before.strip() else m.start()
        h.eif_article, h.eif_quote = _where(art, clause_no), _quote(clause, start, m.end())
        if m.group("after"):
            h.eif_note = f"sau {m.group('after')} (ngày cụ thể do người duy trì tính)"
        elif re.match(r"(?:ngày )?(?:ký|ban hành)", m.group("when")):
            h.eif_note = "kể từ ngày ký"
        elif m.group("when").startswith("ngày thông qua"):
            h.eif_note = "kể từ ngày thông qua"
        else:
            written = D.DATE_RE.search(m.group("when"))
            h.eif = D.from_match(written) if written else None
        return


def _quote(clause: str, a: int, b: int, limit: int = 220) -> str:
    """The clause's words from a to b, trimmed to a sentence's reach and `limit` characters."""
    a = max(0, clause.rfind(". ", 0, a) + 2 if clause.rfind(". ", 0, a) >= 0 else 0)
    s = clause[a:b].strip(" ;,")
    return s if len(s) <= limit else s[:limit // 2].rstrip() + " … " + s[-limit // 2:].lstrip()


def _relations(h: Harvest, art: str, clause_no, clause: str) -> None:
    for sentence in _sentences(clause):
        for t in _TRIGGERS.finditer(sentence):
            before = sentence[: t.start()]
            if _NOT_OWN.search(before[-120:]) or re.search(r"(?:được|bị|sẽ|đã) ?$", before[-8:]):
                continue
            if not t.group("end") and CITE.search(before.rsplit(";", 1)[-1]):
                continue  # "… Quyết định số X ngày … về sửa đổi …": words of a cited title
            if t.group("end"):
                _ceases(h, art, clause_no, sentence, t)
            else:
                kind = "replaces" if t.group("rep") else "repeals" if t.group("rpl") else "amends"
                _forward(h, art, clause_no, sentence, t, kind)


def _sentences(clause: str) -> list[str]:
    """A clause cut at ". " before a capital (a list introduced by ":" stays with its items)."""
    return [s for s in re.split(r"(?<=[^\d\s][.])\s+(?=[A-ZĐ])", clause) if s.strip()]


def _targets(segment_text: str, offset: int = 0) -> list[re.Match]:
    """The citations a segment acts on: the first, and those joined to a target by "và" or ",", not the
    instruments named inside a target's description ("… sửa đổi … của Thông tư số …")."""
    out: list[re.Match] = []
    prev_end, prev_target = None, False
    for m in CITE.finditer(segment_text, offset):
        gap = segment_text[prev_end: m.start()] if prev_end is not None else ""
        nested = bool(_NESTED.search(segment_text[max(offset, m.start() - 60): m.start()]))
        if prev_end is None:
            ok = True
        else:
            ok = prev_target and not nested and bool(re.search(r"(?:\bvà|,|;)\s*$", gap)) and not re.search(
                r"sửa đổi|bổ sung|kèm theo|hướng dẫn", gap)
        if ok:
            out.append(m)
        prev_end, prev_target = m.end(), ok
    return out


def _items(text: str) -> list[str]:
    """A list's items: "a) …", "1. …", "- …", or segments split by ";"."""
    parts = re.split(r"(?:^|\s)(?:[a-zđ]\)|\d{1,3}\.|-)\s+(?=[A-ZĐ])|;\s*", text)
    return [p for p in parts if p and p.strip()]


def _forward(h: Harvest, art, clause_no, sentence: str, t: re.Match, kind: str) -> None:
    rest = sentence[t.end():]
    first = CITE.search(rest)
    if not first:
        return
    lead = rest[: first.start()]
    if kind != "replaces" and re.search(r"(?i)sau đây|như sau|các (?:văn bản|quyết định|nghị quyết|thông tư|nghị "
                                        r"định)[^:]{0,40}sau:?|:\s*$", lead):
        segments = _items(rest)  # "Bãi bỏ các Thông tư sau: a) …; b) …"
    elif len(lead) > 300 or (len(lead) > 150 and not _PARTIAL.search(lead)):
        return
    else:
        if _PARTIAL.search(lead) or (kind == "replaces" and re.search(r"(?i)\bbằng\b", lead)):
            kind = "amends"
        segments = [rest]
    for seg in segments:
        targets = _targets(seg)
        if kind == "amends":
            targets = targets[:1]
        for m in targets:
            _add(h, kind, m, art, clause_no, sentence, t.start(),
                 sentence.find(m.group(0), t.start()) + len(m.group(0)))


def _ceases(h: Harvest, art, clause_no, sentence: str, t: re.Match) -> None:
    """"Nghị định số X … hết hiệu lực kể từ …" and "Các văn bản sau đây hết hiệu lực …: a) …"."""
    head, tail = sentence[: t.start()], sentence[t.end():]
    if re.search(r"(?i)(?:sau đây|sau)\s*$", head) and ":" in tail:
        segments = _items(tail[tail.index(":") + 1:])
    else:
        if re.search(r"(?i)(?:trước|đến|tính đến|khi)[^.;]{0,30}$", head) or _PARTIAL.search(head[:40]):
            return
        segments = [head]
    for seg in segments:
        for m in _targets(seg)[:1] if len(segments) > 1 else _targets(seg):
            start = sentence.find(m.group(0))
            _add(h, "ceases", m, art, clause_no, sentence, start, t.end())


def _add(h: Harvest, kind: str, m: re.Match, art, clause_no, sentence: str, a: int, b: int) -> None:
    sym = parse_symbol(re.sub(r"\s+", "", m.group("sym"))).written.rstrip("-/")
    r = Relation(kind, sym, m.group("type"), _where(art, clause_no), _quote(sentence, a, max(b, a + 1)))
    r._sentence = sentence
    h.relations.append(r)


def _title_relation(h: Harvest) -> None:
    title = h.title or ""
    t = _TRIGGERS.search(title)
    if t and t.group("amd"):
        m = re.compile(CITE.pattern, re.IGNORECASE).search(title, t.end())
        if m:
            if not any(r.kind == "amends" and symbol_key(r.target) == symbol_key(m.group("sym")) for r in h.relations):
                _add(h, "amends", m, "trích yếu", None, title, t.start(), m.end())
                h.relations[-1].article = "phần tên văn bản"


def _dates(h: Harvest) -> None:
    """The day each ended instrument stops applying: a date the clause writes, or this instrument's entry
    into force when the clause says "kể từ ngày … này có hiệu lực" or states it in the same article as
    the entry into force (an act takes effect with the text that makes it)."""
    own = h.eif or (h.date_issued if h.eif_note == "kể từ ngày ký" else None)
    for r in h.relations:
        s = getattr(r, "_sentence", "")
        if r.kind == "amends":
            continue
        d = _FROM_DATE.search(s)
        if d and not _FROM_THIS.search(s):
            written = D.DATE_RE.search(d.group("dd"))
            r.date = D.from_match(written) if written else None
        elif own and (_FROM_THIS.search(s) or r.article.split(" khoản")[0] == (h.eif_article or "").split(" khoản")[0]):
            r.date = own
            r.date_note = "ngày văn bản này có hiệu lực" + (" (kể từ ngày ký)" if not h.eif else "")
        elif own and r.article.startswith("Điều"):
            r.date = own
            r.date_note = "ngày văn bản này có hiệu lực (quy định này có hiệu lực cùng văn bản)"


def write_atomic(path: Path, data: str) -> None:
    """Write `data` to `path` whole or not at all (core/atomic.py: a temporary file in the same folder, fsynced,
    renamed); OSError (with the errno) when it cannot be written, the previous file then as it was."""
    from ..core.atomic import WriteError, write_bytes

    try:
        write_bytes(Path(path), data.encode("utf-8"), label="harvest")
    except WriteError as e:
        raise OSError(e.errno, e.strerror, str(path)) from None


def secondary_facts(citations_by_text: dict[str, list], symbols: set[str]) -> tuple[dict, list[str]]:
    """Identity facts of `symbols` as other texts cite them: {symbol: {fact: (value, [texts])}} for facts
    at least two texts agree on, and the disagreements ("# DISAGREEMENT: …")."""
    seen: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for text, cits in citations_by_text.items():
        for c in cits:
            key = symbol_key(c.symbol or "")
            if key not in symbols:
                continue
            if c.date:
                seen[key]["dateIssued"][c.date].add(text)
            if c.subject and c.subject_quoted is not None:
                seen[key]["title"][fold_words(c.subject.strip("“”\""))].add(text)
            if c.issuer_phrase:
                seen[key]["issuer"][fold_words(c.issuer_phrase)].add(text)
    agreed: dict[str, dict] = {}
    disagreements: list[str] = []
    for key, facts in seen.items():
        for fact, values in facts.items():
            ranked = sorted(values.items(), key=lambda kv: -len(kv[1]))
            if len(ranked) > 1 and fact == "dateIssued":
                disagreements.append(f"{key} {fact}: " + " / ".join(
                    f"{v} ({', '.join(sorted(t))})" for v, t in ranked))
            best, texts = ranked[0]
            if len(texts) >= 2 and (len(ranked) == 1 or len(ranked[1][1]) < len(texts)):
                agreed.setdefault(key, {})[fact] = (best, sorted(texts))
    return agreed, disagreements


def harvest_file(path: str, registry):
    """Read one file with the project's readers and harvest it (an InputError names the file)."""
    from ..extract.header import extract_header
    from ..readers import read_file

    doc = read_file(path)
    header, _, _ = extract_header(doc, registry.doc_kinds)
    return harvest_text(doc.text, path, header), doc
