"""Layer 1, core: what every other layer may use — errors, text folding, instrument symbols, rule-message
markers, the package's data folders and its version. Imports nothing else of the package."""
