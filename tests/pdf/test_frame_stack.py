"""A call chain that goes deep and back again and again → under call_with_room, no new memory for its frames."""

from __future__ import annotations

import datetime as dt
import resource
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from decision_press import frame_stack
from decision_press.pipeline import prepare
from decision_press.render import pdf_worker
from decision_press.render.pdf import style_source
from decision_press.render.pdf_html import HtmlBuilder
from decision_press.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)
DEPTH = 600
"""Frames of one descent: about 50 KB of frame stack, so it crosses the edge of a 16 KiB chunk."""
DESCENTS = 2_000


def _down(depth: int) -> int:
    return 0 if depth == 0 else _down(depth - 1) + 1


def _descents() -> int:
    for _ in range(DESCENTS):
        _down(DEPTH)
    return DESCENTS


def _page_faults(run: Callable[[], object]) -> int:
    run()  # warm: the ints and the interpreter's caches are made before counting
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    run()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_the_call_is_made_as_asked() -> None:
    assert frame_stack.call_with_room(sorted, [3, 1, 2], reverse=True) == [3, 2, 1]
    assert frame_stack.call_with_room(_down, DEPTH) == DEPTH


def test_an_exception_comes_through_with_its_traceback() -> None:
    def fail() -> None:
        raise LookupError("inner")

    with pytest.raises(LookupError, match="inner") as caught:
        frame_stack.call_with_room(fail)
    assert caught.traceback[-1].name == "fail"


def test_deep_calls_map_no_new_frame_memory() -> None:
    with_room = _page_faults(lambda: frame_stack.call_with_room(_descents))
    assert with_room < DESCENTS // 20, f"{with_room} page faults for {DESCENTS} descents"
    if sys.version_info < (3, 13):  # the interpreters that unmap a chunk on every return across it
        without = _page_faults(_descents)
        assert without > DESCENTS, f"only {without} page faults without room: the test no longer crosses a chunk"


def test_a_pdf_worker_lays_out_a_form_without_remapping_its_frames() -> None:
    corpus = prepare(load_settings(REPO), AS_OF)[0]
    decision = next(d for d in corpus.decisions if d.record.reference == "PCD 911")
    form = next(page.html for page in HtmlBuilder(corpus).documents(decision))
    pdf_worker.init(style_source(corpus))
    for _ in range(5):  # a fresh worker's heap grows over its first renders: count a worker in its stride
        pdf_worker.render(form)
    with_room = min(_page_faults(lambda: pdf_worker.render(form)) for _ in range(3))
    if sys.version_info < (3, 13):
        without = min(_page_faults(lambda: pdf_worker._render(form, None)) for _ in range(3))
        assert with_room * 2 < without, f"{with_room} page faults with room, {without} without"
    assert with_room < 600, f"{with_room} page faults for one form"
