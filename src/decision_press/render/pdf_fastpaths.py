"""WeasyPrint 70's hottest per-box functions → equivalents that take a short path when they can.

A page of a decision form costs WeasyPrint far more Python per box than a page of plain text,
and two functions called for every box lead a profile of the renders (BENCHMARKS.md, "PDF
pages", seventh round):

- ``ComputedStyle.__missing__`` computes a property of an element the first time it is read.
  Nearly nine reads in ten are of a property the stylesheets do not set on that element, whose
  value is the parent's (inherited) or the initial one; WeasyPrint still takes each through
  every step a cascaded value needs (logical properties, ``var()``, math functions, the
  special cases of ``float``, ``display``, ``page`` and text decorations).
- ``resolve_percentages`` turns seventeen lengths of a box into used values, each through two
  more calls.

The replacements give the same values in the same order: a read that is not on the short path
is handed to WeasyPrint's own function, and so is anything unusual on it (a value holding a
math function, a logical property the stylesheet sets). They are installed only over the
WeasyPrint whose source they were written against (:data:`PINNED`: a hash of each function's
source), so an upgraded WeasyPrint renders with its own code until they are checked against
it again; ``tests/pdf/test_pdf_fastpaths.py`` renders documents both ways and compares the
PDFs byte for byte.
"""

from __future__ import annotations

import hashlib
import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from weasyprint.css import ComputedStyle
from weasyprint.css.computed_values import COMPUTER_FUNCTIONS, PHYSICAL_FUNCTIONS
from weasyprint.css.functions import check_math
from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES
from weasyprint.formatting_structure.boxes import Box, PageBox
from weasyprint.layout import percent
from weasyprint.layout.percent import adjust_box_sizing, percentage

PINNED = {
    "weasyprint.css:ComputedStyle.__missing__": "b318d8efc8ac79d716f05cb81cc3abd65a32bd79601e363b218a32559bb3a5fb",
    "weasyprint.layout.percent:resolve_percentages": "71673078096fcf8764e6412933288cc79ba956eae0d939deda27beaeac45acad",
}
"""Each replaced function, and the SHA-256 of its source in the WeasyPrint these were written for."""

_originals: dict[str, Any] = {}
"""The functions replaced, while the fast paths are installed (by name, as in :data:`PINNED`)."""


def source_hash(function: Callable[..., Any]) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


def _current() -> dict[str, Callable[..., Any]]:
    return {
        "weasyprint.css:ComputedStyle.__missing__": _originals.get(
            "weasyprint.css:ComputedStyle.__missing__", ComputedStyle.__missing__
        ),
        "weasyprint.layout.percent:resolve_percentages": _originals.get(
            "weasyprint.layout.percent:resolve_percentages", percent.resolve_percentages
        ),
    }


def matches() -> bool:
    """Whether the installed WeasyPrint's functions are those the fast paths were written against."""
    return all(source_hash(function) == PINNED[name] for name, function in _current().items())


def install() -> bool:
    """Put the fast paths in place of WeasyPrint's functions; False (nothing changed) if they differ."""
    if _originals:
        return True
    if not matches():
        return False
    _originals.update(_current())
    ComputedStyle.__missing__ = _computed_missing
    _rebind(percent.resolve_percentages, _resolve_percentages)
    return True


def uninstall() -> None:
    """Give WeasyPrint its own functions back."""
    if not _originals:
        return
    ComputedStyle.__missing__ = _originals["weasyprint.css:ComputedStyle.__missing__"]
    _rebind(_resolve_percentages, _originals["weasyprint.layout.percent:resolve_percentages"])
    _originals.clear()


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


def _rebind(old: object, new: object) -> None:
    """Replace ``old`` by ``new`` in every WeasyPrint module that imported it by name."""
    import weasyprint.layout  # every layout module, so that all their names are bound
    import weasyprint.layout.absolute
    import weasyprint.layout.column
    import weasyprint.layout.float
    import weasyprint.layout.grid  # noqa: F401

    for name, module in list(sys.modules.items()):
        if name == "weasyprint" or name.startswith("weasyprint."):
            for attribute, value in list(vars(module).items()):
                if value is old:
                    setattr(module, attribute, new)


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
        return _originals["weasyprint.css:ComputedStyle.__missing__"](self, key)
    if key in PHYSICAL_FUNCTIONS:
        direction = self["direction"]
        logical = _logical_keys.get((key, direction))
        if logical is None:
            logical = _logical_keys[key, direction] = PHYSICAL_FUNCTIONS[key](block="ttb", inline=direction)
        if logical in cascaded:
            return _originals["weasyprint.css:ComputedStyle.__missing__"](self, key)
    parent = self.parent_style
    if parent is not None and (key in INHERITED or key[:2] == "__"):
        value = parent[key]
        if (type(value) is tuple or getattr(value, "type", None) == "function") and check_math(value):
            return _originals["weasyprint.css:ComputedStyle.__missing__"](self, key)
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
