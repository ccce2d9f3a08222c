"""The ``signing:`` setting and its environment → a :class:`SealKey` the PDF workers seal with.

The key is a PKCS#12 file outside the project (a key inside it would be committed with the
records, and could be published with them), opened with a password that only the
environment holds. Everything that can be wrong is found here, before any PDF is rendered,
and reported as a :class:`~decision_press.errors.BuildFailed` naming the setting at its
line and column: a missing variable, a missing or unreadable file, a wrong password, a
certificate that has expired or is not yet valid.

Nothing here fetches anything: the seal is a PAdES B-B signature (no time-stamp authority,
no revocation data), so sealing works offline and is repeatable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from decision_press.errors import BuildFailed
from decision_press.load.files import FileRefused, read_regular_file
from decision_press.settings import Settings, setting_at

MAX_KEY_FILE_BYTES = 1_048_576
"""The largest PKCS#12 or PEM file read (a real one is a few kilobytes)."""


@dataclass(frozen=True)
class SealKey:
    """What a PDF worker needs to seal: the PKCS#12 bytes and password, and what to tell readers."""

    pkcs12: bytes = field(repr=False)
    password: bytes | None = field(repr=False)
    fingerprint: str
    """SHA-256 of the sealing certificate (DER), hex: part of every sealed PDF's cache key."""
    subject: str
    """The certificate's subject, as the manifest names who sealed the PDFs."""
    chain_bytes: int
    """Size of the certificates the seal embeds, so the signature's space can be reserved exactly."""


def load_seal_key(settings: Settings, now: dt.datetime | None = None) -> SealKey | None:
    """The configured seal, checked; None when ``decision-press.yml`` names no ``signing:``."""
    signing = settings.project.signing
    if signing is None:
        return None
    path = _project_path(settings, signing.certificate)
    where = setting_at(settings, "signing", "certificate")
    if path.resolve().is_relative_to(settings.root.resolve()):
        raise BuildFailed(
            f"{where}: {signing.certificate} lies inside the project folder, so the sealing key would be "
            "committed (and could be published) with the records; keep it outside the project, "
            "e.g. in the build machine's secret store, and name that path"
        )
    if signing.password_env not in os.environ:
        raise BuildFailed(
            f"{setting_at(settings, 'signing', 'password_env')}: the environment variable "
            f"{signing.password_env} is not set; set it to the password of {signing.certificate} "
            "(never write the password into a file of the project)"
        )
    data = read_key_file(path, where)
    password = os.environ[signing.password_env].encode("utf-8") or None
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        raise BuildFailed(
            f"{where}: cannot open {signing.certificate}: the password in {signing.password_env} is wrong, "
            "or the file is not a PKCS#12 file (.p12 or .pfx)"
        ) from None
    if key is None or certificate is None:
        raise BuildFailed(f"{where}: {signing.certificate} holds no private key with its certificate")
    _refuse_outside_validity(certificate, now or dt.datetime.now(dt.UTC), where)
    der = certificate.public_bytes(Encoding.DER)
    return SealKey(
        pkcs12=data,
        password=password,
        fingerprint=hashlib.sha256(der).hexdigest(),
        subject=certificate.subject.rfc4514_string(),
        chain_bytes=len(der) + sum(len(other.public_bytes(Encoding.DER)) for other in others),
    )


def configured_trust_root(settings: Settings) -> Path | None:
    """The trust root ``decision-press.yml`` names for ``verify``, if any."""
    signing = settings.project.signing
    if signing is None or signing.trust_root is None:
        return None
    return _project_path(settings, signing.trust_root)


def read_key_file(path: Path, where: str) -> bytes:
    """A small regular file's bytes, or a :class:`BuildFailed` starting with ``where``."""
    try:
        return read_regular_file(path, MAX_KEY_FILE_BYTES)
    except FileRefused as err:
        raise BuildFailed(f"{where}: cannot read {path}: {err.reason}") from None
    except OSError as err:
        raise BuildFailed(f"{where}: cannot read {path}: {err.strerror or err}") from None


def _project_path(settings: Settings, name: str) -> Path:
    path = Path(name).expanduser()
    return path if path.is_absolute() else settings.root / path


def _refuse_outside_validity(certificate: x509.Certificate, now: dt.datetime, where: str) -> None:
    """A seal made with an expired (or not yet valid) certificate would fail every check."""
    if now < certificate.not_valid_before_utc:
        raise BuildFailed(
            f"{where}: the certificate is valid only from {certificate.not_valid_before_utc:%Y-%m-%d %H:%M} UTC"
        )
    if now > certificate.not_valid_after_utc:
        raise BuildFailed(
            f"{where}: the certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}; "
            "renew it and name the new file"
        )
