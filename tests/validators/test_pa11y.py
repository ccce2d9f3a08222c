"""pa11y with HTML_CodeSniffer (WCAG 2 AA) in Debian's Chromium, on every kind of page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS

from .conftest import MORE_PAGES, NODE_BIN, PAGE_TYPES, ServedSite, require


@pytest.fixture(scope="module")
def pa11y_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chromium = require(CHROMIUM, "Debian's chromium")
    config = tmp_path_factory.mktemp("pa11y") / "pa11y.json"
    config.write_text(
        json.dumps(
            {
                "standard": "WCAG2AA",
                "runners": ["htmlcs"],
                "timeout": 60000,
                "chromeLaunchConfig": {"executablePath": chromium, "args": CHROMIUM_ARGS},
            }
        ),
        encoding="utf-8",
    )
    return config


@pytest.mark.browser
@pytest.mark.parametrize("path", [*PAGE_TYPES.values(), *MORE_PAGES.values()], ids=[*PAGE_TYPES, *MORE_PAGES])
def test_no_wcag2aa_errors(served_site: ServedSite, pa11y_config: Path, path: str) -> None:
    pa11y = require(NODE_BIN / "pa11y", "pa11y (npm)")
    result = subprocess.run(
        [pa11y, "--config", str(pa11y_config), "--reporter", "json", served_site.url + path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip(), result.stderr
    issues = json.loads(result.stdout)
    assert [(i["code"], i["selector"], i["message"]) for i in issues if i["type"] == "error"] == []
