"""`qcdc-check [check] FILE|DIR...`: check files and report findings (the default command)."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

import click

from .language import CODES, FILE, Bi, current_lang

from ..pipeline import ENGINES
from ..reporters import REPORTERS
from .baselines import indexed, relative_to
from .noqa import add_noqa_all
from .common import DateType, ErrConsole, expand, say, skipped_line, validate_codes
from .progress import StageDisplay
from .scan import annotatable, annotate_usage, configure as configure_scan, maybe_annotate, progress_option
from .writes import JSON_FORMATS, read_baseline as _read_baseline, write_baseline as _write_baseline, write_failed as _write_failed


@dataclass
class Run:
    """What one `check` invocation gathers while it goes through its files."""

    shown: list = field(default_factory=list)  # what is displayed (--min-severity), as the reporter keeps it
    # the findings shown, by severity: a streaming reporter's files are kept without their findings
    counts: dict = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0, "hidden": 0})
    exit_code: int = 0  # the worst of the files' exit codes, over every finding (not only those shown)
    first: object = None  # the first file's report, every finding (--annotate)
    fingerprints: Optional[dict] = None  # path -> fingerprints of every finding, when --write-baseline asks
    diffs: list = field(default_factory=list)
    fixed: int = 0
    skipped: int = 0
    write_errors: int = 0
    err: object = None
    json_errors: bool = False  # the output is JSON: a write error is one line of JSON with its code


@click.command("check", help=Bi('Kiểm tra TỆP|THƯ MỤC... và báo các phát hiện.\n\n    Mã thoát: 0 không có phát hiện nào đạt --fail-on; 1 có (hoặc --diff có thay đổi); 2 dùng sai lệnh,\n    cấu hình sai, hoặc có tệp không đọc được.', 'Check FILE|DIR... and report findings.\n\n    Exit codes: 0 no finding reaches --fail-on; 1 one does (or --diff has changes); 2 usage error,\n    bad configuration, or an unreadable file.'))
@click.argument("files", nargs=-1, type=click.Path(path_type=str, readable=False), metavar=Bi("[TỆP|THƯ MỤC]...", "[FILE|DIR]..."))
@click.option("--format", "fmt", type=click.Choice(list(REPORTERS)), default="full", show_default=True, help=Bi("Dạng báo cáo.", "Output format."))
@click.option("--as-of", type=DateType(), help=Bi("Kiểm tra theo ngày này (ngày kiểm tra) thay cho ngày của kế hoạch.", "Check as of this date instead of the plan's own date."))
@click.option("--select", multiple=True, metavar=CODES, callback=validate_codes, help=Bi("Chỉ các mã quy tắc (hoặc tiền tố mã) này, cách nhau bằng dấu phẩy.", "Only these rule codes or prefixes (comma-separated)."))
@click.option("--extend-select", multiple=True, metavar=CODES, callback=validate_codes, help=Bi("Thêm mã vào danh sách được chọn.", "Add codes to the selection."))
@click.option("--ignore", multiple=True, metavar=CODES, callback=validate_codes, help=Bi("Bỏ qua các mã quy tắc (hoặc tiền tố) này, thêm vào danh sách của tệp cấu hình.", "Skip these rule codes or prefixes (added to the config's)."))
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help=Bi("Mức thấp nhất làm mã thoát là 1 [mặc định: lỗi].", "Lowest severity that makes the exit code 1 [default: error]."))
@click.option("--min-severity", type=click.Choice(["error", "warning", "info"]), default="info", show_default=True,
              help=Bi("Chỉ hiện các phát hiện từ mức này trở lên (mã thoát vẫn theo --fail-on, trên mọi phát hiện).",
                      "Show only findings of this severity or above (the exit code still follows --fail-on, over all findings)."))
@click.option("--quiet", "-q", is_flag=True, help=Bi("Chỉ in các phát hiện: không có dòng tổng kết, ghi chú, tiến độ.",
                                                      "Print the findings only: no summary, notes or progress."))
@click.option("--statistics", is_flag=True, help=Bi("In số phát hiện của mỗi quy tắc thay cho từng phát hiện.",
                                                     "Print the number of findings per rule instead of each finding."))
@click.option("--show-fixes", is_flag=True, help=Bi("Liệt kê mọi gợi ý sửa (vị trí, quy tắc, an toàn hay không, nội dung) sau báo cáo.",
                                                     "List every suggested fix (where, rule, safe or not, what it puts in) after the report."))
@click.option("--exit-zero", is_flag=True, help=Bi("Thoát với mã 0 cả khi có phát hiện đạt --fail-on (trừ khi có tệp không đọc được).", "Exit 0 even when findings reach --fail-on (not for unreadable files)."))
@click.option("--lang", type=click.Choice(["vi", "en"]), help=Bi("Ngôn ngữ của thông báo [mặc định: vi].", "Message language [default: vi]."))
@click.option("--pre-issuance", is_flag=True, default=None, help=Bi("Kế hoạch sắp ký ban hành: QCDC204/QCDC205 thành lỗi.", "The plan is about to be signed: QCDC204/QCDC205 become errors."))
@click.option("--strict", is_flag=True, default=None, help=Bi("Báo cả văn bản của địa phương (UBND, HĐND, Tỉnh ủy …) chưa có trong danh mục văn bản.", "Also report local instruments (UBND, HĐND, Tỉnh ủy …) missing from the registry."))
@click.option("--preview", is_flag=True, default=None, help=Bi("Chạy cả các quy tắc thử nghiệm (mặc định chỉ các quy tắc ổn định).", "Also run the rules in preview (by default only the stable rules run)."))
@click.option("--registry", "registry_files", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar=FILE,
              help=Bi("Tệp danh mục bổ sung (Turtle) với văn bản riêng của cơ quan.", "Extra registry file (Turtle) with an office's own instruments."))
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), metavar=FILE, help=Bi("Dùng tệp cấu hình này cho mọi tệp.", "Use this config file for every input."))
@click.option("--isolated", is_flag=True, help=Bi("Không đọc tệp cấu hình nào.", "Ignore all configuration files."))
@click.option("--exclude", multiple=True, metavar=Bi("MẪU", "GLOB"), help=Bi("Mẫu tên tệp/thư mục bỏ qua khi kiểm tra cả thư mục.", "Glob of files/folders to skip when checking a folder."))
@click.option("--diff", "show_diff", is_flag=True, help=Bi("In các chỗ sửa dưới dạng diff; không thay đổi gì.", "Print the fixes as a unified diff; change nothing."))
@click.option("--fix", "do_fix", is_flag=True, help=Bi("Sửa các chỗ sửa an toàn (tệp .docx: dạng theo dõi thay đổi); giữ bản sao TỆP.bak.", "Apply safe fixes to text files (a backup FILE.bak is kept)."))
@click.option("--add-noqa", is_flag=True, help=Bi("Ghi chỉ dẫn “qcdc: bỏ qua” cho mọi phát hiện hiện có vào chính tệp (giữ bản sao TỆP.bak); không báo cáo.", "Write a “qcdc: bỏ qua” directive for every current finding into the files (a FILE.bak backup is kept); no report."))
@click.option("--unsafe-fixes", is_flag=True, help=Bi("Sửa (hoặc hiện) cả những chỗ cần người đọc lại (ví dụ thay văn bản đã hết hiệu lực).", "Also apply or show fixes that need a human check (e.g. replacing a repealed instrument)."))
@click.option("--output", "-o", type=click.Path(), metavar=FILE, help=Bi("Ghi báo cáo vào tệp này thay cho màn hình.", "Write the report to this file instead of stdout."))
@click.option("--no-progress", is_flag=True, help=Bi("Không hiện tiến độ.", "No progress bar on stderr."))
@click.option("--engine", "executor", type=click.Choice(list(ENGINES)),
              help=Bi("Bộ chạy quy tắc: oxigraph (nhanh, mặc định) hoặc pyshacl (bộ đối chiếu).", "Rule executor: oxigraph (fast, default) or pyshacl (the reference)."))
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar=Bi("SỐ", "N"), help=Bi("Số tiến trình khi kiểm tra nhiều tệp, hoặc số trang của bản quét được nhận dạng cùng lúc [mặc định: tự chọn].", "Processes for many files, or pages of a scan read by OCR at once [default: all cores]."))
@progress_option
@click.option("--annotate", "annotate_out", type=click.Path(dir_okay=False, path_type=Path), metavar=FILE,
              help=Bi("Ghi bản sao của tệp .docx (một tệp) với nhận xét Word ở mỗi phát hiện; với bản quét (.pdf, ảnh): bản PDF có lớp chữ tìm kiếm được và các phát hiện được đánh dấu trên trang.", "Write a copy of the (single) .docx with a Word comment on each finding; of a scan (.pdf, image): a PDF with a searchable text layer and each finding marked on the page."))
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), metavar=FILE,
              help=Bi("Không báo lại các phát hiện đã ghi trong tệp baseline này (--write-baseline).", "Findings listed in this baseline file (--write-baseline) are not reported again."))
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False, path_type=Path), metavar=FILE,
              help=Bi("Ghi các phát hiện của lần chạy này vào tệp baseline, để gác lại ở các lần sau.", "Write the findings of this run to a baseline file, to set them aside in later runs."))
@click.option("--stdin-filename", metavar=Bi("TÊN", "NAME"), help=Bi(
    "Với TỆP '-': tên của văn bản đọc từ đầu vào chuẩn (phần đuôi cho biết cách đọc, ví dụ ke-hoach.docx) "
    "[mặc định: stdin.txt].",
    "With FILE '-': the name the document read from standard input goes by (its suffix says how to read it, "
    "e.g. plan.docx) [default: stdin.txt]."))
def check(files, stdin_filename, baseline_file, write_baseline, **opts) -> None:
    """Check FILE|DIR... and report findings.

    Exit codes: 0 no finding reaches --fail-on; 1 one does (or --diff has changes); 2 usage error,
    bad configuration, or an unreadable file.
    """
    if not files:
        raise click.UsageError(say("no-file", current_lang()))
    if opts["annotate_out"] is not None and not annotatable(files):
        raise click.UsageError(annotate_usage(current_lang()))
    if "-" in files and (opts["do_fix"] or opts["add_noqa"]):  # --diff shows the fixes of the text read
        raise click.UsageError(say("stdin-fix", current_lang()))
    if opts["statistics"] and opts["fmt"] in ("sarif", "github"):  # counts are text or JSON, never SARIF
        raise click.UsageError(say("statistics-format", current_lang(), fmt=opts["fmt"]))
    configure_scan(opts, opts.pop("ocr_progress"))  # OCR: pages --jobs at a time, per-page progress (cli/scan.py)
    baseline = indexed(_read_baseline(baseline_file, opts["lang"] or "vi"), baseline_file) if baseline_file else {}
    if opts.pop("add_noqa"):  # the directives written into the files, no report (cli/noqa.py)
        return add_noqa_all(files, baseline, opts, _tasks)
    from ..core.atomic import WriteError

    try:
        with _StdinFile(files, stdin_filename) as (files, renamed):
            _check(files, renamed, baseline=baseline, write_baseline=write_baseline, **opts)
    except WriteError as e:  # standard input could not be saved (a full temporary folder)
        _write_failed(e, opts["lang"] or "vi", opts["fmt"])


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


def _check(files, renamed, fmt, as_of, select, extend_select, ignore, fail_on, exit_zero, lang, pre_issuance,
           strict, preview, registry_files, config_file, isolated, exclude, show_diff, do_fix, unsafe_fixes, output,
           no_progress, executor, jobs, annotate_out, baseline=None, write_baseline=None, min_severity="info",
           quiet=False, statistics=False, show_fixes=False) -> None:
    err = ErrConsole(quiet)
    no_progress = no_progress or quiet
    flags = dict(as_of=as_of, select=select, extend_select=extend_select, ignore=ignore, lang=lang,
                 pre_issuance=pre_issuance, strict=strict, preview=preview)
    tasks, levels = _tasks(err, files, config_file, isolated, exclude, flags, fail_on, registry_files, executor)
    if baseline:
        tasks = [(path, replace(o, baseline=baseline.get(path, frozenset())), *rest) for path, o, *rest in tasks]
    out_lang = tasks[-1][1].lang if tasks else (lang or "vi")
    from ..core.atomic import AtomicText, GuardedStream, WriteError

    stream = None
    try:
        # -o: a temporary file beside it, renamed over it once the report is whole (the previous report is kept
        # when this one cannot be written); standard output: a write error is one line, not a traceback
        stream = AtomicText(output, label="report") if output else GuardedStream(sys.stdout)
        _report(stream, err, out_lang, files, fmt, as_of, registry_files, executor, tasks, levels, show_diff, do_fix,
                unsafe_fixes, no_progress, jobs, renamed, min_severity, exit_zero, statistics, show_fixes, quiet,
                annotate_out, write_baseline)
    except WriteError as e:
        if output and stream is not None:
            stream.discard()
        _write_failed(e, out_lang, fmt)


def _report(stream, err, out_lang, files, fmt, as_of, registry_files, executor, tasks, levels, show_diff, do_fix,
            unsafe_fixes, no_progress, jobs, renamed, min_severity, exit_zero, statistics, show_fixes, quiet,
            annotate_out, write_baseline) -> None:
    from ..pipeline import Engine, Options, default_engine, rule_catalog

    output = hasattr(stream, "commit")
    try:
        reporter = REPORTERS[fmt](stream, out_lang, rule_catalog(), quiet=quiet)
        if statistics:  # counts instead of findings: the reporter is told of nothing
            from ..reporters.base import Reporter

            reporter = Reporter(stream, out_lang)
        run = Run(err=err, fingerprints={} if write_baseline is not None else None, json_errors=fmt in JSON_FORMATS)
        # what the end of the run needs of each file's findings: a streamed format keeps none of them
        keep_findings = statistics or show_fixes
        _check_all(run, tasks, levels, reporter, show_diff, do_fix, unsafe_fixes, no_progress, jobs, renamed,
                   min_severity, exit_zero, keep_findings)
        engine: Engine = default_engine(sorted(registry_files), executor)
        report = engine.report(run.shown, Options(as_of=as_of))
        report.summary = report.summary.model_copy(update=run.counts)
        if write_baseline is not None:
            _write_baseline(write_baseline, relative_to(run.fingerprints, write_baseline), out_lang, err)
        if annotate_out is not None and run.first is not None and run.first.error is None:
            _annotate(err, Path(files[0]), run.first, annotate_out, out_lang)
        if show_diff:
            stream.write("".join(run.diffs))
            err.print(say("would-change", out_lang, n=len(run.diffs))
                      + (say("diff-left", out_lang, n=run.skipped) if run.skipped else ""), markup=False)
        elif statistics:
            from ..reporters.extras import render_statistics

            render_statistics(run.shown, stream, out_lang, rule_catalog(), fmt)
        else:
            reporter.end(report)
        if show_fixes and not show_diff:
            from ..reporters.extras import render_fix_list

            render_fix_list(run.shown, stream, out_lang)
        if do_fix:
            err.print(say("fixed", out_lang, n=run.fixed)
                      + (say("fix-left", out_lang, n=run.skipped) if run.skipped else ""), markup=False)
        if output:
            stream.commit()  # flushed, fsynced, renamed over the previous report
        else:
            stream.flush()  # a full disk behind standard output is said here, not lost at exit
    finally:
        if output:
            stream.close()  # discards the temporary file unless it was committed
    if show_diff:
        sys.exit(2 if report.summary.unreadable else (1 if run.diffs else 0))
    if run.write_errors:
        sys.exit(2)
    sys.exit(run.exit_code)


def _tasks(err, files, config_file, isolated, exclude, flags, fail_on, registry_files, executor):
    """(path, options, extra registries, executor) per input, and each input's --fail-on level."""
    from ..core.errors import DataError
    from ..pipeline import Options, default_engine
    from ..pipeline.config import ConfigError, ConfigResolver

    tasks, levels = [], []
    baselines: dict = {}
    try:
        resolver = ConfigResolver(config_file, isolated)
        skipped: dict = {}
        targets = expand(files, resolver, list(exclude), skipped)
        if skipped:
            err.print(skipped_line(skipped), markup=False)
        for path, settings in targets:
            opts = Options(
                as_of=flags["as_of"],
                lang=flags["lang"] or settings.lang,
                select=flags["select"] if flags["select"] else list(settings.select or []),
                extend_select=settings.extend_select + flags["extend_select"],
                ignore=settings.ignore + flags["ignore"] + settings.ignores_for(path),
                severity=dict(settings.severity),
                pre_issuance=settings.pre_issuance if flags["pre_issuance"] is None else flags["pre_issuance"],
                strict=settings.strict if flags["strict"] is None else flags["strict"],
                preview=settings.preview if flags["preview"] is None else flags["preview"],
            )
            if settings.baseline:  # the config's baseline (--baseline, applied later, takes its place)
                if settings.baseline not in baselines:
                    baselines[settings.baseline] = indexed(_read_baseline(Path(settings.baseline), opts.lang), Path(settings.baseline))
                opts = replace(opts, baseline=baselines[settings.baseline].get(path, frozenset()))
            extra = sorted(set(settings.registry) | set(registry_files))
            default_engine(extra, executor)  # load (and check) extra registries once, here
            tasks.append((path, opts, tuple(extra), executor))
            levels.append(fail_on or settings.fail_on)
    except ConfigError as e:
        err.print(f"[bold red]qcdc-check: {say('config-error', flags['lang'] or 'vi')}:[/] {err.escape(e.message)}")
        sys.exit(2)
    except DataError as e:
        err.print(f"[bold red]qcdc-check: {say('data-error', flags['lang'] or 'vi')}:[/] {err.escape(e.message)}")
        sys.exit(2)
    return tasks, levels


def _check_all(run: Run, tasks, levels, reporter, show_diff, do_fix, unsafe_fixes, no_progress, jobs, renamed,
               min_severity: str = "info", exit_zero: bool = False, keep_findings: bool = True) -> None:
    """Checks every task, tells the reporter of each file as it is done, and gathers in `run` what the end of
    the run needs; a streamed report keeps only a file's summary, so memory stays flat over a long run."""
    from ..pipeline.checker import renamed as renamed_report
    from ..reporters.extras import at_least
    from ..contract.models import fingerprints
    from ..pipeline import file_exit_code
    from ..pipeline.runner import check_many, check_one, default_jobs

    err = run.err
    # the check of a folder allocates millions of short-lived objects and makes few reference cycles: the
    # collector's default (a pass every 700 allocations) took 2.4 s of 24.5 s of CPU over 2,000 plans
    import gc

    gc.set_threshold(20_000, 20, 20)
    progress = stages = None
    if not no_progress and err.is_terminal and len(tasks) <= 3:  # one status line per long file instead
        stages = StageDisplay(err, {t[0]: t[1].lang for t in tasks})
    if not no_progress and err.is_terminal and len(tasks) > 3:
        from rich.progress import Progress

        progress = Progress(console=err._rich, transient=True)
        progress.start()
        task_id = progress.add_task("qcdc-check", total=len(tasks))
    try:
        if show_diff or do_fix:  # sequential: the fixes need each document
            results = (check_one(t, stages(t[0]) if stages else None) for t in tasks)
        else:
            results = ((fr, lines, None) for fr, lines in check_many(tasks, jobs or default_jobs(), stages))
        for task, level, (fr, lines, doc) in zip(tasks, levels, results):
            if stages:
                stages.done()
            if task[0] in renamed:  # standard input goes by its --stdin-filename
                fr = renamed_report(fr, task[0], renamed[task[0]])
            if fr.error:
                err.print(f"[bold red]qcdc-check: {say('error', task[1].lang)}:[/] {err.escape(fr.error.message)}")
            elif doc is not None:
                fr, lines = _fix_one(run, task, fr, lines, doc, show_diff, do_fix, unsafe_fixes)
            run.exit_code = max(run.exit_code, file_exit_code(fr, level, exit_zero))
            if run.first is None:
                run.first = fr
            if run.fingerprints is not None and fr.findings:
                run.fingerprints[fr.path] = sorted(fingerprints(fr.findings))
            shown = at_least(fr, min_severity)
            for f in shown.findings:
                run.counts[f.severity] += 1
            run.counts["hidden"] += len(fr.findings) - len(shown.findings)  # below --min-severity
            if not show_diff:
                shown = reporter.file(shown, lines)
                if reporter.streams and not keep_findings:
                    shown = shown.model_copy(update={"findings": [], "citations": []})  # written already
            run.shown.append(shown)
            if progress:
                progress.advance(task_id)
    finally:
        if stages:
            stages.done()
        if progress:
            progress.stop()


def _fix_one(run: Run, task, fr, lines, doc, show_diff: bool, do_fix: bool, unsafe_fixes: bool):
    """--diff or --fix on one checked file; after a fix, the report of what is left."""
    from ..fixes import apply_fixes, fixable, unified_diff, write_atomically
    from ..core.atomic import WriteError
    from ..fixes.apply import FixRefused, choose_edits
    from ..pipeline import default_engine
    from ..pipeline.runner import finding_lines

    path, opts, extra, executor = task
    if not fixable(path):
        return fr, lines
    result = apply_fixes(doc, fr, unsafe=unsafe_fixes)
    run.skipped += result.skipped
    if result.applied and show_diff:
        run.diffs.append(unified_diff(replace(doc, path=fr.path), result.text))  # standard input by its name
    elif result.applied and do_fix:
        try:
            if doc.kind == "docx":  # tracked changes in Word, accepted or rejected by the officer
                from ..fixes.tracked import fix_docx

                done = fix_docx(path, doc, choose_edits(doc, fr, unsafe_fixes)[0], opts.lang)
                run.fixed += done.applied
                run.skipped += done.left
            else:
                write_atomically(path, result.text, doc.encoding)
                run.fixed += result.applied
        except WriteError as e:  # nothing changed: the file and its earlier backups are as they were
            run.write_errors += 1
            click.echo(e.json_line(opts.lang) if run.json_errors else e.line(opts.lang), err=True)
            return fr, lines
        except (FixRefused, OSError) as e:
            run.write_errors += 1
            why = e.in_lang(opts.lang) if isinstance(e, FixRefused) else say("cannot-write", opts.lang, path=path, why=e.strerror)
            run.err.print(f"qcdc-check: {say('error', opts.lang)}: {why}", markup=False)
            return fr, lines
        fr, doc = default_engine(extra, executor).check_file_with_source(path, opts)  # report what is left
        lines = finding_lines(fr, doc)
    return fr, lines


def _annotate(err, source: Path, report, out: Path, lang: str) -> None:
    from ..core.errors import InputError
    from ..fixes.annotate import annotate_docx

    if maybe_annotate(err, source, report, out, lang):  # a scan: a PDF with its findings marked (cli/scan.py)
        return
    try:
        n = annotate_docx(source, report, out, lang)  # whole or not at all (a WriteError otherwise)
        err.print(say("comments", lang, n=n, out=out), markup=False)
    except InputError as e:
        err.print(f"qcdc-check: {say('error', lang)}: {e.message}", markup=False)
        sys.exit(2)
    except OSError as e:
        err.print(f"qcdc-check: {say('error', lang)}: {say('cannot-write', lang, path=out, why=e.strerror)}", markup=False)
        sys.exit(2)
