"""Run MkDocs programmatically: ``decision-press build`` → ``mkdocs build`` into a given folder.

Kept beside the plugin so that only this adapter package imports MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


class MkDocsFailed(Exception):
    """MkDocs stopped; the message says why."""


def run_mkdocs_build(config_file: Path, site_dir: Path, *, strict: bool = False) -> None:
    """Build the site described by ``config_file`` into ``site_dir`` (which must not be the live site)."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as err:
        raise MkDocsFailed(str(err)) from err
