"""The texts of store (the ledger, backups, rebuilding), in Vietnamese, for review in one place."""

STORE = {
    # --- a ledger that cannot be trusted: the file, what is wrong, the two ways out
    "ledger-damaged": "Sổ ghi nhận {path} {what}, nên mtcl dừng lại để không ghi nhận sai. Có hai cách khắc "
        "phục: (1) khôi phục bản sao lưu gần nhất: mtcl restore THƯ-MỤC-SAO-LƯU; (2) dựng lại sổ từ kho lưu "
        "trữ (archive/) và thư mục inbound/: mtcl rebuild-ledger. Cả hai cách đều giữ lại tệp sổ cũ bên "
        "cạnh, không xóa.",
    "damage-missing": "không còn (bị xóa hoặc di chuyển) trong khi kho lưu trữ vẫn còn các tệp đã nhận",
    "damage-empty": "rỗng (0 byte) trong khi kho lưu trữ vẫn còn các tệp đã nhận",
    "damage-not-sqlite": "không phải là tệp sổ ghi nhận (đã bị ghi đè bằng nội dung khác)",
    "damage-truncated": "bị cắt cụt (ngắn hơn kích thước ghi trong chính tệp)",
    "damage-unreadable": "bị hỏng, không đọc được",
}
STORE.update({
    "damage-absent": "không có",
    "restore-unusable": "Không khôi phục được: tệp sổ {path} trong bản sao lưu {what}. "
        "Hãy chọn thư mục do «mtcl backup» tạo ra (có tệp ledger.sqlite và thư mục archive/).",
})
