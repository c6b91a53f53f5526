"""The texts of template, in Vietnamese, for review in one place."""

TEMPLATE = {
    # --- outputs.template
    "template.1": "Mẫu báo cáo kết quả thực hiện mục tiêu chất lượng",
    "template.2": "BÁO CÁO KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG",
    "template.4": "Hãy chọn tên đơn vị trong danh sách.",
    "template.6": "Hãy chọn tháng/năm trong danh sách, ví dụ 05/2023.",
    "template.7": "Hạn nộp: ngày {due_day} tháng sau kỳ báo cáo. Chỉ nhập vào các ô màu vàng.",
    "template.8": "TIẾN ĐỘ THỰC HIỆN CÁC BIỆN PHÁP CỦA KẾ HOẠCH MTCL",
    "template.9": "Các biện pháp đơn vị {name} chủ trì hoặc phối hợp",
    "template.10": "Tất cả biện pháp của kế hoạch; đơn vị báo cáo các biện pháp mình chủ trì hoặc phối hợp",
    "validate_columns.1": "Trạng thái",
    "validate_columns.2": "Hãy chọn trạng thái trong danh sách.",
    "count_rule.1": "Số lượng",
    "count_rule.2": "Nhập số nguyên ≥ 0. Ghi 0 nếu không phát sinh.",
    "count_rule.3": "Số không hợp lệ",
    "count_rule.4": "Chỉ nhập số nguyên từ 0 trở lên.",
    "text_rule.1": "Nội dung quá dài",
    "text_rule.2": "Tối đa {MAX_TEXT} ký tự.",
    "validate_date.1": "Ngày",
    "validate_date.2": "Nhập ngày dạng ngày/tháng/năm, ví dụ 15/05/2023.",
    "validate_date.3": "Ngày không hợp lệ",
    "validate_date.4": "Nhập một ngày từ năm {value} đến năm {value2}.",
    "guide.1": "HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO MỤC TIÊU CHẤT LƯỢNG",
    "guide.2": "1. Trang «Chỉ tiêu»: chọn tên đơn vị và kỳ báo cáo (tháng/năm) trong danh sách ở đầu trang.",
    "guide.3": "2. Với mỗi chỉ tiêu, nhập «Số phải thực hiện trong kỳ», «Số hoàn thành đúng hạn» và «Số hoàn thành trễ "
        "hạn» (số nguyên ≥ 0). Ghi 0 nếu trong kỳ không phát sinh; để trống nghĩa là chưa báo cáo.",
    "guide.4": "3. Số đúng hạn cộng trễ hạn không được lớn hơn số phải thực hiện. Tỷ lệ do hệ thống tự tính lại từ các "
        "số, không cần nhập.",
    # guide.5 follows reporting.missing_action: «bắt buộc» only where a missing cause rejects the file
    "guide.5-error": "4. Chỉ tiêu chưa đạt mục tiêu: bắt buộc ghi nguyên nhân, hành động khắc phục, người chịu trách "
        "nhiệm và thời hạn khắc phục (ISO 9001:2015, mục 10.2); thiếu một trong các ô này thì tệp bị trả lại. Khi đã "
        "thực hiện xong hành động khắc phục, ghi ngày đó vào cột «Ngày thực hiện xong khắc phục».",
    "guide.5-warning": "4. Chỉ tiêu chưa đạt mục tiêu: cần ghi nguyên nhân, hành động khắc phục, người chịu trách "
        "nhiệm và thời hạn khắc phục (ISO 9001:2015, mục 10.2); thiếu thì tệp vẫn được nhận nhưng bị cảnh báo và "
        "Thư ký ISO sẽ đề nghị bổ sung. Khi đã thực hiện xong hành động khắc phục, ghi ngày đó vào cột «Ngày thực "
        "hiện xong khắc phục».",
    "guide.6": "5. Trang «Biện pháp» liệt kê các biện pháp đơn vị chủ trì hoặc phối hợp (cột «Đơn vị là»), đơn vị "
        "phối hợp, người theo dõi và hạn tính cho kỳ báo cáo. Chọn trạng thái của từng biện pháp; biện pháp đã hoàn "
        "thành phải ghi ngày hoàn thành và minh chứng (số, ký hiệu văn bản hoặc nơi lưu hồ sơ).",
    "guide.computed": "Chỉ tiêu {ids} không nhập số: hệ thống tự đếm các biện pháp đơn vị chủ trì có hạn trong tháng "
        "và những biện pháp trong số đó được chọn «Hoàn thành đúng hạn», «Hoàn thành trễ hạn»; nếu chưa đạt, chỉ ghi "
        "nguyên nhân và hành động khắc phục.",
    "guide.7": "6. Hạn nộp: ngày {due_day} của tháng sau kỳ báo cáo. Lưu tệp dạng .xlsx và gửi vào thư mục chung hoặc qua "
        "thư điện tử cho Thư ký ISO. Nên đặt tên tệp theo dạng MADONVI_YYYY-MM.xlsx, ví dụ KHTC_2023-05.xlsx.",
    "guide.8": "7. Chỉ nhập vào các ô màu vàng; không đổi tên, thêm hoặc xóa trang, dòng của mẫu. Nếu gửi lại bản sửa, "
        "bản nhận sau cùng sẽ được dùng.",
    "guide.check": "8. Cột «Kiểm tra (tự động)» ở cuối mỗi dòng tự hiện, ngay khi nhập, những điều hệ thống sẽ "
        "báo khi nhận tệp, với đúng lời của thông báo; ô cần sửa được tô đỏ ({error}: tệp sẽ bị trả lại) hoặc cam "
        "({warning}: tệp vẫn được nhận). Cột trống nghĩa là chưa thấy lỗi ở dòng đó.",
    "guide.9": "Danh sách đơn vị: ",
    "role-lead": "Chủ trì",
    "role-coordinate": "Phối hợp",
    "continuous": "Thường xuyên",
    "page-footer": "Trang &P/&N",
}
