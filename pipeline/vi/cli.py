"""The texts of cli, in Vietnamese, for review in one place."""

CLI = {
    # --- confirm
    "confirm-unit-metavar": "MÃ",
    "confirm-unit-help": "Mã đơn vị của báo cáo (mặc định: đơn vị ghi trong tệp).",
    "confirm-period-help": "Kỳ báo cáo (mặc định: kỳ ghi trong tệp).",
    "confirm-reject-help": "Trả lại tệp cho đơn vị thay vì xác nhận.",
    "confirm-list": "Có {count} tệp đang chờ xác nhận:",
    "confirm-none-held": "Không có tệp nào đang chờ xác nhận.",
    "confirm-not-one": "Không tìm thấy đúng một tệp đang chờ xác nhận tên «{name}» (thấy {count}). Các tệp đang chờ: "
        "{held}.",
    "confirm-unknown-unit": "Mã đơn vị «{unit}» không có trong cấu hình; các mã: {codes}.",
    "confirm-needs-identity": "Tệp {name} chưa xác định được đơn vị hoặc kỳ báo cáo: hãy ghi --unit và --period "
        "(một tháng, YYYY-MM).",
    "confirm-done": "Đã ghi nhận: tệp {name} là báo cáo của {unit}, kỳ {period}. Lần tổng hợp sau (mtcl run) sẽ "
        "đưa vào bảng tổng hợp.",
    "confirm-rejected": "Đã ghi nhận: tệp {name} bị trả lại. Lần tổng hợp sau (mtcl run) sẽ báo cho đơn vị.",
    # --- cli
    "period.1": "Kỳ «{value}» không hợp lệ; dùng YYYY-MM (ví dụ 2023-05), YYYY-Qn, YYYY-Hn hoặc YYYY.",
    "period.report": " Báo cáo của kế hoạch: YYYY-{id} ({title}).",
    "period.no-reports": " Cấu hình chưa có [[reports]] (báo cáo 6 tháng, 12 tháng): chép mục [[reports]] từ config.toml mẫu (xem README).",
    "module.1": "Tệp cấu hình kế hoạch (biến môi trường MTCL_CONFIG).",
    "main.1": "Ghi nhật ký chi tiết (tiếng Anh, cho người bảo trì).",
    "run.1": "KỲ",
    "run.2": "Kỳ cần tổng hợp: YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY hoặc báo cáo của kế hoạch (YYYY-6T, YYYY-12T); lặp lại được. Mặc định: mọi tháng có báo cáo.",
    "run.3": "In summary.json thay cho bản tóm tắt.",
    "run.4": "Gửi bản tóm tắt và bảng tổng hợp cho lãnh đạo và thư ký (cần bảng [mail]).",
    "run.5": "Không lấy thư, không gửi thư trong lần chạy này.",
    "run.6": "Lần chạy thất bại: {exc}",
    "run.7": "Không có tệp mới và không có gì thay đổi; kết quả lần trước vẫn đúng:",
    "run.8": "Thư: {messages} thư mới, {len} tệp đính kèm được lưu.",
    "run.9": "Lỗi thư điện tử (lần chạy vẫn tiếp tục): {problem}",
    "run.10": "Tệp mới: {vi_int}; chờ lần sau (đang sao chép/đang mở): {vi_int2}.",
    "run.11": "{period}: nhận {received} báo cáo (đúng hạn {on_time}, trễ {late}); mục tiêu đạt {met}; bị trả lại "
        "{rejected} tệp.",
    "run-held": "  {held} tệp chờ Thư ký ISO xác nhận đơn vị hoặc kỳ báo cáo: xem «mtcl confirm».",
    "run.12": "  Bảng tổng hợp: {outputs}",
    "validate.1": "In kết quả dạng JSON.",
    "validate.2": "Ghi bản sao có chú thích từng ô lỗi vào tệp này (chỉ với một tệp).",
    "validate.3": "--annotate chỉ dùng với một tệp.",
    "validate.4": "{name}: {verdict} — đơn vị {unit}, kỳ {period}",
    "status.2": "Kỳ cần xem (mặc định: tháng đang thu báo cáo).",
    "status.3": "Chưa có sổ ghi nhận (ledger); hãy chạy «mtcl run» trước.",
    "status.4": "{label_vi} — hạn nộp {due_date:%d/%m/%Y}",
    "status.5": " lúc {received_at:%H:%M %d/%m/%Y}",
    "template.1": "MÃ",
    "template.2": "Mã đơn vị để điền sẵn.",
    "template.3": "Kỳ báo cáo để điền sẵn.",
    "template.4": "Nơi ghi tệp (mặc định templates/plan_template.xlsx; năm khác: templates/plan_template_NĂM.xlsx).",
    "template.year": "Năm kế hoạch của mẫu (mặc định: năm nay nếu đã có kế hoạch, nếu không là năm kế hoạch mới nhất).",
    "template.no-plan": "Chưa có kế hoạch năm {year} (đang có: {years}). Thêm tệp kế hoạch vào mục [plans] của "
                        "config.toml, ví dụ {year} = \"plans/{year}.toml\".",
    "template.5": "Cần cả --unit và --period để tạo bản điền sẵn.",
    "template.6": "Mã đơn vị «{unit}» không có trong cấu hình; các mã: ",
    "template.7": "Mẫu điền sẵn dùng cho một tháng: --period YYYY-MM.",
    "template.8": "Đã ghi mẫu: {target}",
    "demo.1": "Thư mục tạo không gian làm việc mẫu (bị ghi đè).",
    "demo.2": ("Số tháng: 1 là tháng 05 của năm kế hoạch; 2–12 là từ tháng 01, kèm tổng hợp quý, 6 tháng, năm; "
               "13–24 thêm các tháng đầu năm sau theo kế hoạch năm sau (ví dụ 14: 01/2023 đến 02/2024)."),
    "demo.3": "Thay các đơn vị của kế hoạch bằng N đơn vị giả lập, mỗi đơn vị một báo cáo (đo hiệu năng).",
    "demo.4": "--units dùng với một tháng (bỏ --months).",
    "demo.5": "Đang tạo {vi_int} báo cáo giả lập qua mẫu thật …",
    "demo.6": "{label_vi}: nhận {vi_ratio} báo cáo; {vi_int} tệp bị trả lại.",
    "demo.7": "Bảng tổng hợp: {outputs}",
    "demo.8": "Tóm tắt: {outputs}",
    "schedule_command.1": "Tổng hợp tự động lúc {nightly_at} hằng đêm; nhật ký: {log_file}. Nhấn Ctrl-C để dừng.",
    "schedule_command.2": "Đã dừng.",
    "fetch_mail_command.1": "Chưa cấu hình hộp thư: thêm bảng [mail] với imap_host, imap_user vào config.toml.",
        "fetch_mail_command.3": "Thư mới: {messages}; tệp lưu: {stored}; trùng: {duplicates}.",
    "fetch_mail_command.4": "  Bỏ qua: {reason}",
    "fetch_mail_command.5": "  Người gửi không thuộc đơn vị nào: {sender}",
    "report.2": "Kỳ báo cáo: báo cáo 6 tháng, 12 tháng của kế hoạch (YYYY-6T, YYYY-12T), hoặc YYYY-H1, YYYY-H2, YYYY.",
    "report.3": "Không lập được báo cáo",
    "report.4": "Báo cáo (Word): {outputs}",
    "report.5": "Trang tóm tắt (HTML): {outputs}",
    "report.6": "Bản tóm tắt một trang (Word): {outputs}",
    "report.7": "Phiếu kết quả của đơn vị (Word): {outputs}",
    "report.unit": "Mã đơn vị cần phiếu kết quả một trang; lặp lại được; «all»: tất cả đơn vị.",
    "review.2": "Kỳ xem xét: thường là báo cáo 6 tháng của kế hoạch (YYYY-6T), hoặc YYYY-H1, YYYY-H2.",
    "review.3": "Không lập được hồ sơ xem xét",
    "review.4": "Hồ sơ xem xét của lãnh đạo (Word): {outputs}",
    "review.5": "Thiếu --period: mtcl review --period YYYY-Hn (hoặc mtcl review prepare / record, xem --help).",
    "review.6": "Tạo lại sổ dù đã có (nội dung đã ghi nhận được điền lại; phần chưa ghi nhận sẽ mất).",
    "review-book-exists": "Sổ xem xét {path} đã có; có thể Thư ký đang điền. Nếu đã điền, hãy ghi nhận bằng «mtcl "
        "review record <tệp>» trước; dùng --replace để tạo lại (nội dung đã ghi nhận được điền lại).",
    # --- run
    "run-in-progress": "Một lần tổng hợp khác đang chạy (khóa {name}); lần này không làm gì. Hãy chờ lần kia xong.",
    # --- init, backup, restore, rebuild-ledger
    "init-done": "Đã tạo nơi làm việc {folder} với kế hoạch «{title}».",
    "init-next": "Việc cần làm tiếp: xem {note}",
    "backup-done": "Đã sao lưu vào {folder}: sổ ghi nhận ({files} tệp đã nhận) và kho lưu trữ ({copied} tệp chép "
        "thêm lần này).",
    "restore-done": "Đã khôi phục sổ ghi nhận {ledger} từ bản sao lưu; {copied} tệp của kho lưu trữ được chép "
        "thêm.",
    "ledger-aside": "Sổ cũ được giữ lại, đổi tên thành {aside}.",
    "after-ledger": "Hãy chạy «mtcl run»: các tệp nhận sau đó (còn trong inbound/) sẽ được ghi nhận và tổng hợp lại.",
    "rebuild-done": "Đã dựng lại sổ ghi nhận {ledger}: {notes} lần nhận tệp theo ghi chú trong kho lưu trữ, "
        "{inbound} tệp lấy từ inbound/ (thời điểm nhận theo ngày giờ sửa tệp), {confirmations} quyết định xác nhận.",
    "rebuild-unplaced": "{count} tệp trong kho lưu trữ không còn ghi chú và không còn trong inbound/: được ghi "
        "dưới thư mục khoi-phuc/, thời điểm nhận là lúc lưu vào kho.",
    # --- click's own frame, and validate away from a workspace
    "error": "Lỗi: {message}",
    "usage": "Cách dùng: ",
    "options": "Tùy chọn",
    "help-option": "Xem hướng dẫn này rồi thoát.",
    "validate-config": "Tệp cấu hình kế hoạch (mặc định config.toml; biến môi trường MTCL_CONFIG). Không có: "
        "kiểm tra theo kế hoạch đi kèm mtcl mà tệp ghi.",
    "validate-no-files": "Hãy ghi tên (các) tệp báo cáo cần kiểm tra, ví dụ: mtcl validate KHTC_2023-05.xlsx",
    "validate-absent": "Không tìm thấy tệp: {names}. Hãy kiểm tra tên và thư mục của tệp.",
    "validate-packaged": "Không có config.toml: kiểm tra theo kế hoạch «{title}» ({id}) đi kèm mtcl, đúng kế "
        "hoạch ghi trong tệp.",
    "validate-default": "Tệp không ghi kế hoạch nào đi kèm mtcl (không có trang ẩn _mtcl của mẫu, hoặc kế hoạch "
        "khác): kiểm tra theo kế hoạch mặc định «{title}» ({id}).",
    "options-metavar": "[TÙY-CHỌN]",
    "file-metavar": "TỆP",
    "files-metavar": "TỆP...",
    "folder-metavar": "THƯ-MỤC",
    "backup-inside": "Không sao lưu vào {dest}: thư mục này nằm trong {folder}, nơi mtcl nhận tệp hoặc lưu trữ. "
        "Hãy chọn một thư mục khác, tốt nhất ở ổ đĩa khác hoặc ổ USB.",
    "restore-config": "Lưu ý: cấu hình trong bản sao lưu ({theirs}) khác với cấu hình đang dùng ({ours}); mtcl không "
        "thay. Nếu đây là máy mới, hãy chép tệp đó đè lên config.toml trước khi chạy «mtcl run».",
}
