"""A compiled-cache file that is damaged (another type, truncated, garbage) is rebuilt silently, with a note in
the debug log only; a cache path that is a folder leaves no temporary file (issue 22, item 13)."""
from __future__ import annotations

import logging
import pickle

import pytest
from click.testing import CliRunner

from writehelp import PLAN_TXT


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder, and a build that costs nothing (the real compiled rules, built once) and counts."""
    from qcdc_rules.pipeline import compiled

    real = compiled.load_compiled()  # from the user's cache, or built once
    builds = []

    def build(extra, checked=False):
        builds.append(extra)
        return real

    folder = tmp_path / "cache"
    monkeypatch.setenv("QCDC_CACHE_DIR", str(folder))
    monkeypatch.delenv("QCDC_NO_CACHE", raising=False)
    monkeypatch.setattr(compiled, "_build", build)
    compiled.load_compiled.cache_clear()
    assert compiled.load_compiled() is real and len(builds) == 1
    [path] = folder.glob("compiled-*.pickle")
    yield compiled, path, builds
    compiled.load_compiled.cache_clear()


DAMAGE = {
    "another type": lambda data: pickle.dumps(["not", "the", "compiled", "rules"]),
    "a dict": lambda data: pickle.dumps({"registry": None}),
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "garbage": lambda data: b"\x80\x05garbage" * 10,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_cache_is_rebuilt_silently(cache, damage, caplog, capsys):
    compiled, path, builds = cache
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    compiled.load_compiled.cache_clear()
    with caplog.at_level(logging.DEBUG, logger="qcdc_rules.pipeline.compiled"):
        got = compiled.load_compiled()
    assert isinstance(got, compiled.Compiled) and len(builds) == 2
    assert isinstance(pickle.loads(path.read_bytes()), compiled.Compiled)  # written again, whole
    assert all(r.levelno == logging.DEBUG for r in caplog.records) and caplog.records
    out = capsys.readouterr()
    assert out.err == "" and out.out == ""


def test_the_cli_runs_on_a_cache_of_the_wrong_type(cache):
    from qcdc_rules.cli import main

    compiled, path, builds = cache
    path.write_bytes(pickle.dumps(["not", "the", "rules"]))
    compiled.load_compiled.cache_clear()
    r = CliRunner().invoke(main, ["--format", "concise", str(PLAN_TXT)])
    assert r.exit_code in (0, 1) and r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "QCDC" in r.stdout and "Traceback" not in r.stderr


def test_a_cache_path_that_is_a_folder_leaves_no_temporary_file(cache):
    compiled, path, builds = cache
    path.unlink()
    path.mkdir()
    compiled.load_compiled.cache_clear()
    assert isinstance(compiled.load_compiled(), compiled.Compiled)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # only the folder in the way
