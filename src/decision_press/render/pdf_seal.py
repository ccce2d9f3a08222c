"""PDF bytes + a seal key → the same PDF sealed; a sealed PDF + trust roots → a verdict on its seal.

The seal is an invisible PAdES B-B certification signature (pyHanko), appended as an
incremental update: the bytes WeasyPrint wrote, its structure tree, language and metadata
included, stay exactly as they were, and the signature covers all of them. The widget a
signature needs is marked Hidden and put outside the page, which is how PDF/UA-1 (7.18)
exempts an annotation from being tagged.

Each seal says where the PDF is published ("… at decisions/pcd-911/pcd-911.pdf"), inside
what it signs, so a validly sealed PDF put in another decision's place is caught too.
Nothing here fetches anything: no time stamp, no revocation data, and validation runs with
fetching switched off.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from decision_press.sealing import SealKey

_T = TypeVar("_T")

FIELD_NAME = "Seal"
REASON_PREFIX = "Sealed as published at "
SIGNATURE_OVERHEAD = 4096
"""Bytes reserved for the signature besides its certificates (signed attributes, RSA-4096 value)."""


def reason_for(site_path: str) -> str:
    """The seal's reason, which names the file's place on the site."""
    return f"{REASON_PREFIX}{site_path}"


class Sealer:
    """Seals PDFs with one key; made once per worker process (loading a key is the slow part)."""

    def __init__(self, key: SealKey) -> None:
        self._signer = _signer(key)
        # Reserving the signature's room spares pyHanko a trial signature per PDF; the room is
        # counted in hex digits, two per byte of the signature.
        self._reserved = 2 * (key.chain_bytes + SIGNATURE_OVERHEAD)

    def seal(self, pdf: bytes, site_path: str) -> bytes:
        from pyhanko.sign import fields, signers
        from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter

        writer = _writer_keeping_metadata(pdf)
        field = fields.SigFieldSpec(
            FIELD_NAME,
            box=None,
            readable_field_name="Publisher's seal",
            invis_sig_settings=fields.InvisSigSettings(
                set_print_flag=False, set_hidden_flag=True, box_out_of_bounds=True
            ),
        )
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            reason=reason_for(site_path),
            certify=True,
            docmdp_permissions=MDPPerm.NO_CHANGES,
        )
        output = io.BytesIO()
        _outside_event_loops(
            lambda: signers.sign_pdf(
                writer, meta, signer=self._signer, new_field_spec=field, bytes_reserved=self._reserved, output=output
            )
        )
        return output.getvalue()


def _signer(key: SealKey) -> Any:
    """pyHanko's in-memory signer, keeping what is the same in every seal it makes.

    - The private key, parsed once: pyHanko's own signer parses (and so validates) the RSA key
      again for every signature, which costs as much as the rest of a seal.
    - The signing-certificate attribute (the certificate's hash, issuer and serial number),
      encoded once. asn1crypto re-encodes a structure built in Python each time anything that
      holds it is encoded, and this one, built afresh for every seal, took four fifths of a
      seal's time (about 45 of 55 ms a PDF here).
    """
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.hazmat.primitives.serialization import load_der_private_key
    from pyhanko.sign import attributes, signers
    from pyhanko.sign.attributes import SignedAttributeProviderSpec
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    loaded = signers.SimpleSigner.load_pkcs12_data(key.pkcs12, other_certs=(), passphrase=key.password)
    private = load_der_private_key(loaded.signing_key.dump(), password=None)
    certificate_attribute = _settled(
        _outside_event_loops(
            lambda: asyncio.run(attributes.SigningCertificateV2Provider(loaded.signing_cert).get_attribute())
        )
    )

    class KeyKeeping(signers.SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if isinstance(private, RSAPrivateKey) and mechanism.signature_algo == "rsassa_pkcs1v15":
                return private.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return super().sign_raw(data, digest_algorithm)

        async def signed_attrs(self, *args: Any, **kwargs: Any) -> Any:
            # Encoded once here, rather than again for the signer info and for the whole CMS.
            return _settled(await super().signed_attrs(*args, **kwargs))

    class CertificateAttribute(attributes.CMSAttributeProvider):
        attribute_type = "signing_certificate_v2"

        async def get_attribute(self, dry_run: bool = False) -> Any:
            return certificate_attribute

    class SealAttributes(SignedAttributeProviderSpec):
        """A PAdES B-B seal's signed attributes besides content type and digest (which pyHanko
        adds itself): the signing certificate only. PAdES forbids a signing-time attribute, and
        a seal names no commitment type or signature policy."""

        def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str) -> list[CertificateAttribute]:
            return [CertificateAttribute()]

    signer = KeyKeeping(loaded.signing_cert, loaded.signing_key, loaded.cert_registry)
    signer.signed_attr_prov_spec = SealAttributes()
    return signer


def _settled(value: Any) -> Any:
    """An asn1crypto value read back from its own encoding: encoding it again costs nothing."""
    return type(value).load(value.dump())


def _writer_keeping_metadata(pdf: bytes) -> Any:
    """An incremental writer over ``pdf`` that leaves its metadata alone.

    pyHanko's writer stamps a modification date and producer on every update, and replaces
    XMP it did not write with its own, which drops WeasyPrint's ``pdfuaid:part`` (the claim
    to be PDF/UA-1). The seal must change nothing of the document, so that step is skipped.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class MetadataKeeping(IncrementalPdfFileWriter):
        def _update_meta(self) -> None:
            return None

    return MetadataKeeping(io.BytesIO(pdf), strict=False)


@dataclass(frozen=True)
class SealVerdict:
    """What checking one PDF's seal found: ``problem`` None when the seal holds."""

    problem: str | None
    sealed_as: str | None = None
    """The site path the seal names."""


def load_trust_roots(pem: bytes) -> list[Any]:
    """Every certificate of a PEM (or DER) file; ValueError when there is none."""
    from pyhanko.keys import load_certs_from_pemder_data

    roots = list(load_certs_from_pemder_data(pem))
    if not roots:
        raise ValueError("no certificate in it")
    return roots


def check_seal(pdf: bytes, site_path: str | None, trust_roots: list[Any]) -> SealVerdict:
    """Whether ``pdf`` carries an intact seal over all of it, by a key ``trust_roots`` vouch for,
    made for ``site_path`` (None: wherever it names). A PDF that cannot be read gets a verdict
    too, never an exception."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception as err:  # a hostile or broken file: any parser error is a verdict
        return SealVerdict(f"not a readable PDF ({type(err).__name__}: {err})")
    if not signatures:
        return SealVerdict("it carries no seal")
    signature = signatures[-1]
    reason = str(signature.sig_object.get("/Reason", ""))
    sealed_as = reason.removeprefix(REASON_PREFIX) if reason.startswith(REASON_PREFIX) else None
    try:
        context = ValidationContext(trust_roots=trust_roots, allow_fetching=False, revocation_mode="soft-fail")
        status = _outside_event_loops(lambda: validate_pdf_signature(signature, context))
    except Exception as err:
        return SealVerdict(f"its seal cannot be checked ({type(err).__name__}: {err})", sealed_as)
    return SealVerdict(_problem(status, SignatureCoverageLevel.ENTIRE_FILE, sealed_as, site_path), sealed_as)


def _outside_event_loops(call: Callable[[], _T]) -> _T:
    """``call()``, in a thread of its own when this one runs an event loop.

    pyHanko's synchronous functions start their own loop (``asyncio.run``), which fails in a
    program that already runs one: an async web app or a notebook calling verify.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def _problem(status: Any, entire_file: Any, sealed_as: str | None, site_path: str | None) -> str | None:
    if not status.intact or not status.valid:
        return "its seal is broken: the file was changed after it was sealed"
    if status.coverage != entire_file:
        return "something was added to the file after it was sealed"
    if not status.trusted:
        who = status.signing_cert.subject.human_friendly
        return f"its seal was made with a certificate the trust root does not vouch for ({who})"
    if sealed_as is None:
        return "its seal does not say where the file is published (it is not this publisher's seal)"
    if site_path is not None and sealed_as != site_path:
        return f"it was sealed as {sealed_as}, not as {site_path}"
    return None
