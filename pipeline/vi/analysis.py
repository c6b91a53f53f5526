"""The texts of analysis, in Vietnamese, for review in one place."""

ANALYSIS = {
    # --- consolidate.trends
    "unchanged": "{arrow} không đổi",
    "new-indicator": "chỉ tiêu mới",
    "change": "{arrow} {points} điểm %",
    # --- consolidate.measures
    "blank": "Để trống",
    "status-when": "{status} ({when})",
    # --- consolidate.measures
    "status_label.1": "Đã hoàn thành lần trước (ngày {completed_on:%d/%m/%Y}) nhưng chưa báo cáo hoàn thành lần này "
        "({when})",
    "self_report_flags.1": "Để trống",
    "self_report_flags.2": "{label} ({lower}, hạn {deadline:%d/%m/%Y})",
    # --- consolidate.analysis
    "summary.1": "chưa nộp ",
    "summary.2": "chưa đạt ",
    "summary.3": "quá hạn ",
    "summary.4": "nộp trễ {len} lần",
    # --- consolidate.timeliness
    "label.1": "Bản gửi đúng hạn bị trả lại, bản đúng đến trễ",
    "label.2": "Gửi đúng hạn nhưng bị trả lại, chưa gửi lại",
}
