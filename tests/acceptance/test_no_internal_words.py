"""Users never see words of this project's making: no working-file names, no "design brief", no IRIs of
the registry or the ontology, in any output format, on any fixture, in either language — nor in the rule
documentation or the registry look-ups."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLANS = sorted((ROOT / "fixtures" / "plans").glob("*.txt"))
FORBIDDEN = re.compile(
    r"design brief|đề bài|\bmission\b|instruments\.md|\.ttl\b|ontology/|shapes/|README|"
    r"w3id\.org/qcdc-rules/(?:registry|ns)|urn:qcdc|qcdc:[A-Za-z]|eli:[a-z]|skos:|\bSKOS\b|"
    r"sample plans",
    re.IGNORECASE,
)
FORMATS = ["full", "concise", "json", "json-lines", "sarif", "github"]


def run(*args) -> str:
    r = CliRunner().invoke(main, [str(a) for a in args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.stdout + r.stderr


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_internal_words_in_any_output(fmt, lang):
    out = run("--format", fmt, "--lang", lang, "--exit-zero", "--pre-issuance", "--strict", *PLANS)
    leaks = sorted({m.group(0) for m in FORBIDDEN.finditer(out)})
    assert leaks == [], leaks


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_internal_words_in_rule_docs(lang):
    from qcdc_rules.pipeline import rule_catalog

    texts = [run("rules", "--lang", lang)] + [run("rule", code, "--lang", lang) for code in rule_catalog()]
    leaks = sorted({m.group(0) for t in texts for m in FORBIDDEN.finditer(t)})
    assert leaks == [], leaks


@pytest.mark.slow  # over 10 s on 2 shared cores (--durations)
def test_no_internal_words_in_registry_show():
    from qcdc_rules.pipeline import load_registry

    out = "".join(run("registry", "show", i.symbol) for i in load_registry().instruments if "124-" not in i.symbol)
    shown = [line for line in out.splitlines() if "[" in line]  # the facts with their sources
    leaks = sorted({m.group(0) for line in shown for m in FORBIDDEN.finditer(line.split("[", 1)[1])})
    assert leaks == [], leaks
