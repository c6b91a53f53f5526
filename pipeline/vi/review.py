"""The texts of the management review (ISO 9001:2015 9.3): its workbook, the review pack and the minutes, in
Vietnamese, for review in one place."""

# --- the workbook's sheets (names at most 31 characters, none of : \ / ? * [ ])
SHEETS = {
    "guide": "Hướng dẫn",
    "meeting": "Cuộc họp",
    "previous": "a) Quyết định lần trước",
    "changes": "b) Thay đổi các vấn đề",
    "results": "c) Kết quả (tự động)",
    "complaints": "c1) Phản hồi, khiếu nại",
    "audit": "c6) Đánh giá nội bộ",
    "providers": "c7) Nhà cung cấp bên ngoài",
    "resources": "d) Nguồn lực",
    "risks": "e) Rủi ro và cơ hội",
    "decisions": "Quyết định (sau họp)",
}

# Each input sheet: its title (row 1) and the clause it feeds.
TITLES = {
    "meeting": "THÔNG TIN CUỘC HỌP XEM XÉT CỦA LÃNH ĐẠO (điền sau cuộc họp)",
    "previous": "a) TÌNH TRẠNG CÁC QUYẾT ĐỊNH CỦA LẦN XEM XÉT TRƯỚC",
    "changes": "b) NHỮNG THAY ĐỔI VỀ CÁC VẤN ĐỀ BÊN NGOÀI VÀ NỘI BỘ LIÊN QUAN ĐẾN HTQLCL",
    "results": "c) KẾT QUẢ THỰC HIỆN VÀ HIỆU LỰC CỦA HTQLCL (mtcl điền từ báo cáo của các đơn vị)",
    "complaints": "c1) PHẢN HỒI, KHIẾU NẠI CỦA TỔ CHỨC, CÔNG DÂN VÀ CÁC BÊN QUAN TÂM",
    "audit": "c6) KẾT QUẢ ĐÁNH GIÁ NỘI BỘ: CÁC PHÁT HIỆN VÀ SỰ KHÔNG PHÙ HỢP",
    "providers": "c7) KẾT QUẢ THỰC HIỆN CỦA NHÀ CUNG CẤP BÊN NGOÀI",
    "resources": "d) SỰ ĐẦY ĐỦ CỦA NGUỒN LỰC",
    "risks": "e) HIỆU LỰC CỦA CÁC HÀNH ĐỘNG GIẢI QUYẾT RỦI RO VÀ CƠ HỘI",
    "decisions": "ĐẦU RA CỦA XEM XÉT (mục 9.3.3): CÁC QUYẾT ĐỊNH CỦA LÃNH ĐẠO (điền sau cuộc họp)",
}

HEADERS = {
    # a) previous decisions
    "previous.id": "Mã quyết định",
    "previous.review": "Lần xem xét",
    "previous.kind": "Loại",
    "previous.text": "Nội dung quyết định",
    "previous.owner": "Đơn vị thực hiện",
    "previous.deadline": "Thời hạn",
    "previous.status": "Tình trạng",
    "previous.note": "Kết quả, ghi chú",
    # b) changes in issues
    "changes.scope": "Vấn đề bên ngoài / nội bộ",
    "changes.change": "Thay đổi",
    "changes.impact": "Tác động đến HTQLCL, việc cần làm",
    # c1) complaints and feedback
    "complaints.received": "Ngày nhận",
    "complaints.source": "Nguồn (tổ chức, công dân, cơ quan)",
    "complaints.content": "Nội dung phản hồi, khiếu nại",
    "complaints.unit": "Đơn vị liên quan",
    "complaints.handling": "Kết quả xử lý",
    "complaints.status": "Tình trạng",
    # c6) internal audit
    "audit.audited_on": "Ngày đánh giá",
    "audit.unit": "Đơn vị được đánh giá",
    "audit.kind": "Loại phát hiện",
    "audit.finding": "Nội dung phát hiện",
    "audit.action": "Hành động khắc phục",
    "audit.deadline": "Thời hạn khắc phục",
    "audit.status": "Tình trạng",
    # c7) external providers
    "providers.provider": "Nhà cung cấp",
    "providers.service": "Sản phẩm, dịch vụ cung cấp",
    "providers.result": "Kết quả đánh giá",
    "providers.note": "Nhận xét",
    # d) resources
    "resources.unit": "Đơn vị",
    "resources.resource": "Nguồn lực",
    "resources.adequacy": "Mức độ đáp ứng",
    "resources.statement": "Đánh giá sự đầy đủ",
    "resources.proposal": "Đề xuất",
    # e) risks and opportunities
    "risks.kind": "Rủi ro / cơ hội",
    "risks.description": "Mô tả",
    "risks.action": "Hành động đã thực hiện",
    "risks.unit": "Đơn vị thực hiện",
    "risks.effective": "Hiệu lực",
    "risks.note": "Nhận xét",
    # decisions, after the meeting
    "decisions.kind": "Loại quyết định",
    "decisions.text": "Nội dung quyết định",
    "decisions.owner": "Đơn vị thực hiện",
    "decisions.deadline": "Thời hạn",
}

# The drop-down lists: code -> label (the code is what the ledger keeps).
CHOICES = {
    "scope": {"external": "Bên ngoài", "internal": "Nội bộ"},
    "complaint-status": {"resolved": "Đã giải quyết", "pending": "Đang giải quyết"},
    "audit-kind": {"nonconformity": "Điểm không phù hợp", "improvement": "Điểm cần cải tiến",
                   "strength": "Điểm mạnh"},
    "audit-status": {"closed": "Đã khắc phục", "open": "Đang khắc phục", "none": "Chưa khắc phục"},
    "provider-result": {"met": "Đạt yêu cầu", "not-met": "Không đạt yêu cầu"},
    "resource": {"people": "Nhân lực", "facilities": "Cơ sở vật chất, trang thiết bị", "budget": "Kinh phí",
                 "software": "Phần mềm, hạ tầng số", "other": "Khác"},
    "adequacy": {"adequate": "Đáp ứng", "inadequate": "Chưa đáp ứng"},
    "risk-kind": {"risk": "Rủi ro", "opportunity": "Cơ hội"},
    "effective": {"effective": "Có hiệu lực", "not-effective": "Chưa có hiệu lực", "unknown": "Chưa đánh giá"},
    "decision-kind": {"improvement": "Cơ hội cải tiến", "change": "Thay đổi HTQLCL", "resource": "Nhu cầu nguồn lực"},
    "decision-status": {"not-started": "Chưa thực hiện", "in-progress": "Đang thực hiện", "done": "Đã hoàn thành",
                        "cancelled": "Không thực hiện nữa"},
}

MEETING = {
    "held_on": "Ngày họp",
    "time": "Thời gian (giờ bắt đầu – kết thúc)",
    "place": "Địa điểm",
    "chair": "Chủ trì (họ tên, chức vụ)",
    "secretary": "Thư ký (họ tên, chức vụ)",
    "attendees": "Thành phần tham dự",
}

BOOK = {
    "title": "Sổ xem xét của lãnh đạo",
    "subtitle": "{department} — xem xét của lãnh đạo {words} (TCVN ISO 9001:2015, mục 9.3)",
    "note": "Chỉ nhập vào các ô màu vàng; mỗi dòng một nội dung. Ô tiêu đề màu cam có dấu * là bắt buộc khi dòng có "
        "nội dung.",
    "note-meeting": "Điền sau cuộc họp, vào các ô màu vàng; cần đủ các ô này để mtcl lập biên bản họp.",
    "note-previous": "mtcl đã điền các quyết định của các lần xem xét trước; Thư ký chọn tình trạng hiện nay của từng "
        "quyết định.",
    "no-previous": "Chưa có quyết định nào của lần xem xét trước được ghi nhận trong mtcl.",
    "required-mark": " *",
    "list-title": "Danh sách",
    "list-message": "Hãy chọn trong danh sách.",
    "unit-title": "Đơn vị",
    "unit-message": "Hãy chọn tên đơn vị trong danh sách.",
    # c) results, written by mtcl
    "results.indicators": "Kết quả các chỉ tiêu (c1–c3)",
    "results.indicator": "Chỉ tiêu",
    "results.target": "Mục tiêu KH",
    "results.value": "Kết quả",
    "results.rate": "Tỷ lệ",
    "results.previous": "So kỳ trước",
    "results.months": "Theo tháng (tháng đầu → tháng cuối)",
    "results.units": "Đơn vị đạt",
    "results.met": "Đánh giá",
    "results.actions": "Hành động khắc phục (c4): {total} trường hợp; đã đóng {closed}; đang mở {open}, trong đó quá "
        "hạn {overdue}; chưa có hành động {none}.",
    "results.monitoring": "Theo dõi và đo lường (c5): báo cáo tháng hợp lệ {reported} ({rate}), đúng hạn {on_time} "
        "({on_time_rate}); biện pháp quá hạn: {overdue}.",
    "results.objectives": "Mục tiêu chất lượng đạt: {met}.",
    "results.as-of": "Số liệu đến ngày {as_of:%d/%m/%Y}.",
}

GUIDE = (
    "HƯỚNG DẪN SỬ DỤNG SỔ XEM XÉT CỦA LÃNH ĐẠO",
    "Sổ này do mtcl tạo (lệnh «mtcl review prepare»). Thư ký ISO điền trước cuộc họp các trang a), b), c1), c6), c7), "
    "d), e); trang «c) Kết quả (tự động)» do mtcl điền từ báo cáo của các đơn vị, không cần sửa.",
    "1. Trước cuộc họp: điền các ô màu vàng, mỗi dòng một nội dung; cột có dấu * là bắt buộc khi dòng có nội dung. "
    "Ngày ghi dạng ngày/tháng/năm, ví dụ 15/06/2023. Đơn vị chọn trong danh sách.",
    "2. Lưu tệp, rồi chạy «mtcl review record <tệp>»: mtcl kiểm tra và báo từng ô cần sửa (tên trang, ô). Sau đó "
    "«mtcl review --period <kỳ>» lập hồ sơ đầu vào họp xem xét (.docx).",
    "3. Sau cuộc họp: điền trang «Cuộc họp» (ngày, giờ, địa điểm, chủ trì, thư ký, thành phần) và trang «Quyết định "
    "(sau họp)» (mỗi quyết định: loại, nội dung, đơn vị thực hiện, thời hạn), rồi chạy lại «mtcl review record "
    "<tệp>» và «mtcl review --period <kỳ>»: mtcl lập biên bản họp và ghi các quyết định để lần xem xét sau theo dõi.",
    "4. Không đổi tên, thêm hoặc xóa trang; có thể thêm nội dung vào các dòng trống có sẵn.",
)

# --- the review pack
PACK = {
    "a.none": "Chưa có quyết định nào của lần xem xét trước được ghi nhận.",
    "a.summary": "Các quyết định của lần xem xét trước: {total}; đã hoàn thành {done}; chưa hoàn thành {open}, trong "
        "đó quá hạn {overdue}.",
    "a.headers": ("Mã", "Nội dung quyết định", "Đơn vị thực hiện", "Thời hạn", "Tình trạng"),
    "overdue": " (quá hạn)",
    "not-filled": "Chưa có thông tin (trang «{sheet}» của sổ xem xét chưa điền).",
    "no-book": "Chưa ghi nhận sổ xem xét của kỳ này: hãy chạy «mtcl review prepare --period {period}», điền sổ rồi "
        "«mtcl review record <tệp>».",
    "b.headers": ("Vấn đề", "Thay đổi", "Tác động đến HTQLCL, việc cần làm"),
    "c1.complaints": "Phản hồi, khiếu nại trong kỳ: {total}; đã giải quyết {resolved}.",
    "c1.headers": ("Ngày nhận", "Nguồn", "Nội dung", "Đơn vị liên quan", "Kết quả xử lý, tình trạng"),
    "c6.summary": "Phát hiện của đánh giá nội bộ: {total}; trong đó điểm không phù hợp {nc}, đã khắc phục {closed}.",
    "c6.headers": ("Ngày", "Đơn vị", "Phát hiện", "Hành động khắc phục; thời hạn", "Tình trạng"),
    "c7.headers": ("Nhà cung cấp", "Sản phẩm, dịch vụ", "Kết quả đánh giá", "Nhận xét"),
    "d.headers": ("Đơn vị", "Nguồn lực", "Mức độ đáp ứng", "Đánh giá; đề xuất"),
    "e.headers": ("Loại", "Mô tả", "Hành động đã thực hiện", "Đơn vị", "Hiệu lực"),
    "e.summary": "Hành động giải quyết rủi ro và cơ hội: {total}; có hiệu lực {effective}; chưa có hiệu lực {not_effective}.",
    "f.from-data": "Từ kết quả thực hiện mục tiêu chất lượng:",
    "f.from-book": "Cơ hội đã nhận diện (trang «{sheet}»):",
    "outputs.none": "Các quyết định của lãnh đạo sẽ được ghi sau cuộc họp (trang «{sheet}» của sổ xem xét, rồi «mtcl "
        "review record <tệp>»).",
    "outputs.headers": ("Mã", "Loại", "Nội dung quyết định", "Đơn vị thực hiện", "Thời hạn"),
    "outputs.kind": "{kind}: {count}",
}

MINUTES = {
    "title": "BIÊN BẢN",
    "kind": "BB",                # the type in «Số: …/BB-…»
    "subtitle": "Họp xem xét của lãnh đạo về Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 — {words}",
    "h.time": "I. Thời gian, địa điểm",
    "time": "Thời gian: {time}, ngày {held_on:%d/%m/%Y}.",
    "place": "Địa điểm: {place}.",
    "h.people": "II. Thành phần",
    "chair": "Chủ trì: {chair}.",
    "secretary": "Thư ký: {secretary}.",
    "attendees": "Thành phần tham dự: {attendees}.",
    "h.inputs": "III. Nội dung xem xét (đầu vào theo mục 9.3.2)",
    "inputs.intro": "Cuộc họp đã xem xét hồ sơ đầu vào «{pack}», gồm:",
    "h.decisions": "IV. Kết luận của lãnh đạo (đầu ra theo mục 9.3.3)",
    "decisions.intro": "Cuộc họp thống nhất {count} quyết định, giao các đơn vị thực hiện:",
    "closing": "Biên bản được lập xong ngày {held_on:%d/%m/%Y}, đã thông qua trước các thành viên dự họp và được lưu "
        "cùng hồ sơ xem xét của lãnh đạo{evidence}.",
    "evidence": " (minh chứng của biện pháp {measures})",
    "sign.secretary": "THƯ KÝ",
    "sign.chair": "CHỦ TRÌ",
    "sign.hint": "(Ký, ghi rõ họ tên)",
}

CLI_TEXT = {
    "prepare.out": "Sổ xem xét (Excel) để Thư ký điền: {path}",
    "record.file": "TỆP",
    "record.bad": "Sổ xem xét có {count} lỗi, chưa ghi nhận. Hãy sửa các ô sau rồi chạy lại:",
    "record.finding": "  [{severity}] {message}",
    "record.ok": "Đã ghi nhận sổ xem xét kỳ {period}: {decisions} quyết định; cập nhật tình trạng {updated} quyết "
        "định của lần trước.",
    "record.next": "Tiếp theo: mtcl review --period {period} (hồ sơ đầu vào{minutes}).",
    "record.minutes": " và biên bản họp",
    "record.failed": "Không đọc được sổ xem xét",
    "minutes.out": "Biên bản họp xem xét của lãnh đạo (Word): {path}",
}
