"""Where a baseline's paths are from: the baseline file's own folder, so a baseline written in `w/` (`qcdc-check
--write-baseline bl.json b.txt`) still matches from the repository root (`--baseline w/bl.json w/b.txt`), as CI
and pre-commit run. A baseline written before (paths as given on the command line, from the folder the check
ran in) is still read: each of its paths is also taken from the current folder."""
from __future__ import annotations

import os
from pathlib import Path


def _key(path: str | Path) -> str:
    return os.path.normcase(os.path.normpath(os.path.abspath(path)))


class BaselineIndex(dict):
    """A baseline's fingerprints by file, looked up by any path naming the file (relative or absolute)."""

    def get(self, path, default=None):
        return super().get(_key(path), default)


def indexed(files: dict[str, frozenset[str]], baseline: Path) -> BaselineIndex:
    """The fingerprints read from `baseline`, by file: its paths taken from the baseline's folder, and (for
    a baseline written before paths were relative to it) from the current folder, where they are not the same."""
    out = BaselineIndex()
    here = Path(baseline).parent
    for name, fps in files.items():
        for key in dict.fromkeys((_key(here / name), _key(name))):
            out[key] = dict.get(out, key, frozenset()) | frozenset(fps)
    return out


def relative_to(files: dict[str, list[str]], baseline: Path) -> dict[str, list[str]]:
    """The fingerprints to write in `baseline`, by path from the baseline's folder ('/' between folders)."""
    here = os.path.abspath(Path(baseline).parent)

    def rel(name: str) -> str:
        try:
            return Path(os.path.relpath(os.path.abspath(name), here)).as_posix()
        except ValueError:  # another drive (Windows): no relative path, the absolute one
            return Path(os.path.abspath(name)).as_posix()

    return {rel(name): fps for name, fps in files.items()}
