"""The manifest (decisions/manifest.json) of a real build, read back against the files it lists."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from decision_press import urls
from decision_press.render.manifest import ManifestInvalid, read_manifest
from decision_press.session import Session
from decision_press.settings import load_settings
from decision_press.site import Site, build_outputs

from .conftest import AS_OF, HELD_BACK

pytestmark = pytest.mark.slow


def test_the_manifest_lists_every_pdf_of_the_site_with_its_sha256_and_size(example_site: Path) -> None:
    manifest = json.loads((example_site / urls.MANIFEST).read_bytes())
    published = sorted(p.relative_to(example_site).as_posix() for p in example_site.rglob("*.pdf"))
    assert [entry["path"] for entry in manifest["files"]] == published
    assert manifest["count"] == len(published) >= 9
    assert manifest["as_of"] == AS_OF.isoformat() and manifest["sealed_by"] is None
    for entry in manifest["files"]:
        data = (example_site / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
        assert entry["sealed"] is False
        assert entry["reference"] and entry["title"] and entry["kind"] in {"form", "appendix", "attachment", "signed"}
    assert not any(slug in entry["path"] for entry in manifest["files"] for slug in HELD_BACK)
    assert [e.path for e in read_manifest((example_site / urls.MANIFEST).read_bytes())] == published


def test_the_open_data_page_links_the_manifest_and_says_how_to_check_a_pdf(example_site: Path) -> None:
    page = (example_site / urls.OPEN_DATA / "index.html").read_text(encoding="utf-8")
    assert 'href="../decisions/manifest.json"' in page
    assert "decision-press verify" in page


def test_two_builds_of_the_same_records_on_the_same_date_publish_the_same_manifest(project: Path) -> None:
    def manifest() -> str:
        outputs = build_outputs(
            load_settings(project), AS_OF, Session(), Site(), pdf_cache=project / ".cache" / "pdf", page_cache=None
        )
        return next(f.content or "" for f in outputs.files if f.src_uri == urls.MANIFEST)

    first = manifest()
    (project / ".cache" / "pdf").rename(project / ".cache" / "old")  # rendered afresh the second time
    assert manifest() == first
    later = build_outputs(
        load_settings(project),
        AS_OF + dt.timedelta(days=1),
        Session(),
        Site(),
        pdf_cache=project / ".cache" / "pdf",
        page_cache=None,
    )
    assert (
        json.loads(next(f.content or "" for f in later.files if f.src_uri == urls.MANIFEST))["as_of"]
        != AS_OF.isoformat()
    )


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda m: m.update(format="other"), "not a Decision Press manifest"),
        (lambda m: m["files"][0].update(path="../../etc/passwd"), "is not the path of a decision's PDF"),
        (lambda m: m["files"][0].update(path="decisions/a/b/c.pdf"), "is not the path of a decision's PDF"),
        (lambda m: m["files"][0].update(path="decisions/pcd-911/x.pdf?y"), "is not the path of a decision's PDF"),
        (lambda m: m["files"][0].update(sha256="ABC"), "not 64 lower-case hex digits"),
        (lambda m: m["files"][0].update(size=True), "not a number of bytes"),
        (lambda m: m["files"][0].update(sealed="yes"), "not true or false"),
        (lambda m: m["files"].append(m["files"][0]), "is listed twice"),
    ],
)
def test_a_hostile_manifest_is_refused_with_what_is_wrong(example_site: Path, change: object, said: str) -> None:
    manifest = json.loads((example_site / urls.MANIFEST).read_bytes())
    change(manifest)  # type: ignore[operator]
    with pytest.raises(ManifestInvalid, match=said):
        read_manifest(json.dumps(manifest).encode())
