"""WeasyPrint 70's hottest Python functions → equivalents that take a short path when they can.

A page of a decision form costs WeasyPrint more Python per box and per glyph than a page of
plain text, and a few functions lead a profile of the renders (BENCHMARKS.md, "PDF pages",
seventh round):

- ``ComputedStyle.__missing__`` computes a property of an element the first time it is read.
  Nearly nine reads in ten are of a property the stylesheets do not set on that element, whose
  value is the parent's (inherited) or the initial one; WeasyPrint still takes each through
  every step a cascaded value needs (logical properties, ``var()``, math functions, the
  special cases of ``float``, ``display``, ``page`` and text decorations).
- ``resolve_percentages`` turns seventeen lengths of a box into used values, each through two
  more calls; ``Box.is_in_normal_flow`` reads the same two properties through five calls.
- ``draw_first_line`` writes a line's glyphs into the page, reading each glyph's geometry from
  Pango three times and checking for colour and bitmap fonts glyph by glyph.
- pydyf's ``_to_bytes``, which writes every name and number of the PDF, tests three types
  before the commonest.

The replacements give the same values and write the same bytes: whatever is not on a short
path is handed to the released function (a property the stylesheets set, a value holding a
math function, a flex item, a line with an ellipsis or a raised glyph, a colour font). They
are installed only over the WeasyPrint and pydyf whose source they were written against
(:data:`PINNED`, a hash of each function's source), so another version renders with its own
code until they are checked against it again; ``tests/pdf/test_pdf_fastpaths.py`` renders
documents both ways and compares the PDFs byte for byte.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import struct
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from weasyprint.css.computed_values import COMPUTER_FUNCTIONS, PHYSICAL_FUNCTIONS
from weasyprint.css.functions import check_math
from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES
from weasyprint.formatting_structure.boxes import Box, PageBox
from weasyprint.layout.percent import adjust_box_sizing, percentage
from weasyprint.text.ffi import FROM_UNITS, ffi, pango


@dataclass(frozen=True)
class FastPath:
    """One of WeasyPrint's (or pydyf's) functions, and what takes its place."""

    module: str
    name: str
    """The function's name in ``module``, or "Class.method"."""
    source_sha256: str
    """SHA-256 of the function's source in the version the replacement was written for."""
    replacement: str
    """The name of the replacement in this module."""

    @property
    def label(self) -> str:
        return f"{self.module}:{self.name}"


PINNED = (
    FastPath(
        "weasyprint.css",
        "ComputedStyle.__missing__",
        "b318d8efc8ac79d716f05cb81cc3abd65a32bd79601e363b218a32559bb3a5fb",
        "_computed_missing",
    ),
    FastPath(
        "weasyprint.layout.percent",
        "resolve_percentages",
        "71673078096fcf8764e6412933288cc79ba956eae0d939deda27beaeac45acad",
        "_resolve_percentages",
    ),
    FastPath(
        "weasyprint.formatting_structure.boxes",
        "Box.is_in_normal_flow",
        "5f49d6ab23da7e51003ce68f78e8cb04629e9c2edbf51f77ffa8acd7098e0368",
        "_in_normal_flow",
    ),
    FastPath("pydyf", "_to_bytes", "1cefd02c285d3aee7ad09bf6e5be50b2b7bd6956dec69829790e64f5255e0009", "_to_bytes"),
    FastPath(
        "weasyprint.draw.text",
        "draw_first_line",
        "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b",
        "_draw_first_line",
    ),
)
"""Every function replaced, in the order they are put in place."""

_originals: dict[str, Any] = {}
"""The released functions, by :attr:`FastPath.label`, while the fast paths are installed."""


def source_hash(function: Callable[..., Any]) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def original(path: FastPath) -> Callable[..., Any]:
    """The function as released, whether the fast paths are installed or not."""
    if path.label in _originals:
        return _originals[path.label]  # type: ignore[no-any-return]
    owner: Any = importlib.import_module(path.module)
    for part in path.name.split("."):
        owner = getattr(owner, part)
    return owner  # type: ignore[no-any-return]


def matches() -> bool:
    """Whether the installed WeasyPrint and pydyf have the functions the fast paths were written against
    (False too where their source cannot be read, as from an installation without it)."""
    try:
        return all(source_hash(original(path)) == path.source_sha256 for path in PINNED)
    except (OSError, TypeError):
        return False


def active() -> bool:
    """Whether the fast paths are in place now."""
    return bool(_originals)


def install() -> bool:
    """Put the fast paths in place of the released functions; False (nothing changed) if any differs."""
    if _originals:
        return True
    if not matches():
        return False
    for path in PINNED:
        _originals[path.label] = old = original(path)
        _put(path, old, globals()[path.replacement])
    return True


def uninstall() -> None:
    """Give WeasyPrint and pydyf their own functions back."""
    for path in PINNED:
        if path.label in _originals:
            _put(path, globals()[path.replacement], _originals.pop(path.label))


@contextmanager
def installed(on: bool = True) -> Iterator[bool]:
    """The fast paths installed (``on``) or not, within the block; as they were after it."""
    was = bool(_originals)
    if on:
        done = install()
    else:
        uninstall()
        done = False
    try:
        yield done
    finally:
        if was:
            install()
        else:
            uninstall()


def _put(path: FastPath, old: object, new: object) -> None:
    """``new`` in place of ``old``: on its class, or in every module of its package that imported it by name."""
    if "." in path.name:
        class_name, method = path.name.split(".")
        setattr(getattr(importlib.import_module(path.module), class_name), method, new)
        return
    for name in _IMPORTERS:
        importlib.import_module(name)
    package = path.module.split(".")[0]
    for name, module in list(sys.modules.items()):
        if name == package or name.startswith(package + "."):
            for attribute, value in list(vars(module).items()):
                if value is old:
                    setattr(module, attribute, new)


_IMPORTERS = (
    "weasyprint.layout",
    "weasyprint.layout.absolute",
    "weasyprint.layout.column",
    "weasyprint.layout.float",
    "weasyprint.layout.grid",
)
"""Modules that import a replaced WeasyPrint function by name, imported before the names are rebound
(``draw_first_line`` is only called from its own module, and imported at call time by the SVG code)."""


def _released(label: str) -> Callable[..., Any]:
    """The function as WeasyPrint or pydyf has it, that a short path hands its other cases to."""
    return _originals[label]  # type: ignore[no-any-return]


_SPECIAL = frozenset(
    {"float", "display", "position", "page"} | {key for key in INITIAL_VALUES if key.startswith("text_decoration_")}
)
"""Properties whose computed value WeasyPrint derives with steps of their own: always its function."""
_logical_keys: dict[tuple[str, str], str] = {}
"""(physical property, direction) → the logical property that would set it (a pure function)."""


def _computed_missing(self: Any, key: str) -> Any:
    """``ComputedStyle.__missing__`` for a property not cascaded on the element, else WeasyPrint's."""
    cascaded = self.cascaded
    if key in cascaded or key in _SPECIAL:
        return _released("weasyprint.css:ComputedStyle.__missing__")(self, key)
    if key in PHYSICAL_FUNCTIONS:
        direction = self["direction"]
        logical = _logical_keys.get((key, direction))
        if logical is None:
            logical = _logical_keys[key, direction] = PHYSICAL_FUNCTIONS[key](block="ttb", inline=direction)
        if logical in cascaded:
            return _released("weasyprint.css:ComputedStyle.__missing__")(self, key)
    parent = self.parent_style
    if parent is not None and (key in INHERITED or key[:2] == "__"):
        value = parent[key]
        if (type(value) is tuple or getattr(value, "type", None) == "function") and check_math(value):
            return _released("weasyprint.css:ComputedStyle.__missing__")(self, key)
        self[key] = value
        return value
    if key[:2] == "__":  # a custom property nothing sets, on the root element
        value = self[key] = []
        return value
    value = INITIAL_VALUES[key]  # never a math function (tests/pdf/test_pdf_fastpaths.py)
    if key in INITIAL_NOT_COMPUTED:
        computer = COMPUTER_FUNCTIONS.get(key)
        if computer is not None:
            value = computer(self, key, value)
    self[key] = value
    return value


def _resolve_percentages(box: Any, containing_block: Any) -> None:
    """``resolve_percentages``: the used lengths of ``box``, its percentages resolved, in one call."""
    if isinstance(containing_block, Box):
        cb_width = containing_block.width
        cb_height = containing_block.height
    else:
        cb_width, cb_height = containing_block
    maybe_height = cb_height if isinstance(box, PageBox) else cb_width
    style = box.style
    _used(box, style, "margin_left", cb_width)
    _used(box, style, "margin_right", cb_width)
    _used(box, style, "margin_top", maybe_height)
    _used(box, style, "margin_bottom", maybe_height)
    _used(box, style, "padding_left", cb_width)
    _used(box, style, "padding_right", cb_width)
    _used(box, style, "padding_top", maybe_height)
    _used(box, style, "padding_bottom", maybe_height)
    _used(box, style, "width", cb_width)
    _used(box, style, "min_width", cb_width)
    _used(box, style, "max_width", cb_width)
    if cb_height == "auto":
        height = style["height"]
        if height == "auto" or check_math(height) or height.unit == "%":
            box.height = "auto"
        else:
            assert height.unit.lower() == "px"
            box.height = height.value
        _used(box, style, "min_height", 0)
        _used(box, style, "max_height", float("inf"))
    else:
        _used(box, style, "height", cb_height)
        _used(box, style, "min_height", cb_height)
        _used(box, style, "max_height", cb_height)

    collapse = style["border_collapse"] == "collapse"
    for prop in ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width"):
        if not (collapse and hasattr(box, prop)):
            setattr(box, prop, style[prop])
    adjust_box_sizing(box, "width")
    adjust_box_sizing(box, "height")


def _used(box: Any, style: Any, name: str, refer_to: Any) -> None:
    """``resolve_one_percentage`` with ``percentage`` inlined for a length or a percentage."""
    value = style[name]
    if value is None or value == "auto":
        result = value
    else:
        unit = getattr(value, "unit", None)
        if unit is None:
            result = percentage(value, style, refer_to)  # a math function
        elif unit == "%":
            result = refer_to * value.value / 100
        else:
            result = value.value
    setattr(box, name, result)
    if result == "auto" and name in ("min_width", "min_height"):
        setattr(box, name, 0)


_GLYPH_EMPTY = pango.PANGO_GLYPH_EMPTY
_GLYPH_UNKNOWN = pango.PANGO_GLYPH_UNKNOWN_FLAG
_OLD_PANGO = pango.pango_version() < 14802  # sizes fonts by the text's style (Pango issue 530)
_GLYPH_INFO = struct.Struct("=Iiii4x")
"""A PangoGlyphInfo: the glyph, its geometry (width, x and y offsets), its visual attributes."""
_GLYPH_INFO_AS_DECLARED = (
    ffi.sizeof("PangoGlyphInfo") == _GLYPH_INFO.size
    and ffi.offsetof("PangoGlyphInfo", "geometry") == 4
    and [ffi.offsetof("PangoGlyphGeometry", field) for field in ("width", "x_offset", "y_offset")] == [0, 4, 8]
)


def _draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any) -> list[Any]:
    """``draw_first_line`` for a line of plain glyphs in outline fonts, else WeasyPrint's.

    The line's text operators are made first and written only if the whole line took the short
    path; a line with an ellipsis, a zero-width or missing glyph, a raised glyph, or a bitmap or
    colour font is drawn by WeasyPrint's function from the start, and so is every line where
    Pango's glyph records are not laid out as :data:`_GLYPH_INFO` reads them.
    """
    released = _released("weasyprint.draw.text:draw_first_line")
    if not _GLYPH_INFO_AS_DECLARED or text_overflow == "ellipsis" or block_ellipsis != "none":
        return released(stream, textbox, text_overflow, block_ellipsis, matrix)  # type: ignore[no-any-return]
    if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
        return []  # nothing visible to draw (what WeasyPrint's function returns too)
    layout = textbox.pango_layout
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    first_line, _ = layout.get_first_line()
    operators = _text_operators(stream, textbox, first_line)
    if operators is None:
        return released(stream, textbox, text_overflow, block_ellipsis, matrix)  # type: ignore[no-any-return]
    stream.set_text_matrix(*matrix.values)
    for operator in operators:
        if type(operator) is str:
            stream.show_text(operator)
        else:
            stream.set_font_size(*operator)
    return []


def _text_operators(stream: Any, textbox: Any, first_line: Any) -> list[str | tuple[Any, float]] | None:
    """The strings to show and the font changes between them, for the glyphs of ``first_line``;
    None if one of them needs WeasyPrint's own drawing."""
    operators: list[str | tuple[Any, float]] = []
    parts: list[str] = []
    previous_font = None
    utf8_text = None
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        item = glyph_item.item
        pango_font = item.analysis.font
        if pango_font != previous_font:
            previous_font = pango_font
            font, font_size = stream.add_font(pango_font)
            if font.bitmap or font.svg or font.png or font.colr:
                return None
            if _OLD_PANGO:
                font_size = textbox.style["font_size"]
            if parts:
                operators.append("".join(parts))
                parts = []
            operators.append((font.hash, font_size))
            to_unicode, widths = font.to_unicode, font.widths
        parts.append("<")
        glyphs = glyph_item.glyphs
        count = glyphs.num_glyphs
        clusters = None
        # The run's glyphs read from Pango's array in one go, not field by field through cffi.
        for i, (glyph, width, x_offset, y_offset) in enumerate(
            _GLYPH_INFO.iter_unpack(ffi.buffer(glyphs.glyphs, count * _GLYPH_INFO.size))
        ):
            if glyph == _GLYPH_EMPTY or glyph & _GLYPH_UNKNOWN or y_offset:
                return None
            if glyph not in to_unicode:  # the text the glyph draws, for copying and reading aloud
                clusters = clusters or ffi.unpack(glyphs.log_clusters, count)
                start = item.offset + clusters[i]
                if item.analysis.level % 2:  # right to left
                    end = item.offset + (item.length if i == 0 else clusters[i - 1])
                else:
                    end = item.offset + (item.length if i == count - 1 else clusters[i + 1])
                utf8_text = utf8_text or textbox.pango_layout.text.encode()
                to_unicode[glyph] = utf8_text[start:end].decode()
            offset = x_offset / font_size
            if offset:
                parts.append(f">{-offset}<")
            parts.append(f"{glyph:04x}")
            advance = widths.get(glyph)
            if advance is None:
                pango.pango_font_get_glyph_extents(pango_font, glyph, stream.ink_rect, stream.logical_rect)
                advance = widths[glyph] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
            kerning = advance + offset - width * 1000 * FROM_UNITS / font_size
            if kerning:
                parts.append(f">{int(kerning)}<")
        if parts[-1][-1] == "<":  # each run closes its list of glyphs, or drops it if empty
            parts[-1] = parts[-1][:-1]
        else:
            parts.append(">")
    operators.append("".join(parts))
    return operators


_OUT_OF_FLOW_FLOATS = frozenset({"left", "right", "inline-start", "inline-end", "footnote"})


def _in_normal_flow(self: Any) -> bool:
    """``Box.is_in_normal_flow`` with the box's float and position read once each.

    Neither floated (to a side or as a footnote), nor absolutely positioned, running or a note.
    """
    if "is_floated" in self.__dict__:  # a flex item, made never floated by the box builder
        return _released("weasyprint.formatting_structure.boxes:Box.is_in_normal_flow")(self)  # type: ignore[no-any-return]
    style = self.style
    if style["float"] in _OUT_OF_FLOW_FLOATS:
        return False
    position = style["position"]
    return not (position in ("absolute", "fixed") or position[0] in ("running()", "note()"))


def _to_bytes(item: Any) -> bytes:
    """pydyf's ``_to_bytes`` for the names and numbers most PDF objects are made of, else pydyf's."""
    kind = type(item)
    if kind is bytes:
        return item  # type: ignore[no-any-return]
    if kind is str or kind is int:
        return str(item).encode("ascii")
    return _released("pydyf:_to_bytes")(item)  # type: ignore[no-any-return]
