"""Layer 10, fixes: suggested fixes applied to a text file (or shown as a diff), and findings written into
a copy of a .docx as Word comments."""
from .apply import FixResult, apply_fixes, fixable, unified_diff, write_atomically

__all__ = ["FixResult", "apply_fixes", "fixable", "unified_diff", "write_atomically"]
