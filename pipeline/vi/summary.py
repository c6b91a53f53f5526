"""The texts of summary, in Vietnamese, for review in one place."""

SUMMARY = {
    # --- outputs.summary
    "more_in_workbook.1": "mục",
    "more_in_workbook.2": "… và {vi_int} {noun} khác: xem trang «{SHEETS}» của bảng tổng hợp",
    "summary_markdown.1": "# Tổng hợp kết quả thực hiện mục tiêu chất lượng — {label_vi}",
    "summary_markdown.2": "{department} · {title}. Số liệu đến ngày {as_of:%d/%m/%Y}; lập lúc {generated_at:%H:%M ngày %d/%m/%Y}.",
    "summary_markdown.3": "## Kết quả chung",
    "summary_markdown.4": "- Mục tiêu đạt: **{vi_ratio}**; không đạt: **{len}**; chưa có số liệu: {value}.",
    "summary_markdown.5": "- Báo cáo được nhận: **{vi_ratio}** (đúng hạn {vi_int}, trễ hạn {vi_int2}).",
    "summary_markdown.6": "- Tỷ lệ nộp báo cáo {pct}, nộp đúng hạn {pct2}; {lower}: {pct3} và {pct4}.",
    "summary_markdown.7": "- Biện pháp quá hạn: **{vi_int}**; hành động khắc phục chưa hoàn thành: **{vi_int2}** (quá hạn {vi_int3}).",
    "summary_markdown.8": "## Các chỉ tiêu",
    "summary_markdown.9": "| Chỉ tiêu | Mục tiêu | Tỷ lệ của Sở | Đơn vị đạt | Kết quả | So {lower} | {ytd_label} |",
    "summary_markdown.10": "## Đơn vị chậm tiến độ",
    "summary_markdown.11": "- Không có đơn vị nào chậm trong kỳ.",
    "summary_markdown.12": "## Cần chỉ đạo khắc phục",
    "summary_markdown.13": "- {name}: chỉ tiêu {id} đạt {pct} (mục tiêu {target_label}).",
    "summary_markdown.14": "- Không có đơn vị nào chưa đạt chỉ tiêu trong kỳ.",
    "summary_markdown.15": "## Đơn vị chưa nộp hoặc bị trả lại",
    "summary_markdown.16": "- Tất cả đơn vị đã nộp báo cáo.",
    "summary_markdown.17": "## Biện pháp quá hạn (đến ngày {as_of:%d/%m/%Y})",
    "summary_markdown.18": "- {measure} ({name}, hạn {due_date:%d/%m/%Y}, quá {days_overdue} ngày): {text} — {status_label}. Minh "
        "chứng cần có: {evidence_expected}",
    "summary_markdown.19": "- Không có biện pháp nào quá hạn.",
    "plan-notes-title": "## Lưu ý cho Thư ký ISO về kế hoạch",
    "plan-notes": "- {count} hạn của kế hoạch rơi trước ngày ban hành kế hoạch ({issued:%d/%m/%Y}): {listed}. Các hạn này được tính là đến hạn vào ngày ban hành: đơn vị hoàn thành đến ngày đó là đúng hạn, không bị báo lỗi. Khi soạn kế hoạch năm sau, nên đặt các hạn này sau ngày ban hành.",
    "summary_markdown.20": "## Tự báo cáo đạt nhưng biện pháp chưa xong",
    "summary_markdown.21": "- {name}, mục tiêu {objective}: báo cáo đạt toàn bộ chỉ tiêu nhưng {measures}.",
    "summary_markdown.22": "## Sổ theo dõi hành động khắc phục (ISO 9001:2015 mục 10.2)",
    "summary_markdown.23": ", hạn {deadline:%d/%m/%Y}",
    "summary_markdown.24": " — **quá hạn**",
    "summary_markdown.25": "- {name}, chỉ tiêu {indicator} (từ {form_value}): {value}{when}.{state}",
    "summary_markdown.26": "- Không có nguyên nhân, hành động khắc phục nào được ghi nhận.",
    "summary_markdown.27": "## Tệp bị trả lại",
    "held-title": "## Tệp chờ Thư ký ISO xác nhận",
    "held-intro": "Các tệp này chưa được đưa vào tổng hợp vì các dấu hiệu trong tệp ghi khác nhau về đơn vị hoặc kỳ báo "
        "cáo; xác nhận hoặc trả lại bằng lệnh «mtcl confirm».",
    "summary_markdown.28": "Có {warned} báo cáo được nhận kèm cảnh báo; xem trang «Lỗi và cảnh báo» của bảng tổng hợp.",
    "summary_markdown.29": "Chi tiết: `{workbook_name}`.",
    "summary_markdown.30": "Tệp `{usual}` đang được mở (Excel) nên không ghi đè được; bảng tổng hợp mới được ghi thành "
        "`{workbook_name}`.",
}
