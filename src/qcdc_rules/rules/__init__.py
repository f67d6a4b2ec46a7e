"""Layer 7, rules: the rule catalog (read from shapes/), the executors that run the shapes over a plan's
graph, and the conversion of their results into findings."""
from .catalog import HELP_BASE, RuleInfo, rules_by_code
from .executors import EXECUTORS, make_executor
from .results import RawResult, findings_from_results

__all__ = ["HELP_BASE", "RuleInfo", "rules_by_code", "EXECUTORS", "make_executor", "RawResult", "findings_from_results"]
