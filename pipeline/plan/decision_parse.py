"""A decision's blocks as a draft plan: Phụ lục 1's objectives, Phụ lục 2's measures, and every row it could
not place (pure: no file is read here)."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..vi.plan_import import PLAN_IMPORT
from . import decision_words as w
from .deadlines import DeadlineRule
from .decision_docx import Cell, Para, Row, Table

FIELDS = ("text", "lead_text", "coordinate_text", "deadline", "monitor", "evidence")
_COLUMN_FIELD = {"text": "text", "lead": "lead_text", "coordinate": "coordinate_text", "deadline": "deadline",
                 "monitor": "monitor", "evidence": "evidence"}


@dataclass(frozen=True)
class ReviewItem:
    code: str               # stable kebab-case: unplaced-row, unknown-unit, unread-deadline, objective-changed…
    where: str              # where in the decision (or in the plan), as the secretary finds it
    message: str            # Vietnamese, what was found and what to do
    level: str = "check"    # "fix": the plan file does not load until it is fixed; "check": the secretary looks;
                            # "note": for the record


@dataclass
class DraftMeasure:
    id: str
    objective: int
    where: str
    values: dict[str, str] = field(default_factory=lambda: dict.fromkeys(FIELDS, ""))

    def extend(self, values: dict[str, str]) -> None:
        """A row continued over a page (or split into two tables): each cell's text goes on after the last."""
        for name, value in values.items():
            if value:
                self.values[name] = f"{self.values[name]} {value}".strip()


@dataclass
class Draft:
    year: int | None = None
    decision: str = ""
    number: str = ""
    department: str = ""
    objectives: dict[int, str] = field(default_factory=dict)          # id → title as Phụ lục 1 writes it
    sections: dict[int, str] = field(default_factory=dict)            # id → Phụ lục 2's heading (capitals)
    measures: list[DraftMeasure] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    tables: int = 0                                                   # Phụ lục 2 tables recognised

    def note(self, code: str, where: str, message: str, level: str = "check") -> None:
        self.review.append(ReviewItem(code, where, message, level))


@dataclass
class PlannedMeasure:
    id: str
    objective: int
    text: str
    lead_text: str
    lead: tuple[str, ...]
    coordinate_text: str
    coordinate: tuple[str, ...]
    deadline: str
    rules: tuple[DeadlineRule, ...]
    monitor: str
    evidence: str
    fix: list[str] = field(default_factory=list)     # what blocks this measure, written above it in the file
    settings: dict = field(default_factory=dict)      # the secretary's own decisions carried over (due, notes)


@dataclass
class PlannedObjective:
    id: int
    title: str
    short: str
    indicators: list[dict]                           # carried over from last year
    held: list[dict] = field(default_factory=list)   # last year's, written commented out: the wording changed


@dataclass
class ImportedPlan:
    plan: dict
    objectives: list[PlannedObjective]
    measures: list[PlannedMeasure]
    review: list[ReviewItem]
    corrections: list[dict] = field(default_factory=list)   # last year's typo corrections that still apply


def parse_blocks(blocks: list[Para | Table]) -> Draft:
    """The draft plan of a decision's body (see decision_docx.read_blocks)."""
    draft = Draft()
    _plan_facts(draft, [b.text for b in blocks if isinstance(b, Para)])
    _objectives(draft, blocks)
    _measures(draft, blocks)
    _compare_sections(draft)
    return draft


# --- the decision's number, date, department, year -----------------------------------------------------------

def _plan_facts(draft: Draft, paragraphs: list[str]) -> None:
    # The appendices' caption «(Kèm theo Quyết định số 147/QĐ-… ngày 07/02/2023 của Sở …)» names the decision;
    # a «Căn cứ Quyết định số …» on the decision's first page names another one.
    chosen = sorted(range(len(paragraphs)), key=lambda i: "kem theo" not in w.words(paragraphs[i]))
    for index in chosen:
        text = paragraphs[index]
        folded = w.fold_keep(text)
        ref = w.DECISION_REF.search(folded)
        if ref and not draft.decision and not w.words(text).startswith("can cu"):
            for later in (text[ref.end():], paragraphs[index + 1] if index + 1 < len(paragraphs) else ""):
                dept = w.DEPARTMENT.search(w.fold_keep(later))
                if dept and not draft.department:
                    draft.department = later[dept.start(1):dept.end(1)].strip()
            number, sign, day, month, year = ref.groups()
            draft.number = number
            draft.decision = PLAN_IMPORT["decision-ref"].format(
                number=number, sign=re.sub(r"\s+", "", text[ref.start(2):ref.end(2)]),
                day=int(day), month=int(month), year=year)
    # The plan's year is the one its title says («MỤC TIÊU CHẤT LƯỢNG NĂM 2024»); a decision signed in December
    # is dated the year before.
    years = [int(m[1]) for text in paragraphs if (m := w.OBJECTIVES_HEADING.search(w.words(text)))]
    ref_year = int(draft.decision[-4:]) if draft.decision[-4:].isdigit() else None
    draft.year = years[0] if years else ref_year


# --- Phụ lục 1 --------------------------------------------------------------------------------------------------

def _objectives(draft: Draft, blocks: list[Para | Table]) -> None:
    inside, counter, last = False, 0, None
    first_plan_table = next((b.number for b in blocks if isinstance(b, Table) and _columns(b.rows)[0]), None)
    for index, block in enumerate(blocks, start=1):
        if isinstance(block, Table):
            if block.number == first_plan_table:
                break
            continue
        folded = w.words(block.text)
        marker = w.APPENDIX.match(folded)
        if marker:
            if marker[1] not in w.APPENDIX_ONE:
                break
            inside = True
            continue
        if folded.startswith("muc tieu chat luong") and w.OBJECTIVES_HEADING.search(folded) and not draft.objectives:
            inside = True
            continue
        if not inside or not block.text:
            continue
        if draft.objectives and w.PLAN_HEADING.match(folded):      # «KẾ HOẠCH…» without a «Phụ lục 2» line
            break
        numbered = w.NUMBERED.match(block.text) or w.OBJECTIVE_LABEL.match(w.fold_keep(block.text))
        if numbered or block.numbered:
            counter = int(numbered[1]) if numbered else counter + 1
            title = block.text[numbered.end():] if numbered else block.text
            if counter in draft.objectives:
                draft.note("duplicate-objective", PLAN_IMPORT["where-p1"].format(n=index),
                           PLAN_IMPORT["duplicate-objective"].format(id=counter))
            draft.objectives[counter] = title.strip()
            last = counter
        elif last is not None:
            draft.note("unplaced-paragraph", PLAN_IMPORT["where-p1"].format(n=index),
                       PLAN_IMPORT["unplaced-paragraph"].format(text=_short(block.text)))


# --- Phụ lục 2 --------------------------------------------------------------------------------------------------

def _covering(row: Row, col: int) -> Cell | None:
    return next((c for c in row.cells if c.col <= col < c.col + c.span), None)


def _columns(rows: tuple[Row, ...]) -> tuple[dict[str, int], int]:
    """The plan table's columns (field → grid column) read from its header rows, and how many rows the header
    takes; ({}, 0) for a table that is not the plan's."""
    for start in range(min(len(rows), 5)):
        end = start
        while end < len(rows) and end - start < 4 and _header_like(rows[end]):
            end += 1
        if end == start:
            continue
        width = max((c.col + c.span for r in rows[start:end] for c in r.cells), default=0)
        stacked = []
        for col in range(width):
            parts: list[str] = []
            for r in rows[start:end]:
                cell = _covering(r, col)
                if cell is not None and not cell.continued and (text := w.words(cell.text)) and text not in parts:
                    parts.append(text)
            stacked.append(" ".join(parts))
        found: dict[str, int] = {}
        for col, text in enumerate(stacked):
            for name, pattern in w.COLUMNS:
                if name not in found and pattern.search(text):
                    found[name] = col
                    break
        if all(name in found for name in w.REQUIRED_COLUMNS):
            if "number" not in found and 0 not in found.values():
                found["number"] = 0                   # an unnamed first column is the TT
            return found, end
    return {}, 0


def _header_like(row: Row) -> bool:
    """A header row says only header words: a data row under the header (whose «Theo dõi phần mềm» and
    «Nhiệm vụ…» also say some) has cells that say none."""
    fields, unmatched = set(), 0
    for cell in row.cells:
        text = w.words(cell.text)
        if not text or cell.continued:
            continue
        if len(text) > 80:
            return False
        name = next((name for name, pattern in w.COLUMNS if pattern.search(text)), None)
        if name is None:
            unmatched += 1
        fields.add(name)
    fields.discard(None)
    return len(fields) >= 2 and (unmatched == 0 or (len(fields) >= 4 and unmatched <= 1))


def _signature(row: Row) -> tuple[str, ...]:
    return tuple(w.words(c.text) for c in row.cells if not c.continued)


def _repeats_header(row: Row, headers: set[tuple[str, ...]]) -> bool:
    """The header rows again at the top of a page; the wording may differ a little from the first page's."""
    mine = set(" ".join(_signature(row)).split())
    for header in headers:
        theirs = set(" ".join(header).split())
        if mine and theirs and len(mine & theirs) >= 0.85 * len(mine | theirs):
            return True
    return False


def _values(row: Row, columns: dict[str, int]) -> tuple[str, dict[str, str], bool]:
    """TT, the measure's fields, and whether the row goes on the row above (its TT cell, or every filled cell,
    merged down from it)."""
    number_col = columns.get("number")
    number_merged = False                         # the TT cell merged down: the row goes on the measure above
    owner: dict[int, str] = {}
    for name, col in sorted(columns.items(), key=lambda kv: kv[1]):
        cell = _covering(row, col)
        if cell is not None:
            owner.setdefault(id(cell), name)      # a merged cell belongs to the first column it covers
    values, continued = dict.fromkeys(FIELDS, ""), True
    tt = ""
    for name, col in columns.items():
        cell = _covering(row, col)
        if cell is not None and cell.continued and name == "number":
            number_merged = True
        if cell is None or owner.get(id(cell)) != name or cell.continued:
            continue
        if cell.text:
            continued = False
        if name == "number":
            tt = cell.text
        elif name in _COLUMN_FIELD:
            values[_COLUMN_FIELD[name]] = cell.text
    if number_col is None:                        # no TT column: the number leads the text
        tt = ""
    return tt, values, continued or number_merged


def _upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


class _Cursor:
    """Where the table walk stands: the section, the measure rows go on, whether a page has just turned."""

    def __init__(self, draft: Draft):
        self.draft = draft
        self.section: int | None = None
        self.measure: DraftMeasure | None = None
        self.parent: DraftMeasure | None = None          # the numbered measure a), b) belong to
        self.after_section = False                        # the last row was a section heading
        self.after_break = False                          # a header repeat or a new table came in between
        self.ids: set[str] = set()

    def new_measure(self, number: str, where: str, values: dict[str, str], objective: int | None = None) -> None:
        section = objective or self.section
        if section is None:
            self.draft.note("unplaced-row", where, PLAN_IMPORT["row-before-section"].format(
                text=_short(values["text"] or number)))
            self.measure = None
            return
        ident = f"{w.ROMAN_OF.get(section, section)}.{number}"
        if ident in self.ids:
            self.draft.note("duplicate-measure", where, PLAN_IMPORT["duplicate-measure"].format(id=ident))
            suffix = 2
            while f"{ident}-{suffix}" in self.ids:
                suffix += 1
            ident = f"{ident}-{suffix}"
        self.ids.add(ident)
        self.measure = DraftMeasure(ident, section, where)
        self.measure.extend(values)
        self.draft.measures.append(self.measure)


def _width(table: Table) -> int:
    return max((c.col + c.span for r in table.rows for c in r.cells), default=0)


def _measures(draft: Draft, blocks: list[Para | Table]) -> None:
    cursor = _Cursor(draft)
    columns: dict[str, int] = {}
    headers: set[tuple[str, ...]] = set()
    width = 0
    for n, table in enumerate(blocks):
        if isinstance(table, Para):
            following = next((b for b in blocks[n + 1:] if not (isinstance(b, Para) and not b.text)), None)
            if isinstance(following, Table):
                _section_paragraph(cursor, table.text)
            continue
        found, skip = _columns(table.rows)
        if found:
            columns, width = found, _width(table)
            headers.update(_signature(r) for r in table.rows[:skip])
        elif not columns or not draft.measures or _width(table) != width:
            continue                                  # a layout table (letterhead, signatures), not the plan's
        draft.tables += 1
        cursor.after_break = True
        for index, row in enumerate(table.rows[skip:], start=skip + 1):
            where = PLAN_IMPORT["where-row"].format(table=draft.tables, row=index)
            if _repeats_header(row, headers):
                cursor.after_break = True             # the header again, on the next page
                continue
            tt, values, only_continued = _values(row, columns)
            filled = [v for v in (tt, *values.values()) if v]
            if not filled:
                continue
            if all(w.COLUMN_NUMBERS.match(v) for v in filled) and len(filled) >= 3:
                continue                              # «(1) (2) (3)…» under the header
            _place(cursor, tt, values, only_continued, where)
            cursor.after_break = False


def _section_paragraph(cursor: _Cursor, text: str) -> None:
    """«I. 100% PHÒNG, TRUNG TÂM…» or «Mục tiêu 1: …» typed as a paragraph above its own table. «II. NỘI DUNG THỰC
    HIỆN» above the table is the plan's own heading, not a section: a section says what its objective says."""
    folded = w.fold_keep(text)
    inline = w.SECTION_INLINE.match(folded)
    objective = w.SECTION_OBJECTIVE.match(folded)
    if inline and inline[1] in w.ROMAN and text[inline.start(1):inline.end(1)].isupper() and _upper(text[inline.end():]):
        number, title = w.ROMAN[inline[1]], text[inline.end():]
    elif objective and objective.end() < len(text):
        number, title = int(objective[1]), text[objective.end():]
    else:
        return
    known = cursor.draft.objectives.get(number)
    if known is None or difflib.SequenceMatcher(None, w.mask_years(w.words(known)),
                                                w.mask_years(w.words(title))).ratio() < 0.6:
        return
    cursor.draft.sections[number] = title.strip()
    cursor.section, cursor.measure, cursor.parent, cursor.after_section = number, None, None, True


def _place(cursor: _Cursor, tt: str, values: dict[str, str], only_continued: bool, where: str) -> None:
    draft, text = cursor.draft, values["text"]
    folded_tt = w.fold_keep(tt)
    inline = w.SECTION_INLINE.match(folded_tt) if not text else None
    if inline and tt[inline.start(1):inline.end(1)].isupper() and inline[1] in w.ROMAN and _upper(tt[inline.end():]):
        tt, text = tt[inline.start(1):inline.end(1)], tt[inline.end():]
        folded_tt, values = w.fold_keep(tt), {**values, "text": text}
    if len(tt) > 8 and not text:                  # one cell across the row, TT included: it is text
        tt, text, folded_tt = "", tt, ""
        values = {**values, "text": text}
    roman = re.fullmatch(r"\s*([IVX]+)\s*[.:)]?\s*", tt)
    objective = w.SECTION_OBJECTIVE.match(w.fold_keep(text)) if not tt else None
    if (roman and roman[1].lower() in w.ROMAN) or (objective and _upper(text[objective.end():])):
        number = w.ROMAN[roman[1].lower()] if roman else int(objective[1])
        title = text if roman else text[objective.end():]
        title = " ".join(v for v in [title] + [values[f] for f in FIELDS[1:]] if v)
        if number in draft.sections and number == cursor.section:
            cursor.after_section = not cursor.measure or cursor.measure.objective != number
            return                                      # «I. (tiếp theo)» on a new page
        draft.sections[number] = title
        cursor.section, cursor.measure, cursor.parent, cursor.after_section = number, None, None, True
        return
    dotted = w.MEASURE_DOTTED.match(folded_tt)
    if dotted:
        cursor.new_measure(dotted[2], where, values, objective=int(dotted[1]))
        cursor.parent, cursor.after_section = cursor.measure, False
        return
    numbered = w.MEASURE_NUMBER.match(folded_tt)
    if numbered:
        cursor.new_measure(str(int(numbered[1])), where, values)
        cursor.parent, cursor.after_section = cursor.measure, False
        return
    sub = w.SUB_NUMBER.match(tt)
    if sub and tt == tt.lower():
        _sub_row(cursor, sub[1], where, values)
        return
    if tt:
        draft.note("unplaced-row", where, PLAN_IMPORT["unplaced-row"].format(tt=tt, text=_short(text)))
        return
    # No TT: a continuation, a sub-row written into the text, or an unnumbered measure.
    sub_inline = w.SUB_INLINE.match(text)
    if sub_inline:
        _sub_row(cursor, sub_inline[1], where, {**values, "text": text[sub_inline.end():]})
        return
    number_inline = w.NUMBERED.match(text)
    if number_inline and not cursor.after_break:
        cursor.new_measure(str(int(number_inline[1])), where, {**values, "text": text[number_inline.end():]})
        cursor.parent, cursor.after_section = cursor.measure, False
        return
    if cursor.after_section and cursor.section is not None and _upper(text) and \
            not any(values[f] for f in FIELDS[1:]):
        draft.sections[cursor.section] += " " + text        # the heading went on over the page
        return
    if cursor.measure is not None and (only_continued or cursor.after_break):
        cursor.measure.extend(values)
        return
    if cursor.after_section and cursor.section is not None:
        number = 1 + max((int(m.id.split(".")[1]) for m in draft.measures
                          if m.objective == cursor.section and m.id.split(".")[1].isdigit()), default=0)
        cursor.new_measure(str(number), where, values)
        cursor.parent, cursor.after_section = cursor.measure, False
        if cursor.measure is not None:
            draft.note("unnumbered-row", where, PLAN_IMPORT["unnumbered-row"].format(id=cursor.measure.id), "note")
        return
    if cursor.measure is not None:
        cursor.measure.extend(values)
        draft.note("joined-row", where, PLAN_IMPORT["joined-row"].format(id=cursor.measure.id,
                                                                          text=_short(text or values["lead_text"])))
        return
    draft.note("unplaced-row", where, PLAN_IMPORT["row-before-section"].format(text=_short(text)))


def _sub_row(cursor: _Cursor, letter: str, where: str, values: dict[str, str]) -> None:
    parent = cursor.parent
    if parent is None or "-" in parent.id:
        cursor.draft.note("unplaced-row", where, PLAN_IMPORT["sub-without-parent"].format(
            letter=letter, text=_short(values["text"])))
        return
    cursor.new_measure(parent.id.split(".", 1)[1] + letter, where, values, objective=parent.objective)
    cursor.after_section = False


def _compare_sections(draft: Draft) -> None:
    for number, heading in draft.sections.items():
        title = draft.objectives.get(number)
        if title is None:
            draft.objectives[number] = heading
            draft.note("objective-from-table", PLAN_IMPORT["where-section"].format(roman=w.ROMAN_OF.get(number)),
                       PLAN_IMPORT["objective-from-table"].format(id=number))
            continue
        ratio = difflib.SequenceMatcher(None, w.mask_years(w.words(title)), w.mask_years(w.words(heading))).ratio()
        if ratio < 0.6:
            draft.note("section-differs", PLAN_IMPORT["where-section"].format(roman=w.ROMAN_OF.get(number)),
                       PLAN_IMPORT["section-differs"].format(id=number, heading=_short(heading)))
    used = {m.objective for m in draft.measures}
    for number in draft.objectives:
        if number not in used and draft.measures:
            draft.note("objective-without-measures", PLAN_IMPORT["where-objective"].format(id=number),
                       PLAN_IMPORT["objective-without-measures"].format(id=number), "note")


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
