"""Layer 11, tools: maintainer tooling — registry look-ups (list / show / find / chains), the impact of a
registry update on a set of plans, and the rule pages and README table generated from the shapes (docs.py)."""
