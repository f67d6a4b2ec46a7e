"""Files checked together (pipeline/runner.py, Engine.check_files): which go together, and that one bad
file among them is reported alone while the others are checked."""
from pathlib import Path

from qcdc_rules.pipeline import Engine, Options
from qcdc_rules.pipeline.runner import BATCH, BATCH_MAX_BYTES, batches

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PLAN = ROOT / "fixtures" / "plans" / "ngay-va-ky-hieu-sai.txt"


def _tasks(paths, options=None):
    return [(str(p), options or Options(), (), None) for p in paths]


def test_small_files_go_in_groups_of_batch_in_order(tmp_path):
    paths = []
    for i in range(BATCH + 3):
        p = tmp_path / f"{i:02}.txt"
        p.write_text("x", "utf-8")
        paths.append(p)
    groups = list(batches(_tasks(paths)))
    assert [len(g) for g in groups] == [BATCH, 3]
    assert [t[0] for g in groups for t in g] == [str(p) for p in paths]


def test_a_large_file_or_other_options_start_a_new_group(tmp_path):
    small = [tmp_path / f"s{i}.txt" for i in range(4)]
    for p in small:
        p.write_text("x", "utf-8")
    large = tmp_path / "large.txt"
    large.write_bytes(b"x" * (BATCH_MAX_BYTES + 1))
    tasks = _tasks(small[:2]) + _tasks([large]) + _tasks(small[2:3]) + _tasks(small[3:], Options(lang="en"))
    assert [[Path(t[0]).name for t in g] for g in batches(tasks)] == [
        ["s0.txt", "s1.txt"], ["large.txt"], ["s2.txt"], ["s3.txt"]]


def test_one_bad_file_among_others_is_reported_and_the_others_are_checked(tmp_path):
    empty = tmp_path / "trong.txt"
    empty.write_text("", "utf-8")
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    engine = Engine()
    done = engine.check_files([PLAN, broken, empty, PLAN], Options(lang="en"))
    alone = engine.check_file(PLAN, Options(lang="en"))
    assert [r.path for r, _ in done] == [str(PLAN), str(broken), str(empty), str(PLAN)]
    assert done[0][0].model_dump() == alone.model_dump() == done[3][0].model_dump()
    assert done[1][0].error is not None and done[1][1] is None
    assert done[2][0].error is None and "empty" in done[2][0].notes[-1]
    assert {f.rule for f in alone.findings} >= {"QCDC103"}


def test_worker_processes_give_the_reports_of_one_process_in_input_order(tmp_path, monkeypatch):
    import random
    import sys

    from qcdc_rules.pipeline import runner

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate_plans

    paths = generate_plans(tmp_path, 2 * BATCH + 5, random.Random(11)) + [tmp_path / "missing.txt"]
    tasks = _tasks(paths)
    one = [r.model_dump() for r, _ in runner.check_many(tasks, jobs=1)]
    monkeypatch.setattr(runner, "MIN_FILES_PER_WORKER", 1)  # workers even for a few files
    two = [r.model_dump() for r, _ in runner.check_many(tasks, jobs=2)]
    assert [r["path"] for r in two] == [str(p) for p in paths]
    assert one == two and two[-1]["error"]["code"] == "not-found"


def test_the_python_api_checks_many_files_in_order():
    import qcdc_rules

    paths = [PLAN, ROOT / "fixtures" / "plans" / "nope.txt", PLAN]
    reports = qcdc_rules.check_files(paths, lang="en")
    assert [r.path for r in reports] == [str(p) for p in paths]
    assert reports[0].model_dump() == qcdc_rules.check_file(PLAN, lang="en").model_dump() == reports[2].model_dump()
    assert reports[1].error.code == "not-found"
