"""A plain text document → what one A4 page costs plain WeasyPrint on this machine, now.

The yardstick a build's time per PDF page is read against: plain WeasyPrint in one process
renders a multi-page document of paragraphs only (no table, no heading, one font: the
bundled Open Sans Regular), stylesheet and font parsed once as a careful plain user would,
WeasyPrint's default options otherwise (no tagging). Measured in the same run as the build,
so that both see the same machine.

    python -m benchmarks.calibration [--repeats 5] [--cpu]     # prints JSON
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PAGES = 20
STYLE = """
@font-face { font-family: "Open Sans"; src: url("OpenSans-Regular.ttf"); }
@page { size: A4; margin: 24mm 20mm 22mm 22mm; }
html { font-family: "Open Sans"; font-size: 10.5pt; line-height: 1.45; }
p { margin: 0 0 2.6mm; }
"""
"""The calibration's only style: one font, A4 with the documents' margins, paragraphs."""


def plain_pages(pages: int = PAGES) -> str:
    """A plain text document of about ``pages`` A4 pages: paragraphs of the example records' text."""
    from benchmarks.synthetic import example_texts

    texts = [t.replace("\n", " ") for t in example_texts(REPO)]
    paragraphs: list[str] = []
    words = 0
    while words <= 480 * pages:
        text = texts[len(paragraphs) % len(texts)]
        words += len(text.split())
        paragraphs.append(f"<p>{_escape(text)}</p>")
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>Calibration</title></head>"
        "<body>" + "\n".join(paragraphs) + "</body></html>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Calibration:
    """Plain WeasyPrint on the plain document: seconds per page by ``clock``."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter, pages: int = PAGES) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.clock = clock
        self.html = plain_pages(pages)
        self.fonts = FontConfiguration()
        fonts_dir = (REPO / "assets" / "fonts").resolve()
        self.css = CSS(string=STYLE, base_url=fonts_dir.as_uri() + "/", font_config=self.fonts)
        self.once()  # the first render loads the font and warms WeasyPrint's caches

    def once(self) -> tuple[float, int]:
        """One render and PDF: (seconds, pages)."""
        from weasyprint import HTML

        from decision_press.render import pdf_worker

        # WeasyPrint's own code, even in a process that renders the project's documents too.
        with pdf_worker.weasyprint_as_released():
            started = self.clock()
            document = HTML(string=self.html).render(font_config=self.fonts, stylesheets=[self.css])
            document.write_pdf()
            return self.clock() - started, len(document.pages)

    def runs(self, repeats: int = 5) -> list[float]:
        """Seconds per page of each of ``repeats`` renders."""
        return [seconds / pages for seconds, pages in (self.once() for _ in range(repeats))]

    def seconds_per_page(self, repeats: int = 5) -> float:
        """Median over ``repeats`` renders of seconds per page."""
        return statistics.median(self.runs(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="CPU time of this process instead of wall time")
    args = parser.parse_args()
    calibration = Calibration(time.process_time if args.cpu else time.perf_counter)
    runs = calibration.runs(args.repeats)
    print(json.dumps({"seconds_per_page": statistics.median(runs), "runs": runs, "pages": calibration.once()[1]}))


if __name__ == "__main__":
    main()
