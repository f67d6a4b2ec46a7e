"""The registry read from the compiled cache's index file (knowledge/index.py, issue 20): a check gives the same
report with no cache, with a cache being built (cold) and with a cache read back (warm), for the core registry and
with an office's extra registry (`--registry`); an extra file that changes gets a new entry, never the old one;
an index that is damaged is never trusted."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from qcdc_rules.pipeline import Engine, Options, compiled
from qcdc_rules.reporters import render_json

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLANS = sorted((ROOT / "fixtures" / "plans").glob("*.txt"))
SHARED = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt")) + \
    sorted((ROOT.parent / "shared" / "corpus" / "real-2025").glob("*"))[:5]

# an office's own instruments, made up for this test (not real instruments): a decree of 2024 replaced by one of
# 2025 from 01/7/2025, and a decision that cites nothing
OFFICE = """@prefix qcdc: <https://w3id.org/qcdc-rules/ns#> .
@prefix reg:  <https://w3id.org/qcdc-rules/registry/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix dct:  <http://purl.org/dc/terms/> .

reg:TEST-ND-998-2024 a qcdc:NghiDinh, owl:NamedIndividual ;
    qcdc:symbol "998/2024/NĐ-CP" ; qcdc:number 998 ; qcdc:issueYear 2024 ; qcdc:issuer reg:CP ;
    qcdc:title "Tổ chức đối thoại định kỳ giữa chính quyền cấp xã với người dân (thử nghiệm)" ;
    qcdc:citationLabel "Nghị định số 998/2024/NĐ-CP" ;
    qcdc:dateIssued "2024-02-05"^^xsd:date ; qcdc:entryIntoForce "2024-03-01"^^xsd:date ;
    qcdc:ceased "CEASED"^^xsd:date ; qcdc:replacedBy reg:TEST-ND-997-2025 ;
    qcdc:provenance [ qcdc:covers qcdc:dateIssued, qcdc:entryIntoForce, qcdc:ceased, qcdc:replacedBy ;
                      dct:source "dữ liệu thử" ; qcdc:confidence qcdc:verified ] .

reg:TEST-ND-997-2025 a qcdc:NghiDinh, owl:NamedIndividual ;
    qcdc:symbol "997/2025/NĐ-CP" ; qcdc:number 997 ; qcdc:issueYear 2025 ; qcdc:issuer reg:CP ;
    qcdc:title "Tổ chức đối thoại giữa chính quyền cấp xã với người dân (thử nghiệm)" ;
    qcdc:citationLabel "Nghị định số 997/2025/NĐ-CP" ;
    qcdc:dateIssued "2025-05-20"^^xsd:date ; qcdc:entryIntoForce "2025-07-01"^^xsd:date ;
    qcdc:provenance [ qcdc:covers qcdc:dateIssued, qcdc:entryIntoForce ;
                      dct:source "dữ liệu thử" ; qcdc:confidence qcdc:verified ] .
"""

OFFICE_PLAN = """ỦY BAN NHÂN DÂN
XÃ ĐÔNG THẠNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 17/KH-UBND
Đông Thạnh, ngày 12 tháng 2 năm 2026

KẾ HOẠCH
Thực hiện dân chủ ở cơ sở năm 2026

Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15; Nghị định số 998/2024/NĐ-CP ngày 05/02/2024 của Chính phủ;
Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;

I. MỤC ĐÍCH, YÊU CẦU
1. Bảo đảm người dân được biết, được bàn và được kiểm tra việc của xã.

II. NỘI DUNG THỰC HIỆN
1. Tổ chức đối thoại với người dân theo Nghị định số 997/2025/NĐ-CP mỗi quý một lần.

III. TỔ CHỨC THỰC HIỆN
1. Văn phòng xã báo cáo kết quả về Ủy ban nhân dân xã trước ngày 15/12/2026.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
"""


def _reports(c: compiled.Compiled, files) -> list[dict]:
    """Each file's report as JSON (the tool's version and the paths are the same in every run)."""
    engine = Engine(c.registry, None, c)
    return [json.loads(render_json(engine.report([engine.check_file(str(f), Options())], Options())))["files"][0]
            for f in files]


def _load(extra=(), checked=False) -> compiled.Compiled:
    compiled.load_compiled.cache_clear()
    try:
        return compiled.load_compiled(tuple(extra), checked)
    finally:
        compiled.load_compiled.cache_clear()


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("QCDC_CACHE_DIR", str(folder))
    monkeypatch.delenv("QCDC_NO_CACHE", raising=False)
    yield folder
    compiled.load_compiled.cache_clear()


def _office(tmp_path: Path, ceased: str = "2025-07-01") -> tuple[Path, Path]:
    reg, plan = tmp_path / "office.ttl", tmp_path / "office-plan.txt"
    reg.write_text(OFFICE.replace("CEASED", ceased), "utf-8")
    plan.write_text(OFFICE_PLAN, "utf-8")
    return reg, plan


def _index_of(folder: Path, entry: str | None = None) -> Path:
    indexes = sorted(folder.glob("compiled-*.index"), key=lambda p: p.stat().st_mtime)
    return indexes[-1] if entry is None else folder / entry


def test_the_core_registry_gives_the_same_reports_with_no_cache_a_cold_cache_and_a_warm_one(cache_dir, monkeypatch):
    files = PLANS + SHARED
    monkeypatch.setenv("QCDC_NO_CACHE", "1")
    fresh = _reports(_load(), files)
    monkeypatch.delenv("QCDC_NO_CACHE")
    cold = _reports(_load(), files)  # built here, and written
    warm_compiled = _load()  # read back: the small pickle and the index file
    assert type(warm_compiled.registry.by_key).__name__ == "Lazy"
    warm = _reports(warm_compiled, files)
    assert fresh == cold == warm
    assert sum(len(r["findings"]) for r in warm) > 10 and sum(len(r["citations"]) for r in warm) > 100
    # and the registry read back holds what the built one does
    monkeypatch.setenv("QCDC_NO_CACHE", "1")
    mem = _load().registry
    assert len(warm_compiled.registry.instruments) == len(mem.instruments)
    assert list(warm_compiled.registry.instruments) == mem.instruments
    assert dict(warm_compiled.registry.dates) == mem.dates and dict(warm_compiled.registry.by_key) == mem.by_key
    # the same triples (blank nodes are named anew by each build)
    lines = warm_compiled.registry.ntriples.splitlines()
    assert len(lines) == len(mem.ntriples.splitlines())
    assert {x for x in lines if "_:" not in x} == {x for x in mem.ntriples.splitlines() if "_:" not in x}


def test_an_office_registry_is_compiled_once_and_follows_its_file(cache_dir, tmp_path, monkeypatch):
    reg, plan = _office(tmp_path)
    files = [plan, *PLANS[:4]]
    monkeypatch.setenv("QCDC_NO_CACHE", "1")
    fresh = _reports(_load([str(reg)], True), files)
    monkeypatch.delenv("QCDC_NO_CACHE")
    cold = _reports(_load([str(reg)], True), files)
    entries = set(cache_dir.glob("compiled-*.pickle"))
    assert len(entries) == 1
    warm = _reports(_load([str(reg)], True), files)
    assert set(cache_dir.glob("compiled-*.pickle")) == entries  # read back, not built again
    assert fresh == cold == warm
    rules = {(f["rule"], f.get("instrument")) for f in warm[0]["findings"]}
    assert ("QCDC101", "998/2024/NĐ-CP") in rules, rules
    assert any(c.get("instrument") == "997/2025/NĐ-CP" for c in warm[0]["citations"])

    # the file changes (the old decree now ceases in 2027): a new entry, and the reports of the new text
    reg.write_text(OFFICE.replace("CEASED", "2027-01-01"), "utf-8")
    changed = _reports(_load([str(reg)], True), files)
    assert len(set(cache_dir.glob("compiled-*.pickle"))) == 2
    monkeypatch.setenv("QCDC_NO_CACHE", "1")
    assert changed == _reports(_load([str(reg)], True), files)
    assert ("QCDC101", "998/2024/NĐ-CP") not in {(f["rule"], f.get("instrument")) for f in changed[0]["findings"]}


def test_an_office_registry_that_fails_its_checks_leaves_no_entry(cache_dir, tmp_path):
    from qcdc_rules.core.errors import DataError

    bad = tmp_path / "dup.ttl"
    bad.write_text(OFFICE.split("reg:TEST-ND-998")[0] + 'reg:MINE a qcdc:NghiDinh ; qcdc:symbol "59/2023/NĐ-CP" ; '
                   'qcdc:issuer reg:CP ; qcdc:dateIssued "2023-08-14"^^xsd:date ; '
                   'qcdc:provenance [ dct:source "thử" ; qcdc:confidence qcdc:verified ] .\n', "utf-8")
    with pytest.raises(DataError):
        _load([str(bad)], True)
    assert not list(cache_dir.glob("compiled-*"))
    # unchecked, the same file compiles (the maintainers' tools read it so): that entry never serves a check
    _load([str(bad)], False)
    with pytest.raises(DataError):
        _load([str(bad)], True)


def _damage_a_row(index: Path) -> None:
    db = sqlite3.connect(index)
    db.execute("UPDATE kv SET val = X'00000000' || substr(val, 5) WHERE tbl = 'by_key'")
    db.commit()
    db.close()


@pytest.fixture(scope="module")
def built():
    """The core registry built once in memory for the damage tests, and the reports on it."""
    mp = pytest.MonkeyPatch()
    mp.setenv("QCDC_NO_CACHE", "1")
    try:
        real = _load()
    finally:
        mp.undo()
    return real, _reports(real, PLANS[:6])


@pytest.mark.parametrize("damage", ["truncated", "another build", "a row", "missing"])
def test_a_damaged_index_is_never_trusted(cache_dir, built, damage, monkeypatch):
    real, expected = built
    # the entry is written now, from the registry built once (another engineer's edit of a Turtle file or of the
    # code between a build and its look-up would give the look-up another key)
    monkeypatch.setattr(compiled, "_build", lambda extra, checked=False: real)
    files = PLANS[:6]
    _load()
    index = _index_of(cache_dir)
    if damage == "truncated":
        index.write_bytes(index.read_bytes()[: index.stat().st_size // 2])
    elif damage == "another build":
        db = sqlite3.connect(index)
        db.execute("UPDATE kv SET val = ? WHERE tbl = '' AND key = 'token'", (bytes(index.name, "utf-8"),))
        db.commit()
        db.close()
    elif damage == "a row":  # found only when the row is read, in the middle of a check
        _damage_a_row(index)
    else:
        index.unlink()
    again = _load()
    if damage == "a row":
        assert type(again.registry.by_key).__name__ == "Lazy"  # the entry opened: the row is found bad when read
    assert _reports(again, files) == expected
    if damage != "a row":  # found when the entry was opened: built again and written again
        assert type(again.registry.by_key).__name__ == "dict"
    else:  # found when read: the registry was built again in memory and the damaged file removed
        assert not index.exists()
