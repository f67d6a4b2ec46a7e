"""Layer 11, tools: maintainer tooling — registry look-ups (list / show / find / chains) and the impact of
a registry update on a set of plans. The runtime never imports this layer."""
