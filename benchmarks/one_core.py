"""A benchmark project's PDFs and the calibration, rendered by turns in one process → the CPU
time each takes per page, and their ratio.

The cold build's time per page is read against a calibration measured before and after it,
and both move with the machine, each its own way (the calibration, on one core, more than
the build on two). Here a project's first documents and the calibration's plain document are
rendered alternately, so whatever the machine does it does to both: a steadier figure of
what a page of the project's documents costs against a plain page, on one core, beside the
cold build's. The documents render with the build's worker code and collector settings
(``pdf_worker.init`` and ``set_aside_for_rendering``); the calibration shares the process,
which makes it, if anything, a little faster than in a fresh one, and the ratio a little high.

    python -m benchmarks.one_core PROJECT --as-of 2026-11-26 [--records 10] [--repeats 7]   # prints JSON
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def measure(project: Path, as_of: dt.date, records: int = 10, repeats: int = 7) -> dict[str, Any]:
    """CPU seconds per page of the first ``records`` decisions' PDFs and of the calibration, by turns."""
    from benchmarks.calibration import Calibration
    from decision_press.pipeline import prepare
    from decision_press.render import pdf_worker
    from decision_press.render.pdf import style_source
    from decision_press.render.pdf_html import HtmlBuilder
    from decision_press.settings import load_settings

    corpus = prepare(load_settings(project), as_of)[0]
    builder = HtmlBuilder(corpus)
    documents = [page.html for decision in corpus.decisions[:records] for page in builder.documents(decision)]
    pdf_worker.init(style_source(corpus))
    calibration = Calibration(time.process_time)
    pdf_worker.set_aside_for_rendering()
    pages = sum(pdf_worker.render(html)[1] for html in documents)  # warm: fonts, Pango, caches
    per_page: list[float] = []
    calibrations: list[float] = []
    for _ in range(repeats):
        started = time.process_time()
        for html in documents:
            pdf_worker.render(html)
        per_page.append((time.process_time() - started) / pages)
        calibrations.append(calibration.seconds_per_page(1))
    documents_s = statistics.median(per_page)
    calibration_s = statistics.median(calibrations)
    return {
        "documents": len(documents),
        "pages": pages,
        "documents_s_per_page": documents_s,
        "calibration_s_per_page": calibration_s,
        "ratio": documents_s / calibration_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--records", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(measure(args.project, args.as_of, args.records, args.repeats)))


if __name__ == "__main__":
    main()
