"""The management review (ISO 9001:2015 9.3): the workbook mtcl prepares, read back and checked, the decisions
recorded after the meeting and followed up by the next review, the pack and the meeting's minutes."""
from __future__ import annotations

import datetime as dt
import shutil

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from factories import needs_soffice, soffice_convert
from pipeline.cli import main
from pipeline.findings import flatten
from pipeline.model import ReviewBook, ReviewDecision
from pipeline.plan.config import load_config
from pipeline.plan.periods import parse_period
from pipeline.run import ReviewBookExists, make_review, prepare_review, record_review
from pipeline.store.ledger import Ledger
from year_demo import NOW

H1, H2 = parse_period("2023-H1"), parse_period("2023-H2")
A_HEADING = "a) Tình trạng của các hành động từ các lần xem xét trước"


@pytest.fixture
def demo(year_demo_built, tmp_path):
    """A copy of the demo year's workspace: recording a review changes its ledger."""
    folder = tmp_path / "demo"
    shutil.copytree(year_demo_built.config.source.parent, folder)
    return load_config(folder / "config.toml")


def unit_names(config, n: int = 2) -> list[str]:
    return [u.name for u in config.units[:n]]


def fill(path, sheet: str, rows: list[list], first_row: int = 5) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for r, values in enumerate(rows, start=first_row):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    wb.save(path)


def fill_meeting(path, when=dt.datetime(2023, 7, 10)) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Cuộc họp"]
    for r, value in enumerate((when, "08:00 – 11:00", "Phòng họp số 1, Sở Lao động – Thương binh và Xã hội",
                               "Ông Nguyễn Văn An, Giám đốc Sở", "Bà Trần Thị Bình, Thư ký ISO",
                               "Ban Giám đốc Sở; Ban Chỉ đạo ISO; lãnh đạo các phòng, đơn vị"), start=4):
        ws.cell(r, 2, value)
    wb.save(path)


def texts(path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells).replace("\u00a0", " ")   # no-break spaces


def section(path, start: str, end: str) -> str:
    """The text of the pack between two headings (paragraphs and the tables in between, in document order)."""
    document = docx.Document(str(path))
    out, inside = [], False
    for block in document.element.body.iterchildren():
        text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")).replace("\u00a0", " ")
        if text.startswith(start):
            inside = True
        elif text.startswith(end) and inside:
            break
        if inside:
            out.append(text)
    return "\n".join(out)


def test_prepare_writes_the_workbook_with_what_mtcl_knows(demo):
    path = prepare_review(demo, H1, NOW)
    assert path.name == "so-xem-xet-cua-lanh-dao-2023-H1.xlsx" and path.parent == demo.paths.outbound / "2023-H1"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["Hướng dẫn", "Cuộc họp", "a) Quyết định lần trước"]
    assert {"b) Thay đổi các vấn đề", "c1) Phản hồi, khiếu nại", "c6) Đánh giá nội bộ", "c7) Nhà cung cấp bên ngoài",
            "d) Nguồn lực", "e) Rủi ro và cơ hội", "Quyết định (sau họp)"} <= set(wb.sheetnames)
    assert wb["_mtcl"].sheet_state == "hidden"
    results = wb["c) Kết quả (tự động)"]
    rows = [[c.value for c in row] for row in results.iter_rows(min_row=5)]
    assert [r[0].split(". ")[0] for r in rows if r[0] and r[0][0].isdigit()] == [i.id for i in demo.indicators]
    assert any(r[0] and r[0].startswith("Hành động khắc phục (c4)") for r in rows)
    # inputs unlocked and yellow, as on the unit template; the sheets protected
    ws = wb["d) Nguồn lực"]
    assert ws.protection.sheet and ws["A5"].protection.locked is False and ws["A5"].fill.fgColor.rgb.endswith("FFF2CC")
    assert wb["a) Quyết định lần trước"]["A2"].value.startswith("Chưa có quyết định nào")
    with pytest.raises(ReviewBookExists, match="đã có"):
        prepare_review(demo, H1, NOW)          # the secretary may be filling it


def test_bad_cells_come_back_as_findings_naming_sheet_and_cell(demo):
    path = prepare_review(demo, H1, NOW)
    unit = unit_names(demo, 1)[0]
    fill(path, "c6) Đánh giá nội bộ", [["31/02/2023", unit, "Điểm không phù hợp", "Hồ sơ lưu chưa đủ"],
                                        [dt.datetime(2023, 6, 1), "Phòng Không Có", "Điểm mạnh", "Tốt"]])
    fill(path, "b) Thay đổi các vấn đề", [["Bên ngoài", None, "Cần cập nhật quy trình"]])
    fill(path, "e) Rủi ro và cơ hội", [["Nguy cơ", "Mất dữ liệu", "Sao lưu hằng tuần", unit, "Có hiệu lực"]])
    fill(path, "Quyết định (sau họp)", [["Cơ hội cải tiến", "Số hóa hồ sơ lưu trữ", unit, "30/12/2023"]])
    book, decisions, _ = record_review(demo, path, NOW)
    assert flatten(book.findings, ("code", "sheet", "cell")) == [
        ("review-required", "b) Thay đổi các vấn đề", "B5"),
        ("review-date-invalid", "c6) Đánh giá nội bộ", "A5"),
        ("review-unknown-owner", "c6) Đánh giá nội bộ", "B6"),
        ("review-choice-invalid", "e) Rủi ro và cơ hội", "A5"),
    ] + [("review-meeting-missing", "Cuộc họp", f"B{r}") for r in range(4, 10)]
    messages = {f.code: f.message for f in book.findings}
    assert messages["review-date-invalid"].startswith("Trang «c6) Đánh giá nội bộ», ô A5: không hiểu ngày «31/02/2023»")
    assert "«Thay đổi»" in messages["review-required"] and "Rủi ro; Cơ hội" in messages["review-choice-invalid"]
    assert decisions == ()
    with Ledger(demo.paths.ledger) as ledger:
        assert ledger.review_book("2023-H1") is None and ledger.review_decisions() == []   # nothing recorded
    out = CliRunner().invoke(main, ["review", "record", "--config", str(demo.source), str(path)])
    assert out.exit_code == 1 and "ô B6: đơn vị «Phòng Không Có»" in out.output


def test_names_typed_another_way_are_the_units_and_choices_they_mean(demo):
    """A unit's name from a Mac (NFD) or in another case, a choice without its diacritics: understood."""
    import unicodedata
    path = prepare_review(demo, H1, NOW)
    name = demo.units[1].name
    fill(path, "d) Nguồn lực", [[unicodedata.normalize("NFD", name.upper()), "kinh phi", "Chua dap ung",
                                 "Thiếu kinh phí bảo trì phần mềm"]])
    book, _, _ = record_review(demo, path, NOW)
    assert book.findings == ()
    assert book.sheet("resources") == ({"unit": demo.units[1].code, "resource": "budget", "adequacy": "inadequate",
                                        "statement": "Thiếu kinh phí bảo trì phần mềm"},)


def test_a_file_that_is_not_a_review_workbook_is_refused(demo, tmp_path):
    other = tmp_path / "khac.xlsx"
    openpyxl.Workbook().save(other)
    book, _, _ = record_review(demo, other, NOW)
    assert flatten(book.findings) == [("review-not-book", None)] and "khac.xlsx" in book.findings[0].message


def test_decisions_are_recorded_and_the_next_review_follows_them_up(demo):
    names = unit_names(demo)
    path = prepare_review(demo, H1, NOW)
    fill(path, "d) Nguồn lực", [[names[0], "Phần mềm, hạ tầng số", "Chưa đáp ứng",
                                 "Máy chủ lưu trữ hồ sơ điện tử đã đầy", "Nâng cấp máy chủ"]])
    fill(path, "Quyết định (sau họp)", [["Cơ hội cải tiến", "Số hóa toàn bộ hồ sơ lưu trữ năm 2023", names[0],
                                         dt.datetime(2023, 9, 30)],
                                        ["Nhu cầu nguồn lực", "Nâng cấp máy chủ lưu trữ", names[1], "15/08/2023"]])
    fill_meeting(path)
    book, decisions, _ = record_review(demo, path, NOW)
    assert book.findings == () and [d.id for d in decisions] == ["2023-H1.01", "2023-H1.02"]
    assert [(d.owner, d.deadline) for d in decisions] == [(demo.units[0].code, dt.date(2023, 9, 30)),
                                                          (demo.units[1].code, dt.date(2023, 8, 15))]
    outputs = make_review(demo, H1, NOW)
    pack = texts(outputs["review"])
    assert "Số hóa toàn bộ hồ sơ lưu trữ năm 2023" in section(outputs["review"], "Kết luận của lãnh đạo", "\uffff")
    assert "Máy chủ lưu trữ hồ sơ điện tử đã đầy" in section(outputs["review"], "d) Sự đầy đủ", "e) Hiệu lực")
    assert "Chưa có thông tin (trang «b) Thay đổi các vấn đề»" in pack

    # the next review: sheet a) lists the decisions with their status; the secretary updates it
    later = prepare_review(demo, H2, NOW)
    ws = openpyxl.load_workbook(later)["a) Quyết định lần trước"]
    assert [(ws[f"A{r}"].value, ws[f"G{r}"].value) for r in (5, 6)] == [("2023-H1.01", "Chưa thực hiện"),
                                                                      ("2023-H1.02", "Chưa thực hiện")]
    wb = openpyxl.load_workbook(later)
    wb["a) Quyết định lần trước"]["G6"] = "Đã hoàn thành"
    wb["a) Quyết định lần trước"]["H6"] = "Đã nâng cấp tháng 8/2023"
    wb.save(later)
    book, decisions, updated = record_review(demo, later, NOW)
    assert book.findings == () and decisions == () and updated == 2
    a = section(make_review(demo, H2, NOW)["review"], A_HEADING, "b) ")
    assert "Số hóa toàn bộ hồ sơ lưu trữ năm 2023" in a and "Chưa thực hiện (quá hạn)" in a
    assert "Đã hoàn thành — Đã nâng cấp tháng 8/2023" in a
    assert "Các quyết định của lần xem xét trước: 2; đã hoàn thành 1; chưa hoàn thành 1, trong đó quá hạn 1." in a


def test_the_minutes_hold_the_meeting_and_its_decisions(demo):
    names = unit_names(demo)
    path = prepare_review(demo, H1, NOW)
    fill(path, "Quyết định (sau họp)", [["Thay đổi HTQLCL", "Sửa đổi quy trình kiểm soát hồ sơ", names[1],
                                         "31/10/2023"]])
    fill_meeting(path)
    record_review(demo, path, NOW)
    outputs = make_review(demo, H1, NOW)
    minutes = outputs["minutes"]
    assert minutes.name == "bien-ban-hop-xem-xet-cua-lanh-dao-2023-H1.docx" and minutes.parent == outputs["review"].parent
    text = texts(minutes)
    for fact in ("BIÊN BẢN", "Thời gian: 08:00 – 11:00, ngày 10/07/2023.", "Phòng họp số 1",
                 "Chủ trì: Ông Nguyễn Văn An, Giám đốc Sở.", "Thư ký: Bà Trần Thị Bình, Thư ký ISO.",
                 "Ban Chỉ đạo ISO; lãnh đạo các phòng", "b) Những thay đổi về các vấn đề bên ngoài và nội bộ",
                 "Sửa đổi quy trình kiểm soát hồ sơ", names[1], "31/10/2023", "Thay đổi HTQLCL", "CHỦ TRÌ", "THƯ KÝ"):
        assert fact in text, fact
    document = docx.Document(str(minutes))
    signature = [c.text.replace("\u00a0", " ") for c in document.tables[-1].rows[0].cells]
    assert signature[0].startswith("THƯ KÝ") and signature[0].endswith("Bà Trần Thị Bình, Thư ký ISO")
    assert signature[1].startswith("CHỦ TRÌ") and signature[1].endswith("Ông Nguyễn Văn An, Giám đốc Sở")
    closing = next(p for p in document.paragraphs if p.text.startswith("Biên bản được lập xong ngày 10/07/2023"))
    assert closing.paragraph_format.keep_with_next        # never a page with only the signatures
    evidence = [m.id for m in demo.measures if "Biên bản họp xem xét của lãnh đạo" in m.evidence]
    assert evidence and closing.text.endswith(f"(minh chứng của biện pháp {', '.join(evidence)}).")
    section_ = document.sections[0]
    assert (section_.left_margin.cm, section_.right_margin.cm, section_.top_margin.cm) == pytest.approx((3, 2, 2), abs=0.01)
    assert document.styles["Normal"].font.name == "Times New Roman" and document.styles["Normal"].font.size.pt == 13


def test_no_minutes_before_the_decisions_are_recorded(demo):
    outputs = make_review(demo, H1, NOW)
    assert "minutes" not in outputs
    assert "Chưa ghi nhận sổ xem xét của kỳ này" in texts(outputs["review"])


def test_resources_hold_statements_only_never_miss_causes(demo, year_demo_built):
    from pipeline.outputs.documents.content import RESOURCE_WORDS, _has
    causes = {a.cause for r in year_demo_built.result.periods for a in r.analysis.actions if a.cause}
    assert [c for c in causes if _has(c, RESOURCE_WORDS)]     # causes that name resources (staff, software…)
    d = section(make_review(demo, H1, NOW)["review"], "d) Sự đầy đủ", "e) Hiệu lực")
    assert not [c for c in causes if c in d]
    assert "Chưa có thông tin (trang «d) Nguồn lực»" in d


def test_cli_prepare_and_record(demo):
    runner = CliRunner()
    config = str(demo.source)
    out = runner.invoke(main, ["review", "prepare", "--config", config, "--period", "2023-H1"])
    assert out.exit_code == 0, out.output
    path = demo.paths.outbound / "2023-H1" / "so-xem-xet-cua-lanh-dao-2023-H1.xlsx"
    assert str(path) in out.output
    fill(path, "Quyết định (sau họp)", [["Cơ hội cải tiến", "Khảo sát sự hài lòng trực tuyến", unit_names(demo)[0],
                                         "30/11/2023"]])
    fill_meeting(path)
    out = runner.invoke(main, ["review", "--config", config, "record", str(path)])     # --config before it: the same
    assert out.exit_code == 0, out.output
    assert "Đã ghi nhận sổ xem xét kỳ 2023-H1: 1 quyết định" in out.output
    out = runner.invoke(main, ["review", "--config", config, "--period", "2023-H1"])
    assert out.exit_code == 0 and "bien-ban-hop-xem-xet-cua-lanh-dao-2023-H1.docx" in out.output
    assert runner.invoke(main, ["review", "--config", config]).exit_code == 2
    for sub in ("prepare", "record"):
        assert "Example:" in runner.invoke(main, ["review", sub, "--help"]).output


@pytest.mark.soffice
@needs_soffice
def test_the_review_documents_open_in_libreoffice(demo, tmp_path):
    path = prepare_review(demo, H1, NOW)
    fill(path, "Quyết định (sau họp)", [["Cơ hội cải tiến", "Số hóa hồ sơ", unit_names(demo)[0], "30/12/2023"]])
    fill_meeting(path)
    record_review(demo, path, NOW)
    outputs = make_review(demo, H1, NOW)
    for source in (outputs["minutes"], outputs["review"], path):
        pdf = soffice_convert(source, "pdf", tmp_path / "pdf")
        assert pdf.read_bytes().startswith(b"%PDF")


def test_a_decision_whose_unit_left_the_plan_is_still_followed(demo):
    """A unit merged away since the decision: its code stands in for the name, nothing fails."""
    gone = ReviewDecision("2023-H1.01", "2023-H1", "change", "Chuyển giao hồ sơ", "PNCC-CU", dt.date(2023, 12, 31))
    with Ledger(demo.paths.ledger) as ledger:
        ledger.record_review(ReviewBook(period="2023-H1"), "a" * 64, "so.xlsx", "aa/x.xlsx", [gone], [], NOW)
    ws = openpyxl.load_workbook(prepare_review(demo, H2, NOW))["a) Quyết định lần trước"]
    assert [ws[f"{c}5"].value for c in "ADE"] == ["2023-H1.01", "Chuyển giao hồ sơ", "PNCC-CU"]
    assert "PNCC-CU" in section(make_review(demo, H2, NOW)["review"], A_HEADING, "b) ")
