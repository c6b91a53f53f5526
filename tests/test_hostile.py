"""Hostile input: each bad file gets a specific Vietnamese verdict within bounded time and memory, the
valid files beside it are consolidated, and text from units never becomes a formula or a link."""
from __future__ import annotations

import datetime as dt
import functools
import io
import json
import logging
import multiprocessing
import re
import shutil
import sqlite3
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

import hostile as h
from factories import ROOT, full_rows, make_workspace, peer_corpus, submit
from pipeline.intake import precheck as read_module, read as reader_module
from pipeline.cli import main
from pipeline.findings import CATALOGUE
from pipeline.model import RawReport
from pipeline.intake.read import read_workbook
from pipeline.intake.workers import read_many
from pipeline.run import run
from pipeline.intake.precheck import UnsafeEnvironment, ensure_safe_xml
from pipeline.plan.layout import (INDICATOR_COLUMNS, INDICATOR_HEADER_ROW, MEASURE_COLUMNS, MEASURE_HEADER_ROW, SHEET_INDICATORS, SHEET_MEASURES)
from pipeline.plan.layout import column_index
from pipeline.rules.check import check_copies, check_report
from pipeline.text import clean_text
from pipeline.excel import CELL_TEXT_LIMIT
from pipeline.vi import SHEETS
from pipeline.model import Severity, Verdict

TODAY = dt.date(2023, 6, 25)
RUN_SECONDS = 180          # generous: the whole hostile inbox reads in a few seconds
PEAK_MB = 1200             # the run and its readers; a zip bomb inflated in-process takes 2 GB or more

UNITS = {"plain": ("VP", "TTRA", "KHTC"), "macro": "LDVL", "link": "NCC", "huge": "BTXH", "control": "PCTNXH",
         "raw-invalid": "TTDVVL", "rows": "TTBTXH", "sheets": "TTDD", "source": "CSCN"}

# name in inbox -> (how it is built from a valid report `src` into `path`, code, key phrase of the message)
REJECTED_CASES = {
    "html_2023-05.xls": (lambda src, path: h.html_as_xls(path), "unreadable-file", "không phải bảng tính"),
    "csv_2023-05.xls": (lambda src, path: h.csv_as_xls(path), "unreadable-file", "không phải bảng tính"),
    "pdf_2023-05.xlsx": (lambda src, path: h.pdf_as_xlsx(path), "unreadable-file", "không phải bảng tính"),
    "random_2023-05.xlsx": (lambda src, path: h.random_bytes(path), "unreadable-file", "không phải bảng tính"),
    "empty_2023-05.xlsx": (lambda src, path: h.empty_file(path), "unreadable-file", "tệp rỗng"),
    "truncated_2023-05.xlsx": (h.truncated, "unreadable-file", "bị cắt cụt"),
    "password_2023-05.xlsx": (lambda src, path: h.encrypted_workbook(path), "password-protected", "gỡ mật khẩu"),
    "panic_2023-05.xls": (lambda src, path: h.panicking_xls(path), "unreadable-file", "tệp bị hỏng"),
    "xml-bomb_2023-05.xlsx": (h.xml_bomb, "unreadable-file", "bom XML"),
    "xml-bomb-hidden_2023-05.xlsx": (lambda src, path: h.xml_bomb(src, path, padding=8000), "unreadable-file",
                                     "bom XML"),
    "zip-bomb_2023-05.xlsx": (h.zip_bomb, "unreadable-file", "bom nén"),
    "zip-bomb-lying_2023-05.xlsx": (lambda src, path: h.zip_bomb(src, path, gigabytes=1, declared=60_000),
                                    "unreadable-file", "tệp nén hỏng"),
    "entries_2023-05.xlsx": (h.many_entries, "unreadable-file", "thành phần, quá nhiều"),
    "deflate64_2023-05.xlsx": (lambda src, path: h.repacked(src, path, method=9), "unreadable-file", "tệp nén hỏng"),
    "zip-password_2023-05.xlsx": (lambda src, path: h.repacked(src, path, flags=0x801), "password-protected",
                                  "gỡ mật khẩu"),
    "dimension_2023-05.xlsx": (h.claimed_dimension, "unreadable-file", "khai báo 1.000.000 dòng"),
    "far-corner_2023-05.xlsx": (h.far_corner, "unreadable-file", "XFD1048576"),
    "far-corner-quoted_2023-05.xlsx": (lambda src, path: h.far_corner(src, path, quote="'"), "unreadable-file",
                                       "XFD1048576"),
    "ods-bomb_2023-05.ods": (lambda src, path: h.ods_repeat_bomb(path), "unreadable-file", "hết bộ nhớ"),
    "link-no-value_2023-05.xlsx": (lambda src, path: h.with_external_link(src, path, "G11", None),
                                   "formula-without-value", "không lưu kết quả"),
    "formula_2023-05.xlsx": (lambda src, path: h.formula_without_value(src, path, {"G11": "2+2", "H12": "G12"}),
                             "formula-without-value", "không lưu kết quả"),
    "char-refs_2023-05.xlsx": (lambda src, path: h.invalid_xml_characters(src, path, "K11", raw=False),
                               "unreadable-file", "trang «Chỉ tiêu» bị hỏng"),
}
CELLS = {"link-no-value_2023-05.xlsx": ["G11"], "formula_2023-05.xlsx": ["G11", "H12"]}
LINKED_DUE = 9       # the saved result of the external-link formula typed as «due» of 1.2


def build_inbox(config) -> dict[str, Path]:
    """Valid reports of three units, the hostile files above (built from a seventh unit's report), and
    seven units whose valid reports carry something strange but harmless."""
    seeds = config.paths.inbound.parent / "seeds"
    made = {}
    for code in UNITS["plain"]:
        made[f"{code}_2023-05.xlsx"] = submit(config, code)
    source = submit(config, UNITS["source"], folder=seeds)
    for name, (build, _, _) in REJECTED_CASES.items():
        made[name] = build(source, config.paths.inbound / name)

    def own(kind: str) -> Path:
        return submit(config, UNITS[kind], folder=seeds)
    inbox = config.paths.inbound
    made["macro"] = h.with_vba(own("macro"), inbox / f"{UNITS['macro']}_2023-05.xlsm")
    made["link"] = h.with_external_link(own("link"), inbox / f"{UNITS['link']}_2023-05.xlsx", "G11", LINKED_DUE)
    made["huge"] = h.huge_string(own("huge"), inbox / f"{UNITS['huge']}_2023-05.xlsx", "K11", 40_000)
    made["control"] = h.control_characters(own("control"), inbox / f"{UNITS['control']}_2023-05.xlsx", "K11")
    made["raw-invalid"] = h.invalid_xml_characters(own("raw-invalid"), inbox / f"{UNITS['raw-invalid']}_2023-05.xlsx",
                                                   "K11", raw=True)
    made["rows"] = h.many_rows(own("rows"), inbox / f"{UNITS['rows']}_2023-05.xlsx")
    made["sheets"] = h.many_sheets(own("sheets"), inbox / f"{UNITS['sheets']}_2023-05.xlsx")
    return made


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """One run of `mtcl run` over the whole hostile inbox, as the scheduler starts it."""
    config = make_workspace(tmp_path_factory.mktemp("hostile") / "ws")
    made = build_inbox(config)
    done = h.run_cli(["run", "--config", str(config.source), "--period", "2023-05", "--json"], timeout=RUN_SECONDS)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    return config, made, done, {s["file"]: s for s in summary["submissions"]}, summary


@pytest.mark.parametrize("name", list(REJECTED_CASES))
def test_each_hostile_file_is_rejected_with_a_specific_reason(hostile_run, name):
    _, _, _, by_file, _ = hostile_run
    _, code, phrase = REJECTED_CASES[name]
    sub = by_file[name]
    assert sub["status"] == "rejected"
    errors = [f for f in sub["findings"] if f["severity"] == Severity.ERROR]
    assert errors and errors[0]["code"] == code, sub["findings"]
    assert phrase in errors[0]["message"], errors[0]["message"]
    if name in CELLS:
        assert sorted(f["cell"] for f in errors if f["code"] == code) == CELLS[name]
        assert {f["sheet"] for f in errors if f["code"] == code} == {SHEET_INDICATORS}


def test_valid_and_harmlessly_strange_reports_are_accepted_beside_them(hostile_run):
    config, _, _, by_file, summary = hostile_run
    accepted = {s["unit"] for s in summary["submissions"] if s["status"] == "accepted"}
    strange = {UNITS[k] for k in ("macro", "link", "huge", "control", "raw-invalid", "rows", "sheets")}
    assert accepted == set(UNITS["plain"]) | strange
    assert summary["missing_units"] == [UNITS["source"]]
    # The linked cell's saved result is the figure; the link itself is never followed.
    assert summary["indicators"][1]["by_unit"][UNITS["link"]]["denominator"] == LINKED_DUE
    huge = by_file[f"{UNITS['huge']}_2023-05.xlsx"]
    assert [(f["code"], f["cell"]) for f in huge["findings"]] == [("text-too-long", "K11")]


def test_a_refused_bomb_is_never_inflated_by_the_run(hostile_run):
    """Nothing opens a refused file again in an unlimited process: the run's own peak memory stays low."""
    _, _, done, _, _ = hostile_run
    assert done.peak_mb < PEAK_MB, f"peak {done.peak_mb} MB"


def test_macros_links_and_hostile_bytes_never_reach_the_outputs(hostile_run):
    config, _, _, _, _ = hostile_run
    produced = [p for p in config.paths.outbound.rglob("*") if p.is_file()]
    assert produced and not [p for p in produced if p.suffix.lower() in (".xlsm", ".xlsb", ".xls")]
    for path in produced:
        assert h.VBA_MARKER.encode() not in path.read_bytes(), path
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
                assert not [n for n in names if "vbaProject" in n or "externalLink" in n], (path, names)
                assert external_targets(zf) == [], path
    workbook = openpyxl.load_workbook(config.paths.outbound / "2023-05" / "tong-hop-mtcl-2023-05.xlsx")
    data = workbook[SHEETS["data"]]
    evidence = {row[1]: row[10] for row in data.iter_rows(min_row=4, values_only=True) if row[4] == "1.2"}
    assert ooxml_text(evidence[UNITS["control"]]) == h.CONTROL_TEXT
    assert len(evidence[UNITS["huge"]]) <= CELL_TEXT_LIMIT
    assert evidence[UNITS["raw-invalid"]].startswith("Minh chứng")


def test_the_ledger_keeps_a_verdict_for_every_file(hostile_run):
    config, made, _, _, _ = hostile_run
    with sqlite3.connect(config.paths.ledger) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = dict(db.execute("SELECT path, status FROM files").fetchall())
    assert set(rows) == {p.name for p in made.values() if p.parent == config.paths.inbound}
    assert None not in rows.values()


def external_targets(zf: zipfile.ZipFile) -> list[str]:
    """Relationships leaving the workbook, except mtcl's own: in-workbook «#Sheet!A1» links (openpyxl
    marks them External) and links to an original in the archive, named by its SHA-256."""
    rels = b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".rels")).decode()
    targets = [re.search(r'Target="([^"]*)"', r).group(1) for r in re.findall(r"<Relationship\b[^>]*>", rels)
               if 'TargetMode="External"' in r]
    return [t for t in targets if not t.startswith("#") and not ARCHIVE_LINK.search(t)]


ARCHIVE_LINK = re.compile(r"archive[\\/]+[0-9a-f]{2}[\\/]+[0-9a-f]{64}\.\w+$")


def ooxml_text(text: str) -> str:
    """Text as Excel shows it: control characters are stored as _xHHHH_ escapes."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


# --- the reader in isolation ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def source_report(tmp_path_factory):
    config = make_workspace(tmp_path_factory.mktemp("source") / "ws")
    return config, submit(config, "KHTC")


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to pass the patch")
def test_mtcl_validate_survives_a_reader_crash(source_report, tmp_path, monkeypatch):
    """A clerk checking a file that aborts calamine gets a verdict, not a dead command (read in a worker)."""
    config, source = source_report
    far = h.far_corner(source, tmp_path / "far.xlsx")
    monkeypatch.setattr(reader_module, "inspect_bytes", lambda path: (None, {}))   # forked workers inherit it
    out = CliRunner().invoke(main, ["validate", "--config", str(config.source), str(far), str(source), "--json"])
    assert out.exit_code == 1, out.output
    verdicts = json.loads(out.output)
    assert [v["file"] for v in verdicts] == [str(far), str(source)]
    assert [f["code"] for f in verdicts[0]["findings"]] == ["unreadable-file"]
    assert verdicts[1]["verdict"] != "rejected"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to pass the patch")
def test_a_reader_crash_costs_one_file_even_without_the_prechecks(source_report, tmp_path, monkeypatch):
    """calamine aborts its process on A1 + XFD1048576; with the pre-checks off, the worker contains it."""
    _, source = source_report
    far = h.far_corner(source, tmp_path / "far.xlsx")
    monkeypatch.setattr(reader_module, "inspect_bytes", lambda path: (None, {}))   # forked workers inherit it
    results = {key: report for key, report, _ in read_many({"far": far, "good": source}, workers=1)}
    assert [f.code for f in results["far"].findings] == ["unreadable-file"]
    assert "hết bộ nhớ" in results["far"].findings[0].message
    assert results["good"].indicator_sheet == SHEET_INDICATORS and not results["good"].findings


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to pass the patch")
def test_a_crashed_reader_s_verdict_is_checked_like_any_report(source_report, tmp_path, monkeypatch):
    """With validation in the workers, the parent checks the verdict of a file whose worker died."""
    config, source = source_report
    far = h.far_corner(source, tmp_path / "far.xlsx")
    monkeypatch.setattr(reader_module, "inspect_bytes", lambda path: (None, {}))
    names = {"far": ("KHTC_2023-05.xlsx",), "good": ("KHTC_2023-05.xlsx",)}
    then = functools.partial(check_copies, config=config, today=TODAY, names=names)
    results = {key: checked for key, checked, _ in read_many({"far": far, "good": source}, workers=1, then=then)}
    [crashed], [good] = results["far"], results["good"]
    assert [f.code for f in crashed.findings] == ["unreadable-file"] and crashed.verdict == Verdict.REJECTED
    assert (crashed.unit, str(crashed.period)) == ("KHTC", "2023-05")       # placed by its name
    assert good == check_report(read_workbook(source), config, today=TODAY, file_name="KHTC_2023-05.xlsx")


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to pass the patch")
def test_a_hanging_reader_costs_one_file_and_the_files_queued_behind_it_are_read(source_report, tmp_path,
                                                                                  monkeypatch):
    """A worker holds more than one file; when it is killed for overrunning, the files it had not
    begun go to its replacement."""
    from pipeline.intake import workers as readers
    _, source = source_report
    real = readers.read_workbook
    monkeypatch.setattr(readers, "read_workbook",
                        lambda path: time.sleep(60) if Path(path).name == "slow.xlsx" else real(path))
    files = {name: shutil.copyfile(source, tmp_path / f"{name}.xlsx") for name in ("slow", "a", "b", "c")}
    results = {key: report for key, report, _ in read_many(files, workers=1, timeout=1)}
    assert set(results) == set(files)
    assert [f.code for f in results["slow"].findings] == ["unreadable-file"]
    assert "quá 1 giây" in results["slow"].findings[0].message
    assert all(results[k].indicator_sheet == SHEET_INDICATORS and not results[k].findings for k in "abc")


def _broken_check(key, report):
    raise ZeroDivisionError("a bug in a rule")


def test_a_check_that_fails_in_a_worker_stops_the_run_as_it_would_in_process(source_report):
    """A bug in validation is not the file's fault: it must not become a verdict on the file."""
    _, source = source_report
    with pytest.raises(ZeroDivisionError, match="a bug in a rule"):
        list(read_many({"good": source}, workers=1, then=_broken_check))


def doctype_at(source: Path, path: Path, part: str, offset: int, doctype: str = h.BILLION_LAUGHS) -> Path:
    """`part` with a DOCTYPE (the billion laughs) starting `offset` bytes in, behind a comment."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>'
    with zipfile.ZipFile(source) as zf:
        assert part in zf.namelist(), part

    def change(xml: bytes) -> bytes:
        comment = b"<!--" + b"x" * (offset - len(head) - len(b"<!---->")) + b"-->"
        return head + comment + doctype.encode() + re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
    return h.rewrite_zip(source, path, {part: change})


@pytest.mark.parametrize("part", ["sheet", "xl/styles.xml", "[Content_Types].xml", "docProps/app.xml"])
def test_a_doctype_behind_a_prefix_longer_than_a_read_step_is_refused(source_report, tmp_path, part):
    _, source = source_report
    part = h.sheet_part(source, SHEET_INDICATORS) if part == "sheet" else part
    bomb = doctype_at(source, tmp_path / "bomb.xlsx", part, 2 * read_module.CHUNK + 100)
    [finding] = read_workbook(bomb).findings
    assert finding.code == "unreadable-file" and "bom XML" in finding.message


@pytest.mark.parametrize("before", [1, 4, 8, 9, 200])
def test_a_doctype_cut_by_a_read_step_is_refused(source_report, tmp_path, monkeypatch, before):
    """`before` bytes of «<!DOCTYPE» in one step of the stream, the rest in the next (an external DTD:
    no «<!ENTITY» follows to give it away)."""
    _, source = source_report
    monkeypatch.setattr(read_module, "CHUNK", 4096)
    bomb = doctype_at(source, tmp_path / "bomb.xlsx", h.sheet_part(source, SHEET_INDICATORS), 3 * 4096 - before,
                      '<!DOCTYPE worksheet SYSTEM "https://example.invalid/x.dtd">')
    [finding] = read_workbook(bomb).findings
    assert finding.code == "unreadable-file" and "bom XML" in finding.message


PRECHECKED = {
    "bomb": lambda src, path: h.xml_bomb(src, path, padding=8000),
    "far-corner": h.far_corner,
    "dimension": h.claimed_dimension,
    "column": lambda src, path: h.claimed_dimension(src, path, "A1:A1048576"),
    "formula": lambda src, path: h.formula_without_value(src, path, {"G11": "2+2", "H12": "G12", "L20": "1"}),
    "link": lambda src, path: h.with_external_link(src, path, "G11", None),
    "long-text": lambda src, path: h.change_cells(h.huge_string(src, path.with_name("t.xlsx"), "K11", 100_000),
                                                  path, {"G13": ("<f>1+1</f>", None)}),
    "rows": h.many_rows,
}


@pytest.mark.parametrize("name", list(PRECHECKED))
@pytest.mark.parametrize("step", [1024, 4096])
def test_the_pre_checks_find_the_same_in_small_read_steps(source_report, tmp_path, monkeypatch, name, step):
    """Verdicts and the cells holding a formula without a value do not depend on where the stream
    of a part is cut (every part here spans many steps of `step` bytes)."""
    _, source = source_report
    path = PRECHECKED[name](source, tmp_path / f"{name}.xlsx")
    refused, formulas = read_module.inspect_bytes(path)
    monkeypatch.setattr(read_module, "CHUNK", step)
    again, formulas_again = read_module.inspect_bytes(path)
    assert (again and again.to_json()) == (refused and refused.to_json())
    assert formulas_again == formulas
    if name in ("formula", "link", "long-text"):
        assert refused is None and {"G11", "H12", "L20", "G13"} & formulas["Chỉ tiêu"]


def test_a_reader_panic_is_a_verdict_in_process_too(tmp_path):
    """`mtcl validate` reads in its own process: pyo3's PanicException (a BaseException) must not escape."""
    report = read_workbook(h.panicking_xls(tmp_path / "panic.xls"))
    assert [f.code for f in report.findings] == ["unreadable-file"] and "PanicException" in report.findings[0].message


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the harness forks")
def test_the_fuzz_harness_accepts_the_hostile_files(source_report, tmp_path):
    """fuzz/fuzz_read.py's property, on the known hostile files (so the harness cannot rot unnoticed)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("fuzz_read", ROOT / "fuzz" / "fuzz_read.py")
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    _, source = source_report
    for path in (source, h.panicking_xls(tmp_path / "p.xls"), h.far_corner(source, tmp_path / "far.xlsx"),
                 h.encrypted_workbook(tmp_path / "e.xlsx"), h.truncated(source, tmp_path / "t.xlsx")):
        harness.check_one(path.read_bytes())


def test_a_dimension_claiming_one_column_of_a_million_rows_is_still_read(source_report, tmp_path):
    """The limit is on cells, not rows: a column formatted to the bottom is not a bomb."""
    _, source = source_report
    report = read_workbook(h.claimed_dimension(source, tmp_path / "col.xlsx", "A1:A1048576"))
    assert report.indicator_sheet == SHEET_INDICATORS and not report.findings


def test_openpyxl_refuses_entities_so_nothing_in_mtcl_expands_them(source_report, tmp_path):
    ensure_safe_xml()
    _, source = source_report
    bomb = h.xml_bomb(source, tmp_path / "bomb.xlsx")
    with pytest.raises(Exception) as caught:
        openpyxl.load_workbook(bomb)
    chain, exc = [], caught.value
    while exc is not None:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    assert any(type(e).__module__.startswith("defusedxml") for e in chain), chain


def test_ensure_safe_xml_refuses_to_run_without_defusedxml(monkeypatch):
    import openpyxl.xml
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    monkeypatch.setitem(sys.modules, "defusedxml", None)          # as if it were not installed
    with pytest.raises(UnsafeEnvironment, match="defusedxml chưa được cài"):
        ensure_safe_xml()
    monkeypatch.delitem(sys.modules, "defusedxml")
    with pytest.raises(UnsafeEnvironment, match="OPENPYXL_DEFUSEDXML"):
        ensure_safe_xml()


# --- text that would become a formula or a link --------------------------------------------------

TEXT_COLUMNS = ("evidence", "cause", "action", "owner")


def test_formula_like_text_is_written_as_plain_text(tmp_path):
    config = make_workspace(tmp_path / "ws")
    rows = full_rows(config)
    path = submit(config, "KHTC", rows=rows)
    typed = {}
    for i, text in enumerate(h.FORMULA_LIKE):
        key = TEXT_COLUMNS[i % len(TEXT_COLUMNS)]
        typed[input_cell(INDICATOR_COLUMNS, key, INDICATOR_HEADER_ROW + 1 + i)] = text
    h.type_text(path, SHEET_INDICATORS, typed)
    renamed = path.with_name("=HYPERLINK(1)_KHTC_2023-05.xlsx")
    path.rename(renamed)
    result = run(config, now=dt.datetime(2023, 6, 25, 22, 30).astimezone())
    assert [o.status for o in result.outcomes] == ["accepted"]
    out = result.periods[0].outputs["workbook"]

    with zipfile.ZipFile(out) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not [n for n in sheets if re.search(rb"<f[ >]", zf.read(n))], "a formula in the output"
        assert external_targets(zf) == []
    # Leading tabs and line breaks are trimmed like any spaces: what is left («=1+2») is still text.
    expected = {clean_text(text) for text in h.FORMULA_LIKE} | {renamed.name}
    wb = openpyxl.load_workbook(out)
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in expected:
                    # Text stays text; the only link a cell may carry is mtcl's own, to the archived original.
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    assert cell.hyperlink is None or ARCHIVE_LINK.search(cell.hyperlink.target or ""), \
                        (ws.title, cell.coordinate, cell.hyperlink.target)
                    found.setdefault(cell.value, ws.title)
    assert set(found) == expected
    summary = json.loads(result.periods[0].outputs["summary_json"].read_text(encoding="utf-8"))
    assert summary["submissions"][0]["file"] == renamed.name


# --- every file of the peer corpus ---------------------------------------------------------------


def test_every_peer_corpus_file_gets_a_verdict_and_the_run_carries_on(tmp_path):
    config = make_workspace(tmp_path / "ws")
    files = sorted(p for p in peer_corpus().iterdir() if p.suffix.lower() in (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"))
    assert len(files) > 100
    for path in files:
        shutil.copyfile(path, config.paths.inbound / path.name)
    valid = submit(config, "KHTC", received=dt.datetime(2023, 6, 10, 9).astimezone())
    result = run(config, periods=None)
    by_file = {o.submission.path: o for o in result.outcomes}
    assert set(by_file) == {p.name for p in files} | {valid.name}
    assert by_file[valid.name].status == "accepted"
    for name, o in by_file.items():
        assert o.status in ("accepted", "rejected", "superseded", "duplicate"), name
        if o.status == "rejected":
            assert o.checked.findings and all(f.code in CATALOGUE for f in o.checked.findings), name
    assert by_file["pass_protected.xlsx"].checked.findings[0].code == "password-protected"
    assert by_file["issue_385.xls"].checked.findings[0].code == "password-protected"


# --- property: any value typed into any input cell -----------------------------------------------

_ILLEGAL = "".join(chr(c) for c in range(32) if ILLEGAL_CHARACTERS_RE.match(chr(c)))
_texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_ILLEGAL), max_size=30)
_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**20), st.floats(allow_nan=True, allow_infinity=True),
    st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)), st.datetimes(dt.datetime(1900, 1, 1)), _texts,
    st.sampled_from(h.FORMULA_LIKE + ("Hoàn thành đúng hạn", "Đang thực hiện", "05/2023", "13/2023", "12 hồ sơ",
                                      "1.234,5", "ngày 5 tháng 6 năm 2023", "31/02/2023", "—", "Phòng Kế hoạch – Tài chính",
                                      "  ", "0", "-0", "1e309")))


def input_cell(columns, key: str, row: int) -> str:
    """The A1 reference of column `key` on 0-based `row` of the template."""
    return f"{openpyxl.utils.get_column_letter(column_index(columns, key) + 1)}{row + 1}"


def _input_cells(config) -> list[tuple[str, str]]:
    cells = [(SHEET_INDICATORS, f"C{r}") for r in range(4, 8)]
    for i in range(len(config.indicators)):
        cells += [(SHEET_INDICATORS, input_cell(INDICATOR_COLUMNS, c.key, INDICATOR_HEADER_ROW + 1 + i))
                  for c in INDICATOR_COLUMNS if c.is_input]
    for i in range(len(config.measures)):
        cells += [(SHEET_MEASURES, input_cell(MEASURE_COLUMNS, c.key, MEASURE_HEADER_ROW + 1 + i))
                  for c in MEASURE_COLUMNS if c.is_input]
    return cells


@pytest.fixture(scope="module")
def typed_template(tmp_path_factory):
    config = make_workspace(tmp_path_factory.mktemp("prop") / "ws")
    path = submit(config, "KHTC")
    return config, path.read_bytes(), _input_cells(config), tmp_path_factory.mktemp("typed")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_any_values_typed_into_input_cells_give_findings_never_exceptions(typed_template, data):
    config, blank, cells, folder = typed_template
    chosen = data.draw(st.lists(st.sampled_from(cells), min_size=1, max_size=25, unique=True))
    wb = openpyxl.load_workbook(io.BytesIO(blank))
    for sheet, ref in chosen:
        value = data.draw(_values)
        cell = wb[sheet][ref]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"          # typed text, never a formula
    path = folder / "typed.xlsx"
    wb.save(path)

    raw = read_workbook(path)
    checked = check_report(raw, config, today=TODAY, file_name="KHTC_2023-05.xlsx")
    for f in checked.findings:
        assert f.code in CATALOGUE and f.severity in tuple(Severity) and f.message, f     # a hold: the month typed differs
        if f.cell:
            assert f.sheet in wb.sheetnames, f
            column, row = coordinate_from_string(f.cell)
            ws = wb[f.sheet]
            assert 1 <= row <= ws.max_row and 1 <= column_index_from_string(column) <= ws.max_column, f
    # The ledger caches the parse as JSON: the verdict from the cache must be the verdict from the file.
    cached = check_report(RawReport.from_json(raw.to_json()), config, today=TODAY, file_name="KHTC_2023-05.xlsx")
    assert cached.findings == checked.findings and cached.figures == checked.figures
    assert (checked.verdict == Verdict.REJECTED) == any(f.severity == Severity.ERROR for f in checked.findings)


def test_a_reader_panic_in_a_worker_goes_to_the_log_not_the_terminal(tmp_path, capfd, caplog):
    """calamine's Rust panic text («… panicked at … RUST_BACKTRACE») is written straight to the worker's stderr;
    the secretary's terminal shows nothing of it, the maintainer log has it, and the verdict says what happened."""
    panic = h.panicking_xls(tmp_path / "panic.xls")
    with caplog.at_level(logging.INFO, logger="pipeline.intake.workers"):
        [(key, report, _)] = list(read_many({"panic": panic}, workers=1))
    terminal = capfd.readouterr()
    assert "panicked" not in terminal.err and "RUST_BACKTRACE" not in terminal.err
    assert [f.code for f in report.findings] == ["unreadable-file"]
    [said] = [r.getMessage() for r in caplog.records if "the reader printed" in r.getMessage()]
    assert str(panic) in said and "panicked" in said
