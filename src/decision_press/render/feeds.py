"""Corpus → an Atom feed (``feed.xml``) of the newest listed and newest updated decisions.

A decision has one entry. A public change note moves the entry's ``updated`` to the note's
date, brings it back to the top of the feed, and starts its summary with what changed
("Updated 3 March 2021: ..."), so a subscriber's reader shows the correction as news.

Built with ElementTree, which escapes every text and attribute as XML, so a title such
as '<script>' stays text. Without a ``site_url`` the links are relative to the feed.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from decision_press import urls
from decision_press.corpus import Corpus, PublicDecision
from decision_press.render.markdown_lite import plain_text
from decision_press.render.web_format import long_date

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _published(decision: PublicDecision) -> dt.date:
    # A public record has a publication date; a draft in a preview is listed under its build date.
    return decision.record.public_from or decision.signed_date


def _summary(decision: PublicDecision) -> str:
    """The entry's text: what changed last, when it changed, then the executive summary."""
    summary = plain_text(decision.record.summary)
    changes = decision.record.public_changes
    if not changes:
        return summary
    return f"Updated {long_date(changes[-1].date)}: {plain_text(changes[-1].note)}\n\n{summary}"


def atom_feed(corpus: Corpus, *, site_url: str | None, title: str, size: int = FEED_SIZE) -> str:
    """The newest ``size`` listed decisions, newest published first, as Atom XML."""
    ET.register_namespace("", ATOM)
    base = site_url or ""
    entries = sorted(
        corpus.listed, key=lambda d: (d.last_changed, _published(d), d.parsed_reference.sort_key), reverse=True
    )[:size]
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "en-GB"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(
        feed, f"{{{ATOM}}}subtitle"
    ).text = f"New decisions published by the {corpus.settings.project.organisation.name}"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{base}{urls.FEED}" if site_url else "urn:decision-press:feed"
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": f"{base}{urls.FEED}"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": f"{base}{urls.REGISTER}"})
    updated = max((d.last_changed for d in entries), default=corpus.as_of)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(updated)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = corpus.settings.project.organisation.name
    for decision in entries:
        record = decision.record
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{record.reference}: {record.title}"
        url = f"{base}{decision.url}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url if site_url else f"urn:decision-press:{decision.slug}"
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": url})
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(_published(decision))
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(decision.last_changed)
        for topic in record.topics:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": topic})
        ET.SubElement(entry, f"{{{ATOM}}}summary", {"type": "text"}).text = _summary(decision)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
