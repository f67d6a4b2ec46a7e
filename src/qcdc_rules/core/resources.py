"""Locate the data folders (ontology/, shapes/) in an installed wheel or in a source checkout."""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent.parent  # the qcdc_rules package


def data_dir(name: str) -> Path:
    """`ontology` or `shapes`: inside the package when installed, at the repository root in a checkout."""
    for candidate in (_PKG / name, _PKG.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"qcdc-rules data folder '{name}' not found next to {_PKG}")


def turtle_files(name: str) -> list[Path]:
    return sorted(data_dir(name).glob("*.ttl"))


def sample_plan() -> Path:
    for candidate in (_PKG / "samples" / "mau-2026.txt", _PKG.parent.parent / "fixtures" / "plans" / "mau-2026.txt"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("bundled sample plan not found")
