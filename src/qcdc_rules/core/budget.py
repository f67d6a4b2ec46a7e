"""The budget year a document is about, as its title names it: "Quyết toán ngân sách xã năm 2025", "dự toán
ngân sách nhà nước năm 2026", "Thực hiện dự toán thu, chi ngân sách năm 2025". A budget law governs the
budgets of the years it names (qcdc:lastBudgetYear), whatever the document's own date: a settlement of the
2025 budget written in 2026 still rests on the law of the 2025 budget."""
from __future__ import annotations

import re
from typing import Optional

# "ngân sách" (or "dự toán" / "quyết toán", which are of a budget) followed, within the same phrase, by "năm YYYY"
_BUDGET_YEAR = re.compile(r"\b(?:ngân\s+sách|dự\s+toán|quyết\s+toán)\b[^.;:\n]{0,80}?\bnăm\s+((?:19|20)\d\d)\b",
                          re.IGNORECASE)


def budget_year(title: Optional[str]) -> Optional[int]:
    """The budget year the title names, None when it names none."""
    if not title:
        return None
    m = _BUDGET_YEAR.search(title)
    return int(m.group(1)) if m else None
