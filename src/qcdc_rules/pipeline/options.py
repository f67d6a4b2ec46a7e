"""What a check is asked to do (Options) and what its result means for a workflow (the exit code)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..contract.models import SEVERITY_RANK, FileReport
from ..readers import DEFAULT_MAX_BYTES


@dataclass
class Options:
    as_of: Optional[dt.date] = None
    lang: str = "vi"
    select: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # per-code severity overrides
    pre_issuance: bool = False
    strict: bool = False
    preview: bool = False  # also run the rules in preview (by default only the stable rules run)
    max_bytes: int = DEFAULT_MAX_BYTES
    today: Optional[dt.date] = None
    baseline: frozenset[str] = frozenset()  # fingerprints of findings already seen and set aside for this file
    word_lists: tuple[str, ...] = ()  # an office's word lists (TOML files, pipeline/wordlists.py): QCDC401


def matches(code: str, patterns: Iterable[str]) -> bool:
    """`code` starts with one of the codes or prefixes in `patterns`."""
    return any(code.startswith(p.strip().upper()) for p in patterns if p.strip())


def rule_enabled(code: str, preview_rule: bool, options: Options) -> bool:
    """Whether a rule's findings are reported under these options: the one place --select, --extend-select,
    --ignore and --preview are decided (as ruff does). A rule is in the selection when --select is empty or
    one of its codes or prefixes (or --extend-select's) matches; a preview rule in it is on only with
    --preview or when --select / --extend-select name it by its exact code ("QCDC1" turns on no preview
    rule); --ignore then takes out what it matches."""
    chosen = options.select + options.extend_select
    if options.select and not matches(code, chosen):
        return False
    if preview_rule and not options.preview and code not in {p.strip().upper() for p in chosen}:
        return False
    return not (options.ignore and matches(code, options.ignore))


def file_exit_code(fr: FileReport, fail_on: str = "error", exit_zero: bool = False) -> int:
    """2 when the file could not be read; 1 when a finding reaches `fail_on` (unless exit_zero); else 0."""
    if fr.error:
        return 2
    if exit_zero:
        return 0
    worst = max((SEVERITY_RANK[f.severity] for f in fr.findings), default=-1)
    return 1 if worst >= SEVERITY_RANK[fail_on] else 0
