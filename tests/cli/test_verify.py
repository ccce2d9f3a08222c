"""``decision-press verify``: a built site, its address, one PDF → each failing file named, with why.

The example site is built twice for real, sealed with a throw-away certificate authority made
here and unsealed, then damaged the ways the public must be able to catch: one changed byte,
a PDF replaced with another decision's (with and without the manifest rewritten to match), a
file gone, a file added, a seal from another authority. Served sites are on loopback.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from conftest import copy_project
from decision_press.cli import VERIFY_CANNOT, VERIFY_FAILED, main
from seal_ca import PASSWORD, PASSWORD_ENV, ThrowawayCA, configure_seal, make_ca
from static_server import served_folder
from validators.test_pdf_structure import problems_of
from web.conftest import build

pytestmark = pytest.mark.slow

FORM = "decisions/pcd-911/pcd-911.pdf"
OTHER_FORM = "decisions/pcd-948/pcd-948.pdf"


@dataclass(frozen=True)
class Built:
    site: Path
    ca: ThrowawayCA
    project: Path


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    base = tmp_path_factory.mktemp("sealed")
    project = copy_project(base / "project")
    ca = make_ca(base / "keys")
    configure_seal(project, ca)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PASSWORD_ENV, PASSWORD)
        yield Built(build(project), ca, project)


@pytest.fixture(scope="module")
def unsealed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(copy_project(tmp_path_factory.mktemp("unsealed") / "project"))


def copy_of(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


def verify(*arguments: str) -> Result:
    return CliRunner().invoke(main, ["verify", *arguments])


def manifest(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "decisions" / "manifest.json").read_bytes())
    return data


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_sealed_site_has_every_generated_pdf_sealed_and_verify_accepts_it(sealed: Built) -> None:
    files = manifest(sealed.site)["files"]
    shipped = {"attachment", "signed"}  # published as received: an attachment, PCD 911's signed copy
    generated = [f for f in files if f["kind"] not in shipped]
    assert len(generated) >= 8 and all(f["sealed"] for f in generated)
    assert [f["sealed"] for f in files if f["kind"] in shipped] == [False, False]
    assert manifest(sealed.site)["sealed_by"]["subject"].startswith("O=Decision Press test")

    result = verify(str(sealed.site), "--trust", str(sealed.ca.root_pem))
    assert result.exit_code == 0, result.output
    assert f"{len(files)} intact, 0 failed; {len(generated)} seals checked" in result.output


def test_sealed_pdfs_keep_every_pdf_ua_structure_rule(sealed: Built) -> None:
    found = {f["path"]: problems_of(sealed.site / f["path"]) for f in manifest(sealed.site)["files"] if f["sealed"]}
    assert found and {path: problems for path, problems in found.items() if problems} == {}


def test_a_nothing_changed_build_reuses_every_sealed_pdf(sealed: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {f["path"]: f["sha256"] for f in manifest(sealed.site)["files"]}
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    again = build(sealed.project)
    assert {f["path"]: f["sha256"] for f in manifest(again)["files"]} == before


def test_one_changed_byte_fails_naming_the_file_with_and_without_a_trust_root(sealed: Built, tmp_path: Path) -> None:
    site = copy_of(sealed.site, tmp_path)
    flip_a_byte(site / FORM)

    result = verify(str(site), "--trust", str(sealed.ca.root_pem))
    assert result.exit_code == VERIFY_FAILED
    line = next(line for line in result.output.splitlines() if line.startswith(f"{FORM}: FAILED"))
    assert "changed since it was published" in line and "seal is broken" in line
    assert result.output.count("FAILED") == 1

    alone = verify(str(site))
    assert alone.exit_code == VERIFY_FAILED and f"{FORM}: FAILED: changed since it was published" in alone.output
    assert "seals not checked" in alone.output


def test_another_decisions_pdf_in_its_place_is_named_even_when_the_manifest_is_rewritten(
    sealed: Built, tmp_path: Path
) -> None:
    site = copy_of(sealed.site, tmp_path)
    shutil.copyfile(site / OTHER_FORM, site / FORM)
    result = verify(str(site), "--trust", str(sealed.ca.root_pem))
    assert result.exit_code == VERIFY_FAILED
    assert f"{FORM}: FAILED: it is a copy of {OTHER_FORM}" in result.output
    assert f"it was sealed as {OTHER_FORM}, not as {FORM}" in result.output

    # Whoever swapped the files also rewrote the manifest: only the seal can tell.
    data = manifest(site)
    for entry in data["files"]:
        if entry["path"] == FORM:
            entry["sha256"] = hashlib.sha256((site / FORM).read_bytes()).hexdigest()
            entry["size"] = (site / FORM).stat().st_size
    (site / "decisions" / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    rewritten = verify(str(site), "--trust", str(sealed.ca.root_pem))
    assert rewritten.exit_code == VERIFY_FAILED
    assert f"{FORM}: FAILED: it was sealed as {OTHER_FORM}, not as {FORM}" in rewritten.output


def test_an_unsealed_pdf_with_the_manifest_rewritten_to_call_it_unsealed_fails_with_a_trust_root(
    sealed: Built, unsealed: Path, tmp_path: Path
) -> None:
    site = copy_of(sealed.site, tmp_path)
    shutil.copyfile(unsealed / FORM, site / FORM)
    data = manifest(site)
    for entry in data["files"]:
        if entry["path"] == FORM:
            entry.update(sha256=hashlib.sha256((site / FORM).read_bytes()).hexdigest(), sealed=False)
    (site / "decisions" / "manifest.json").write_text(json.dumps(data), encoding="utf-8")

    assert verify(str(site)).exit_code == 0  # the manifest alone cannot tell
    result = verify(str(site), "--trust", str(sealed.ca.root_pem))
    assert result.exit_code == VERIFY_FAILED
    assert f"{FORM}: FAILED: it carries no seal" in result.output


def test_a_missing_file_an_extra_file_and_a_seal_from_another_authority_fail(sealed: Built, tmp_path: Path) -> None:
    site = copy_of(sealed.site, tmp_path)
    (site / FORM).unlink()
    shutil.copyfile(site / OTHER_FORM, site / "decisions" / "pcd-948" / "extra.pdf")
    other = make_ca(tmp_path / "other", "Other")

    result = verify(str(site), "--trust", str(other.root_pem))
    assert result.exit_code == VERIFY_FAILED
    assert f"{FORM}: FAILED: missing" in result.output
    assert "decisions/pcd-948/extra.pdf: FAILED: not in the manifest" in result.output
    assert (
        f"{OTHER_FORM}: FAILED: its seal was made with a certificate the trust root does not vouch for" in result.output
    )


def test_an_unsealed_site_is_checked_against_its_manifest_alone(unsealed: Path, tmp_path: Path) -> None:
    files = manifest(unsealed)["files"]
    assert manifest(unsealed)["sealed_by"] is None and not any(f["sealed"] for f in files)
    result = verify(str(unsealed))
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith(f"{len(files)} intact, 0 failed") and "trust root" not in result.output

    site = copy_of(unsealed, tmp_path)
    attachment = next(f["path"] for f in files if f["kind"] == "attachment")
    flip_a_byte(site / attachment)
    damaged = verify(str(site))
    assert damaged.exit_code == VERIFY_FAILED and f"{attachment}: FAILED: changed" in damaged.output


def test_one_pdf_is_checked_against_the_manifest_above_it_or_by_its_seal_alone(sealed: Built, tmp_path: Path) -> None:
    inside = verify(str(sealed.site / FORM), "--trust", str(sealed.ca.root_pem))
    assert inside.exit_code == 0 and "Checked 1 PDF against" in inside.output

    lone = tmp_path / "downloaded.pdf"
    shutil.copyfile(sealed.site / FORM, lone)
    by_seal = verify(str(lone), "--trust", str(sealed.ca.root_pem))
    assert by_seal.exit_code == 0, by_seal.output
    assert f"sealed as published at {FORM}" in by_seal.output

    nothing = verify(str(lone))
    assert nothing.exit_code == VERIFY_CANNOT and "no trust root" in nothing.output
    flip_a_byte(lone)
    broken = verify(str(lone), "--trust", str(sealed.ca.root_pem))
    assert broken.exit_code == VERIFY_FAILED and "FAILED" in broken.output


@pytest.fixture
def served(sealed: Built, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A copy of the sealed site on loopback, under /register/ (a site need not be at the root)."""
    root = tmp_path / "www"
    site = root / "register"
    shutil.copytree(sealed.site, site)
    with served_folder(root) as url:
        yield url + "register/", site


def test_a_site_address_and_a_pdf_address_are_fetched_and_checked(sealed: Built, served: tuple[str, Path]) -> None:
    address, site = served
    trust = ["--trust", str(sealed.ca.root_pem)]
    whole = verify(address, *trust)
    assert whole.exit_code == 0, whole.output
    assert f"against {address}decisions/manifest.json" in whole.output

    flip_a_byte(site / FORM)
    one = verify(address + FORM, *trust)
    assert one.exit_code == VERIFY_FAILED and f"{FORM}: FAILED" in one.output and "Checked 1 PDF" in one.output

    (site / OTHER_FORM).unlink()
    damaged = verify(address, *trust)
    assert f"{OTHER_FORM}: FAILED: missing" in damaged.output

    nowhere = verify(address + "no-such-site/", *trust)
    assert nowhere.exit_code == VERIFY_CANNOT and "no manifest at this address" in nowhere.output
    assert "Traceback" not in nowhere.output


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("ftp://example.org/site/", "only http:// and https://"),
        ("file:///etc/passwd", "only http:// and https://"),
        ("http://127.0.0.1:9/", "cannot be fetched"),
        ("no/such/folder", "no such folder or file"),
    ],
)
def test_what_cannot_be_checked_is_said_with_exit_status_3(target: str, said: str) -> None:
    result = verify(target)
    assert result.exit_code == VERIFY_CANNOT
    assert said in result.output and "Traceback" not in result.output


def test_a_hostile_manifest_cannot_make_verify_read_outside_the_site(unsealed: Path, tmp_path: Path) -> None:
    site = copy_of(unsealed, tmp_path)
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.7 not for you")
    for path in ("../secret.pdf", "/etc/passwd", "decisions/../../secret.pdf", "decisions/x/../../../secret.pdf"):
        data = manifest(site)
        data["files"][0]["path"] = path
        (site / "decisions" / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
        result = verify(str(site))
        assert result.exit_code == VERIFY_CANNOT, path
        assert "is not the path of a decision's PDF" in result.output


def test_a_bad_trust_root_is_said_with_exit_status_3(unsealed: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate", encoding="utf-8")
    result = verify(str(unsealed), "--trust", str(junk))
    assert result.exit_code == VERIFY_CANNOT and "junk.pem" in result.output and "Traceback" not in result.output
