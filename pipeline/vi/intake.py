"""The texts of intake, in Vietnamese, for review in one place."""

INTAKE = {
    "indicator-table": "chỉ tiêu",
    "measure-table": "biện pháp",
    # --- intake.precheck
    "inspect_bytes.1": "lỗi đọc tệp: {strerror}",
    "inspect_bytes.2": "tệp rỗng, 0 byte",
    "inspect_bytes.3": "tệp nặng {vi_int} MB, quá lớn cho một báo cáo",
    "inspect_bytes.4": "nội dung không phải bảng tính (có thể là HTML, CSV, PDF hoặc tệp đã đổi đuôi)",
    "check_zip.1": "tệp chứa {vi_int} thành phần, quá nhiều",
    "check_zip.2": "tệp giải nén ra quá lớn (nghi là «bom nén»)",
    "check_zip.3": "tệp nén hỏng hoặc bị cắt cụt ({name})",
    "check_zip.4": "tệp nén hỏng hoặc bị cắt cụt ({name})",
    "scan_part.1": "tệp chứa khai báo DOCTYPE/ENTITY, không được phép (nghi là «bom XML»)",
    "scan_part.2": "trang «{sheet}» khai báo {vi_int} dòng × {vi_int2} cột, quá lớn cho một báo cáo; hãy xóa các dòng, cột "
        "thừa ngoài bảng rồi lưu lại",
    "scan_part.3": "trang «{sheet}» có ô xa tới {far} ({vi_int} dòng × {vi_int2} cột), quá lớn cho một báo cáo; hãy xóa các ô "
        "thừa ngoài bảng (Ctrl+End để tìm) rồi lưu lại",
    "ensure_safe_xml.1": "biến môi trường OPENPYXL_DEFUSEDXML đang tắt nó; hãy bỏ biến này",
    "ensure_safe_xml.2": "gói defusedxml chưa được cài; hãy cài lại mtcl (pip install defusedxml)",
    "ensure_safe_xml.3": "Không an toàn để đọc tệp Excel của đơn vị: openpyxl không dùng defusedxml để chống «bom XML» ({cause}). "
        "(openpyxl is not using defusedxml.)",
    # --- intake.workers
    "serve.1": "lỗi trình đọc ({name})",
    "crash_verdict.1": "tệp quá lớn hoặc hỏng: trình đọc hết bộ nhớ cho phép khi mở tệp",
    "crash_verdict.2": "trình đọc bảng tính bị dừng đột ngột khi đọc tệp này (mã {exitcode})",
    "read_many.1": "đọc tệp quá {int} giây; tệp có thể bị hỏng hoặc quá lớn",
    # --- intake.read
    "read_workbook.1": "tệp bị hỏng hoặc sai định dạng; {name}: {str}",
    "read_workbook.2": "trang «{name}» bị hỏng, không đọc được ({name2}: {str})",
}
