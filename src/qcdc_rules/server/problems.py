"""Errors as RFC 9457 problem details: a stable `code`, the HTTP status, and the message in Vietnamese and
English (`message` in the language asked for). Every error the API returns is one of these."""
from __future__ import annotations

from typing import Optional

from ..core.iri import PROBLEMS as PROBLEM_BASE


# code -> (status, title, vi, en); readers' codes (corrupt, encrypted …) map to 422 with their own message
PROBLEMS: dict[str, tuple[int, str, str, str]] = {
    "unreadable": (422, "Unreadable document", "Không đọc được văn bản.", "The document cannot be read."),
    "too-large": (413, "Document too large", "Tệp quá lớn: giới hạn là {limit} byte.",
                  "The document is too large: the limit is {limit} bytes."),
    "unsupported-type": (415, "Unsupported document type",
                         "Loại tệp không được hỗ trợ; hãy gửi tệp .docx, .pdf, .md hoặc .txt (UTF-8).",
                         "Unsupported document type; send a .docx, .pdf, .md or .txt (UTF-8) file."),
    "unknown-rule": (400, "Unknown rule", "Không có quy tắc {what}.", "There is no rule {what}."),
    "unknown-option": (400, "Unknown option", "Không có tùy chọn {what}.", "There is no option {what}."),
    "bad-option": (400, "Bad option value", "Giá trị không hợp lệ cho {what}.", "Invalid value for {what}."),
    "no-document": (400, "No document", "Hãy gửi một tệp (trường multipart `file`) hoặc văn bản (JSON `text`).",
                    "Send a file (multipart field `file`) or text (JSON `text`)."),
    "bad-request": (400, "Bad request", "Yêu cầu không hợp lệ: {what}.", "Bad request: {what}."),
    "not-a-docx": (415, "Not a .docx", "Chỉ ghi nhận xét được vào tệp .docx.", "Comments can be written into .docx files only."),
    "not-found": (404, "Not found", "Không tìm thấy {what}.", "{what} was not found."),
    "unauthorized": (401, "Unauthorized", "Cần mã truy cập (Authorization: Bearer …).",
                     "An access token is required (Authorization: Bearer …)."),
    "busy": (503, "Busy", "Máy chủ đang bận kiểm tra các văn bản khác; hãy thử lại sau {retry} giây.",
             "The server is busy checking other documents; try again in {retry} seconds."),
    "timeout": (503, "Check took too long", "Việc kiểm tra vượt quá {limit} giây; hãy thử lại sau.",
                "The check took longer than {limit} seconds; try again later."),
    "slow-upload": (408, "Request body too slow", "Tệp gửi lên quá chậm: phải nhận đủ trong {limit} giây.",
                    "The upload was too slow: it must arrive within {limit} seconds."),
    "too-many-files": (413, "Too many files", "Quá nhiều tệp trong một yêu cầu: giới hạn là {limit} tệp.",
                       "Too many files in one request: the limit is {limit} files."),
    "batch-too-large": (413, "Batch too large",
                        "Tổng dung lượng các tệp trong một yêu cầu quá lớn: giới hạn là {limit} byte.",
                        "The files of one request are too large together: the limit is {limit} bytes."),
    "not-fixable": (415, "Not fixable", "Chỉ sửa được tệp .docx, .txt hoặc .md.",
                    "Fixes can be applied to .docx, .txt and .md files only."),
    "unknown-finding": (422, "Unknown finding",
                        "Không có phát hiện {what} trong văn bản này (văn bản hoặc tùy chọn đã khác lần kiểm tra).",
                        "There is no finding {what} in this document (the document or the options differ from the check)."),
    "not-multipart": (415, "Not multipart", "Hãy gửi multipart/form-data (trường `file`).",
                      "Send multipart/form-data (field `file`)."),
    "internal-error": (500, "Internal error", "Công cụ gặp lỗi khi kiểm tra văn bản này; xin gửi kèm tệp khi báo lỗi.",
                       "The tool failed on this document; please report it with the file."),
}
# the readers' codes for a file that cannot be read: 422 with the reader's own message
READER_STATUS = {"too-large": 413, "unsupported-type": 415}


class Problem(Exception):
    def __init__(self, code: str, status: Optional[int] = None, vi: Optional[str] = None, en: Optional[str] = None,
                 headers: Optional[dict] = None, extra: Optional[dict] = None, **fmt):
        known = PROBLEMS.get(code, PROBLEMS["unreadable"])
        self.code = code
        self.status = status or known[0]
        self.title = known[1]
        self.vi = vi or known[2].format(**fmt)
        self.en = en or known[3].format(**fmt)
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self, lang: str = "vi") -> dict:
        """The problem document; `instance` and `request_id` name the request it answers (request_id.py)."""
        from .request_id import current

        rid = current()
        return {"type": PROBLEM_BASE + self.code, "title": self.title, "status": self.status, "code": self.code,
                "detail": self.en, "message": self.vi if lang == "vi" else self.en,
                "messages": {"vi": self.vi, "en": self.en}, **self.extra,
                "instance": f"urn:qcdc:request:{rid}", "request_id": rid}


def file_problem(code: str, vi: str, en: str) -> Problem:
    """A document the readers refused (damaged, encrypted, too large …), with their message."""
    return Problem(code, status=READER_STATUS.get(code, 422), vi=vi, en=en)
