"""The language of every message a person reads. English is written in the code (the source language) and
marked for extraction; Vietnamese, the default, comes from the catalog locale/vi/LC_MESSAGES/qcdc.po (made
and kept current with Babel: python -m qcdc_rules.tools.catalog).

    tr(lang, "{n} fix(es) applied", n=3)   a message, placeholders filled after translation
    tr(lang, TABLE[key]), tr_all(lang, TABLE) a message marked earlier (N_ or NC_), or a module's whole table
    N_("Output format.")                   marked only, translated later (help texts, note templates)
    NP_(singular, plural), NC_(ctx, msg)   marked only: plural pairs and messages with a context (click's)

At run time the compiled catalog (qcdc.mo, made by the wheel's build hook, hatch_build.py) is read with the
standard library's gettext. In a source checkout the .mo is compiled from the .po with Babel when the .po is
newer (the file is not in git)."""
from __future__ import annotations

import functools
import gettext
from pathlib import Path
from typing import Any, Iterator, Mapping, TypedDict, Union

DOMAIN = "qcdc"
LANGS = ("vi", "en")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
Message = Union[str, tuple[str, str]]  # a message, or (context, message) as NC_ marks it


class Both(TypedDict):
    vi: str
    en: str


def N_(message: str) -> str:
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    return singular, plural


def NC_(context: str, message: str) -> tuple[str, str]:
    return context, message


def locale_dir() -> Path:
    """The folder holding vi/LC_MESSAGES/qcdc.mo, compiled first when the .po beside it is newer."""
    folder = LOCALE_DIR / "vi" / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        from .atomic import WriteError

        try:
            _compile(po, mo)
        except (ImportError, OSError, WriteError):  # no Babel or a read-only tree: the .mo as it is (or English)
            pass
    return LOCALE_DIR


def compile_po(po: Path) -> bytes:
    """A .po catalog as .mo bytes (Babel)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    import io

    with po.open("rb") as f:
        catalog = read_po(f)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _compile(po: Path, mo: Path) -> None:
    from .atomic import write_bytes

    write_bytes(mo, compile_po(po), label="catalog")


@functools.lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The messages of `lang` (English: the code's own text)."""
    if lang != "vi":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, str(locale_dir()), languages=[lang], fallback=True)


def tr(lang: str, message: Message, **params: Any) -> str:
    """`message` in `lang`, its {placeholders} filled with `params` (none: the text as it is). A (context,
    message) pair, as NC_ marks it, is looked up in its context."""
    found = translations(lang)
    text = found.pgettext(*message) if isinstance(message, tuple) else found.gettext(message)
    return text.format(**params) if params else text


def in_both(message: Message, **params: Any) -> Both:
    """{"vi": …, "en": …}: a message said in both languages at once (a problem answer, a refused fix)."""
    return Both(vi=tr("vi", message, **params), en=tr("en", message, **params))


def tr_all(lang: str, messages: Mapping[str, Message]) -> dict[str, str]:
    """A module's table of marked messages (key -> N_ or NC_ text) in `lang`, placeholders left for the caller."""
    return {key: tr(lang, message) for key, message in messages.items()}


class ByLang(Mapping[str, dict[str, str]]):
    """A table of marked messages read a language at a time, `TABLE["vi"][key]`, as a two-language table was."""

    def __init__(self, messages: Mapping[str, Message]):
        self.messages = messages

    def __getitem__(self, lang: str) -> dict[str, str]:
        if lang not in LANGS:
            raise KeyError(lang)
        return tr_all(lang, self.messages)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)


def ntr(lang: str, singular: str, plural: str, n: int, **params: Any) -> str:
    text = translations(lang).ngettext(singular, plural, n)
    return text.format(n=n, **params)


def use_for_gettext(lang: str) -> None:
    """Make the standard gettext functions (those click's messages go through) answer in `lang`, by the
    standard library's public means: this catalog as the global domain, and LANGUAGE for this process."""
    import os

    gettext.bindtextdomain(DOMAIN, str(locale_dir()))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
