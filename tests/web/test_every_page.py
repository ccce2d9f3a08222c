"""What every page of the example site carries, whatever its kind: the route to another format."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import REPO

from .conftest import Elements


def test_every_page_says_how_to_ask_for_another_format(example_site: Path) -> None:
    email = yaml.safe_load((REPO / "decision-press.yml").read_text(encoding="utf-8"))["organisation"]["email"]
    pages = [p for p in example_site.rglob("*.html") if "assets" not in p.parts]
    assert len(pages) > 20 and any(p.name == "404.html" for p in pages)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a former address that sends the reader on at once
        # A removal notice is a plain page outside the theme, with a footer of its own.
        start = '<footer class="dp-standalone-footer">' if "dp-standalone" in text else '<div class="md-copyright">'
        footer = text[text.index(start) :]
        assert "in another format" in footer, page
        assert f"mailto:{email}?subject=Another%20format" in [a.get("href") for a in Elements(footer).all("a")], page


def test_forms_can_be_sent_from_the_keyboard(example_site: Path) -> None:
    register = (example_site / "decisions" / "index.html").read_text(encoding="utf-8")
    forms = register.split("<form")[1:]
    assert len(forms) == 2  # the header's search and the register's filters
    for form in forms:
        assert any(b.get("type") == "submit" for b in Elements(form.split("</form>")[0]).all("button"))
