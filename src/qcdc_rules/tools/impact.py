"""The impact of a registry update on a set of plans: which findings appear and which disappear."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..knowledge.checks import load_registry_checked
from ..pipeline import Engine, default_engine


@dataclass
class PlanImpact:
    path: str
    appeared: list = field(default_factory=list)
    disappeared: list = field(default_factory=list)
    error: Optional[str] = None


def impact(plans: list[str], update: list[str], options) -> list[PlanImpact]:
    """Findings per plan with the current registry and with the update; what appears and disappears."""
    before = default_engine()
    after = Engine(load_registry_checked(update, allow_additions=True), before.executor)
    out = []
    for path in plans:
        a = before.check_file(path, options)
        b = after.check_file(path, options)
        if a.error:
            out.append(PlanImpact(path, error=a.error.message))
            continue

        def key(f):
            return (f.rule, f.line, f.column, f.instrument, f.message)

        ka, kb = {key(f): f for f in a.findings}, {key(f): f for f in b.findings}
        out.append(PlanImpact(path, [kb[k] for k in kb if k not in ka], [ka[k] for k in ka if k not in kb]))
    return out
