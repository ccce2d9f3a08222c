"""Import fixtures: an archive project with no records yet, the page texts, and the comparison
of a page's sentences (with their hand numbers) against what a built page or PDF says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from decision_press.cli import main

REPO = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).resolve().parent / "pages"
SEED = PAGES / "pcd-911.txt"
SAMPLE_PDF = REPO / "data" / "attachments" / "pcd-1040-site-plan.pdf"
"""A real PDF, put wherever an imported record names one of its documents."""

_BLOCK_HEADINGS = {"key information", "executive summary", "recommendation", "recommendations"}
_LABEL = re.compile(r"^(reference code|date signed|date published|decision by|authorisation name)\s*:", re.I)
_NUMBER = re.compile(r"^(?:(\d+(?:\.\d+)*)\.?\s+|\(([a-z])\)\s*|•\s*)")


def emptied(project: Path) -> Path:
    """``project`` with every record removed: a body about to import its archive.

    Its published-state lock goes too: a body that has not published with Decision Press yet
    has none, and the lock would rightly refuse the example's decisions leaving the records.
    """
    (project / "data" / "decisions.yaml").unlink()
    (project / "data" / "published.lock").unlink()
    for path in (project / "data" / "decisions").glob("*.yaml"):
        path.unlink()
    return project


@pytest.fixture
def archive(project: Path) -> Path:
    """The example project with every record removed (see :func:`emptied`)."""
    return emptied(project)


def run(project: Path, *args: str) -> tuple[int, str]:
    """The command line in ``project``: exit status and everything it printed."""
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.output


def write_metadata(project: Path, *rows: str) -> Path:
    path = project / "metadata.csv"
    path.write_text("reference,signed,published,decision_maker,topics\n" + "".join(f"{r}\n" for r in rows))
    return path


def place_documents(project: Path) -> list[str]:
    """Put a real PDF at every attachment path an imported record names; return the paths."""
    placed = []
    for record_file in (project / "data" / "decisions").glob("*.yaml"):
        for record in yaml.safe_load(record_file.read_text(encoding="utf-8")):
            for attachment in record.get("attachments", []):
                shutil.copy2(SAMPLE_PDF, project / attachment["file"])
                placed.append(attachment["file"])
    return placed


def page_sentences(text: str) -> list[tuple[str, str]]:
    """The body lines of a page as (hand number, text): '1.1' for '1.1. Text', 'a' for '(a) Text'.

    Headings the outputs print from their own templates ("Key information", the facts and
    advice heading, "Signed decision document"), key information labels and the reference
    line after the signed document are left out: the tests check those separately.
    """
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    signed = next(i for i, line in enumerate(lines) if line.lower() == "signed decision document")
    found = []
    for line in lines[:signed]:
        if line.lower() in _BLOCK_HEADINGS or _LABEL.match(line) or "facts and advice" in line.lower():
            continue
        match = _NUMBER.match(line)
        label = (match.group(1) or match.group(2) or "") if match else ""
        found.append((label, line[match.end() :] if match else line))
    return found


def normalised(text: str) -> str:
    """Whitespace as single spaces, and a word broken after its own hyphen joined again."""
    return re.sub(r"(?<=\w)-\s+(?=\w)", "-", " ".join(text.split()))


def assert_in_order(document: str, expected: list[tuple[str, str]], what: str) -> None:
    """Every text appears in ``document`` after the one before, preceded by its hand number."""
    document = normalised(document)
    position = 0
    for label, text in expected:
        wanted = normalised(text)
        at = document.find(wanted, position)
        assert at >= 0, f"{what}: not found after position {position}: {wanted!r}"
        if label:
            before = document[max(0, at - 16) : at]
            assert re.search(rf"(?:^|[\s(]){re.escape(label)}[.)]?\s*$", before), (
                f"{what}: {wanted[:40]!r} is not numbered {label!r} (preceded by {before!r})"
            )
        position = at + len(wanted)
