"""Sample decisions → the time each of their PDFs takes per WeasyPrint stage, in one process.

The stages are WeasyPrint's own: parse (HTML → tree), style (cascade and computed values),
boxes (formatting structure), layout (line breaking, tables, pages), draw (page streams),
fonts (subsetting and embedding), tags (PDF/UA structure tree) and write (serialising and
compressing the file). Each is timed by wrapping WeasyPrint's function for it, around the
project's own render function (``pdf_worker.render``), so the figures are those of a build.

Several template folders can be compared in the same run (``--templates before=DIR``):
their renders alternate, document by document, so that a busy machine slows each alike.
``--profile DIR`` also writes a cProfile of every document, ``--pictures DIR`` its pages as
PNG (``pdftoppm -r 60``), and ``--pdfs DIR`` the PDFs themselves.

    python -m benchmarks.pdf_stages --repeats 5
    python -m benchmarks.pdf_stages --templates before=/tmp/before/templates --templates after=templates
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import functools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

STAGES = ("parse", "style", "boxes", "layout", "draw", "fonts", "tags", "write")
AS_OF = dt.date(2026, 11, 26)
SAMPLES = (("PCD 911", "form"), ("PCD 911", "appendix"), ("PCD 1040", "appendix"))
"""The decision form and MPS report of PCD 911 and the annex of PCD 1040 (example records)."""


@dataclass(frozen=True)
class Sample:
    name: str
    html: str


@dataclass
class Variant:
    """One template folder: its stylesheet parsed once, as a worker does, and its documents' HTML."""

    label: str
    templates: Path
    samples: list[Sample]
    state: dict[str, Any]


_clock: dict[str, float] = defaultdict(float)
now = time.process_time
"""The clock of every figure: this process's CPU time by default, which other work on a
shared machine disturbs far less than wall time (``--wall`` for wall time)."""


def _timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = now()
        try:
            return function(*args, **kwargs)
        finally:
            _clock[stage] += now() - started

    return wrapper


def _timed_generator(stage: str, function: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """A clock around each step of a generator (layout makes its pages one by one)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        steps = function(*args, **kwargs)
        while True:
            started = now()
            try:
                item = next(steps)
            except StopIteration:
                return
            finally:
                _clock[stage] += now() - started
            yield item

    return wrapper


def install_stage_clocks() -> None:
    """Wrap the function of each WeasyPrint stage with a clock (once per process)."""
    import pydyf
    import tinyhtml5
    import weasyprint.document as document
    import weasyprint.pdf as pdf

    from decision_press.render import pdf_tree

    tinyhtml5.parse = _timed("parse", tinyhtml5.parse)
    pdf_tree.parse = _timed("parse", pdf_tree.parse)  # the worker's own tree, where it can build one
    document.get_all_computed_styles = _timed("style", document.get_all_computed_styles)
    document.build_formatting_structure = _timed("boxes", document.build_formatting_structure)
    document.layout_document = _timed_generator("layout", document.layout_document)
    document.Page.paint = _timed("draw", document.Page.paint)
    pdf.build_fonts_dictionary = _timed("fonts", pdf.build_fonts_dictionary)
    pdf.add_tags = _timed("tags", pdf.add_tags)
    pydyf.PDF.write = _timed("write", pydyf.PDF.write)


def sample_html(templates: Path) -> list[Sample]:
    """The HTML of the sample documents made with the templates under ``templates/pdf``."""
    from decision_press.pipeline import prepare
    from decision_press.render.pdf_html import HtmlBuilder, environment
    from decision_press.settings import load_settings

    corpus, _, _ = prepare(load_settings(REPO), AS_OF)
    builder = HtmlBuilder(corpus)
    builder.env = environment((templates / "pdf").resolve())
    samples = []
    for reference, kind in SAMPLES:
        decision = corpus.get(reference)
        if decision is None:
            raise SystemExit(f"{reference} is not in the example records")
        documents = [d for d in builder.documents(decision) if d.document.kind == kind]
        document = documents[0]
        name = f"{reference} {'form' if kind == 'form' else decision.record.appendices[0].kind}"
        samples.append(Sample(name, document.html))
    samples.extend(synthetic_samples(templates))
    return samples


def synthetic_samples(templates: Path) -> list[Sample]:
    """The form and report of one record of the benchmark's synthetic archive."""
    from benchmarks.synthetic import write_archive
    from decision_press.pipeline import prepare
    from decision_press.render.pdf_html import HtmlBuilder, environment
    from decision_press.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="dp-stages-") as temp:
        project = Path(temp)
        for part in ("decision-press.yml", "assets"):
            source = REPO / part
            if source.is_dir():
                shutil.copytree(source, project / part)
            else:
                shutil.copy2(source, project / part)
        write_archive(project, 2, REPO)
        corpus, _, _ = prepare(load_settings(project), AS_OF)
        builder = HtmlBuilder(corpus)
        builder.env = environment((templates / "pdf").resolve())
        decision = corpus.get("PCD 2")
        if decision is None:
            raise SystemExit("the synthetic archive has no PCD 2")
        form, report = builder.documents(decision)
        return [Sample("synthetic form", form.html), Sample("synthetic report", report.html)]


def load_variant(label: str, templates: Path) -> Variant:
    from decision_press.render import pdf_worker

    css_path = (templates / "pdf" / "print.css").resolve()
    # The package's stylesheet reads its fonts from the site's assets/, as the build does
    # (render.pdf.style_source); an older checkout's templates/ sits beside its own assets/.
    beside_assets = (templates.parent / "assets").is_dir()
    base = css_path if beside_assets else (REPO / "templates" / "pdf" / "print.css").resolve()
    style = pdf_worker.StyleSource(
        css=css_path.read_text(encoding="utf-8"),
        base_url=base.as_uri(),
        roots=(str((REPO / "assets").resolve()), str(css_path.parent), str((templates.parent / "assets").resolve())),
    )
    pdf_worker._loaded.clear()
    pdf_worker.init(style)
    return Variant(label, templates, sample_html(templates), dict(pdf_worker._loaded))


def render(variant: Variant, sample: Sample) -> tuple[dict[str, float], bytes, int]:
    """One render of ``sample`` with ``variant``'s stylesheet: seconds per stage, PDF, pages."""
    from decision_press.render import pdf_worker

    pdf_worker._loaded.clear()
    pdf_worker._loaded.update(variant.state)
    _clock.clear()
    started = now()
    data, pages = pdf_worker.render(sample.html)
    seconds = dict(_clock)
    seconds["total"] = now() - started
    seconds["other"] = seconds["total"] - sum(seconds.get(stage, 0.0) for stage in STAGES)
    return seconds, data, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--templates",
        action="append",
        default=[],
        metavar="LABEL=DIR",
        help="a folder holding pdf/ templates (default: now=src/decision_press/templates)",
    )
    parser.add_argument("--repeats", type=int, default=5, help="renders of each document per variant")
    parser.add_argument("--profile", type=Path, help="write a cProfile per document and variant here")
    parser.add_argument("--pictures", type=Path, help="write every page as PNG here (pdftoppm -r 60)")
    parser.add_argument("--pdfs", type=Path, help="write every PDF here")
    parser.add_argument("--no-calibration", action="store_true")
    parser.add_argument("--wall", action="store_true", help="time by the wall clock instead of CPU time")
    args = parser.parse_args()
    if args.wall:
        global now
        now = time.perf_counter
    specs = [spec.split("=", 1) for spec in args.templates] or [["now", str(REPO / "src/decision_press/templates")]]
    install_stage_clocks()
    variants = [load_variant(label, Path(folder)) for label, folder in specs]
    from benchmarks.calibration import Calibration

    calibration = None if args.no_calibration else Calibration(now)
    from decision_press.render import pdf_worker

    # As a pool worker does once it has loaded. The calibration shares this process and so its
    # collector's settings: a little faster than in the fresh process the build is measured
    # against (benchmarks/bench.py), which makes the ratios here, if anything, too high.
    pdf_worker.set_aside_for_rendering()
    times: dict[tuple[str, str], list[dict[str, float]]] = defaultdict(list)
    pages: dict[tuple[str, str], int] = {}
    calibrations: list[float] = []
    for sample_index in range(len(variants[0].samples)):
        for variant in variants:  # warm-up render, also the one kept as PDF and pictures
            sample = variant.samples[sample_index]
            _, data, pages[(variant.label, sample.name)] = render(variant, sample)
            keep(args, variant.label, sample.name, data)
    for _ in range(args.repeats):
        for sample_index in range(len(variants[0].samples)):
            for variant in variants:
                sample = variant.samples[sample_index]
                times[(variant.label, sample.name)].append(render(variant, sample)[0])
        if calibration is not None:
            calibrations.append(calibration.seconds_per_page(1))
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
        for variant in variants:
            for sample in variant.samples:
                with profiled(args.profile / f"{variant.label}-{slug(sample.name)}.prof"):
                    render(variant, sample)
    print(report(variants, times, pages, statistics.median(calibrations) if calibrations else None))


def keep(args: argparse.Namespace, label: str, name: str, data: bytes) -> None:
    if args.pdfs:
        args.pdfs.mkdir(parents=True, exist_ok=True)
        (args.pdfs / f"{label}-{slug(name)}.pdf").write_bytes(data)
    if args.pictures:
        args.pictures.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(data)
            pdf.flush()
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", pdf.name, str(args.pictures / f"{label}-{slug(name)}")], check=True
            )


@contextmanager
def profiled(path: Path) -> Iterator[None]:
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats(str(path))


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def report(
    variants: list[Variant],
    times: dict[tuple[str, str], list[dict[str, float]]],
    pages: dict[tuple[str, str], int],
    calibration: float | None,
) -> str:
    """A Markdown table: median seconds per stage of each document and variant."""
    columns = [*STAGES, "other", "total"]
    lines = [
        "| document | variant | pages | " + " | ".join(columns) + " | per page | x calibration |",
        "|---|---|---|" + "---|" * (len(columns) + 2),
    ]
    for sample in variants[0].samples:
        for variant in variants:
            runs = times[(variant.label, sample.name)]
            count = pages[(variant.label, sample.name)]
            medians = {c: statistics.median(r.get(c, 0.0) for r in runs) for c in columns}
            per_page = medians["total"] / count
            ratio = f"{per_page / calibration:.2f} x" if calibration else "-"
            lines.append(
                f"| {sample.name} | {variant.label} | {count} | "
                + " | ".join(f"{medians[c] * 1000:.0f}" for c in columns)
                + f" | {per_page * 1000:.0f} | {ratio} |"
            )
    lines.append("")
    lines.append(f"Milliseconds of {'wall' if now is time.perf_counter else 'CPU'} time, median of the runs.")
    if calibration is not None:
        lines.append(f"Calibration (plain WeasyPrint, plain text, one font): {calibration * 1000:.1f} ms per page.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
