"""The compiled cache under ~/.cache must never tie one install to another's files.

Two real installs of the same wheel (same version, same code, so the same cache key) share one cache
folder; the first writes the cache, is deleted, and every subcommand of the second still works.
"""
from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
SAMPLE = ROOT / "fixtures" / "plans" / "mau-2026.txt"
EXTRA = ROOT / "fixtures" / "registry" / "nd-gia-dinh-thay-61-2023.ttl"


def test_the_pickled_cache_names_no_path_of_this_install(tmp_path, monkeypatch):
    from qcdc_rules.pipeline import compiled

    monkeypatch.setenv("QCDC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("QCDC_NO_CACHE", raising=False)
    compiled.load_compiled.cache_clear()
    try:
        compiled.load_compiled()
    finally:
        compiled.load_compiled.cache_clear()
    (entry,) = tmp_path.glob("compiled-*.pickle")
    loaded = pickle.loads(entry.read_bytes())
    install = (str(Path(compiled.__file__).resolve().parent), str(ROOT))
    paths = [x for x in _walk(loaded) if isinstance(x, os.PathLike) or isinstance(x, str) and x.startswith(install)]
    assert paths == []
    # and the registry's rdflib graph comes from what the cache carries (the pickle and its index file beside it)
    compiled.load_compiled.cache_clear()
    try:
        again = compiled.load_compiled()
    finally:
        compiled.load_compiled.cache_clear()
    assert type(again.registry.by_key).__name__ == "Lazy" and len(again.registry.graph) > 100


def _walk(obj, seen=None):
    """Every object reachable from `obj` through containers and instance attributes."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    yield obj
    if isinstance(obj, dict):
        children = [*obj.keys(), *obj.values()]
    elif isinstance(obj, (list, tuple, set, frozenset)):
        children = list(obj)
    elif hasattr(obj, "__dict__"):
        children = list(vars(obj).values())
    else:
        children = []
    for child in children:
        yield from _walk(child, seen)


def _install(wheel: Path, target: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--target", str(target), str(wheel)], check=True)


def _run(target: Path, cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(target), "QCDC_CACHE_DIR": str(cache)}
    env.pop("QCDC_NO_CACHE", None)
    return subprocess.run([sys.executable, "-c", "from qcdc_rules.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, cwd=str(target.parent), timeout=300)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git for a clean build tree")
def test_two_installs_share_a_cache_and_the_first_is_deleted(tmp_path):
    pytest.importorskip("hatchling")
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(ROOT)], check=True, timeout=300)
    (wheel,) = wheels.glob("qcdc_rules-*.whl")
    first, second, cache = tmp_path / "first", tmp_path / "second", tmp_path / "cache"
    _install(wheel, first)
    _install(wheel, second)
    r = _run(first, cache, "--format", "concise", "--exit-zero", str(SAMPLE))
    assert r.returncode == 0, r.stderr
    assert list(cache.glob("compiled-*.pickle")), "the first install wrote no cache"
    shutil.rmtree(first)

    commands = [
        ("--format", "json", "--exit-zero", str(SAMPLE)),
        ("--engine", "pyshacl", "--format", "concise", "--exit-zero", str(SAMPLE)),
        ("rules",), ("rule", "QCDC101"), ("config", str(SAMPLE)),
        ("registry", "list"), ("registry", "show", "34/2007/PL-UBTVQH11"), ("registry", "find", "nghị định 04/2015"),
        ("registry", "validate"),
        ("impact", "--registry", str(EXTRA), str(SAMPLE)),
    ]
    for args in commands:
        r = _run(second, cache, *args)
        assert r.returncode == 0, f"{args}: exit {r.returncode}\n{r.stderr[-2000:]}"
        assert "Traceback" not in r.stderr, f"{args}: {r.stderr[-2000:]}"
    shown = _run(second, cache, "registry", "show", "34/2007/PL-UBTVQH11").stdout
    assert "10/2022/QH15" in shown
    pyshacl = _run(second, cache, "--engine", "pyshacl", "--format", "concise", "--exit-zero", str(SAMPLE)).stdout
    assert "QCDC101" in pyshacl
