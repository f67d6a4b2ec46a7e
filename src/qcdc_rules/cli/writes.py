"""What `check` reads and writes beside its report: the baseline (--baseline, --write-baseline), and the one line
a write that failed is (core/atomic.py writes every file whole or not at all)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..core.i18n import tr

BASELINE_SCHEMA = "qcdc-check/baseline/1"


def read_baseline(path: Path, lang: str) -> dict[str, frozenset[str]]:
    """path -> fingerprints of the findings set aside for it."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != BASELINE_SCHEMA:
            raise ValueError("schema")
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                                                  for v in files.values()):
            raise ValueError("files")
        return {str(k): frozenset(v) for k, v in files.items()}
    # RecursionError: JSON nested thousands of levels deep (json's parser recurses); MemoryError: a huge one
    except (OSError, ValueError, KeyError, AttributeError, TypeError, RecursionError, MemoryError):
        raise click.BadParameter(tr(lang, "{path}: not a readable baseline file (one written by --write-baseline)",
                                    path=path), param_hint="--baseline") from None


def write_baseline(path: Path, files: dict[str, list[str]], lang: str, err) -> None:
    import json

    from ..core.atomic import write_bytes

    data = {"schema": BASELINE_SCHEMA, "files": files}
    # whole or not at all: the previous baseline stays as it was when this one cannot be written
    write_bytes(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), label="baseline")
    err.print(tr(lang, "{n} finding(s) written to {path}", n=sum(len(v) for v in files.values()), path=path),
              markup=False)


def write_failed(e, lang: str, fmt: str) -> None:
    """A file (or standard output) that could not be written: one line on stderr (one line of JSON when the
    output is JSON), exit 2. Nothing half-written was left (core/atomic.py)."""
    from ..core.atomic import STDOUT

    click.echo(e.json_line(lang) if fmt in JSON_FORMATS else e.line(lang), err=True)
    if e.path == STDOUT:  # what is still buffered for it is dropped, not written again at exit
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    sys.exit(2)


JSON_FORMATS = ("json", "sarif")
