"""The texts of «mtcl plan import» (plan/decision*), in Vietnamese, for review in one place."""

PLAN_IMPORT = {
    # --- the file is not such a decision (exit 2)
    "unreadable": "Không đọc được tệp {name}: {problem}.",
    "is-doc": "Tệp {name} là văn bản Word 97–2003 (.doc). Hãy mở bằng Word, chọn Lưu thành (Save As) kiểu "
        "«Word Document (*.docx)», rồi nhập tệp .docx.",
    "is-pdf": "Tệp {name} là PDF: mtcl cần bản Word (.docx) của quyết định. Hãy xin Văn phòng Sở bản .docx "
        "(bản trình ký) của quyết định.",
    "too-big": "Tệp {name} quá lớn hoặc chứa quá nhiều phần để là một quyết định; hãy kiểm tra lại tệp.",
    "not-zip": "nội dung không phải tệp .docx",
    "not-docx": "Tệp {name} không phải văn bản Word (.docx) đọc được ({problem}): tệp có thể bị hỏng hoặc "
        "chỉ đổi tên đuôi. Hãy mở lại bằng Word và lưu thành .docx.",
    "not-word": "Tệp {name} không phải văn bản Word (.docx): có thể là bảng tính Excel hoặc văn bản OpenDocument "
        "(.odt). Hãy chọn tệp Word của quyết định (với .odt: mở và lưu thành .docx).",
    "no-plan-table": "Tệp {name} không có bảng Kế hoạch thực hiện MTCL (Phụ lục 2) với các cột «Mục tiêu chất "
        "lượng và biện pháp thực hiện», «Chủ trì», «Thời gian thực hiện»: đây không phải quyết định ban hành "
        "Mục tiêu chất lượng và Kế hoạch thực hiện MTCL. Hãy chọn đúng tệp quyết định.",
    "no-objectives": "Tệp {name} có bảng kế hoạch nhưng không tìm thấy các mục tiêu chất lượng (Phụ lục 1, các "
        "đoạn đánh số 1., 2., …). Hãy kiểm tra tệp quyết định.",
    "out-is-config": "Không ghi kế hoạch mới đè lên tệp cấu hình đang dùng ({name}): hãy chọn --out một tệp khác, "
        "ví dụ plan-2024.toml.",
    "cannot-write": "Không ghi được {path}: {problem}. Hãy chọn --out một thư mục ghi được.",
    # --- where
    "where-p1": "Phụ lục 1, đoạn {n}",
    "where-row": "Phụ lục 2, bảng {table}, hàng {row}",
    "where-section": "Phụ lục 2, mục {roman}",
    "where-objective": "Mục tiêu {id}",
    "where-plan": "Thông tin kế hoạch",
    "where-previous": "Mục tiêu {id} năm trước",
    "where-measure": "Biện pháp {id} ({where})",
    "where-measure-id": "Biện pháp {id}",
    "where-previous-measure": "Biện pháp {id} năm trước",
    # --- what was found
    "decision-ref": "Quyết định số {number}/{sign} ngày {day:02d}/{month:02d}/{year}",
    "plan-title": "Kế hoạch thực hiện mục tiêu chất lượng năm {year}",
    "empty": "(để trống)",
    "duplicate-objective": "Phụ lục 1 có hai mục tiêu số {id}; mtcl giữ đoạn sau. Hãy kiểm tra số thứ tự.",
    "unplaced-paragraph": "Đoạn «{text}» nằm giữa các mục tiêu nhưng không đánh số, mtcl không đưa vào mục tiêu "
        "nào. Nếu là một phần của mục tiêu, hãy bổ sung vào tiêu đề mục tiêu trong tệp kế hoạch.",
    "row-before-section": "Hàng «{text}» đứng trước mọi mục (I., II., …) nên không biết thuộc mục tiêu nào; "
        "mtcl không đưa vào kế hoạch. Hãy thêm biện pháp này vào tệp kế hoạch nếu cần.",
    "duplicate-measure": "Có hai biện pháp cùng số {id}; biện pháp sau được ghi với số có hậu tố -2. Hãy sửa "
        "số thứ tự trong tệp kế hoạch.",
    "unplaced-row": "Hàng có số thứ tự «{tt}» («{text}») không phải mục (I., II.), biện pháp (1, 2) hay ý (a, b): "
        "mtcl không đưa vào kế hoạch. Hãy thêm vào tệp kế hoạch nếu đó là một biện pháp.",
    "sub-without-parent": "Ý «{letter})» («{text}») không đứng sau biện pháp có số nào: mtcl không đưa vào kế "
        "hoạch. Hãy thêm vào tệp kế hoạch nếu cần.",
    "unnumbered-row": "Hàng đầu tiên của mục không ghi số thứ tự; mtcl đánh số {id}.",
    "joined-row": "Hàng không có số thứ tự («{text}») được ghép tiếp vào biện pháp {id} (như một hàng bị ngắt "
        "trang). Nếu đó là một biện pháp riêng, hãy tách trong tệp kế hoạch.",
    "objective-from-table": "Phụ lục 1 không có mục tiêu {id}; tiêu đề lấy từ dòng mục của Phụ lục 2 (chữ in "
        "hoa). Hãy viết lại tiêu đề và tên ngắn (short) trong tệp kế hoạch.",
    "section-differs": "Tiêu đề mục trong Phụ lục 2 («{heading}») khác nhiều so với mục tiêu {id} của Phụ lục 1; "
        "các biện pháp của mục được gắn với mục tiêu {id}. Hãy kiểm tra.",
    "objective-without-measures": "Mục tiêu {id} không có biện pháp nào trong Phụ lục 2.",
    "no-year": "Không tìm thấy năm của kế hoạch trong quyết định; mtcl ghi năm {year}. Hãy kiểm tra [plan] year.",
    "no-decision-ref": "Không tìm thấy số và ngày của quyết định («Kèm theo Quyết định số …/QĐ-… ngày …»); hãy "
        "ghi vào [plan] decision.",
    "objective-renumbered": "Mục tiêu {old} năm trước nay là mục tiêu {id} (nội dung không đổi); các chỉ tiêu "
        "{ids} được chuyển sang và giữ mã cũ. Hãy kiểm tra mã chỉ tiêu.",
    "objective-changed": "Nội dung mục tiêu {id} thay đổi so với năm trước. Năm trước: «{old}». Năm nay: «{new}». "
        "Các chỉ tiêu cần Thư ký ISO xem lại (được ghi dưới dạng chú thích trong tệp kế hoạch, bỏ dấu # ở đầu dòng "
        "để dùng lại): {indicators}. Tên ngắn (short) tạm lấy của năm trước.",
    "no-indicators": "không có chỉ tiêu",
    "objective-new": "Mục tiêu {id} là mục tiêu mới (năm trước không có): chưa có chỉ tiêu đo lường; tên ngắn "
        "tạm ghi «{short}». Hãy thêm [[indicators]] và sửa short trong tệp kế hoạch.",
    "objective-removed": "Mục tiêu {id} năm trước («{title}») không còn trong quyết định; các chỉ tiêu của mục "
        "tiêu này không được chuyển sang: {indicators}.",
    "no-indicator-carried": "Không có chỉ tiêu nào được chuyển từ năm trước; kế hoạch cần ít nhất một "
        "[[indicators]].",
    "unknown-lead": "Không xác định chắc chắn được đơn vị chủ trì cho {parts} trong «{text}»: các phần này không "
        "được gắn với đơn vị nào. Hãy ghi mã đơn vị vào lead (hoặc thêm đơn vị mới vào [[units]]).",
    "unknown-coordinate": "Không xác định chắc chắn được đơn vị phối hợp cho {parts} trong «{text}»: các phần "
        "này không được gắn với đơn vị nào. Nếu là đơn vị của Sở, hãy ghi mã vào coordinate.",
    "no-lead": "Chưa có đơn vị chủ trì («{text}»): hãy ghi mã đơn vị vào lead, ví dụ lead = [\"VP\"].",
    "toml-corrections": "Lỗi đánh máy của quyết định được sửa khi hiển thị (giữ nguyên văn trong kế hoạch), chuyển từ năm trước",
    "periodic-needs-due": "Thời hạn «{text}» có phần «định kỳ» không nói bao lâu một lần: hãy ghi các ngày đến hạn "
        "vào due = [\"…\"] (hoặc due = [] nếu không tính quá hạn) ngay dưới biện pháp này.",
    "unread-deadline": "Không đọc được thời hạn «{text}»: hãy viết lại theo một dạng mtcl hiểu (ví dụ «Tháng "
        "03/2024», «Trước ngày 15/05/2024», «Hằng quý», «Thường xuyên», «Cả năm») trong deadline và "
        "deadline_parsed.",
    "partial-deadline": "Thời hạn «{text}» chỉ đọc được một phần: các số {numbers} không ứng với mốc nào đã "
        "đọc. Hãy kiểm tra deadline_parsed.",
    "deadline-outside-year": "Thời hạn «{text}» không có mốc nào trong năm kế hoạch {year}: biện pháp sẽ không bao "
        "giờ đến hạn. Hãy kiểm tra năm ghi trong thời hạn.",
    "empty-measure": "Biện pháp không có nội dung; hãy kiểm tra hàng này trong quyết định.",
    "measure-renumbered": "Biện pháp {old} năm trước nay mang số {id} (nội dung không đổi).",
    "measure-renamed": "Nội dung biện pháp {id} thay đổi. Năm trước: «{old}». Năm nay: «{new}».",
    "measure-added": "Biện pháp mới: {id} «{text}».",
    "measure-removed": "Biện pháp {id} năm trước («{text}») không còn trong quyết định.",
    "does-not-load": "Tệp kế hoạch chưa dùng được: {problem}",
    # --- the plan file's comments
    "toml-head": "Kế hoạch nhập từ quyết định {source} bằng «mtcl plan import».",
    "toml-review": "Đọc danh sách cần xem lại {review} và sửa các mục «CẦN SỬA» trước khi dùng.",
    "toml-objectives": "Mục tiêu chất lượng: Phụ lục 1",
    "toml-indicators": "Chỉ tiêu đo lường: chuyển từ kế hoạch năm trước cho các mục tiêu không đổi",
    "toml-held": "CẦN XEM: mục tiêu {id} thay đổi nội dung; chỉ tiêu năm trước dưới đây chưa được dùng "
        "(bỏ dấu # để dùng lại).",
    "toml-measures": "Biện pháp thực hiện: Phụ lục 2",
    "toml-section": "Mục tiêu {id}: {title}",
    "toml-fix": "CẦN SỬA",
    # --- the review list
    "review-title": "Danh sách cần xem lại: kế hoạch nhập từ {source}",
    "review-summary": "Tệp kế hoạch {plan}: {objectives} mục tiêu, {measures} biện pháp.",
    "review-loads": "Tệp kế hoạch nạp được cùng danh sách đơn vị của kế hoạch năm trước.",
    "review-does-not-load": "Tệp kế hoạch CHƯA dùng được: hãy sửa các mục «Phải sửa trước khi dùng».",
    "review-empty": "Không có mục nào cần xem lại.",
    "level-fix": "Phải sửa trước khi dùng",
    "level-check": "Cần Thư ký ISO xem lại",
    "level-note": "Ghi chú",
    # --- cli
    "cli-out": "Nơi ghi tệp kế hoạch (TOML); danh sách cần xem lại ghi bên cạnh (.review.md).",
    "cli-done": "Đã đọc {source}: {objectives} mục tiêu, {measures} biện pháp. Kế hoạch: {plan}",
    "cli-review": "Danh sách cần xem lại ({count} mục): {review}",
    "cli-not-loading": "Tệp kế hoạch chưa dùng được cho đến khi sửa các mục «Phải sửa trước khi dùng».",
}
