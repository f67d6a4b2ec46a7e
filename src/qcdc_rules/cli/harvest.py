"""`qcdc-check registry harvest FILE…`: propose registry entries (Turtle, for review) from instruments' own
texts, with identity facts from how other texts cite them."""
from __future__ import annotations

import sys

import click

from ..core.i18n import N_, tr, tr_all
from .common import LANG_OPTION
from .language import FILE

MSG = {"none": N_("no text could be read"), "wrote": N_("proposal written to {path} ({n} text(s))"),
       "disagree": N_("sources disagree"), "cannot-write": N_("cannot write {path}: {err}")}


@click.command("harvest", help=N_("Propose registry entries (Turtle, for a maintainer's review) from the instrument's "
                                  "own text: symbol, type, "
    "issuer, issue date, title, entry into force and the instruments it replaces, repeals, amends or ends, each "
    "fact with its article, clause and words. Never edits ontology/."))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str), metavar=N_("FILES..."))
@click.option("--cited-in", "cited", multiple=True, type=click.Path(path_type=str), metavar=FILE,
              help=N_("Other texts citing these instruments (an issue date two or more agree on: secondary)."))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), metavar=FILE,
              help=N_("Write to this file (atomically); default: standard output."))
@LANG_OPTION
def harvest_cmd(files, cited, output, lang) -> None:
    """Propose registry entries from instruments' own texts."""
    from ..pipeline import load_registry
    from ..tools.harvest import write_atomic
    from ..tools.harvest_turtle import HEAD, to_turtle

    registry = load_registry()
    harvests, bad = _harvest_all(files, registry, lang)
    texts = {**{p: doc for p, (_, doc) in harvests.items()}, **_read_cited(cited, lang)}
    agreed, disagreements = _secondary(harvests, texts, registry)
    words = tr_all("en" if lang == "en" else "vi", MSG)
    parts = [HEAD]
    for d in disagreements:
        parts.append(f"# DISAGREEMENT: {d}")
        click.echo(f"qcdc-check: {words['disagree']}: {d}", err=True)
    for path, (h, _) in harvests.items():
        parts.append(to_turtle(h, registry, agreed if path == next(iter(harvests)) else None))
    out = "\n".join(parts)
    if not harvests:
        click.echo(f"qcdc-check: {words['none']}", err=True)
        sys.exit(2)
    if output:
        try:
            write_atomic(output, out)
        except OSError as e:
            click.echo(f"qcdc-check: {words['cannot-write'].format(path=output, err=e.strerror or e)}", err=True)
            sys.exit(2)
        click.echo(words["wrote"].format(path=output, n=len(harvests)), err=True)
    else:
        click.echo(out)
    sys.exit(2 if bad else 0)


def _error(path: str, e: Exception, lang: str) -> None:
    from ..core.errors import QcdcError, localized

    if isinstance(e, QcdcError):
        msg = localized(getattr(e, "code", ""), e.message, path, lang)
    else:
        msg = f"{path}: " + tr(lang, "cannot read the file") + f" ({type(e).__name__})"
    click.echo(f"qcdc-check: {msg}", err=True)


def _harvest_all(files, registry, lang):
    from ..tools.harvest import harvest_file

    out, bad = {}, 0
    for path in files:
        try:
            out[path] = harvest_file(path, registry)
        except Exception as e:  # noqa: BLE001 — one bad file never stops the others
            _error(path, e, lang)
            bad += 1
    return out, bad


def _read_cited(cited, lang) -> dict:
    from ..readers import read_file

    out = {}
    for path in cited:
        try:
            out[path] = read_file(path)
        except Exception as e:  # noqa: BLE001
            _error(path, e, lang)
    return out


def _secondary(harvests, texts, registry):
    """Identity facts of the harvested instruments and their targets, as the other texts cite them."""
    from ..core.symbols import symbol_key
    from ..extract import Extractor
    from ..tools.harvest import secondary_facts

    wanted = {symbol_key(h.symbol) for h, _ in harvests.values() if h.symbol}
    wanted |= {symbol_key(r.target) for h, _ in harvests.values() for r in h.relations}
    extractor = Extractor(registry)
    cits = {}
    for path, doc in texts.items():
        try:
            facts = extractor.extract(doc)
        except Exception:  # noqa: BLE001 — a text the extractor cannot read gives no citations
            continue
        own = {symbol_key(h.symbol) for p, (h, _) in harvests.items() if p == path and h.symbol}
        label = (facts.header.symbol_line or path).strip()
        cits[label] = [c for c in facts.citations if symbol_key(c.symbol or "") not in own]
    return secondary_facts(cits, wanted)
