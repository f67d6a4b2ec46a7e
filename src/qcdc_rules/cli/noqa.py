"""`qcdc-check --add-noqa FILE|DIR...`: write a "qcdc: bỏ qua …" directive for every current finding into the
files themselves (fixes/noqa.py), as ruff's --add-noqa does, so an office adopting the tool on an archive sees
only what is new. Nothing is reported: one line says how many directives were written to how many files; a
file that cannot be read or written gets one error line, the others are still done (exit 2 then)."""
from __future__ import annotations

import sys
from dataclasses import replace

from .common import ErrConsole, say

SAY = {
    "written": {"vi": "đã ghi {n} chỉ dẫn “qcdc: bỏ qua” vào {files} tệp (mỗi tệp có bản sao lưu .bak)",
                "en": "{n} “qcdc: bỏ qua” directive(s) written to {files} file(s) (each with a .bak backup)"},
}


def add_noqa_all(files, baseline, opts: dict, make_tasks) -> None:
    """`make_tasks`: check's `_tasks` (each input with its options from the config files and flags)."""
    from ..fixes.noqa import add_noqa
    from ..pipeline.runner import check_one

    err = ErrConsole(opts["quiet"])
    flags = {k: opts[k] for k in ("as_of", "select", "extend_select", "ignore", "lang", "pre_issuance", "strict",
                                  "preview")}
    tasks, _ = make_tasks(err, files, opts["config_file"], opts["isolated"], opts["exclude"], flags, opts["fail_on"],
                      opts["registry_files"], opts["executor"])
    if baseline:  # what the baseline sets aside needs no directive
        tasks = [(path, replace(o, baseline=baseline.get(path, frozenset())), *rest) for path, o, *rest in tasks]
    lang = tasks[-1][1].lang if tasks else (opts["lang"] or "vi")
    written = changed = failed = 0
    for task in tasks:
        fr, _, doc = check_one(task)
        if fr.error or doc is None:
            failed += 1
            message = fr.error.message if fr.error else task[0]
            err.print(f"qcdc-check: {say('error', task[1].lang)}: {message}", markup=False)
            continue
        try:
            n = add_noqa(task[0], doc.kind, fr)
        except Exception as e:  # refused, or not written (a WriteError, an OSError): the file is as it was
            failed += 1
            err.print(_failed(e, task[0], task[1].lang), markup=False)
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
