"""The language of the command line itself: help texts, and click's own messages (usage, errors), in
Vietnamese by default and in English with `--lang en` (or QCDC_LANG=en).

Help texts and metavars are written in English and marked with N_ (core/i18n.py); `localize(main, lang)` puts
their translation from the catalog in place before click reads them. Click's own messages go through the
standard library's gettext functions; `localize` makes this package's catalog gettext's domain for the process
(core/i18n.use_for_gettext), so they come from the same catalog. The msgids of click's messages are listed
below (click marks them in its own sources, which Babel does not scan), for the version range pyproject allows.
"""
from __future__ import annotations

import os
from typing import Mapping, Optional

import click

from ..core.i18n import N_, NC_, NP_, translations, use_for_gettext

CODES = N_("CODES")
FILE = N_("FILE")


def wanted_lang(argv: list[str], environ: Optional[Mapping[str, str]] = None) -> str:
    """The language the command line asked for: `--lang en` / `--lang=en` anywhere, else QCDC_LANG, else vi.
    Read before click parses anything, so that usage errors and --help are in that language too."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "vi"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "vi"
    return "en" if env.get("QCDC_LANG", "").lower().startswith("en") else "vi"


# click 8.x's messages (its gettext calls), so that the catalog holds them
CLICK_MESSAGES = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Positional arguments"), N_("Show this message and exit."),
    N_("Show the version and exit."), N_("%(prog)s, version %(version)s"), N_("Error: {message}"),
    N_("Try '{command} {option}' for help."), N_("No such option {name!r}."), N_("No such option: {name}"),
    N_("No such command {name!r}."), N_("Missing argument"), N_("Missing option"), N_("Missing parameter"),
    N_("Missing command."), N_("Missing {param_type}"), N_("Missing parameter: {param_name}"), N_("argument"),
    N_("option"), N_("parameter"), N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"),
    N_("Option {name!r} does not take a value."), N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."), N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is not readable."), N_("{name} {filename!r} is not writable."),
    N_("{name} {filename!r} is not executable."), N_("file"), N_("directory"), N_("path"),
    N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"), N_("default: {default}"),
    N_("required"), N_("env var: {var}"), N_("Aborted!"), N_("Could not open file {filename!r}: {message}"),
    N_("unknown error"), N_("Value must be an iterable."), N_("Argument {name!r} takes {nargs} values."),
)
CLICK_PLURALS = (
    NP_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    NP_("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    NP_("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    NP_("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    NP_("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."),
    NP_("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."),
)
# what click writes in usage lines, and its type names (shown in metavars), which it does not translate itself
USAGE = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))
TYPE_NAMES = (NC_("type name", "integer"), NC_("type name", "integer range"), NC_("type name", "float"),
              NC_("type name", "float range"), NC_("type name", "text"), NC_("type name", "boolean"),
              NC_("type name", "choice"), NC_("type name", "path"), NC_("type name", "filename"))

_current = {"lang": "vi"}


def current_lang() -> str:
    """The language the command line is running in (for messages made before --lang is parsed)."""
    return _current["lang"]


def localize(group: click.Command, lang: str) -> None:
    """Put every help text of `group` (its commands, their options) and click's own messages in `lang`."""
    _current["lang"] = lang
    use_for_gettext(lang)
    _localize_command(group, translations(lang))


def _source(obj, attr: str):
    """The value `attr` had when first seen (the English msgid), kept on the object."""
    return obj.__dict__.setdefault("_qcdc_source", {}).setdefault(attr, getattr(obj, attr, None))


def _localize_command(cmd: click.Command, t) -> None:
    for attr in ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar"):
        value = _source(cmd, attr)
        if isinstance(value, str) and value:
            setattr(cmd, attr, t.gettext(value))
    if hasattr(cmd, "_help_option"):
        cmd._help_option = None  # click makes --help once per command, in the language of that moment
    for param in cmd.params:
        for attr in ("help", "metavar"):
            value = _source(param, attr)
            if isinstance(value, str) and value:
                setattr(param, attr, t.gettext(value))
        type_name = _source(param.type, "name")
        if isinstance(type_name, str) and type_name in {n for _, n in TYPE_NAMES}:
            param.type.name = t.pgettext("type name", type_name)
    for sub in getattr(cmd, "commands", {}).values():
        _localize_command(sub, t)
