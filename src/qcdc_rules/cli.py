"""Stage 6, cli: `qcdc-check FILE...`."""
from __future__ import annotations

import datetime as dt
import sys
from typing import Optional

import click

from . import __version__

FORMATS = ["full", "concise", "json"]


def _codes(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip().upper() for x in v.split(",") if x.strip())
    return out


class _Date(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                pass
        self.fail(f"'{value}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)", param, ctx)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("files", nargs=-1, type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="full", show_default=True, help="Output format.")
@click.option("--as-of", type=_Date(), help="Check as of this date instead of the plan's own date.")
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (comma-separated, e.g. QCDC1,QCDC302).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings reach --fail-on (not for unreadable files).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Message language.")
@click.option("--pre-issuance", is_flag=True, help="Checking a plan about to be signed: blank header fields and missing header parts are errors.")
@click.option("--strict", is_flag=True, help="Also report local instruments (UBND, HĐND, Tỉnh ủy …) missing from the registry.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file instead of stdout.")
@click.version_option(__version__, prog_name="qcdc-check")
def main(files, fmt, as_of, select, ignore, fail_on, exit_zero, lang, pre_issuance, strict, output) -> None:
    """Check Vietnamese grassroots-democracy plans (Kế hoạch thực hiện dân chủ ở cơ sở).

    Exit codes: 0 no finding reaches --fail-on; 1 one does; 2 usage error or an unreadable file.
    """
    if not files:
        raise click.UsageError("no FILE given (try: qcdc-check ke-hoach.txt)")
    from rich.console import Console

    from .engine import Engine, Options, exit_code
    from .errors import DataError
    from .report import render_concise, render_full, render_json

    options = Options(as_of=as_of, lang=lang, select=_codes(select), ignore=_codes(ignore),
                      pre_issuance=pre_issuance, strict=strict)
    try:
        engine = Engine()
    except DataError as e:
        click.echo(f"qcdc-check: broken rule data: {e.message}", err=True)
        sys.exit(2)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    reports, sources = [], {}
    for path in files:
        fr, doc = engine.check_file_with_source(path, options)
        if fr.error:
            err.print(f"[bold red]qcdc-check: error:[/] {fr.error.message}", markup=True)
        reports.append(fr)
        if doc is not None:
            sources[fr.path] = doc
    report = engine.report(reports, options)

    out_file = open(output, "w", encoding="utf-8") if output else None
    try:
        if fmt == "json":
            text = render_json(report)
            (out_file or sys.stdout).write(text)
        else:
            console = Console(file=out_file, highlight=False, soft_wrap=True) if out_file else Console(highlight=False, soft_wrap=True)

            def source_line(fr, line: int) -> str:
                doc = sources.get(fr.path)
                return doc.line_text(line).rstrip() if doc else ""

            if fmt == "concise":
                render_concise(report, console, lang)
            else:
                render_full(report, console, lang, source_line)
    finally:
        if out_file:
            out_file.close()
    sys.exit(exit_code(report, fail_on, exit_zero))


if __name__ == "__main__":  # pragma: no cover
    main()
