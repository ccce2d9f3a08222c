"""The corpus over the example data: order, numbering, links in both directions, public-only lookups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from decision_press.corpus import Corpus
from decision_press.pipeline import prepare
from decision_press.settings import load_settings

AS_OF = dt.date(2026, 11, 26)


def corpus(project: Path) -> Corpus:
    return prepare(load_settings(project), AS_OF)[0]


def test_register_order_is_newest_signed_first(project: Path) -> None:
    signed = [d.record.signed for d in corpus(project).decisions]
    assert signed == sorted(signed, reverse=True)  # type: ignore[type-var]


def test_numbering_is_computed_from_position(project: Path) -> None:
    pcd911 = corpus(project).get("PCD 911")
    assert pcd911 is not None
    numbers = [(s.number, [p.number for p in s.paragraphs]) for s in pcd911.sections]
    assert numbers[:4] == [("1", ["1.1"]), ("2", ["2.1", "2.2"]), ("3", ["3.1"]), ("4", ["4.1", "4.2"])]
    assert numbers[6] == ("7", [None])  # a bare list is not numbered


def test_only_public_decisions_resolve(project: Path) -> None:
    found = corpus(project)
    resolve = found.resolver("../../")
    assert resolve("PCD 911") == "../../decisions/pcd-911/"
    assert resolve("pcd 911") == "../../decisions/pcd-911/"
    for held_back in ("PCD 1263", "PCD 1301", "PCD 1320"):  # deferred, embargoed, draft
        assert resolve(held_back) is None


def test_related_links_run_both_ways_and_skip_what_is_not_public(project: Path) -> None:
    found = corpus(project)
    pcd948 = found.get("PCD 948")
    pcd911 = found.get("PCD 911")
    assert pcd948 is not None and pcd911 is not None
    assert any(link.other is pcd911 for link in found.related(pcd948))
    assert any(link.other is pcd948 and link.label == "Continued by" for link in found.related(pcd911))
    every_link = [link.other.record.reference for d in found.decisions for link in found.related(d)]
    assert not {"PCD 1263", "PCD 1301", "PCD 1320"} & set(every_link)


def test_documents_are_named_from_their_titles(project: Path) -> None:
    pcd911 = corpus(project).get("PCD 911")
    assert pcd911 is not None
    assert [d.filename for d in pcd911.documents] == [
        "pcd-911-signed.pdf",  # the signed original first
        "pcd-911.pdf",
        "mps-report-grant-funding-for-piloting-an-enhanced-multi-agency-response-to-drug-trafficking.pdf",
    ]
    assert pcd911.form_heading == "DMPC Decision \u2013 PCD 911"


def test_withdrawn_decisions_leave_the_default_listing(project: Path) -> None:
    found = corpus(project)
    assert found.get("PCD 1187") in found.decisions
    assert found.get("PCD 1187") not in found.listed
