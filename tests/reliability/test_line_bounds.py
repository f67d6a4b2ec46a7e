"""What a document of very many short lines holds while its header and its flat text are read (issue 22, goal:
< 500 MB for every input within the limits; benchmarks/worst_case.py 'upper-lines-vi', two million lines of one
Vietnamese capital: 570 MB before). Bytes counted with tracemalloc, not timed."""
from __future__ import annotations

import random
import tracemalloc

import pytest

from qcdc_rules.extract.flat import flatten
from qcdc_rules.extract.header import NonEmptyLines, extract_header
from qcdc_rules.extract.structure import lines_with_offsets
from qcdc_rules.readers import ingest_text

LINES = 200_000
MANY = "Ă\n" * LINES  # a one-letter string outside Latin-1 is an object of its own each time it is cut


def _peak(fn, *args) -> int:
    tracemalloc.start()
    try:
        fn(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("seed", range(5))
def test_non_empty_lines_are_the_lines_as_before(seed):
    rng = random.Random(seed)
    for _ in range(200):
        pieces = ["a", "Ư", " ", "\n", "\t", "\u00a0", "\r", "TM. UBND"]
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 80)))
        want = [(i, s, line) for i, s, line in lines_with_offsets(text) if line.strip()]
        got = NonEmptyLines.of(text)
        assert list(got) == want and len(got) == len(want)
        assert list(got[2:]) == want[2:] and list(got[:3]) == want[:3]
        if want:
            assert got[-1] == want[-1]


def test_the_header_of_many_lines_is_read_in_bounded_memory():
    doc = ingest_text("KẾ HOẠCH\nThử nghiệm\n" + MANY)
    peak = _peak(extract_header, doc, [("KẾ HOẠCH", True)])
    assert peak < 12_000_000, peak  # was ~40 MB: a tuple, two numbers and a string for every line


def test_flat_text_of_many_lines_is_made_in_bounded_memory():
    flat = flatten(MANY)
    assert flat.text == "Ă " * (LINES - 1) + "Ă "
    assert list(flat.breaks) == list(range(2, 2 * LINES + 1, 2))  # increasing, each once
    peak = _peak(flatten, MANY)
    assert peak < 25_000_000, peak  # the pieces joined 65,536 at a time; breaks an array, not a set
