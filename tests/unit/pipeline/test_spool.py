"""pipeline/spool.py: bytes saved under the name they go by, inside a private folder only."""

import pytest

from qcdc_rules.pipeline.spool import spooled


@pytest.mark.parametrize("name, saved", [
    ("ke-hoach.docx", "ke-hoach.docx"),
    ("C:\\Users\\vanthu\\ke-hoach.txt", "ke-hoach.txt"),
    ("../../etc/passwd", "passwd"),
    ("..", "document.txt"),
    ("", "document.txt"),
])
def test_saved_under_the_last_part_of_the_name_inside_its_own_folder(name, saved):
    with spooled(b"abc", name, prefix="qcdc-test-") as path:
        assert path.name == saved and path.read_bytes() == b"abc"
        assert path.parent.name.startswith("qcdc-test-")
        folder = path.parent
    assert not folder.exists()  # removed when the block ends
