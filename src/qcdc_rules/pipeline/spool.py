"""Bytes given as a document (an upload, standard input), saved in a private temporary folder under the
file name they go by, so every reader and limit applies to them as to a file on disk. The folder is removed
when the block ends. A temporary folder that cannot be written is a WriteError (core/atomic.py)."""
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
    from ..core.atomic import WriteError

    try:
        folder = tempfile.TemporaryDirectory(prefix=prefix)
    except OSError as e:
        raise WriteError(tempfile.gettempdir(), e, temporary=True) from None
    with folder as tmp:
        path = Path(tmp) / base
        try:
            path.write_bytes(data)
        except OSError as e:  # a full or read-only temporary folder: one clear error (the folder is removed)
            raise WriteError(tempfile.gettempdir(), e, temporary=True) from None
        yield path
