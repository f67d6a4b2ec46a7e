"""Configuration: each key, precedence (CLI > nearest config > defaults), and errors."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcdc_rules.cli import main
from qcdc_rules.pipeline.config import ConfigError, ConfigResolver, find_config, load_settings

PLANS = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file()) / "fixtures" / "plans"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def findings(result, index=0):
    return json.loads(result.stdout)["files"][index]["findings"]


@pytest.fixture
def tree(tmp_path):
    """tmp/qcdc.toml, tmp/sub/.qcdc.toml, and copies of two fixture plans."""
    (tmp_path / "sub").mkdir()
    shutil.copy(PLANS / "mau-2026.txt", tmp_path / "a.txt")
    shutil.copy(PLANS / "mau-2026.txt", tmp_path / "sub" / "b.txt")
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def test_nearest_config_wins_and_walks_up(tree):
    write(tree / "qcdc.toml", 'ignore = ["QCDC106"]\n')
    write(tree / "sub" / ".qcdc.toml", 'select = ["QCDC106"]\n')
    assert find_config(tree / "a.txt") == (tree / "qcdc.toml").resolve()
    assert find_config(tree / "sub" / "b.txt") == (tree / "sub" / ".qcdc.toml").resolve()
    r = run("--format", "json", tree / "a.txt", tree / "sub" / "b.txt")
    assert {f["rule"] for f in findings(r, 0)} == {"QCDC101"}
    assert {f["rule"] for f in findings(r, 1)} == {"QCDC106"}


def test_pyproject_table_and_precedence_in_one_folder(tree):
    write(tree / "pyproject.toml", '[project]\nname = "x"\n[tool.qcdc-check]\nlang = "en"\n')
    assert load_settings(find_config(tree / "a.txt")).lang == "en"
    write(tree / "qcdc.toml", 'lang = "vi"\n')
    assert find_config(tree / "a.txt").name == "qcdc.toml"
    write(tree / ".qcdc.toml", 'lang = "en"\n')
    assert find_config(tree / "a.txt").name == ".qcdc.toml"


def test_pyproject_without_our_table_is_skipped(tree):
    write(tree / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    write(tree / "qcdc.toml", 'lang = "en"\n')
    assert find_config(tree / "sub" / "b.txt") == (tree / "qcdc.toml").resolve()


def test_cli_overrides_config(tree):
    write(tree / "qcdc.toml", 'lang = "en"\nfail-on = "warning"\nselect = ["QCDC106"]\n')
    r = run("--format", "json", tree / "a.txt")
    assert r.exit_code == 1 and findings(r)[0]["message"].startswith("The plan cites none")
    r = run("--format", "json", "--lang", "vi", "--select", "QCDC101", "--fail-on", "error", tree / "a.txt")
    assert {f["rule"] for f in findings(r)} == {"QCDC101"} and "hết hiệu lực" in findings(r)[0]["message"]


def test_severity_override_and_fail_on(tree):
    write(tree / "qcdc.toml", '[severity]\nQCDC101 = "info"\n')
    r = run("--format", "json", tree / "a.txt")
    assert {f["severity"] for f in findings(r) if f["rule"] == "QCDC101"} == {"info"}
    assert r.exit_code == 0


def test_extend_select(tree):
    write(tree / "qcdc.toml", 'select = ["QCDC106"]\nextend-select = ["QCDC101"]\n')
    assert {f["rule"] for f in findings(run("--format", "json", tree / "a.txt"))} == {"QCDC101", "QCDC106"}


def test_pre_issuance_strict_and_preview_keys(tmp_path):
    shutil.copy(PLANS / "de-trong-2024.txt", tmp_path / "d.txt")
    shutil.copy(PLANS / "ngay-va-ky-hieu-sai.txt", tmp_path / "n.txt")
    write(tmp_path / "qcdc.toml", "pre-issuance = true\nstrict = true\npreview = true\n")
    r = run("--format", "json", tmp_path / "d.txt", tmp_path / "n.txt")
    assert {f["severity"] for f in findings(r, 0) if f["rule"] == "QCDC205"} == {"error"}
    assert any("12/KH-UBND" in f["text"] for f in findings(r, 1) if f["rule"] == "QCDC105")


def test_per_file_ignores(tree):
    write(tree / "qcdc.toml", '[per-file-ignores]\n"sub/*.txt" = ["QCDC1"]\n')
    r = run("--format", "json", "--config", tree / "qcdc.toml", tree / "a.txt", tree / "sub" / "b.txt")
    assert {f["rule"] for f in findings(r, 0)} == {"QCDC101", "QCDC106"}
    assert findings(r, 1) == []


@pytest.mark.slow  # over 10 s on 2 shared cores (--durations)
def test_extra_registry_from_config(tree):
    write(tree / "local.ttl", """@prefix qcdc: <https://w3id.org/qcdc-rules/ns#> .
@prefix reg: <https://w3id.org/qcdc-rules/registry/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dct: <http://purl.org/dc/terms/> .
reg:UBND-AN-PHU a qcdc:Issuer ; qcdc:level qcdc:LocalLevel .
reg:KH-15-ANPHU a qcdc:KeHoach, owl:NamedIndividual ; qcdc:symbol "99/KH-UBND" ; qcdc:number 99 ;
    qcdc:issuer reg:UBND-AN-PHU ; qcdc:dateIssued "2020-01-02"^^xsd:date ; qcdc:ceased "2021-01-01"^^xsd:date ;
    qcdc:citationLabel "Kế hoạch số 99/KH-UBND" ;
    qcdc:provenance [ qcdc:covers qcdc:dateIssued, qcdc:ceased ; dct:source "công văn 12/UBND" ; \
qcdc:confidence qcdc:verified ] .
""")
    write(tree / "p.txt", (PLANS / "sach-2026.txt").read_text("utf-8").replace(
        "Căn cứ Luật", "Căn cứ Kế hoạch số 99/KH-UBND ngày 02/01/2020; Luật"))
    assert findings(run("--format", "json", "--isolated", tree / "p.txt")) == []
    write(tree / "qcdc.toml", 'registry = ["local.ttl"]\n')
    got = findings(run("--format", "json", tree / "p.txt"))
    assert [(f["rule"], f["instrument"]) for f in got] == [("QCDC101", "99/KH-UBND")]


def test_exclude_when_walking_a_folder(tree):
    write(tree / "qcdc.toml", 'exclude = ["sub"]\n')
    r = run("--format", "json", tree)
    assert [Path(f["path"]).name for f in json.loads(r.stdout)["files"]] == ["a.txt"]


@pytest.mark.parametrize("content,needle", [
    ('selct = ["QCDC101"]\n', "unknown key 'selct'"),
    ('select = ["QCDC999"]\n', "'select': unknown rule code 'QCDC999'"),
    ('ignore = ["X1"]\n', "'ignore': unknown rule code 'X1'"),
    ('[severity]\nQCDC101 = "fatal"\n', "'severity.QCDC101' must be one of"),
    ('[severity]\nQCDC998 = "info"\n', "unknown rule code 'QCDC998'"),
    ('fail-on = "never"\n', "'fail-on' must be one of"),
    ('lang = "fr"\n', "'lang' must be"),
    ('strict = "yes"\n', "'strict' must be true or false"),
    ('registry = ["missing.ttl"]\n', "'registry': no such file"),
    ('[per-file-ignores]\n"*.txt" = ["QCDC777"]\n', "unknown rule code 'QCDC777'"),
    ("select = [\n", "invalid TOML"),
])
def test_config_errors_name_the_key_and_file(tree, content, needle):
    cfg = write(tree / "qcdc.toml", content)
    with pytest.raises(ConfigError) as e:
        load_settings(cfg)
    assert needle in e.value.message and str(cfg) in e.value.message
    r = run(tree / "a.txt")
    assert r.exit_code == 2 and needle in r.stderr and "Traceback" not in r.output


def test_pyproject_errors_name_the_table(tree):
    write(tree / "pyproject.toml", "[tool.qcdc-check]\nbogus = 1\n")
    r = run(tree / "a.txt")
    assert r.exit_code == 2 and "pyproject.toml [tool.qcdc-check]: unknown key 'bogus'" in r.stderr


def test_unknown_code_on_the_command_line():
    r = run("--select", "QCDC9", PLANS / "mau-2026.txt")
    assert r.exit_code == 2 and "không có mã quy tắc 'QCDC9'" in r.output


def test_isolated_ignores_config(tree):
    write(tree / "qcdc.toml", 'select = ["QCDC106"]\n')
    assert {f["rule"] for f in findings(run("--format", "json", "--isolated",
                                            tree / "a.txt"))} == {"QCDC101", "QCDC106"}


def test_config_command_prints_values_and_sources(tree):
    cfg = write(tree / "qcdc.toml", 'lang = "en"\nignore = ["QCDC2"]\n')
    r = run("config", tree / "a.txt", "--lang", "en")
    assert r.exit_code == 0
    assert f"# config file: {cfg.resolve()}" in r.output
    lines = {l.split("=")[0].strip(): l for l in r.output.splitlines() if "=" in l}
    assert '"QCDC2"' in lines["ignore"] and str(cfg.resolve()) in lines["ignore"]
    assert lines["fail-on"].endswith("# default") and '"error"' in lines["fail-on"]
    # what it prints is TOML that reads back as the same settings
    pasted = write(tree / "sub" / "qcdc.toml", r.output)
    again = ConfigResolver().for_path(tree / "sub" / "b.txt")
    assert again.path == pasted and again.ignore == ["QCDC2"] and again.lang == "en" and again.fail_on == "error"
    vi = run("config", tree / "a.txt")
    assert f"# tệp cấu hình: {cfg.resolve()}" in vi.output and "# mặc định" in vi.output
    assert ConfigResolver(isolated=True).for_path(tree / "a.txt").path is None
