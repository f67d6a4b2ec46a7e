"""Stage 6, cli: `qcdc-check [check] FILE|DIR...`, and `qcdc-check rules | rule CODE | config [PATH]`."""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Optional

import click

from . import __version__

FORMATS = ["full", "concise", "json", "json-lines", "sarif", "github"]
SUPPORTED_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}


def _codes(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
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


class DefaultGroup(click.Group):
    """`qcdc-check FILE...` means `qcdc-check check FILE...`."""

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help", "--version")):
            args.insert(0, "check")
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qcdc-check")
def main() -> None:
    """Check Vietnamese grassroots-democracy plans (Kế hoạch thực hiện dân chủ ở cơ sở).

    qcdc-check FILE|DIR...  is short for  qcdc-check check FILE|DIR...
    (options: qcdc-check check --help)
    """


def _validate_codes(ctx, param, value):
    codes = _codes(value)
    if codes:
        from .config import known_codes

        known = known_codes()
        for c in codes:
            if not any(k.startswith(c) for k in known):
                raise click.BadParameter(f"unknown rule code '{c}'", ctx=ctx, param=param)
    return codes


@main.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="full", show_default=True, help="Output format.")
@click.option("--as-of", type=_Date(), help="Check as of this date instead of the plan's own date.")
@click.option("--select", multiple=True, callback=_validate_codes, help="Only these rule codes or prefixes (comma-separated).")
@click.option("--extend-select", multiple=True, callback=_validate_codes, help="Add codes to the selection.")
@click.option("--ignore", multiple=True, callback=_validate_codes, help="Skip these rule codes or prefixes (added to the config's).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Lowest severity that makes the exit code 1 [default: error].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings reach --fail-on (not for unreadable files).")
@click.option("--lang", type=click.Choice(["vi", "en"]), help="Message language [default: vi].")
@click.option("--pre-issuance", is_flag=True, default=None, help="The plan is about to be signed: QCDC204/QCDC205 become errors.")
@click.option("--strict", is_flag=True, default=None, help="Also report local instruments (UBND, HĐND, Tỉnh ủy …) missing from the registry.")
@click.option("--registry", "registry_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra registry file (Turtle) with an office's own instruments.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), help="Use this config file for every input.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--exclude", multiple=True, help="Glob of files/folders to skip when checking a folder.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
@click.option("--fix", "do_fix", is_flag=True, help="Apply safe fixes to text files (a backup FILE.bak is kept).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply or show fixes that need a human check (e.g. replacing a repealed instrument).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file instead of stdout.")
@click.option("--no-progress", is_flag=True, help="No progress bar on stderr.")
@click.option("--engine", "executor", type=click.Choice(["oxigraph", "pyshacl"]),
              help="Rule executor: oxigraph (fast, default) or pyshacl (the reference).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes for many files [default: all cores].")
@click.option("--annotate", "annotate_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a copy of the (single) .docx with a Word comment on each finding.")
def check(files, fmt, as_of, select, extend_select, ignore, fail_on, exit_zero, lang, pre_issuance, strict,
          registry_files, config_file, isolated, exclude, show_diff, do_fix, unsafe_fixes, output, no_progress,
          executor, jobs, annotate_out) -> None:
    """Check FILE|DIR... and report findings.

    Exit codes: 0 no finding reaches --fail-on; 1 one does (or --diff has changes); 2 usage error,
    bad configuration, or an unreadable file.
    """
    if not files:
        raise click.UsageError("no FILE given (try: qcdc-check ke-hoach.txt)")
    if annotate_out is not None and (len(files) != 1 or not files[0].lower().endswith(".docx")):
        raise click.UsageError("--annotate takes exactly one .docx file")
    from .config import ConfigError, ConfigResolver
    from .engine import Options, default_engine, file_exit_code
    from .errors import DataError
    from .fixes import FIXABLE_SUFFIXES, apply_fixes, unified_diff, write_atomically
    from .parallel import check_many, check_one, default_jobs, finding_lines
    from .report import render_github, render_json, render_json_line, render_sarif
    from .rules import rules_by_code

    err = _ErrConsole()
    escape = _escape
    try:
        resolver = ConfigResolver(config_file, isolated)
        targets = _expand(files, resolver, list(exclude))
    except ConfigError as e:
        err.print(f"[bold red]qcdc-check: configuration error:[/] {escape(e.message)}")
        sys.exit(2)

    def options_for(settings, path) -> tuple[Options, str, str, list[str]]:
        opts = Options(
            as_of=as_of,
            lang=lang or settings.lang,
            select=select if select else list(settings.select or []),
            extend_select=settings.extend_select + extend_select,
            ignore=settings.ignore + ignore + settings.ignores_for(path),
            severity=dict(settings.severity),
            pre_issuance=settings.pre_issuance if pre_issuance is None else pre_issuance,
            strict=settings.strict if strict is None else strict,
        )
        return opts, fail_on or settings.fail_on, opts.lang, sorted(set(settings.registry) | set(registry_files))

    reports, sources, fail_levels = [], {}, []
    out_lang = lang or "vi"
    diffs: list[str] = []
    fixed_total = skipped_total = 0
    tasks, levels = [], []
    for path, settings in targets:
        try:
            opts, level, out_lang, extra = options_for(settings, path)
            default_engine(extra, executor)  # load (and check) extra registries once, here
        except ConfigError as e:
            err.print(f"[bold red]qcdc-check: configuration error:[/] {escape(e.message)}")
            sys.exit(2)
        except DataError as e:
            err.print(f"[bold red]qcdc-check: broken registry or shapes:[/] {escape(e.message)}")
            sys.exit(2)
        tasks.append((path, opts, tuple(extra), executor))
        levels.append(level)
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout

    progress = None
    if not no_progress and err.is_terminal and len(targets) > 3:
        from rich.progress import Progress

        progress = Progress(console=err._rich, transient=True)
        progress.start()
        task_id = progress.add_task("qcdc-check", total=len(targets))
    fixing = show_diff or do_fix
    try:
        if fixing:  # sequential: the fixes need each document
            results = (check_one(t) for t in tasks)
        else:
            results = ((fr, lines, None) for fr, lines in check_many(tasks, jobs or default_jobs()))
        for (path, opts, extra, _), level, (fr, lines, doc) in zip(tasks, levels, results):
            if fr.error:
                err.print(f"[bold red]qcdc-check: error:[/] {escape(fr.error.message)}")
            elif doc is not None and Path(path).suffix.lower() in FIXABLE_SUFFIXES:
                engine = default_engine(extra, executor)
                result = apply_fixes(doc, fr, unsafe=unsafe_fixes)
                skipped_total += result.skipped
                if result.applied and show_diff:
                    diffs.append(unified_diff(doc, result.text))
                elif result.applied and do_fix:
                    write_atomically(path, result.text, doc.encoding)
                    fixed_total += result.applied
                    fr, doc = engine.check_file_with_source(path, opts)  # report what is left
                    lines = finding_lines(fr, doc)
            if fmt == "json-lines" and not show_diff:
                stream.write(render_json_line(fr))
                stream.flush()
                fr = fr.model_copy(update={"citations": []})  # streamed: keep only what the exit code needs
            reports.append(fr)
            fail_levels.append(level)
            if fmt == "full":
                sources[fr.path] = lines
            if progress:
                progress.advance(task_id)
    finally:
        if progress:
            progress.stop()

    engine = default_engine(sorted(registry_files), executor)
    report = engine.report(reports, Options(as_of=as_of))
    if annotate_out is not None and reports and reports[0].error is None:
        from .annotate import annotate_docx
        from .errors import InputError

        try:
            n = annotate_docx(Path(files[0]), reports[0], annotate_out, out_lang)
            err.print(f"{n} comment(s) written to {annotate_out}", markup=False)
        except InputError as e:
            err.print(f"qcdc-check: error: {e.message}", markup=False)
            sys.exit(2)
    try:
        if show_diff:
            stream.write("".join(diffs))
            err.print(f"{len(diffs)} file(s) would change"
                      + (f"; {skipped_total} more fix(es) need --unsafe-fixes or a second run" if skipped_total else ""),
                      markup=False)
        elif fmt == "json":
            stream.write(render_json(report))
        elif fmt == "sarif":
            stream.write(render_sarif(report, rules_by_code(), out_lang))
        elif fmt == "github":
            stream.write(render_github(report))
        elif fmt in ("full", "concise"):
            from rich.console import Console

            from .report.text import render_concise, render_full

            console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
            if fmt == "concise":
                render_concise(report, console, out_lang)
            else:
                render_full(report, console, out_lang, lambda fr, line: sources.get(fr.path, {}).get(line, ""))
        if do_fix:
            err.print(f"{fixed_total} fix(es) applied"
                      + (f"; {skipped_total} left (unsafe or overlapping: use --unsafe-fixes or run again)" if skipped_total else ""),
                      markup=False)
    finally:
        if output:
            stream.close()
    if show_diff:
        sys.exit(2 if report.summary.unreadable else (1 if diffs else 0))
    sys.exit(max((file_exit_code(fr, lvl, exit_zero) for fr, lvl in zip(reports, fail_levels)), default=0))


class _ErrConsole:
    """stderr messages; rich (colour at a terminal) is imported only when stderr is a terminal."""

    def __init__(self):
        self.is_terminal = sys.stderr.isatty()
        self._rich = None
        if self.is_terminal:
            from rich.console import Console

            self._rich = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

    def print(self, text: str, markup: bool = True) -> None:
        if self._rich is not None:
            self._rich.print(text, markup=markup)
        else:
            plain = re.sub(r"\[/?(?:bold red|bold|red|/)\]", "", text) if markup else text
            click.echo(_unescape(plain) if markup else plain, err=True)

    def __getattr__(self, name):  # rich.progress needs the real console
        return getattr(self._rich, name)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text) if sys.stderr.isatty() else text


def _unescape(text: str) -> str:
    return text


def _expand(files, resolver, cli_excludes: list[str]):
    """(path, settings) for every input; folders are walked in a stable (sorted) order."""
    out = []
    for f in files:
        p = Path(f)
        settings = resolver.for_path(p)
        if p.is_dir():
            excludes = settings.exclude + cli_excludes
            probe = type(settings)(exclude=excludes)
            for child in sorted(p.rglob("*")):
                if not child.is_file() or child.suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                if any(part.startswith(".") for part in child.relative_to(p).parts) or probe.excluded(child, p):
                    continue
                out.append((str(child), resolver.for_path(child)))
        else:
            out.append((f, settings))
    return out


@main.command("rules")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def rules_cmd(lang: str) -> None:
    """List every rule: code, name, default severity, summary."""
    from rich.console import Console
    from rich.table import Table

    from .rules import rules_by_code

    table = Table(show_header=True, header_style="bold")
    for col in ("code", "name", "severity" if lang == "en" else "mức", "summary" if lang == "en" else "tóm tắt"):
        table.add_column(col)
    for code, r in rules_by_code().items():
        table.add_row(code, r.name, r.default_severity, r.label_vi if lang == "vi" else r.label_en)
    Console(soft_wrap=False, emoji=False).print(table)


@main.command("rule")
@click.argument("code")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
def rule_cmd(code: str, lang: str) -> None:
    """Explain one rule: what, why, legal basis, examples, how to fix."""
    from .rules import rules_by_code

    rules = rules_by_code()
    r = rules.get(code.strip().upper())
    if r is None:
        click.echo(f"qcdc-check: unknown rule '{code}' (see: qcdc-check rules)", err=True)
        sys.exit(2)
    click.echo(rule_text(r, lang))


def rule_text(r, lang: str) -> str:
    vi = lang == "vi"
    d = r.docs
    head = {True: ("Mức mặc định", "Vì sao", "Căn cứ", "Ví dụ vi phạm", "Ví dụ đúng", "Cách sửa", "Gợi ý sửa"),
            False: ("Default severity", "Why", "Legal basis", "Fires on", "Does not fire on", "How to fix", "Suggested fix")}[vi]
    lines = [f"{r.code} {r.name}: {r.label_vi if vi else r.label_en}", "",
             (r.doc_vi if vi else r.doc_en), "",
             f"{head[0]}: {r.default_severity}"
             + (f" ({'error khi dùng --pre-issuance' if vi else 'error with --pre-issuance'})" if r.pre_issuance_severity else ""),
             f"{head[1]}: {d.get('why', {}).get(lang, '')}",
             f"{head[2]}: {d.get('legalBasis', {}).get(lang, '')}",
             f"{head[3]}: {d.get('exampleFires', {}).get('', '')}",
             f"{head[4]}: {d.get('examplePasses', {}).get('', '')}",
             f"{head[5]}: {d.get('howToFix', {}).get(lang, '')}"]
    if r.fix_safety:
        lines.append(f"{head[6]}: {r.fix_safety}")
    lines.append(f"https://w3id.org/qcdc-rules/rules/{r.code}")
    return "\n".join(lines)


@main.command("config")
@click.argument("path", required=False, type=click.Path(path_type=Path), default=Path("."))
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--isolated", is_flag=True)
def config_cmd(path: Path, config_file: Optional[Path], isolated: bool) -> None:
    """Print the effective settings for PATH and where each comes from."""
    from .config import KEYS, ConfigError, ConfigResolver

    try:
        s = ConfigResolver(config_file, isolated).for_path(path)
    except ConfigError as e:
        click.echo(f"qcdc-check: configuration error: {e.message}", err=True)
        sys.exit(2)
    click.echo(f"# config file: {s.path or '(none)'}")
    values = {
        "select": s.select if s.select is not None else "(all)", "extend-select": s.extend_select,
        "ignore": s.ignore, "severity": s.severity, "fail-on": s.fail_on, "lang": s.lang,
        "pre-issuance": s.pre_issuance, "strict": s.strict, "registry": s.registry,
        "per-file-ignores": s.per_file_ignores, "exclude": s.exclude,
    }
    for key in KEYS:
        click.echo(f"{key:17} = {values[key]!s:40} # {s.sources.get(key, 'default')}")


@main.group("registry")
def registry_group() -> None:
    """Look up and validate the registry of instruments."""


def _registry(extra):
    from .errors import DataError
    from .maintain import load_registry_checked
    from .registry import load_registry

    try:
        return load_registry_checked(list(extra)) if extra else load_registry()
    except DataError as e:
        click.echo(f"qcdc-check: registry error: {e.message}", err=True)
        sys.exit(2)


@registry_group.command("list")
@click.option("--as-of", type=_Date(), help="Status on this date [default: today].")
@click.option("--status", type=click.Choice(["in-force", "ceased", "not-yet"]))
@click.option("--type", "type_", help="Instrument class or type word (e.g. NghiDinh, 'Nghị định').")
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False))
def registry_list(as_of, status, type_, extra) -> None:
    """A table of instruments with their dates and status."""
    from rich.console import Console
    from rich.table import Table

    from .maintain import rows
    from .textutil import fold

    reg = _registry(extra)
    day = as_of or dt.date.today()
    table = Table(title=f"status on {day.strftime('%d/%m/%Y')}")
    for col in ("symbol", "type", "issuer", "issued", "in force", "ceased", "replaced by", "status", "confidence"):
        table.add_column(col)
    wanted = None
    if type_:
        wanted = next((c for w, c in reg.type_words if fold(w) == fold(type_)), type_)
    fmt = lambda d: d.strftime("%d/%m/%Y") if d else "—"  # noqa: E731
    for r in rows(reg, day):
        if status and r.status != status or wanted and not reg.is_a(r.type, wanted):
            continue
        table.add_row(r.symbol, r.type, r.issuer, fmt(r.issued), fmt(r.in_force), fmt(r.ceased), r.replaced_by or "—",
                      r.status, r.confidence)
    Console(emoji=False, width=None if sys.stdout.isatty() else 220).print(table)


@registry_group.command("show")
@click.argument("symbol")
@click.option("--as-of", type=_Date())
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False))
def registry_show(symbol, as_of, extra) -> None:
    """Every fact of one instrument with its source and confidence, its status and its chains."""
    from rdflib import URIRef

    from .maintain import chain, facts_of, find, status_on

    reg = _registry(extra)
    hits = find(reg, symbol, limit=1)
    if not hits:
        click.echo(f"qcdc-check: no instrument matches '{symbol}' (try: qcdc-check registry find)", err=True)
        sys.exit(2)
    row = hits[0][1]
    day = as_of or dt.date.today()
    click.echo(f"{row.symbol} ({row.type}) — {row.title}")
    click.echo(f"status on {day.strftime('%d/%m/%Y')}: {status_on(reg.graph, URIRef(row.iri), day)}")
    for f in facts_of(reg, row.iri):
        src = f"   [{f.confidence}: {f.source}]" if f.source else ""
        click.echo(f"  {f.prop:16} {f.value}{src}")
    for k, v in chain(reg, row.iri).items():
        if v:
            click.echo(f"  {k:16} {' -> '.join(v) if k.startswith('replace') else ', '.join(v)}")


@registry_group.command("find")
@click.argument("query")
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False))
def registry_find(query, extra) -> None:
    """Forgiving look-up: "nghị định 04/2015", "nd 145/nđ-cp", "luat thuc hien dan chu"."""
    from .maintain import find

    hits = find(_registry(extra), query)
    if not hits:
        click.echo(f"no instrument matches '{query}'")
        sys.exit(1)
    for score, r in hits:
        click.echo(f"{score:.2f}  {r.symbol:22} {r.type:14} {r.title}")


@registry_group.command("validate")
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--lang", type=click.Choice(["vi", "en"]), default="en", show_default=True)
def registry_validate(extra, lang) -> None:
    """Check the registry itself (and extra files): required facts, date order, replacements, cycles,
    duplicates, symbol forms, conflicts with the core registry."""
    from pathlib import Path as _P

    from .maintain import check_conflicts, validate_registry
    from .registry import load_graph
    from .resources import turtle_files

    problems = []
    core = load_graph(turtle_files("ontology"))
    for f in extra:
        problems += check_conflicts(core, load_graph([_P(f)]), str(f))
    problems += validate_registry([_P(f) for f in extra], lang)
    for p in problems:
        click.echo(str(p))
    n = len(_registry(()).instruments) if not problems else None
    click.echo(f"{len(problems)} problem(s)" + (f"; {n} instruments valid" if n is not None else ""),
               err=bool(problems))
    sys.exit(1 if problems else 0)


@main.command("impact")
@click.option("--registry", "update", multiple=True, required=True, type=click.Path(exists=True, dir_okay=False),
              help="The registry update (Turtle) to assess; may add facts to core instruments, not change them.")
@click.option("--as-of", type=_Date())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=str))
def impact_cmd(update, as_of, fmt, plans) -> None:
    """Which findings appear and disappear on PLANS when the registry update is applied."""
    import json

    from .config import ConfigResolver
    from .engine import Options
    from .errors import DataError
    from .maintain import impact

    targets = [p for p, _ in _expand(plans, ConfigResolver(isolated=True), [])]
    try:
        result = impact(targets, list(update), Options(as_of=as_of, lang="en"))
    except DataError as e:
        click.echo(f"qcdc-check: registry error: {e.message}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps([{
            "path": r.path, "error": r.error,
            "appeared": [f.model_dump(mode="json") for f in r.appeared],
            "disappeared": [f.model_dump(mode="json") for f in r.disappeared],
        } for r in result], ensure_ascii=False, indent=2))
        return
    changed = [r for r in result if r.appeared or r.disappeared]
    for r in changed:
        click.echo(r.path)
        for f in r.appeared:
            click.echo(f"  + {f.line}:{f.column} {f.rule} [{f.severity}] {f.message}")
        for f in r.disappeared:
            click.echo(f"  - {f.line}:{f.column} {f.rule} [{f.severity}] {f.message}")
    gains = sum(len(r.appeared) for r in result)
    losses = sum(len(r.disappeared) for r in result)
    click.echo(f"{len(result)} plan(s) checked, {len(changed)} affected: +{gains} finding(s), -{losses} finding(s); "
               f"{len(result) - len(changed)} unaffected")


if __name__ == "__main__":  # pragma: no cover
    main()
