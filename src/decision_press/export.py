"""Project + build date → a plain docs tree any MkDocs-like engine builds without the plugin.

``decision-press export DIR`` writes into ``DIR``:

- ``docs/``: the project's hand-written pages (their ``{{ organisation.* }}`` placeholders
  filled), every generated page as Markdown with front matter and one raw HTML block, every
  PDF, the web fonts, the feed and the data files;
- ``mkdocs.yml``: the project's own, with the decision-press plugin and ``watch:`` taken out
  and what the plugin would have added written in (the organisation for the footer, the
  escaped ``site_name``, no edit links);
- the theme's ``custom_dir`` (``overrides/``), so the tree builds on its own.

The tree is made in a staging folder and swapped in whole. ``DIR`` is replaced only when it is
new, empty or an earlier export (it holds :data:`EXPORT_MARKER`), never when it is or holds
the project. The site model is :func:`decision_press.site.build_outputs`, the same as the
plugin's, so the pages, PDFs and data files are the plugin build's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from decision_press.build_lock import DEFAULT_WAIT, ProjectLock
from decision_press.errors import BuildFailed, display_path
from decision_press.render.web import fill_placeholders
from decision_press.session import Session
from decision_press.settings import Settings
from decision_press.site import Site, SiteOutputs, build_outputs, footer_organisation
from decision_press.site_folder import project_folders
from decision_press.site_swap import staging_beside, swap_in

EXPORT_MARKER = ".decision-press-export"
"""File at the root of every export; an export only ever replaces a folder holding it."""
EXPORT_MARKER_TEXT = "Decision Press export\nMade by 'decision-press export'; the next export replaces this folder.\n"
PLUGIN = "decision-press"
DEFAULT_PDF_CACHE = ".cache/decision-press/pdf"


class ExportRefused(BuildFailed):
    """The export folder is not one an export may replace, or mkdocs.yml cannot be rewritten."""


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    outputs: SiteOutputs
    replaced: list[str]
    """Hand-written docs/ files that a generated file of the same path replaced."""


def export_site(
    settings: Settings,
    as_of: dt.date,
    folder: Path,
    *,
    session: Session | None = None,
    wait: float = DEFAULT_WAIT,
    on_wait: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write the docs tree and config of the site as of ``as_of`` into ``folder`` (see the module)."""
    folder = folder.resolve()
    config_file = settings.root / "mkdocs.yml"
    config_text = _read(config_file)
    config = _parse(config_text, config_file)
    refuse_unsafe_export(folder, settings.root)
    with ProjectLock(settings.root, wait=wait, on_wait=on_wait):
        refuse_unsafe_export(folder, settings.root)
        session = session or Session()
        session.start_build()
        docs = settings.root / str(config.get("docs_dir") or "docs")
        pdf_cache = settings.root / _plugin_options(config).get("pdf_cache", DEFAULT_PDF_CACHE)
        name = str(config.get("site_name") or "Decisions")
        site = Site(url=config.get("site_url") or None, name=name, with_home=not (docs / "index.md").is_file())
        outputs = build_outputs(
            settings, as_of, session, site, pdf_cache=pdf_cache, page_cache=pdf_cache.parent / "pages"
        )
        staging = staging_beside(folder)
        try:
            (staging / "docs").mkdir(parents=True)
            (staging / EXPORT_MARKER).write_text(EXPORT_MARKER_TEXT, encoding="utf-8")
            replaced = _write_docs(docs, outputs, staging / "docs")
            _copy_theme_dir(config, settings.root, staging)
            text = exported_config(config_text, config_file, settings, name)
            (staging / "mkdocs.yml").write_text(text, encoding="utf-8")
            swap_in(staging, folder)
        except OSError as err:
            raise BuildFailed(
                f"the export was not written: {err.strerror or err} "
                f"({display_path(Path(os.fsdecode(err.filename or folder)))})"
            ) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return ExportResult(folder, outputs, replaced)


def refuse_unsafe_export(folder: Path, root: Path) -> None:
    """Raise :class:`ExportRefused` unless an export may replace ``folder``."""
    target, project = folder.resolve(), root.resolve()
    shown = display_path(target, project)
    if target == project or project.is_relative_to(target):
        raise ExportRefused(
            f"refusing to export into {shown}: it contains the project, which the export "
            f"would replace. Choose a new folder, such as ../exported-site."
        )
    for own in project_folders(project):
        if target == own or target.is_relative_to(own):
            raise ExportRefused(
                f"refusing to export into {shown}: it is the project's own folder "
                f"{display_path(own, project)}/ (or inside it). Choose a new folder."
            )
    if not target.exists():
        return
    if not target.is_dir():
        raise ExportRefused(f"refusing to export into {shown}: it is a file, not a folder.")
    if next(os.scandir(target), None) is None:
        return
    marker = target / EXPORT_MARKER
    try:
        ours = stat.S_ISREG(marker.lstat().st_mode)
    except OSError:
        ours = False
    if not ours:
        raise ExportRefused(
            f"refusing to replace {shown}: the folder is not empty and no export made it "
            f"(it has no {EXPORT_MARKER} file), so its files would be lost. Choose a new or "
            f"empty folder, or move its files away first."
        )


def exported_config(text: str, config_file: Path, settings: Settings, site_name: str) -> str:
    """The project's mkdocs.yml → the same without the plugin, for a tree that holds every output.

    Edited as text so that comments, order and tags stay as the project wrote them; the
    result is read back to prove the plugin is gone.
    """
    footer = footer_organisation(settings)
    # First, so that a refusal names the line as the project wrote it.
    lines = _add_extra(
        text.splitlines(), "decision_press_organisation", json.dumps(footer, ensure_ascii=False), config_file
    )
    lines = _drop_list_item(lines, "plugins", PLUGIN)
    lines = _drop_top_level(lines, "watch")  # data/ and templates/ are not in the tree
    lines = _set_top_level(lines, "docs_dir", "docs")
    # Material inserts site_name unescaped; the plugin hands it the escaped form, so does this.
    lines = _set_top_level(lines, "site_name", json.dumps(str(escape(site_name)), ensure_ascii=False))
    # The plugin shows edit links only where they are safe, page by page; a plain engine cannot.
    lines = _set_top_level(lines, "edit_uri", '""')
    header = (
        "# Written by 'decision-press export' from the project's mkdocs.yml: every page and file is in\n"
        "# docs/, so no decision-press plugin; build with 'mkdocs build' (or another engine).\n"
    )
    result = header + "\n".join(lines) + "\n"
    check = _parse(result, config_file)
    if PLUGIN in _plugin_names(check):
        raise ExportRefused(
            f"{display_path(config_file)}: plugins: could not take the {PLUGIN} plugin out; "
            f"write it as '  - {PLUGIN}:' on a line of its own."
        )
    if check.get("plugins", []) is None:
        result = re.sub(r"(?m)^plugins:\s*$", "plugins: []", result)
    return result


def _write_docs(docs: Path, outputs: SiteOutputs, target: Path) -> list[str]:
    """Hand-written docs/ (placeholders filled), then every generated page and file over it."""
    if docs.is_dir():
        for source in sorted(docs.rglob("*")):
            if source.is_symlink() or not source.is_file():
                continue  # a link could point anywhere; a plain engine would publish its target
            dest = target / source.relative_to(docs)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source.suffix == ".md":
                text = source.read_text(encoding="utf-8")
                dest.write_bytes(fill_placeholders(text, outputs.corpus).encode("utf-8"))
            else:
                shutil.copyfile(source, dest)
    replaced = []
    for page in outputs.pages:
        replaced += _write(target, page.src_uri, page.content.encode("utf-8"))
    for file in outputs.files:
        data = file.path.read_bytes() if file.path is not None else (file.content or "").encode("utf-8")
        replaced += _write(target, file.src_uri, data)
    return replaced


def _write(target: Path, src_uri: str, data: bytes) -> list[str]:
    dest = target / src_uri
    existed = dest.exists()
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)
    return [src_uri] if existed else []


def _copy_theme_dir(config: dict[str, Any], root: Path, staging: Path) -> None:
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if not custom:
        return
    source = (root / str(custom)).resolve()
    if not source.is_relative_to(root.resolve()) or Path(str(custom)).is_absolute():
        return  # outside the project: the exported config still names it
    shutil.copytree(source, staging / str(custom), symlinks=False)


def _read(config_file: Path) -> str:
    try:
        return config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ExportRefused(f"cannot read {display_path(config_file)}: {err}") from None


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running anything: a ``!!python/...`` or other tag becomes its text."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None if not isinstance(node, yaml.ScalarNode) else loader.construct_scalar(node)


_AnyTagLoader.add_multi_constructor("", _any_tag)


def _parse(text: str, config_file: Path) -> dict[str, Any]:
    try:
        config = yaml.load(text, Loader=_AnyTagLoader)  # noqa: S506 - a SafeLoader that constructs nothing
    except yaml.YAMLError as err:
        raise ExportRefused(f"{display_path(config_file)}: not valid YAML: {err}") from None
    if not isinstance(config, dict):
        raise ExportRefused(f"{display_path(config_file)}: expected a mapping of settings")
    return config


def _plugin_names(config: dict[str, Any]) -> list[str]:
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        return list(plugins)
    return [next(iter(item)) if isinstance(item, dict) else str(item) for item in plugins]


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    plugins = config.get("plugins") or []
    items = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(item.items())) if isinstance(item, dict) else (item, None) for item in plugins)
    )
    for name, options in items:
        if name == PLUGIN and isinstance(options, dict):
            return options
    return {}


def _top_level(lines: list[str], key: str) -> int | None:
    pattern = re.compile(rf"{re.escape(key)}\s*:")
    return next((n for n, line in enumerate(lines) if pattern.match(line)), None)


def _block_end(lines: list[str], start: int, indent: int, *, key: bool = True) -> int:
    """The line after the block that starts at ``start``: every later line indented deeper, or blank
    (and, under a top-level key, a list written at column 0)."""
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip()
        or len(lines[end]) - len(lines[end].lstrip()) > indent
        or (key and indent == 0 and lines[end].startswith("- "))
    ):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # the blank lines after a block belong to what follows
    return end


def _drop_top_level(lines: list[str], key: str) -> list[str]:
    start = _top_level(lines, key)
    if start is None:
        return lines
    return lines[:start] + lines[_block_end(lines, start, 0) :]


def _set_top_level(lines: list[str], key: str, value: str) -> list[str]:
    start = _top_level(lines, key)
    line = f"{key}: {value}"
    if start is None:
        return [line, *lines]
    return [*lines[:start], line, *lines[_block_end(lines, start, 0) :]]


def _drop_list_item(lines: list[str], key: str, name: str) -> list[str]:
    start = _top_level(lines, key)
    if start is None:
        return lines
    item = re.compile(rf"(\s*)-\s+{re.escape(name)}\s*(:.*)?$")
    for n in range(start + 1, _block_end(lines, start, 0)):
        match = item.match(lines[n])
        if match:
            return lines[:n] + lines[_block_end(lines, n, len(match[1]), key=False) :]
    return lines


def _add_extra(lines: list[str], key: str, value: str, config_file: Path) -> list[str]:
    start = _top_level(lines, "extra")
    if start is None:
        return [*lines, "extra:", f"  {key}: {value}"]
    if lines[start].split(":", 1)[1].strip():
        raise ExportRefused(
            f"{display_path(config_file)}:{start + 1}: extra: write it as a block (one key a "
            f"line) so that the export can add {key} to it."
        )
    children = [line for line in lines[start + 1 : _block_end(lines, start, 0)] if line.strip()]
    indent = (len(children[0]) - len(children[0].lstrip())) if children else 2
    return [*lines[: start + 1], " " * indent + f"{key}: {value}", *lines[start + 1 :]]
