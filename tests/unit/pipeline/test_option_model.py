"""One definition of each option (pipeline/optionmodel.py): every surface takes exactly the fields the model marks
for it, and refuses any other."""
from __future__ import annotations

import re

from click.testing import CliRunner

from qcdc_rules.cli import main
from qcdc_rules.core.i18n import tr
from qcdc_rules.pipeline import ENGINES
from qcdc_rules.pipeline.optionmodel import API, CLI, EXECUTORS, FORMATS, HTTP, TOML, RunOptions, fields, opt
from qcdc_rules.reporters import REPORTERS


def test_every_field_says_what_it_is_in_both_languages_and_is_on_some_surface():
    for name in RunOptions.model_fields:
        o = opt(name)
        assert o.en.strip() and tr("vi", o.en) != o.en, name  # its Vietnamese from the catalog
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


def _sample(o, tmp_path):
    """A valid value of an option of this kind, as a configuration file or a request would give it."""
    (tmp_path / "extra.ttl").write_text("", "utf-8")
    return {"codes": ["QCDC1"], "choice": o.choices[-1] if o.choices else None, "flag": True,
            "severity": {"QCDC101": "warning"}, "per-file": {"*.txt": ["QCDC2"]}, "files": ["extra.ttl"],
            "file": "baseline.json", "globs": ["luu-tru/*"], "date": "2026-03-01"}[o.kind]


def test_the_configuration_file_takes_exactly_the_toml_keys_of_the_model(tmp_path):
    import json

    import pytest

    from qcdc_rules.pipeline.config import ConfigError, load_settings

    lines = []
    for _, o in fields(TOML):
        value = _sample(o, tmp_path)
        if isinstance(value, dict):
            lines.append(f"{o.toml} = {{ " + ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in value.items())
                         + " }")
        else:
            lines.append(f"{o.toml} = {json.dumps(value)}")
    cfg = tmp_path / "qcdc.toml"
    cfg.write_text("\n".join(lines) + "\n", "utf-8")
    s = load_settings(cfg)
    for name, o in fields(TOML):
        assert s.sources[o.toml] == str(cfg), o.toml
        assert getattr(s, name) != RunOptions.model_fields[name].get_default(call_default_factory=True), o.toml
    for _, o in fields(CLI):  # a command-line option that is no key of the file is refused there
        if not o.toml:
            cfg.write_text(f"{o.cli.lstrip('-')} = true\n", "utf-8")
            with pytest.raises(ConfigError, match="unknown key"):
                load_settings(cfg)
