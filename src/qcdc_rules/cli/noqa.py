"""`qcdc-check --add-noqa FILE|DIR...`: write a "qcdc: bỏ qua …" directive for every current finding into the
files themselves (fixes/noqa.py), as ruff's --add-noqa does, so an office adopting the tool on an archive sees
only what is new. Nothing is reported: one line says how many directives were written to how many files; a
file that cannot be read or written gets one error line, the others are still done (exit 2 then)."""
from __future__ import annotations

import sys

from ..core.i18n import tr
from .common import ERROR

def add_noqa_all(planned, err, lang: str) -> None:
    """`planned`: each input with its options from the config files and flags (check's `_tasks`)."""
    from ..fixes.noqa import add_noqa
    from ..pipeline.runner import check_one

    tasks = [p.task for p in planned]
    lang = tasks[-1].options.lang if tasks else lang
    written = changed = failed = 0
    for task in tasks:
        fr, _, doc = check_one(task)
        if fr.error or doc is None:
            failed += 1
            message = fr.error.message if fr.error else task.path
            err.print(f"qcdc-check: {tr(task.options.lang, ERROR)}: {message}", markup=False)
            continue
        try:
            n = add_noqa(task.path, doc.kind, fr)
        except Exception as e:  # refused, or not written (a WriteError, an OSError): the file is as it was
            failed += 1
            err.print(_failed(e, task.path, task.options.lang), markup=False)
            continue
        written += n
        changed += 1 if n else 0
    err.print(tr(lang, "{n} “qcdc: bỏ qua” directive(s) written to {files} file(s) (each with a .bak backup)",
                 n=written, files=changed), markup=False)
    sys.exit(2 if failed else 0)


def _failed(e: Exception, path: str, lang: str) -> str:
    """One error line: a refusal in the user's language, a write error (core's WriteError has its own line)."""
    if hasattr(e, "in_lang"):
        return f"qcdc-check: {tr(lang, ERROR)}: {e.in_lang(lang)}"
    if hasattr(e, "line"):
        return e.line(lang)
    why = tr(lang, "{path}: cannot write ({why})", path=path, why=getattr(e, "strerror", None) or e)
    return f"qcdc-check: {tr(lang, ERROR)}: {why}"
