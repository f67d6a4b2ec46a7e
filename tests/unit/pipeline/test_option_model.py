"""One definition of each option (pipeline/optionmodel.py): every surface takes exactly the fields the model marks
for it, and refuses any other."""
from __future__ import annotations

import re

from click.testing import CliRunner

from qcdc_rules.cli import main
from qcdc_rules.pipeline import ENGINES
from qcdc_rules.pipeline.optionmodel import API, CLI, EXECUTORS, FORMATS, HTTP, TOML, RunOptions, fields, opt
from qcdc_rules.reporters import REPORTERS


def test_every_field_says_what_it_is_in_both_languages_and_is_on_some_surface():
    for name in RunOptions.model_fields:
        o = opt(name)
        assert o.vi.strip() and o.en.strip(), name
        assert any(o.name_on(s, name) for s in (CLI, TOML, HTTP, API)), name


def test_the_model_s_formats_and_executors_are_the_reporters_and_the_engines():
    assert set(FORMATS) == set(REPORTERS)
    assert set(EXECUTORS) == set(ENGINES)


def test_check_help_lists_exactly_the_command_line_options_of_the_model():
    r = CliRunner().invoke(main, ["check", "--help", "--lang", "en"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    listed = set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", r.output, re.M)) - {"--help"}
    assert listed == {o.cli for _, o in fields(CLI)}
    for _, o in fields(CLI):  # each with its help in the language asked for
        assert " ".join(o.en.split()[:3]) in " ".join(r.output.split()), o.cli
