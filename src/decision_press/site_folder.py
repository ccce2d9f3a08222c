"""An output folder asked for → allowed or refused; a folder a build writes → marked as a site.

A build replaces the whole of its output folder, so ``--site-dir data`` (or ``docs``, ``.git``,
a folder of someone's own files) would delete it. A build therefore only ever replaces

- a folder that does not exist yet, or an empty one, or
- a folder that a Decision Press build made: it holds the marker file :data:`MARKER` at its
  root, written into every site as it is built.

and never the project's own folders, the project itself or a folder that contains it, marked
or not. The marker is part of the published site on purpose: it holds only the line in
:data:`MARKER_TEXT`, nothing from the records, and a copy of the site (a web server's folder,
a Docker volume) stays recognisable as replaceable.

A preview (``decision-press build --preview DIR``, with drafts and embargoed decisions) is
marked differently (:data:`PREVIEW_MARKER_TEXT`): a public build never replaces a preview, a
preview never replaces a public site, and a preview is never written into the configured
public site folder (:func:`refuse_preview_into_public`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from decision_press.errors import BuildFailed, display_path

MARKER = ".decision-press-site"
"""File at the root of every built site; hidden, so MkDocs' clean step keeps it too."""
MARKER_FORMAT = 1
MARKER_TEXT = (
    f"Decision Press site, format {MARKER_FORMAT}\n"
    "Made by a Decision Press build; the next build replaces this whole folder.\n"
)
_MARKER_PREFIX = b"Decision Press site, format "
PREVIEW_MARKER_TEXT = (
    f"Decision Press preview, format {MARKER_FORMAT}\n"
    "A review build with drafts and embargoed decisions: never publish this folder.\n"
)
_PREVIEW_PREFIX = b"Decision Press preview, format "

PROJECT_FOLDERS = (
    "data",
    "docs",
    "templates",
    "overrides",
    "assets",
    "schemas",
    "src",
    "tests",
    "authors",
    "scripts",
    "benchmarks",
    ".git",
    ".cache",
    ".venv",
    ".github",
    ".ci",
)
"""The project's own folders: never an output folder, nor anything inside one."""

_FOREIGN = ("decision-press.yml", ".git", "mkdocs.yml")
"""Files that no built site has at its root: a folder holding one is a project, marked or not."""


def mark_site(folder: Path, *, preview: bool = False) -> None:
    """Write the marker (a preview's with ``preview``) into ``folder`` (created if needed): a
    build of the same kind may replace it later."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text(PREVIEW_MARKER_TEXT if preview else MARKER_TEXT, encoding="utf-8")


def is_marked(folder: Path, *, preview: bool = False) -> bool:
    """Whether ``folder`` holds a Decision Press marker (a regular file, not a link) of a
    public site, or with ``preview`` of a preview."""
    marker = folder / MARKER
    prefix = _PREVIEW_PREFIX if preview else _MARKER_PREFIX
    try:
        if not stat.S_ISREG(marker.lstat().st_mode):
            return False
        with marker.open("rb") as handle:
            return handle.read(len(prefix)) == prefix
    except OSError:
        return False


def refuse_preview_into_public(preview_dir: Path, public_dir: Path) -> None:
    """Raise :class:`BuildFailed` when a preview would be written into (or over) the public site folder."""
    preview, public = preview_dir.resolve(), public_dir.resolve()
    if preview == public or preview.is_relative_to(public) or public.is_relative_to(preview):
        raise BuildFailed(
            f"refusing to write a preview into {display_path(preview)}: the project's public site "
            f"folder is {display_path(public)}, and a preview holds drafts and embargoed decisions, "
            f"which must never reach it. Give --preview a folder of its own, such as review/."
        )


def refuse_unsafe_output(site_dir: Path, root: Path, *, preview: bool = False) -> None:
    """Raise :class:`BuildFailed` unless a build (a preview with ``preview``) may replace ``site_dir``
    of the project at ``root``."""
    site, project = site_dir.resolve(), root.resolve()
    shown = display_path(site, project)
    if site == project or project.is_relative_to(site):
        raise BuildFailed(
            f"refusing to build into {shown}: it contains the project ({project}), which "
            f"the build would delete. Choose a folder of its own, such as "
            f"{display_path(project / 'site', project)}/, with --site-dir."
        )
    for own in project_folders(project):
        if site == own or site.is_relative_to(own):
            raise BuildFailed(
                f"refusing to build into {shown}: it is the project's own folder "
                f"{display_path(own, project)}/ (or inside it), which the build would "
                f"replace. Choose another folder, such as site/, with --site-dir."
            )
    if not site.exists():
        return
    if not site.is_dir():
        raise BuildFailed(
            f"refusing to build into {shown}: it is a file, not a folder. "
            f"Choose a folder with --site-dir, or move the file away."
        )
    try:
        empty = next(os.scandir(site), None) is None
    except OSError as err:
        raise BuildFailed(
            f"cannot read the output folder {shown}: {err.strerror}. "
            f"Make it readable, or choose another folder with --site-dir."
        ) from None
    if empty:
        return
    if is_marked(site, preview=not preview):
        raise BuildFailed((_PREVIEW_REFUSAL if preview else _PUBLIC_REFUSAL).format(shown=shown, marker=MARKER))
    if not is_marked(site, preview=preview):
        raise BuildFailed(
            f"refusing to replace {shown}: the folder is not empty and no Decision Press "
            f"build made it (it has no {MARKER} file), so its files would be lost. Choose "
            f"an empty or new folder with --site-dir, or move its files away first. If it "
            f"is a site built by an older Decision Press, delete it and build again."
        )
    for name in _FOREIGN:
        if os.path.lexists(site / name):
            raise BuildFailed(
                f"refusing to replace {shown}: it holds {name}, so it is a project or a "
                f"repository, not a built site, even though it has a {MARKER} file. "
                f"Choose another folder with --site-dir."
            )


_PUBLIC_REFUSAL = (
    "refusing to build the public site into {shown}: it is a preview made by 'decision-press "
    "build --preview', with drafts and embargoed decisions, and a public site never reuses one. "
    "Choose another folder with --site-dir, or delete the preview first."
)
_PREVIEW_REFUSAL = (
    "refusing to write a preview into {shown}: it is a public site (it holds a public build's "
    "{marker} file), and a preview, with drafts and embargoed decisions, must never replace it. "
    "Give --preview a folder of its own, such as review/."
)


def project_folders(project: Path) -> list[Path]:
    """The project's own folders, resolved, and the repository's git folders wherever they are."""
    folders = [(project / name).resolve() for name in PROJECT_FOLDERS]
    dot_git = project / ".git"
    if dot_git.is_file():  # a worktree: ".git" names the real git folder
        text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
        if text.startswith("gitdir:"):
            git_dir = (project / text.removeprefix("gitdir:").strip()).resolve()
            folders.append(git_dir)
            common = git_dir / "commondir"
            if common.is_file():
                folders.append((git_dir / common.read_text(encoding="utf-8").strip()).resolve())
    return folders
