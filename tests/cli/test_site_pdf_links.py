"""A built site's PDFs and search bundle → second links to the cache's files where the file system
allows, copies elsewhere."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_process import decision_press
from decision_press.caching import publish_cache_file, write_atomic

pytestmark = pytest.mark.slow

AS_OF = "2026-11-26"
OTHER_DEVICE = Path("/dev/shm")
"""A memory file system: another device than the project's on any Linux machine with one."""


def build(project: Path) -> None:
    result = decision_press(project, "build", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr


def skip_unless_another_device(folder: Path) -> None:
    if not OTHER_DEVICE.is_dir() or OTHER_DEVICE.stat().st_dev == folder.stat().st_dev:
        pytest.skip(f"{OTHER_DEVICE} is not another device here")


def cache_pdfs(cache: Path) -> dict[tuple[int, int], Path]:
    return {(p.stat().st_dev, p.stat().st_ino): p for p in cache.glob("*.pdf")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = make_project(tmp_path_factory.mktemp("links") / "project")
    build(project)
    return project


def test_every_pdf_of_the_site_is_the_cache_file_itself(built: Path) -> None:
    cached = cache_pdfs(built / ".cache/decision-press/pdf")
    published = sorted((built / "site").rglob("*.pdf"))
    assert len(published) >= 4  # the form, the report, the signed copy, an annex...
    for pdf in published:
        info = pdf.stat()
        assert (info.st_dev, info.st_ino) in cached, f"{pdf} is a copy, not the cache's file"
        assert info.st_nlink >= 2


def test_the_search_bundle_is_the_cache_entry_itself_and_outlives_it(built: Path, tmp_path: Path) -> None:
    entries = [folder for folder in (built / ".cache/decision-press/search").iterdir() if folder.is_dir()]
    cached = {(p.stat().st_dev, p.stat().st_ino) for entry in entries for p in entry.rglob("*") if p.is_file()}
    bundle = [p for p in (built / "site/pagefind").rglob("*") if p.is_file()]
    assert any(p.name == "pagefind.js" for p in bundle)
    for file in bundle:
        info = file.stat()
        assert (info.st_dev, info.st_ino) in cached, f"{file} is a copy, not the cache's file"
    # The cache forgets an entry by removing it: the site keeps its files.
    copy = tmp_path / "project"
    shutil.copytree(built, copy, copy_function=os.link)
    before = {p: p.read_bytes() for p in (copy / "site/pagefind").rglob("*") if p.is_file()}
    shutil.rmtree(copy / ".cache/decision-press/search")
    assert {p: p.read_bytes() for p in (copy / "site/pagefind").rglob("*") if p.is_file()} == before


def test_a_cache_file_replaced_later_leaves_the_published_pdf_as_it_was(built: Path) -> None:
    published = sorted((built / "site").rglob("*.pdf"))[0]
    before = published.read_bytes()
    info = published.stat()
    cached = cache_pdfs(built / ".cache/decision-press/pdf")[(info.st_dev, info.st_ino)]
    write_atomic(cached, b"%PDF-1.7 another render")  # how the cache ever writes a file
    assert published.read_bytes() == before
    assert cached.read_bytes() != before


def test_the_site_is_copied_when_the_cache_is_on_another_device(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    skip_unless_another_device(tmp_path)
    project = make_project(tmp_path / "project")
    cache = OTHER_DEVICE / f"decision-press-test-{uuid.uuid4().hex}"
    try:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "pdf_cache: .cache/decision-press/pdf" in text
        config.write_text(text.replace("pdf_cache: .cache/decision-press/pdf", f"pdf_cache: {cache}/pdf"))
        build(project)
        published = sorted((project / "site").rglob("*.pdf"))
        assert published
        copies = {p.read_bytes() for p in cache.joinpath("pdf").glob("*.pdf")}
        for pdf in published:
            assert pdf.stat().st_nlink == 1
            assert pdf.read_bytes() in copies
        bundle = [p for p in (project / "site/pagefind").rglob("*") if p.is_file()]
        assert bundle and all(p.stat().st_nlink == 1 for p in bundle)  # the search cache is on /dev/shm too
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def test_publishing_across_devices_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    skip_unless_another_device(tmp_path)
    source = OTHER_DEVICE / f"decision-press-test-{uuid.uuid4().hex}.pdf"
    source.write_bytes(b"%PDF-1.7")
    try:
        dest = tmp_path / "site" / "a.pdf"
        assert publish_cache_file(str(source), str(dest)) is False
        assert os.listdir(dest.parent) == []
    finally:
        source.unlink()


def test_publishing_replaces_an_older_copy_in_one_step(tmp_path: Path) -> None:
    source, dest = tmp_path / "cache.pdf", tmp_path / "site" / "a.pdf"
    source.write_bytes(b"%PDF-1.7 new")
    dest.parent.mkdir()
    dest.write_bytes(b"%PDF-1.7 old")
    assert publish_cache_file(str(source), str(dest)) is True
    assert dest.read_bytes() == b"%PDF-1.7 new"
    assert dest.samefile(source)
    assert os.listdir(dest.parent) == ["a.pdf"]
