"""`qcdc-check rules`, `rule CODE`, `config [PATH]`: the rule catalog and the effective settings."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from ..core.i18n import NC_, N_, ByLang, tr, tr_all
from ..reporters.words import WORDS
from .common import CONFIG_ERROR, LANG_OPTION
from .language import FILE


@click.command("rules", help=N_("List every rule: code, name, default severity, state, measured precision, summary."))
@LANG_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("Output: a table (text) or JSON for programs."))
def rules_cmd(lang: str, fmt: str) -> None:
    from ..pipeline import rule_catalog

    catalog = rule_catalog()
    if fmt == "json":
        import json

        click.echo(json.dumps([rule_record(r, lang) for r in catalog.values()], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True, header_style="bold")
    for col in HEAD:
        table.add_column(tr(lang, col))
    for code, r in catalog.items():
        table.add_row(code, r.name, tr(lang, WORDS[r.default_severity]), tr(lang, STATE.messages[r.state]),
                      precision_cell(r, lang),
                      r.label_vi if lang == "vi" else r.label_en)
    Console(soft_wrap=False, emoji=False, width=None if sys.stdout.isatty() else 160).print(table)


# the rule table's columns
HEAD = (NC_("rule table", "code"), NC_("rule table", "name"), NC_("rule table", "severity"),
        NC_("rule table", "state"), NC_("rule table", "precision"), NC_("rule table", "summary"))
STATE = ByLang({"stable": NC_("rule state", "stable"), "preview": NC_("rule state", "preview")})
STATE_NOTE = {"stable": N_("on by default"),
              "preview": N_("runs only with --preview, or when this rule is selected by its code")}
FIX_SAFETY = {"safe": N_("safe, applied automatically"), "unsafe": N_("needs a human to re-read before applying")}
# the headings of `qcdc-check rule CODE`
RULE_HEAD = {"severity": N_("Default severity"), "why": N_("Why"), "basis": N_("Legal basis"),
             "fires": N_("Fires on"), "passes": N_("Does not fire on"), "how": N_("How to fix"),
             "fix": N_("Suggested fix"), "state": N_("State"), "precision": N_("Precision")}


def rule_record(r, lang: str) -> dict:
    """One rule as `rules --format json` gives it (the same fields as the service's /api/v1/rules)."""
    return {"code": r.code, "name": r.name, "default_severity": r.default_severity,
            "pre_issuance_severity": r.pre_issuance_severity, "fix_safety": r.fix_safety,
            "summary": r.label_vi if lang == "vi" else r.label_en,
            "description": r.doc_vi if lang == "vi" else r.doc_en, "help_uri": r.help_uri, **r.measurement()}


def precision_cell(r, lang: str) -> str:
    """The rule table's precision column: "42% (59)", or "chưa đo (6)" / "not yet (6)" under MIN_JUDGED."""
    if r.measured_precision is None:
        return tr(lang, "not yet") + f" ({r.judged})"
    return f"{r.measured_precision:.0%} ({r.judged})"


def precision_text(r, lang: str) -> str:
    """The measured precision in words, with the number of judged findings and the day it was measured."""
    from ..rules.catalog import MIN_JUDGED

    day = r.measured_on or "?"
    if lang == "vi" and r.measured_on:
        day = "/".join(reversed(r.measured_on.split("-")))
    if r.measured_precision is None:
        return tr(lang, "not yet measured ({judged} judged findings on real documents, {needed} needed; {day})",
                  judged=r.judged, needed=MIN_JUDGED, day=day)
    return tr(lang, "{precision:.0%}, measured on {judged} judged findings on real documents on {day}",
              precision=r.measured_precision, judged=r.judged, day=day)


@click.command("rule", help=N_("Explain one rule: what, why, legal basis, examples, how to fix."))
@click.argument("code", metavar=N_("CODE"))
@LANG_OPTION
def rule_cmd(code: str, lang: str) -> None:
    from ..pipeline import rule_catalog

    rules = rule_catalog()
    r = rules.get(code.strip().upper())
    if r is None:
        click.echo(tr(lang, "qcdc-check: error: unknown rule '{code}' (see: qcdc-check rules)", code=code), err=True)
        sys.exit(2)
    click.echo(rule_text(r, lang))


def rule_text(r, lang: str) -> str:
    vi = lang == "vi"
    d = r.docs
    words = tr_all(lang, WORDS)
    head = tr_all(lang, RULE_HEAD)
    severity = words[r.default_severity]
    if r.pre_issuance_severity:
        severity += tr(lang, " ({severity} with --pre-issuance)", severity=words[r.pre_issuance_severity])
    lines = [f"{r.code} {r.name}: {r.label_vi if vi else r.label_en}", "",
             (r.doc_vi if vi else r.doc_en), "",
             f"{head['severity']}: {severity}",
             f"{head['state']}: {tr(lang, STATE.messages[r.state])} ({tr(lang, STATE_NOTE[r.state])})",
             f"{head['precision']}: {precision_text(r, lang)}",
             f"{head['why']}: {d.get('why', {}).get(lang, '')}",
             f"{head['basis']}: {d.get('legalBasis', {}).get(lang, '')}",
             f"{head['fires']}: {d.get('exampleFires', {}).get('', '')}",
             f"{head['passes']}: {d.get('examplePasses', {}).get('', '')}",
             f"{head['how']}: {d.get('howToFix', {}).get(lang, '')}"]
    if r.fix_safety:
        lines.append(f"{head['fix']}: {tr(lang, FIX_SAFETY[r.fix_safety])}")
    lines.append(r.help_uri)
    return "\n".join(lines)


@click.command("config", help=N_("Print the effective settings for PATH as TOML one can paste back into a config file, "
                                 "with where each comes from."))
@click.argument("path", required=False, type=click.Path(path_type=Path), default=Path("."),
                metavar=N_("[PATH]"))
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), metavar=FILE,
              help=N_("Use this config file."))
@click.option("--isolated", is_flag=True, help=N_("Ignore all configuration files."))
@LANG_OPTION
def config_cmd(path: Path, config_file: Optional[Path], isolated: bool, lang: str) -> None:
    from ..pipeline.config import ConfigError, ConfigResolver

    try:
        s = ConfigResolver(config_file, isolated).for_path(path)
    except ConfigError as e:
        click.echo(f"qcdc-check: {tr(lang, CONFIG_ERROR)}: {e.message}", err=True)
        sys.exit(2)
    click.echo(settings_toml(s, lang))


def settings_toml(s, lang: str) -> str:
    """The settings as a TOML table one can paste into qcdc.toml; each value's source in a comment."""
    from ..pipeline.config import KEYS
    from ..pipeline.optionmodel import TOML, fields

    where = str(s.path) if s.path else tr(lang, "(none)")
    lines = ["# " + tr(lang, "config file") + f": {where}",
             "# " + tr(lang, "paste into qcdc.toml (or [tool.qcdc-check] in pyproject.toml)")]
    values = {o.toml: getattr(s, name) for name, o in fields(TOML)}
    tables = []
    for key in KEYS:
        value = values[key]
        source = s.sources.get(key, "default")
        note = tr(lang, NC_("setting source", "default")) if source == "default" else source
        if value is None:  # select: all rules; baseline: none
            lines.append(f"# {key} = …  (" + tr(lang, "not set") + f"; {note})")
        elif isinstance(value, dict):
            tables.append((key, value, note))
        else:
            lines.append(f"{key} = {_toml(value)}  # {note}")
    for key, value, note in tables:
        lines += ["", f"[{key}]  # {note}"] + [f"{_toml(k)} = {_toml(v)}" for k, v in value.items()]
    return "\n".join(lines)


def _toml(value) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, Path)):
        return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string is a JSON string
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)
