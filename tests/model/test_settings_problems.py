"""A mistake in decision-press.yml → a problem whose hint names the settings' own fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_press.errors import InvalidRecords
from decision_press.settings import load_settings


def test_a_misspelt_setting_is_matched_against_the_settings_fields(project: Path) -> None:
    settings = project / "decision-press.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "timezon: UTC\n", encoding="utf-8")
    with pytest.raises(InvalidRecords) as raised:
        load_settings(project)
    report = raised.value.report()
    assert "unknown field 'timezon'" in report
    assert "did you mean 'timezone'?" in report
    assert "appendices" not in report  # a record's fields are no hint for the settings file
