"""The texts of rules, in Vietnamese, for review in one place."""

RULES = {
    # --- rules.check
    "source-issued": "mẫu được cấp",
    "source-name": "tên tệp «{name}»",
    "source-folder": "thư mục «{folder}»",
    "source-and": " và ",
    "role-lead": "chủ trì",
    "role-coordinate": "phối hợp",
    "module.1": "nguyên nhân",
    "module.2": "hành động khắc phục",
    "module.3": "người chịu trách nhiệm",
    "module.4": "thời hạn khắc phục",
    "figures-disagree": ("Chỉ tiêu {indicator} ghi {due} ở ô {due_cell} (mẫu số), nhưng chỉ tiêu {source} ghi {on_time} "
                         "ở ô {source_cell}; hai số này phải là một (cùng số người được đánh giá, xếp loại trong kỳ). "
                         "Hãy kiểm tra và sửa cho khớp rồi gửi lại."),
    # --- rules.history
}
