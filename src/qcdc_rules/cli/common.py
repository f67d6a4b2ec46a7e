"""What every command shares: option types, the stderr console, walking folders."""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from typing import Optional

import click

from ..core.i18n import N_, tr
from ..readers import REFUSED, supported_suffixes
from .language import current_lang, wanted_lang

# --lang for the commands other than check (whose --lang may also come from a config file)
LANG_OPTION = click.option("--lang", type=click.Choice(["vi", "en"]), default=lambda: wanted_lang([]),
                           help=N_("Language [default: vi, or QCDC_LANG]."))


def codes(values) -> list[str]:
    """Rule codes from repeated, comma-separated option values, upper-cased."""
    out: list[str] = []
    for v in values or ():
        out.extend(x.strip().upper() for x in v.split(",") if x.strip())
    return out


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        from ..core.dates import parse_user_date

        try:
            return parse_user_date(value)
        except ValueError:
            pass
        self.fail(tr(current_lang(), "'{value}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)", value=value), param, ctx)


def validate_codes(ctx, param, value):
    found = codes(value)
    if found:
        from ..pipeline.config import known_codes

        known = known_codes()
        for c in found:
            if not any(k.startswith(c) for k in known):
                raise click.BadParameter(tr(current_lang(), "unknown rule code '{code}' (see: qcdc-check rules)",
                                            code=c), ctx=ctx, param=param)
    return found


class ErrConsole:
    """stderr messages; rich (colour at a terminal) is imported only when stderr is a terminal."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet  # only errors (lines that start "qcdc-check:") are printed
        self.is_terminal = sys.stderr.isatty()
        self._rich = None
        if self.is_terminal:
            from rich.console import Console

            self._rich = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

    def print(self, text: str, markup: bool = True) -> None:
        if self.quiet and "qcdc-check:" not in text:
            return
        if self._rich is not None:
            self._rich.print(text, markup=markup)
        else:
            plain = re.sub(r"\[/?(?:bold red|bold|red|/)\]", "", text) if markup else text
            click.echo(plain, err=True)

    def escape(self, text: str) -> str:
        """Text shown as it is, whatever brackets it holds."""
        if self._rich is None:
            return text
        from rich.markup import escape

        return escape(text)

    def __getattr__(self, name):  # rich.progress needs the real console
        return getattr(self._rich, name)


# the words before a message on stderr ("qcdc-check: lỗi: …")
ERROR, CONFIG_ERROR, DATA_ERROR = N_("error"), N_("configuration error"), N_("broken registry or shapes")
REGISTRY_ERROR, CANNOT_WRITE = N_("registry error"), N_("{path}: cannot write ({why})")


def skipped_line(skipped: dict, lang: str) -> str:
    """One line naming the files a folder walk left out: "skipped: 2 .doc (convert to .docx), 1 .odt (save as
    .docx)", in `lang`."""
    parts = ", ".join(f"{n} {suffix} ({tr(lang, REFUSED[suffix].short)})" for suffix, n in sorted(skipped.items()))
    return tr(lang, "skipped: {files}", files=parts)


def expand(files, resolver, cli_excludes: list[str], skipped: Optional[dict] = None):
    """(path, settings) for every input; folders are walked in a stable (sorted) order, without hidden
    files and Word's lock files (~$plan.docx, present while the plan is open in Word). Files of a format no
    reader takes are counted in `skipped` by suffix."""
    suffixes = supported_suffixes()
    out = []
    for f in files:
        p = Path(f)
        settings = resolver.for_path(p)
        if p.is_dir():
            excludes = settings.exclude + cli_excludes
            probe = type(settings)(exclude=excludes)
            for child in sorted(p.rglob("*")):
                if not child.is_file() or child.name.startswith("~$"):
                    continue
                if child.suffix.lower() not in suffixes:
                    if skipped is not None and child.suffix.lower() in REFUSED:  # said once, with a count
                        skipped[child.suffix.lower()] = skipped.get(child.suffix.lower(), 0) + 1
                    continue
                if any(part.startswith(".") for part in child.relative_to(p).parts) or probe.excluded(child, p):
                    continue
                out.append((str(child), resolver.for_path(child)))
        else:
            out.append((f, settings))
    return out
