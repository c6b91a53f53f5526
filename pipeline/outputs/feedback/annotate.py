"""Feedback on a unit's own workbook: a copy with each offending cell highlighted and commented in Vietnamese."""
from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable

import openpyxl
from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ...excel import SEVERITY_FILL, sheet_location, split_ref, wrapped_lines
from ...intake.precheck import inspect_bytes
from ...intake.workers import context as reader_context, die_with_parent, worker_count
from ...model import Checked, Finding, Outcome, Severity, Status, Verdict
from ...plan.config import Config
from ...store.files import publish
from ...vi import SEVERITY_VI, VERDICT_VI, WORDS
from .patch import patch_workbook
from .spec import COMMENT_AUTHOR, Cell, Mark, SheetSpec, Style, Unsupported
from .xml import ooxml_text
from ...vi.feedback import FEEDBACK

log = logging.getLogger(__name__)
SHEET = FEEDBACK["module.1"]
FILL = SEVERITY_FILL
RANK = (Severity.ERROR, Severity.HOLD, Severity.WARNING)          # the colour of a cell is its worst finding's
OPENPYXL_SUFFIXES = (".xlsx", ".xlsm")
ANNOTATE_MAX_BYTES = 5 * 1024 * 1024
# How a copy was made: its package patched (the usual way), through openpyxl (what the patcher does not
# edit), or a workbook holding the findings sheet alone (a file the reader did not understand).
PATCHED, OPENPYXL, FINDINGS_ONLY = "patched", "openpyxl", "findings-only"
TITLE = {True: Style(bold=True, size=14, color="9C0006"), False: Style(bold=True, size=14, color="006100")}
HEADER = Style(bold=True, color="FFFFFF", fill="1F4E78")
LINK = Style(color="0563C1", underline=True)
SUMMARY = Style(wrap=True)
MESSAGE = Style(wrap=True, vertical="top")
# No finding code on the unit's sheet (English, for the secretary): it is in the consolidated workbook's
# «Lỗi và cảnh báo» sheet and in `mtcl validate`.
COLUMNS = (("A", WORDS["muc-do"], 11), ("B", "Trang", 16), ("C", WORDS["o"], 8), ("D", FEEDBACK["module.5"], 26),
           ("E", WORDS["noi-dung-va-cach-sua"], 100))


def feedback_path(outbound: Path, original_name: str, sha256: str, checked: Checked) -> Path:
    """outbound/feedback/<period>/<unit>/<name>_<hash>_kiem-tra.xlsx (the hash keeps two files of the
    same name apart)."""
    period = checked.period.key if checked.period else "khong-ro-ky"
    return outbound / "feedback" / period / (checked.unit or "khong-ro-don-vi") / \
        f"{Path(original_name).stem}_{sha256[:8]}_kiem-tra.xlsx"


def write_feedback(source: Path, original_name: str, checked: Checked, target: Path) -> Path:
    """Write the annotated copy to `target` (atomically); `source` is only read, never changed."""
    return publish(target, lambda tmp: _annotate(source, original_name, checked, tmp))


def _annotate(source: Path, original_name: str, checked: Checked, out: Path) -> str:
    """Write the annotated copy to `out`; how it was made (PATCHED, OPENPYXL or FINDINGS_ONLY)."""
    # Only a workbook the reader understood is opened again (the reader refuses a file the pre-checks
    # refuse, and a big one costs memory); anything else gets the findings sheet alone.
    names = {source.suffix.lower(), Path(original_name).suffix.lower()}
    if checked.indicator_sheet is None or source.stat().st_size > ANNOTATE_MAX_BYTES or \
            not names & set(OPENPYXL_SUFFIXES):
        _write_with_openpyxl(None, original_name, checked, out)
        return FINDINGS_ONLY
    marks = cell_marks(checked.findings)
    if ".xlsm" not in names:        # a macro-enabled file goes through openpyxl, which leaves the macros out
        try:
            patch_workbook(source, out, marks, lambda sheets: findings_sheet(original_name, checked, True, sheets))
            return PATCHED
        except Unsupported as exc:
            log.info("annotating %s through openpyxl: %s", original_name, exc)
        except Exception:           # a damaged file, or a case the patcher gets wrong: openpyxl decides
            log.warning("could not patch %s; annotating through openpyxl", original_name, exc_info=True)
    wb = None
    # openpyxl is pure Python and holds every cell: the pre-checks again before it opens anything
    if inspect_bytes(source)[0] is None:
        try:
            # keep_vba=False: a macro-enabled file comes back as a plain workbook, nothing of the macro kept
            wb = openpyxl.load_workbook(source, keep_vba=False, keep_links=False)
        except Exception as exc:   # not openable by openpyxl (or hostile): the findings sheet alone
            log.info("cannot annotate %s in place (%s); writing the findings only", original_name, exc)
    if wb is None:
        _write_with_openpyxl(None, original_name, checked, out)
        return FINDINGS_ONLY
    for mark in marks:
        if mark.sheet in wb.sheetnames and isinstance(wb[mark.sheet], Worksheet):     # not a chart sheet
            _mark(wb[mark.sheet], mark)
    _write_with_openpyxl(wb, original_name, checked, out)
    return OPENPYXL


def cell_marks(findings: Iterable[Finding]) -> list[Mark]:
    """One mark per cell that findings point at: red when any of them is an error, blue when one holds the file
    for the secretary, orange for warnings; and a comment saying each of them."""
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.sheet and finding.cell and split_ref(finding.cell):
            by_cell.setdefault((finding.sheet, finding.cell), []).append(finding)
    return [Mark(sheet, cell, FILL[next(s for s in RANK if any(f.severity == s for f in group))],
                 "\n\n".join(_comment_text(f) for f in group))
            for (sheet, cell), group in by_cell.items()]


def _comment_text(finding: Finding) -> str:
    text = f"{SEVERITY_VI.get(finding.severity, finding.severity)}\n{finding.message}"
    if finding.value:
        text += FEEDBACK["comment_text.1"].format(value=finding.value)
    return text


def findings_sheet(name: str, checked: Checked, copied: bool, sheets: Iterable[str]) -> SheetSpec:
    """The first sheet of the copy: the verdict, what to do, and one row per finding with a link to its cell
    (when the unit's own sheets are in the copy)."""
    sheets = set(sheets)
    rejected = checked.verdict == Verdict.REJECTED
    errors = sum(f.severity == Severity.ERROR for f in checked.findings)
    held = checked.verdict == Verdict.HELD
    period = checked.period.form_value if checked.period else WORDS["chua-xac-dinh"]
    cells = [
        Cell("A1", FEEDBACK["findings_sheet.2"].format(name=name, upper=VERDICT_VI[checked.verdict].upper()), TITLE[rejected]),
        Cell("A2", FEEDBACK["findings_sheet.3"].format(value=checked.unit or WORDS['chua-xac-dinh'], period=period, errors=errors, value2=len(checked.findings) - errors)
                   + (FEEDBACK["findings_sheet.4"] if errors else
                      FEEDBACK["held"] if held else FEEDBACK["findings_sheet.5"]), SUMMARY)]
    if not copied:
        cells.append(Cell("A3", FEEDBACK["findings_sheet.6"]))
    cells += [Cell("A4", FEEDBACK["legend"], SUMMARY)] + [
        Cell(f"{col}4", SEVERITY_VI[severity], Style(fill=FILL[severity])) for col, severity in zip("BCD", RANK)]
    cells += [Cell(f"{col}5", header, HEADER) for col, header, _ in COLUMNS]
    for row, f in enumerate(checked.findings, start=6):
        linked = copied and f.sheet in sheets and f.cell and split_ref(f.cell) is not None
        severity = Style(fill=FILL.get(f.severity, FILL[Severity.WARNING]))
        cells += [Cell(f"A{row}", SEVERITY_VI.get(f.severity, f.severity), severity),
                  Cell(f"B{row}", f.sheet or ""),
                  Cell(f"C{row}", f.cell or "", LINK if linked else Style(),
                       sheet_location(f.sheet, f.cell) if linked else None),
                  Cell(f"D{row}", f.value or ""),          # what the unit typed, always as text
                  Cell(f"E{row}", f.message, MESSAGE)]
    # Rows high enough for their message: a spreadsheet program does not grow them on opening, and a message
    # cut after two lines is a message lost on paper.
    heights = ((2, 48),) + tuple((row, 15 * wrapped_lines(f.message, COLUMNS[-1][2]))
                                 for row, f in enumerate(checked.findings, start=6) if wrapped_lines(f.message, COLUMNS[-1][2]) > 1)
    return SheetSpec(SHEET, tuple(cells), merged=("A1:E1", "A2:E2"), widths=tuple((c, w) for c, _, w in COLUMNS),
                     heights=heights, freeze="A6", landscape_fit_width=True)


def _write_with_openpyxl(wb: openpyxl.Workbook | None, name: str, checked: Checked, out: Path) -> None:
    """Save `wb` (the unit's workbook, already marked) or, when None, a new workbook, with the findings
    sheet first and selected."""
    copied = wb is not None
    if wb is None:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
    ws = wb.create_sheet(SHEET, 0)
    _draw(ws, findings_sheet(name, checked, copied, wb.sheetnames))
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    wb.save(out)


def _mark(ws: Worksheet, mark: Mark) -> None:
    cell = ws[mark.cell]
    if not isinstance(cell, OpenpyxlCell):
        return      # a merged cell's hidden part
    cell.fill = PatternFill("solid", fgColor=mark.fill)
    text = mark.text if cell.comment is None else f"{cell.comment.text}\n\n{mark.text}"
    comment = Comment(ooxml_text(text), COMMENT_AUTHOR)
    comment.width, comment.height = 320, 160
    cell.comment = comment


def _draw(ws: Worksheet, spec: SheetSpec) -> None:
    for c in spec.cells:
        cell = ws[c.ref]
        if c.value:
            cell.value = ooxml_text(c.value)
            cell.data_type = "s"        # text stays text, even when it looks like a formula
        if c.style.has_font:
            cell.font = Font(bold=c.style.bold, size=c.style.size, color=c.style.color,
                             underline="single" if c.style.underline else None)
        if c.style.fill:
            cell.fill = PatternFill("solid", fgColor=c.style.fill)
        if c.style.wrap or c.style.vertical:
            cell.alignment = Alignment(wrap_text=c.style.wrap, vertical=c.style.vertical)
        if c.link:
            cell.hyperlink = Hyperlink(ref=c.ref, location=c.link)
    for ref in spec.merged:
        ws.merge_cells(ref)
    for col, width in spec.widths:
        ws.column_dimensions[col].width = width
    for row, height in spec.heights:
        ws.row_dimensions[row].height = height
    ws.freeze_panes = spec.freeze
    if spec.landscape_fit_width:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def write_all_feedback(config: Config, outcomes: list[Outcome]) -> dict[tuple[str, str], Path]:
    """An annotated copy of every submission with findings (written once, in worker processes; the
    original is never touched)."""
    out, keys, jobs = {}, [], []
    for o in outcomes:
        if not o.checked.findings or o.status == Status.DUPLICATE:
            continue
        key = (o.submission.path, o.submission.sha256)
        out[key] = target = feedback_path(config.paths.outbound, o.submission.name, o.submission.sha256, o.checked)
        if not target.exists():
            keys.append(key)
            jobs.append((config.paths.archive / o.submission.archived, o.submission.name, o.checked, target))
    if len(jobs) < 8:
        written = [_feedback_job(job) for job in jobs]
    else:
        # Forked workers share the run's pipes: without this they outlive a run killed with SIGKILL.
        with ProcessPoolExecutor(max_workers=worker_count(), mp_context=reader_context(),
                                 initializer=die_with_parent) as pool:
            written = list(pool.map(_feedback_job, jobs, chunksize=4))
    for key, ok in zip(keys, written):
        if not ok:
            del out[key]
    return out


def _feedback_job(job) -> bool:
    source, name, checked, target = job
    try:
        write_feedback(source, name, checked, target)
        return True
    except Exception:   # feedback is a courtesy: never let it take the run down
        log.exception("could not write feedback for %s", name)
        return False
