"""The language of the command line itself: help texts, and click's own messages (usage, errors), in
Vietnamese by default and in English with `--lang en` (or QCDC_LANG=en).

Help texts are written as `Bi(vi, en)`; `localize(main, lang)` puts the chosen one in place before click
reads them. Click's own messages go through gettext (`_` and `ngettext` in its modules); `localize` points
those names at a table of Vietnamese translations, falling back to click's English for anything the table
does not hold.
"""
from __future__ import annotations

import gettext
import os
from typing import Optional

import click


_BY_VI: dict[str, "Bi"] = {}


class Bi(str):
    """A text in Vietnamese and English; as a str it is the Vietnamese."""

    def __new__(cls, vi: str, en: str):
        obj = str.__new__(cls, vi)
        obj.vi, obj.en = vi, en
        _BY_VI[vi] = obj  # click keeps an option's help as a plain str (cleaned); found again by its text
        return obj

    def in_lang(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


CODES = Bi("MÃ", "CODES")
FILE = Bi("TỆP", "FILE")


def wanted_lang(argv: list[str], environ: Optional[dict] = None) -> str:
    """The language the command line asked for: `--lang en` / `--lang=en` anywhere, else QCDC_LANG, else vi.
    Read before click parses anything, so that usage errors and --help are in that language too."""
    environ = os.environ if environ is None else environ
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "vi"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "vi"
    return "en" if environ.get("QCDC_LANG", "").lower().startswith("en") else "vi"


# click's messages (click 8.x), as its gettext calls name them
CLICK_VI = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Đối số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: '{command} {option}'.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such option: {name}": "Không có tùy chọn: {name}",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Missing argument": "Thiếu đối số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing command.": "Thiếu lệnh.",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "argument": "đối số",
    "option": "tùy chọn",
    "parameter": "tham số",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} không đọc được.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} không ghi được.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} không chạy được.",
    "file": "Tệp",
    "directory": "Thư mục",
    "path": "Đường dẫn",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là {number_type} hợp lệ.",
    "{value} is not in the range {range}.": "{value} không nằm trong khoảng {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} không phải là giá trị đúng/sai. Các giá trị nhận: {states}",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "env var: {var}": "biến môi trường: {var}",
    "Aborted!": "Đã dừng!",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "unknown error": "lỗi không rõ",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "Argument {name!r} takes {nargs} values.": "Đối số {name!r} nhận {nargs} giá trị.",
}
CLICK_VI_PLURAL = {
    "Got unexpected extra argument ({args})": "Thừa đối số ({args})",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "{value!r} is not {choice}.": "{value!r} không phải là {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không thuộc các giá trị {choices}.",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "Got unexpected extra arguments ({args})": "Thừa đối số ({args})",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "{value!r} does not match the formats {formats}.": "{value!r} không đúng các dạng {formats}.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ có 1.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị nhưng có {len}.",
}
# what click writes in usage lines
USAGE_VI = {"[OPTIONS]": "[TÙY CHỌN]", "COMMAND [ARGS]...": "LỆNH [ĐỐI SỐ]..."}
# click's type names, shown in metavars and in "is not a valid …"
TYPE_NAMES_VI = {"integer": "số nguyên", "integer range": "số nguyên", "float": "số", "float range": "số",
                 "text": "văn bản", "boolean": "đúng/sai", "choice": "lựa chọn", "path": "đường dẫn",
                 "filename": "tệp"}
TYPE_NAMES_EN = {vi: en for en, vi in TYPE_NAMES_VI.items()}
_CLICK_MODULES = ("core", "exceptions", "types", "parser", "decorators", "formatting", "termui", "utils")


def _gettext_vi(message: str) -> str:
    return CLICK_VI.get(message, message)


def _ngettext_vi(singular: str, plural: str, n: int) -> str:
    message = singular if n == 1 else plural
    return CLICK_VI_PLURAL.get(message, message)


_current = {"lang": "vi"}


def current_lang() -> str:
    """The language the command line is running in (for messages made before --lang is parsed)."""
    return _current["lang"]


def localize(group: click.Command, lang: str) -> None:
    """Put every help text of `group` (its commands, their options) and click's own messages in `lang`."""
    import importlib

    _current["lang"] = lang
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext_vi if lang == "vi" else gettext.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext_vi if lang == "vi" else gettext.ngettext
    _localize_command(group, lang)


def _localize_command(cmd: click.Command, lang: str) -> None:
    bi = cmd.__dict__.setdefault("_qcdc_bi", {})
    for attr in ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar"):
        value = bi.setdefault(attr, getattr(cmd, attr, None))
        if isinstance(value, Bi):
            setattr(cmd, attr, value.in_lang(lang))
        elif isinstance(value, str) and value in USAGE_VI:
            setattr(cmd, attr, USAGE_VI[value] if lang == "vi" else value)
    if hasattr(cmd, "_help_option"):
        cmd._help_option = None  # click makes --help once per command, in the language of that moment
    for param in cmd.params:
        pbi = param.__dict__.setdefault("_qcdc_bi", {})
        value = pbi.setdefault("help", getattr(param, "help", None))
        value = _BY_VI.get(value, value) if isinstance(value, str) else value
        if isinstance(value, Bi):
            param.help = value.in_lang(lang)
        elif isinstance(value, str) and value in CLICK_VI:  # click's own options (--version)
            param.help = CLICK_VI[value] if lang == "vi" else value
        value = pbi.setdefault("metavar", param.metavar)
        if isinstance(value, Bi):
            param.metavar = value.in_lang(lang)
        names = TYPE_NAMES_VI if lang == "vi" else TYPE_NAMES_EN
        type_name = getattr(param.type, "name", None)
        if type_name in names:
            param.type.name = names[type_name]
    for sub in getattr(cmd, "commands", {}).values():
        _localize_command(sub, lang)
