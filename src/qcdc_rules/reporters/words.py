"""The words of the human outputs (text formats, the web page) in Vietnamese and English."""

WORDS = {
    "vi": {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin", "files": "tệp", "in": "trong",
           "found": "Tìm thấy", "clean": "Không có phát hiện nào", "fix": "gợi ý sửa", "unsafe": "cần người kiểm tra",
           "safe": "an toàn", "unreadable": "không đọc được", "date": "ngày của kế hoạch",
           "suppressed": "{n} phát hiện đã được bỏ qua (theo chỉ dẫn “qcdc: bỏ qua” trong văn bản hoặc tệp baseline)",
           "unused": "{n} chỉ dẫn “qcdc: bỏ qua” không có tác dụng (xem ghi chú của từng tệp)",
           "hidden": "{n} phát hiện mức thấp hơn không được hiển thị (--min-severity)",
           "none-shown": "Không có phát hiện nào được hiển thị", "doc-date": "ngày của văn bản"},
    "en": {"error": "error", "warning": "warning", "info": "info", "files": "file(s)", "in": "in",
           "found": "Found", "clean": "No findings", "fix": "suggested fix", "unsafe": "needs review",
           "safe": "safe", "unreadable": "unreadable", "date": "plan date",
           "suppressed": "{n} finding(s) set aside (a “qcdc: bỏ qua” in the document or the baseline)",
           "unused": "{n} “qcdc: bỏ qua” set-aside(s) with no effect (see each file's notes)",
           "hidden": "{n} finding(s) of lower severity not shown (--min-severity)",
           "none-shown": "No findings shown", "doc-date": "document date"},
}


# how the plan date was found, in words (the JSON keeps the codes)
SOURCE = {
    "vi": {"header": "lấy từ phần đầu văn bản", "inferred": "suy ra từ tên văn bản và các văn bản được trích dẫn",
           "as-of": "ngày kiểm tra do người dùng chọn", "today": "ngày hôm nay, vì văn bản không ghi ngày"},
    "en": {"header": "from the header", "inferred": "inferred from the title and the cited documents",
           "as-of": "the date given with --as-of", "today": "today, as the document gives no date"},
}
