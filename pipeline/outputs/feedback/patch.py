"""Annotating a unit's .xlsx by editing its package: every part it does not need to touch is copied byte for byte."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence
from xml.parsers import expat

from openpyxl.utils.cell import get_column_letter as column_letters

from ...excel import split_ref
from .parts import (_Rel, _Sheet, _Styles, _content_types, _new_ids, _relationships, _relative, _rels_part, _resolve,
    _sheets, add_content_types, add_relationships, insert_first_sheet)
from .sheets import comments_xml, mark_cells, sheet_xml, unselect, vml_blocks, vml_xml
from .spec import (CT_COMMENTS, CT_VML, CT_WORKSHEET, MAIN_NS, Mark, REL_COMMENTS, REL_HYPERLINK, REL_OFFICE_DOCUMENT,
    REL_STYLES, REL_VML, REL_WORKSHEET, SAFE_CONTENT_TYPES, SheetSpec, Unsupported)
from .xml import plain_text
from .zipcopy import _ZipIn, _ZipOut


def _check_parts(pkg: _ZipIn, defaults: dict[str, str], overrides: dict[str, str]) -> None:
    """Every member is of a kind safe to copy, and no relationship leaves the package except a hyperlink."""
    for info in pkg.infos:
        name = info.filename
        if name.endswith("/") or name.lower() == "[content_types].xml":
            continue
        kind = overrides.get(name.lower()) or defaults.get(name.rsplit("/", 1)[-1].rpartition(".")[2].lower(), "")
        if kind not in SAFE_CONTENT_TYPES and not kind.startswith("image/"):
            raise Unsupported(f"{name} ({kind or 'no content type'})")
        if name.endswith(".rels"):
            if any(r.external and r.type != REL_HYPERLINK for r in _relationships(pkg.read(name))):
                raise Unsupported(f"external relationship in {name}")


@dataclass(frozen=True)
class _Book:
    """Where the workbook part, its relationships and its styles are, and what its sheets are."""
    part: str
    data: bytes
    rels_part: str
    rels_data: bytes | None
    rels: list[_Rel]
    sheets: list[_Sheet]
    top_sheet_id: int
    styles_part: str


def _find_book(pkg: _ZipIn) -> _Book:
    book_part = next((_resolve("", r.target) for r in _relationships(pkg.read_if("_rels/.rels"))
                      if r.type == REL_OFFICE_DOCUMENT), None)
    if book_part != "xl/workbook.xml" or not pkg.has(book_part):
        raise Unsupported(f"workbook part {book_part}")
    book_part = pkg.actual(book_part)
    rels_part = pkg.actual(_rels_part(book_part))
    rels_data = pkg.read_if(rels_part)
    rels = _relationships(rels_data)
    data = pkg.read(book_part)
    sheets, top = _sheets(data, rels, book_part)
    sheets = [_Sheet(s.name, pkg.actual(s.part) if s.part and pkg.has(s.part) else None, s.kind) for s in sheets]
    styles_part = next((_resolve(book_part, r.target) for r in rels if r.type == REL_STYLES), None)
    if styles_part is None or not pkg.has(styles_part):
        raise Unsupported("no styles part")
    return _Book(book_part, data, rels_part, rels_data, rels, sheets, top, pkg.actual(styles_part))


class _Names:
    """Fresh part names and relationship ids for what is added."""

    def __init__(self, pkg: _ZipIn):
        self.taken = {i.filename.lower() for i in pkg.infos}

    def part(self, pattern: str) -> str:
        n = 1
        while pattern.format(n).lower() in self.taken:
            n += 1
        self.taken.add(pattern.format(n).lower())
        return pattern.format(n)


def _marks_by_part(book: _Book, marks: Sequence[Mark]) -> dict[str, dict[tuple[int, int], Mark]]:
    """The marks on each worksheet part, by (row, column); marks on sheets the workbook lacks are left out."""
    sheets = {s.name: s for s in book.sheets}
    out: dict[str, dict[tuple[int, int], Mark]] = {}
    for mark in marks:
        place = split_ref(mark.cell)
        if mark.sheet not in sheets or place is None:
            continue
        sheet = sheets[mark.sheet]
        if sheet.kind != "worksheet":
            continue        # a chart sheet has no cells
        if sheet.part is None:
            raise Unsupported(f"sheet {mark.sheet!r} is not in the package")
        out.setdefault(sheet.part, {})[place] = mark
    return out


def _annotate_sheet(pkg: _ZipIn, part: str, cells: dict[tuple[int, int], Mark], styles: _Styles, names: _Names,
                    block: int) -> tuple[dict[str, bytes], str]:
    """The edited sheet and its relationships, its comments and their drawing (shape ids from `block`);
    and the name of the comments part."""
    rels_part = pkg.actual(_rels_part(part))
    rels_data = pkg.read_if(rels_part)
    rels = _relationships(rels_data)
    if any(r.type in (REL_COMMENTS, REL_VML) for r in rels):
        raise Unsupported(f"{part} already has comments or a drawing")
    comments, drawing = names.part("xl/comments{}.xml"), names.part("xl/drawings/vmlDrawing{}.vml")
    comments_id, drawing_id = _new_ids((r.id for r in rels), 2)
    restyle = {place: (lambda xf, fill=mark.fill: styles.filled(xf, fill)) for place, mark in cells.items()}
    places = sorted(cells)
    return {
        part: unselect(mark_cells(pkg.read(part), restyle, drawing_id).decode()).encode(),
        rels_part: add_relationships(rels_data, [(comments_id, REL_COMMENTS, _relative(part, comments)),
                                                 (drawing_id, REL_VML, _relative(part, drawing))]),
        comments: comments_xml([(f"{column_letters(c)}{r}", cells[r, c].text) for r, c in places]),
        drawing: vml_xml(places, block),
    }, comments


def _write_zip(pkg: _ZipIn, out: Path, parts: dict[str, bytes], stamp: tuple) -> None:
    """The package again: members in their order, as stored unless `parts` replaces them; new parts last.
    Every part written anew is checked to be well-formed first."""
    for name, content in parts.items():
        try:
            expat.ParserCreate(namespace_separator=" ").Parse(content, True)
        except expat.ExpatError as exc:
            raise RuntimeError(f"the patched {name} is not well-formed: {exc}") from None
    parts = dict(parts)
    with out.open("wb") as target:
        zout = _ZipOut(target)
        for info in pkg.infos:
            if info.filename in parts:
                zout.add(info.filename, parts.pop(info.filename), info.date_time)
            else:
                zout.copy(info, pkg.stored(info))
        for name, content in parts.items():
            zout.add(name, content, stamp)
        zout.close()


def patch_workbook(source: Path, out: Path, marks: Sequence[Mark],
                   first_sheet: Callable[[Sequence[str]], SheetSpec]) -> None:
    """Write to `out` the workbook `source` with `marks` applied (marks on sheets it does not have are left
    out) and the sheet `first_sheet(sheet names)` inserted as the first, active tab. Raises Unsupported,
    having written nothing useful to `out`, when the package is not one this module edits."""
    with zipfile.ZipFile(source) as zf, source.open("rb") as fh:
        pkg = _ZipIn(zf, fh)
        types_part = pkg.actual("[Content_Types].xml")
        if not pkg.has(types_part):
            raise Unsupported("no [Content_Types].xml")
        types = pkg.read(types_part)
        defaults, overrides = _content_types(types)
        _check_parts(pkg, defaults, overrides)
        book = _find_book(pkg)
        spec = first_sheet([s.name for s in book.sheets])
        if any(s.name.casefold() == spec.name.casefold() for s in book.sheets):
            raise Unsupported(f"a sheet is already called {spec.name}")
        styles = _Styles(pkg.read(book.styles_part))
        names = _Names(pkg)

        # 1. each marked cell: its format with the fill, and a comment
        parts: dict[str, bytes] = {}
        new_types: dict[str, str] = {}
        block = 1
        for part, cells in _marks_by_part(book, marks).items():
            annotated, comments = _annotate_sheet(pkg, part, cells, styles, names, block)
            parts.update(annotated)
            new_types[comments] = CT_COMMENTS
            block = vml_blocks(block, len(cells))[-1] + 1

        # 2. the findings sheet, first and selected; every other tab unselected
        for sheet in book.sheets:
            if sheet.part and sheet.part not in parts:
                data = pkg.read(sheet.part)
                if b"tabSelected" in data:
                    parts[sheet.part] = unselect(plain_text(data, sheet.kind, MAIN_NS)).encode()
        listing = names.part("xl/worksheets/sheet{}.xml")
        parts[listing] = sheet_xml(spec, styles.style)
        new_types[listing] = CT_WORKSHEET
        (listing_id,) = _new_ids((r.id for r in book.rels), 1)
        parts[book.part] = insert_first_sheet(book.data, spec.name, book.top_sheet_id + 1, listing_id)
        parts[book.rels_part] = add_relationships(book.rels_data, [(listing_id, REL_WORKSHEET,
                                                                    _relative(book.part, listing))])
        parts[book.styles_part] = styles.bytes()
        parts[types_part] = add_content_types(types, new_types, {} if "vml" in defaults or block == 1
                                              else {"vml": CT_VML})
        _write_zip(pkg, out, parts, pkg.by_name[book.part].date_time)
