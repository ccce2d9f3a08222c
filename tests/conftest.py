"""Shared fixtures: a throw-away copy of the example project for each test that needs one."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("decision-press.yml", "mkdocs.yml", "data", "assets", "docs", "schemas", "overrides")
"""The example project: no templates/ folder, as the package ships every template."""


def copy_project(target: Path) -> Path:
    """Copy the example project (settings, data, assets, site pages) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


def site_template(project: Path, name: str) -> Path:
    """Give ``project`` its own copy of the packaged template ``name`` ('pdf/form.html.j2'), to edit."""
    from decision_press.render.templates import PACKAGE_TEMPLATES

    own = project / "templates" / name
    own.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PACKAGE_TEMPLATES / name, own)
    return own


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the example project, safe to edit and build."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def make_project() -> Callable[[Path], Path]:
    """The project copier, for fixtures wider than one test."""
    return copy_project
