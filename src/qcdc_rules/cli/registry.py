"""`qcdc-check registry list|show|find|validate` and `impact`: the maintainer's commands."""
from __future__ import annotations

import datetime as dt
import sys

import click

from .common import DateType, expand


@click.group("registry")
def registry_group() -> None:
    """Look up and validate the registry of instruments."""


def _registry(extra):
    from ..core.errors import DataError
    from ..knowledge.checks import load_registry_checked
    from ..pipeline import load_registry

    try:
        return load_registry_checked(list(extra)) if extra else load_registry()
    except DataError as e:
        click.echo(f"qcdc-check: registry error: {e.message}", err=True)
        sys.exit(2)


@registry_group.command("list")
@click.option("--as-of", type=DateType(), help="Status on this date [default: today].")
@click.option("--status", type=click.Choice(["in-force", "ceased", "not-yet"]))
@click.option("--type", "type_", help="Instrument class or type word (e.g. NghiDinh, 'Nghị định').")
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False))
def registry_list(as_of, status, type_, extra) -> None:
    """A table of instruments with their dates and status."""
    from rich.console import Console
    from rich.table import Table

    from ..core.text import fold
    from ..tools.lookup import rows

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
@click.option("--as-of", type=DateType())
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False))
def registry_show(symbol, as_of, extra) -> None:
    """Every fact of one instrument with its source and confidence, its status and its chains."""
    from ..tools.lookup import chain, facts_of, find

    reg = _registry(extra)
    hits = find(reg, symbol, limit=1)
    if not hits:
        click.echo(f"qcdc-check: no instrument matches '{symbol}' (try: qcdc-check registry find)", err=True)
        sys.exit(2)
    row = hits[0][1]
    day = as_of or dt.date.today()
    click.echo(f"{row.symbol} ({row.type}) — {row.title}")
    click.echo(f"status on {day.strftime('%d/%m/%Y')}: {reg.status_on(row.iri, day)}")
    for f in facts_of(reg, row.iri):
        src = f"   [{f.confidence}: {f.source}]" if f.source else ""
        click.echo(f"  {f.prop:16} {f.value}{src}")
    for k, v in chain(reg, row.iri).items():
        if v:
            click.echo(f"  {k:16} {' -> '.join(v) if k == 'replaced_by' else ', '.join(v)}")


@registry_group.command("find")
@click.argument("query")
@click.option("--registry", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False))
def registry_find(query, extra) -> None:
    """Forgiving look-up: "nghị định 04/2015", "nd 145/nđ-cp", "luat thuc hien dan chu"."""
    from ..tools.lookup import find

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
    n = len(_registry(()).instruments) if not problems else None
    click.echo(f"{len(problems)} problem(s)" + (f"; {n} instruments valid" if n is not None else ""),
               err=bool(problems))
    sys.exit(1 if problems else 0)


@click.command("impact")
@click.option("--registry", "update", multiple=True, required=True, type=click.Path(exists=True, dir_okay=False),
              help="The registry update (Turtle) to assess; may add facts to core instruments, not change them.")
@click.option("--as-of", type=DateType())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=str))
def impact_cmd(update, as_of, fmt, plans) -> None:
    """Which findings appear and disappear on PLANS when the registry update is applied."""
    import json

    from ..core.errors import DataError
    from ..pipeline import Options
    from ..pipeline.config import ConfigResolver
    from ..tools.impact import impact

    targets = [p for p, _ in expand(plans, ConfigResolver(isolated=True), [])]
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
