"""Every option of a check and of a run, defined once: `RunOptions`, a pydantic model whose fields carry their
name, type, default, help (in English, marked for the translation catalog) and the surfaces that take them
(`Opt`): the command line (cli/options.py makes its click options from it), the configuration file (config.py
reads its TOML keys with it), the HTTP service (server/service.py reads query, form and JSON values with it,
server/openapi.py tells them) and the Python API (qcdc_rules.check_file's keyword arguments). Adding an option
is a field here and the code that uses its value. Values from any surface go through `convert`, so every surface
refuses the same things."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, Optional

from pydantic import BaseModel, ConfigDict

from ..core.i18n import N_
from .options import Options

SEVERITIES = ("error", "warning", "info")
FORMATS = ("full", "concise", "json", "json-lines", "sarif", "github")  # reporters.REPORTERS (a test keeps them equal)
EXECUTORS = ("oxigraph", "pyshacl")  # pipeline.ENGINES (a test keeps them equal)
TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off", ""}
CLI, TOML, HTTP, API = "cli", "toml", "http", "api"
OPERATIONS = ("check", "annotate", "fix")  # the service's operations that take a document and options


@dataclass(frozen=True)
class Opt:
    """What a surface needs to know of an option besides its type and default."""

    en: str  # help, in English: the catalog's msgid (core/i18n.py), in Vietnamese from the catalog
    kind: str  # how a value is read: flag choice codes date files file output globs int text severity per-file ids
    cli: Optional[str] = None  # the command-line flag ("--as-of"); None: not on the command line
    short: Optional[str] = None  # "-q"
    metavar: Optional[str] = None  # in English, marked for the catalog
    cli_default: Any = None  # the click default when it is shown in --help (None: not given)
    toml: Optional[str] = None  # the key in qcdc.toml / [tool.qcdc-check]; None: not in the configuration
    http: tuple[str, ...] = ()  # the service's operations that take it (query, form field or JSON key)
    http_name: Optional[str] = None  # its name there, when not the field's
    http_choices: tuple[str, ...] = ()  # the values the service takes, when fewer than the command line's
    api: bool = False  # a keyword argument of check_text / check_file / check_files
    merge: str = "override"  # flag over config: override (the flag wins), extend (both, config first), union
    choices: tuple[str, ...] = ()

    def name_on(self, surface: str, name: str) -> Optional[str]:
        return {CLI: self.cli, TOML: self.toml, HTTP: (self.http_name or name) if self.http else None,
                API: name if self.api else None}[surface]


_CODES = N_("CODES")
_FILE = N_("FILE")
_ALL = OPERATIONS  # /annotate and /fix take /check's options too (format, fail_on and view change nothing there)


def _o(en: str, kind: str, **kw) -> Opt:
    return Opt(en, kind, **kw)


class RunOptions(BaseModel):
    """What a check needs (as of, selection, severities, registries, executor, language, preview) and what a run
    needs (format, fail-on, fixes, jobs, baseline, output). The field order is the order of `--help`."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    format: Annotated[Literal[FORMATS], _o(  # type: ignore[valid-type]
        N_("Output format."), "choice", cli="--format", cli_default="full", choices=FORMATS,
        http=_ALL, http_choices=("json", "sarif"))] = "full"
    as_of: Annotated[Optional[dt.date], _o(
        N_("Check as of this date instead of the plan's own date."), "date", cli="--as-of", http=_ALL, api=True)] = None
    select: Annotated[Optional[list[str]], _o(
        N_("Only these rule codes or prefixes (comma-separated)."), "codes", cli="--select", metavar=_CODES,
        toml="select", http=_ALL, api=True)] = None
    extend_select: Annotated[list[str], _o(
        N_("Add codes to the selection."), "codes", cli="--extend-select",
        metavar=_CODES, toml="extend-select", api=True, merge="extend")] = []
    ignore: Annotated[list[str], _o(
        N_("Skip these rule codes or prefixes (added to the config's)."), "codes", cli="--ignore", metavar=_CODES,
        toml="ignore", http=_ALL, api=True, merge="extend")] = []
    severity: Annotated[dict[str, Literal[SEVERITIES]], _o(  # type: ignore[valid-type]
        N_("table: code = \"error\" | \"warning\" | \"info\""), "severity", toml="severity", api=True)] = {}
    fail_on: Annotated[Literal[SEVERITIES], _o(  # type: ignore[valid-type]
        N_("Lowest severity that makes the exit code 1 "
        "[default: error]."), "choice", cli="--fail-on", toml="fail-on", http=_ALL, choices=SEVERITIES)] = "error"
    min_severity: Annotated[Literal[SEVERITIES], _o(  # type: ignore[valid-type]
        N_("Show only findings of this severity or above (the exit code still follows --fail-on, over all findings)."),
        "choice", cli="--min-severity", cli_default="info", choices=SEVERITIES)] = "info"
    quiet: Annotated[bool, _o(
        N_("Print the findings only: no summary, notes or progress."), "flag", cli="--quiet", short="-q")] = False
    statistics: Annotated[bool, _o(
        N_("Print the number of findings per rule instead of each finding."), "flag", cli="--statistics")] = False
    show_fixes: Annotated[bool, _o(
        N_("List every suggested fix (where, rule, safe or not, what it puts in) after the report."), "flag",
        cli="--show-fixes")] = False
    exit_zero: Annotated[bool, _o(
        N_("Exit 0 even when findings reach --fail-on (not for unreadable files)."), "flag", cli="--exit-zero")] = False
    lang: Annotated[Literal["vi", "en"], _o(
        N_("Message language [default: vi]."), "choice", cli="--lang",
        toml="lang", http=_ALL, api=True, choices=("vi", "en"))] = "vi"
    pre_issuance: Annotated[bool, _o(
        N_("The plan is about to be signed: QCDC204/QCDC205 become errors."), "flag", cli="--pre-issuance",
        toml="pre-issuance", http=_ALL, api=True)] = False
    strict: Annotated[bool, _o(
        N_("Also report local instruments (UBND, HĐND, Tỉnh ủy …) missing from the registry."), "flag",
        cli="--strict", toml="strict", http=_ALL, api=True)] = False
    preview: Annotated[bool, _o(
        N_("Also run the rules in preview (by default only the stable rules run)."), "flag", cli="--preview",
        toml="preview", http=_ALL, api=True)] = False
    registry: Annotated[list[str], _o(
        N_("Extra registry file (Turtle) with an office's own instruments."), "files", cli="--registry", metavar=_FILE,
        toml="registry", api=True, merge="union")] = []
    word_lists: Annotated[list[str], _o(
        N_("An office's own word list: a TOML file of terms to replace (QCDC401); repeat for several."), "files",
        cli="--word-list", metavar=_FILE, toml="word-lists", api=True, merge="extend")] = []
    per_file_ignores: Annotated[dict[str, list[str]], _o(
        N_("table: glob = [codes]"), "per-file", toml="per-file-ignores")] = {}
    config: Annotated[Optional[Path], _o(
        N_("Use this config file for every input."), "file", cli="--config",
        metavar=_FILE)] = None
    isolated: Annotated[bool, _o(
        N_("Ignore all configuration files."), "flag", cli="--isolated")] = False
    exclude: Annotated[list[str], _o(
        N_("Glob of files/folders to skip when checking a "
        "folder."), "globs", cli="--exclude", metavar=N_("GLOB"), toml="exclude", merge="extend")] = []
    diff: Annotated[bool, _o(
        N_("Print the fixes as a unified diff; change nothing."),
        "flag", cli="--diff")] = False
    fix: Annotated[bool, _o(
        N_("Apply safe fixes to text files (a backup FILE.bak is kept)."), "flag", cli="--fix")] = False
    add_noqa: Annotated[bool, _o(
        N_("Write a “qcdc: bỏ qua” directive for every current finding into the files (a FILE.bak backup is kept); "
        "no report."), "flag", cli="--add-noqa")] = False
    unsafe_fixes: Annotated[bool, _o(
        N_("Also apply or show fixes that need a human check (e.g. replacing a repealed instrument)."), "flag",
        cli="--unsafe-fixes", http=("fix",), http_name="unsafe")] = False
    output: Annotated[Optional[Path], _o(
        N_("Write the report to this file instead of stdout."), "output",
        cli="--output", short="-o", metavar=_FILE)] = None
    no_progress: Annotated[bool, _o(
        N_("No progress bar on stderr."), "flag", cli="--no-progress")] = False
    executor: Annotated[Optional[Literal[EXECUTORS]], _o(  # type: ignore[valid-type]
        N_("Rule executor: oxigraph (fast, default) or pyshacl (the reference)."), "choice", cli="--engine",
        api=True, choices=EXECUTORS)] = None
    jobs: Annotated[Optional[int], _o(
        N_("Processes for many files, or pages of a scan read by OCR at once [default: all cores]."), "int",
        cli="--jobs", short="-j", metavar=N_("N"))] = None
    progress: Annotated[bool, _o(
        N_("Show the OCR progress of a scan page by page on stderr even when it is not a terminal."), "flag",
        cli="--progress")] = False
    annotate: Annotated[Optional[Path], _o(
        N_("Write a copy of the (single) .docx "
        "with a Word comment on each finding; of a scan (.pdf, image): a PDF with a searchable text layer and each "
        "finding marked on the page."), "file", cli="--annotate", metavar=_FILE)] = None
    baseline: Annotated[Optional[Path], _o(
        N_("Findings listed in this baseline file (--write-baseline) are not reported again."), "file",
        cli="--baseline", metavar=_FILE, toml="baseline")] = None
    write_baseline: Annotated[Optional[Path], _o(
        N_("Write the findings of this run to a baseline file, to set them aside in later runs."), "file",
        cli="--write-baseline", metavar=_FILE)] = None
    stdin_filename: Annotated[Optional[str], _o(
        N_("With FILE '-': the name the document read from standard input goes by (its "
        "suffix says how to read it, e.g. plan.docx) [default: stdin.txt]."), "text", cli="--stdin-filename",
        metavar=N_("NAME"))] = None
    view: Annotated[bool, _o(
        N_("true: add the text and finding places "
        "(the page)"), "flag", http=_ALL)] = False
    codes: Annotated[list[str], _o(
        N_("Only the fixes of these rules "
        "(exact codes, comma-separated)"), "codes", http=("fix",))] = []
    finding: Annotated[list[str], _o(
        N_("Only the fixes of these findings: their `id` in /api/v1/check's report (repeat the field for several)"),
        "ids", http=("fix",))] = []


def opt(name: str) -> Opt:
    return next(m for m in RunOptions.model_fields[name].metadata if isinstance(m, Opt))


def fields(surface: str, operation: Optional[str] = None) -> list[tuple[str, Opt]]:
    """(field name, Opt) of every option `surface` takes, in the model's order (the service: of `operation`)."""
    out = []
    for name in RunOptions.model_fields:
        o = opt(name)
        if o.name_on(surface, name) and (operation is None or operation in o.http):
            out.append((name, o))
    return out


def default(name: str) -> Any:
    return RunOptions.model_fields[name].get_default(call_default_factory=True)


class BadOption(ValueError):
    """A value an option cannot take; each surface says it its own way (`expected` is what it must be)."""

    def __init__(self, name: str, value: Any, expected: str, unknown_code: Optional[str] = None):
        super().__init__(f"{name}: {value!r}: {expected}")
        self.name, self.value, self.expected, self.unknown_code = name, value, expected, unknown_code


def known_codes() -> set[str]:
    from ..rules import rules_by_code
    from .compiled import load_compiled

    return set(rules_by_code(load_compiled().rules))


def codes_of(name: str, value: Any, known: Optional[set[str]] = None) -> list[str]:
    """Rule codes or prefixes from a list and/or comma-separated strings, upper-cased; an unknown one refused."""
    items = value if isinstance(value, (list, tuple)) else [value]
    if not all(isinstance(i, str) for i in items):
        raise BadOption(name, value, "codes: 'QCDC101,QCDC2'")
    out = [c.strip().upper() for item in items for c in item.split(",") if c.strip()]
    known = known_codes() if known is None else known
    for c in out:
        if not any(k.startswith(c) for k in known):
            raise BadOption(name, value, "a rule code", unknown_code=c)
    return out


def convert(name: str, value: Any, text: bool = False) -> Any:
    """A value of option `name` as the model holds it; `text`: the value may be a string standing for a flag, a
    number or a list (a query parameter, a form field). BadOption when it cannot be."""
    o = opt(name)
    if o.kind == "flag":
        if isinstance(value, bool):
            return value
        if text and isinstance(value, str) and value.strip().lower() in TRUE | FALSE:
            return value.strip().lower() in TRUE
        raise BadOption(name, value, "true/false")
    if o.kind == "choice":
        if value not in o.choices:
            raise BadOption(name, value, " | ".join(o.choices))
        return value
    if o.kind == "codes":
        return codes_of(name, value)
    if o.kind == "ids":
        items = value if isinstance(value, list) else [value]
        return [i.strip() for item in items for i in str(item).split(",") if i.strip()]
    if o.kind == "date":
        from ..core.dates import parse_user_date

        if isinstance(value, dt.date):
            return value
        try:
            return parse_user_date(value)
        except (ValueError, TypeError, AttributeError):
            raise BadOption(name, value, "YYYY-MM-DD") from None
    if o.kind in ("files", "globs"):
        items = [value] if isinstance(value, (str, Path)) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(i, (str, Path)) for i in items):
            raise BadOption(name, value, "a list of files" if o.kind == "files" else "a list of globs")
        return [str(i) for i in items]
    from pydantic import TypeAdapter, ValidationError

    try:  # int, text, file, tables: as the model's type takes them
        return TypeAdapter(RunOptions.model_fields[name].annotation or Any).validate_python(value)
    except ValidationError:
        raise BadOption(name, value, o.kind) from None


class Task(NamedTuple):
    """One input of a run with everything its check needs: the runner groups tasks of equal options."""

    path: str
    options: Options
    registries: tuple[str, ...] = ()
    executor: Optional[str] = None


@dataclass
class Planned:
    """A task and what the run does with its result: the --fail-on level that sets its exit code."""

    task: Task
    fail_on: str = "error"
    extra: dict = field(default_factory=dict)


def merged(run: RunOptions, given: set[str], settings: RunOptions) -> dict[str, Any]:
    """The value of each configuration option for one input: the configuration's, and the flag's by the option's
    merge rule (override: the flag when given; extend: the configuration's then the flag's; union: sorted set)."""
    out = {}
    for name, o in fields(TOML):
        mine, theirs = getattr(run, name), getattr(settings, name)
        if o.merge == "extend":
            out[name] = list(theirs) + list(mine)
        elif o.merge == "union":
            out[name] = sorted(set(theirs) | set(mine))
        else:
            out[name] = mine if name in given and mine not in (None, [], ()) else theirs
    return out


def plan_task(path: str, run: RunOptions, given: set[str], settings: RunOptions, ignores_for=()) -> Planned:
    """The check of one input: the flags of this run over the settings of its configuration file."""
    m = merged(run, given, settings)
    options = Options(as_of=run.as_of, lang=m["lang"], select=list(m["select"] or []),
                      extend_select=m["extend_select"], ignore=m["ignore"] + list(ignores_for),
                      severity=dict(m["severity"]), pre_issuance=m["pre_issuance"], strict=m["strict"],
                      preview=m["preview"], word_lists=_word_lists(m["word_lists"], m["lang"]))
    return Planned(Task(path, options, tuple(m["registry"]), run.executor), fail_on=m["fail_on"])


def _word_lists(paths: list[str], lang: str) -> tuple[str, ...]:
    """The word lists of a check (QCDC401), each read and checked once: WordListError (pipeline/wordlists.py)
    names every problem of a list that cannot be used."""
    from .wordlists import checked_word_lists

    return checked_word_lists(dict.fromkeys(paths), lang)
