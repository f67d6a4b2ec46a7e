"""Errors that name the file and the problem; the CLI turns them into one clear line, never a traceback."""
from __future__ import annotations

import re


class QcdcError(Exception):
    """Base class for errors that end the check of one file."""

    code = "error"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InputError(QcdcError):
    code = "unreadable"


class DataError(QcdcError):
    """The ontology, registry or shapes are broken (a maintainer's error)."""

    code = "data"


def brief(e: BaseException, limit: int = 90) -> str:
    """An exception as a short, printable reason for an error line (no raw bytes dumped)."""
    import re

    text = " ".join(str(e).split())
    text = re.split(r"\s*(?:@\d+:\s*)?b['\"]", text)[0].rstrip(" :@")  # drop repr'd raw bytes
    text = "".join(c if c.isprintable() else "?" for c in text)
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


# What each error code means, in Vietnamese: the English messages above carry the details (byte counts,
# limits); a Vietnamese reader gets the file name and this sentence, which says what to do.
VI_BY_CODE = {
    "not-found": "không tìm thấy tệp này",
    "is-directory": "đây là một thư mục, không phải một tệp",
    "unsupported-type": "loại tệp này không được hỗ trợ; hãy lưu văn bản dưới dạng .docx, .pdf, .md hoặc .txt (UTF-8)",
    "too-large": "tệp quá lớn để kiểm tra (một kế hoạch ngắn hơn nhiều); hãy kiểm tra tệp văn bản gốc hoặc tách tệp",
    "unreadable": "không đọc được tệp",
    "corrupt": "tệp bị hỏng hoặc không đúng định dạng của nó; hãy mở và lưu lại tệp rồi kiểm tra lại",
    "encrypted": "tệp được đặt mật khẩu; hãy gỡ mật khẩu, lưu lại rồi kiểm tra",
    "doc-format": "tệp Word 97-2003 (.doc) không được hỗ trợ; hãy lưu lại thành .docx rồi kiểm tra",
    "zip-bomb": "tệp .docx có cấu trúc bất thường (giải nén ra quá lớn) nên bị từ chối để an toàn",
    "legacy-encoding": "văn bản dùng phông chữ bảng mã cũ (VNI, TCVN3) không chuyển sang Unicode một cách chắc chắn "
                       "được; hãy chuyển mã sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi kiểm tra lại",
    "encoding": "văn bản không ở bảng mã UTF-8 và không nhận ra là TCVN3 hay Windows-1258; hãy lưu tệp dưới dạng "
                "UTF-8 rồi kiểm tra lại",
    "binary": "đây là tệp nhị phân, không phải một văn bản",
    "scanned-pdf": "tệp PDF không có lớp chữ (có thể là bản quét) và công cụ nhận dạng chữ (OCR) chưa được cài; hãy "
                   "cài: pip install 'qcdc-rules[ocr]' và apt-get install tesseract-ocr tesseract-ocr-vie, hoặc kiểm "
                   "tra bản .docx gốc",
    "ocr-missing": "ảnh này là bản quét, cần nhận dạng chữ (OCR) mà công cụ OCR chưa được cài; hãy cài: "
                   "pip install 'qcdc-rules[ocr]' và apt-get install tesseract-ocr tesseract-ocr-vie",
    "no-text": "không nhận dạng được chữ nào trên bản quét (OCR); hãy kiểm tra bản quét hoặc bản .docx gốc",
    "internal-error": "công cụ gặp lỗi khi kiểm tra tệp này; xin gửi kèm tệp khi báo lỗi",
    "usage": "cách dùng không đúng",
    "data": "sổ đăng ký văn bản hoặc bộ quy tắc bị lỗi",
}


def localized(code: str, message: str, name: str, lang: str) -> str:
    """An error's message in `lang`: the English message as it is, or the file's name and what the code means
    in Vietnamese (the English message when no Vietnamese sentence is known for the code)."""
    if lang != "vi" or code not in VI_BY_CODE:
        return message
    return f"{name}: {VI_BY_CODE[code]}" if name else VI_BY_CODE[code][:1].upper() + VI_BY_CODE[code][1:]


_FACT_VI = {"citations": "trích dẫn", "duties": "nhiệm vụ báo cáo", "deadlines": "thời hạn",
            "level mentions": "lần nhắc cấp hành chính đã bỏ", "sections": "phần",
            "numbered items": "mục được đánh số"}

# the notes readers and the extractor attach to a document (in English, where they are made), in Vietnamese
_NOTES_VI = [
    (re.compile(r"^tracked changes: checked as the text reads with all changes accepted$"),
     "văn bản có theo dõi thay đổi (tracked changes): đã kiểm tra như khi mọi thay đổi được chấp nhận"),
    (re.compile(r"^converted (\d+) text run\(s\) in TCVN3 \(\.Vn…\) fonts to Unicode$"),
     r"đã chuyển \1 đoạn chữ phông TCVN3 (.Vn…) sang Unicode"),
    (re.compile(r"^converted from (\S+) to Unicode$"), r"đã chuyển mã \1 sang Unicode"),
    (re.compile(r"^(\d+) invalid character\(s\) \(unpaired surrogates\) replaced by U\+FFFD$"),
     r"\1 ký tự lỗi (surrogate đơn lẻ) đã được thay bằng U+FFFD"),
    (re.compile(r"^no document kind \(KẾ HOẠCH, QUYẾT ĐỊNH …\) found in the header: the plan rules were not applied$"),
     "không thấy tên loại văn bản (KẾ HOẠCH, QUYẾT ĐỊNH …) ở phần đầu: các quy tắc dành cho kế hoạch không được áp dụng"),
    (re.compile(r"^'(.+)' is cited without its year or number: read as the law in force on the document's date, (\S+)$"),
     r"“\1” được trích dẫn không kèm năm hoặc số hiệu: được hiểu là luật đang có hiệu lực vào ngày của văn bản, \2"),
    (re.compile(r"^a plan of a kind whose content another instrument prescribes \((.+)\): its sections were not checked "
                r"against the usual outline \(QCDC201\)$"),
     r"kế hoạch thuộc loại có nội dung do văn bản riêng quy định (\1): bố cục không được đối chiếu với bố cục thông "
     r"thường của kế hoạch (QCDC201)"),
    (re.compile(r"^the document's date, (\S+), is read from its adoption line at the end \('… thông qua ngày …'\)$"),
     r"ngày của văn bản, \1, được lấy từ dòng thông qua ở cuối văn bản (“… thông qua ngày …”)"),
    (re.compile(r"^the file begins with a question: a question-and-answer web page quoting documents, not an "
                r"administrative document$"),
     "tệp bắt đầu bằng một câu hỏi: đây là trang hỏi đáp trên mạng trích dẫn văn bản, không phải văn bản hành chính"),
    (re.compile(r"^text after the document \(the web page's own material\) was not checked$"),
     "phần chữ sau văn bản (nội dung riêng của trang web) không được kiểm tra"),
    (re.compile(r"^\[ocr\] page\(s\) (.+) read by OCR \(Tesseract, Vietnamese\)( \(cached\))?: mean word confidence "
                r"(\d+)%, (\d+) of (\d+) word\(s\) read with low confidence; check findings against the scan$"),
     lambda m: f"[ocr] trang {m[1]} được nhận dạng chữ bằng OCR (Tesseract, tiếng Việt)"
               f"{' (kết quả đã lưu)' if m[2] else ''}: độ tin cậy trung bình {m[3]}%, {m[4]} trong {m[5]} từ được đọc "
               "với độ tin cậy thấp; hãy đối chiếu các lỗi với bản quét"),
    (re.compile(r"^\[ocr-missing\] page\(s\) (.+) have no text layer and were not checked: OCR is not installed "
                r"\((.+)\)$"),
     r"[ocr-missing] trang \1 không có lớp chữ (bản quét) nên không được kiểm tra: chưa cài công cụ OCR (\2)"),
    (re.compile(r"^\[too-many-facts\] more than ([\d,]+) (citations|duties|deadlines|level mentions|sections|numbered "
                r"items): only the first [\d,]+ were checked$"),
     lambda m: f"[too-many-facts] có hơn {m[1]} {_FACT_VI[m[2]]}: chỉ {m[1]} đầu tiên được kiểm tra"),
    (re.compile(r"^\[too-many-facts\] more than ([\d,]+) words naming an abolished level: only the first [\d,]+ were read$"),
     r"[too-many-facts] có hơn \1 từ chỉ cấp hành chính đã bỏ: chỉ \1 từ đầu tiên được xem xét"),
    (re.compile(r"^\[too-many-facts\] more than ([\d,]+) lines: sections and numbered items were read in the first "
                r"[\d,]+ only$"),
     r"[too-many-facts] văn bản có hơn \1 dòng: các phần và mục được đánh số chỉ được đọc trong \1 dòng đầu tiên"),
    (re.compile(r"^\[too-many-findings\] (\S+): ([\d,]+) findings, only the first ([\d,]+) are shown$"),
     r"[too-many-findings] \1: có \2 phát hiện, chỉ hiển thị \3 phát hiện đầu tiên"),
    (re.compile(r"^header date incomplete; plan date taken as (\d{4})-(\d\d)-(\d\d) \(lower bound\)$"),
     r"ngày ở phần đầu văn bản ghi chưa đủ; lấy ngày sớm nhất có thể: \3/\2/\1"),
]


def localized_note(note: str, lang: str) -> str:
    """A document note in `lang` (notes already in Vietnamese, and unknown ones, are left as they are)."""
    if lang != "vi":
        return note
    for pattern, vi in _NOTES_VI:
        if pattern.match(note):
            return pattern.sub(vi, note)
    return note
