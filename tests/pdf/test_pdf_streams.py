"""pydyf's streams → pdf_streams' compression level: other bytes, the same objects once decompressed."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pydyf
import pytest
from weasyprint.css import ComputedStyle

from decision_press.pipeline import prepare
from decision_press.render import pdf_fastpaths, pdf_streams, pdf_worker
from decision_press.render.pdf import environment_digest, style_source
from decision_press.render.pdf_html import HtmlBuilder
from decision_press.settings import load_settings

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)
PYDYF_DATA = pydyf.Stream.__dict__["data"] if not pdf_streams.active() else pdf_streams._pydyf_data[0]


@pytest.fixture(autouse=True)
def as_it_was() -> Iterator[None]:
    was = pdf_streams.active()
    yield
    if was:
        pdf_streams.install()
    else:
        pdf_streams.uninstall()


@pytest.fixture(scope="module")
def form() -> str:
    corpus = prepare(load_settings(REPO), AS_OF)[0]
    pdf_worker._loaded.clear()
    pdf_worker.init(style_source(corpus))
    return HtmlBuilder(corpus).documents(corpus.decisions[0])[0].html


def objects(pdf: bytes) -> dict[int, tuple[str, bytes | None]]:
    """Every object of ``pdf`` by number: its value, streams' lengths left out, and for a stream
    its decompressed content; not the cross-reference stream, a table of where objects start."""
    found: dict[int, tuple[str, bytes | None]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for number, item in enumerate(document.objects):
            if isinstance(item, pikepdf.Stream) and item.stream_dict.get("/Type") == "/XRef":
                continue
            if isinstance(item, pikepdf.Stream):
                found[number] = (without_lengths(repr(item.stream_dict)), item.read_bytes())
            else:
                found[number] = (without_lengths(repr(item)), None)
    return found


def without_lengths(text: str) -> str:
    return re.sub(r'"/Length": \d+', "", text)


def test_the_installed_pydyf_writes_streams_as_the_replacement_was_written_for() -> None:
    assert pdf_streams.matches()


def test_a_form_holds_the_same_objects_at_either_level_and_is_barely_larger(form: str) -> None:
    pdf_streams.uninstall()
    at_nine, pages = pdf_worker.render(form)
    assert pdf_streams.install()
    at_six, same_pages = pdf_worker.render(form)
    assert at_six != at_nine
    assert same_pages == pages
    assert objects(at_six) == objects(at_nine)
    assert len(at_nine) < len(at_six) < len(at_nine) * 1.03


def test_a_pydyf_that_writes_streams_otherwise_keeps_its_level(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf_streams.uninstall()
    monkeypatch.setattr(pdf_streams, "PINNED_SHA256", "0" * 64)
    assert not pdf_streams.install()
    assert pydyf.Stream.__dict__["data"] is PYDYF_DATA


def test_the_level_is_part_of_what_the_pdf_cache_keys_on(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = prepare(load_settings(REPO), AS_OF)[0]
    style = style_source(corpus)
    before = environment_digest(corpus, style)
    monkeypatch.setattr(pdf_streams, "LEVEL", 9)
    assert environment_digest(corpus, style) != before


def test_weasyprint_as_released_is_without_every_change_of_the_worker_and_only_in_the_block(form: str) -> None:
    assert pdf_streams.active() and pdf_fastpaths.active()  # the worker of the fixture put them in place
    with pdf_worker.weasyprint_as_released():
        assert pydyf.Stream.__dict__["data"] is PYDYF_DATA
        assert ComputedStyle.__missing__ is not pdf_fastpaths._computed_missing
    assert pdf_streams.active() and pdf_fastpaths.active()
