"""What units, the secretary and leadership read in mail: receipts, reminders, the summary, and what to fix when
the mailbox cannot be used."""

# The messages mtcl sends (mail/messages.py).
MESSAGES = {
    "receipt-subject": "[MTCL] Biên nhận báo cáo {period} — {verdict}",
    "receipt-greeting": "Kính gửi: {unit}.",
    "receipt-intro": "{department} đã nhận tệp báo cáo thực hiện mục tiêu chất lượng của đơn vị.",
    "receipt-file": "- Tệp: {name}",
    "receipt-received": "- Nhận lúc: {time} ngày {day}",
    "receipt-period": "- Kỳ báo cáo: {period} (hạn nộp {due})",
    "receipt-period-unknown": "- Kỳ báo cáo: chưa xác định được",
    "on-time": "- Thời hạn: đúng hạn",
    "late": "- Thời hạn: trễ hạn",
    "receipt-verdict": "- Kết quả kiểm tra: {verdict}",
    "receipt-status": "- Tình trạng: {status}",
    "findings-title": "Các lỗi và cảnh báo ({count}):",
    "finding-line": "{n}. [{severity}] {where}{message}",
    "closing-accepted": "Báo cáo đã được đưa vào bảng tổng hợp. Cảm ơn đơn vị.",
    "closing-accepted-with-warnings": "Báo cáo đã được đưa vào bảng tổng hợp. Đề nghị đơn vị xem các cảnh báo "
        "trên; nếu số liệu chưa đúng, hãy gửi bản đã sửa.",
    "closing-rejected": "Báo cáo chưa được đưa vào bảng tổng hợp. Đề nghị đơn vị sửa các lỗi trên rồi gửi lại.",
    "closing-duplicate": "Tệp này giống hệt một tệp đã nhận trước đó nên không được tính thêm.",
    "closing-superseded": "Tệp này đã được thay bằng bản đơn vị gửi sau.",
    "closing-held": "Tệp chưa được đưa vào bảng tổng hợp: các dấu hiệu trong tệp ghi khác nhau về đơn vị hoặc kỳ báo "
        "cáo (xem trên). Thư ký ISO sẽ xác nhận là báo cáo của đơn vị nào, tháng nào; nếu đơn vị chọn nhầm, đề nghị "
        "sửa rồi gửi lại tệp.",
    "annotated": "Kèm theo thư là tệp của đơn vị, trong đó các ô có lỗi hoặc cảnh báo đã được tô màu và ghi chú.",
    "footer": "Thư này do hệ thống tổng hợp mục tiêu chất lượng (MTCL) gửi tự động.",
    "footer-contact": "Cần trao đổi, xin liên hệ Thư ký ISO: {contacts}.",
    "summary-greeting": "Kính gửi Lãnh đạo Sở.",
    "reminder-subject-before": "[MTCL] Nhắc nộp báo cáo {period} — hạn {due}",
    "reminder-subject-after": "[MTCL] Quá hạn nộp báo cáo {period} (hạn {due})",
    "reminder-missing": "Đến nay {department} chưa nhận được báo cáo thực hiện mục tiêu chất lượng {period} "
        "của đơn vị.",
    "reminder-rejected": "Báo cáo thực hiện mục tiêu chất lượng {period} đơn vị đã gửi bị trả lại do có lỗi, "
        "và đến nay chưa có bản đã sửa.",
    "reminder-before": "Hạn nộp là ngày {due} (còn {days} ngày). Đề nghị đơn vị gửi báo cáo theo mẫu trước hạn.",
    "reminder-today": "Hôm nay ({due}) là hạn cuối. Đề nghị đơn vị gửi báo cáo theo mẫu trong ngày.",
    "reminder-after": "Hạn nộp là ngày {due}, đã quá {days} ngày. Đề nghị đơn vị gửi báo cáo ngay.",
    "reminder-how": "Kèm theo thư là mẫu báo cáo đã điền sẵn tên đơn vị và kỳ báo cáo. Cách nộp: gửi tệp Excel theo mẫu, đính kèm thư, đến địa chỉ {intake}, hoặc đặt vào thư mục "
        "chung nhận báo cáo.",
}

# What to fix when the mailbox or the mail server cannot be used (mail/settings.py).
ERRORS = {
    "no-mail-table": "Tệp cấu hình {config} chưa có bảng [mail]; hãy khai báo hộp thư nhận báo cáo.",
    "missing-key": "Bảng [mail] trong {config} chưa có «{key}» ({meaning}).",
    "no-password": "Chưa có mật khẩu hộp thư {user}. Hãy đặt biến môi trường {env} (ví dụ trên Linux: "
                   "export {env}='mật-khẩu'; trên Windows: setx {env} \"mật-khẩu\"){secrets}. "
                   "Không ghi mật khẩu vào config.toml.",
    "secrets-hint": " hoặc ghi {key} = \"mật-khẩu\" vào tệp {path}",
    "bad-secrets": "Không đọc được tệp bí mật {path}: {reason}",
    "connect": "Không kết nối được máy chủ thư {host}:{port} ({reason}). Hãy kiểm tra mạng, địa chỉ và cổng "
               "trong bảng [mail].",
    "tls": "Không thiết lập được kết nối bảo mật (TLS) với {host}:{port}: {reason}. Nếu máy chủ của cơ quan "
           "dùng chứng thư tự cấp, hãy khai báo cafile trong bảng [mail].",
    "login": "Máy chủ thư {host} từ chối đăng nhập tài khoản {user}: {reason}. Hãy kiểm tra mật khẩu "
             "(biến môi trường {env}).",
    "folder": "Không mở được thư mục «{folder}» trong hộp thư {user}: {reason}.",
    "imap": "Máy chủ thư {host} báo lỗi khi {action}: {reason}.",
}

# Why something a unit sent did not become a submission (mail/fetch.py).
SKIPPED = {
    "too-large": "Tệp đính kèm quá lớn (trên {limit} MB), không được tiếp nhận",
    "not-a-spreadsheet": "Tệp đính kèm không phải bảng tính Excel (.xlsx, .xlsm, .xls, .ods, .xlsb)",
    "no-attachment": "Thư không có tệp báo cáo đính kèm",
}

# What the mail fetch was doing when the server refused (in ERRORS["imap"]), and what a key of [mail] is for.
ACTIONS = {
    "search": "tìm thư",
    "fetch": "tải thư",
    "move": "chuyển thư sang «{target}»",
    "copy": "chép thư sang «{target}»",
    "flag": "đánh dấu thư đã chuyển",
    "expunge": "xóa thư đã chuyển khỏi thư mục nhận",
    "no-uidvalidity": "máy chủ không cho biết UIDVALIDITY",
    "unknown-sender": "(không rõ)",
}
KEYS = {
    "imap_host": "máy chủ nhận thư",
    "imap_user": "tài khoản hộp thư nhận báo cáo",
    "smtp_host": "máy chủ gửi thư",
    "from_address": "địa chỉ gửi thư của Sở",
}

# Leadership's nightly digest (mail.digest): one message whatever the number of periods that changed.
DIGEST = {
    "subject": "[MTCL] Tổng hợp mục tiêu chất lượng ngày {day} — {count} kỳ có số liệu mới",
    "subject-one": "[MTCL] Tổng hợp mục tiêu chất lượng {period} — có số liệu mới",
    "intro": "Thư ký ISO gửi kết quả tổng hợp mục tiêu chất lượng của {count} kỳ có số liệu mới trong ngày: {periods}.",
    "html-title": "Tổng hợp mục tiêu chất lượng",
    "html-headers": ("Chỉ tiêu", "Tỷ lệ của Sở", "Mục tiêu", "Kết quả"),
    "objectives": "Mục tiêu đạt: {met}",
    "reports": "Báo cáo đã nhận: {received} ({rate}), đúng hạn {on_time} ({on_time_rate})",
    "overdue": "Biện pháp quá hạn: {count}",
    "actions": "Hành động khắc phục chưa hoàn thành: {count} (quá hạn {overdue})",
    "behind": "Đơn vị chậm tiến độ:",
    "behind-line": "{name}: {summary}",
    "none-behind": "Không có đơn vị nào chậm trong kỳ.",
    "more": "… và {count} đơn vị khác: xem bảng tổng hợp",
    "missed": "Chỉ tiêu chưa đạt:",
    "missed-line": "{indicator}: {rate} (mục tiêu {target})",
    "attached": "Bảng tổng hợp đính kèm: {names}.",
    "not-attached": "Bảng tổng hợp của các kỳ khác (không đính kèm vì dung lượng lớn): {paths}.",
}
