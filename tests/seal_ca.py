"""A throw-away certificate authority, made at test time: a root, and a sealing certificate it issues.

Nothing here is kept or committed: each test (or benchmark) makes its own, in a folder outside
the project, as a real publisher keeps its key outside the repository.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "correct horse battery staple"
PASSWORD_ENV = "DECISION_PRESS_TEST_SEAL_PASSWORD"


@dataclass(frozen=True)
class ThrowawayCA:
    root_pem: Path
    """The root certificate, as 'verify --trust' takes it."""
    p12: Path
    """The sealing key and its certificate chain, protected by :data:`PASSWORD`."""


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Decision Press test (not real)"),
        ]
    )


def make_ca(folder: Path, name: str = "Test", *, valid_days: int = 30, expired: bool = False) -> ThrowawayCA:
    """Write ``folder/<name>-root.pem`` and ``folder/<name>-seal.p12`` (a fresh root and sealing key)."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    start, end = (
        (now - dt.timedelta(days=60), now - dt.timedelta(days=1))
        if expired
        else (now - dt.timedelta(days=1), now + dt.timedelta(days=valid_days))
    )
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name(f"{name} root CA")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=90))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    seal_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    seal = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{name} publisher's seal"))
        .issuer_name(root_name)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    root_pem = folder / f"{name.lower()}-root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    p12 = folder / f"{name.lower()}-seal.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"seal",
            seal_key,
            seal,
            [root],
            serialization.BestAvailableEncryption(PASSWORD.encode("utf-8")),
        )
    )
    return ThrowawayCA(root_pem, p12)


def configure_seal(project: Path, ca: ThrowawayCA, *, trust_root: bool = False) -> None:
    """Name ``ca``'s sealing key in ``project``'s decision-press.yml (the password comes from :data:`PASSWORD_ENV`)."""
    settings = project / "decision-press.yml"
    lines = ["", "signing:", f"  certificate: {ca.p12}", f"  password_env: {PASSWORD_ENV}"]
    if trust_root:
        lines.append(f"  trust_root: {ca.root_pem}")
    settings.write_text(settings.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
