"""`qcdc-check [check] FILE|DIR...`: check files and report findings (the default command)."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

import click

from ..contract.models import FileReport
from ..core.i18n import N_, tr
from .language import current_lang

from ..pipeline.optionmodel import Planned, RunOptions, Task, plan_task
from ..reporters import REPORTERS
from .baselines import indexed, relative_to
from .noqa import add_noqa_all
from .common import CANNOT_WRITE, CONFIG_ERROR, DATA_ERROR, ERROR, ErrConsole, expand, skipped_line
from .options import check_options, run_options
from .progress import StageDisplay
from .scan import annotatable, annotate_usage, configure as configure_scan, maybe_annotate
from .writes import (JSON_FORMATS, read_baseline as _read_baseline, write_baseline as _write_baseline,
                     write_failed as _write_failed)


@dataclass
class Gathered:
    """What one `check` invocation gathers while it goes through its files."""

    err: ErrConsole
    shown: list = field(default_factory=list)  # what is displayed (--min-severity), as the reporter keeps it
    # the findings shown, by severity: a streaming reporter's files are kept without their findings
    counts: dict = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0, "hidden": 0})
    exit_code: int = 0  # the worst of the files' exit codes, over every finding (not only those shown)
    first: Optional[FileReport] = None  # the first file's report, every finding (--annotate)
    # path -> fingerprints of every finding, when --write-baseline asks
    fingerprints: Optional[dict[str, list[str]]] = None
    diffs: list = field(default_factory=list)
    fixed: int = 0
    skipped: int = 0
    write_errors: int = 0
    json_errors: bool = False  # the output is JSON: a write error is one line of JSON with its code


@click.command("check", help=N_('Check FILE|DIR... and report findings.\n\n    Exit codes: 0 no finding reaches '
                                '--fail-on; 1 one does (or --diff has changes); 2 usage error,\n    bad configuration, '
                                'or an unreadable file.'))
@click.argument("files", nargs=-1, type=click.Path(path_type=str, readable=False), metavar=N_("[FILE|DIR]..."))
@check_options
@click.pass_context
def check(ctx, files, **values) -> None:
    """Check FILE|DIR... and report findings (the options: pipeline/optionmodel.py)."""
    run, given = run_options(ctx, values)
    if not files:
        raise click.UsageError(tr(current_lang(), "no FILE given (try: qcdc-check ke-hoach.txt)"))
    if run.annotate is not None and not annotatable(files):
        raise click.UsageError(annotate_usage(current_lang()))
    if "-" in files and (run.fix or run.add_noqa):  # --diff shows the fixes of the text read
        raise click.UsageError(tr(current_lang(),
                                  "--fix needs files; standard input ('-') cannot be rewritten (use --diff to see the "
                                  "fixes)"))
    if run.statistics and run.format in ("sarif", "github"):  # counts are text or JSON, never SARIF
        raise click.UsageError(tr(current_lang(),
                                  "--statistics prints the count per rule as text or JSON; it cannot be used with "
                                  "--format {fmt} (drop --statistics, or use --format json)", fmt=run.format))
    configure_scan(run.__dict__, run.progress)  # OCR: pages --jobs at a time, per-page progress (cli/scan.py)
    lang = run.lang if "lang" in given else "vi"
    baseline = indexed(_read_baseline(run.baseline, lang), run.baseline) if run.baseline else {}
    if run.add_noqa:  # the directives written into the files, no report (cli/noqa.py)
        err = ErrConsole(run.quiet)
        return add_noqa_all(_with_baseline(_tasks(err, files, run, given), baseline), err, lang)
    from ..core.atomic import WriteError

    try:
        with _StdinFile(files, run.stdin_filename) as (files, renamed):
            _check(files, renamed, run, given, baseline)
    except WriteError as e:  # standard input could not be saved (a full temporary folder)
        _write_failed(e, lang, run.format)


class _StdinFile:
    """FILE '-': standard input saved as a file (pipeline/spool.py) under the name --stdin-filename gives,
    so every reader and limit applies to it as to a file; reports use that name."""

    def __init__(self, files, name: Optional[str]):
        self.files, self.name, self.spool = list(files), name or "stdin.txt", None

    def __enter__(self):
        if "-" not in self.files:
            return self.files, {}
        from ..pipeline.spool import spooled

        self.spool = spooled(sys.stdin.buffer.read(), self.name, prefix="qcdc-stdin-", default="stdin.txt")
        path = self.spool.__enter__()
        return [str(path) if f == "-" else f for f in self.files], {str(path): self.name}

    def __exit__(self, *exc):
        if self.spool is not None:
            self.spool.__exit__(*exc)


def _check(files, renamed, run: RunOptions, given: set, baseline: dict) -> None:
    err = ErrConsole(run.quiet)
    planned = _with_baseline(_tasks(err, files, run, given), baseline)
    out_lang = planned[-1].task.options.lang if planned else run.lang
    from ..core.atomic import AtomicText, GuardedStream, WriteError

    stream = None
    try:
        # -o: a temporary file beside it, renamed over it once the report is whole (the previous report is kept
        # when this one cannot be written); standard output: a write error is one line, not a traceback
        stream = AtomicText(run.output, label="report") if run.output else GuardedStream(sys.stdout)
        _report(stream, err, out_lang, files, run, planned, renamed)
    except WriteError as e:
        if run.output and stream is not None:
            stream.discard()
        _write_failed(e, out_lang, run.format)


def _report(stream, err, out_lang: str, files, run: RunOptions, planned: list[Planned], renamed: dict) -> None:
    from ..pipeline import Engine, Options, default_engine, rule_catalog

    output = hasattr(stream, "commit")
    try:
        reporter = REPORTERS[run.format](stream, out_lang, rule_catalog(), quiet=run.quiet)
        if run.statistics:  # counts instead of findings: the reporter is told of nothing
            from ..reporters.base import Reporter

            reporter = Reporter(stream, out_lang)
        got = Gathered(err=err, fingerprints={} if run.write_baseline is not None else None,
                       json_errors=run.format in JSON_FORMATS)
        # what the end of the run needs of each file's findings: a streamed format keeps none of them
        _check_all(got, planned, reporter, run, renamed, keep_findings=run.statistics or run.show_fixes)
        engine: Engine = default_engine(sorted(run.registry), run.executor)
        report = engine.report(got.shown, Options(as_of=run.as_of))
        report.summary = report.summary.model_copy(update=got.counts)
        if run.write_baseline is not None and got.fingerprints is not None:
            _write_baseline(run.write_baseline, relative_to(got.fingerprints, run.write_baseline), out_lang, err)
        if run.annotate is not None and got.first is not None and got.first.error is None:
            _annotate(err, Path(files[0]), got.first, run.annotate, out_lang)
        _end(stream, err, out_lang, run, got, reporter, report)
        if output:
            stream.commit()  # flushed, fsynced, renamed over the previous report
        else:
            stream.flush()  # a full disk behind standard output is said here, not lost at exit
    finally:
        if output:
            stream.close()  # discards the temporary file unless it was committed
    if run.diff:
        sys.exit(2 if report.summary.unreadable else (1 if got.diffs else 0))
    if got.write_errors:
        sys.exit(2)
    sys.exit(got.exit_code)


def _end(stream, err, out_lang: str, run: RunOptions, got: Gathered, reporter, report) -> None:
    """What the run writes once every file is checked: the diff, the statistics or the report's end."""
    from ..pipeline import rule_catalog

    if run.diff:
        stream.write("".join(got.diffs))
        err.print(tr(out_lang, "{n} file(s) would change", n=len(got.diffs))
                  + (tr(out_lang, "; {n} more fix(es) need --unsafe-fixes or a second run", n=got.skipped)
                     if got.skipped else ""), markup=False)
    elif run.statistics:
        from ..reporters.extras import render_statistics

        render_statistics(got.shown, stream, out_lang, rule_catalog(), run.format)
    else:
        reporter.end(report)
    if run.show_fixes and not run.diff:
        from ..reporters.extras import render_fix_list

        render_fix_list(got.shown, stream, out_lang)
    if run.fix:
        err.print(tr(out_lang, "{n} fix(es) applied", n=got.fixed)
                  + (tr(out_lang, "; {n} left (unsafe, overlapping, or not fixable automatically: use --unsafe-fixes "
                                  "or fix by hand)", n=got.skipped) if got.skipped else ""), markup=False)


def _with_baseline(planned: list[Planned], baseline: dict) -> list[Planned]:
    """--baseline: its fingerprints for each input, in place of its configuration's baseline."""
    if baseline:
        for p in planned:
            p.task = p.task._replace(options=replace(p.task.options, baseline=baseline.get(p.task.path, frozenset())))
    return planned


def _tasks(err, files, run: RunOptions, given: set) -> list[Planned]:
    """Each input with its check's options (this run's flags over its configuration file) and --fail-on level."""
    from ..core.errors import DataError
    from ..pipeline import default_engine
    from ..pipeline.config import ConfigError, ConfigResolver
    from ..pipeline.wordlists import WordListError

    planned: list[Planned] = []
    baselines: dict = {}
    lang = run.lang if "lang" in given else "vi"
    try:
        resolver = ConfigResolver(run.config, run.isolated)
        skipped: dict = {}
        targets = expand(files, resolver, list(run.exclude), skipped)
        if skipped:
            err.print(skipped_line(skipped, lang), markup=False)
        for path, settings in targets:
            p = plan_task(path, run, given, settings, settings.ignores_for(path))
            if settings.baseline:  # the config's baseline (--baseline, applied later, takes its place)
                where = Path(settings.baseline)
                if where not in baselines:
                    baselines[where] = indexed(_read_baseline(where, p.task.options.lang), where)
                opts = replace(p.task.options, baseline=baselines[where].get(path, frozenset()))
                p.task = p.task._replace(options=opts)
            default_engine(p.task.registries, p.task.executor)  # load (and check) extra registries once, here
            planned.append(p)
    except (ConfigError, WordListError) as e:  # a word list's problems, one line each (pipeline/wordlists.py)
        err.print(f"[bold red]qcdc-check: {tr(lang, CONFIG_ERROR)}:[/] {err.escape(e.message)}")
        sys.exit(2)
    except DataError as e:
        err.print(f"[bold red]qcdc-check: {tr(lang, DATA_ERROR)}:[/] {err.escape(e.message)}")
        sys.exit(2)
    return planned


def _check_all(got: Gathered, planned: list[Planned], reporter, run: RunOptions, renamed: dict,
               keep_findings: bool = True) -> None:
    """Checks every task, tells the reporter of each file as it is done, and gathers in `got` what the end of
    the run needs; a streamed report keeps only a file's summary, so memory stays flat over a long run."""
    from ..pipeline.checker import renamed as renamed_report
    from ..reporters.extras import at_least
    from ..contract.models import fingerprints
    from ..pipeline import file_exit_code
    from ..pipeline.runner import check_many, check_one, default_jobs

    err = got.err
    # the check of a folder allocates millions of short-lived objects and makes few reference cycles: the
    # collector's default (a pass every 700 allocations) took 2.4 s of 24.5 s of CPU over 2,000 plans
    import gc

    gc.set_threshold(20_000, 20, 20)
    tasks = [p.task for p in planned]
    progress = stages = None
    no_progress = run.no_progress or run.quiet
    if not no_progress and err.is_terminal and len(tasks) <= 3:  # one status line per long file instead
        stages = StageDisplay(err, {t.path: t.options.lang for t in tasks})
    if not no_progress and err.is_terminal and len(tasks) > 3:
        from rich.progress import Progress

        progress = Progress(console=err._rich, transient=True)
        progress.start()
        task_id = progress.add_task("qcdc-check", total=len(tasks))
    try:
        if run.diff or run.fix:  # sequential: the fixes need each document
            results = (check_one(t, stages(t.path) if stages else None) for t in tasks)
        else:
            results = ((fr, lines, None) for fr, lines in check_many(tasks, run.jobs or default_jobs(), stages))
        for p, (fr, lines, doc) in zip(planned, results):
            task = p.task
            if stages:
                stages.done()
            if task.path in renamed:  # standard input goes by its --stdin-filename
                fr = renamed_report(fr, task.path, renamed[task.path])
            if fr.error:
                err.print(f"[bold red]qcdc-check: {tr(task.options.lang, ERROR)}:[/] {err.escape(fr.error.message)}")
            elif doc is not None:
                fr, lines = _fix_one(got, task, fr, lines, doc, run)
            got.exit_code = max(got.exit_code, file_exit_code(fr, p.fail_on, run.exit_zero))
            if got.first is None:
                got.first = fr
            if got.fingerprints is not None and fr.findings:
                got.fingerprints[fr.path] = sorted(fingerprints(fr.findings))
            shown = at_least(fr, run.min_severity)
            for f in shown.findings:
                got.counts[f.severity] += 1
            got.counts["hidden"] += len(fr.findings) - len(shown.findings)  # below --min-severity
            if not run.diff:
                shown = reporter.file(shown, lines)
                if reporter.streams and not keep_findings:
                    shown = shown.model_copy(update={"findings": [], "citations": []})  # written already
            got.shown.append(shown)
            if progress:
                progress.advance(task_id)
    finally:
        if stages:
            stages.done()
        if progress:
            progress.stop()


def _fix_one(got: Gathered, task: Task, fr, lines, doc, run: RunOptions):
    """--diff or --fix on one checked file; after a fix, the report of what is left."""
    from ..fixes import apply_fixes, fixable, unified_diff, write_atomically
    from ..core.atomic import WriteError
    from ..fixes.apply import FixRefused, choose_edits
    from ..pipeline import default_engine
    from ..pipeline.runner import finding_lines

    path, opts = task.path, task.options
    if not fixable(path):
        return fr, lines
    result = apply_fixes(doc, fr, unsafe=run.unsafe_fixes)
    got.skipped += result.skipped
    if result.applied and run.diff:
        got.diffs.append(unified_diff(replace(doc, path=fr.path), result.text))  # standard input by its name
    elif result.applied and run.fix:
        try:
            if doc.kind == "docx":  # tracked changes in Word, accepted or rejected by the officer
                from ..fixes.tracked import fix_docx

                done = fix_docx(path, doc, choose_edits(doc, fr, run.unsafe_fixes)[0], opts.lang)
                got.fixed += done.applied
                got.skipped += done.left
            else:
                write_atomically(path, result.text, doc.encoding)
                got.fixed += result.applied
        except WriteError as e:  # nothing changed: the file and its earlier backups are as they were
            got.write_errors += 1
            click.echo(e.json_line(opts.lang) if got.json_errors else e.line(opts.lang), err=True)
            return fr, lines
        except (FixRefused, OSError) as e:
            got.write_errors += 1
            why = e.in_lang(opts.lang) if isinstance(e, FixRefused) else tr(opts.lang, "{path}: cannot write ({why})",
                                                                            path=path, why=e.strerror)
            got.err.print(f"qcdc-check: {tr(opts.lang, ERROR)}: {why}", markup=False)
            return fr, lines
        fr, doc = default_engine(task.registries, task.executor).check_file_with_source(path, opts)  # what is left
        lines = finding_lines(fr, doc)
    return fr, lines


def _annotate(err, source: Path, report, out: Path, lang: str) -> None:
    from ..core.errors import InputError
    from ..fixes.annotate import annotate_docx

    if maybe_annotate(err, source, report, out, lang):  # a scan: a PDF with its findings marked (cli/scan.py)
        return
    try:
        n = annotate_docx(source, report, out, lang)  # whole or not at all (a WriteError otherwise)
        err.print(tr(lang, "{n} comment(s) written to {out}", n=n, out=out), markup=False)
    except InputError as e:
        err.print(f"qcdc-check: {tr(lang, ERROR)}: {e.message}", markup=False)
        sys.exit(2)
    except OSError as e:
        err.print(f"qcdc-check: {tr(lang, ERROR)}: {tr(lang, CANNOT_WRITE, path=out, why=e.strerror)}", markup=False)
        sys.exit(2)
