"""Errors as RFC 9457 problem details: a stable `code`, the HTTP status, and the message in Vietnamese and
English (`message` in the language asked for). Every error the API returns is one of these.

PROBLEMS is the one list of problem codes: each entry also carries its page (when it happens, what to do, in
vi and en), which the service serves at /docs/problems/<code> (docs.py) and which a problem's `type` names."""
from __future__ import annotations

from typing import NamedTuple, Optional

from ..core.i18n import NC_, N_, tr
from ..rules.catalog import base_url

DOCS_PATH = "/docs/problems/"  # where the service serves a problem type's page (docs.py)


def problem_base() -> str:
    """A problem's `type` base, built as the rules' help links are: QCDC_BASE_URL + /docs/problems/, or
    /docs/problems/ (relative to the service) when it is not set."""
    return base_url() + DOCS_PATH


class Kind(NamedTuple):
    """A problem type, in English (marked for the catalog; the Vietnamese is in it): its status, title, message
    (with its {placeholders}) and its page (when it happens, what to do)."""

    status: int
    title_marked: tuple[str, str]  # (context, title): "Not found" is said of other things too
    message: str
    about: str
    remedy: str

    @property
    def title(self) -> str:
        return self.title_marked[1]

    @property
    def title_vi(self) -> str:
        return tr("vi", self.title_marked)

    @property
    def en(self) -> str:
        return self.message

    @property
    def vi(self) -> str:
        return tr("vi", self.message)

    @property
    def when(self) -> tuple[str, str]:
        """(vi, en)"""
        return tr("vi", self.about), self.about

    @property
    def todo(self) -> tuple[str, str]:
        """(vi, en)"""
        return tr("vi", self.remedy), self.remedy


# code -> Kind; readers' codes (corrupt, encrypted …) are of the kind `unreadable`: 422 with their own message
PROBLEMS: dict[str, Kind] = {
    "unreadable": Kind(
        422, NC_("problem title", "Unreadable document"),
        N_("The document cannot be read."),
        N_("The file sent cannot be read: it is damaged, protected by a password, a Word 97-2003 file (.doc), in a "
           "legacy encoding that cannot be converted to Unicode with confidence, or a scan while OCR is not installed "
           "on the server. The answer's `code` names the exact reason."),
        N_("Do what the answer's `message` says (open and save the file again, remove the password, save it as .docx, "
           "convert it to Unicode), then send it again; or send the document's original .docx.")),
    "too-large": Kind(
        413, NC_("problem title", "Document too large"),
        N_("The document is too large: the limit is {limit} bytes."),
        N_("The request body, or a file in it, is over the server's size limit (qcdc-check serve --max-bytes)."),
        N_("Send the document's original .docx instead of a scan or a file joining several documents, or split the "
           "file; the administrator can raise the limit.")),
    "unsupported-type": Kind(
        415, NC_("problem title", "Unsupported document type"),
        N_("Unsupported document type; send a .docx, .pdf, .md or .txt (UTF-8) file."),
        N_("The file's name has an extension the tool does not read (e.g. .odt, .xlsx), or the request is neither "
           "multipart/form-data nor application/json."),
        N_("Save the document as .docx, .pdf, .md or .txt (UTF-8) and send it again.")),
    "unknown-rule": Kind(
        400, NC_("problem title", "Unknown rule"),
        N_("There is no rule {what}."),
        N_("The select or ignore option names a rule code that does not exist; or the documentation of a code no rule "
           "has was asked for (then the status is 404)."),
        N_("Use a code from the list of rules (/docs/ or GET /api/v1/rules), e.g. QCDC101, or a prefix such as "
           "QCDC1.")),
    "unknown-option": Kind(
        400, NC_("problem title", "Unknown option"),
        N_("There is no option {what}."),
        N_("The request has a parameter or field this operation does not take (a misspelt name, or another operation's "
           "option)."),
        N_("Correct the option's name as the OpenAPI document (/api/v1/openapi.json) gives it and send again.")),
    "bad-option": Kind(
        400, NC_("problem title", "Bad option value"),
        N_("Invalid value for {what}."),
        N_("An option has a value it cannot take: a date in the wrong form, a severity that does not exist, a number "
           "out of range."),
        N_("Use a value the `message` names (dates as YYYY-MM-DD or DD/MM/YYYY) and send again.")),
    "no-document": Kind(
        400, NC_("problem title", "No document"),
        N_("Send a file (multipart field `file`) or text (JSON `text`)."),
        N_("The request carries no file (multipart field `file`) and no text (JSON `text`)."),
        N_("Send the file in the field `file`, or the document's text in the JSON field `text`.")),
    "bad-request": Kind(
        400, NC_("problem title", "Bad request"),
        N_("Bad request: {what}."),
        N_("The request is malformed: broken JSON or multipart, or an HTTP method the address does not take (then the "
           "status is 405, with an Allow header)."),
        N_("Correct the request as the OpenAPI document (/api/v1/openapi.json) describes it.")),
    "not-a-docx": Kind(
        415, NC_("problem title", "Not a .docx"),
        N_("Comments can be written into .docx files only."),
        N_("A request for comments (POST /api/v1/annotate) sent a file that is not a .docx."),
        N_("Send the document's .docx; for other files, use POST /api/v1/check to see the findings.")),
    "not-found": Kind(
        404, NC_("problem title", "Not found"),
        N_("{what} was not found."),
        N_("The address does not exist on the server, or the registry has no instrument with the symbol asked for."),
        N_("Check the address (listed at /docs/ and /api/v1/openapi.json) or the symbol, e.g. 34/2007/PL-UBTVQH11.")),
    "unauthorized": Kind(
        401, NC_("problem title", "Unauthorized"),
        N_("An access token is required (Authorization: Bearer …)."),
        N_("The server runs with --token and a request to /api/ came without the right access token."),
        N_("Send the header Authorization: Bearer with the token the administrator gave; on the web page, enter it "
           "when asked.")),
    "busy": Kind(
        503, NC_("problem title", "Busy"),
        N_("The server is busy checking other documents; try again in {retry} seconds."),
        N_("The server has admitted as many requests as it handles at once (--max-checks), or its checking engine is "
           "restarting."),
        N_("Send again after the seconds the Retry-After header gives.")),
    "timeout": Kind(
        503, NC_("problem title", "Check took too long"),
        N_("The check took longer than {limit} seconds; try again later."),
        N_("The check, waiting for its turn included, passed the server's time limit (--time-limit) and was stopped."),
        N_("Try again later (Retry-After header); if the document is very long or a scan of many pages, send its "
           "original .docx.")),
    "slow-upload": Kind(
        408, NC_("problem title", "Request body too slow"),
        N_("The upload was too slow: it must arrive within {limit} seconds."),
        N_("The request body did not arrive whole within the server's time limit (--time-limit)."),
        N_("Send again over a steadier connection, or send a smaller file.")),
    "too-many-files": Kind(
        413, NC_("problem title", "Too many files"),
        N_("Too many files in one request: the limit is {limit} files."),
        N_("One request sent more files (or a .zip holding more) than the limit, or several files to an operation that "
           "takes one."),
        N_("Split the files over several requests; the answer's `limit` gives the limit.")),
    "batch-too-large": Kind(
        413, NC_("problem title", "Batch too large"),
        N_("The files of one request are too large together: the limit is {limit} bytes."),
        N_("The files of one request together (a .zip's files counted as unpacked) are over the limit."),
        N_("Split the files over several requests; the answer's `limit` gives the limit.")),
    "not-fixable": Kind(
        415, NC_("problem title", "Not fixable"),
        N_("Fixes can be applied to .docx, .txt and .md files only."),
        N_("A request to apply fixes (POST /api/v1/fix) sent a .pdf or a scan; or the fixed file could not be written "
           "(then the status is 422)."),
        N_("Send the document's .docx, .txt or .md; for a .pdf, make the changes the findings of POST /api/v1/check "
           "describe.")),
    "unknown-finding": Kind(
        422, NC_("problem title", "Unknown finding"),
        N_("There is no finding {what} in this document (the document or the options differ from the check)."),
        N_("A request to apply fixes names a finding (`finding`) that a new check of the document with the options "
           "sent does not give."),
        N_("Check the document again (POST /api/v1/check) with the same options, then use the new findings' `id`.")),
    "not-multipart": Kind(
        415, NC_("problem title", "Not multipart"),
        N_("Send multipart/form-data (field `file`)."),
        N_("An operation that takes a file only (comments, fixes, page images) received JSON or another form."),
        N_("Send the file as multipart/form-data, in the field `file`.")),
    "no-page-image": Kind(
        415, NC_("problem title", "No page image"),
        N_("Page images are given for .pdf files and scans (.png, .jpg, .tif) only."),
        N_("A request for a page's image (POST /api/v1/pages) sent a file that is neither a .pdf nor a scan."),
        N_("Ask for page images of .pdf files and scans (.png, .jpg, .tif) only.")),
    "no-such-page": Kind(
        400, NC_("problem title", "No such page"),
        N_("The file has no page {what}: it has {pages} page(s)."),
        N_("A request for a page's image names a page number beyond the file's last page."),
        N_("Use a page number from 1 to the count the answer's `pages` gives.")),
    "internal-error": Kind(
        500, NC_("problem title", "Internal error"),
        N_("The tool failed on this document; please report it with the file."),
        N_("The tool met an error it did not expect while handling the request; it is written to the server's log "
           "(with the request id, without the document's content)."),
        N_("Report it to the administrator, with the file and the answer's `request_id`.")),
}
# the readers' codes for a file that cannot be read: 422 with the reader's own message
READER_STATUS = {"too-large": 413, "unsupported-type": 415}


def kind_of(code: str) -> str:
    """The problem type a code is of: itself when PROBLEMS lists it, else `unreadable` (a reader's code)."""
    return code if code in PROBLEMS else "unreadable"


class Problem(Exception):
    def __init__(self, code: str, status: Optional[int] = None, vi: Optional[str] = None, en: Optional[str] = None,
                 headers: Optional[dict] = None, extra: Optional[dict] = None, **fmt):
        known = PROBLEMS[kind_of(code)]
        self.code = code
        self.status = status or known.status
        self.title = known.title
        self.vi = vi or known.vi.format(**fmt)
        self.en = en or known.en.format(**fmt)
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self, lang: str = "vi") -> dict:
        """The problem document; `type` is its kind's page (/docs/problems/<kind>); `instance` and `request_id`
        name the request it answers (request_id.py)."""
        from .request_id import current

        rid = current()
        return {"type": problem_base() + kind_of(self.code), "title": self.title, "status": self.status,
                "code": self.code, "detail": self.en, "message": self.vi if lang == "vi" else self.en,
                "messages": {"vi": self.vi, "en": self.en}, **self.extra,
                "instance": f"urn:qcdc:request:{rid}", "request_id": rid}


def file_problem(code: str, vi: str, en: str) -> Problem:
    """A document the readers refused (damaged, encrypted, too large …), with their message."""
    return Problem(code, status=READER_STATUS.get(code, 422), vi=vi, en=en)
