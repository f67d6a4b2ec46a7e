"""`qcdc-check registry list|show|find|validate` and `impact`: the maintainer's commands."""
from __future__ import annotations

import datetime as dt
import sys

import click

from ..core.i18n import NC_, N_, tr, tr_all
from .language import FILE

from ..reporters.words import WORDS
from .common import LANG_OPTION, REGISTRY_ERROR, DateType, expand


@click.group("registry", help=N_('Look up and validate the registry of instruments.'))
def registry_group() -> None:
    """Look up and validate the registry of instruments."""


def _registry(extra, lang: str = "vi"):
    from ..core.errors import DataError
    from ..knowledge.checks import load_registry_checked
    from ..pipeline import load_registry

    try:
        return load_registry_checked(list(extra)) if extra else load_registry()
    except DataError as e:
        click.echo(f"qcdc-check: {tr(lang, REGISTRY_ERROR)}: {e.message}", err=True)
        sys.exit(2)


STATUS = {"in-force": NC_("instrument status", "in force"), "ceased": NC_("instrument status", "ceased"),
          "not-yet": NC_("instrument status", "not yet in force"), "unknown": NC_("instrument status", "unknown")}
COLUMNS = (NC_("registry column", "symbol"), NC_("registry column", "type"), NC_("registry column", "issuer"),
           NC_("registry column", "issued"), NC_("registry column", "in force"), NC_("registry column", "ceased"),
           NC_("registry column", "replaced by"), NC_("registry column", "status"),
           NC_("registry column", "confidence"))
# the registry's facts and relations, as `registry list/show` name them (never the ontology's raw names)
FACT_NAMES = {"type": NC_("registry fact", "type"), "title": NC_("registry fact", "title"),
              "symbol": NC_("registry fact", "symbol"), "number": NC_("registry fact", "number"),
              "issueYear": NC_("registry fact", "year"), "issuer": NC_("registry fact", "issuer"),
              "dateIssued": NC_("registry fact", "issued"), "entryIntoForce": NC_("registry fact", "in force from"),
              "ceased": NC_("registry fact", "ceased on"), "replaces": NC_("registry fact", "replaces"),
              "replacedBy": NC_("registry fact", "replaced by"), "amends": NC_("registry fact", "amends"),
              "amendedBy": NC_("registry fact", "amended by"), "citationLabel": NC_("registry fact", "citation"),
              "fullCitation": NC_("registry fact", "full citation"), "nameLabel": NC_("registry fact", "name"),
              "confidence": NC_("registry fact", "confidence"),
              "currentBasis": NC_("registry fact", "current basis instead"),
              "currentBasisNote": NC_("registry fact", "current basis note"),
              "currentBasisFor": NC_("registry fact", "current basis for"),
              "gapStatedBy": NC_("registry fact", "ceases before its replacement, as stated by"),
              "unknownFact": NC_("registry fact", "no source for"), "comment": NC_("registry fact", "note"),
              "mentionLabel": NC_("registry fact", "mentioned as"), "typeCode": NC_("registry fact", "type code"),
              "replaced_by": NC_("registry fact", "replacement chain"),
              "replaces_chain": NC_("registry fact", "replaces (whole chain)"),
              "amended_by": NC_("registry fact", "amended by (whole chain)"), "status": NC_("registry fact", "status"),
              "source": NC_("registry fact", "source")}


@registry_group.command("list", help=N_('A table of instruments with their dates and status.'))
@click.option("--as-of", type=DateType(), help=N_("Status on this date [default: today]."))
@click.option("--status", type=click.Choice(["in-force", "ceased", "not-yet", "unknown"]),
              help=N_("Only instruments with this status."))
@click.option("--type", "type_", help=N_("Instrument class or type word (e.g. NghiDinh, 'Nghị định')."))
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar=FILE)
@LANG_OPTION
def registry_list(as_of, status, type_, extra, lang) -> None:
    """A table of instruments with their dates and status; the confidence shown is that of the fact the status
    rests on (the cessation, the entry into force), not the instrument's overall one."""
    from rich.console import Console
    from rich.table import Table

    from ..core.text import fold
    from ..tools.lookup import confidence_words, rows, type_label

    reg = _registry(extra, lang)
    day = as_of or dt.date.today()
    table = Table(title=tr(lang, "status on {day}", day=day.strftime('%d/%m/%Y')))
    for col in COLUMNS:
        table.add_column(tr(lang, col))
    wanted = None
    if type_:
        wanted = next((c for w, c in reg.type_words if fold(w) == fold(type_)), type_)
    fmt = lambda d: d.strftime("%d/%m/%Y") if d else "—"  # noqa: E731
    for r in rows(reg, day):
        if status and r.status != status or wanted and not reg.is_a(r.type, wanted):
            continue
        table.add_row(r.symbol, type_label(reg, r.type, lang), r.issuer,
                      fmt(r.issued), fmt(r.in_force), fmt(r.ceased), r.replaced_by or "—",
                      tr(lang, STATUS[r.status]) if r.status in STATUS else r.status,
                      confidence_words(reg, r.confidence, lang) or "—")
    Console(emoji=False, width=None if sys.stdout.isatty() else 220).print(table)


@registry_group.command("show", help=N_('Every fact of one instrument with its source and confidence, its status and '
                                        'its chains.'))
@click.argument("symbol", metavar=N_("SYMBOL"))
@click.option("--as-of", type=DateType(), help=N_("Status on this date [default: today]."))
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar=FILE)
@LANG_OPTION
def registry_show(symbol, as_of, extra, lang) -> None:
    """Every fact of one instrument, once, with its own source and confidence; its status with the confidence
    of the fact it rests on ("chưa rõ" when none is sourced); its chains where they add to the facts."""
    from ..tools.lookup import chain, confidence_words, facts_of, find, prop_label, status_basis

    reg = _registry(extra, lang)
    hits = find(reg, symbol, limit=1)
    if not hits:
        click.echo("qcdc-check: " + tr(lang, "no instrument matches '{query}' (try: qcdc-check registry find)",
                                       query=symbol), err=True)
        sys.exit(2)
    row = hits[0][1]
    day = as_of or dt.date.today()
    names = tr_all(lang, FACT_NAMES)
    click.echo(f"{row.symbol} — {row.title}" if row.title else row.symbol)
    status = reg.status_on(row.iri, day)
    conf, src = status_basis(reg, row.iri, status)
    basis = f"   [{confidence_words(reg, conf, lang)}: {src}]" if src else ""
    said = tr(lang, STATUS[status]) if status in STATUS else status
    click.echo(tr(lang, "status on {day}", day=day.strftime('%d/%m/%Y')) + f": {said}{basis}")
    shown: dict[str, set] = {}
    for f in facts_of(reg, row.iri, lang, display=True):
        if f.lang and f.lang != lang:
            continue  # a fact written in both languages: the one asked for
        value = names.get(f.value, f.value) if f.prop == "unknownFact" else f.value
        src = f"   [{confidence_words(reg, f.confidence, lang)}: {f.source}]" if f.source else ""
        click.echo(f"  {names.get(f.prop) or prop_label(reg, f.prop, lang):26} {value}{src}")
        shown.setdefault(f.prop, set()).add(f.value)
    for k, v in chain(reg, row.iri).items():
        direct = shown.get({"replaced_by": "replacedBy", "replaces": "replaces", "amended_by": "amendedBy",
                            "amends": "amends"}[k], set())
        if not v or set(v) <= direct:
            continue  # nothing the facts above do not already say
        key = "replaces_chain" if k == "replaces" else k
        click.echo(f"  {names.get(key, key):26} {' -> '.join(v) if k == 'replaced_by' else ', '.join(v)}")


@registry_group.command("find", help=N_('Forgiving look-up: "nghị định 04/2015", "nd 145/nđ-cp", "luat thuc hien dan '
                                        'chu".'))
@click.argument("query", metavar=N_("QUERY"))
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar=FILE)
@LANG_OPTION
def registry_find(query, extra, lang) -> None:
    """Forgiving look-up: "nghị định 04/2015", "nd 145/nđ-cp", "luat thuc hien dan chu"."""
    from ..tools.lookup import find

    hits = find(_registry(extra, lang), query)
    if not hits:
        click.echo(tr(lang, "no instrument matches '{query}' (try: qcdc-check registry find)", query=query))
        sys.exit(1)
    for score, r in hits:
        click.echo(f"{score:.2f}  {r.symbol:22} {r.title}")


@registry_group.command("validate",
                        help=N_('Check the registry itself (and extra files): required facts, date order, '
                                'replacements, cycles, duplicates, symbol forms, conflicts with the core registry.'))
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False), metavar=FILE)
@LANG_OPTION
def registry_validate(extra, lang) -> None:
    """Check the registry itself (and extra files): required facts, date order, replacements, cycles,
    duplicates, symbol forms, conflicts with the core registry."""
    from pathlib import Path as _P

    from ..core.resources import turtle_files
    from ..knowledge.checks import check_conflicts, validate_registry
    from ..knowledge.rdf import load_graph

    problems = []
    core = load_graph(turtle_files("ontology"))
    for f in extra:
        problems += check_conflicts(core, load_graph([_P(f)]), str(f))
    problems += validate_registry([_P(f) for f in extra], lang)
    for p in problems:
        click.echo(str(p))
    n = len(_registry((), lang).instruments) if not problems else None
    click.echo(tr(lang, "{n} problem(s)", n=len(problems))
               + (tr(lang, "; {n} instruments valid", n=n) if n is not None else ""),
               err=bool(problems))
    sys.exit(1 if problems else 0)


@click.command("impact", help=N_('Which findings appear and disappear on PLANS when the registry update is applied.'))
@click.option("--registry", "update", multiple=True, required=True, type=click.Path(exists=True, dir_okay=False),
              metavar=FILE,
              help=N_("The registry update (Turtle) to assess; may add facts to core instruments, not change them."))
@click.option("--as-of", type=DateType(), help=N_("Check as of this date."))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("Output format."))
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=str), metavar=N_("PLANS..."))
@LANG_OPTION
def impact_cmd(update, as_of, fmt, plans, lang) -> None:
    """Which findings appear and disappear on PLANS when the registry update is applied."""
    import json

    from ..core.errors import DataError
    from ..pipeline import Options
    from ..pipeline.config import ConfigResolver
    from ..tools.impact import impact

    targets = [p for p, _ in expand(plans, ConfigResolver(isolated=True), [])]
    try:
        result = impact(targets, list(update), Options(as_of=as_of, lang=lang))
    except DataError as e:
        click.echo(f"qcdc-check: {tr(lang, REGISTRY_ERROR)}: {e.message}", err=True)
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
            click.echo(f"  + {f.line}:{f.column} {f.rule} [{tr(lang, WORDS[f.severity])}] {f.message}")
        for f in r.disappeared:
            click.echo(f"  - {f.line}:{f.column} {f.rule} [{tr(lang, WORDS[f.severity])}] {f.message}")
    gains = sum(len(r.appeared) for r in result)
    losses = sum(len(r.disappeared) for r in result)
    click.echo(tr(lang, "{n} plan(s) checked, {changed} affected: +{gains} finding(s), -{losses} finding(s); {same} "
                        "unaffected", n=len(result), changed=len(changed), gains=gains, losses=losses,
                   same=len(result) - len(changed)))


from .harvest import harvest_cmd  # noqa: E402  (registry harvest lives in its own module)
registry_group.add_command(harvest_cmd)
