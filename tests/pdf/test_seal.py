"""Sealed PDFs: a valid PAdES seal over the whole file, WeasyPrint's bytes kept as they were, cached.

The key is a throw-away certificate authority made for the test, outside the project.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from decision_press.render.outputs import count_rendered
from decision_press.render.pdf import render_all
from decision_press.render.pdf_seal import check_seal, load_trust_roots
from decision_press.sealing import load_seal_key
from decision_press.settings import load_settings
from seal_ca import PASSWORD, PASSWORD_ENV, configure_seal, make_ca

from .conftest import FORM, REPORT, corpus_of, structure

HIDDEN = 2
"""The Hidden annotation flag, which exempts the seal's widget from tagging in PDF/UA-1."""


@pytest.fixture
def sealed_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    configure_seal(project, make_ca(project.parent / "keys"))
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return project


def facts(path: Path) -> dict[str, object]:
    """What PDF/UA rests on: structure elements in order, language, title, metadata, marking."""
    with pikepdf.open(path) as pdf:
        return {
            "structure": [str(element.S) for element in structure(pdf.Root.StructTreeRoot)],
            "lang": str(pdf.Root.Lang),
            "marked": bool(pdf.Root.MarkInfo.Marked),
            "title": str(pdf.docinfo.Title),
            "xmp": bytes(pdf.Root.Metadata.read_bytes()),
            "display_title": bool(pdf.Root.ViewerPreferences.DisplayDocTitle),
            "pages": len(pdf.pages),
        }


def test_a_sealed_pdf_is_the_unsealed_pdf_with_a_valid_seal_appended(sealed_project: Path) -> None:
    corpus = corpus_of(sealed_project)
    seal = load_seal_key(load_settings(sealed_project))
    assert seal is not None
    unsealed = render_all(corpus, sealed_project.parent / "plain", workers=1)
    sealed = render_all(corpus, sealed_project.parent / "sealed", workers=1, seal=seal)
    roots = load_trust_roots((sealed_project.parent / "keys" / "test-root.pem").read_bytes())

    for name in (FORM, REPORT):
        plain, signed = unsealed[("pcd-911", name)], sealed[("pcd-911", name)]
        assert signed.sealed and not plain.sealed
        data = signed.path.read_bytes()
        # An incremental update: WeasyPrint's bytes, structure tree and metadata untouched.
        assert data.startswith(plain.path.read_bytes()) and len(data) > plain.size
        assert facts(signed.path) == facts(plain.path)
        verdict = check_seal(data, f"decisions/pcd-911/{name}", roots)
        assert verdict.problem is None, verdict.problem
        assert verdict.sealed_as == f"decisions/pcd-911/{name}"
        assert check_seal(data, "decisions/pcd-912/pcd-912.pdf", roots).problem is not None
        assert check_seal(plain.path.read_bytes(), f"decisions/pcd-911/{name}", roots).problem == "it carries no seal"
        with pikepdf.open(signed.path) as pdf:
            widgets = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/FT") == "/Sig"]
            assert len(widgets) == 1 and int(widgets[0].F) & HIDDEN


def test_a_seal_signs_the_pades_attributes_and_names_its_own_certificate(sealed_project: Path) -> None:
    # The signing-certificate attribute is made once per key and reused for every seal; it must
    # still name the key's certificate, and each seal its own document's digest.
    seal = load_seal_key(load_settings(sealed_project))
    assert seal is not None
    sealed = render_all(corpus_of(sealed_project), sealed_project.parent / "sealed", workers=1, seal=seal)
    digests = set()
    for name in (FORM, REPORT):
        signature = PdfFileReader(io.BytesIO(sealed[("pcd-911", name)].path.read_bytes())).embedded_signatures[-1]
        signer_info = signature.signed_data["signer_infos"][0]
        attributes = {a["type"].native: a["values"][0] for a in signer_info["signed_attrs"]}
        assert sorted(attributes) == ["content_type", "message_digest", "signing_certificate_v2"]
        (named,) = attributes["signing_certificate_v2"]["certs"]
        assert named["cert_hash"].native.hex() == seal.fingerprint
        assert named["issuer_serial"]["serial_number"].native == signature.signer_cert.serial_number
        assert attributes["message_digest"].native == signature.compute_digest()
        digests.add(attributes["message_digest"].native)
    assert len(digests) == 2


def test_a_seal_is_rendered_once_then_reused_and_its_certificate_is_part_of_the_key(
    sealed_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = corpus_of(sealed_project)
    cache = sealed_project.parent / "cache"
    seal = load_seal_key(load_settings(sealed_project))
    first = render_all(corpus, cache, seal=seal)  # through the pool: the workers seal
    again = render_all(corpus, cache, seal=seal)
    # PCD 911's form and appendix are rendered and sealed; its signed copy is shipped as it is.
    assert count_rendered(first) == (2, 1) and count_rendered(again) == (0, 3)
    assert {k: d.path.read_bytes() for k, d in first.items()} == {k: d.path.read_bytes() for k, d in again.items()}
    assert [d.sealed for d in again.values() if d.document.kind != "signed"] == [True, True]

    other = make_ca(sealed_project.parent / "other", "Other")
    settings = sealed_project / "decision-press.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            str(sealed_project.parent / "keys" / "test-seal.p12"), str(other.p12)
        ),
        encoding="utf-8",
    )
    resealed = render_all(corpus_of(sealed_project), cache, seal=load_seal_key(load_settings(sealed_project)))
    assert count_rendered(resealed) == (2, 1)
    unsealed = render_all(corpus, cache)
    assert count_rendered(unsealed) == (2, 1) and not any(d.sealed for d in unsealed.values())
