"""The 6-month / annual results report, summary.html and the management-review pack of a demo year."""
from __future__ import annotations

import html
import re

import docx
import pytest
from click.testing import CliRunner

from factories import needs_soffice, soffice_convert
from pipeline.cli import main
from pipeline.plan.periods import parse_period
from pipeline.run import make_report, make_review
from pipeline.vi import vi_ratio
from year_demo import NOW, accepted, overdue, pooled, register, timeliness

RESULT = {True: "Đạt", False: "Không đạt", None: "Không phát sinh"}


@pytest.fixture(scope="module")
def demo(year_demo_built):
    return year_demo_built


@pytest.fixture(scope="module")
def reports(demo):
    periods = {key: parse_period(key) for key in ("2023-H1", "2023")}
    return {key: {**make_report(demo.config, p, NOW), **make_review(demo.config, p, NOW)} for key, p in periods.items()}


def pct(rate) -> str:
    return "—" if rate is None else f"{rate:.1%}".replace(".", ",")


def tables(path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables]


@pytest.mark.parametrize("key, words", [("2023-H1", "6 tháng đầu năm 2023"), ("2023", "năm 2023")])
def test_report_figures_match_the_files(demo, reports, key, words):
    period = parse_period(key)
    path = reports[key]["report"]
    assert path.name == f"bao-cao-ket-qua-mtcl-{key}.docx"
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and f"Kết quả thực hiện Mục tiêu chất lượng {words}" in texts
    assert document.core_properties.author == demo.config.plan.department
    expected = pooled(demo, period.months())
    seen = set()
    for table in tables(path):
        if table[0][:2] == ["Chỉ tiêu", "Mục tiêu KH"]:
            for row in table[1:]:
                ind_id = row[0].split(". ")[0]
                exp = expected[ind_id]
                # the year's denominators pass 1.000: grouped as Vietnamese text groups them
                assert row[2:4] == [vi_ratio(exp["numerator"], exp["denominator"]), pct(exp["rate"])], ind_id
                # «Theo dõi» where the plan sets no target (4.3); a pooled indicator's units are those judged alone
                assert row[-2:] == [vi_ratio(exp["units_met"], exp["units_reporting"]), exp["label"]]
                seen.add(ind_id)
    assert seen == set(expected)
    texts = [p.text.replace("\xa0", " ") for p in document.paragraphs]
    pooled_ids = [i for i, exp in expected.items() if exp["pools"]]
    assert pooled_ids == ["6.2"]                # each pool the plan judges 6.2 over: its figure and verdict
    for title, num, den, met in expected["6.2"]["pools"]:
        assert f"{title}: {vi_ratio(num, den)} = {pct(num / den if den else None)} — {RESULT[met]}." in texts, title
    statuses = timeliness(demo, period.months())
    units = next(t for t in tables(path) if t[0][:2] == ["Đơn vị", "Phải nộp"])
    for unit in demo.config.units:
        row = next(r for r in units if r[0] == unit.name)
        mine = {m: s for (u, m), s in statuses.items() if u == unit.code}
        assert row[1:4] == [str(len(mine)), str(sum((unit.code, m) in accepted(demo) for m in mine)),
                            str(list(mine.values()).count("on-time"))], unit.code
    actions = next(t for t in tables(path) if t[0][0] == "Đơn vị — chỉ tiêu")
    assert len(actions) - 1 == len(register(demo, period))
    measures = next((t for t in tables(path) if t[0][:2] == ["Mã", "Biện pháp"]), [[]])
    assert {(r[0], next(u.code for u in demo.config.units if u.name == r[2])) for r in measures[1:]} == \
        {(m, u) for m, u, _ in overdue(demo, period.end)}


def test_summary_html_is_self_contained_and_has_the_charts_and_the_tables(demo, reports):
    path = reports["2023-H1"]["html"]
    page = path.read_text(encoding="utf-8")
    assert path.name == "summary.html" and page.startswith("<!DOCTYPE html>")
    outside = re.findall(r"""(?:src|href)\s*=|url\(|@import|https?://(?!www\.w3\.org/2000/svg)""", page)
    assert outside == []
    assert page.count("<svg") == 3
    expected = pooled(demo, parse_period("2023-H1").months())
    bars = dict(re.findall(r"<title>(\d+\.\d+): ([\d.]+%)</title>", page))
    label = lambda r: f"{r:.0%}" if (r * 100).is_integer() else f"{r:.1%}"       # 99.7% never shows as 100%
    assert bars == {i: label(e["rate"]) for i, e in expected.items() if e["rate"] is not None}
    assert "100%" not in [label(e["rate"]) for e in expected.values() if e["rate"] and e["rate"] < 1]
    for table in tables(reports["2023-H1"]["report"]):
        for row in table[1:]:
            for text in row:
                assert html.escape(text) in page, text


def test_review_pack_follows_clause_9_3_2(reports):
    document = docx.Document(str(reports["2023-H1"]["review"]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h[:2] for h in headings[:6]] == ["a)", "b)", "c)", "d)", "e)", "f)"]
    assert headings[0].startswith("a) Tình trạng của các hành động từ các lần xem xét trước")
    inputs = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert [h.split(".")[0] for h in inputs] == ["1", "2", "3", "4", "5", "6", "7"]
    assert any("Mức độ đạt được các mục tiêu chất lượng" in h for h in inputs)
    assert any("Sự không phù hợp và hành động khắc phục" in h for h in inputs)
    assert any("đánh giá nội bộ" in h for h in inputs) and "d) Sự đầy đủ của nguồn lực" in headings
    # before a review workbook is recorded: no earlier decision, the 9.3.3 outputs awaiting the meeting
    assert headings[-1] == "Kết luận của lãnh đạo (đầu ra, mục 9.3.3)"
    texts = [p.text for p in document.paragraphs]
    assert "Chưa có quyết định nào của lần xem xét trước được ghi nhận." in texts
    assert any(t.startswith("Các quyết định của lãnh đạo sẽ được ghi sau cuộc họp") for t in texts)


@pytest.mark.soffice
@needs_soffice
def test_the_documents_open_and_print_in_libreoffice(reports, tmp_path):
    for source in (reports["2023"]["report"], reports["2023-H1"]["review"]):
        pdf = soffice_convert(source, "pdf", tmp_path / "pdf")
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20000


def test_cli_report_and_review(demo, reports):
    runner = CliRunner()
    config = str(demo.config.source)
    out = runner.invoke(main, ["report", "--config", config, "--period", "2023-H1"])
    assert out.exit_code == 0, out.output
    assert str(reports["2023-H1"]["report"]) in out.output and "summary.html" in out.output
    out = runner.invoke(main, ["review", "--config", config, "--period", "2023-H1"])
    assert out.exit_code == 0 and "xem-xet-cua-lanh-dao-2023-H1.docx" in out.output
    assert runner.invoke(main, ["report", "--config", config, "--period", "2023-H3"]).exit_code == 2


def test_long_lists_name_the_first_items_and_point_to_the_workbook(demo, monkeypatch):
    """A province's report would name thousands of units and measures: a sentence names the first
    SENTENCE_ITEMS, a table shows TABLE_ROWS rows, and both say how many more the workbook's sheet lists."""
    from pipeline import run as report
    from pipeline.outputs.documents import content
    from pipeline.outputs.documents.content import Paragraph, Table
    from pipeline.outputs.documents.report import report_document
    analysis = report.run(demo.config, periods=[parse_period("2023")], now=NOW).periods[0].analysis
    full = report_document(demo.config, analysis)
    monkeypatch.setattr(content, "SENTENCE_ITEMS", 2)
    monkeypatch.setattr(content, "TABLE_ROWS", 3)
    short = report_document(demo.config, analysis)
    overdue_tables = [[b for b in doc.blocks if isinstance(b, Table) and b.headers[:2] == ("Mã", "Biện pháp")][0]
                      for doc in (full, short)]
    count = len(analysis.overdue)
    assert count > 3 and len(overdue_tables[0].rows) == count
    assert overdue_tables[1].rows[:3] == overdue_tables[0].rows[:3] and len(overdue_tables[1].rows) == 4
    assert overdue_tables[1].rows[3][0][0] == \
        f"… và {count - 3} biện pháp khác: xem trang «Biện pháp quá hạn» của bảng tổng hợp."
    proposal = next(b.text for b in short.blocks if isinstance(b, Paragraph) and b.text.startswith("Đôn đốc hoàn thành"))
    named = [f"{o.measure} ({demo.config.unit(o.unit).name})" for o in analysis.overdue[:2]]
    assert proposal == (f"Đôn đốc hoàn thành các biện pháp quá hạn: {'; '.join(named)}; … và {count - 2} biện pháp "
                        "khác: xem trang «Biện pháp quá hạn» của bảng tổng hợp.")
    shortened = [b.text for b in short.blocks if isinstance(b, Paragraph) and " khác: xem trang «" in b.text]
    assert len(shortened) >= 5 and any(t.startswith("Đề nghị các đơn vị sau") for t in shortened)
    assert all(t.endswith("» của bảng tổng hợp.") and t.count("xem trang") == 1 for t in shortened)   # at the end
    units = next(b for b in short.blocks if isinstance(b, Table) and b.headers[:2] == ("Đơn vị", "Phải nộp"))
    assert len(units.rows) == 3 + 2 and units.rows[-1][0][0] == "Toàn Sở"     # the Department's total stays
    assert "xem trang «Nộp báo cáo cả năm»" in units.rows[-2][0][0]
    assert all("xem trang «" not in str(b) for b in full.blocks)       # a Department's report names everything


def test_report_announces_its_stages(demo, reports):
    """`mtcl review` on a terminal: the run's stages, the period analysed once, then the Word document (the
    document is written from the run's own analysis: nothing is read or checked a second time)."""
    seen = []
    make_review(demo.config, parse_period("2023-H1"), NOW, progress=lambda *a: seen.append(a))
    begun = [stage for stage, _, total in seen if total == 0]
    assert begun[:1] == ["collect"] and begun[-4:] == ["analysis", "workbook", "summaries", "documents"]
    assert begun.count("read and check") == 1 and begun.count("analysis") == 1


@pytest.mark.parametrize("key", ["2023-H1", "2023"])
def test_the_register_counts_are_the_same_in_the_register_dashboard_summary_and_report(demo, reports, key):
    import openpyxl
    from pipeline.vi import SHEETS
    period = parse_period(key)
    expected = register(demo, period)
    closed = sum(e["status"] == "closed" for e in expected)
    opened, late = len(expected) - closed, sum(e["overdue"] for e in expected)
    no_action = sum(e["status"] == "no-action" for e in expected)
    assert no_action and opened and closed                       # the demo year has each
    text = "\n".join(p.text for p in docx.Document(str(reports[key]["report"])).paragraphs)
    assert (f"có {len(expected)} nội dung liên quan đến kỳ: {closed} đã đóng (đã thực hiện và đạt liên tiếp 2 kỳ), "
            f"{opened} chưa hoàn thành, trong đó {late} quá thời hạn và {no_action} chưa có hành động khắc phục.") in text
    outputs = demo.period_result(key).outputs
    md = outputs["summary_md"].read_text(encoding="utf-8")
    assert f"hành động khắc phục chưa hoàn thành: **{opened}** (quá hạn {late})" in md
    assert f"chưa có hành động: {no_action}" in md
    wb = openpyxl.load_workbook(outputs["workbook"])
    dash = wb[SHEETS["dashboard"]]
    tiles = [c.value for row in dash.iter_rows(min_row=1, max_row=8) for c in row if isinstance(c.value, str)]
    assert f"{opened} ({late})" in tiles
    ws = wb[SHEETS["actions"]]
    statuses = [ws.cell(r, 14).value for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value]
    assert len(statuses) == len(expected) and statuses.count("Đã đóng: đã thực hiện và đạt liên tiếp") == closed
    assert statuses.count("Chưa có hành động khắc phục") == no_action


# ---------------------------------------------------------------- the official report: Nghị định 30/2020, Phụ lục I

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def year_analysis(demo):
    from pipeline import run as report
    return report.run(demo.config, periods=[parse_period("2023")], now=NOW).periods[0].analysis


@pytest.fixture(scope="module")
def signed(demo, year_analysis, tmp_path_factory):
    """The year's report of a Department whose deputy signs on the Director's behalf."""
    import dataclasses
    from pipeline.outputs.documents.docx import write_docx
    from pipeline.outputs.documents.report import report_document
    from pipeline.plan.config import Documents
    config = dataclasses.replace(demo.config, documents=Documents(
        parent_body="UBND tỉnh Hòa Bình", issuer=("Sở Lao động - Thương binh", "và Xã hội"), abbreviation="SLĐTBXH",
        place="Hòa Bình", authority="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC", signer_name="Nguyễn Văn An",
        recipients=("Ban Chỉ đạo ISO Sở", "Tổ chức chứng nhận", "Lưu: VT, VP (ISO)")))
    document = report_document(config, year_analysis)
    path = tmp_path_factory.mktemp("signed") / "bao-cao.docx"
    write_docx(document, config, year_analysis, path)
    return document, docx.Document(str(path)), config


def text_of(paragraph) -> str:
    return paragraph.text.replace("\u00a0", " ")


def test_page_numbers_top_centre_from_page_two(signed):
    _, document, _ = signed
    section = document.sections[0]
    assert section.different_first_page_header_footer                  # w:titlePg
    assert section._sectPr.find(f"{W}titlePg") is not None
    number = section.header.paragraphs[0]
    assert "PAGE" in "".join(t.text for t in number._p.iter(f"{W}instrText"))
    assert number.alignment == 1 and all(r.font.size.pt == 13 for r in number.runs)      # centred, 13 pt
    assert not list(section.first_page_header._element.iter(f"{W}instrText"))             # none on page 1
    assert not list(section.footer._element.iter(f"{W}instrText"))


def test_the_heading_names_the_issuer_and_leaves_number_and_date_blank(signed):
    _, document, _ = signed
    left, right = document.tables[0].rows[0].cells
    lines = [text_of(p) for p in left.paragraphs if p.text]
    assert lines[:3] == ["UBND TỈNH HÒA BÌNH", "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]
    assert [r.bold for p in left.paragraphs[1:3] for r in p.runs] == [True, True]
    assert re.fullmatch(r"Số: +/BC-SLĐTBXH", lines[-1])                      # the number: for the records office
    right_lines = [text_of(p) for p in right.paragraphs if p.text]
    assert right_lines[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]   # hyphens
    assert re.fullmatch(r"Hòa Bình, ngày +tháng +năm +", right_lines[2])
    assert right.paragraphs[-1].runs[0].italic
    # «Thương binh» never breaks: each printed line's spaces are non-breaking
    assert "THƯƠNG\u00a0BINH" in left.paragraphs[1].text
    # rules under the issuer, the motto and the title: bottom borders on empty paragraphs
    ruled = [p for p in document.element.body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None]
    assert len(ruled) == 3
    texts = [p.text for p in document.paragraphs]
    assert texts.index("BÁO CÁO") < texts.index("Kết quả thực hiện Mục tiêu chất lượng năm 2023")


def test_signer_and_recipients_come_from_config(signed):
    _, document, _ = signed
    left, right = document.tables[-1].rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    run = left.paragraphs[0].runs[0]
    assert run.bold and run.italic and run.font.size.pt == 12
    assert [p.text for p in left.paragraphs[1:]] == ["- Ban Chỉ đạo ISO Sở;", "- Tổ chức chứng nhận;",
                                                     "- Lưu: VT, VP (ISO)."]
    assert all(r.font.size.pt == 11 for p in left.paragraphs[1:] for r in p.runs)
    signer = [text_of(p) for p in right.paragraphs]
    assert signer[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] and signer[-1] == "Nguyễn Văn An"
    assert signer[2:-1] == [""] * 4                        # room for the signature and the seal
    assert right.paragraphs[-1].runs[0].bold


def test_the_report_has_its_sections_drafted_for_the_secretary(signed, year_analysis):
    report, document, config = signed
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    tops = [t for s, t in headings if s == "Heading 1"]
    assert tops == ["I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ"]
    seconds = [t for s, t in headings if s == "Heading 2"]
    assert "1. Ưu điểm" in seconds and "2. Hạn chế, nguyên nhân" in seconds
    texts = [p.text for p in document.paragraphs]
    drafts = [p for p in document.paragraphs if p.text.startswith("[Dự thảo")]
    assert len(drafts) == 2 and all(p.runs[0].font.highlight_color for p in drafts)   # visibly a draft
    assert texts.index(drafts[0].text) == texts.index("II. ĐÁNH GIÁ CHUNG") + 1
    assert not any("bổ sung: …" in t for t in texts)                                 # no placeholders
    # Hạn chế names every cause the units stated, once; Phương hướng every open action they set
    body = "\n".join(texts)
    causes = {a.cause.strip().rstrip(".").strip() for a in year_analysis.actions if a.cause}
    assert causes and all(body.count(c + " (") == 1 for c in causes)
    for a in (a for a in year_analysis.open_actions if a.action):
        assert f"{a.action.rstrip('. ')} (chỉ tiêu {a.indicator};" in body


def test_same_period_last_year_said_once_where_there_is_none(signed, year_analysis):
    """The demo has no 2022: no comparison column, and one sentence says so (not «—» in every row)."""
    import dataclasses
    from pipeline.consolidate.trends import Change
    from pipeline.outputs.documents.content import Table
    from pipeline.outputs.documents.report import report_document
    report, document, config = signed
    texts = [p.text for p in document.paragraphs]
    assert texts.count("Chưa có số liệu cùng kỳ năm trước để so sánh.") == 1
    assert not any("cùng kỳ" in h or h.startswith("So ") for t in tables_of(document) for h in t[0])
    # with last year's figure for one indicator: the column, and the others named once
    first = year_analysis.trends[0]
    trends = (dataclasses.replace(first, last_year=Change(0.5, 0.4, "↑", True)),) + year_analysis.trends[1:]
    compared = report_document(config, dataclasses.replace(year_analysis, trends=trends))
    indicator_tables = [b for b in compared.blocks if isinstance(b, Table) and b.headers[0] == "Chỉ tiêu"]
    assert all(t.headers[4] == "So cùng kỳ năm trước" for t in indicator_tables)
    cells = {row[0][0].split(". ")[0]: row[4][0] for t in indicator_tables for row in t.rows}
    assert cells[first.indicator] == "↑ +40,0 điểm %"
    missing = [t.indicator for t in year_analysis.trends[1:]]
    said = [b.text for b in compared.blocks if getattr(b, "text", "").startswith("Chưa có số liệu cùng kỳ")]
    assert said == [f"Chưa có số liệu cùng kỳ năm trước của chỉ tiêu {', '.join(missing)}."]


def tables_of(document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def test_counts_never_break_and_short_tables_stay_with_their_line(signed):
    _, document, _ = signed
    indicator = next(t for t in document.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    counts = indicator.rows[1].cells[2]
    assert re.fullmatch(r"[\d.]+/[\d.]+", counts.text)
    assert counts._tc.find(f"{W}tcPr/{W}noWrap") is not None
    assert all(r._tr.find(f"{W}trPr/{W}cantSplit") is not None for r in indicator.rows[1:])
    line = indicator._tbl.getprevious()
    assert line.find(f"{W}pPr/{W}keepNext") is not None and "Kết quả:" in "".join(line.itertext())


# ---------------------------------------------------------------- the one-page views

def font_sizes(document) -> set[float]:
    sizes = {r.font.size.pt for p in document.paragraphs for r in p.runs if r.font.size}
    sizes |= {r.font.size.pt for t in document.tables for row in t.rows for c in row.cells
              for p in c.paragraphs for r in p.runs if r.font.size}
    return sizes | {document.styles[s].font.size.pt for s in ("Normal", "Heading 1", "Heading 2")}


def test_the_directors_summary_is_a_plain_page_of_the_figures(demo, reports):
    path = reports["2023-H1"]["summary_docx"]
    assert path.name == "tom-tat-mtcl-2023-H1.docx"
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["TÓM TẮT", "Kết quả thực hiện Mục tiêu chất lượng 6 tháng đầu năm 2023"]
    every = texts + [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert not any("Nơi nhận" in t or "CỘNG HÒA" in t for t in every)           # a view, not a signed document
    assert min(font_sizes(document)) >= 10 and round(document.sections[0].page_width.cm, 1) == 21.0
    expected = pooled(demo, parse_period("2023-H1").months())
    [indicators] = [t for t in tables(path) if t[0][0] == "Chỉ tiêu"]
    assert {row[0].split(". ")[0]: row[2] for row in indicators[1:]} == {i: pct(e["rate"]) for i, e in expected.items()}
    # the result in the report's words: «Theo dõi» where the plan sets no target (4.3)
    assert {row[0].split(". ")[0]: row[4] for row in indicators[1:]} == {i: e["label"] for i, e in expected.items()}


def test_a_units_card_shows_its_reports_indicators_overdue_measures_and_actions(demo, year_analysis):
    from pipeline.outputs.documents.cards import CARD_ROWS, CARD_TEXT
    from pipeline.outputs.documents.report import action_line
    from pipeline.outputs.period import write_unit_cards
    config = demo.config
    cards = write_unit_cards(config, year_analysis, ("TTDD", "CSCN", "KHTC"))
    pools = {title: (num, den, met) for title, num, den, met in pooled(demo, parse_period("2023").months())["6.2"]["pools"]}
    for code in ("TTDD", "CSCN", "KHTC"):
        path = cards[f"card:{code}"]
        assert path.name == f"phieu-ket-qua-{code}-2023.docx" and path.parent.name == "don-vi"
        document = docx.Document(str(path))
        texts = [p.text for p in document.paragraphs]
        assert texts[0] == f"KẾT QUẢ CỦA {demo.config.unit(code).name.upper()}"
        assert min(font_sizes(document)) >= 10
        figures = {r.id: r.by_unit[code] for r in year_analysis.metrics.indicators if code in r.by_unit}
        [indicators] = [t for t in tables(path) if t[0][0] == "Chỉ tiêu"]
        # a unit's own verdict: none where the plan sets no target (4.3), its pool's where it is judged only
        # with its pool (6.2 in a phòng: the administrative block), never «Không phát sinh» for a figure it has
        block = next((p for p in config.pools if "6.2" in p.indicators and code in p.units and len(p.units) > 1), None)
        words = lambda i, f: ("Theo dõi" if not config.indicator(i).judged else
                              f"{RESULT[pools[block.title][2]]} (cả nhóm)" if i == "6.2" and block else
                              RESULT[f.met])
        assert (code == "KHTC") == (block is not None)
        assert {row[0].split(". ")[0]: (row[2], row[4]) for row in indicators[1:]} == \
            {i: (vi_ratio(f.numerator, f.denominator), words(i, f)) for i, f in figures.items()}
        months = [t for t in year_analysis.timeliness_in(year_analysis.period) if t.unit == code]
        late = [t for t in months if t.arrival != "on-time"]
        reported = next((t for t in tables(path) if t[0][0] == "Kỳ"), [[]])
        assert [row[0] for row in reported[1:]] == [t.period.form_value for t in late]
        assert [row[2] for row in reported[1:]] == [t.label for t in late]        # the workbook's own words
        overdue = [o for o in year_analysis.overdue if o.unit == code]
        assert sum(t.startswith(tuple(f"{o.measure}. " for o in overdue)) for t in texts) == min(len(overdue), CARD_ROWS)
        for o in overdue[:CARD_ROWS]:       # a measure's text cut to fit the page, at a word, the workbook has it whole
            [line] = [t for t in texts if t.startswith(f"{o.measure}. ")]
            shown = line.removeprefix(f"{o.measure}. ").split(" — hạn ")[0]
            assert len(shown) <= CARD_TEXT and (shown == o.text or o.text.startswith(shown.removesuffix(" …")))
        for a in [a for a in year_analysis.open_actions if a.unit == code][:CARD_ROWS]:
            assert any(t.startswith(action_line(demo.config, a)) for t in texts)


def test_a_card_lists_the_months_not_on_time_up_to_a_page_and_counts_the_rest(demo, year_analysis, monkeypatch):
    """A unit late every month of the year still gets one page: the table of months not on time stops at
    CARD_MONTHS rows, its last saying how many more the workbook lists."""
    from pipeline.outputs.documents import cards
    from pipeline.outputs.documents.content import Table
    months = [t for t in year_analysis.timeliness_in(year_analysis.period) if t.arrival != "on-time"]
    unit = max({t.unit for t in months}, key=lambda u: sum(t.unit == u for t in months))
    late = [t for t in months if t.unit == unit]
    assert len(late) >= 3                            # the demo has a unit late often enough to cut
    monkeypatch.setattr(cards, "CARD_MONTHS", len(late) - 1)
    document = cards.unit_card(demo.config, year_analysis, unit)
    [table] = [b for b in document.blocks if isinstance(b, Table) and b.headers[0] == "Kỳ"]
    assert [row[0][0] for row in table.rows[:-1]] == [t.period.form_value for t in late[:len(late) - 2]]
    assert table.rows[-1][0][0] == "… và 2 dòng khác: xem bảng tổng hợp." and len(table.rows) == len(late) - 1


@pytest.mark.soffice
@needs_soffice
def test_the_one_page_views_print_on_one_page(demo, year_analysis, reports, tmp_path):
    from pipeline.outputs.period import write_unit_cards
    cards = write_unit_cards(demo.config, year_analysis, tuple(u.code for u in demo.config.units))
    for source in [reports["2023"]["summary_docx"], *cards.values()]:
        pdf = soffice_convert(source, "pdf", tmp_path / "pdf")
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())) == 1, source.name


def test_cli_report_writes_the_cards_asked_for(demo, reports):
    runner = CliRunner()
    config = str(demo.config.source)
    out = runner.invoke(main, ["report", "--config", config, "--period", "2023-H1", "--unit", "KHTC"])
    assert out.exit_code == 0, out.output
    assert "tom-tat-mtcl-2023-H1.docx" in out.output and "phieu-ket-qua-KHTC-2023-H1.docx" in out.output
    out = runner.invoke(main, ["report", "--config", config, "--period", "2023-H1", "--unit", "XYZ"])
    assert out.exit_code == 1 and "Mã đơn vị «XYZ» không có trong cấu hình" in out.output
