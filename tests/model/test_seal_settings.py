"""The ``signing:`` setting → a seal key, or a message naming decision-press.yml's line, column and field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from decision_press.errors import BuildFailed, InvalidRecords
from decision_press.sealing import load_seal_key
from decision_press.settings import load_settings
from seal_ca import PASSWORD, PASSWORD_ENV, ThrowawayCA, configure_seal, make_ca


@pytest.fixture
def ca(tmp_path: Path) -> ThrowawayCA:
    return make_ca(tmp_path / "keys")


def failure(project: Path) -> str:
    with pytest.raises(BuildFailed) as raised:
        load_seal_key(load_settings(project))
    return str(raised.value)


def signing_line(project: Path, key: str) -> int:
    lines = (project / "decision-press.yml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip().startswith(f"{key}:"))


def test_without_signing_nothing_is_sealed(project: Path) -> None:
    assert load_seal_key(load_settings(project)) is None


def test_a_configured_seal_opens_with_the_password_from_the_environment(
    project: Path, ca: ThrowawayCA, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_seal(project, ca)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    seal = load_seal_key(load_settings(project))
    assert seal is not None
    assert re.fullmatch(r"[0-9a-f]{64}", seal.fingerprint)
    assert "Test publisher's seal" in seal.subject
    assert PASSWORD not in repr(seal)


def test_a_missing_password_variable_names_the_setting_at_its_line(
    project: Path, ca: ThrowawayCA, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_seal(project, ca)
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    message = failure(project)
    assert message.startswith(f"decision-press.yml:{signing_line(project, 'password_env')}:")
    assert f"signing.password_env: the environment variable {PASSWORD_ENV} is not set" in message


def test_a_wrong_password_is_said_in_words(project: Path, ca: ThrowawayCA, monkeypatch: pytest.MonkeyPatch) -> None:
    configure_seal(project, ca)
    monkeypatch.setenv(PASSWORD_ENV, "not the password")
    message = failure(project)
    assert f"decision-press.yml:{signing_line(project, 'certificate')}:" in message
    assert "the password in" in message and "is wrong" in message


def test_a_key_inside_the_project_is_refused(project: Path, ca: ThrowawayCA, monkeypatch: pytest.MonkeyPatch) -> None:
    inside = project / "keys" / "seal.p12"
    inside.parent.mkdir()
    inside.write_bytes(ca.p12.read_bytes())
    configure_seal(project, ThrowawayCA(ca.root_pem, Path("keys/seal.p12")))
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    assert "lies inside the project folder" in failure(project)


def test_a_missing_key_file_and_an_expired_certificate_are_named(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    configure_seal(project, ThrowawayCA(tmp_path / "root.pem", tmp_path / "nowhere.p12"))
    assert "cannot read" in failure(project) and "nowhere.p12" in failure(project)

    expired = make_ca(tmp_path / "old", "Old", expired=True)
    settings = project / "decision-press.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(str(tmp_path / "nowhere.p12"), str(expired.p12)), encoding="utf-8"
    )
    assert f"the certificate expired on {dt.date.today():%Y-%m}" in failure(project) or "expired on" in failure(project)


def test_a_password_written_in_the_file_instead_of_a_variable_name_is_a_problem_at_its_line(
    project: Path, ca: ThrowawayCA
) -> None:
    settings = project / "decision-press.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"\nsigning:\n  certificate: {ca.p12}\n  password_env: hunter2 secret\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidRecords) as raised:
        load_settings(project)
    assert f"decision-press.yml:{signing_line(project, 'password_env')}:" in raised.value.report()
    assert "signing.password_env" in raised.value.report()
