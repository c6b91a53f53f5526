"""The texts of feedback, in Vietnamese, for review in one place."""

FEEDBACK = {
    # --- outputs.feedback.annotate
    "module.1": "Kết quả kiểm tra",
    "module.5": "Giá trị đang ghi",
    "comment_text.1": "\nGiá trị đang ghi: «{value}»",
    "findings_sheet.2": "Kết quả kiểm tra tệp «{name}»: {upper}",
    "findings_sheet.3": "Đơn vị: {value} · Kỳ: {period} · {errors} lỗi, {value2} cảnh báo. ",
    "findings_sheet.4": "Lỗi làm tệp bị trả lại: hãy sửa các ô được tô đỏ rồi gửi lại cả tệp.",
    "findings_sheet.5": "Tệp được nhận; hãy xem các cảnh báo (ô tô màu cam vàng) cho lần báo cáo sau.",
    "held": "Tệp được giữ lại, chưa đưa vào tổng hợp: các dấu hiệu trong tệp ghi khác nhau về đơn vị hoặc kỳ báo cáo (ô "
        "tô màu xanh). Thư ký ISO sẽ xác nhận; nếu chọn nhầm, hãy sửa rồi gửi lại cả tệp.",
    "legend": "Màu của ô:",
    "findings_sheet.6": "Tệp gốc không chú thích trực tiếp được (định dạng cũ hoặc không mở được); danh sách dưới đây nêu từng vị "
        "trí cần sửa.",
}
