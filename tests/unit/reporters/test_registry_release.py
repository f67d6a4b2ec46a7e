"""Every report names the registry release its findings rest on (issue 20, item 5): SARIF as the run's
property bag (valid against the official SARIF 2.1.0 schema, streamed or whole), the text formats at the end of
the summary line, in Vietnamese and English."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLAN = ROOT / "fixtures" / "plans" / "mau-2026.txt"
OFFICIAL_SARIF = ROOT.parent / "shared" / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def release():
    from qcdc_rules.pipeline import load_registry

    reg = load_registry()
    assert reg.version  # the shipped registry names its release
    return reg


def test_sarif_run_properties_name_the_registry_release(release):
    r = CliRunner().invoke(main, ["--format", "sarif", str(PLAN)])
    data = json.loads(r.stdout)
    bag = data["runs"][0]["properties"]["registry"]
    assert bag["version"] == release.version
    assert bag["released"] == release.released.isoformat()
    assert bag["instruments"] == len(release.instruments)
    assert data["runs"][0]["results"]  # the streamed results are still where they belong
    if OFFICIAL_SARIF.exists():
        jsonschema.validate(data, json.loads(OFFICIAL_SARIF.read_text("utf-8")))


def test_sarif_of_a_whole_report_names_it_too(release):
    from qcdc_rules.contract.models import RegistryInfo, Report, Summary, ToolInfo
    from qcdc_rules.reporters.sarif import sarif_dict

    report = Report(tool=ToolInfo(version="0"), registry=RegistryInfo(instruments=3, version="2099.01.02+office"),
                    files=[], summary=Summary(files=0, error=0, warning=0, info=0))
    assert sarif_dict(report, {})["runs"][0]["properties"] == {"registry": {"instruments": 3,
                                                                            "version": "2099.01.02+office"}}


@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_text_summary_line_names_the_release(release, fmt):
    vi = CliRunner().invoke(main, ["--format", fmt, str(PLAN)]).output.rstrip("\n").splitlines()[-1]
    assert vi.startswith("Tìm thấy ") and vi.endswith(f" tệp. Danh mục văn bản: {release.version}.")
    en = CliRunner().invoke(main, ["--format", fmt, "--lang", "en", str(PLAN)]).output.rstrip("\n").splitlines()[-1]
    assert en.startswith("Found ") and en.endswith(f" file(s). Registry: {release.version}.")
