"""Notes on how a document was read or checked (a conversion, OCR, a date read from the adoption line, a cap
reached): made where the reader or the extractor sees it, as a code and parameters, and rendered in the chosen
language when the report is made (pipeline/checker.py). Each code's English text is below, marked for the
translation catalog (core/i18n.py); its Vietnamese is in the catalog, so rewording one is one change here plus
its translation, and a note without a translation fails tests/unit/core/test_catalog.py."""
from __future__ import annotations

from typing import Any

from .i18n import N_, tr


class Word(str):
    """A parameter that is itself a word to translate ("citations")."""


TEXTS = {
    "tracked-changes": N_("tracked changes: checked as the text reads with all changes accepted"),
    "tcvn3-runs": N_("converted {runs} text run(s) in TCVN3 (.Vn…) fonts to Unicode"),
    "converted": N_("converted from {encoding} to Unicode"),
    "surrogates": N_("{count} invalid character(s) (unpaired surrogates) replaced by U+FFFD"),
    "no-kind": N_("no document kind (KẾ HOẠCH, QUYẾT ĐỊNH …) found in the header: the plan rules were not applied"),
    "law-in-force": N_("'{name}' is cited without its year or number: read as the law in force on the document's "
                       "date, {symbol}"),
    "own-outline": N_("a plan of a kind whose content another instrument prescribes ({kind}): its sections were not "
                      "checked against the usual outline (QCDC201)"),
    "adoption-date": N_("the document's date, {date:%d/%m/%Y}, is read from its adoption line at the end "
                        "('… thông qua ngày …')"),
    "question-page": N_("the file begins with a question: a question-and-answer web page quoting documents, not an "
                        "administrative document"),
    "web-tail": N_("text after the document (the web page's own material) was not checked"),
    "date-lower-bound": N_("header date incomplete; plan date taken as {date:%Y-%m-%d} (lower bound)"),
    "ocr": N_("[ocr] page(s) {pages} read by OCR (Tesseract, Vietnamese): mean word confidence {mean:.0f}%, {low} "
              "of {words} word(s) read with low confidence; check findings against the scan"),
    "ocr-cached": N_("[ocr] page(s) {pages} read by OCR (Tesseract, Vietnamese) (cached): mean word confidence "
                     "{mean:.0f}%, {low} of {words} word(s) read with low confidence; check findings against the "
                     "scan"),
    "ocr-missing": N_("[ocr-missing] page(s) {pages} have no text layer and were not checked: OCR is not installed "
                      "({install})"),
    "too-many-facts": N_("[too-many-facts] more than {limit:,} {facts}: only the first {limit:,} were checked"),
    "too-many-level-words": N_("[too-many-facts] more than {limit:,} words naming an abolished level: only the "
                               "first {limit:,} were read"),
    "too-many-lines": N_("[too-many-facts] more than {limit:,} lines: sections and numbered items were read in the "
                         "first {limit:,} only"),
    "too-many-terms": N_("[too-many-facts] more than {limit:,} terms of the word lists: only the first {limit:,} "
                         "were checked"),
    "too-many-findings": N_("[too-many-findings] {rule}: {count:,} findings, only the first {shown:,} are shown"),
    "empty": N_("The file is empty: nothing to check."),
    "not-a-document": N_("This file is not an administrative document (no kind, number, place and date, recipients "
                         "or plan structure), so it was not checked."),
}
# the kinds of fact a too-many-facts note names
FACTS = {"citations": N_("citations"), "duties": N_("duties"), "deadlines": N_("deadlines"),
         "level_mentions": N_("level mentions"), "sections": N_("sections"), "items": N_("numbered items")}


class Note:
    """A note: its code (a key of TEXTS) and the parameters its text takes."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params: Any):
        if code not in TEXTS:
            raise KeyError(f"no note text for {code!r} (core/notes.py TEXTS)")
        self.code, self.params = code, tuple(sorted(params.items()))

    def render(self, lang: str) -> str:
        params = {k: tr(lang, v) if isinstance(v, Word) else v for k, v in self.params}
        return tr(lang, TEXTS[self.code]).format(**params)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Note({self.code!r}, {', '.join(f'{k}={v!r}' for k, v in self.params)})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Note) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash((self.code, self.params))

    def __reduce__(self):
        return (_make, (self.code, self.params))

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):  # a field of the extractor's pydantic models
        from pydantic_core import core_schema

        return core_schema.is_instance_schema(cls)


def _make(code: str, params: tuple) -> Note:
    return Note(code, **dict(params))
