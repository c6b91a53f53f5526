"""The texts of documents, in Vietnamese, for review in one place."""

# The quyền hạn of a signer (Nghị định 30/2020/NĐ-CP, Phụ lục I): the Director signs, or a deputy signs on the
# Director's behalf ("ký thay", KT.) with their own title underneath.
SIGNER_AUTHORITIES = ("GIÁM ĐỐC", "KT. GIÁM ĐỐC")

# [documents] when config.toml has no such table: a report still opens, the secretary fills what is dotted.
DOCUMENT_DEFAULTS = {
    "parent_body": "UBND TỈNH …………",
    "abbreviation": "SLĐTBXH",
    "place": "…………",
    "recipients": ("Ban Chỉ đạo ISO Sở", "Các phòng, đơn vị thuộc Sở", "Lưu: VT, VP (ISO)"),
}

DOCUMENTS = {
    # --- outputs.documents.content
    "module.1": "(Văn phòng Sở bổ sung: …………………………………………………………)",
    "module.2": "GIÁM ĐỐC",
    "module.4": "Các phòng, đơn vị thuộc Sở",
    "indicator_table.3": "Kết quả (tử/mẫu)",
    "indicator_table.6": "Đánh giá",
    "actions_table.1": "{name} — {indicator} (từ {form_value}, {pct})",
    "actions_table.3": "Đơn vị — chỉ tiêu",
    "actions_table.6": "Người chịu trách nhiệm; thời hạn",
    "actions_table.8": "nội dung",
    "overdue_table.1": "{due_date:%d/%m/%Y} ({days_overdue} ngày)",
    "overdue_table.5": "Hạn (quá hạn)",
    "overdue_table.6": "Đơn vị báo cáo",
    "proposals.1": "Đề nghị các đơn vị sau nộp báo cáo đầy đủ, đúng hạn (trước ngày {due_day} tháng sau kỳ báo cáo): ",
    "proposals.3": "Chỉ đạo các đơn vị chưa đạt chỉ tiêu ",
    "proposals.4": " thực hiện hành động khắc phục đã đề ra và báo cáo kết quả trong kỳ tới.",
    "proposals.5": "Yêu cầu các đơn vị sau xác định nguyên nhân, hành động khắc phục, người chịu trách nhiệm và thời hạn cho "
        "các chỉ tiêu chưa đạt (ISO 9001:2015 mục 10.2): ",
    "proposals.7": "Đôn đốc {vi_int} hành động khắc phục đã quá thời hạn: ",
    "proposals.8": "hành động",
    "proposals.9": "Đôn đốc hoàn thành các biện pháp quá hạn: ",
    "proposals.11": "Thư ký ISO kiểm tra minh chứng tại các đơn vị báo cáo đạt 100% mục tiêu nhưng còn biện pháp chưa hoàn "
        "thành: ",
    "proposals.12": "{name} (mục tiêu {objective})",
    "report_document.1": "Căn cứ {decision} về việc ban hành {lower}{title}; trên cơ sở báo cáo của các đơn vị (số liệu tổng hợp "
        "đến ngày {as_of:%d/%m/%Y}), {department} báo cáo kết quả thực hiện Mục tiêu chất lượng {words} như sau:",
    "report_document.3": "Trong kỳ có {vi_int} báo cáo tháng phải nộp; đã nhận {vi_int2} báo cáo hợp lệ ({pct}), trong đó {vi_int3} "
        "báo cáo đúng hạn ({pct2}).",
    "report_document.5": "{vi_ratio} mục tiêu đạt",
    "report_document.6": "; chưa đạt: mục tiêu {join}.",
    "report_document.7": " Tỷ lệ của Sở được tính bằng tổng số hoàn thành đúng hạn trên tổng số phải thực hiện của các đơn vị "
        "(không lấy trung bình các tỷ lệ).",
    "report_document.8": "Kết quả: {RESULT_VI}.",
    "report_document.9": "Đơn vị chưa đạt: ",
    "report_document.10": "{name} ({pct} ở chỉ tiêu {id})",
    "report_document.12": "Biện pháp quá hạn: ",
    "report_document.13": "{measure} — {name} (hạn {due_date:%d/%m/%Y})",
    "report_document.15": "Cần kiểm tra minh chứng: ",
    "report_document.16": "{name} báo cáo đạt 100% nhưng ",
    "report_document.20": "Chưa nộp báo cáo",
    "report_document.21": "Chỉ tiêu chưa đạt",
    "report_document.23": "Nộp trễ",
    "report_document.29": "Sổ theo dõi hành động khắc phục (ISO 9001:2015 mục 10.2) có {vi_int} nội dung liên quan đến kỳ: {vi_int2} "
        "đã đóng (đã thực hiện và đạt liên tiếp {needed} kỳ), {vi_int3} chưa hoàn thành, trong đó {vi_int4} quá thời hạn và {vi_int5} chưa có "
        "hành động khắc phục.",
    "report_document.30": "Không có nguyên nhân, hành động khắc phục nào được ghi nhận.",
    "report_document.32": "BÁO CÁO",
    "report_document.33": "Kết quả thực hiện Mục tiêu chất lượng {words}",
    "review_document.1": "Tài liệu đầu vào cho cuộc họp xem xét của lãnh đạo về Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 "
        "(mục 9.3.2), {words}; số liệu tổng hợp từ báo cáo của các đơn vị đến ngày {as_of:%d/%m/%Y}.",
    "review_document.2": "a) Tình trạng của các hành động từ các lần xem xét trước",
    "review_document.3": "Các hành động khắc phục mở từ trước kỳ này và tình trạng hiện nay:",
    "review_document.4": "Không có hành động khắc phục nào mở từ trước kỳ này còn được theo dõi.",
    "review_document.5": "Các quyết định của lần xem xét trước: {TO_FILL}",
    "review_document.6": "b) Những thay đổi về các vấn đề bên ngoài và nội bộ liên quan đến HTQLCL",
    "review_document.7": "c) Kết quả thực hiện và hiệu lực của HTQLCL",
    "review_document.8": "1. Sự thỏa mãn của tổ chức, công dân",
    "review_document.9": "2. Mức độ đạt được các mục tiêu chất lượng",
    "review_document.13": "3. Kết quả thực hiện các quá trình",
    "review_document.14": "4. Sự không phù hợp và hành động khắc phục",
    "review_document.15": "Không có nguyên nhân, hành động khắc phục nào được ghi nhận.",
    "review_document.16": "5. Kết quả theo dõi và đo lường",
    "review_document.17": "Báo cáo tháng: {vi_ratio} hợp lệ ({pct}), đúng hạn {vi_int} ({pct2}); biện pháp quá hạn: {vi_int2}; đơn "
        "vị tự báo cáo đạt nhưng còn biện pháp chưa xong: {vi_int3}.",
    "review_document.18": "6. Kết quả đánh giá nội bộ",
    "review_document.19": "quá hạn ({join})",
    "review_document.20": "không có đơn vị chủ trì nào quá hạn",
    "review_document.21": "{id}. {text} — thời hạn: {deadline}; {state}.",
    "review_document.22": "Kết quả, phát hiện của đợt đánh giá nội bộ: {TO_FILL}",
    "review_document.23": "7. Kết quả thực hiện của nhà cung cấp bên ngoài",
    "review_document.24": "d) Sự đầy đủ của nguồn lực",
    "review_document.25": "Các đơn vị không nêu nguyên nhân về nguồn lực trong kỳ.",
    "review_document.26": "Nhu cầu nguồn lực đề xuất: {TO_FILL}",
    "review_document.27": "e) Hiệu lực của các hành động giải quyết rủi ro và cơ hội",
    "review_document.28": "f) Các cơ hội cải tiến",
    "review_document.29": "Kết luận của lãnh đạo (đầu ra, mục 9.3.3)",
    "review_document.30": "Nội dung quyết định",
    "review_document.31": "Đơn vị, người thực hiện",
    "review_document.33": "BÁO CÁO XEM XÉT CỦA LÃNH ĐẠO",
    "review_document.34": "Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 — {words}",
    "review_document.35": "ĐẠI DIỆN LÃNH ĐẠO VỀ CHẤT LƯỢNG",
    "review_document.37": "Ban Chỉ đạo ISO",
    # --- outputs.documents.docx
    # the number and the date stay blank (non-breaking spaces): the records office writes them on issue
    "heading_block.2": "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/{kind}-{abbreviation}",
    "heading_block.3": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "heading_block.4": "Độc lập - Tự do - Hạnh phúc",
    "heading_block.5": "{place}, ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 tháng\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 năm\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0",
    "signature.1": "Nơi nhận:",
    # --- outputs.documents.html
    "render_html.1": "<p class=\"note\">Lập bởi mtcl ngày {today:%d/%m/%Y}; số liệu đến ngày {as_of:%d/%m/%Y}. Chi tiết trong "
        "bảng tổng hợp Excel của kỳ.</p></body></html>",
    "svg_chart.1": "<line x1=\"{x:.1f}\" x2=\"{value:.1f}\" y1=\"{y:.1f}\" y2=\"{y2:.1f}\" stroke=\"#000\" "
        "stroke-width=\"3\"><title>Mục tiêu: {value2}</title></line>",
    # --- outputs.documents.report
    "report.kind": "BC",
    "report.I": "I. KẾT QUẢ THỰC HIỆN",
    "report.I.1": "1. Tình hình báo cáo của các đơn vị",
    "report.I.2": "2. Kết quả thực hiện các mục tiêu chất lượng",
    "report.I.3": "3. Đơn vị chưa đạt chỉ tiêu, chậm tiến độ",
    "report.I.4": "4. Nguyên nhân và hành động khắc phục",
    "report.span": "Kỳ báo cáo từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}; báo cáo của các đơn vị hạn nộp chậm nhất "
        "ngày {due:%d/%m/%Y}.",
    "report.same.all": "Chưa có số liệu cùng kỳ năm trước để so sánh.",
    "report.same.some": "Chưa có số liệu cùng kỳ năm trước của chỉ tiêu {ids}.",
    "report.compare": "So cùng kỳ năm trước",
    "report.objective": "Mục tiêu {id}. {title}",
    "report.II": "II. ĐÁNH GIÁ CHUNG",
    "report.II.1": "1. Ưu điểm",
    "report.II.2": "2. Hạn chế, nguyên nhân",
    "report.III": "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
    "report.III.1": "1. Nhiệm vụ trọng tâm kỳ tới",
    "report.III.2": "2. Hành động khắc phục các đơn vị đã đề ra",
    "report.draft": "[Dự thảo do mtcl lập từ số liệu và từ nguyên nhân, hành động khắc phục các đơn vị đã báo cáo; "
        "Thư ký ISO rà soát, chỉnh sửa trước khi trình ký.]",
    "good.objectives": "{met} mục tiêu chất lượng đạt kế hoạch: {list}.",
    "good.none": "Chưa có mục tiêu chất lượng nào đạt kế hoạch trong kỳ.",
    "good.reports": "Các đơn vị nộp {reported} báo cáo tháng hợp lệ ({rate}), trong đó {on_time} báo cáo đúng hạn ({on_time_rate}).",
    "good.units": "Các đơn vị đạt tất cả chỉ tiêu có phát sinh: {list}.",
    "good.better": "Tăng so với cùng kỳ năm trước: {list}.",
    "good.better.item": "chỉ tiêu {id} ({change})",
    "weak.indicator": "Chỉ tiêu {id} ({name}) chưa đạt: {rate}, kế hoạch {target}; {units} đơn vị chưa đạt.",
    "weak.missing": "Còn {count} báo cáo tháng chưa nộp hoặc chưa hợp lệ; {late} báo cáo nộp trễ hạn.",
    "weak.overdue": "{count} biện pháp của kế hoạch đã quá thời hạn mà chưa hoàn thành.",
    "weak.worse": "Giảm so với cùng kỳ năm trước: {list}.",
    "weak.causes": "Nguyên nhân do các đơn vị nêu: ",
    "weak.cause.item": "{cause} ({where})",
    "weak.cause.where": "{name}, chỉ tiêu {indicator}",
    "weak.no_cause": "{count} trường hợp chưa đạt chưa được đơn vị nêu nguyên nhân.",
    "weak.none": "Trong kỳ, các chỉ tiêu có phát sinh đều đạt kế hoạch; không có biện pháp quá hạn.",
    "plan.action": "{name}: {action} (chỉ tiêu {indicator}; {owner}{deadline}).",
    "plan.deadline": "; hạn {deadline:%d/%m/%Y}",
    "plan.no_owner": "chưa giao người chịu trách nhiệm",
    "plan.no_actions": "Không có hành động khắc phục nào chưa hoàn thành.",
    "plan.keep": "Tiếp tục duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015; các đơn vị báo cáo "
        "đầy đủ, đúng hạn kết quả thực hiện mục tiêu chất lượng.",
}
