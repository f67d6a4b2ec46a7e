"""The rule catalog: every rule's code, name, severities, fix and documentation, read from the shapes.

A rule is a SHACL node shape typed qcdc:Rule in shapes/ (one file per rule). What a rule shape must carry
is itself data: shapes/meta/rule-shape.ttl, checked when the shapes are compiled, so a maintainer's
incomplete or unsupported shape is an error at load, never a rule that silently does nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

from ..core.errors import DataError
from ..core.messages import split_messages
from ..core.resources import data_dir, turtle_files
from ..knowledge.rdf import load_graph, run_pyshacl

if TYPE_CHECKING:
    from rdflib import Graph

HELP_BASE = "https://w3id.org/qcdc-rules/rules/"
DOC_KEYS = ("why", "legalBasis", "howToFix", "exampleFires", "examplePasses")
STATES = ("stable", "preview")  # qcdc:Stable, qcdc:Preview
MIN_JUDGED = 10  # fewer judged findings than this: the rule is "not yet measured", whatever the figure


@dataclass(frozen=True)
class RuleInfo:
    shape: str
    code: str
    name: str
    default_severity: str
    pre_issuance_severity: Optional[str]
    fix_safety: Optional[str]
    fix_target: Optional[str]
    label_vi: str
    label_en: str
    doc_vi: str
    doc_en: str
    docs: dict[str, dict[str, str]]  # why / legalBasis / howToFix -> {vi, en}; exampleFires / examplePasses -> {"": text}
    state: str = "stable"  # stable: on by default; preview: only with --preview or selected by its exact code
    precision: Optional[float] = None  # measured on real documents (shapes/_measured.ttl, benchmarks/precision.py)
    judged: int = 0  # the judged findings the precision is measured on
    measured_on: Optional[str] = None  # YYYY-MM-DD

    @property
    def help_uri(self) -> str:
        return HELP_BASE + self.code

    @property
    def preview(self) -> bool:
        return self.state == "preview"

    @property
    def measured_precision(self) -> Optional[float]:
        """The measured precision, or None while fewer than MIN_JUDGED findings were judged (not yet measured)."""
        return self.precision if self.judged >= MIN_JUDGED else None

    def measurement(self) -> dict:
        """State and measured precision as the JSON outputs give them (`rules --format json`, the service)."""
        return {"state": self.state, "precision": self.measured_precision, "judged_findings": self.judged,
                "measured_on": self.measured_on}


def severity_of(shapes: "Graph", shape) -> str:
    from ..knowledge.vocab import SH

    return {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}.get(shapes.value(shape, SH.severity), "error")


@lru_cache(maxsize=4)
def load_shapes(extra: tuple[str, ...] = ()) -> "Graph":
    """The rule shapes (shapes/*.ttl plus extra files) as one rdflib graph."""
    return load_graph(turtle_files("shapes") + list(extra))


def check_rule_shapes(shapes: "Graph") -> None:
    """DataError listing every rule shape that the meta-shape rejects (missing code, messages, docs;
    a constraint kind the executors do not run)."""
    from ..knowledge.vocab import SH

    meta = load_graph(sorted((data_dir("shapes") / "meta").glob("*.ttl")))
    data = load_graph([])
    for t in shapes:
        data.add(t)
    results = run_pyshacl(data, meta)
    problems = sorted(
        f"{results.value(r, SH.focusNode)}: {split_messages(results.objects(r, SH.resultMessage)).get('en', '')}"
        for r in results.subjects(SH.resultSeverity, SH.Violation)
    )
    if problems:
        raise DataError("invalid rule shapes: " + "; ".join(problems))


def _lang(g: "Graph", s, p, lang: str) -> str:
    from rdflib import Literal

    for o in g.objects(s, p):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return ""


def read_rules(shapes: "Graph") -> dict[str, RuleInfo]:
    """RuleInfo per rule shape IRI."""
    from ..knowledge.vocab import QCDC, RDF, RDFS

    def opt(s, p) -> Optional[str]:
        v = shapes.value(s, p)
        return str(v) if v is not None else None

    def number(s, p, kind):
        v = shapes.value(s, p)
        return kind(v.toPython()) if v is not None else None

    rules: dict[str, RuleInfo] = {}
    states: dict[str, str] = {}  # code -> state, carried by the code's default-severity shape
    for s in shapes.subjects(RDF.type, QCDC.Rule):
        code = shapes.value(s, QCDC.code)
        if code is None:
            raise DataError(f"shape {s} is a qcdc:Rule without qcdc:code")
        state = shapes.value(s, QCDC.state)
        if state is not None:
            states[str(code)] = str(state).rsplit("#", 1)[-1].lower()
        rules[str(s)] = RuleInfo(
            shape=str(s), code=str(code), name=str(shapes.value(s, QCDC.ruleName) or ""),
            default_severity=opt(s, QCDC.defaultSeverity) or severity_of(shapes, s),
            pre_issuance_severity=opt(s, QCDC.preIssuanceSeverity),
            fix_safety=opt(s, QCDC.fixSafety), fix_target=opt(s, QCDC.fixTarget),
            label_vi=_lang(shapes, s, RDFS.label, "vi"), label_en=_lang(shapes, s, RDFS.label, "en"),
            doc_vi=_lang(shapes, s, RDFS.comment, "vi"), doc_en=_lang(shapes, s, RDFS.comment, "en"),
            docs={key: {(o.language or ""): str(o) for o in shapes.objects(s, QCDC[key])} for key in DOC_KEYS},
            precision=number(s, QCDC.measuredPrecision, float), judged=number(s, QCDC.judgedFindings, int) or 0,
            measured_on=opt(s, QCDC.measuredOn),
        )
    for iri, info in rules.items():
        if states.get(info.code) not in STATES:
            raise DataError(f"shape {iri}: rule {info.code} has no qcdc:state (qcdc:Stable or qcdc:Preview)")
        rules[iri] = replace(info, state=states[info.code])
    return rules


def rules_by_code(rules: dict[str, RuleInfo]) -> dict[str, RuleInfo]:
    """One RuleInfo per code (the default-severity variant when a code has several shapes), by code."""
    out: dict[str, RuleInfo] = {}
    for info in sorted(rules.values(), key=lambda r: r.shape):
        if info.code not in out or "-" not in info.shape.rsplit("#", 1)[-1]:
            out[info.code] = info
    return dict(sorted(out.items()))
