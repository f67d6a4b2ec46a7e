"""An office's own word lists (QCDC401): a TOML file of terms to replace, read and checked here.

    [list]                              # optional: what the list is, and defaults for its terms
    name = "Tên xã, phường sau sắp xếp năm 2025"
    version = "2025.07"
    effective-from = "01/7/2025"        # a date (YYYY-MM-DD, DD/MM/YYYY or a TOML date)
    severity = "warning"                # error | warning | info
    whole-words = true
    case-sensitive = false

    [[term]]
    find = "xã Hòa An"                  # or a list of spellings
    replace = "phường Hòa An"
    note = "…"                          # why, in Vietnamese (note-en: in English)

Every problem is reported at once, each with its file, line and a stable code (PROBLEMS), so an office can put
its list right in one pass; nothing of a list with a problem is used. A list is read once per process while
its file is unchanged."""
from __future__ import annotations

import datetime as dt
import os
import re
import sys
from dataclasses import dataclass, replace as _with
from pathlib import Path
from typing import Any, Iterable, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from ..core.dates import parse_user_date
from ..core.errors import QcdcError
from ..core.i18n import N_, tr
from ..extract.terms import Term, WordList, key, tones

MAX_BYTES = 5 * 1024 * 1024
MAX_TERMS = 20_000
SEVERITIES = ("error", "warning", "info")
LIST_KEYS = ("name", "version", "effective-from", "severity", "whole-words", "case-sensitive")
TERM_KEYS = ("find", "replace", "note", "note-en", "effective-from", "severity", "whole-words", "case-sensitive")

# each problem's code (stable: tests and workflow systems key on it) and what it means
PROBLEMS = {
    "word-list-unreadable": "the file cannot be read (missing, a folder, not UTF-8, over 5 MB)",
    "word-list-syntax": "the file is not valid TOML",
    "word-list-unknown-key": "a key the format does not have (a misspelling)",
    "word-list-missing-key": "a term without `find` or `replace`, or a list without any [[term]]",
    "word-list-empty-find": "`find` is empty, or a spelling in it has no letter or digit",
    "word-list-duplicate-find": "two terms find the same words (up to case and the tone mark's place)",
    "word-list-bad-date": "`effective-from` is not a date",
    "word-list-bad-value": "a value of the wrong kind (a severity other than error/warning/info, a number for text …)",
    "word-list-no-change": "`replace` is what `find` finds: the fix would change nothing",
    "word-list-too-large": f"more than {MAX_TERMS:,} terms",
}


@dataclass(frozen=True)
class Problem:
    """A problem of a word list: its code, line (0: the file as a whole) and message (marked for the catalog) with
    the parameters it is said with."""

    code: str
    line: int
    message: str
    params: tuple = ()

    def said(self, lang: str) -> str:
        return tr(lang, self.message, **dict(self.params))

    @property
    def en(self) -> str:
        return self.said("en")

    @property
    def vi(self) -> str:
        return self.said("vi")


def _problem(code: str, line: int, message: str, **params: Any) -> Problem:
    return Problem(code, line, message, tuple(params.items()))


class WordListError(QcdcError):
    """The problems of one word list; `code` is the first problem's. Raised when the options of a check are made
    (optionmodel.plan_task), so that the command line says it as a configuration error, one line per problem, and
    exits 2 before checking anything, and the Python API raises a ValueError."""

    def __init__(self, path: str, problems: list[Problem], lang: str = "en"):
        self.path, self.problems = path, problems
        lines = self.lines(lang)
        if len(lines) > 1:  # the first line says how many; one indented line per problem follows
            head = tr("en" if lang == "en" else "vi", "{path}: {n} problems in the word list:", path=path,
                      n=len(lines))
            lines = [head] + ["  " + line for line in lines]
        super().__init__("\n".join(lines), problems[0].code)

    def in_lang(self, lang: str) -> "WordListError":
        return WordListError(self.path, self.problems, lang)

    def lines(self, lang: str) -> list[str]:
        """One line per problem: `FILE:LINE: [code] what is wrong`."""
        return [f"{self.path}{f':{p.line}' if p.line else ''}: [{p.code}] {p.en if lang == 'en' else p.vi}"
                for p in self.problems]

    def json_lines(self, lang: str) -> list[str]:
        import json

        return [json.dumps({"error": {"code": p.code, "path": self.path, "line": p.line or None,
                                      "message": p.en if lang == "en" else p.vi}}, ensure_ascii=False)
                for p in self.problems]


_CACHE: dict[str, tuple[tuple[int, int], WordList]] = {}


def load_word_lists(paths: Iterable[str]) -> tuple[WordList, ...]:
    """The lists of these files, in order (the first list that names a place wins it)."""
    return tuple(load_word_list(p) for p in paths)


def checked_word_lists(paths: Iterable[str], lang: str = "vi") -> tuple[str, ...]:
    """The paths, once every list in them is read and found right (Options.word_lists); WordListError in `lang`
    naming each problem of the first list that has any."""
    paths = tuple(str(p) for p in paths)
    try:
        load_word_lists(paths)
    except WordListError as e:
        raise e.in_lang(lang) from None
    return paths


def load_word_list(path: str | Path) -> WordList:
    """The list in `path`, or WordListError with every problem it has."""
    p = Path(path)
    name = str(path)
    try:
        st = p.stat()
        if not p.is_file():
            raise IsADirectoryError(name)
    except OSError as e:
        raise WordListError(name, [_unreadable(e)]) from None
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _CACHE.get(name)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    if st.st_size > MAX_BYTES:
        raise WordListError(name, [_problem("word-list-unreadable", 0, N_("over {mb} MB"), mb=MAX_BYTES // 2**20)])
    try:
        source = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WordListError(name, [_problem("word-list-unreadable", 0,
                                            N_("not UTF-8: save the list as UTF-8"))]) from None
    except OSError as e:
        raise WordListError(name, [_unreadable(e)]) from None
    word_list = parse_word_list(source, name, default_name=p.stem)
    _CACHE[name] = (stamp, word_list)
    return word_list


def _unreadable(e: OSError) -> Problem:
    if isinstance(e, FileNotFoundError):
        return _problem("word-list-unreadable", 0, N_("no such file"))
    if isinstance(e, IsADirectoryError):
        return _problem("word-list-unreadable", 0, N_("a folder, not a file"))
    why = e.strerror or type(e).__name__
    return _problem("word-list-unreadable", 0, N_("cannot be read ({why})"), why=why)


_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def parse_word_list(source: str, path: str = "<word list>", default_name: str = "") -> WordList:
    """The list in TOML `source`; WordListError with every problem, each with its line."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as e:
        at = _AT_LINE.search(str(e))
        what = _AT_LINE.sub("", str(e)).strip()
        raise WordListError(path, [_problem("word-list-syntax", int(at.group(1)) if at else 0,
                                            N_("not valid TOML: {what}"), what=what)]) from None
    return _Reader(source, path).read(data, default_name or Path(path).stem)


class _Reader:
    """Checks the parsed TOML against the format, gathering problems with the line each is on (tomllib gives no
    positions: an entry's line is that of its `[[term]]` header, a key's that of `key =` inside it)."""

    def __init__(self, source: str, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.lines = source.splitlines()
        self.headers = [i + 1 for i, line in enumerate(self.lines) if re.match(r"\s*\[\[\s*\"?term\"?\s*\]\]", line)]
        self.list_line = next((i + 1 for i, line in enumerate(self.lines)
                               if re.match(r"\s*\[\s*\"?list\"?\s*\]", line)), 0)

    # -- where things are ------------------------------------------------------------------
    def _term_range(self, i: int) -> tuple[int, int]:
        if i < len(self.headers):
            end = self.headers[i + 1] if i + 1 < len(self.headers) else len(self.lines) + 1
            nxt = next((n for n in range(self.headers[i] + 1, end) if re.match(r"\s*\[", self.lines[n - 1])), end)
            return self.headers[i], nxt
        return 0, 0

    def _key_line(self, name: str, lo: int, hi: int) -> int:
        rx = re.compile(rf"\s*[\"']?{re.escape(name)}[\"']?\s*=")
        return next((n for n in range(max(lo, 1), hi) if rx.match(self.lines[n - 1])), lo)

    def add(self, code: str, line: int, message: str, **params: Any) -> None:
        self.problems.append(_problem(code, line, message, **params))

    # -- values ----------------------------------------------------------------------------
    def _text(self, value: Any, what: str, line: int, optional: bool = True) -> Optional[str]:
        if isinstance(value, str) and (value.strip() or optional):
            return value.strip() or None
        self.add("word-list-bad-value", line, N_("'{what}' must be text"), what=what)
        return None

    def _bool(self, value: Any, what: str, line: int, default: bool) -> bool:
        if isinstance(value, bool):
            return value
        self.add("word-list-bad-value", line, N_("'{what}' must be true or false"), what=what)
        return default

    def _severity(self, value: Any, what: str, line: int, default: str) -> str:
        if value in SEVERITIES:
            return value
        self.add("word-list-bad-value", line, N_("'{what}' must be one of error, warning, info, not {value!r}"),
                 what=what, value=value)
        return default

    def _date(self, value: Any, what: str, line: int) -> Optional[dt.date]:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return parse_user_date(value)
            except ValueError:
                pass
        self.add("word-list-bad-date", line, N_("'{what}' is not a date: {value!r} (write YYYY-MM-DD or DD/MM/YYYY)"),
                 what=what, value=value)
        return None

    def _unknown(self, table: dict, known: tuple[str, ...], where: str, lo: int, hi: int) -> None:
        for k in table:
            if k not in known:
                self.add("word-list-unknown-key", self._key_line(k, lo, hi),
                         N_("unknown key '{key}' in {where} (known: {known})"), key=k, where=where,
                         known=", ".join(known))

    # -- the file --------------------------------------------------------------------------
    def read(self, data: dict, default_name: str) -> WordList:
        top_end = min([n for n in (self.list_line, *self.headers) if n] or [len(self.lines) + 1])
        self._unknown(data, ("list", "term"), "the file", 1, top_end)
        head = data.get("list", {})
        if not isinstance(head, dict):
            self.add("word-list-bad-value", self._key_line("list", 1, top_end), N_("'list' must be a table [list]"))
            head = {}
        lo = self.list_line
        hi = next((n for n in (*self.headers, len(self.lines) + 1) if n > lo), len(self.lines) + 1)
        self._unknown(head, LIST_KEYS, "[list]", lo, hi)
        at = lambda k: self._key_line(k, lo, hi)  # noqa: E731
        defaults = Term(find=(), replace="")
        if "severity" in head:
            defaults = _with(defaults, severity=self._severity(head["severity"], "severity", at("severity"), "warning"))
        if "effective-from" in head:
            defaults = _with(defaults, effective_from=self._date(head["effective-from"], "effective-from",
                                                                   at("effective-from")))
        if "whole-words" in head:
            defaults = _with(defaults, whole_words=self._bool(head["whole-words"], "whole-words", at("whole-words"),
                                                              True))
        if "case-sensitive" in head:
            defaults = _with(defaults, case_sensitive=self._bool(head["case-sensitive"], "case-sensitive",
                                                                   at("case-sensitive"), False))
        name = self._text(head.get("name", default_name), "name", at("name")) or default_name
        version = head.get("version")
        if isinstance(version, (int, float)) and not isinstance(version, bool):
            version = str(version)  # version = 2025 (a number) is meant as text
        elif version is not None:
            version = self._text(version, "version", at("version"))
        terms = self._terms(data, defaults, top_end)
        if self.problems:
            raise WordListError(self.path, sorted(self.problems, key=lambda p: p.line))
        return WordList(path=self.path, name=name, version=version, terms=tuple(terms))

    def _terms(self, data: dict, defaults: Term, top_end: int) -> list[Term]:
        entries = data.get("term")
        if entries is None or entries == []:
            self.add("word-list-missing-key", 0, N_("no [[term]] entry: the list finds nothing"))
            return []
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            self.add("word-list-bad-value", self._key_line("term", 1, top_end),
                     N_("'term' must be entries [[term]] with find and replace"))
            return []
        if len(entries) > MAX_TERMS:
            self.add("word-list-too-large", 0, N_("{n:,} terms: at most {limit:,}"), n=len(entries), limit=MAX_TERMS)
            return []
        out: list[Term] = []
        seen: dict[tuple, int] = {}
        for i, entry in enumerate(entries):
            term = self._term(i, entry, defaults, seen)
            if term is not None:
                out.append(term)
        return out

    def _term(self, i: int, entry: dict, defaults: Term, seen: dict) -> Optional[Term]:
        lo, hi = self._term_range(i)
        at = lambda k: self._key_line(k, lo, hi) if lo else 0  # noqa: E731
        label = f"[[term]] {i + 1}"
        before = len(self.problems)
        self._unknown(entry, TERM_KEYS, label, lo, hi)
        for name in ("find", "replace"):
            if name not in entry:
                self.add("word-list-missing-key", lo, N_("{label} has no '{key}'"), label=label, key=name)
        spellings = self._spellings(entry.get("find"), at("find"), label) if "find" in entry else ()
        replacement = entry.get("replace")
        if "replace" in entry and not (isinstance(replacement, str) and replacement.strip()):
            self.add("word-list-bad-value", at("replace"), N_("{label}: 'replace' must be text, not empty"),
                     label=label)
            replacement = None
        term = _with(defaults, find=spellings, replace=_nfc((replacement or "").strip()), line=lo)
        if "note" in entry:
            term = _with(term, note_vi=self._text(entry["note"], "note", at("note")))
        if "note-en" in entry:
            term = _with(term, note_en=self._text(entry["note-en"], "note-en", at("note-en")))
        if "severity" in entry:
            term = _with(term, severity=self._severity(entry["severity"], "severity", at("severity"), term.severity))
        if "effective-from" in entry:
            term = _with(term, effective_from=self._date(entry["effective-from"], "effective-from",
                                                         at("effective-from")))
        if "whole-words" in entry:
            term = _with(term, whole_words=self._bool(entry["whole-words"], "whole-words", at("whole-words"), True))
        if "case-sensitive" in entry:
            term = _with(term, case_sensitive=self._bool(entry["case-sensitive"], "case-sensitive",
                                                         at("case-sensitive"), False))
        for s in spellings:
            k = (" ".join(key(s, term.case_sensitive).split()), tones(s))
            if k in seen:
                self.add("word-list-duplicate-find", at("find"),
                         N_("{label}: '{find}' is already found by the term at line {at}"), label=label, find=s,
                         at=seen[k])
            else:
                seen[k] = at("find") or lo
            if term.replace and k == (" ".join(key(term.replace, term.case_sensitive).split()), tones(term.replace)):
                self.add("word-list-no-change", at("replace"), N_("{label}: 'replace' is what 'find' finds ('{find}')"),
                         label=label, find=s)
        return term if len(self.problems) == before else None

    def _spellings(self, value: Any, line: int, label: str) -> tuple[str, ...]:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.add("word-list-bad-value", line, N_("{label}: 'find' must be text or a list of texts"), label=label)
            return ()
        spellings = tuple(" ".join(v.split()) for v in values)
        if not spellings or not all(any(ch.isalnum() for ch in s) for s in spellings):
            self.add("word-list-empty-find", line, N_("{label}: 'find' is empty"), label=label)
            return ()
        return tuple(_nfc(s) for s in spellings)


def _nfc(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", text)


def resolve_paths(paths: Iterable[str], base: Optional[Path] = None) -> list[str]:
    """Paths made absolute (relative to `base`, a config file's folder, when given)."""
    return [str(((base / p) if base is not None else Path(p)).resolve()) if not os.path.isabs(p) else p for p in paths]
