"""Bytes given as a document (an upload, standard input), saved in a private temporary folder under the
file name they go by, so every reader and limit applies to them as to a file on disk. The folder is removed
when the block ends."""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def spooled(data: bytes, name: str, prefix: str = "qcdc-", default: str = "document.txt") -> Iterator[Path]:
    """The path of `data` saved as the last part of `name` (`default` when it has none)."""
    base = Path(name.replace("\\", "/")).name
    if base in ("", ".", ".."):  # a folder, not a file name: never written outside the private folder
        base = default
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        path = Path(tmp) / base
        path.write_bytes(data)
        yield path
