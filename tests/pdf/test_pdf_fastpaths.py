"""WeasyPrint's hottest functions → pdf_fastpaths' short paths: the same styles, the same PDFs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from weasyprint.css import ComputedStyle
from weasyprint.css.functions import check_math
from weasyprint.css.properties import INITIAL_VALUES
from weasyprint.layout import percent

from decision_press.pipeline import prepare
from decision_press.render import pdf_fastpaths, pdf_worker
from decision_press.render.pdf import style_source
from decision_press.render.pdf_html import HtmlBuilder
from decision_press.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)
ORIGINAL_MISSING = ComputedStyle.__missing__
ORIGINAL_RESOLVE = percent.resolve_percentages

ODD_CSS = """
:root { --gap: 3mm; --wide: calc(40% + 2mm); }
body { font-size: calc(9pt + 1px); margin-inline-start: var(--gap); padding-block: 2%; }
section { direction: rtl; margin-inline-end: 5mm; border-inline-start: 2pt solid red; }
.calc { width: var(--wide); min-height: calc(2em + 3mm); max-height: 50%; padding: calc(1% + 1mm); }
.sized { box-sizing: border-box; width: 50%; padding: 4mm; border: 1mm solid; height: 30mm; }
.padded { box-sizing: padding-box; width: 60mm; padding: 2mm; }
u, .under { text-decoration: underline dotted blue; text-underline-offset: 2pt; }
.float { float: right; width: 20%; margin: 1em; }
.abs { position: absolute; top: 10%; left: 5mm; width: calc(10% + 5mm); }
table { border-collapse: collapse; width: 80%; } td { border: 1px solid; padding: 5%; }
.named { page: wide; break-before: page; }
@page wide { size: A4 landscape; margin: 15mm; }
ul.cols { columns: 2; column-gap: 5%; }
.flex { display: flex; gap: 2mm; } .flex > * { flex: 1 1 30%; min-width: 0; }
.flex > .floated { float: left; } .fn { float: footnote; } .fixed { position: fixed; bottom: 0; }
.running { position: running(banner); } @page { @top-center { content: element(banner); } }
.clipped { width: 25mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
"""
ODD_BODY = """
<section><p>Right to left <u>underlined</u> <span class="under">and this</span>.</p></section>
<div class="calc">Sized by calc() and a custom property.</div>
<div class="sized">Border box</div><div class="padded">Padding box</div>
<div class="float">Floated</div><p>Text beside the float, long enough to wrap round it twice over.</p>
<div class="abs">Placed</div>
<table><tr><td>one</td><td style="width: 30%">two</td></tr><tr><td colspan="2">three</td></tr></table>
<ul class="cols"><li>a</li><li>b</li><li>c</li><li>d</li></ul>
<div class="flex"><span>x</span><span class="floated">y</span><span>z</span></div>
<p class="running">A running banner</p><p>A claim<span class="fn">Its source.</span>.</p><p class="fixed">Fixed</p>
<p class="clipped">A line far too long for its box, cut short with an ellipsis</p>
<p>Zero​width space, an accent added (é) and a kern: AVATAR Wo.</p>
<p class="named">On a page of its own, landscape.</p>
"""


@pytest.fixture(autouse=True)
def as_they_were() -> Iterator[None]:
    """Each test leaves the fast paths installed or not, as it found them."""
    was = bool(pdf_fastpaths._originals)
    yield
    if was:
        pdf_fastpaths.install()
    else:
        pdf_fastpaths.uninstall()


def render_both_ways(markup: str) -> tuple[tuple[bytes, int], tuple[bytes, int]]:
    with pdf_fastpaths.installed(False):
        plain = pdf_worker.render(markup)
    with pdf_fastpaths.installed(True) as done:
        assert done
        fast = pdf_worker.render(markup)
    return plain, fast


def test_the_installed_weasyprint_is_the_one_the_fast_paths_were_written_for() -> None:
    # Fails after a WeasyPrint upgrade: read the new functions, port the short paths, then re-pin.
    assert pdf_fastpaths.matches(), {
        path.label: pdf_fastpaths.source_hash(pdf_fastpaths.original(path)) for path in pdf_fastpaths.PINNED
    }


def test_installing_replaces_each_function_everywhere_and_uninstalling_restores_it() -> None:
    pdf_fastpaths.uninstall()
    assert pdf_fastpaths.install()
    assert ComputedStyle.__missing__ is not ORIGINAL_MISSING
    bound = weasyprint_names_of(ORIGINAL_RESOLVE)
    assert bound == [], "modules still calling WeasyPrint's resolve_percentages"
    assert "weasyprint.layout.block.resolve_percentages" in weasyprint_names_of(pdf_fastpaths._resolve_percentages)
    pdf_fastpaths.uninstall()
    assert ComputedStyle.__missing__ is ORIGINAL_MISSING
    assert weasyprint_names_of(pdf_fastpaths._resolve_percentages) == []
    assert "weasyprint.layout.table.resolve_percentages" in weasyprint_names_of(ORIGINAL_RESOLVE)


def weasyprint_names_of(function: object) -> list[str]:
    return sorted(
        f"{name}.{attribute}"
        for name, module in list(sys.modules.items())
        if name.startswith("weasyprint")
        for attribute, value in vars(module).items()
        if value is function
    )


def test_a_weasyprint_whose_functions_read_otherwise_keeps_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf_fastpaths.uninstall()
    changed = dataclasses.replace(pdf_fastpaths.PINNED[1], source_sha256="0" * 64)
    monkeypatch.setattr(pdf_fastpaths, "PINNED", (pdf_fastpaths.PINNED[0], changed, *pdf_fastpaths.PINNED[2:]))
    assert not pdf_fastpaths.install()
    assert ComputedStyle.__missing__ is ORIGINAL_MISSING
    assert percent.resolve_percentages is ORIGINAL_RESOLVE


def test_a_weasyprint_installed_without_its_source_keeps_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf_fastpaths.uninstall()

    def unreadable(function: object) -> str:
        raise OSError("could not get source code")

    monkeypatch.setattr(pdf_fastpaths.inspect, "getsource", unreadable)
    assert not pdf_fastpaths.install()
    assert ComputedStyle.__missing__ is ORIGINAL_MISSING


def test_no_initial_value_holds_a_math_function() -> None:
    # The short path of a property nothing sets takes its initial value as computed without math.
    assert [key for key, value in INITIAL_VALUES.items() if check_math(value)] == []


def computed_styles(markup: str) -> list[str]:
    """Every property of the style of every box the document lays out, read in one fixed order."""
    document = pdf_worker._html(markup).render(
        font_config=pdf_worker._loaded["fonts"],
        stylesheets=[pdf_worker._loaded["css"]],
        pdf_variant=pdf_worker.PDF_VARIANT,
    )
    rows = []
    for page in document.pages:
        for box in page._page_box.descendants():
            rows.append(
                f"{type(box).__name__} in flow: {box.is_in_normal_flow()} "
                + " ".join(f"{key}={read(box.style, key)}" for key in PROPERTIES)
            )
    return [re.sub(r" at 0x[0-9a-f]+", "", row) for row in rows]


PROPERTIES = sorted(INITIAL_VALUES)


def read(style: Any, key: str) -> str:
    try:
        return repr(style[key])
    except KeyError:  # WeasyPrint computes logical properties only into physical ones
        return "(none)"


@pytest.fixture(scope="module")
def style() -> pdf_worker.StyleSource:
    return style_source(prepare(load_settings(REPO), AS_OF)[0])


@pytest.fixture(scope="module")
def example_documents(style: pdf_worker.StyleSource) -> list[str]:
    corpus = prepare(load_settings(REPO), AS_OF)[0]
    pdf_worker._loaded.clear()
    pdf_worker.init(style)
    builder = HtmlBuilder(corpus)
    documents = [d.html for decision in corpus.decisions for d in builder.documents(decision)]
    documents += [d.html for d in builder.documents(corpus.decisions[0], for_signature=True)]
    return documents


def test_every_example_document_renders_to_the_same_pdf_either_way(example_documents: list[str]) -> None:
    assert len(example_documents) >= 10
    for markup in example_documents:
        plain, fast = render_both_ways(markup)
        assert plain == fast, markup[:300]


def test_styles_the_project_never_uses_render_to_the_same_pdf_either_way(
    example_documents: list[str], style: pdf_worker.StyleSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[bool] = []  # whether each line drawn took the short path
    text_operators = pdf_fastpaths._text_operators

    def counted(*args: Any) -> Any:
        operators = text_operators(*args)
        lines.append(operators is not None)
        return operators

    monkeypatch.setattr(pdf_fastpaths, "_text_operators", counted)
    markup = f"<!DOCTYPE html><html lang='en-GB'><head><title>Odd styles</title></head><body>{ODD_BODY}</body></html>"
    pdf_worker._loaded.clear()
    pdf_worker.init(dataclasses.replace(style, css=style.css + ODD_CSS))  # in the print stylesheet: footnotes kept
    try:
        plain, fast = render_both_ways(markup)
        assert plain[1] == 2
        assert plain == fast
        assert True in lines and False in lines, "lines on the short path and lines drawn by WeasyPrint"
        with pdf_fastpaths.installed(False):
            expected = computed_styles(markup)
        with pdf_fastpaths.installed(True):
            assert computed_styles(markup) == expected
    finally:
        pdf_worker._loaded.clear()
        pdf_worker.init(style)


def test_every_property_of_every_box_of_a_form_is_the_same_either_way(example_documents: list[str]) -> None:
    with pdf_fastpaths.installed(False):
        expected = computed_styles(example_documents[0])
    with pdf_fastpaths.installed(True):
        got = computed_styles(example_documents[0])
    assert len(got) > 300
    assert got == expected


def test_a_render_worker_renders_with_the_fast_paths(example_documents: list[str]) -> None:
    pdf_fastpaths.uninstall()
    pdf_worker._loaded.clear()
    pdf_worker.init(style_source(prepare(load_settings(REPO), AS_OF)[0]))
    assert ComputedStyle.__missing__ is pdf_fastpaths._computed_missing
