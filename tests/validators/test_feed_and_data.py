"""The feed read by feedparser, the CSV by frictionless, and each link in them found in the site."""

from __future__ import annotations

import csv
import json

import feedparser
import jsonschema
from frictionless import Resource

from decision_press.pipeline import prepare
from decision_press.settings import load_settings
from web.conftest import AS_OF

from .conftest import ServedSite


def _site_path(served_site: ServedSite, url: str) -> str:
    site_url = "https://decisions.example.org/"
    assert url.startswith(site_url), url
    return url.removeprefix(site_url)


def test_feed_is_well_formed_atom_whose_entries_open(served_site: ServedSite) -> None:
    feed = feedparser.parse((served_site.folder / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    corpus, _, _ = prepare(load_settings(served_site.project), AS_OF)
    assert sorted(entry.title.split(":")[0] for entry in feed.entries) == sorted(
        d.record.reference for d in corpus.listed
    )
    for entry in feed.entries:
        assert entry.id and entry.updated_parsed and entry.summary
        page = served_site.folder / _site_path(served_site, entry.link) / "index.html"
        assert page.is_file(), entry.link


def test_csv_passes_frictionless(served_site: ServedSite) -> None:
    path = served_site.folder / "decisions.csv"
    report = Resource(path=path.name, basepath=str(path.parent)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows and all(row["reference"] for row in rows)
    for row in rows:
        assert (served_site.folder / _site_path(served_site, row["url"]) / "index.html").is_file()


def test_json_follows_its_published_schema(served_site: ServedSite) -> None:
    schema = json.loads((served_site.folder / "decisions.schema.json").read_text(encoding="utf-8"))
    data = json.loads((served_site.folder / "decisions.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(data)] == []
    amounts = {d["reference"]: d["amount"] for d in data["decisions"]}
    assert amounts["PCD 911"] == 135000 and isinstance(amounts["PCD 911"], int)
    assert schema["$id"] == "https://decisions.example.org/decisions.schema.json"
    open_data_page = (served_site.folder / "open-data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../decisions.schema.json"' in open_data_page
