"""The words of the human outputs (text formats, the web page) in Vietnamese and English."""

WORDS = {
    "vi": {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin", "files": "tệp", "in": "trong",
           "found": "Tìm thấy", "clean": "Không có phát hiện nào", "fix": "gợi ý sửa", "unsafe": "cần người kiểm tra",
           "safe": "an toàn", "unreadable": "không đọc được", "date": "ngày của kế hoạch",
           "suppressed": "{n} phát hiện đã được bỏ qua (theo nhận xét “qcdc: bỏ qua” trong Word hoặc tệp baseline)"},
    "en": {"error": "error", "warning": "warning", "info": "info", "files": "file(s)", "in": "in",
           "found": "Found", "clean": "No findings", "fix": "suggested fix", "unsafe": "needs review",
           "safe": "safe", "unreadable": "unreadable", "date": "plan date",
           "suppressed": "{n} finding(s) set aside (a “qcdc: bỏ qua” Word comment or the baseline)"},
}


# how the plan date was found, in words (the JSON keeps the codes)
SOURCE = {
    "vi": {"header": "lấy từ phần đầu văn bản", "inferred": "suy ra từ tên kế hoạch và các văn bản được trích dẫn",
           "as-of": "ngày kiểm tra do người dùng chọn", "today": "ngày hôm nay, vì văn bản không ghi ngày"},
    "en": {"header": "from the header", "inferred": "inferred from the title and the cited documents",
           "as-of": "the date given with --as-of", "today": "today, as the document gives no date"},
}
