"""Plan decisions (.docx) laid out the way Departments lay them out: the seed's 2023 decision, or one made from a
plan (the demo's next year), with the layouts that vary between Departments (split tables, repeated headers,
Word's own numbering, other header wording, the decision's own first page)."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from ..plan.config import Config
from . import decision_2023 as seed

HEADER = ("TT", "Mục tiêu chất lượng và biện pháp thực hiện MTCL", "Trách nhiệm thực hiện", "",
          "Thời gian thực hiện", "Trách nhiệm theo dõi MTCL", "Cách thức theo dõi và kết quả")
SUBHEADER = ("", "", "Chủ trì", "Phối hợp", "", "", "")
COLUMNS = len(HEADER)
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
Row = tuple[str, ...]


@dataclass(frozen=True)
class DecisionText:
    """What a decision says: Phụ lục 1's paragraphs, and Phụ lục 2's rows page by page (each page opening with
    its two header rows, as the seed shows them)."""
    year: int
    decision: str                       # «Quyết định số 147 /QĐ-SLĐTBXH ngày 07/02 /2023»
    department: str
    objectives: tuple[str, ...]         # «1. 100% phòng, …» as typed
    pages: tuple[tuple[Row, ...], ...]
    intro: str = ""
    purpose: tuple[str, ...] = ()
    organisation: tuple[str, ...] = ()

    def rows(self) -> list[Row]:
        """Every data row (header rows left out), in order."""
        return [row for page in self.pages for row in page[2:]]

    def with_rows(self, rows: list[Row], per_page: int = 12) -> DecisionText:
        """The same decision with these data rows, laid on pages of `per_page` rows under the first header."""
        header = self.pages[0][:2]
        pages = tuple(header + tuple(rows[i:i + per_page]) for i in range(0, len(rows), per_page)) or (header,)
        return dataclasses.replace(self, pages=pages)


@dataclass(frozen=True)
class Layout:
    split_tables: bool = False          # every page its own table
    repeat_header: bool = True          # the header rows typed again on each page (a PDF converted to Word), or
                                        # at the top of each split table
    word_numbering: bool = False        # Phụ lục 1 numbered by Word's list style, no number in the text
    front_page: bool = False            # the decision itself first: letterhead table, «Căn cứ…», Điều 1–3
    header: Row | None = None           # other wording for every page's header rows
    subheader: Row | None = None
    sections_as_paragraphs: bool = False    # each section's heading a paragraph above a table of its own
    section_in_one_cell: bool = False   # «I. 100% PHÒNG…» in one cell across the row, TT included
    column_numbers: bool = False        # a row «(1) (2) … (7)» under the header


def _cells(line: str) -> Row:
    cells = [c.strip() for c in line.split("|")]
    return tuple((cells + [""] * COLUMNS)[:COLUMNS])


def seed_decision() -> DecisionText:
    """The 2023 decision of the seed, page by page as it was typed."""
    pages = tuple(tuple(_cells(line) for line in block.splitlines() if line.strip())
                  for block in re.split(r"\n\s*\n", seed.TABLE) if block.strip())
    return DecisionText(seed.YEAR, seed.DECISION, seed.DEPARTMENT, tuple(seed.OBJECTIVES), pages,
                        seed.OBJECTIVES_INTRO, tuple(seed.PURPOSE), tuple(seed.ORGANISATION))


def decision_from_config(config: Config, year: int | None = None) -> DecisionText:
    """A decision that says what `config`'s plan says, for `year` (the plan's years moved on by as many years)."""
    shift = (year or config.plan.year) - config.plan.year

    def move(text: str) -> str:
        return re.sub(r"\b(19|20)\d\d\b", lambda m: str(int(m[0]) + shift), text) if shift else text
    rows: list[Row] = []
    for objective in config.objectives:
        rows.append((f"{ROMAN[objective.id]}.", f"<b>{move(objective.title).rstrip('.').upper()}</b>",
                     "", "", "", "", ""))
        for m in (m for m in config.measures if m.objective == objective.id):
            number = m.id.split(".", 1)[1]
            tt = f"{number[-1]})" if number[-1].isalpha() else number
            rows.append((tt, move(m.text), m.lead_text, m.coordinate_text, move(m.deadline), m.monitor,
                         move(m.evidence)))
    shell = seed_decision()
    number = re.search(r"(\d+)\s*/", config.plan.decision)
    decision = f"Quyết định số {number[1] if number else '…'}/QĐ-SLĐTBXH ngày 10/01/{year or config.plan.year}"
    return dataclasses.replace(
        shell, year=year or config.plan.year, decision=decision, department=config.plan.department,
        objectives=tuple(f"{o.id}. {move(o.title)}" for o in config.objectives),
        intro=move(shell.intro), purpose=tuple(move(p) for p in shell.purpose),
        organisation=tuple(move(p) for p in shell.organisation)).with_rows(rows)


def write_decision(text: DecisionText, path: Path, layout: Layout = Layout()) -> Path:
    """The decision as a .docx at `path`."""
    import docx
    from docx.enum.text import WD_BREAK
    document = docx.Document()
    caption = f"(Kèm theo {text.decision}"
    if layout.front_page:
        _front_page(document, text)
    _para(document, "<b>Phụ lục 1</b>", center=True)
    _para(document, f"<b>MỤC TIÊU CHẤT LƯỢNG NĂM {text.year}</b>", center=True)
    p = _para(document, f"<i>{caption}</i>", center=True)
    p.add_run().add_break()
    p.add_run(f"của {text.department})").italic = True
    _para(document, text.intro)
    for objective in text.objectives:
        if layout.word_numbering:
            _para(document, re.sub(r"^\s*\d+\.\s*", "", objective), style="List Number")
        else:
            _para(document, objective)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(document, "<b>Phụ lục 2</b>", center=True)
    _para(document, "<b>KẾ HOẠCH</b>", center=True)
    _para(document, f"<b>Thực hiện mục tiêu chất lượng năm {text.year}</b>", center=True)
    _para(document, f"<i>{caption.replace(' /', '/').replace('02 /', '02/')}</i>", center=True)
    _para(document, f"<i>của {text.department})</i>", center=True)
    _para(document, "<b>I. MỤC ĐÍCH, YÊU CẦU</b>")
    for line in text.purpose:
        _para(document, line)
    _para(document, "<b>II. NỘI DUNG THỰC HIỆN</b>")
    pages = [_with_header(page, layout) for page in text.pages]
    if layout.column_numbers:
        pages[0] = pages[0][:2] + (tuple(f"({n})" for n in range(1, COLUMNS + 1)),) + pages[0][2:]
    if layout.sections_as_paragraphs:
        header = pages[0][:2]
        for section in _sections(_whole_rows(pages)):
            _para(document, f"<b>{section[0][0]} {section[0][1]}</b>")
            _table(document, list(header) + section[1:], {0, 1}, layout)
    elif layout.split_tables:
        for n, page in enumerate(pages):
            with_header = n == 0 or layout.repeat_header
            _table(document, list(page if with_header else page[2:]), {0, 1} if with_header else set(), layout)
            document.add_paragraph()
    else:
        if layout.repeat_header:
            rows: list[Row] = []
            headers: set[int] = set()
            for page in pages:
                headers.update((len(rows), len(rows) + 1))
                rows += page
        else:
            rows, headers = list(pages[0][:2]) + _whole_rows(pages), {0, 1}
        _table(document, rows, headers, layout)
    _para(document, "<b>III. TỔ CHỨC THỰC HIỆN</b>")
    for line in text.organisation:
        _para(document, line)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _whole_rows(pages: list[tuple[Row, ...]]) -> list[Row]:
    """The data rows with each row cut by a page made whole again: Word keeps such a row one row (only a PDF
    converted to Word leaves it in two)."""
    rows: list[Row] = []
    for n, page in enumerate(pages):
        body = list(page[2:])
        if n and body and not body[0][0] and rows:
            rows[-1] = tuple(" ".join(t for t in pair if t) for pair in zip(rows[-1], body.pop(0)))
        rows += body
    return rows


def _sections(rows: list[Row]) -> list[list[Row]]:
    """The rows grouped under their section's heading row (I., II., …)."""
    out: list[list[Row]] = []
    for row in rows:
        if re.fullmatch(r"(<b>)?[IVX]+\.?(</b>)?", row[0]) or not out:
            out.append([row])
        else:
            out[-1].append(row)
    return out


def _with_header(page: tuple[Row, ...], layout: Layout) -> tuple[Row, ...]:
    header = layout.header or page[0]
    sub = layout.subheader or page[1]
    return (header, sub) + page[2:]


def _runs(paragraph, text: str) -> None:
    """Write `text` into `paragraph`, <b>…</b> and <i>…</i> as bold and italic runs."""
    bold = italic = False
    for part in re.split(r"(</?[bi]>)", text):
        if part in ("<b>", "</b>"):
            bold = part == "<b>"
        elif part in ("<i>", "</i>"):
            italic = part == "<i>"
        elif part:
            run = paragraph.add_run(part)
            run.bold, run.italic = bold or None, italic or None


def _para(document, text: str, center: bool = False, style: str | None = None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    paragraph = document.add_paragraph(style=style)
    _runs(paragraph, text)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _fill(cell, text: str) -> None:
    """A cell's text, each «- item» of a list its own paragraph."""
    items = [t for t in re.split(r"(?<=[;.])\s+(?=- )", text) if t] or [""]
    _runs(cell.paragraphs[0], items[0])
    for item in items[1:]:
        _runs(cell.add_paragraph(), item)


def _table(document, rows: list[Row], header_rows: set[int], layout: Layout = Layout()) -> None:
    from docx.oxml import OxmlElement
    table = document.add_table(rows=len(rows), cols=COLUMNS)
    table.style = "Table Grid"
    grid = [r.cells for r in table.rows]          # once: table.cell() walks the whole table at every call
    writes: list[tuple[object, str]] = []
    n = 0
    while n < len(rows):
        row, cells = rows[n], grid[n]
        if n in header_rows and n + 1 in header_rows:            # the two header rows, merged as Word shows them
            sub, below = rows[n + 1], grid[n + 1]
            col = 0
            while col < COLUMNS:
                if row[col] and col + 1 < COLUMNS and not row[col + 1] and sub[col] and sub[col + 1]:
                    top = cells[col].merge(cells[col + 1])              # «Trách nhiệm thực hiện»
                    writes += [(top, row[col]), (below[col], sub[col]), (below[col + 1], sub[col + 1])]
                    col += 2
                    continue
                if not sub[col]:
                    writes.append((cells[col].merge(below[col]), row[col]))
                else:
                    writes += [(cells[col], row[col]), (below[col], sub[col])]
                col += 1
            for r in (n, n + 1):
                table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            n += 2
            continue
        if row[1] and not any(row[2:]) and layout.section_in_one_cell:
            writes.append((cells[0].merge(cells[COLUMNS - 1]), " ".join(t for t in row[:2] if t)))
        elif row[1] and not any(row[2:]):                          # a section's heading across the row
            writes += [(cells[0], row[0]), (cells[1].merge(cells[COLUMNS - 1]), row[1])]
        else:
            writes += [(cells[col], row[col]) for col in range(COLUMNS)]
        n += 1
    for cell, text in writes:
        _fill(cell, text)


def _front_page(document, text: DecisionText) -> None:
    """The decision before its appendices: numbered paragraphs and other decisions cited, none of them the plan."""
    from docx.enum.text import WD_BREAK
    number = re.search(r"số\s*(\d+)\s*/\s*(\S+)", text.decision)
    letterhead = document.add_table(rows=1, cols=2)
    _fill(letterhead.cell(0, 0), "<b>SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI</b>")
    letterhead.cell(0, 0).add_paragraph(f"Số: {number[1]}/{number[2]}" if number else "Số: …")
    _fill(letterhead.cell(0, 1), "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>")
    letterhead.cell(0, 1).add_paragraph("Độc lập – Tự do – Hạnh phúc")
    for line in ("<b>QUYẾT ĐỊNH</b>",
                 f"Về việc ban hành Mục tiêu chất lượng và Kế hoạch thực hiện MTCL năm {text.year}",
                 "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc áp dụng Hệ "
                 "thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015;",
                 "Căn cứ Quyết định số 2213/QĐ-UBND ngày 10/10/2020 của Ủy ban nhân dân tỉnh;",
                 "<b>QUYẾT ĐỊNH:</b>",
                 f"Điều 1. Ban hành kèm theo Quyết định này Mục tiêu chất lượng và Kế hoạch thực hiện MTCL năm "
                 f"{text.year}.",
                 "Điều 2. Trách nhiệm thi hành:",
                 "1. Văn phòng Sở theo dõi, đôn đốc, tổng hợp kết quả thực hiện.",
                 "2. Các phòng, trung tâm thuộc Sở tổ chức thực hiện.",
                 "Điều 3. Quyết định có hiệu lực kể từ ngày ký."):
        _para(document, line)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
