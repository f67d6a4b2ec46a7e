"""The check command's click options, made from the options model (pipeline/optionmodel.py): one option per
field the model marks for the command line, with its flag, type, help and metavar (in English;
cli/language.py puts them in the chosen language)."""
from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from ..pipeline.optionmodel import CLI, Opt, RunOptions, fields
from .common import DateType, validate_codes



def _kw(o: Opt) -> dict:
    """click's keyword arguments for an option of this kind."""
    kw: dict = {"help": o.en}  # translated by cli/language.localize
    if o.metavar:
        kw["metavar"] = o.metavar
    if o.kind == "flag":  # None when not given: a configuration file may set it (config-backed flags)
        return {**kw, "is_flag": True, "default": None if o.toml else False}
    if o.kind == "choice":
        return {**kw, "type": click.Choice(list(o.choices)), "default": o.cli_default,
                "show_default": o.cli_default is not None}
    if o.kind == "codes":
        return {**kw, "multiple": True, "callback": validate_codes}
    if o.kind == "date":
        return {**kw, "type": DateType()}
    if o.kind == "files":
        return {**kw, "multiple": True, "type": click.Path(exists=True, dir_okay=False)}
    if o.kind == "file":
        return {**kw, "type": click.Path(dir_okay=False, path_type=Path)}
    if o.kind == "output":  # a folder is refused by the writer, in the user's language
        return {**kw, "type": click.Path()}
    if o.kind == "globs":
        return {**kw, "multiple": True}
    if o.kind == "int":
        return {**kw, "type": click.IntRange(min=1)}
    return kw


def check_options(f):
    """The decorators of every command-line option of the model, in the model's order."""
    for name, o in reversed(fields(CLI)):
        f = click.option(o.cli, *([o.short] if o.short else []), name, **_kw(o))(f)
    return f


def run_options(ctx: click.Context, values: dict) -> tuple[RunOptions, set[str]]:
    """The model of this run from the parsed options, and the names of those given on the command line (they
    override the configuration files)."""
    given = {k for k in values if ctx.get_parameter_source(k) not in (None, ParameterSource.DEFAULT)}
    return RunOptions.model_validate({k: v for k, v in values.items() if v is not None}), given
