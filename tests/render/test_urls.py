"""The public URL scheme: published paths never change, whatever the code around them does."""

from __future__ import annotations

import pytest

from decision_press import urls


def test_every_public_path_is_the_published_one() -> None:
    assert urls.decision("pcd-911") == "decisions/pcd-911/"
    assert urls.document("pcd-911", "pcd-911.pdf") == "decisions/pcd-911/pcd-911.pdf"
    assert urls.topic("drugs") == "topics/drugs/"
    assert [
        urls.facet(kind, slug)
        for kind, slug in (("year", "2021"), ("type", "pcd"), ("topic", "drugs"), ("maker", "chief-executive-of-mopac"))
    ] == ["decisions/year/2021/", "decisions/type/pcd/", "topics/drugs/", "decisions/maker/chief-executive-of-mopac/"]
    assert (urls.REGISTER, urls.TOPICS, urls.FEED, urls.DATA_JSON, urls.DATA_CSV, urls.DATA_SCHEMA) == (
        "decisions/",
        "topics/",
        "feed.xml",
        "decisions.json",
        "decisions.csv",
        "decisions.schema.json",
    )
    assert urls.page_source(urls.REGISTER) == "decisions/index.md" and urls.page_source("") == "index.md"


def test_a_filter_without_pages_is_refused() -> None:
    with pytest.raises(ValueError, match="no page for the filter kind 'colour'"):
        urls.facet("colour", "red")
