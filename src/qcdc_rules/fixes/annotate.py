"""Write a copy of a .docx with one Word comment per finding (code, message, suggested fix), anchored
on the paragraph the finding is in. The original file is never modified."""
from __future__ import annotations

from pathlib import Path

from ..contract.models import FileReport
from ..core.errors import InputError
from ..readers.docx import W, iter_paragraphs
from ..core.i18n import tr, tr_all
from ..reporters.words import WORDS


def annotate_docx(source: Path, report: FileReport, out: Path, lang: str = "vi") -> int:
    import docx
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    if out.resolve() == source.resolve():
        raise InputError(f"{out}: --annotate must write a new file, not the checked one", "usage")
    document = docx.Document(str(source))
    paragraphs = [p for p, _ in iter_paragraphs(document.element.body)]
    fix_word = tr(lang, "Suggested fix")
    count = 0
    for f in report.findings:
        if f.paragraph is None or not 1 <= f.paragraph <= len(paragraphs):
            continue
        p = paragraphs[f.paragraph - 1]
        para = Paragraph(p, document._body)
        runs = [Run(r, para) for r in p.iterchildren(W + "r")]
        if not runs:
            runs = [para.add_run("")]
        words = tr_all("en" if lang == "en" else "vi", WORDS)
        text = f"{f.rule} ({words[f.severity]}): {f.message}"
        if f.fix:
            text += f"\n{fix_word} ({words['unsafe' if f.fix.safety == 'unsafe' else 'safe']}): {f.fix.replacement}"
        document.add_comment(runs, text=text, author="qcdc-check", initials="QC")
        count += 1
    import io

    from ..core.atomic import WriteError, write_bytes

    buffer = io.BytesIO()
    document.save(buffer)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WriteError(out, e) from None
    write_bytes(out, buffer.getvalue(), label="annotate")  # whole or not at all: never a partial .docx
    return count
