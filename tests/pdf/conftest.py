"""PDF fixtures: PCD 911's corpus, and its two PDFs rendered once for every reading test."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from decision_press.corpus import Corpus, PublicDecision
from decision_press.pipeline import prepare
from decision_press.render.outputs import RenderedDocument
from decision_press.render.pdf import render_all
from decision_press.settings import load_settings

AS_OF = dt.date(2026, 11, 26)
REPO = Path(__file__).resolve().parents[2]
FORM = "pcd-911.pdf"
REPORT = "mps-report-grant-funding-for-piloting-an-enhanced-multi-agency-response-to-drug-trafficking.pdf"


def corpus_of(project: Path, *files: str, as_of: dt.date = AS_OF) -> Corpus:
    """The corpus of only the given record files (default: data/decisions.yaml, i.e. PCD 911)."""
    paths = [project / f for f in (files or ("data/decisions.yaml",))]
    corpus, _, _ = prepare(load_settings(project), as_of, paths)
    return corpus


def squash(text: str) -> str:
    """Text reduced for comparison: no whitespace, no hyphens (line-end hyphenation), lower case."""
    return re.sub(r"[\s\-\u00ad]+", "", text).lower()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def assert_in_order(haystack: str, needles: list[str]) -> None:
    """Each needle occurs in ``haystack`` after the previous one (both squashed)."""
    text, position = squash(haystack), 0
    for needle in needles:
        found = text.find(squash(needle), position)
        assert found >= 0, f"not found in order after position {position}: {needle!r}"
        position = found + len(squash(needle))


@dataclass(frozen=True)
class Rendered911:
    project: Path
    decision: PublicDecision
    documents: dict[tuple[str, str], RenderedDocument]

    def path(self, filename: str) -> Path:
        return self.documents[("pcd-911", filename)].path

    def text(self, filename: str) -> str:
        return pdf_text(self.path(filename))

    def open(self, filename: str) -> pikepdf.Pdf:
        return pikepdf.open(self.path(filename))


@pytest.fixture(scope="session")
def rendered_911(tmp_path_factory: pytest.TempPathFactory) -> Rendered911:
    """PCD 911's form and MPS report, rendered once (through the pool) for the reading tests."""
    project = tmp_path_factory.mktemp("pdf") / "project"
    for part in ("decision-press.yml", "data", "assets"):
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            project.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / part)
    corpus = corpus_of(project)
    documents = render_all(corpus, project.parent / "cache")
    decision = corpus.get("PCD 911")
    assert decision is not None
    return Rendered911(project, decision, documents)


def structure(node: object) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under ``node``, depth first, in reading order."""
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            yield node
        if "/K" in node:
            yield from structure(node.K)
    elif isinstance(node, pikepdf.Array):
        for child in node:
            yield from structure(child)
