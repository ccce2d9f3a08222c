"""A built site, a site's address or one PDF → a report on whether each PDF is the one published.

Every PDF is checked against the site's manifest (:mod:`decision_press.render.manifest`):
missing, not listed, changed, or a copy of another file of the site. Where the manifest
says a PDF is sealed and trust roots are given, its seal is checked too
(:func:`decision_press.render.pdf_seal.check_seal`): intact, over the whole file, by a
certificate the roots vouch for, made for the place the file is in. A lone PDF with no
manifest above it is checked by its seal alone.

Fetching a site over http(s) is this command's purpose, so it does, and nothing else:
only http and https, a time-out on every request and a size limit on every file. Every
byte read, the manifest included, is untrusted: a path in the manifest names only a PDF
inside the site, and a file that cannot be read is reported, never raised.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decision_press import __version__, urls
from decision_press.errors import DecisionPressError, count_of
from decision_press.load.files import FileRefused, read_regular_file
from decision_press.render.manifest import ManifestEntry, ManifestInvalid, read_manifest
from decision_press.render.pdf_seal import check_seal

MAX_FILE_BYTES = 256 * 1024 * 1024
"""The largest PDF or manifest read (a decision's PDFs are well under 50 MB)."""
SHIPPED = frozenset({"attachment", "signed"})
"""Kinds of PDF published as received (an attachment, a signed copy): they carry no seal of ours."""
TIMEOUT_SECONDS = 30.0
"""How long one http(s) request may wait for the server, at connection and between reads."""


class CannotVerify(DecisionPressError):
    """Nothing could be checked: no manifest, an unreachable site, an unusable trust root."""


@dataclass
class VerifyReport:
    """What ``verify`` found: one line per failing file, and counts for the summary."""

    source: str
    checked: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(file, why it fails), in the manifest's order, then files the manifest does not list."""
    seals_checked: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        failed = len(self.failures)
        seals = f"; {count_of(self.seals_checked, 'seal')} checked" if self.seals_checked else ""
        intact = self.checked - failed
        return f"Checked {count_of(self.checked, 'PDF')} against {self.source}: {intact} intact, {failed} failed{seals}"


class _Source:
    """Where the files are: a folder or a site address."""

    def manifest(self) -> tuple[bytes, str]:
        raise NotImplementedError

    def read(self, path: str) -> bytes | None:
        """The file at ``path`` from the site root; None when it is not there."""
        raise NotImplementedError

    def listing(self) -> set[str] | None:
        """Every PDF under decisions/, when the source can list them."""
        return None


class _Unreadable(Exception):
    """A file that is there but cannot be read; the message says why."""


@dataclass
class _Folder(_Source):
    root: Path

    def manifest(self) -> tuple[bytes, str]:
        where = self.root / urls.MANIFEST
        data = self.read(urls.MANIFEST)
        if data is None:
            raise CannotVerify(f"{where}: no manifest here; name the folder a Decision Press build made (e.g. site/)")
        return data, str(where)

    def read(self, path: str) -> bytes | None:
        file = self.root / path
        if not file.resolve().is_relative_to(self.root.resolve()):
            raise _Unreadable("it lies outside the site folder (a link leads out)")
        if not file.exists() and not file.is_symlink():
            return None
        try:
            return read_regular_file(file, MAX_FILE_BYTES)
        except FileRefused as err:
            raise _Unreadable(f"cannot be read: {err.reason}") from None
        except OSError as err:
            raise _Unreadable(f"cannot be read: {err.strerror or err}") from None

    def listing(self) -> set[str]:
        folder = self.root / urls.REGISTER
        return {p.relative_to(self.root).as_posix() for p in folder.rglob("*.pdf")} if folder.is_dir() else set()


@dataclass
class _Site(_Source):
    base: str
    """The site's root address, ending in '/'."""

    def manifest(self) -> tuple[bytes, str]:
        address = self.base + urls.MANIFEST
        try:
            data = self.read(urls.MANIFEST)
        except _Unreadable as err:
            raise CannotVerify(f"{address}: {err}") from None
        if data is None:
            raise CannotVerify(f"{address}: no manifest at this address (404); give the site's root address")
        return data, address

    def read(self, path: str) -> bytes | None:
        return fetch(self.base + urllib.parse.quote(path))


def fetch(address: str, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The body at an http(s) address; None for 404 and 410; :class:`_Unreadable` for anything else."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPRedirectHandler(),  # it follows http(s) only: no other handler exists
        urllib.request.HTTPErrorProcessor(),
        urllib.request.HTTPDefaultErrorHandler(),
    ):
        opener.add_handler(handler)
    if urllib.parse.urlsplit(address).scheme not in ("http", "https"):
        raise _Unreadable("only http:// and https:// addresses are fetched")
    # The opener has http(s) handlers only, so a redirect to file: or ftp: fails too.
    request = urllib.request.Request(address, headers={"User-Agent": f"decision-press-verify/{__version__}"})  # noqa: S310
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            data: bytes = response.read(limit + 1)
    except urllib.error.HTTPError as err:
        if err.code in (404, 410):
            return None
        raise _Unreadable(f"the server answered HTTP {err.code} {err.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        raise _Unreadable(f"cannot be fetched: {reason}") from None
    if len(data) > limit:
        raise _Unreadable(f"larger than {limit // 1_048_576} MB")
    return data


def verify(target: str, trust_roots: list[Any] | None, trust_label: str = "") -> VerifyReport:
    """Check ``target`` (a site folder, a site address, or one PDF, local or remote)."""
    if target.startswith(("http://", "https://")):
        return _verify_address(target, trust_roots, trust_label)
    if "://" in target:
        raise CannotVerify(f"{target}: only http:// and https:// addresses, folders and PDF files can be checked")
    path = Path(target)
    if path.is_dir():
        return _verify_site(_Folder(path), trust_roots, trust_label)
    if path.is_file():
        return _verify_pdf_file(path, trust_roots, trust_label)
    raise CannotVerify(f"{target}: no such folder or file")


def _verify_address(address: str, trust_roots: list[Any] | None, trust_label: str) -> VerifyReport:
    parsed = urllib.parse.urlsplit(address)
    if not parsed.hostname:
        raise CannotVerify(f"{address}: not a web address")
    if parsed.path.endswith(".pdf"):
        root, marker, rest = parsed.path.rpartition("/" + urls.REGISTER)
        if not marker:
            raise CannotVerify(
                f"{address}: not the address of a decision's PDF (…/{urls.REGISTER}<decision>/<file>.pdf)"
            )
        base = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, root + "/", "", ""))
        only = urls.REGISTER + urllib.parse.unquote(rest)
        return _verify_site(_Site(base), trust_roots, trust_label, only=only)
    base = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, parsed.path.rstrip("/") + "/", "", ""))
    return _verify_site(_Site(base), trust_roots, trust_label)


def _verify_pdf_file(path: Path, trust_roots: list[Any] | None, trust_label: str) -> VerifyReport:
    """A PDF inside a built site is checked against its manifest; a lone one by its seal alone."""
    resolved = path.resolve()
    for folder in resolved.parents:
        if (folder / urls.MANIFEST).is_file() and resolved.is_relative_to(folder / urls.REGISTER):
            return _verify_site(_Folder(folder), trust_roots, trust_label, only=resolved.relative_to(folder).as_posix())
    if not trust_roots:
        raise CannotVerify(
            f"{path}: no manifest above this file, and no trust root to check its seal against; "
            "give --trust CERT.pem (the publisher's root certificate), or check the site it came from"
        )
    report = VerifyReport(f"its seal ({trust_label})", checked=1, seals_checked=1)
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except (FileRefused, OSError) as err:
        raise CannotVerify(f"{path}: cannot be read: {err}") from None
    verdict = check_seal(data, None, trust_roots)
    if verdict.problem:
        report.failures.append((str(path), verdict.problem))
    else:
        report.notes.append(f"{path}: sealed as published at {verdict.sealed_as}")
    return report


def _verify_site(
    source: _Source, trust_roots: list[Any] | None, trust_label: str, only: str | None = None
) -> VerifyReport:
    data, where = source.manifest()
    try:
        entries = read_manifest(data)
    except ManifestInvalid as err:
        raise CannotVerify(f"{where}: {err}") from None
    report = VerifyReport(where + (f" and seals against {trust_label}" if trust_roots else ""))
    by_digest: dict[str, list[str]] = {}
    for entry in entries:
        by_digest.setdefault(entry.sha256, []).append(entry.path)
    chosen = [entry for entry in entries if only is None or entry.path == only]
    if only is not None and not chosen:
        report.checked = 1
        report.failures.append((only, f"not in the manifest ({where}): the site did not publish it"))
        return report
    for entry in chosen:
        report.checked += 1
        problem = _check_entry(source, entry, by_digest, trust_roots, report)
        if problem:
            report.failures.append((entry.path, problem))
    listed = source.listing()
    if listed is not None and only is None:
        for extra in sorted(listed - {entry.path for entry in entries}):
            report.checked += 1
            report.failures.append((extra, "not in the manifest: this build did not publish it"))
    if not trust_roots and any(entry.sealed for entry in chosen):
        report.notes.append(
            "seals not checked: no trust root (give --trust CERT.pem, or signing.trust_root in decision-press.yml)"
        )
    attached = sum(1 for entry in chosen if entry.kind in SHIPPED and not entry.sealed)
    if trust_roots and attached:
        report.notes.append(
            f"{count_of(attached, 'attached or signed PDF')} checked against the manifest alone "
            "(published as received, without a seal)"
        )
    return report


def _check_entry(
    source: _Source,
    entry: ManifestEntry,
    by_digest: dict[str, list[str]],
    trust_roots: list[Any] | None,
    report: VerifyReport,
) -> str | None:
    try:
        data = source.read(entry.path)
    except _Unreadable as err:
        return str(err)
    if data is None:
        return "missing: the manifest lists it, but it is not there"
    problems = []
    digest = _sha256(data)
    if digest != entry.sha256:
        copies = [path for path in by_digest.get(digest, []) if path != entry.path]
        problems.append(
            f"it is a copy of {copies[0]}, not the file published here"
            if copies
            else "changed since it was published: its SHA-256 is not the manifest's"
        )
    # With a trust root, a generated PDF must hold the seal whatever the manifest says of it:
    # whoever could replace the file could edit the manifest too.
    if trust_roots and (entry.sealed or entry.kind not in SHIPPED):
        report.seals_checked += 1
        # A copy at a former address carries the seal made for the address it was rendered for.
        verdict = check_seal(data, entry.same_as or entry.path, trust_roots)
        if verdict.problem:
            problems.append(verdict.problem)
    return "; ".join(problems) or None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def summary_lines(report: VerifyReport) -> list[str]:
    """The report as people read it: each failing file with why, notes, then the summary."""
    return [*(f"{path}: FAILED: {why}" for path, why in report.failures), *report.notes, report.summary()]
