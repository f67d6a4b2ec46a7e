"""/api/v1/fix without the web framework: the uploaded document with its fixes applied, by the fixes layer the
command line's `--fix` uses (fixes/apply.py chooses the edits; fixes/tracked.py writes a .docx's edits as Word
tracked changes, with a comment on each unsafe one). A .txt or .md comes back as its fixed text, in its own
encoding.

Which fixes: every safe one; the unsafe ones too with `unsafe=true`; only those of the findings named by
`finding=<id>` (the `id` of a finding in /api/v1/check's JSON report; repeated for several), or of the rules
named by `codes=QCDC101,QCDC103`. An id names one finding whatever the rule selection, so with `finding` the
rules in preview run too (unless `preview` is given); with `codes` and no `select`, only those rules run.
A finding id the document does not have is 422 `unknown-finding`; nothing to fix is 200 with the file as it
came and `X-QCDC-Fixes-Applied: 0`."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..contract.models import fingerprints
from ..core.i18n import N_, in_both
from ..pipeline import Engine
from .problems import Problem
from .service import CheckParams, check_upload, safe_name

TEXT_MEDIA = {".txt": "text/plain", ".md": "text/markdown"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Fixed:
    data: bytes
    media: str
    name: str  # the download's name
    applied: int
    left: int  # fixes not applied: unsafe without unsafe=true, overlapping another, or not writable with certainty


def fix_upload(engine: Engine, data: bytes, filename: str, params: CheckParams) -> Fixed:
    from ..fixes.apply import LEGACY, apply_fixes, choose_edits

    name = safe_name(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in TEXT_MEDIA and suffix != ".docx":
        raise Problem("not-fixable")
    unsafe, codes, wanted = params.run.unsafe_fixes, params.run.codes, params.run.finding
    options = params.options
    if wanted and "preview" not in params.given:
        options = replace(options, preview=True)
    if codes and not options.select:
        options = replace(options, select=codes)
    fr, doc = check_upload(engine, data, name, replace(params, options=options))
    chosen = fr.findings
    if wanted:
        by_id = dict(zip(fingerprints(fr.findings), fr.findings))
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise Problem("unknown-finding", what=", ".join(m[:40] for m in missing[:5]))
        chosen = [by_id[i] for i in dict.fromkeys(wanted)]
    if codes:
        chosen = [f for f in chosen if f.rule.split("-")[0] in codes]
    report = fr.model_copy(update={"findings": chosen})
    out_name = f"{Path(name).stem or 'document'}-da-sua{suffix}"
    if suffix == ".docx":
        edits, skipped = choose_edits(doc, report, unsafe)
        applied, left, body = _docx(data, name, doc, edits, options.lang) if edits else (0, 0, data)
        return Fixed(body, DOCX, out_name, applied, left + skipped)
    result = apply_fixes(doc, report, unsafe=unsafe)
    if not result.applied:
        return Fixed(data, _media(suffix, doc.encoding), out_name, 0, result.skipped)
    if doc.encoding in LEGACY:
        raise Problem("not-fixable", status=422,
                      **in_both(N_("{name}: the file is in {encoding}; fixes are written into UTF-8 or UTF-16 files "
                                   "only — convert it to UTF-8 first."), name=name, encoding=LEGACY[doc.encoding]))
    encoded = result.text.encode("utf-8-sig" if doc.encoding == "utf-8-sig" else doc.encoding)
    return Fixed(encoded, _media(suffix, doc.encoding), out_name, result.applied, result.skipped)


def _media(suffix: str, encoding: str) -> str:
    charset = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16"}.get(encoding)
    return f"{TEXT_MEDIA[suffix]}; charset={charset}" if charset else TEXT_MEDIA[suffix]


def _docx(data: bytes, name: str, doc, edits, lang: str) -> tuple[int, int, bytes]:
    """The edits written as tracked changes into a copy of the upload (in a private temporary folder)."""
    from ..fixes.apply import FixRefused
    from ..fixes.tracked import fix_docx

    with tempfile.TemporaryDirectory(prefix="qcdc-fix-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            done = fix_docx(path, doc, edits, lang)
        except FixRefused as e:  # its message names the file: by the upload's name, never the temporary path
            raise Problem("not-fixable", status=422, vi=e.vi.replace(str(path), name),
                          en=str(e).replace(str(path), name)) from None
        return done.applied, done.left, path.read_bytes()
