"""The content-hash cache: nothing changed → nothing rendered; one record edited → only its PDFs."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from conftest import site_template
from decision_press.errors import BuildFailed
from decision_press.render.outputs import RenderedDocument, count_rendered
from decision_press.render.pdf import render_all

from .conftest import corpus_of


def digests(documents: dict[tuple[str, str], RenderedDocument]) -> dict[tuple[str, str], str]:
    return {key: hashlib.sha256(doc.path.read_bytes()).hexdigest() for key, doc in documents.items()}


def add_second_decision(project: Path) -> str:
    """A second record (PCD 912, a copy of PCD 911 without its appendix); returns its file."""
    text = (project / "data/decisions.yaml").read_text(encoding="utf-8")
    text = text.replace("reference: PCD 911", "reference: PCD 912")
    text = text[: text.index("  appendices:")]
    (project / "data/decisions/second.yaml").write_text(text, encoding="utf-8")
    return "data/decisions/second.yaml"


def generated(documents: dict[tuple[str, str], RenderedDocument]) -> list[RenderedDocument]:
    """The documents rendered from the record (not the signed copy or attachments, shipped as they are)."""
    return [doc for doc in documents.values() if doc.document.kind in ("form", "appendix")]


def test_unchanged_input_renders_nothing_and_an_edit_renders_only_its_decision(project: Path) -> None:
    files = ("data/decisions.yaml", add_second_decision(project))
    cache = project.parent / "cache"
    messages: list[str] = []

    first = render_all(corpus_of(project, *files), cache, messages.append)
    assert sorted(first) == [
        ("pcd-911", "mps-report-grant-funding-for-piloting-an-enhanced-multi-agency-response-to-drug-trafficking.pdf"),
        ("pcd-911", "pcd-911-signed.pdf"),  # shipped as it is, never rendered
        ("pcd-911", "pcd-911.pdf"),
        ("pcd-912", "pcd-912.pdf"),
    ]
    assert all(doc.rendered for doc in generated(first))
    assert messages == ["PDF 1/4", "PDF 2/4", "PDF 3/4", "PDF 4/4"]
    before = digests(first)
    stamps = {key: doc.path.stat().st_mtime_ns for key, doc in first.items()}

    second = render_all(corpus_of(project, *files), cache)
    assert count_rendered(first) == (3, 1)
    assert count_rendered(second) == (0, 4)
    assert digests(second) == before
    assert {key: doc.path.stat().st_mtime_ns for key, doc in second.items()} == stamps
    assert {key: doc.pages for key, doc in second.items()} == {key: doc.pages for key, doc in first.items()}

    edited = project / files[1]
    edited.write_text(
        edited.read_text(encoding="utf-8").replace(
            "The proposal is for the acceptance", "The proposal, as amended, is for the acceptance"
        ),
        encoding="utf-8",
    )
    third = render_all(corpus_of(project, *files), cache)
    assert {key for key, doc in third.items() if doc.rendered} == {("pcd-912", "pcd-912.pdf")}
    assert digests(third)[("pcd-912", "pcd-912.pdf")] != before[("pcd-912", "pcd-912.pdf")]


def test_output_is_byte_identical_between_renders(project: Path) -> None:
    """Two renders into two empty caches, one in a pool and one in-process, give the same bytes.

    A thread is kept alive during the pooled render, as ``mkdocs serve`` does: the pool then
    starts its workers from a fork server (the session fixture covers plain fork).
    """
    corpus = corpus_of(project)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pooled = render_all(corpus, project.parent / "cache-a", workers=2)
    finally:
        stop.set()
        thread.join()
    in_process = render_all(corpus, project.parent / "cache-b", workers=1)
    assert digests(pooled) == digests(in_process)
    assert all(doc.rendered for doc in generated(in_process))


def test_a_changed_stylesheet_renders_again(project: Path) -> None:
    cache = project.parent / "cache"
    render_all(corpus_of(project), cache, workers=1)
    css = site_template(project, "pdf/print.css")
    css.write_text(css.read_text(encoding="utf-8") + "\nh1 { color: #000; }\n", encoding="utf-8")
    again = render_all(corpus_of(project), cache, workers=1)
    assert all(doc.rendered for doc in generated(again))


def test_a_changed_template_renders_again_though_no_record_changed(project: Path) -> None:
    cache = project.parent / "cache"
    render_all(corpus_of(project), cache, workers=1)
    assert list((cache / "records").glob("*.json"))  # unchanged records skip making their HTML
    form = site_template(project, "pdf/form.html.j2")
    form.write_text(form.read_text(encoding="utf-8").replace("</h1>", " (revised)</h1>", 1), encoding="utf-8")
    again = render_all(corpus_of(project), cache, workers=1)
    forms = [doc for doc in again.values() if doc.document.kind == "form"]
    assert forms
    assert all(doc.rendered for doc in forms)
    assert not any(doc.rendered for doc in again.values() if doc.document.kind == "attachment")


def test_attachments_are_copied_byte_for_byte(project: Path) -> None:
    records = project / "data/decisions/attached.yaml"
    text = (project / "data/decisions.yaml").read_text(encoding="utf-8")
    text = text[: text.index("  appendices:")] + (
        "  attachments:\n    - title: Site plan\n      file: data/attachments/pcd-1040-site-plan.pdf\n"
    )
    records.write_text(text, encoding="utf-8")
    documents = render_all(corpus_of(project, "data/decisions/attached.yaml"), project.parent / "c", workers=1)
    attached = documents[("pcd-911", "site-plan.pdf")]
    assert attached.path.read_bytes() == (project / "data/attachments/pcd-1040-site-plan.pdf").read_bytes()
    assert not attached.rendered and attached.pages >= 1

    # The validator refuses such a file too; the renderer checks again at copy time.
    corpus = corpus_of(project, "data/decisions/attached.yaml")
    (project / "data/attachments/pcd-1040-site-plan.pdf").write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(BuildFailed, match="not a PDF"):
        render_all(corpus, project.parent / "c", workers=1)


def test_progress_moves_while_later_decisions_are_still_being_prepared(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a cold build the HTML of later decisions is made while the pool renders earlier ones
    (the queue holds a few documents a worker), so each stored PDF must move the progress at
    once, not only when the last decision has been prepared."""
    from decision_press.render import pdf
    from decision_press.render.pdf_html import HtmlBuilder

    base = add_second_decision(project)
    text = (project / base).read_text(encoding="utf-8")
    copies = 2 * pdf.IN_FLIGHT_PER_WORKER + 4  # more than two workers hold at once
    files = ["data/decisions.yaml", base]
    for n in range(copies):
        name = f"data/decisions/copy-{n}.yaml"
        (project / name).write_text(text.replace("reference: PCD 912", f"reference: PCD {1000 + n}"), encoding="utf-8")
        files.append(name)
    events: list[str] = []
    documents = HtmlBuilder.documents

    def noted(builder: HtmlBuilder, decision: object, **kwargs: bool) -> object:
        events.append("html")
        return documents(builder, decision, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(HtmlBuilder, "documents", noted)
    rendered = render_all(corpus_of(project, *files), project.parent / "cache", events.append, workers=2)

    progress = [event for event in events if event != "html"]
    total = len(rendered)
    assert progress == [f"PDF {n}/{total}" for n in range(1, total + 1)]  # each document once, in order
    first_progress = events.index(progress[0])
    assert first_progress < len(events) - 1 - events[::-1].index("html"), (
        "no progress was shown until every decision's HTML was made"
    )
