"""Decision 147/QĐ-SLĐTBXH of 07/02/2023 (the seed), its appendices as the Department typed them: the text the
test decisions are built from. Phụ lục 2's table is the seed's own transcription, one line a row, « | » between cells,
a blank line where a page turns (each page opens with the header rows again, and a row cut by the page goes on in
the next page's first row); <b>/<i> mark bold and italic runs. One change from the seed's text: the bracket of
I.4's deadline closes after «ĐGNB», where the committed plan (config.toml) has it."""

YEAR = 2023
DECISION = "Quyết định số 147 /QĐ-SLĐTBXH ngày 07/02 /2023"
DEPARTMENT = "Sở Lao động – Thương binh và Xã hội"

OBJECTIVES_INTRO = 'Lãnh đạo Sở và toàn thể công chức, viên chức, người lao động quyết tâm xây dựng, áp dụng, duy trì, cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015 vào hoạt động của Sở Lao động - Thương binh và Xã hội để hoàn thành các mục tiêu sau:'

OBJECTIVES = [
    '1. 100% phòng, trung tâm thuộc Sở, công chức, viên chức, người lao động triển khai xây dựng, áp dụng, duy trì, cải tiến có hiệu quả HTQLCL phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015.',
    '2. 100% các chương trình, đề án, nhiệm vụ trọng tâm trong Chương trình công tác năm 2023 của Sở Lao động - Thương binh và Xã hội được theo dõi và đôn đốc thực hiện; hoàn thành 100% các nhiệm vụ trọng tâm của Sở Lao động - Thương binh và Xã hội thuộc chương trình công tác năm 2023.',
    '3. 100% ý kiến chỉ đạo của Ủy ban nhân dân tỉnh giao cho Sở Lao động - Thương binh và Xã hội được theo dõi, đôn đốc thực hiện, hoàn thành.',
    '4. 100% TTHC được chuẩn hóa và cập nhật công khai đầy đủ trên Cơ sở dữ liệu quốc gia về TTHC; được tích hợp, đồng bộ với Hệ thống thông tin giải quyết thủ tục hành chính tỉnh để đảm bảo thuận tiện cho việc khai thác, sử dụng.',
    '5. 100% phòng, trung tâm phân công chủ trì xây dựng, tham mưu lãnh đạo Sở trình HĐND, UBND tỉnh ban hành cơ chế, chính sách liên quan đến Ngành đảm bảo hoàn thành đúng tiến độ, thời hạn theo đúng quy trình xây dựng, ban hành văn bản quy phạm pháp luật.',
    '6. 100% các phòng, đơn vị, trung tâm thuộc Sở đánh giá xếp loại chất lượng hoạt động, công chức, viên chức, người lao động đánh giá, xếp loại năm 2023.',
    '7. Xây dựng đội ngũ công chức, viên chức có cơ cấu hợp lý, đáp ứng tiêu chuẩn chức danh, vị trí việc làm theo Đề án vị trí việc làm được phê duyệt.',
    '8. 100% hoạt động quản lý nhà nước của Sở sử dụng văn bản điện tử có chữ ký số, liên thông từ văn bản đến, văn bản đi trên hệ thống quản lý văn bản và điều hành, liên thông từ cấp tỉnh đến cấp xã và liên thông với Bộ Lao động Thương binh và Xã hội trong các hoạt động quản lý nhà nước (trừ các văn bản Mật theo quy định).',
    '9. 100% phòng, trung tâm thuộc Sở, công chức, viên chức lập hồ sơ theo Danh mục hồ sơ cơ quan trên Hệ thống QLVB&ĐH và nộp lưu theo danh mục hồ sơ đã ban hành.',
    '10. 100% phòng, trung tâm thuộc Sở, công chức, viên chức, người lao động chỉ được xem xét khen thưởng khi có đăng ký danh hiệu thi đua năm 2023 và cá nhân có đăng ký đề tài sáng kiến khoa học năm 2023.',
]

PURPOSE = [
    '1. Mục đích',
    'a) Nhằm thực hiện và hoàn thành tốt các mục tiêu chất lượng đã đặt ra năm 2023 tại Sở Lao động – Thương binh và Xã hội;',
    'b) Phân công rõ trách nhiệm, vai trò, biện pháp kiểm soát, đánh giá, đo lường các Mục tiêu chất lượng đặt ra.',
    '2. Yêu cầu',
    'a) Định kỳ và đột xuất các phòng, trung tâm thuộc Sở, thư ký ISO, công chức, viên chức, người lao độngg phụ trách ISO tổng hợp báo cáo, đánh giá kết quả thực hiện MTCL;',
    'b) Ban chỉ đạo ISO kiểm tra, giám sát kết quả đạt được của Mục tiêu chất lượng theo kế hoạch định kỳ hoặc đột xuất;',
    'c) Kịp thời theo dõi, đôn đốc thực hiện, kiểm soát, đánh giá, quản lý các rủi ro và đưa ra hành động khắc phục, phòng ngừa tại tất cả phòng, trung tâm thuộc Sở khi Mục tiêu chất lượng không đảm bảo.',
]

ORGANISATION = [
    '1. Ban chỉ đạo ISO',
    'Có trách nhiệm chỉ đạo thực hiện, đôn đốc, theo dõi, kiểm tra việc triển khai thực hiện Kế hoạch này của Cá phòng, trung tâm thuộc Sở, công chức, viên chức, người lao động thuộc Sở.',
    '2. Văn phòng Sở, Tổ giúp việc ISO, Thư ký ISO',
    'Có trách nhiệm phối hợp theo dõi, đôn đốc, kiểm tra Cá phòng, trung tâm thuộc Sở, công chức, viên chức, người lao động thuộc Sở thực hiện Kế hoạch này; định kỳ tổng hợp, báo cáo lãnh đạo Sở theo quy định.',
    '3. Cá phòng, trung tâm thuộc Sở, công chức, viên chức, người lao động thuộc Sở căn cứ Kế hoạch này, phối hợp với Văn phòng Sở, Tổ giúp việc ISO, Thư ký ISO triển khai thực hiện tốt các nội dung của Kế hoạch này.',
    'Trên đây là Kế hoạch thực hiện mục tiêu chất lượng của Sở Lao động – Thương binh và Xã hội năm 2023, yêu cầu các phòng, trung tâm thuộc Sở, công chức, viên chức, người lao động thuộc Sở nghiêm túc triển khai thực hiện. Trong quá trình triển khai thực hiện nếu có phát sinh, vướng mắc kịp thời báo cáo về Văn phòng Sở, Thư ký ISO để tổng hợp trình Lãnh đạo Sở xem xét, giải quyết./.',
]

TABLE = """\
TT | Mục tiêu chất lượng và biện pháp thực hiện MTCL | Trách nhiệm thực hiện |  | Thời gian thực hiện | Trách nhiệm theo dõi theo dõi MTCL | Cách thức theo dõi và kết quả
 |  | Chủ trì | Phối hợp |  |  |
I. | 100% PHÒNG, TRUNG TÂM THUỘC SỞ, CÔNG CHỨC, VIÊN CHỨC, NGƯỜI LAO ĐỘNG TRIỂN KHAI XÂY DỰNG, ÁP DỤNG, DUY TRÌ, CẢI TIẾN CÓ HIỆU QUẢ HTQLCL PHÙ HỢP TIÊU CHUẨN TCVN ISO 9001:2015 |  |  |  |  |
1 | Xây dựng MTCL, Kế hoạch thực hiện MTCL năm 2023 | Văn phòng Sở, Ban Chỉ đạo ISO | Các phòng, trung tâm, công chức, viên chức, người lao động thuộc Sở | Tháng 01/2023 | - QMR; - Thư ký ISO của Sở. | - QĐ công bố và ban hành MTCL (kèm theo MTCL và Kế hoạch thực hiện MTCL năm 2023
a) | Xây dựng | Các trung | Văn | Tháng | - QMR; | - QĐ công bố

TT | Mục tiêu chất lượng và biện pháp thực hiện MTCL | Trách nhiệm thực hiện |  | Thời gian thực hiện | Trách nhiệm theo dõi MTCL | Cách thức theo dõi và kết quả
 |  | Chủ trì | Phối hợp |  |  |
 | MTCL, Kế hoạch thực hiện MTCL năm 2023 | <i>tâm thuộc Sở</i> | phòng Sở | 01/2023 | - Thư ký ISO của Trung tâm. | và ban hành MTCL (kèm theo MTCL và Kế hoạch thực hiện MTCL năm 2023
b) | Phê duyệt mục tiêu chất lượng, chính sách chất lượng các phòng, thanh tra, VP Sở | <i>Văn phòng Sở, Ban Chỉ đạo ISO</i> | Các phòng thuộc Sở | Trước ngày 10/02/2023 | - QMR; - Thư ký ISO của Sở. | - QĐ phê duyệt MTCL, CSCL năm 2023 của Phòng
2 | Xây dựng Kế hoạch Đánh giá nội bộ (ĐGNB) năm 2023 | <i>Văn phòng Sở, Ban Chỉ đạo ISO</i> | Các phòng, trung tâm, công chức, viên chức, người lao động thuộc Sở | Tháng 02/2023 | - QMR; - Thư ký ISO của Sở. | Kế hoạch ĐGNB
3 | Xây dựng chương trình ĐGNB và triển khai ĐGNB | <i>Văn phòng Sở, Ban Chỉ đạo ISO</i> | Các phòng, trung tâm, công chức, viên chức, người lao động thuộc Sở | Trước ngày 30 tháng 8 hàng năm (Tùy từng đơn vị, đảm bảo tần suất ĐGNB tối thiểu 01 lần/năm) | - QMR; - Thư ký ISO | - Chương trình ĐGNB; - Lưu Hồ sơ ĐGNB (Kế hoạch, chương trình ĐGNB, Quyết định thành lập Đoàn ĐGNB, phiếu ghi chép, Báo cáo tổng hợp ĐGNB); - Hồ sơ kiểm soát sự không phù hợp và hành động khắc phục
4 | Xem xét của lãnh đạo QMR | <i>Văn phòng Sở, Ban Chỉ đạo ISO</i> | Các phòng, trung tâm, công | <i>[Định kỳ 6 tháng/lần hoặc đột xuất/sau hoạt động</i> | - QMR; - Thư ký ISO. | - Kế hoạch xem xét của lãnh đạo; - Biên bản họp xem xét

TT | Mục tiêu chất lượng và biện pháp thực hiện MTCL | Trách nhiệm thực hiện |  | Thời gian thực hiện | Trách nhiệm theo dõi MTCL | Cách thức theo dõi và kết quả
 |  | Chủ trì | Phối hợp |  |  |
 |  |  | chức, viên chức, người lao động thuộc Sở | <i>ĐGNB]</i> |  | của lãnh đạo.
5 | Duy trì và cải tiến HTQLCL | <i>Văn phòng Sở, Ban Chỉ đạo ISO</i> | Các phòng, trung tâm, công chức, viên chức, người lao động thuộc Sở | Hàng năm | - QMR; - Thư ký ISO. | Hồ sơ duy trì và cải tiến HTQLCL (Kế hoạch ISO hằng năm, MTCL, Kế hoạch MTCL, Hồ sơ ĐGNB, Hồ sơ hành động khắc phục/cải tiến,...
6 | Báo cáo kết quả thực hiện MTCL 6 tháng, 12 tháng | <i>Văn phòng Sở, Ban Chỉ đạo ISO</i> | Các phòng, trung tâm, công chức, viên chức, người lao động thuộc Sở | Trước 15/5 và trước 30/10 hằng năm | - QMR; - Thư ký ISO. | - Báo cáo kết quả thực hiện MTCL 6 tháng; - Báo cáo kết quả thực hiện MTCL năm 2023
7 | Cập nhật, rà soát các thay đổi của văn bản quy phạm pháp luật đến hoạt động xử lý công việc để sửa đổi hoặc ban hành mới các quy trình cho phù hợp. | <i>Văn phòng Sở, Ban Chỉ đạo ISO</i> | Các phòng, trung tâm, công chức, viên chức, người lao động thuộc Sở | Thường xuyên | - QMR; - Thư ký ISO. | - Quyết định ban hành các quy trình có thay đổi, bổ sung (nếu có); - Quyết định ban hành quy trình giải quyết TTHC bổ sung theo TCVN ISO 9001:2015 (nếu có); - Quyết định công bố lại HTQLCL
<b>II.</b> | <b>100% CÁC CHƯƠNG TRÌNH, ĐỀ ÁN, NHIỆM VỤ TRỌNG TÂM TRONG</b> |  |  |  |  |

TT | Mục tiêu chất lượng và biện pháp thực hiện MTCL | Trách nhiệm thực hiện |  | Thời gian thực hiện | Trách nhiệm theo dõi theo dõi MTCL | Cách thức theo dõi và kết quả
 |  | Chủ trì | Phối hợp |  |  |
 | CHƯƠNG TRÌNH CÔNG TÁC NĂM 2023 CỦA SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI ĐƯỢC THEO DÕI VÀ ĐÔN ĐỐC THỰC HIỆN; PHẦN ĐẦU HOÀN THÀNH 100% CÁC NHIỆM VỤ TRỌNG TÂM CỦA SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI THUỘC CHƯƠNG TRÌNH CÔNG TÁC NĂM 2023 |  |  |  |  |
1 | Xây dựng Kế hoạch các chương trình, đề án, nhiệm vụ của Sở năm 2023 | Văn phòng Sở | Các phòng, trung tâm | Chương trình năm (Tháng 12/2022); Chương trình tháng (trước ngày 05 hàng tháng) | Các phòng, trung tâm | Kế hoạch các chương trình, đề án, nhiệm vụ
2. | Xây dựng, phân công Kế hoạch các chương trình, đề án, nhiệm vụ được giao của phòng, trung tâm năm 2023 | Các phòng, trung tâm | Văn phòng Sở | Chương trình năm (Tháng 01/2023); Chương trình tháng (trước ngày 10 hàng tháng) | Các phòng, trung tâm | Kế hoạch các chương trình, đề án, nhiệm vụ phân công
3 | Xây dựng Chương trình công tác tháng, Báo cáo kết quả thực hiện Chương trình công tác tháng liền trước | Các phòng, trung tâm | Văn phòng Sở | Định kỳ hàng tháng ( ngày 20/tháng; năm (tháng 10/2023) | Các phòng, trung tâm | - Báo cáo kết quả chương trình công tác tháng; - Công văn xây dựng chương trình công tác tháng.
III. | 100% Ý KIẾN CHỈ ĐẠO CỦA UBND TỈNH GIAO CHO SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI ĐƯỢC THEO DÕI, ĐÔN ĐỐC THỰC HIỆN HOÀN THÀNH |  |  |  |  |
1 | - Theo dõi trên phần mềm hệ thống điều hành; - Định kỳ thống kê báo cáo kết quả thực hiện | Văn phòng Sở | Các phòng, trung tâm/CC VC được phân công thực hiện | Thường xuyên | Trưởng phòng, trung tâm | - Sở công văn đi; - Kết quả xử lý đúng hạn trên phần mềm hệ thống.

TT | Mục tiêu chất lượng và biện pháp thực hiện MTCL | Trách nhiệm thực hiện |  | Thời gian thực hiện | Trách nhiệm theo dõi MTCL | Cách thức theo dõi và kết quả
 |  | Chủ trì | Phối hợp |  |  |
2 | Báo cáo thống kê tỷ lệ hoàn thành đúng hạn/trễ hạn | Văn phòng Sở | Các phòng, trung tâm/CCVC được phân công thực hiện | Định kỳ/Thường xuyên | Trưởng phòng, trung tâm | Báo cáo thống kê
IV | <b>100% TTHC ĐƯỢC CHUẨN HÓA VÀ CẬP NHẬT CÔNG KHAI ĐẦY ĐỦ TRÊN CƠ SỞ DỮ LIỆU QUỐC GIA VỀ TTHC; ĐƯỢC TÍCH HỢP, ĐỒNG BỘ VỚI HỆ THỐNG THÔNG TIN GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TỈNH ĐỂ ĐẢM BẢO THUẬN TIỆN CHO VIỆC KHAI THÁC, SỬ DỤNG</b> |  |  |  |  |
1 | Thường xuyên rà soát và cập nhật ban hành các quy trình giải quyết TTHC, công khai trên trang thông tin điện tử của cơ quan | Văn phòng Sở | Các phòng, trung tâm | Thường xuyên | Chuyên viên theo dõi kiểm soát TTHC | Quyết định ban hành các quy trình giải quyết TTHC (kèm quy trình TTHC), nếu có sự thay đổi, bổ sung (VBQPPL, TTHC)
2 | - Theo dõi trên phần mềm xử lý Dịch vụ công trực tuyến; - Định kỳ thống kê báo cáo kết quả thực hiện giải quyết TTHC | Văn phòng Sở | Các phòng, trung tâm | Thường xuyên | Chuyên viên theo dõi kiểm soát TTHC/ chuyên trách CNTT | Báo cáo thống kê tỷ lệ giải quyết TTHC.
3 | Thực hiện việc khảo sát đánh giá mức độ hài lòng của tổ chức/công dân khi giải quyết TTHC | CCVC phụ trách tại Bộ phận Trung tâm phục vụ HCC | Trung tâm phục vụ HCC | - Thường xuyên theo dõi; - Báo cáo định kỳ hàng quý. | - Ban chỉ đạo ISO; - Thư ký ISO. | - Phiếu khảo sát; - Phỏng vấn tổ chức/công dân khi giải quyết TTHC; - Báo cáo thống kê theo dõi sự hài lòng của tổ chức/công dân.
4 | - Theo dõi trên phần mềm xử lý Dịch vụ công trực | Các phòng, trung tâm/CCVC được phân | Văn phòng Sở | - Thường xuyên theo dõi; - Báo cáo | - Ban chỉ đạo ISO; - Thư ký ISO. | Báo cáo thống kê tỷ lệ giải quyết TTHC.

TT | Mục tiêu chất lượng và biện pháp thực hiện MTCL | Trách nhiệm thực hiện |  | Thời gian thực hiện | Trách nhiệm theo dõi MTCL | Cách thức theo dõi và kết quả
 |  | Chủ trì | Phối hợp |  |  |
 | tuyển; - Định kỳ thống kê báo cáo kết quả thực hiện giải quyết TTHC | công thực hiện |  | định kỳ hàng quý |  |
V | <b>100% PHÒNG, TRUNG TÂM PHÂN CÔNG CHỦ TRÌ XÂY DỰNG, THAM MUU LÃNH ĐẠO SỞ TRÌNH HĐND, UBND TỈNH BAN HÀNH CƠ CHẾ, CHÍNH SÁCH LIÊN QUAN ĐẾN NGÀNH ĐẢM BẢO HOÀN THÀNH ĐÚNG TIẾN ĐỘ, THỜI HẠN THEO ĐÚNG QUY TRÌNH XÂY DỰNG, BAN HÀNH VĂN BẢN QUY PHẠM PHÁP LUẬT</b> |  |  |  |  |
1 | Ban hành rà soát, nhằm bãi bỏ, sửa đổi, bổ sung, thay thế phù hợp, kịp thời, đảm bảo tính hợp hiến, hợp pháp, tính thống nhất trong hệ thống pháp luật | Văn phòng Sở | Các phòng, trung tâm, công chức, viên chức, người lao động thuộc Sở | Theo Chương trình công tác | Pháp chế | Tờ trình/báo cáo/dự thảo Nghị quyết, quyết định
VI | <b>100% CÁC PHÒNG, ĐƠN VỊ, TRUNG TÂM THUỘC SỞ ĐÁNH GIÁ XẾP LOẠI CHẤT LƯỢNG HOẠT ĐỘNG, CCVCNLD ĐÁNH GIÁ, XẾP LOẠI NĂM 2023</b> |  |  |  |  |
1 | Xây dựng đánh giá xếp loại chất lượng hoạt động 100% phòng, trung tâm thuộc Sở | Văn phòng Sở | Các phòng, trung tâm thuộc Sở | Hàng quý/năm | Văn phòng Sở | Báo cáo/thông báo/quyết định
4 | Đánh giá xếp loại CCVCNLD (HTXS nhiệm vụ 20% tổng số CCVC hành chính khối Văn phòng Sở; 20% tổng số viên chức của trung tâm) | Các phòng, trung tâm thuộc Sở | Văn phòng Sở | Hàng quý/năm | Văn phòng Sở | Báo cáo/quyết định
VII | <b>XÂY DỰNG ĐỘI NGŨ CÔNG CHỨC, VIÊN CHỨC CÓ CƠ CẤU HỢP LÝ, ĐÁP ỨNG TIÊU CHUẨN CHỨC DANH, VỊ TRÍ VIỆC LÀM THEO ĐỀ ÁN VỊ TRÍ VIỆC LÀM ĐƯỢC PHÊ DUYỆT</b> |  |  |  |  |
 | Sửa đổi, bổ | Các phòng, | Văn | Tháng | Văn phòng Sở | Đề án

TT | Mục tiêu chất lượng và biện pháp thực hiện MTCL | Trách nhiệm thực hiện |  | Thời gian thực hiện | Trách nhiệm theo dõi MTCL | Cách thức theo dõi và kết quả
 |  | Chủ trì | Phối hợp |  |  |
 | sung Đề án vị trí việc làm, khung năng lực của từng vị trí việc làm tại các phòng, trung tâm theo chỉ đạo của UBND tỉnh | trung tâm thuộc Sở | phòng Sở | 7/2023 |  |
<b>VIII</b> | <b>100% HOẠT ĐỘNG QUẢN LÝ NHÀ NƯỚC CỦA SỞ SỬ DỤNG VĂN BẢN ĐIỆN TỬ CÓ CHỮ KÝ SỐ, LIÊN THÔNG TỪ VĂN BẢN ĐẾN, VĂN BẢN ĐI TRÊN HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH, LIÊN THÔNG TỪ CẤP TỈNH ĐẾN CẤP XÃ VÀ LIÊN THÔNG VỚI BỘ LAO ĐỘNG THƯƠNG BINH VÀ XÃ HỘI TRONG CÁC HOẠT ĐỘNG QUẢN LÝ NHÀ NƯỚC (TRỪ CÁC VĂN BẢN MẬT THEO QUY ĐỊNH)</b> |  |  |  |  |
1 | Các nhiệm vụ được giao tham mưu phải được số hóa, đính kèm | Các phòng, trung tâm/CCVC | Văn phòng Sở | Cả năm | Văn phòng Sở | Theo dõi phần mềm (văn bản đi được ký số, có đính kèm văn bản giao nhiệm vụ)
2 | Giải quyết TTHC cho công dân, tổ chức | Các phòng, trung tâm/CCVC | Văn phòng Sở | Cả năm | Văn phòng Sở | Theo dõi phần mềm (văn bản đi được ký số, phải có phiếu kiểm soát giải quyết hồ sơ đính kèm)
3. | Tập huấn, xử lý hệ thống văn bản đến, văn bản đi | Văn phòng Sở, các phòng, trung tâm/CCVC | Văn phòng Sở, các phòng, trung tâm/CCVC | Cả năm | Văn phòng Sở | Đảm bảo liên thông các bước văn bản đi, đến
<b>IX</b> | <b>100% PHÒNG, TRUNG TÂM THUỘC SỞ, CÔNG CHỨC, VIÊN CHỨC LẬP HỒ SƠ THEO DANH MỤC HỒ SƠ CƠ QUAN TRÊN HỆ THỐNG QLVB&ĐH VÀ NỘP LƯU THEO DANH MỤC HỒ SƠ ĐÃ BAN HÀNH</b> |  |  |  |  |
1 | Danh mục hồ sơ nộp lưu năm 2023 | Văn phòng Sở | Các phòng, trung tâm/CCVC được phân | Tháng 01/2023 | Văn phòng Sở | Kế hoạch



TT | Mục tiêu chất lượng và biện pháp thực hiện MTCL | Trách nhiệm thực hiện |  | Thời gian thực hiện | Trách nhiệm theo dõi MTCL | Cách thức theo dõi và kết quả
 |  | Chủ trì | Phối hợp |  |  |
 |  |  | công thực hiện |  |  |
2 | Lập Hồ sơ theo Danh mục hồ sơ cơ quan trên Hệ thống QLVB&ĐH năm 2023 | Các phòng, trung tâm/CCVC | Văn phòng Sở | Cả năm | Văn phòng Sở | Theo dõi phần mềm
3 | Bàn giao danh mục hồ sơ lưu năm 2022 | CCVC được phân công thực hiện | Văn phòng Sở | Tháng 3/2023 | Văn phòng Sở/ các trung tâm | Biên bản bàn giao (riêng Phòng KHTC tự nộp lưu)
X | <b>100% PHÒNG, TRUNG TÂM THUỘC SỞ, CÔNG CHỨC, VIÊN CHỨC, NGƯỜI LAO ĐỘNG CHỈ ĐƯỢC XEM XÉT KHEN THƯỞNG KHI CÓ ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM 2023 VÀ CÁ NHÂN CÓ ĐĂNG KÝ ĐỀ TÀI SÁNG KIẾN KHOA HỌC NĂM 2023</b> |  |  |  |  |
1 | Đăng ký các danh hiệu thi đua năm 2023 | Các phòng, trung tâm, CCVCNLD | Văn phòng Sở | Tháng 02/2023 | Văn phòng Sở | Danh sách
2 | Đăng ký đề tài sáng kiến khoa học năm 2023 | CCVCNLD | Văn phòng Sở | Tháng 02/2023 | Văn phòng Sở | Theo biểu mẫu hướng dẫn
"""
