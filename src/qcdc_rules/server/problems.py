"""Errors as RFC 9457 problem details: a stable `code`, the HTTP status, and the message in Vietnamese and
English (`message` in the language asked for). Every error the API returns is one of these.

PROBLEMS is the one list of problem codes: each entry also carries its page (when it happens, what to do, in
vi and en), which the service serves at /docs/problems/<code> (docs.py) and which a problem's `type` names."""
from __future__ import annotations

from typing import NamedTuple, Optional

from ..rules.catalog import base_url

DOCS_PATH = "/docs/problems/"  # where the service serves a problem type's page (docs.py)


def problem_base() -> str:
    """A problem's `type` base, built as the rules' help links are: QCDC_BASE_URL + /docs/problems/, or
    /docs/problems/ (relative to the service) when it is not set."""
    return base_url() + DOCS_PATH


class Kind(NamedTuple):
    status: int
    title: str
    vi: str  # the message, with its {placeholders}
    en: str
    title_vi: str  # the page: its title in Vietnamese, when the problem happens and what to do, (vi, en)
    when: tuple[str, str]
    todo: tuple[str, str]


# code -> Kind; readers' codes (corrupt, encrypted …) are of the kind `unreadable`: 422 with their own message
PROBLEMS: dict[str, Kind] = {
    "unreadable": Kind(
        422, "Unreadable document", "Không đọc được văn bản.", "The document cannot be read.",
        "Không đọc được văn bản",
        ("Tệp gửi đến không đọc được: tệp bị hỏng, được đặt mật khẩu, là tệp Word 97-2003 (.doc), dùng bảng mã cũ "
         "không chuyển chắc chắn sang Unicode được, hoặc là bản quét mà máy chủ chưa cài công cụ nhận dạng chữ (OCR). "
         "Trường `code` của phản hồi nêu lý do cụ thể.",
         "The file sent cannot be read: it is damaged, protected by a password, a Word 97-2003 file (.doc), in a "
         "legacy encoding that cannot be converted to Unicode with confidence, or a scan while OCR is not installed "
         "on the server. The answer's `code` names the exact reason."),
        ("Làm theo `message` của phản hồi (mở và lưu lại tệp, gỡ mật khẩu, lưu lại thành .docx, chuyển mã sang "
         "Unicode), rồi gửi lại; hoặc gửi bản .docx gốc của văn bản.",
         "Do what the answer's `message` says (open and save the file again, remove the password, save it as "
         ".docx, convert it to Unicode), then send it again; or send the document's original .docx.")),
    "too-large": Kind(
        413, "Document too large", "Tệp quá lớn: giới hạn là {limit} byte.",
        "The document is too large: the limit is {limit} bytes.",
        "Tệp quá lớn",
        ("Nội dung gửi đến, hoặc một tệp trong đó, vượt giới hạn dung lượng của máy chủ (tùy chọn --max-bytes của "
         "qcdc-check serve).",
         "The request body, or a file in it, is over the server's size limit (qcdc-check serve --max-bytes)."),
        ("Gửi tệp văn bản gốc (.docx) thay cho bản quét hoặc tệp đã gộp nhiều văn bản, hoặc tách tệp; người quản trị "
         "có thể nâng giới hạn.",
         "Send the document's original .docx instead of a scan or a file joining several documents, or split the "
         "file; the administrator can raise the limit.")),
    "unsupported-type": Kind(
        415, "Unsupported document type",
        "Loại tệp không được hỗ trợ; hãy gửi tệp .docx, .pdf, .md hoặc .txt (UTF-8).",
        "Unsupported document type; send a .docx, .pdf, .md or .txt (UTF-8) file.",
        "Loại tệp không được hỗ trợ",
        ("Tên tệp có phần mở rộng mà công cụ không đọc (ví dụ .odt, .xlsx), hoặc yêu cầu không phải "
         "multipart/form-data hay application/json.",
         "The file's name has an extension the tool does not read (e.g. .odt, .xlsx), or the request is neither "
         "multipart/form-data nor application/json."),
        ("Lưu văn bản dưới dạng .docx, .pdf, .md hoặc .txt (UTF-8) rồi gửi lại.",
         "Save the document as .docx, .pdf, .md or .txt (UTF-8) and send it again.")),
    "unknown-rule": Kind(
        400, "Unknown rule", "Không có quy tắc {what}.", "There is no rule {what}.",
        "Không có quy tắc",
        ("Tùy chọn select hoặc ignore nêu một mã quy tắc không có; hoặc hỏi tài liệu của một mã quy tắc không có "
         "(khi đó mã trạng thái là 404).",
         "The select or ignore option names a rule code that does not exist; or the documentation of a code no rule "
         "has was asked for (then the status is 404)."),
        ("Dùng mã có trong danh sách quy tắc (/docs/ hoặc GET /api/v1/rules), ví dụ QCDC101, hoặc tiền tố như QCDC1.",
         "Use a code from the list of rules (/docs/ or GET /api/v1/rules), e.g. QCDC101, or a prefix such as QCDC1.")),
    "unknown-option": Kind(
        400, "Unknown option", "Không có tùy chọn {what}.", "There is no option {what}.",
        "Không có tùy chọn",
        ("Yêu cầu có một tham số hoặc trường mà thao tác này không nhận (gõ sai tên, hoặc tùy chọn của thao tác khác).",
         "The request has a parameter or field this operation does not take (a misspelt name, or another "
         "operation's option)."),
        ("Sửa tên tùy chọn theo tài liệu OpenAPI (/api/v1/openapi.json) rồi gửi lại.",
         "Correct the option's name as the OpenAPI document (/api/v1/openapi.json) gives it and send again.")),
    "bad-option": Kind(
        400, "Bad option value", "Giá trị không hợp lệ cho {what}.", "Invalid value for {what}.",
        "Giá trị tùy chọn không hợp lệ",
        ("Một tùy chọn có giá trị không hợp lệ: ngày không đúng dạng, mức độ không có, số ngoài khoảng cho phép.",
         "An option has a value it cannot take: a date in the wrong form, a severity that does not exist, a number "
         "out of range."),
        ("Dùng giá trị mà `message` nêu (ngày viết YYYY-MM-DD hoặc DD/MM/YYYY) rồi gửi lại.",
         "Use a value the `message` names (dates as YYYY-MM-DD or DD/MM/YYYY) and send again.")),
    "no-document": Kind(
        400, "No document", "Hãy gửi một tệp (trường multipart `file`) hoặc văn bản (JSON `text`).",
        "Send a file (multipart field `file`) or text (JSON `text`).",
        "Không có văn bản",
        ("Yêu cầu không kèm tệp nào (trường multipart `file`) và không có nội dung văn bản (JSON `text`).",
         "The request carries no file (multipart field `file`) and no text (JSON `text`)."),
        ("Gửi tệp trong trường `file`, hoặc nội dung văn bản trong trường `text` của JSON.",
         "Send the file in the field `file`, or the document's text in the JSON field `text`.")),
    "bad-request": Kind(
        400, "Bad request", "Yêu cầu không hợp lệ: {what}.", "Bad request: {what}.",
        "Yêu cầu không hợp lệ",
        ("Yêu cầu không đúng dạng: JSON hoặc multipart hỏng, phương thức HTTP mà địa chỉ không nhận (khi đó mã "
         "trạng thái là 405, kèm tiêu đề Allow).",
         "The request is malformed: broken JSON or multipart, or an HTTP method the address does not take (then the "
         "status is 405, with an Allow header)."),
        ("Sửa yêu cầu theo tài liệu OpenAPI (/api/v1/openapi.json).",
         "Correct the request as the OpenAPI document (/api/v1/openapi.json) describes it.")),
    "not-a-docx": Kind(
        415, "Not a .docx", "Chỉ ghi nhận xét được vào tệp .docx.", "Comments can be written into .docx files only.",
        "Không phải tệp .docx",
        ("Yêu cầu ghi nhận xét (POST /api/v1/annotate) gửi một tệp không phải .docx.",
         "A request for comments (POST /api/v1/annotate) sent a file that is not a .docx."),
        ("Gửi bản .docx của văn bản; với tệp khác, dùng POST /api/v1/check để xem các phát hiện.",
         "Send the document's .docx; for other files, use POST /api/v1/check to see the findings.")),
    "not-found": Kind(
        404, "Not found", "Không tìm thấy {what}.", "{what} was not found.",
        "Không tìm thấy",
        ("Địa chỉ không có trên máy chủ, hoặc sổ đăng ký không có văn bản nào mang số ký hiệu đã hỏi.",
         "The address does not exist on the server, or the registry has no instrument with the symbol asked for."),
        ("Kiểm tra lại địa chỉ (danh sách ở /docs/ và /api/v1/openapi.json) hoặc số ký hiệu, ví dụ "
         "34/2007/PL-UBTVQH11.",
         "Check the address (listed at /docs/ and /api/v1/openapi.json) or the symbol, e.g. 34/2007/PL-UBTVQH11.")),
    "unauthorized": Kind(
        401, "Unauthorized", "Cần mã truy cập (Authorization: Bearer …).",
        "An access token is required (Authorization: Bearer …).",
        "Cần mã truy cập",
        ("Máy chủ được chạy với --token và yêu cầu gửi đến /api/ không có mã truy cập đúng.",
         "The server runs with --token and a request to /api/ came without the right access token."),
        ("Gửi tiêu đề Authorization: Bearer kèm mã do người quản trị cấp; trên trang kiểm tra, nhập mã khi được hỏi.",
         "Send the header Authorization: Bearer with the token the administrator gave; on the web page, enter it "
         "when asked.")),
    "busy": Kind(
        503, "Busy", "Máy chủ đang bận kiểm tra các văn bản khác; hãy thử lại sau {retry} giây.",
        "The server is busy checking other documents; try again in {retry} seconds.",
        "Máy chủ đang bận",
        ("Máy chủ đã nhận đủ số yêu cầu được xử lý cùng lúc (--max-checks), hoặc bộ kiểm tra đang khởi động lại.",
         "The server has admitted as many requests as it handles at once (--max-checks), or its checking engine is "
         "restarting."),
        ("Gửi lại sau số giây mà tiêu đề Retry-After nêu.",
         "Send again after the seconds the Retry-After header gives.")),
    "timeout": Kind(
        503, "Check took too long", "Việc kiểm tra vượt quá {limit} giây; hãy thử lại sau.",
        "The check took longer than {limit} seconds; try again later.",
        "Kiểm tra quá thời gian",
        ("Việc kiểm tra, kể cả thời gian chờ đến lượt, vượt giới hạn thời gian của máy chủ (--time-limit) và đã "
         "bị dừng.",
         "The check, waiting for its turn included, passed the server's time limit (--time-limit) and was stopped."),
        ("Thử lại sau (tiêu đề Retry-After); nếu văn bản rất dài hoặc là bản quét nhiều trang, gửi bản .docx gốc.",
         "Try again later (Retry-After header); if the document is very long or a scan of many pages, send its "
         "original .docx.")),
    "slow-upload": Kind(
        408, "Request body too slow", "Tệp gửi lên quá chậm: phải nhận đủ trong {limit} giây.",
        "The upload was too slow: it must arrive within {limit} seconds.",
        "Gửi tệp quá chậm",
        ("Nội dung yêu cầu không đến đủ trong giới hạn thời gian của máy chủ (--time-limit).",
         "The request body did not arrive whole within the server's time limit (--time-limit)."),
        ("Gửi lại khi đường truyền ổn định hơn, hoặc gửi tệp nhỏ hơn.",
         "Send again over a steadier connection, or send a smaller file.")),
    "too-many-files": Kind(
        413, "Too many files", "Quá nhiều tệp trong một yêu cầu: giới hạn là {limit} tệp.",
        "Too many files in one request: the limit is {limit} files.",
        "Quá nhiều tệp",
        ("Một yêu cầu gửi nhiều tệp (hoặc tệp .zip có nhiều tệp) hơn giới hạn, hoặc gửi nhiều tệp cho thao tác "
         "chỉ nhận một tệp.",
         "One request sent more files (or a .zip holding more) than the limit, or several files to an operation "
         "that takes one."),
        ("Chia các tệp thành nhiều yêu cầu; trường `limit` của phản hồi nêu giới hạn.",
         "Split the files over several requests; the answer's `limit` gives the limit.")),
    "batch-too-large": Kind(
        413, "Batch too large", "Tổng dung lượng các tệp trong một yêu cầu quá lớn: giới hạn là {limit} byte.",
        "The files of one request are too large together: the limit is {limit} bytes.",
        "Các tệp quá lớn",
        ("Tổng dung lượng các tệp của một yêu cầu (các tệp trong .zip tính theo dung lượng khi giải nén) vượt "
         "giới hạn.",
         "The files of one request together (a .zip's files counted as unpacked) are over the limit."),
        ("Chia các tệp thành nhiều yêu cầu; trường `limit` của phản hồi nêu giới hạn.",
         "Split the files over several requests; the answer's `limit` gives the limit.")),
    "not-fixable": Kind(
        415, "Not fixable", "Chỉ sửa được tệp .docx, .txt hoặc .md.",
        "Fixes can be applied to .docx, .txt and .md files only.",
        "Không sửa được tệp",
        ("Yêu cầu áp dụng gợi ý sửa (POST /api/v1/fix) gửi tệp .pdf hoặc bản quét; hoặc không ghi được bản đã sửa "
         "(khi đó mã trạng thái là 422).",
         "A request to apply fixes (POST /api/v1/fix) sent a .pdf or a scan; or the fixed file could not be written "
         "(then the status is 422)."),
        ("Gửi bản .docx, .txt hoặc .md của văn bản; với .pdf, sửa theo các phát hiện của POST /api/v1/check.",
         "Send the document's .docx, .txt or .md; for a .pdf, make the changes the findings of POST /api/v1/check "
         "describe.")),
    "unknown-finding": Kind(
        422, "Unknown finding",
        "Không có phát hiện {what} trong văn bản này (văn bản hoặc tùy chọn đã khác lần kiểm tra).",
        "There is no finding {what} in this document (the document or the options differ from the check).",
        "Không có phát hiện",
        ("Yêu cầu áp dụng gợi ý sửa nêu mã phát hiện (`finding`) không có khi kiểm tra lại văn bản với các tùy "
         "chọn đã gửi.",
         "A request to apply fixes names a finding (`finding`) that a new check of the document with the options "
         "sent does not give."),
        ("Kiểm tra lại văn bản (POST /api/v1/check) với đúng các tùy chọn ấy, rồi dùng `id` của các phát hiện mới.",
         "Check the document again (POST /api/v1/check) with the same options, then use the new findings' `id`.")),
    "not-multipart": Kind(
        415, "Not multipart", "Hãy gửi multipart/form-data (trường `file`).",
        "Send multipart/form-data (field `file`).",
        "Không phải multipart",
        ("Thao tác chỉ nhận tệp (ghi nhận xét, áp dụng gợi ý sửa, hình trang) nhận được JSON hoặc dạng khác.",
         "An operation that takes a file only (comments, fixes, page images) received JSON or another form."),
        ("Gửi tệp dưới dạng multipart/form-data, trong trường `file`.",
         "Send the file as multipart/form-data, in the field `file`.")),
    "no-page-image": Kind(
        415, "No page image", "Chỉ có hình trang của tệp .pdf hoặc ảnh quét (.png, .jpg, .tif).",
        "Page images are given for .pdf files and scans (.png, .jpg, .tif) only.",
        "Không có hình trang",
        ("Yêu cầu hình một trang (POST /api/v1/pages) gửi tệp không phải .pdf hay ảnh quét.",
         "A request for a page's image (POST /api/v1/pages) sent a file that is neither a .pdf nor a scan."),
        ("Chỉ hỏi hình trang của tệp .pdf hoặc ảnh quét (.png, .jpg, .tif).",
         "Ask for page images of .pdf files and scans (.png, .jpg, .tif) only.")),
    "no-such-page": Kind(
        400, "No such page", "Tệp không có trang {what}: tệp có {pages} trang.",
        "The file has no page {what}: it has {pages} page(s).",
        "Không có trang",
        ("Yêu cầu hình trang nêu số trang lớn hơn số trang của tệp.",
         "A request for a page's image names a page number beyond the file's last page."),
        ("Dùng số trang từ 1 đến số trang mà trường `pages` của phản hồi nêu.",
         "Use a page number from 1 to the count the answer's `pages` gives.")),
    "internal-error": Kind(
        500, "Internal error", "Công cụ gặp lỗi khi kiểm tra văn bản này; xin gửi kèm tệp khi báo lỗi.",
        "The tool failed on this document; please report it with the file.",
        "Lỗi của công cụ",
        ("Công cụ gặp lỗi không lường trước khi xử lý yêu cầu; lỗi được ghi vào nhật ký của máy chủ (kèm mã yêu "
         "cầu, không kèm nội dung văn bản).",
         "The tool met an error it did not expect while handling the request; it is written to the server's log "
         "(with the request id, without the document's content)."),
        ("Báo lỗi cho người quản trị, kèm tệp và `request_id` của phản hồi.",
         "Report it to the administrator, with the file and the answer's `request_id`.")),
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
