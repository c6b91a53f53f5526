"""The consolidated workbook of a demo year: figures, charts, links, print set-up and very long sheets,
read back from the files and compared with an independent computation."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.utils
import pytest
from openpyxl.utils import range_boundaries

from factories import needs_soffice, soffice_convert
from pipeline.outputs.workbook import dashboard, sheets, streaming, tables
from pipeline.vi import TIMELINESS_VI
from pipeline.consolidate.analysis import analyse
from pipeline.consolidate.trends import year_to_date
from pipeline.plan.periods import parse_period
from pipeline.vi import SHEETS, vi_int
from pipeline.outputs.workbook.book import write_workbook
from year_demo import NOW, PERIODS, accepted, overdue, pooled, register, timeliness

RESULT = {True: "Đạt", False: "Không đạt", None: "Không phát sinh"}


@pytest.fixture(scope="module")
def demo(year_demo_built):
    return year_demo_built


def book(demo, key: str) -> Path:
    return demo.period_result(key).outputs["workbook"]


def dashboard_rows(ws) -> dict[str, int]:
    return {ws.cell(r, 1).value: r for r in range(8, 40) if isinstance(ws.cell(r, 1).value, str)
            and re.fullmatch(r"\d+\.\d+", ws.cell(r, 1).value)}


def value(cell):
    return None if cell.value == "—" else cell.value


@pytest.mark.parametrize("key", PERIODS)
def test_dashboard_figures_match_the_files(demo, key):
    period = parse_period(key)
    expected, ytd = pooled(demo, period.months()), pooled(demo, year_to_date(period).months())
    previous = pooled(demo, period.previous().months())
    wb = openpyxl.load_workbook(book(demo, key))
    assert wb.sheetnames == list(SHEETS.values())
    ws = wb[SHEETS["dashboard"]]
    rows = dashboard_rows(ws)
    assert list(rows) == [i.id for i in demo.config.indicators]
    for ind_id, r in rows.items():
        exp = expected[ind_id]
        assert value(ws.cell(r, 4)) == pytest.approx(exp["rate"]), ind_id
        assert (ws.cell(r, 5).value, ws.cell(r, 6).value) == (exp["numerator"], exp["denominator"])
        assert (ws.cell(r, 8).value, ws.cell(r, 9).value) == (exp["units_met"], exp["units_reporting"])
        assert ws.cell(r, 10).value == exp["label"]          # «Theo dõi» where the plan sets no target
        assert value(ws.cell(r, 12)) == pytest.approx(ytd[ind_id]["rate"])
        before, now = previous[ind_id]["rate"], exp["rate"]
        step = demo.config.reporting.trend_threshold      # a change worth an arrow
        arrow = "—" if before is None or now is None else ("↑" if now > before + step else
                                                              "↓" if now < before - step else "→")
        assert ws.cell(r, 11).value == arrow
    statuses = timeliness(demo, period.months())
    reported = sum(1 for (u, m) in statuses if (u, m) in accepted(demo))
    assert ws["C5"].value == f"{reported}/{len(statuses)}"
    assert ws["E5"].value == f"{list(statuses.values()).count('on-time')}/{len(statuses)}"
    assert ws["J5"].value == len(overdue(demo, period.end))
    assert ws["H5"].number_format == ws["J5"].number_format == "#,##0"      # 16.000 at a province's scale


def test_every_dashboard_figure_links_to_its_detail(demo):
    wb = openpyxl.load_workbook(book(demo, "2023-05"))
    ws = wb[SHEETS["dashboard"]]
    for r in dashboard_rows(ws).values():
        for c in range(1, 13):
            if c in (2, 3):
                continue                                          # the indicator's name and target
            link = ws.cell(r, c).hyperlink
            assert link is not None and link.location, (r, c)
            sheet, cell = re.fullmatch(r"'(.+)'!([A-Z]+\d+)", link.location).groups()
            assert sheet in wb.sheetnames, link.location
    for ref in ("A5", "C5", "E5", "H5", "J5", "L5"):
        sheet = re.fullmatch(r"'(.+)'!.*", ws[ref].hyperlink.location).group(1)
        assert sheet in wb.sheetnames
    # a rate links to its indicator's column of the unit matrix
    r = dashboard_rows(ws)["4.2"]
    sheet, cell = re.fullmatch(r"'(.+)'!(.+)", ws.cell(r, 4).hyperlink.location).groups()
    assert (sheet, wb[sheet][cell].value) == (SHEETS["matrix"], "4.2")


def test_data_rows_link_to_the_archived_file_and_cell(demo):
    path = book(demo, "2023-05")
    ws = openpyxl.load_workbook(path)[SHEETS["data"]]
    header = [c.value for c in ws[3]]
    col = {name: i + 1 for i, name in enumerate(header)}
    checked = 0
    for r in range(4, ws.max_row + 1):
        link = ws.cell(r, col["Ô nguồn"]).hyperlink
        assert link is not None and link.target, r
        target = (path.parent / link.target.replace("\\", "/")).resolve()
        assert target.is_relative_to(demo.config.paths.archive) and target.exists()
        sheet, cell = re.fullmatch(r"'(.+)'!([A-Z]+\d+)", link.location).groups()
        # what the clerk's file shows there (1.1's cell holds the count of its Biện pháp sheet, saved with its result)
        assert openpyxl.load_workbook(target, data_only=True)[sheet][cell].value == ws.cell(r, col["Phải thực hiện"]).value
        checked += 1
        if checked == 20:
            break
    assert checked == 20


def chart_series(path: Path) -> list[dict]:
    """Every series of every chart: its name's cell and the range of its values, as written in the XML."""
    out = []
    with zipfile.ZipFile(path) as zf:
        for name in sorted(n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            xml = zf.read(name).decode()
            for ser in re.findall(r"<c:ser>(.*?)</c:ser>", xml, re.S):
                out.append({"chart": name, "name": re.search(r"<c:tx><c:strRef><c:f>(.*?)</c:f>", ser).group(1),
                            "categories": re.search(r"<c:cat>.*?<c:f>(.*?)</c:f>", ser, re.S).group(1),
                            "values": re.search(r"<c:val><c:numRef><c:f>(.*?)</c:f>", ser).group(1)})
    return out


def cells(wb, ref: str) -> list:
    sheet, rng = re.fullmatch(r"'?(.+?)'?!(.+)", ref).groups()
    c1, r1, c2, r2 = range_boundaries(rng.replace("$", ""))
    return [wb[sheet].cell(r, c).value for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


@pytest.mark.parametrize("key", PERIODS)
def test_chart_series_point_at_the_right_figures(demo, key):
    period = parse_period(key)
    path = book(demo, key)
    wb = openpyxl.load_workbook(path)
    series = chart_series(path)
    by_name = {cells(wb, s["name"])[0]: s for s in series}
    assert set(by_name) == {"Tỷ lệ của Sở", "Mục tiêu", "Tỷ lệ nộp báo cáo", "Tỷ lệ nộp đúng hạn", "Đơn vị đạt",
                            "Đơn vị chưa đạt"}
    expected = pooled(demo, period.months())
    ids = [i.id for i in demo.config.indicators]
    for name in ("Tỷ lệ của Sở", "Mục tiêu", "Đơn vị đạt", "Đơn vị chưa đạt"):
        assert cells(wb, by_name[name]["categories"]) == ids
    assert cells(wb, by_name["Tỷ lệ của Sở"]["values"]) == pytest.approx([expected[i]["rate"] for i in ids])
    assert cells(wb, by_name["Mục tiêu"]["values"]) == [i.target for i in demo.config.indicators]
    assert cells(wb, by_name["Đơn vị đạt"]["values"]) == [expected[i]["units_met"] for i in ids]
    assert cells(wb, by_name["Đơn vị chưa đạt"]["values"]) == [
        expected[i]["units_reporting"] - expected[i]["units_met"] for i in ids]
    months = year_to_date(period).months()
    statuses = timeliness(demo, months)
    assert cells(wb, by_name["Tỷ lệ nộp báo cáo"]["categories"]) == [m.form_value for m in months]
    for name, want in (("Tỷ lệ nộp báo cáo", lambda m: sum((u, m) in accepted(demo) for u in
                                                           [x.code for x in demo.config.units])),
                       ("Tỷ lệ nộp đúng hạn", lambda m: sum(s == "on-time" for (u, mm), s in statuses.items()
                                                            if mm == m))):
        assert cells(wb, by_name[name]["values"]) == pytest.approx([want(m) / len(demo.config.units) for m in months])


def test_timeliness_overdue_and_register_sheets(demo):
    wb = openpyxl.load_workbook(book(demo, "2023"))
    year = parse_period("2023")
    ws = wb[SHEETS["timeliness"]]
    symbol = {"on-time": "Đ", "on-time-rejected": "TL", "missing": "C", "pending": "…"}
    expected = timeliness(demo, year.months())
    for r, unit in enumerate(demo.config.units, start=5):
        for c, month in enumerate(year.months(), start=2):
            status = expected[(unit.code, month)]
            got = ws.cell(r, c).value
            assert got == symbol[status] if status != "late" else got.startswith("T+"), (unit.code, month, got)
    ws = wb[SHEETS["overdue"]]
    got = {(ws.cell(r, 1).value, ws.cell(r, 4).value) for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value}
    assert got == {(m, u) for m, u, _ in overdue(demo, year.end)}
    ws = wb[SHEETS["actions"]]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 3).value, ws.cell(r, 4).value) for r in range(4, ws.max_row + 1)
            if ws.cell(r, 1).value]
    assert sorted(rows) == sorted((e["unit"], e["indicator"], e["opened"]) for e in register(demo, year))
    ws = wb[SHEETS["status"]]
    labels = {ws.cell(r, 2).value: ws.cell(r, 4).value for r in range(4, ws.max_row + 1)
              if ws.cell(r, 1).value == "2023-12"}
    dec = parse_period("2023-12")
    assert {u: s for (u, m), s in expected.items() if m == dec and s in ("on-time", "missing")} == {
        u: ("on-time" if s == TIMELINESS_VI["on-time"] else "missing") for u, s in labels.items()
        if s in (TIMELINESS_VI["on-time"], TIMELINESS_VI["missing"])}


def test_properties_headers_footers_and_a4_landscape(demo):
    path = book(demo, "2023-H1")
    wb = openpyxl.load_workbook(path)
    assert "6 tháng đầu năm 2023" in wb.properties.title
    with zipfile.ZipFile(path) as zf:
        assert f"<Company>{demo.config.plan.department}</Company>" in zf.read("docProps/app.xml").decode()
        custom = zf.read("docProps/custom.xml").decode()
        assert "Kỳ báo cáo" in custom and "2023-H1" in custom
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9, ws.title
        if ws.title != SHEETS["dashboard"]:
            fit = ws.page_setup.fitToWidth in (None, 1)                   # 1 is the default, left out
            assert ws.sheet_properties.pageSetUpPr.fitToPage and fit, ws.title
        assert demo.config.plan.department in ws.oddHeader.left.text
        assert "6 tháng đầu năm 2023" in ws.oddHeader.right.text
        assert ws.oddFooter.center.text == "Trang &P/&N"
    assert wb[SHEETS["dashboard"]].print_area


def test_the_dashboard_prints_split_across_pages_not_shrunk(demo):
    """A4 landscape at a scale that keeps 11-pt text at 8 pt or more: the indicators' table on its pages, the
    panels on theirs (a page break between them), the charts below on their own, the title rows on each."""
    ws = openpyxl.load_workbook(book(demo, "2023"))[SHEETS["dashboard"]]
    pr = ws.sheet_properties.pageSetUpPr
    assert not (pr and pr.fitToPage)                                     # not fitted: never shrunk to one page
    assert 11 * int(ws.page_setup.scale) / 100 >= 8
    assert [b.id for b in ws.col_breaks.brk] == [12] and len(ws.row_breaks.brk) == 1
    assert ws.print_title_rows == "$1:$2"


def test_print_scale_fits_the_widest_part_or_splits_it():
    from pipeline.outputs.workbook.dashboard import SMALLEST_SCALE, print_scale
    assert print_scale([[10] * 5]) == 100                                # a narrow part prints at 100 %
    assert 73 <= print_scale([[7, 40, 11, 10, 7, 7, 7, 8, 8, 12, 10, 10], [2, 46, 46, 46]]) < 100
    assert print_scale([[46] * 12]) == SMALLEST_SCALE == 73               # too wide: split, not shrunk under 8 pt


def test_a_long_list_prints_its_first_rows_only(demo):
    """Printing the whole workbook is not a hundred pages of lists: a list longer than PRINT_ROWS prints its
    first rows and says so at the foot of each page; the sheet keeps every row."""
    wb = openpyxl.load_workbook(book(demo, "2023"))
    ws = wb[SHEETS["data"]]
    assert ws.max_row > tables.PRINT_ROWS + 3
    last = tables.TITLE_ROWS + 1 + tables.PRINT_ROWS
    assert ws.print_area == f"'{ws.title}'!$A$1:${openpyxl.utils.get_column_letter(ws.max_column)}${last}"
    assert ws.oddFooter.right.text == f"In 100 dòng đầu trong {vi_int(ws.max_row - 3)} dòng; xem đủ trên bảng tính"
    short = wb[SHEETS["overdue"]]
    assert short.max_row <= tables.PRINT_ROWS + 3 and not short.print_area


def test_text_from_units_stays_text(demo):
    ws = openpyxl.load_workbook(book(demo, "2023"))[SHEETS["actions"]]
    actions = [ws.cell(r, 8).value for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value]
    assert actions and all(isinstance(a, str) and not a.startswith("=") for a in actions)


def test_a_sheet_longer_than_excel_allows_continues_on_the_next(demo, tmp_path, monkeypatch):
    pr = demo.period_result("2023")
    analysis = analyse(demo.config, list(demo.result.outcomes), pr.metrics, NOW.date())
    capacity = 600
    monkeypatch.setattr(tables, "ROW_LIMIT", tables.TITLE_ROWS + 1 + capacity)
    path = tmp_path / "long.xlsx"
    write_workbook(path, demo.config, pr.metrics, pr.frame, list(pr.outcomes), NOW, analysis)
    wb = openpyxl.load_workbook(path)
    parts = [name for name in wb.sheetnames if name == SHEETS["data"] or name.startswith(SHEETS["data"] + " (")]
    assert len(pr.frame) > 2 * capacity and len(parts) == -(-len(pr.frame) // capacity)
    assert parts == [SHEETS["data"]] + [f"{SHEETS['data']} ({n})" for n in range(2, len(parts) + 1)]
    written = [(row[0], row[1], row[4]) for name in parts for row in wb[name].iter_rows(min_row=4, values_only=True)]
    assert written == list(zip(pr.frame["period"], pr.frame["unit"], pr.frame["indicator"]))
    assert wb.sheetnames.index(parts[-1]) + 1 == wb.sheetnames.index(SHEETS["findings"])


@pytest.mark.soffice
@needs_soffice
def test_the_workbooks_open_and_print_in_libreoffice(demo, tmp_path):
    for key in ("2023-05", "2023"):
        pdf = soffice_convert(book(demo, key), "pdf", tmp_path / "pdf")
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20000


def test_a_list_longer_than_excels_link_limit_names_its_sources_as_text(demo, tmp_path, monkeypatch):
    pr = demo.period_result("2023")
    analysis = analyse(demo.config, list(demo.result.outcomes), pr.metrics, NOW.date())
    limit = 200                                    # more rows than the files received, fewer than the figures
    for module in (streaming, tables, sheets):               # each reads the limit it imported
        monkeypatch.setattr(module, "LINK_LIMIT", limit)
    path = tmp_path / "links.xlsx"
    write_workbook(path, demo.config, pr.metrics, pr.frame, list(pr.outcomes), NOW, analysis)
    wb = openpyxl.load_workbook(path)
    data, files = wb[SHEETS["data"]], wb[SHEETS["files"]]
    header = [c.value for c in data[3]]
    rows = range(4, data.max_row + 1)
    assert len(rows) == len(pr.frame) > limit
    assert not [r for r in rows if any(data.cell(r, c).hyperlink for c in range(1, len(header) + 1))]
    assert all(data.cell(r, header.index("Ô nguồn") + 1).value for r in rows)    # the source, as text
    assert data["A2"].value == tables.unlinked_note() and "200" in data["A2"].value
    assert files.max_row - 3 <= limit and files["A2"].value is None              # a short list keeps its links
    assert all(files.cell(r, 1).hyperlink for r in range(4, files.max_row + 1))


@pytest.mark.parametrize("key", ["2023-05", "2023"])
def test_dashboard_panels_count_everything_and_show_the_most_overdue_first(demo, key, tmp_path, monkeypatch):
    """The "what is overdue" panel counts every overdue measure and lists the most days overdue first;
    each line links to its row of the overdue sheet. The "being corrected" panel puts overdue actions
    first. (Panels of 3 lines here, so that the demo's lists overflow them.)"""
    pr = demo.period_result(key)
    analysis = analyse(demo.config, list(demo.result.outcomes), pr.metrics, NOW.date())
    lines = 3
    monkeypatch.setattr(dashboard, "PANEL_LINES", lines)
    path = tmp_path / "panels.xlsx"
    write_workbook(path, demo.config, pr.metrics, pr.frame, list(pr.outcomes), NOW, analysis)
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEETS["dashboard"]]
    head = next(r for r in range(1, 40) if str(ws.cell(r, 15).value or "").startswith("Biện pháp quá hạn ("))
    assert ws.cell(head, 15).value == f"Biện pháp quá hạn ({len(overdue(demo, min(NOW.date(), pr.period.end)))})"
    assert len(analysis.overdue) > lines and len({o.days_overdue for o in analysis.overdue}) > 1
    most = sorted(analysis.overdue, key=lambda o: -o.days_overdue)[:lines]
    shown = [ws.cell(head + 1 + k, 15) for k in range(lines)]
    assert [c.value.split(":")[0] for c in shown] == [f"{o.measure} · {o.unit}" for o in most]
    overdue_sheet = wb[SHEETS["overdue"]]
    for cell, o in zip(shown, most):
        sheet, ref = re.fullmatch(r"'(.+)'!([A-Z]+\d+)", cell.hyperlink.location).groups()
        assert sheet == SHEETS["overdue"] and overdue_sheet.cell(overdue_sheet[ref].row, 1).value == o.measure
    assert ws.cell(head + 1 + lines, 15).value == f"Xem tất cả ({len(analysis.overdue)}) →"
    open_actions = [a for a in analysis.actions if a.closed_in is None]
    assert ws.cell(head, 16).value == f"Hành động khắc phục đang thực hiện ({len(open_actions)})"
    first = sorted(open_actions, key=lambda a: (not a.overdue, a.opened))[:lines]
    doing = [ws.cell(head + 1 + k, 16).value for k in range(len(first))]
    assert first and [v.startswith("⚠") for v in doing] == [a.overdue for a in first]
    assert [v.lstrip("⚠ ").split(":")[0] for v in doing] == [f"{a.unit} · {a.indicator}" for a in first]
