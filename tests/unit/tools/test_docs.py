"""The rule pages (docs/rules/QCDCnnn.md) and README's rule table are generated from the shapes
(`python -m qcdc_rules.tools.docs`): this fails when they are out of date, and the help links point at them."""
from __future__ import annotations

import shutil
from pathlib import Path

from qcdc_rules.tools import docs

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())


def test_readme_table_and_rule_pages_are_current(capsys):
    code = docs.main(["--check", "--root", str(ROOT)])
    assert code == 0, capsys.readouterr().err + "\nrun: python -m qcdc_rules.tools.docs"


def test_check_names_what_is_out_of_date_and_writing_mends_it(tmp_path, capsys):
    readme = (ROOT / "README.md").read_text("utf-8")
    edited = readme.replace("| superseded-instrument |", "| superseded |", 1)
    assert edited != readme
    (tmp_path / "README.md").write_text(edited, "utf-8")
    shutil.copytree(ROOT / "docs" / "rules", tmp_path / "docs" / "rules")
    (tmp_path / "docs" / "rules" / "QCDC101.md").write_text("# hand-edited\n", "utf-8")
    (tmp_path / "docs" / "rules" / "QCDC999.md").write_text("# a rule that is gone\n", "utf-8")
    assert docs.main(["--check", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "out of date: README.md" in err and "QCDC101.md" in err and "QCDC999.md" in err and "QCDC102.md" not in err
    assert docs.main(["--root", str(tmp_path)]) == 0
    assert (tmp_path / "README.md").read_text("utf-8") == readme
    assert not (tmp_path / "docs" / "rules" / "QCDC999.md").exists()
    assert docs.main(["--check", "--root", str(tmp_path)]) == 0


def test_every_rule_has_a_page_in_both_languages():
    from qcdc_rules.pipeline import rule_catalog

    for code, r in rule_catalog().items():
        text = (ROOT / "docs" / "rules" / f"{code}.md").read_text("utf-8")
        assert text.startswith(f"# {code} {r.name}\n")
        assert "## Tiếng Việt" in text and "## English" in text and r.label_vi in text and r.label_en in text
        assert r.docs["exampleFires"][""] in text and r.docs["howToFix"]["en"] in text
        assert f"[{code}](docs/rules/{code}.md)" in (ROOT / "README.md").read_text("utf-8")


def test_help_links_point_at_the_pages(monkeypatch):
    from qcdc_rules.core.resources import data_dir
    from qcdc_rules.pipeline import rule_catalog

    r = rule_catalog()["QCDC101"]
    monkeypatch.delenv("QCDC_BASE_URL", raising=False)
    assert r.help_uri == "/docs/rules/QCDC101"
    assert (data_dir("docs") / "rules" / "QCDC101.md").is_file()  # in the package when installed
    monkeypatch.setenv("QCDC_BASE_URL", "http://qcdc.intranet:8000/")
    assert r.help_uri == "http://qcdc.intranet:8000/docs/rules/QCDC101"


def test_a_readme_without_markers_is_one_clear_error(tmp_path):
    (tmp_path / "README.md").write_text("# no table here\n", "utf-8")
    try:
        docs.main(["--check", "--root", str(tmp_path)])
    except SystemExit as e:
        assert "no rule table markers" in str(e)
    else:
        raise AssertionError("expected SystemExit")
