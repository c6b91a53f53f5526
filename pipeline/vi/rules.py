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
    # --- rules.history
}
