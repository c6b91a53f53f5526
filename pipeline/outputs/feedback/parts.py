"""The package's parts the patcher edits: relationships, content types, styles and the workbook's sheet list."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Iterable, Sequence
from xml.sax.saxutils import quoteattr

from .spec import DOC_REL_NS, MAIN_NS, PKG_REL_NS, Style, TYPES_NS, Unsupported
from .xml import (_Span, _TAG, _children, _element, _elements, _plain_block, _prefix_for, _root, _splice, attributes,
    parse_tree, plain_text, set_attributes)


@dataclass(frozen=True)
class _Rel:
    id: str
    type: str
    target: str
    external: bool


def _relationships(data: bytes | None) -> list[_Rel]:
    if data is None:
        return []
    tree = parse_tree(data, "Relationships", PKG_REL_NS)
    return [_Rel(r.get("Id", ""), r.get("Type", ""), r.get("Target", ""), r.get("TargetMode") == "External")
            for r in tree if r.tag == f"{{{PKG_REL_NS}}}Relationship"]


def _rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(source_part: str, target: str) -> str:
    """The zip member a relationship of `source_part` points at."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _relative(source_part: str, member: str) -> str:
    return posixpath.relpath(member, posixpath.dirname(source_part) or ".")


def _new_ids(existing: Iterable[str], count: int, stem: str = "mtcl") -> list[str]:
    taken, out, n = set(existing), [], 1
    while len(out) < count:
        if f"{stem}{n}" not in taken:
            out.append(f"{stem}{n}")
        n += 1
    return out


def add_relationships(data: bytes | None, rels: Sequence[tuple[str, str, str]]) -> bytes:
    """A .rels part with (id, type, target) relationships added (a new part when `data` is None)."""
    items = "".join(f"<Relationship Id={quoteattr(i)} Type={quoteattr(t)} Target={quoteattr(g)}/>"
                    for i, t, g in rels)
    if data is None:
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Relationships xmlns="{PKG_REL_NS}">{items}</Relationships>').encode()
    text = plain_text(data, "Relationships", PKG_REL_NS)
    root = _root(text, "Relationships")
    return _splice(text, [(root.close_start, root.close_start, items)]).encode()


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """(default content type by extension, content type by part name) of [Content_Types].xml."""
    tree = parse_tree(data, "Types", TYPES_NS)
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in tree
                if d.tag == f"{{{TYPES_NS}}}Default"}
    overrides = {o.get("PartName", "").lstrip("/").lower(): o.get("ContentType", "") for o in tree
                 if o.tag == f"{{{TYPES_NS}}}Override"}
    return defaults, overrides


def add_content_types(data: bytes, overrides: dict[str, str], defaults: dict[str, str]) -> bytes:
    text = plain_text(data, "Types", TYPES_NS)
    root = _root(text, "Types")
    items = "".join(f"<Default Extension={quoteattr(e)} ContentType={quoteattr(t)}/>" for e, t in defaults.items())
    items += "".join(f"<Override PartName={quoteattr('/' + p)} ContentType={quoteattr(t)}/>"
                     for p, t in overrides.items())
    return _splice(text, [(root.close_start, root.close_start, items)]).encode()


class _Styles:
    """styles.xml, growing: a solid fill laid over an existing cell format, and the findings sheet's formats."""

    def __init__(self, data: bytes):
        self.text = plain_text(data, "styleSheet", MAIN_NS)
        root = _root(self.text, "styleSheet")
        top = dict(_children(self.text, root))      # the blocks of the style sheet, where they start
        self.blocks: dict[str, _Span] = {}
        counts = {}
        for name, child in (("fonts", "font"), ("fills", "fill"), ("cellXfs", "xf")):
            span = _element(self.text, name, top[name], root.close_start) if name in top else None
            if span is None or span.empty or span.start != top[name]:
                raise Unsupported(f"styles without <{name}>")
            _plain_block(self.text, span)
            children = _children(self.text, span)
            if any(c != child for c, _ in children):
                raise Unsupported(f"unexpected element in <{name}>")
            self.blocks[name], counts[name] = span, len(children)
        xfs = self.blocks["cellXfs"]
        self.xfs = [self.text[s.start:s.end] for s in _elements(self.text, "xf", xfs.open_end, xfs.close_start)]
        if len(self.xfs) != counts["cellXfs"]:
            raise Unsupported("cell formats not where expected")
        self.counts = counts
        named = _element(self.text, "cellStyleXfs", top["cellStyleXfs"]) if "cellStyleXfs" in top else None
        self.has_style_xfs = named is not None and not named.empty
        self.added: dict[str, list[str]] = {"fonts": [], "fills": [], "cellXfs": []}
        self._fills: dict[str, int] = {}
        self._made: dict[object, int] = {}

    def _add(self, block: str, xml: str) -> int:
        self.added[block].append(xml)
        return self.counts[block] + len(self.added[block]) - 1

    def _fill(self, rgb: str) -> int:
        if rgb not in self._fills:
            self._fills[rgb] = self._add("fills", f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
                                                  f'<bgColor indexed="64"/></patternFill></fill>')
        return self._fills[rgb]

    def filled(self, xf: int, rgb: str) -> int:
        """A cell format: format `xf` with a solid `rgb` fill."""
        key = ("filled", xf, rgb)
        if key not in self._made:
            if not 0 <= xf < len(self.xfs):
                raise Unsupported(f"cell format {xf} does not exist")
            base = self.xfs[xf]
            head = _TAG.match(base).group()
            new = set_attributes(head, {"fillId": str(self._fill(rgb)), "applyFill": "1"})
            self._made[key] = self._add("cellXfs", new + base[len(head):])
        return self._made[key]

    def style(self, style: Style) -> int:
        """A cell format for the findings sheet (0, the workbook's default, for a plain cell)."""
        if style == Style():
            return 0
        if style not in self._made:
            font = 0
            if style.has_font:
                font = self._add("fonts", "<font>" + ("<b/>" if style.bold else "")
                                 + ("<u/>" if style.underline else "") + f'<sz val="{style.size or 11:g}"/>'
                                 + (f'<color rgb="FF{style.color}"/>' if style.color else "")
                                 + '<name val="Calibri"/><family val="2"/></font>')
            fill = self._fill(style.fill) if style.fill else 0
            align = ""
            if style.wrap or style.vertical:
                align = "<alignment" + (f' vertical="{style.vertical}"' if style.vertical else "") \
                        + (' wrapText="1"' if style.wrap else "") + "/>"
            self._made[style] = self._add(
                "cellXfs", f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="0"'
                           + (' xfId="0"' if self.has_style_xfs else "")
                           + (' applyFont="1"' if font else "") + (' applyFill="1"' if fill else "")
                           + (' applyAlignment="1">' + align + "</xf>" if align else "/>"))
        return self._made[style]

    def bytes(self) -> bytes:
        edits = []
        for name, items in self.added.items():
            if items:
                span = self.blocks[name]
                edits.append((span.start, span.open_end,
                              set_attributes(span.tag, {"count": str(self.counts[name] + len(items))})
                              if "count" in attributes(span.tag) else span.tag))
                edits.append((span.close_start, span.close_start, "".join(items)))
        return _splice(self.text, edits).encode()


@dataclass(frozen=True)
class _Sheet:
    name: str
    part: str | None        # its zip member, when the package holds it
    kind: str               # "worksheet", "chartsheet" (or another root element name)


def _sheets(book: bytes, rels: list[_Rel], book_part: str) -> tuple[list[_Sheet], int]:
    """The sheets in tab order, and the largest sheetId."""
    tree = parse_tree(book, "workbook", MAIN_NS)
    by_id = {r.id: r for r in rels}
    node = tree.find(f"{{{MAIN_NS}}}sheets")
    if node is None or not len(node):
        raise Unsupported("no sheets")
    out, top = [], 0
    for sheet in node:
        rel = by_id.get(sheet.get(f"{{{DOC_REL_NS}}}id", ""))
        sheet_id = sheet.get("sheetId", "")
        if not sheet_id.isdigit():
            raise Unsupported("sheet without a number")
        top = max(top, int(sheet_id))
        part = _resolve(book_part, rel.target) if rel and not rel.external else None
        out.append(_Sheet(sheet.get("name", ""), part, rel.type.rsplit("/", 1)[-1] if rel else ""))
    return out, top


def insert_first_sheet(book: bytes, name: str, sheet_id: int, rid: str) -> bytes:
    """workbook.xml with a new first sheet that is also the active tab; sheet-local names follow their
    sheet, whose position moves up by one."""
    text = plain_text(book, "workbook", MAIN_NS)
    root = _root(text, "workbook")
    sheets = _element(text, "sheets", root.open_end, root.close_start)
    if sheets is None or sheets.empty:
        raise Unsupported("no sheets")
    prefix = _prefix_for(root.tag, DOC_REL_NS)
    ref = f'{prefix}:id="{rid}"' if prefix else f'xmlns:r="{DOC_REL_NS}" r:id="{rid}"'
    edits = [(sheets.open_end, sheets.open_end, f'<sheet name={quoteattr(name)} sheetId="{sheet_id}" {ref}/>')]
    views = _elements(text, "workbookView", root.open_end, root.close_start)
    for view in views:
        edits.append((view.start, view.open_end, set_attributes(view.tag, {"activeTab": "0", "firstSheet": None})))
    if not views:
        edits.append((sheets.start, sheets.start, '<bookViews><workbookView activeTab="0"/></bookViews>'))
    for defined in _elements(text, "definedName", root.open_end, root.close_start):
        local = attributes(defined.tag).get("localSheetId")
        if local is not None:
            if not local.isdigit():
                raise Unsupported("unreadable localSheetId")
            edits.append((defined.start, defined.open_end,
                          set_attributes(defined.tag, {"localSheetId": str(int(local) + 1)})))
    return _splice(text, edits).encode()
