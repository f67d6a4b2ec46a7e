"""The compiled cache is named by the bytes its build parsed (issue 22): a Turtle file edited between the
look-up and the build must not leave rules built from the new text under the old text's name."""
from __future__ import annotations

from pathlib import Path

from qcdc_rules.core.resources import turtle_files
from qcdc_rules.knowledge.rdf import load_graph, recording_reads


def test_an_entry_is_named_by_what_its_build_read(tmp_path, monkeypatch):
    from qcdc_rules.pipeline import compiled

    real = compiled.load_compiled()
    office = tmp_path / "office.ttl"
    office.write_bytes(b"# the office's registry, first text\n")
    builds = []

    def build(extra, checked=False):
        office.write_bytes(b"# the office's registry, edited while the cache was being built\n")
        load_graph([Path(p) for p in extra])  # the build reads the office's file (now the edited text)
        builds.append(extra)
        return real

    folder = tmp_path / "cache"
    monkeypatch.setenv("QCDC_CACHE_DIR", str(folder))
    monkeypatch.delenv("QCDC_NO_CACHE", raising=False)
    monkeypatch.setattr(compiled, "_build", build)
    compiled.load_compiled.cache_clear()
    try:
        extra = (str(office),)
        first = office.read_bytes()
        compiled.load_compiled(extra)
        files = turtle_files("ontology") + turtle_files("shapes") + turtle_files("shapes/meta") + [office]
        [entry] = folder.glob("compiled-*.pickle")
        assert entry.name == f"compiled-{compiled._key(files)}.pickle"  # the edited text, which the build read
        # the first text again: its rules are built, not the edited text's served under its name
        office.write_bytes(first)
        compiled.load_compiled.cache_clear()
        compiled.load_compiled(extra)
        assert len(builds) == 2
    finally:
        compiled.load_compiled.cache_clear()


def test_load_graph_records_and_parses_the_bytes_it_read(tmp_path):
    f = tmp_path / "x.ttl"
    f.write_bytes("<#a> <#b> \"chữ\" .\n".encode())
    with recording_reads() as read:
        g = load_graph([f])
    assert read == {f: f.read_bytes()}
    [(s, p, o)] = list(g)
    assert str(s) == f.absolute().as_uri() + "#a" and str(o) == "chữ"  # the file's own address as the base
    load_graph([f])  # outside the block nothing is recorded
    assert read == {f: f.read_bytes()}
