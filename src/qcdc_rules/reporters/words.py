"""The words of the human outputs (text formats, the web page): English marked here, Vietnamese in the catalog
(core/i18n.py). `tr_all(lang, WORDS)` gives them all in one language, `tr(lang, WORDS[key])` one."""
from ..core.i18n import NC_, N_

WORDS = {
    "error": NC_("report", "error"), "warning": NC_("report", "warning"), "info": NC_("report", "info"),
    "files": NC_("report", "file(s)"), "in": NC_("report", "in"), "found": NC_("report", "Found"),
    "clean": NC_("report", "No findings"), "fix": NC_("report", "suggested fix"),
    "unsafe": NC_("report", "needs review"), "safe": NC_("report", "safe"),
    "unreadable": NC_("report", "unreadable"), "date": NC_("report", "plan date"),
    "suppressed": NC_("report", "{n} finding(s) set aside (a “qcdc: bỏ qua” in the document or the baseline)"),
    "unused": NC_("report", "{n} “qcdc: bỏ qua” set-aside(s) with no effect (see each file's notes)"),
    "hidden": NC_("report", "{n} finding(s) of lower severity not shown (--min-severity)"),
    "none-shown": NC_("report", "No findings shown"), "doc-date": NC_("report", "document date"),
    "registry": NC_("report", "Registry"),  # the registry release at the end of the summary line
}


# how the plan date was found, in words (the JSON keeps the codes)
SOURCE = {
    "header": N_("from the header"), "inferred": N_("inferred from the title and the cited documents"),
    "as-of": N_("the date given with --as-of"), "today": N_("today, as the document gives no date"),
}
