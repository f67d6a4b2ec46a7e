"""Errors that name the file and the problem; the CLI turns them into one clear line, never a traceback."""
from __future__ import annotations


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
