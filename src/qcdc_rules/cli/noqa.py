"""`qcdc-check --add-noqa FILE|DIR...`: write a "qcdc: bỏ qua …" directive for every current finding into the
files themselves (fixes/noqa.py), as ruff's --add-noqa does, so an office adopting the tool on an archive sees
only what is new. Nothing is reported: one line says how many directives were written to how many files; a
file that cannot be read or written gets one error line, the others are still done (exit 2 then)."""
from __future__ import annotations

import sys

from .common import say

SAY = {
    "written": {"vi": "đã ghi {n} chỉ dẫn “qcdc: bỏ qua” vào {files} tệp (mỗi tệp có bản sao lưu .bak)",
                "en": "{n} “qcdc: bỏ qua” directive(s) written to {files} file(s) (each with a .bak backup)"},
}


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
            err.print(f"qcdc-check: {say('error', task.options.lang)}: {message}", markup=False)
            continue
        try:
            n = add_noqa(task.path, doc.kind, fr)
        except Exception as e:  # refused, or not written (a WriteError, an OSError): the file is as it was
            failed += 1
            err.print(_failed(e, task.path, task.options.lang), markup=False)
            continue
        written += n
        changed += 1 if n else 0
    err.print(SAY["written"]["en" if lang == "en" else "vi"].format(n=written, files=changed), markup=False)
    sys.exit(2 if failed else 0)


def _failed(e: Exception, path: str, lang: str) -> str:
    """One error line: a refusal in the user's language, a write error (core's WriteError has its own line)."""
    if hasattr(e, "in_lang"):
        return f"qcdc-check: {say('error', lang)}: {e.in_lang(lang)}"
    if hasattr(e, "line"):
        return e.line(lang)
    return f"qcdc-check: {say('error', lang)}: {say('cannot-write', lang, path=path, why=getattr(e, 'strerror', None) or e)}"
