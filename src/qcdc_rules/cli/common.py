"""What every command shares: option types, the stderr console, walking folders."""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from typing import Optional

import click

from ..readers import supported_suffixes
from .language import Bi, current_lang, wanted_lang

# --lang for the commands other than check (whose --lang may also come from a config file)
LANG_OPTION = click.option("--lang", type=click.Choice(["vi", "en"]), default=lambda: wanted_lang([]),
                           help=Bi("Ngôn ngữ [mặc định: vi, hoặc QCDC_LANG].", "Language [default: vi, or QCDC_LANG]."))


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
        self.fail(say("not-a-date", current_lang(), value=value), param, ctx)


def validate_codes(ctx, param, value):
    found = codes(value)
    if found:
        from ..pipeline.config import known_codes

        known = known_codes()
        for c in found:
            if not any(k.startswith(c) for k in known):
                raise click.BadParameter(say("unknown-code", current_lang(), code=c), ctx=ctx, param=param)
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


# formats a plan may be saved in that no reader takes, with what to do (said once per run, with a count)
CONVERT = {".doc": "convert to .docx", ".odt": "save as .docx", ".rtf": "save as .docx", ".xls": "not a plan",
           ".xlsx": "not a plan"}


def skipped_line(skipped: dict) -> str:
    """One line naming the files a folder walk left out: "2 .doc (convert to .docx), 1 .odt (save as .docx)"."""
    return "skipped: " + ", ".join(f"{n} {suffix} ({CONVERT[suffix]})" for suffix, n in sorted(skipped.items()))


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
                    if skipped is not None and child.suffix.lower() in CONVERT:
                        skipped[child.suffix.lower()] = skipped.get(child.suffix.lower(), 0) + 1
                    continue
                if any(part.startswith(".") for part in child.relative_to(p).parts) or probe.excluded(child, p):
                    continue
                out.append((str(child), resolver.for_path(child)))
        else:
            out.append((f, settings))
    return out


# what the commands say on stderr, in Vietnamese and English
SAY = {
    "error": {"vi": "lỗi", "en": "error"},
    "config-error": {"vi": "lỗi cấu hình", "en": "configuration error"},
    "data-error": {"vi": "sổ đăng ký hoặc bộ quy tắc bị lỗi", "en": "broken registry or shapes"},
    "cannot-write-report": {"vi": "{path}: không ghi được báo cáo ({why})", "en": "{path}: cannot write the report ({why})"},
    "would-change": {"vi": "{n} tệp sẽ thay đổi", "en": "{n} file(s) would change"},
    "diff-left": {"vi": "; còn {n} chỗ cần --unsafe-fixes hoặc chạy lại", "en": "; {n} more fix(es) need --unsafe-fixes or a second run"},
    "fixed": {"vi": "đã sửa {n} chỗ", "en": "{n} fix(es) applied"},
    "fix-left": {"vi": "; còn {n} chỗ cần người kiểm tra (sửa không an toàn, chồng lấn, hoặc không sửa được tự động)",
                 "en": "; {n} left (unsafe, overlapping, or not fixable automatically: use --unsafe-fixes or fix by hand)"},
    "comments": {"vi": "đã ghi {n} nhận xét vào {out}", "en": "{n} comment(s) written to {out}"},
    "cannot-write": {"vi": "{path}: không ghi được ({why})", "en": "{path}: cannot write ({why})"},
    "skipped": {"vi": "bỏ qua", "en": "skipped"},
    "bad-baseline": {"vi": "{path}: không đọc được tệp baseline (tệp do --write-baseline ghi)",
                     "en": "{path}: not a readable baseline file (one written by --write-baseline)"},
    "stage": {"vi": "{name} ({mb:.1f} MB): {stage}…", "en": "{name} ({mb:.1f} MB): {stage}…"},
    "stage-read": {"vi": "đang đọc tệp", "en": "reading the file"},
    "stage-extract": {"vi": "đang tìm các văn bản được trích dẫn, ngày tháng và thời hạn",
                      "en": "finding the cited instruments, dates and deadlines"},
    "stage-graph": {"vi": "đang đối chiếu với sổ đăng ký văn bản", "en": "matching against the registry of instruments"},
    "stage-rules": {"vi": "đang áp dụng các quy tắc kiểm tra", "en": "applying the rules"},
    "unknown-rule": {"vi": "qcdc-check: lỗi: không có quy tắc '{code}' (xem: qcdc-check rules)",
                     "en": "qcdc-check: error: unknown rule '{code}' (see: qcdc-check rules)"},
    "no-instrument": {"vi": "không có văn bản nào khớp với '{query}' (thử: qcdc-check registry find)",
                      "en": "no instrument matches '{query}' (try: qcdc-check registry find)"},
    "problems": {"vi": "{n} vấn đề", "en": "{n} problem(s)"},
    "valid": {"vi": "; {n} văn bản hợp lệ", "en": "; {n} instruments valid"},
    "impact": {"vi": "đã kiểm tra {n} kế hoạch, {changed} bị ảnh hưởng: thêm {gains} phát hiện, bớt {losses} phát hiện; "
                     "{same} không đổi",
               "en": "{n} plan(s) checked, {changed} affected: +{gains} finding(s), -{losses} finding(s); {same} unaffected"},
    "not-a-date": {"vi": "'{value}' không phải là ngày (viết YYYY-MM-DD hoặc DD/MM/YYYY)",
                   "en": "'{value}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"},
    "unknown-code": {"vi": "không có mã quy tắc '{code}' (xem: qcdc-check rules)",
                     "en": "unknown rule code '{code}' (see: qcdc-check rules)"},
    "no-file": {"vi": "chưa có TỆP nào (ví dụ: qcdc-check ke-hoach.txt)", "en": "no FILE given (try: qcdc-check ke-hoach.txt)"},
    "annotate-one": {"vi": "--annotate nhận đúng một tệp .docx", "en": "--annotate takes exactly one .docx file"},
    "stdin-fix": {"vi": "--fix cần tệp; không thể ghi lại đầu vào chuẩn ('-') (dùng --diff để xem các chỗ sửa)",
                  "en": "--fix needs files; standard input ('-') cannot be rewritten (use --diff to see the fixes)"},
    "statistics-format": {"vi": "--statistics in số phát hiện theo từng quy tắc dưới dạng văn bản hoặc JSON; không "
                                "dùng được với --format {fmt} (bỏ --statistics, hoặc dùng --format json)",
                          "en": "--statistics prints the count per rule as text or JSON; it cannot be used with "
                                "--format {fmt} (drop --statistics, or use --format json)"},
    "registry-error": {"vi": "lỗi danh mục văn bản", "en": "registry error"},
    "baseline-written": {"vi": "đã ghi {n} phát hiện vào {path}", "en": "{n} finding(s) written to {path}"},
}


def say(key: str, lang: str, **kw) -> str:
    return SAY[key]["en" if lang == "en" else "vi"].format(**kw)
