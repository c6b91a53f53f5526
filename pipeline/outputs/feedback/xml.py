"""Editing XML text in place: a small tokenizer and splicer that leaves every byte it does not change as it was."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree as SafeET

from ...excel import clip_text
from .spec import Unsupported


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def ooxml_text(text: str) -> str:
    """`text` as a cell or comment may hold it: characters XML cannot carry written as Excel's _xHHHH_ escapes
    (and a literal "_x0041_" protected the way Excel does), then within Excel's limit; an escape is never cut."""
    text = _SURROGATE.sub("\ufffd", text)
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    text = _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    clipped = clip_text(text)
    if clipped is not text:
        clipped = _PARTIAL_ESCAPE.sub("", clipped[:-1]) + "…"
    return clipped


_PARTIAL_ESCAPE = re.compile(r"(?<!_x[0-9A-F]{4})_(x[0-9A-F]{0,4})?$")      # a cut escape, not a whole one


def _xml_text(text: str) -> str:
    return escape(ooxml_text(text))


_ATTRS = r"""((?:\s+[^\s=/>]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*"""
_TAG = re.compile(r"<(/?)([^\s/>]+)" + _ATTRS + r"(/?)>")
_ATTR = re.compile(r"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DECLARATION = re.compile(r"\ufeff?<\?xml\b[^<>]*\?>")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def plain_text(data: bytes, root: str, namespace: str) -> str:
    """A part as text, if it is plain enough to edit as text; else Unsupported.

    Plain: UTF-8, well-formed, its root element `root` in `namespace` without a prefix, and no comment,
    CDATA, DOCTYPE or processing instruction after the declaration, so every "<" starts a tag. With no
    DOCTYPE there are no entities to expand, so expat can check the form without defusedxml's wrapper
    (which costs a Python call per element)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unsupported("part not in UTF-8") from None
    declaration = _DECLARATION.match(text)
    body = declaration.end() if declaration else 0
    if "<!" in text or "<?" in text[body:]:
        raise Unsupported("comment, CDATA, DOCTYPE or processing instruction")
    try:
        expat.ParserCreate(namespace_separator=" ").Parse(data, True)
    except expat.ExpatError as exc:
        raise Unsupported(f"malformed part ({exc})") from None
    first = _TAG.search(text, body)
    if first is None or first.group(2) != root or attributes(first.group()).get("xmlns") != namespace:
        raise Unsupported(f"root element is not <{root} xmlns=\"{namespace}\">")
    return text


def parse_tree(data: bytes, root: str, namespace: str):
    """A small part, as plain as plain_text asks, as an element tree (read through defusedxml)."""
    try:
        tree = SafeET.fromstring(data)
    except Exception as exc:       # malformed, or a DTD defusedxml refuses
        raise Unsupported(f"unreadable part ({type(exc).__name__})") from None
    if tree.tag != f"{{{namespace}}}{root}" or b"<!" in data:
        raise Unsupported(f"root element is not <{root} xmlns=\"{namespace}\">, or a comment or CDATA")
    return tree


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one start tag, values unescaped."""
    return {m.group(1): _unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(_TAG.match(tag).group(3))}


def _unescape(value: str) -> str:
    def one(m: re.Match) -> str:
        name = m.group(1)
        if name[0] == "#":
            return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
        return _NAMED[name]
    return _ENTITY.sub(one, value)


def set_attributes(tag: str, changes: dict[str, str | None]) -> str:
    """One start tag with attributes replaced, removed (None) or added at the end; the others as written."""
    match = _TAG.match(tag)
    base = match.start(3)
    found = {m.group(1): (base + m.start(), base + m.end()) for m in _ATTR.finditer(match.group(3))}
    edits, extra = [], ""
    for name, value in changes.items():
        new = "" if value is None else f"{name}={quoteattr(value)}"
        if name in found:
            start, end = found[name]
            if value is None:       # take the whitespace before it too
                start = len(tag[:start].rstrip())
            edits.append((start, end, new))
        elif value is not None:
            extra += " " + new
    at = match.end(3)
    return _splice(tag, edits + ([(at, at, extra)] if extra else []))


def _prefix_for(root_tag: str, namespace: str) -> str | None:
    for name, value in attributes(root_tag).items():
        if value == namespace and name.startswith("xmlns:"):
            return name[6:]
    return None


@dataclass(frozen=True)
class _Span:
    """An element located in the text: its start tag, and where its content and its end tag are."""
    start: int
    open_end: int            # after the start tag
    close_start: int         # before the end tag (== open_end for an empty element)
    end: int                 # after the end tag
    tag: str                 # the start tag as written

    @property
    def empty(self) -> bool:
        return self.tag.endswith("/>")


@functools.lru_cache(maxsize=None)
def _start_tag(name: str) -> re.Pattern:
    return re.compile("<" + re.escape(name) + _ATTRS + "(/?)>")


def _element(text: str, name: str, start: int = 0, stop: int | None = None) -> _Span | None:
    """The first element called `name` (unprefixed) from `start` on; elements of that name must not nest."""
    match = _start_tag(name).search(text, start, len(text) if stop is None else stop)
    return None if match is None else _span_of(text, match, name)


def _span_of(text: str, match: re.Match, name: str) -> _Span:
    """The element whose start tag `match` found."""
    if match.group(2):
        return _Span(match.start(), match.end(), match.end(), match.end(), match.group())
    close = text.find(f"</{name}>", match.end())
    if close < 0:
        raise Unsupported(f"<{name}> not closed")
    return _Span(match.start(), match.end(), close, close + len(name) + 3, match.group())


def _elements(text: str, name: str, start: int = 0, stop: int | None = None) -> list[_Span]:
    out, pos, stop = [], start, len(text) if stop is None else stop
    while (span := _element(text, name, pos, stop)) is not None and span.start < stop:
        out.append(span)
        pos = span.end
    return out


def _children(text: str, parent: _Span) -> list[tuple[str, int]]:
    """(local name, offset) of each child element of `parent`, in order."""
    out, depth = [], 0
    for match in _TAG.finditer(text, parent.open_end, parent.close_start):
        closing, name, empty = match.group(1), match.group(2), match.group(4)
        if closing:
            depth -= 1
            continue
        if depth == 0:
            out.append((name.rsplit(":", 1)[-1], match.start()))
        if not empty:
            depth += 1
    return out


def _root(text: str, name: str) -> _Span:
    """The root element: its end tag is the last thing in the part."""
    match = re.compile("<" + re.escape(name) + _ATTRS + ">").search(text)
    close = text.rfind(f"</{name}>")
    if match is None or close < match.end() or text[close + len(name) + 3:].strip():
        raise Unsupported(f"no <{name}> root with content")
    return _Span(match.start(), match.end(), close, close + len(name) + 3, match.group())


def _direct_child(text: str, parent: _Span, child: _Span) -> bool:
    """Whether `child` sits right under `parent` (the tags before it are balanced)."""
    depth = 0
    for match in _TAG.finditer(text, parent.open_end, child.start):
        depth += -1 if match.group(1) else 0 if match.group(4) else 1
        if depth < 0:
            return False
    return depth == 0


_PREFIXED = re.compile(r"</?[^\s/>:]+:")


def _plain_block(text: str, span: _Span) -> _Span:
    """`span`, if its content holds only elements of the part's own namespace (no prefixed element, no
    namespace declaration): then every element of a given name in it is what the schema says it is."""
    if text.find("xmlns", span.open_end, span.close_start) >= 0 or \
            _PREFIXED.search(text, span.open_end, span.close_start):
        raise Unsupported("foreign elements inside a block the patcher edits")
    return span


def _splice(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) applied; edits must not overlap."""
    out, pos = [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            raise Unsupported("overlapping edits")
        out += [text[pos:start], new]
        pos = end
    out.append(text[pos:])
    return "".join(out)
