"""The site folder where the machine gets in the way: a mount point, a full disk, a failing swap.

Uses real mounts (tmpfs and bind mounts), which need root; each test says why when it skips.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cli_process import decision_press as cli
from decision_press.site_folder import mark_site
from decision_press.site_swap import _swap_entries, _two_renames, is_mount_point, swap_in

AS_OF = "2026-11-26"


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        # Pagefind writes the same index under names and bytes that differ from one indexing
        # to the next; tests/web/test_search.py reads the index back instead.
        if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")
    }


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def mount() -> Iterator[Callable[..., Path]]:
    """``mount(folder, *options)``: mount there, or skip saying why; unmounted afterwards."""
    mounted: list[Path] = []

    def _mount(folder: Path, *options: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["mount", *options, str(folder)], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            pytest.skip(f"mounting is not permitted here ({result.stderr.strip() or result.returncode})")
        mounted.append(folder)
        return folder

    if shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")
    yield _mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    project = make_project(tmp_path_factory.mktemp("faults") / "project")
    result = cli(project, "build", "--as-of", AS_OF)  # fills the caches: later builds take a second or two
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.slow
def test_a_bind_mounted_site_folder_is_rebuilt_in_place(
    project: Path, tmp_path: Path, mount: Callable[..., Path]
) -> None:
    volume = mount(tmp_path / "site", "--bind", str(_folder(tmp_path / "volume")))
    assert is_mount_point(volume)
    for _ in range(2):  # the first fills the empty volume, the second replaces a site in it
        result = cli(project, "build", "--as-of", AS_OF, "--site-dir", str(volume))
        assert result.returncode == 0, result.stderr
        assert tree(volume) == tree(project / "site")
    leftovers = (".decision-press-staging", ".decision-press-old")
    assert not [p.name for p in volume.iterdir() if p.name.startswith(leftovers)]
    assert is_mount_point(volume)


@pytest.mark.slow
def test_a_tmpfs_volume_as_the_site_folder_keeps_its_old_site_when_the_build_fails(
    project: Path, tmp_path: Path, mount: Callable[..., Path]
) -> None:
    volume = mount(tmp_path / "site", "-t", "tmpfs", "-o", "size=32m", "tmpfs")
    assert cli(project, "build", "--as-of", AS_OF, "--site-dir", str(volume)).returncode == 0
    (volume / "stale.html").write_text("from an older build\n", encoding="utf-8")
    before = tree(volume)
    records = project / "data" / "decisions.yaml"
    original = records.read_text(encoding="utf-8")
    try:
        records.write_text(original.replace("status: published", "status: publishd", 1), encoding="utf-8")
        failed = cli(project, "build", "--as-of", AS_OF, "--site-dir", str(volume))
    finally:
        records.write_text(original, encoding="utf-8")
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert tree(volume) == before
    assert cli(project, "build", "--as-of", AS_OF, "--site-dir", str(volume)).returncode == 0
    assert not (volume / "stale.html").exists()


@pytest.mark.slow
@pytest.mark.parametrize("where", ["inside", "is"])
def test_a_full_disk_leaves_the_old_site_untouched(
    project: Path, tmp_path: Path, mount: Callable[..., Path], where: str
) -> None:
    # Room for one site and a little more, not for the second copy a build writes beside it.
    room = size_of(project / "site") * 3 // 2
    disk = mount(tmp_path / "disk", "-t", "tmpfs", "-o", f"size={room}", "tmpfs")
    site = disk / "site" if where == "inside" else disk
    first = cli(project, "build", "--as-of", AS_OF, "--site-dir", str(site))
    assert first.returncode == 0, first.stderr
    before, entries = tree(site), {p.name for p in site.iterdir()}
    full = cli(project, "build", "--as-of", AS_OF, "--site-dir", str(site))
    assert full.returncode == 1
    assert "Traceback" not in full.stderr
    assert f"no space left on the device while writing the new site for {site}" in full.stderr
    assert f"the previous site in {site} is untouched" in full.stderr and "Free some space" in full.stderr
    assert tree(site) == before
    # No staging folder is left behind, beside the site or inside it.
    left = {p.name for p in disk.iterdir()}
    assert left == ({"site"} if where == "inside" else entries)


@pytest.mark.slow
def test_a_two_megabyte_disk_cannot_take_a_site_and_says_so(
    project: Path, tmp_path: Path, mount: Callable[..., Path]
) -> None:
    disk = mount(tmp_path / "disk", "-t", "tmpfs", "-o", "size=2m", "tmpfs")
    old = disk / "site"
    mark_site(old)
    (old / "index.html").write_text("<p>the old site</p>\n", encoding="utf-8")
    before = tree(old)
    result = cli(project, "build", "--as-of", AS_OF, "--site-dir", str(old))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"no space left on the device while writing the new site for {old}" in result.stderr
    assert tree(old) == before
    assert [p.name for p in disk.iterdir()] == ["site"]


def test_a_failing_step_of_an_entry_swap_puts_every_old_entry_back(tmp_path: Path, mount: Callable[..., Path]) -> None:
    live = _folder(tmp_path / "live")
    mark_site(live)
    (live / "index.html").write_text("old index\n", encoding="utf-8")
    (live / "a").mkdir()
    (live / "a" / "page.html").write_text("old page\n", encoding="utf-8")
    # An old entry that cannot be moved (a mount point: EBUSY) makes the last step fail.
    mount(_folder(live / "zz-busy"), "-t", "tmpfs", "-o", "size=1m", "tmpfs")
    before = tree(live)
    new = _folder(live / ".decision-press-staging-test")
    mark_site(new)
    (new / "index.html").write_text("new index\n", encoding="utf-8")
    (new / "b").mkdir()
    with pytest.raises(OSError, match="busy"):
        _swap_entries(new, live)
    assert tree(live) == {**before, **_prefixed(tree(new), new.name)}  # new is still inside, untouched
    assert (new / "index.html").read_text(encoding="utf-8") == "new index\n"
    assert {p.name for p in live.iterdir() if not p.name.startswith(".decision-press-staging")} == {
        ".decision-press-site",
        "index.html",
        "a",
        "zz-busy",
    }
    assert (live / "index.html").read_text(encoding="utf-8") == "old index\n"


def test_the_two_rename_fallback_puts_the_old_site_back_when_the_new_cannot_go_in(tmp_path: Path) -> None:
    site = _folder(tmp_path / "site")
    (site / "index.html").write_text("old\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        _two_renames(tmp_path / ".site-staging-gone", site)  # a staging folder that vanished
    assert (site / "index.html").read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_staging_folder_on_another_file_system_is_copied_into_the_site(
    tmp_path: Path, mount: Callable[..., Path]
) -> None:
    site = mount(tmp_path / "site", "-t", "tmpfs", "-o", "size=4m", "tmpfs")
    (site / "old.html").write_text("old\n", encoding="utf-8")
    staging = _folder(tmp_path / ".site-staging-x")
    (staging / "index.html").write_text("new\n", encoding="utf-8")
    swap_in(staging, site)  # renameat2 gives EBUSY: the entries are swapped inside
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert is_mount_point(site)


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _prefixed(files: dict[str, str], prefix: str) -> dict[str, str]:
    return {f"{prefix}/{name}": digest for name, digest in files.items()}
