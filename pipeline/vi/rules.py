"""The texts of rules, in Vietnamese, for review in one place."""

RULES = {
    # --- rules.check
    "check_file_name.2": "kỳ",
    "module.1": "nguyên nhân",
    "module.2": "hành động khắc phục",
    "module.3": "người chịu trách nhiệm",
    "module.4": "thời hạn khắc phục",
    # --- rules.history
}
