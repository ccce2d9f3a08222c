"""Example records → a synthetic archive of N realistic decisions, for benchmarks.

Text is drawn from the example data (so lengths match real records), references are
numbered PCD 1..N, dates run back from 2026 at about 200 decisions a year, and each
decision has a report appendix (on average one appendix per decision, as real ones).
The result is a plain YAML records file the real loader reads.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

TOPICS = [
    "Drugs",
    "County Lines",
    "Violence Reduction",
    "Victims",
    "Grant funding",
    "Estates",
    "Technology",
    "Workforce",
    "Custody",
    "Youth",
    "Domestic Abuse",
    "Road Safety",
]


def example_texts(repo: Path) -> list[str]:
    """Every paragraph text of the example records."""
    texts: list[str] = []
    for path in [repo / "data" / "decisions.yaml", *sorted((repo / "data" / "decisions").glob("*.yaml"))]:
        for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for section in record.get("sections", []):
                for paragraph in section["paragraphs"]:
                    text = paragraph if isinstance(paragraph, str) else paragraph.get("text")
                    if text and "CANARY" not in text:
                        texts.append(text)
    return texts


def synthetic_records(count: int, texts: list[str], seed: int = 911) -> list[dict[str, Any]]:
    """``count`` valid, public decision records."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not secrets
    records = []
    start = dt.date(2026, 6, 30)
    for number in range(1, count + 1):
        signed = start - dt.timedelta(days=(count - number) * 365 // 200)
        sections = [
            {"title": title, "paragraphs": rng.sample(texts, k=min(len(texts), rng.randint(1, 3)))}
            for title in (
                "Introduction and background",
                "Issues for consideration",
                "Financial Comments",
                "Legal Comments",
                "Equality Comments",
            )
        ]
        records.append(
            {
                "reference": f"PCD {number}",
                "title": f"Synthetic decision {number}: {rng.choice(TOPICS)} programme",
                "status": "published",
                "decision_maker": "Deputy Mayor for Policing and Crime",
                "signed": signed.isoformat(),
                "published": (signed + dt.timedelta(days=rng.randint(1, 10))).isoformat(),
                "topics": rng.sample(TOPICS, k=rng.randint(1, 3)),
                "amount": str(rng.randrange(5_000, 5_000_000, 500)),
                "summary": rng.choice(texts),
                "recommendations": [rng.choice(texts)[:400]],
                "sections": sections,
                "appendices": [
                    {
                        "kind": "report",
                        "title": f"MPS Report {number}",
                        "summary": rng.choice(texts),
                        "sections": sections[:2],
                    }
                ],
            }
        )
    return records


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


PER_FILE = 500
"""Records per file, as a register kept in one file per year or so would be."""


def write_archive(target: Path, count: int, repo: Path) -> list[Path]:
    """Write ``count`` synthetic records as the project's only records, in files of PER_FILE."""
    records = synthetic_records(count, example_texts(repo))
    folder = target / "data" / "decisions"
    folder.mkdir(parents=True, exist_ok=True)
    (target / "data" / "decisions.yaml").unlink(missing_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    written = []
    for start in range(0, len(records), PER_FILE):
        path = folder / f"synthetic-{start // PER_FILE + 1:03d}.yaml"
        text = yaml.dump(
            records[start : start + PER_FILE], Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000
        )
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
