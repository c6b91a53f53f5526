"""The texts of a new workspace (mtcl init), in Vietnamese, for review in one place."""

WORKSPACE = {
    "note-name": "LÀM-GÌ-TIẾP.txt",
    "config-exists": "Thư mục {folder} đã có tệp cấu hình {name}; mtcl init không ghi đè. Muốn bắt đầu lại từ "
        "kế hoạch mặc định, hãy đổi tên hoặc chuyển tệp cũ đi rồi chạy lại lệnh.",
    "note": """\
mtcl — VIỆC CẦN LÀM TIẾP THEO
=============================

Thư mục này là nơi làm việc của mtcl: {folder}

1. Sửa kế hoạch cho đúng với đơn vị mình
   Mở tệp config.toml bằng Notepad (lưu lại với bảng mã UTF-8). Tệp đang chứa kế hoạch mặc định
   «{title}» ({decision}). Kiểm tra:
   - [plan]: số và ngày của quyết định, năm kế hoạch;
   - [[units]]: mã, tên và địa chỉ thư điện tử của từng phòng, đơn vị;
   - [[objectives]], [[indicators]], [[measures]]: mục tiêu, chỉ tiêu, biện pháp và thời hạn;
   - [reporting] due_day: ngày hạn nộp báo cáo của tháng sau (mặc định ngày 20).
   Sửa xong, tạo lại mẫu báo cáo:   mtcl template
   (mẫu nằm ở templates/plan_template.xlsx; mtcl kiểm tra cấu hình và báo dòng sai nếu có).

2. Nơi các đơn vị gửi báo cáo
   Các đơn vị chép tệp báo cáo (.xlsx) vào thư mục inbound/ (có thể chia thư mục con theo đơn vị),
   hoặc gửi thư điện tử có đính kèm nếu đã khai báo bảng [mail] trong config.toml.
   mtcl không bao giờ sửa hay xóa tệp trong inbound/.
   Đơn vị tự kiểm tra tệp trước khi gửi:   mtcl validate TEN-TEP.xlsx

3. Tổng hợp
   Chạy tay:   mtcl run
   Kết quả (bảng tổng hợp, bản tóm tắt) nằm trong outbound/<kỳ>/.

4. Chạy tự động mỗi đêm
   - Windows (Task Scheduler): Create Basic Task → Daily lúc 22:30 → Start a program:
       Program:    {program}
       Arguments:  run --config "{config}"
       Start in:   {folder}
     hoặc trong cửa sổ lệnh:
       schtasks /Create /TN "mtcl tong hop MTCL" /SC DAILY /ST 22:30 /TR "\\"{program}\\" run --config \\"{config}\\""
   - Linux (cron), mỗi đêm lúc 22:30:
       30 22 * * * cd "{folder}" && "{program}" run >> outbound/mtcl-cron.log 2>&1
   - Hoặc để một cửa sổ chạy:   mtcl schedule

5. Sao lưu
   Mỗi tuần (và trước khi sửa config.toml):   mtcl backup D:\\sao-luu\\mtcl-2023-06-30
   Nếu sổ ghi nhận (ledger.sqlite) bị hỏng: khôi phục bằng   mtcl restore D:\\sao-luu\\mtcl-2023-06-30
   hoặc dựng lại từ kho lưu trữ:   mtcl rebuild-ledger
""",
}
