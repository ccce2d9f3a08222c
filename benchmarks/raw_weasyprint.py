"""HTML files → PDFs with plain WeasyPrint in a process pool: the baseline the build is compared to.

Each worker parses the stylesheet and loads fonts once, as a careful plain WeasyPrint user
would; there is no cache, no restricted fetcher and no checks.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

_state: dict[str, Any] = {}


def _init(css_path: str) -> None:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    _state["fonts"] = fonts
    _state["css"] = CSS(filename=css_path, font_config=fonts)


def _render(html_path: str) -> int:
    from weasyprint import HTML

    document = HTML(filename=html_path).render(
        font_config=_state["fonts"], stylesheets=[_state["css"]], pdf_variant="pdf/ua-1"
    )
    document.write_pdf(pdf_variant="pdf/ua-1")
    return len(document.pages)


def main(html_dir: str, css_path: str, workers: int) -> None:
    files = sorted(str(p) for p in Path(html_dir).glob("*.html"))
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(css_path,)) as pool:
        pages = sum(pool.map(_render, files, chunksize=4))
    print(f"{len(files)} documents, {pages} pages")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
