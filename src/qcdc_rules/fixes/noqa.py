"""`--add-noqa`: set the current findings aside in the document itself, so an office can adopt the tool on an
archive and see only what is new. For each line (paragraph) with findings, one directive naming their codes
(readers/suppress.py): a Word comment "qcdc: bỏ qua QCDC102 QCDC104" on the paragraph of a .docx, a comment
`<!-- qcdc: bỏ qua … -->` at the end of the line of a .md, a line `qcdc: bỏ qua …` above the line of a .txt.
The file is written as --fix writes it: a backup first (FILE.bak, never overwritten), then a temporary file
renamed over it; a file in a legacy encoding or read-only is refused (FixRefused) and left as it was."""
from __future__ import annotations

import io
from pathlib import Path

from ..contract.models import FileReport
from ..core.i18n import N_, in_both
from ..readers.docx import W, iter_paragraphs
from .apply import FixRefused, replace_file, write_atomically

PREFIX = "qcdc: bỏ qua"


def codes_by_line(report: FileReport) -> dict[int, list[str]]:
    """The codes of the findings on each line of the extracted text (a paragraph of a .docx)."""
    out: dict[int, list[str]] = {}
    for f in report.findings:
        codes = out.setdefault(f.source_line or f.line, [])
        if f.rule not in codes:
            codes.append(f.rule)
    return {line: sorted(codes) for line, codes in out.items()}


def add_noqa(path: str | Path, kind: str, report: FileReport) -> int:
    """Write a directive for each line with findings into the file at `path`; the number written."""
    lines = codes_by_line(report)
    if not lines:
        return 0
    p = Path(path)
    if kind == "docx":
        return _docx(p, report)
    if p.suffix.lower() == ".pdf":
        raise FixRefused(**in_both(N_("{path}: a PDF cannot be written; set its findings aside with "
                                      "--write-baseline"), path=path))
    from ..readers.text import decode

    text, encoding = decode(p.read_bytes(), str(p))
    rows = text.split("\n")
    markdown = p.suffix.lower() == ".md"
    for line in sorted(lines, reverse=True):  # from the end, so the line numbers above stay right
        if not 1 <= line <= len(rows):
            continue
        said = f"{PREFIX} {' '.join(lines[line])}"
        row = rows[line - 1]
        cr = "\r" if row.endswith("\r") else ""
        if markdown:
            rows[line - 1] = f"{row[:len(row) - len(cr)].rstrip()} <!-- {said} -->{cr}"
        else:
            indent = row[:len(row) - len(row.lstrip())]
            rows.insert(line - 1, f"{indent}{said}{cr}")
    write_atomically(str(p), "\n".join(rows), encoding)
    return len(lines)


def _docx(p: Path, report: FileReport) -> int:
    import docx
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    document = docx.Document(str(p))
    paragraphs = [el for el, _ in iter_paragraphs(document.element.body)]
    by_paragraph: dict[int, list[str]] = {}
    for f in report.findings:
        if f.paragraph is not None and 1 <= f.paragraph <= len(paragraphs):
            codes = by_paragraph.setdefault(f.paragraph, [])
            if f.rule not in codes:
                codes.append(f.rule)
    for n, codes in by_paragraph.items():
        para = Paragraph(paragraphs[n - 1], document._body)
        runs = [Run(r, para) for r in paragraphs[n - 1].iterchildren(W + "r")] or [para.add_run("")]
        document.add_comment(runs, text=f"{PREFIX} {' '.join(sorted(codes))}", author="qcdc-check", initials="QC")
    buffer = io.BytesIO()
    document.save(buffer)
    replace_file(p, buffer.getvalue())  # a backup first, then written whole or not at all
    return len(by_paragraph)
