"""While a record is invalid, the preview shows the ``file:line:col`` report in its pages, and recovers on a save."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .test_preview import Preview, preview  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow


def pages_with_the_report(site: Path) -> set[str]:
    return {
        page.relative_to(site).as_posix()
        for page in site.rglob("*.html")
        if "dp-preview-problem" in page.read_text("utf-8")
    }


def test_the_report_is_in_every_page_until_the_records_are_fixed(preview: Preview) -> None:  # noqa: F811
    records = preview.project / "data" / "decisions.yaml"
    good = records.read_text(encoding="utf-8")
    records.write_text(good.replace("  status: published\n", "  status: Published\n", 1), encoding="utf-8")

    preview.rebuild()  # does not raise: the preview goes on

    page = (preview.site / "decisions" / "pcd-911" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"data/decisions\.yaml:\d+:\d+: \[0\]\.status: must be one of", page)
    assert "did you mean &#39;published&#39;?" in page
    assert {
        "index.html",
        "accessibility/index.html",
        "decisions/index.html",
        "decisions/pcd-911/index.html",
    } <= pages_with_the_report(preview.site)
    assert not list(preview.site.rglob("*.pdf"))  # nothing stale is served beside the report

    records.write_text(good, encoding="utf-8")
    preview.rebuild()

    assert pages_with_the_report(preview.site) == set()
    page = (preview.site / "decisions" / "pcd-911" / "index.html").read_text(encoding="utf-8")
    assert "Piloting a Multi-Agency Response" in page
    assert (preview.site / "decisions" / "pcd-911" / "pcd-911.pdf").is_file()
