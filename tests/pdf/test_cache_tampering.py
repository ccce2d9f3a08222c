"""A damaged or edited cache is never published: each case is rendered again, or refused clearly.

Every test starts from a copy of one project built once (so its cache is warm), damages the
cache the way a crashed disk, a careless copy or a person would, builds again for real with
``decision-press build``, and reads the published files back: each PDF must be the one a
fresh render gives (the same bytes, the right reference in its text), each page its own.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow

AS_OF = "2026-11-26"
FORM_911 = "decisions/pcd-911/pcd-911.pdf"
CACHE = Path(".cache/decision-press/pdf")
PAGES = Path(".cache/decision-press/pages")


def build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decision_press", "--project", str(project), "build", "--as-of", AS_OF, *args],
        capture_output=True,
        text=True,
        check=False,
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rendered_count(result: subprocess.CompletedProcess[str]) -> int:
    found = re.search(r"PDFs: (\d+) rendered", result.stderr + result.stdout)
    assert found, result.stderr
    return int(found[1])


def published_pdfs(project: Path) -> dict[str, str]:
    site = project / "site"
    return {p.relative_to(site).as_posix(): sha(p) for p in sorted(site.rglob("*.pdf"))}


def key_of(project: Path, site_path: str) -> str:
    """The cache key whose PDF is the published ``site_path``."""
    wanted = sha(project / "site" / site_path)
    return next(p.stem for p in (project / CACHE).glob("*.pdf") if sha(p) == wanted)


def index_of(project: Path, key: str) -> Path:
    """The record index that lists the PDF ``key``."""
    return next(p for p in (project / CACHE / "records").glob("*.json") if key in p.read_text("utf-8"))


def first_text(path: Path) -> str:
    return PdfReader(path).pages[0].extract_text() or ""


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    """Where every test of this module (in this process) finds its project, built once.

    A page's cache key covers its record file's path, so each test's copy sits at this one
    path; :func:`warm` keeps the built project pristine to restore it from.
    """
    project = make_project(tmp_path_factory.mktemp("tampered") / "project")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def warm(place: Path) -> Path:
    pristine = place.with_name("pristine")
    shutil.copytree(place, pristine, symlinks=True)
    return pristine


@pytest.fixture(scope="module")
def fresh(warm: Path) -> dict[str, str]:
    """The digest of every PDF a fresh render publishes (rendering is byte-identical)."""
    return published_pdfs(warm)


@pytest.fixture
def copy(warm: Path, place: Path) -> Path:
    """The built project, its site and cache included, restored for this test to damage."""
    shutil.rmtree(place)
    shutil.copytree(warm, place, symlinks=True)
    return place


def assert_published_fresh(
    project: Path, result: subprocess.CompletedProcess[str], fresh: dict[str, str], rendered: int
) -> None:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert published_pdfs(project) == fresh
    assert rendered_count(result) == rendered
    assert "PCD 911" in first_text(project / "site" / FORM_911)


def test_nothing_changed_renders_nothing(copy: Path, fresh: dict[str, str]) -> None:
    assert_published_fresh(copy, build(copy), fresh, rendered=0)


def test_a_truncated_pdf_is_rendered_again(copy: Path, fresh: dict[str, str]) -> None:
    pdf = copy / CACHE / f"{key_of(copy, FORM_911)}.pdf"
    pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
    assert_published_fresh(copy, build(copy), fresh, rendered=1)


@pytest.mark.parametrize("entry", [".pdf", ".json"])
def test_a_link_in_place_of_a_cached_file_is_not_followed(copy: Path, fresh: dict[str, str], entry: str) -> None:
    # Even to the very bytes it replaced: a link can be pointed anywhere later.
    cached = copy / CACHE / f"{key_of(copy, FORM_911)}{entry}"
    outside = copy.parent / f"outside{entry}"
    shutil.copyfile(cached, outside)
    cached.unlink()
    cached.symlink_to(outside)
    assert_published_fresh(copy, build(copy), fresh, rendered=1)
    assert not cached.is_symlink()


def test_another_decisions_pdf_under_the_key_is_rendered_again(copy: Path, fresh: dict[str, str]) -> None:
    mine, theirs = key_of(copy, FORM_911), key_of(copy, "decisions/pcd-948/pcd-948.pdf")
    a, b = copy / CACHE / f"{mine}.pdf", copy / CACHE / f"{theirs}.pdf"
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)
    assert_published_fresh(copy, build(copy), fresh, rendered=2)


def test_another_decisions_whole_entry_under_the_key_is_rendered_again(copy: Path, fresh: dict[str, str]) -> None:
    """The PDF and its facts copied together: the facts name the other key."""
    mine, theirs = key_of(copy, FORM_911), key_of(copy, "decisions/pcd-948/pcd-948.pdf")
    for suffix in (".pdf", ".json"):
        shutil.copyfile(copy / CACHE / f"{theirs}{suffix}", copy / CACHE / f"{mine}{suffix}")
    assert_published_fresh(copy, build(copy), fresh, rendered=1)


@pytest.mark.parametrize("where", ["relative", "absolute"])
def test_an_index_pointing_out_of_the_cache_is_not_followed(copy: Path, fresh: dict[str, str], where: str) -> None:
    """The index names another decision's PDF (with valid facts) outside the cache folder."""
    mine, theirs = key_of(copy, FORM_911), key_of(copy, "decisions/pcd-948/pcd-948.pdf")
    outside = copy / "outside"
    outside.mkdir()
    for suffix in (".pdf", ".json"):
        shutil.copyfile(copy / CACHE / f"{theirs}{suffix}", outside / f"planted{suffix}")
    index = index_of(copy, mine)
    name = "../../../../outside/planted" if where == "relative" else str(outside / "planted")
    index.write_text(index.read_text("utf-8").replace(mine, name), "utf-8")
    facts = outside / "planted.json"
    facts.write_text(facts.read_text("utf-8").replace(theirs, name), "utf-8")
    # The form's own entry stays intact: remaking the index finds it, so nothing is rendered.
    assert_published_fresh(copy, build(copy), fresh, rendered=0)
    assert json.loads(index.read_text("utf-8"))["documents"]["pcd-911.pdf"] == mine


@pytest.mark.parametrize(
    "malformed",
    ["{not json", "null", "[]", '{"key": "KEY", "documents": 5}', '{"key": "KEY", "documents": {"pcd-911.pdf": null}}'],
)
def test_a_malformed_index_is_remade(copy: Path, fresh: dict[str, str], malformed: str) -> None:
    index = index_of(copy, key_of(copy, FORM_911))
    index.write_text(malformed.replace("KEY", index.stem), "utf-8")
    assert_published_fresh(copy, build(copy), fresh, rendered=0)
    assert json.loads(index.read_text("utf-8"))["key"] == index.stem


@pytest.mark.parametrize("malformed", ['{"pages": "x"}', '{"key": "KEY", "pages": true}', "[1]", "\u00ff"])
def test_malformed_facts_of_a_pdf_are_rendered_again(copy: Path, fresh: dict[str, str], malformed: str) -> None:
    key = key_of(copy, FORM_911)
    (copy / CACHE / f"{key}.json").write_text(malformed.replace("KEY", key), "latin-1")
    assert_published_fresh(copy, build(copy), fresh, rendered=1)


def test_an_edited_cached_page_is_rendered_again(copy: Path, fresh: dict[str, str]) -> None:
    page = copy / "site" / "decisions" / "pcd-911" / "index.html"
    before = page.read_text("utf-8")
    edited = 0
    for entry in (copy / PAGES).glob("*.json"):
        text = entry.read_text("utf-8")
        if "decisions/pcd-911/index.md" in text:
            entry.write_text(text.replace("Drug Trafficking", "Planted Words"), "utf-8")
            edited += 1
    assert edited == 1
    result = build(copy)
    assert_published_fresh(copy, result, fresh, rendered=0)
    assert "Planted Words" not in page.read_text("utf-8")
    assert page.read_text("utf-8") == before


def test_a_cached_page_renamed_to_another_key_is_rendered_again(copy: Path, fresh: dict[str, str]) -> None:
    entries = sorted((copy / PAGES).glob("*.json"))
    target = next(e for e in entries if "decisions/pcd-911/index.md" in e.read_text("utf-8"))
    other = next(e for e in entries if "decisions/pcd-948/index.md" in e.read_text("utf-8"))
    shutil.copyfile(other, target)
    result = build(copy)
    assert_published_fresh(copy, result, fresh, rendered=0)
    assert "PCD 911" in (copy / "site" / "decisions" / "pcd-911" / "index.html").read_text("utf-8")


def test_a_missing_cache_folder_is_made(copy: Path, fresh: dict[str, str]) -> None:
    shutil.rmtree(copy / ".cache")
    # Two are shipped as they are: an attachment and the signed copy of PCD 911; and the copies
    # at CEOD 35-2022's former address are the same files again.
    former = [path for path in fresh if "/ceod-35/" in f"/{path}"]
    assert former
    assert_published_fresh(copy, build(copy), fresh, rendered=len(fresh) - 2 - len(former))


def set_cache(project: Path, folder: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("pdf_cache: .cache/decision-press/pdf", f"pdf_cache: {folder}"), "utf-8"
    )


def assert_refused(
    project: Path, result: subprocess.CompletedProcess[str], site_before: dict[str, str], *words: str
) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "pdf_cache" in result.stderr and "mkdocs.yml" in result.stderr
    for word in words:
        assert word in result.stderr
    assert published_pdfs(project) == site_before


def test_a_cache_path_that_is_a_file_is_refused(copy: Path, fresh: dict[str, str]) -> None:
    (copy / "cache-file").write_text("not a folder", "utf-8")
    set_cache(copy, "cache-file")
    result = build(copy)
    assert_refused(copy, result, fresh, str(copy / "cache-file"), "not a folder")


@pytest.mark.parametrize("folder", ["docs/pdf-cache", "site/pdf-cache"])
def test_a_cache_inside_a_published_folder_is_refused(copy: Path, fresh: dict[str, str], folder: str) -> None:
    set_cache(copy, folder)
    result = build(copy)
    assert_refused(copy, result, fresh, "published")
    assert not (copy / folder).exists()


def mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    return (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, check=False
        ).returncode
        == 0
    )


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    mounted: list[Path] = []
    yield mounted
    for folder in reversed(mounted):
        subprocess.run(["umount", str(folder)], check=False)


def test_a_read_only_cache_is_refused(copy: Path, fresh: dict[str, str], mounts: list[Path]) -> None:
    folder = copy / "ro-cache"
    if not mount_tmpfs(folder, "ro,size=1m"):
        pytest.skip("cannot mount a read-only tmpfs here")
    mounts.append(folder)
    set_cache(copy, "ro-cache/pdf")
    result = build(copy)
    assert_refused(copy, result, fresh, str(folder / "pdf"), "read-only")


def test_a_full_disk_while_writing_the_cache_names_the_file(
    copy: Path, fresh: dict[str, str], mounts: list[Path]
) -> None:
    folder = copy / "small-cache"
    if not mount_tmpfs(folder, "size=64k"):
        pytest.skip("cannot mount a small tmpfs here")
    mounts.append(folder)
    set_cache(copy, "small-cache/pdf")
    result = build(copy)
    assert_refused(copy, result, fresh, str(folder / "pdf"), "the disk is full")
    assert not [p for p in folder.rglob("*.tmp")], "a temporary file was left behind"
