"""Lighthouse (accessibility, best practices, SEO) in Debian's Chromium: 100 on the five page types."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS

from .conftest import NODE_BIN, PAGE_TYPES, ServedSite, require

CATEGORIES = ("accessibility", "best-practices", "seo")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_scores_100(served_site: ServedSite, tmp_path: Path, path: str) -> None:
    lighthouse = require(NODE_BIN / "lighthouse", "Lighthouse (npm)")
    report = tmp_path / "report.json"
    subprocess.run(
        [
            lighthouse,
            served_site.url + path,
            "--quiet",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
        ],
        env={**os.environ, "CHROME_PATH": require(CHROMIUM, "Debian's chromium")},
        capture_output=True,
        text=True,
        check=True,
        timeout=240,
    )
    result = json.loads(report.read_text(encoding="utf-8"))
    failed = [
        f"{audit['id']}: {audit['title']}"
        for audit in result["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    scores = {name: result["categories"][name]["score"] for name in CATEGORIES}
    assert (scores, failed) == (dict.fromkeys(CATEGORIES, 1), [])
