"""Every HTML page of the built example site, read by the Nu Html Checker (vnu.jar, Debian's Java)."""

from __future__ import annotations

import json
import re
import subprocess

from .conftest import VNU_JAR, ServedSite, require

THEME_MARKUP = {
    r"^Attribute “autocomplete” is only allowed when the input type is": (
        "Material's base template marks its drawer and search toggles (hidden checkboxes) "
        "autocomplete=off so that Firefox does not restore them open after going back; the "
        "attribute is harmless on a checkbox, and removing it would bring that bug back."
    ),
}
"""Errors the checker reports in Material's own markup, left as they are, with the reason."""


def test_no_errors_but_the_documented_theme_markup(served_site: ServedSite) -> None:
    java = require("java", "Java (Debian's default-jre-headless)")
    jar = require(VNU_JAR, "the Nu Html Checker (npm vnu-jar)")
    pages = sorted(str(p) for p in served_site.folder.rglob("*.html") if "assets" not in p.parts)
    assert len(pages) > 20
    result = subprocess.run(
        [java, "-jar", jar, "--format", "json", "--errors-only", *pages], capture_output=True, text=True, check=False
    )
    messages = json.loads(result.stderr)["messages"]
    unexplained = [
        f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" and not any(re.search(pattern, m["message"]) for pattern in THEME_MARKUP)
    ]
    assert unexplained == []
