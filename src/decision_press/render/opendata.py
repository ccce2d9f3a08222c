"""Corpus → open data: ``decisions.json`` and ``decisions.csv`` (fields in docs/open-data.md).

Both files hold the same rows in the same stable order (the register's: newest signed
first, then by reference number) and carry every public decision, withdrawn ones
included with their status, its public change notes and its last update. The JSON also
lists the removals (reference, when, why, the replacement), never a removed decision's
content. They are made from the corpus, so drafts, embargoed decisions and Part 2 text
cannot appear: Part 2 is reported only as its public reason.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from decision_press import urls
from decision_press.corpus import Corpus, PublicDecision
from decision_press.render.json_rows import compact, indented_json
from decision_press.render.markdown_lite import plain_text
from decision_press.render.outputs import RenderedDocument
from decision_press.session import Latest

FIELDS = (
    "reference",
    "title",
    "status",
    "type",
    "type_name",
    "decision_maker",
    "decision_maker_name",
    "signed",
    "published",
    "amount",
    "topics",
    "summary",
    "url",
    "decision_form_url",
    "documents",
    "legal_bases",
    "related",
    "part2_reason",
    "withdrawn_on",
    "withdrawal_reason",
    "last_updated",
    "changes",
)
"""Column order of the CSV and key order of each JSON object."""


def _row(
    corpus: Corpus, decision: PublicDecision, documents: Mapping[tuple[str, str], RenderedDocument], base: str
) -> dict[str, Any]:
    record = decision.record
    published = [doc for doc in decision.documents if (decision.slug, doc.filename) in documents]
    docs = [{"title": doc.title, "url": f"{base}{urls.document(decision.slug, doc.filename)}"} for doc in published]
    # The form made from the record, which a signed copy (listed before it) does not replace.
    form = next((docs[i]["url"] for i, doc in enumerate(published) if doc.kind == "form"), None)
    return {
        "reference": record.reference,
        "title": record.title,
        "status": record.status.value,
        "type": record.prefix,
        "type_name": decision.type.name,
        "decision_maker": record.decision_maker.role,
        "decision_maker_name": record.decision_maker.name,
        "signed": record.signed.isoformat() if record.signed else None,
        "published": record.public_from.isoformat() if record.public_from else None,
        "amount": record.headline_amount,
        "topics": list(record.topics),
        "summary": plain_text(record.summary),
        "url": f"{base}{decision.url}",
        "decision_form_url": form,
        "documents": docs,
        "legal_bases": list(record.legal_bases),
        # Only public decisions may be named: a related draft stays unmentioned.
        "related": [r.reference for r in record.related if corpus.get(r.reference) is not None],
        "part2_reason": plain_text(record.part2.reason) if record.part2 else None,
        "withdrawn_on": record.withdrawal.date.isoformat() if record.withdrawal else None,
        "withdrawal_reason": plain_text(record.withdrawal.reason) if record.withdrawal else None,
        "last_updated": record.last_updated.isoformat() if record.last_updated else None,
        "changes": [{"date": c.date.isoformat(), "note": plain_text(c.note)} for c in record.public_changes],
    }


def open_data_rows(
    corpus: Corpus, documents: Mapping[tuple[str, str], RenderedDocument], site_url: str | None
) -> list[dict[str, Any]]:
    """One row per public decision, in register order: what both files are written from."""
    base = site_url or "/"
    return [_row(corpus, decision, documents, base) for decision in corpus.decisions]


def removals(corpus: Corpus, site_url: str | None) -> list[dict[str, Any]]:
    """Every decision removed after publication: its reference, when, why and what replaces it."""
    base = site_url or "/"
    return [
        {
            "reference": removed.reference,
            "removed_on": removed.removal.date.isoformat(),
            "reason": plain_text(removed.removal.reason),
            "replacement": removed.removal.replacement if corpus.get(removed.removal.replacement or "") else None,
            "url": f"{base}{urls.decision(removed.slug)}",
        }
        for removed in sorted(corpus.removed, key=lambda r: (r.removal.date, r.reference), reverse=True)
    ]


def decisions_json(
    corpus: Corpus,
    rows: list[dict[str, Any]],
    removed: list[dict[str, Any]] | None = None,
    written: Latest[str, str] | None = None,
) -> str:
    """All public decisions as one JSON document (UTF-8, keys in :data:`FIELDS` order), then the removals.

    ``written`` keeps each row's text for the next build of a preview (:mod:`.json_rows`).
    """
    payload = {
        "publisher": corpus.settings.project.organisation.name,
        "as_of": corpus.as_of.isoformat(),
        "count": len(rows),
        "decisions": rows,
        "removals": removed or [],
    }
    return indented_json(payload, "decisions", written, default=_json_number) + "\n"


def _json_number(value: object) -> int | float:
    """An amount (Decimal) as a JSON number: whole pounds as an integer, pence as a decimal.

    A float holds any sum of pounds and pence below a trillion exactly as written, so
    ``1250.50`` reads back as 1250.5 in every JSON parser.
    """
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"not JSON data: {value!r}")


SCHEMA_PATH = urls.DATA_SCHEMA
"""Where the JSON Schema of decisions.json is published, beside it (a URL that never changes)."""

_TEXT = {"type": "string"}
_MAYBE_TEXT = {"type": ["string", "null"]}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_MAYBE_DATE = {**_DATE, "type": ["string", "null"]}
_URL = {"type": "string", "format": "uri"}
_TEXTS = {"type": "array", "items": _TEXT}
_FIELD_SCHEMAS: dict[str, dict[str, Any]] = {
    "reference": _TEXT,
    "title": _TEXT,
    "status": {"enum": ["published", "withdrawn"]},
    "type": _TEXT,
    "type_name": _TEXT,
    "decision_maker": _TEXT,
    "decision_maker_name": _MAYBE_TEXT,
    "signed": _MAYBE_DATE,
    "published": _MAYBE_DATE,
    "amount": {"type": ["number", "null"], "minimum": 0},
    "topics": _TEXTS,
    "summary": _TEXT,
    "url": _URL,
    "decision_form_url": {**_URL, "type": ["string", "null"]},
    "documents": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["title", "url"],
            "properties": {"title": _TEXT, "url": _URL},
        },
    },
    "legal_bases": _TEXTS,
    "related": _TEXTS,
    "part2_reason": _MAYBE_TEXT,
    "withdrawn_on": _MAYBE_DATE,
    "withdrawal_reason": _MAYBE_TEXT,
    "last_updated": _MAYBE_DATE,
    "changes": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["date", "note"],
            "properties": {"date": _DATE, "note": _TEXT},
        },
    },
}
_REMOVAL_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["reference", "removed_on", "reason", "replacement", "url"],
    "properties": {
        "reference": _TEXT,
        "removed_on": _DATE,
        "reason": _TEXT,
        "replacement": _MAYBE_TEXT,
        "url": _URL,
    },
}


def decisions_schema(site_url: str | None) -> str:
    """The JSON Schema (2020-12) that decisions.json follows, field by field as docs/open-data.md says."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{site_url or '/'}{SCHEMA_PATH}",
        "title": "Register of decisions",
        "description": "The public decisions of the register, as published in decisions.json.",
        "type": "object",
        "additionalProperties": False,
        "required": ["publisher", "as_of", "count", "decisions", "removals"],
        "properties": {
            "publisher": _TEXT,
            "as_of": _DATE,
            "count": {"type": "integer", "minimum": 0},
            "decisions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": list(FIELDS),
                    "properties": {name: _FIELD_SCHEMAS[name] for name in FIELDS},
                },
            },
            "removals": {"type": "array", "items": _REMOVAL_SCHEMA},
        },
    }
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV Injection)."""


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell that a spreadsheet shows as text: a formula start gets a leading ``'``.

    The JSON keeps the value as written; only the CSV, which people open in Excel or
    LibreOffice, is guarded. Every CSV field is quoted as well, so that a separator inside
    a value can never start a new cell with one of these characters.
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def decisions_csv(rows: list[dict[str, Any]], written: Latest[str, str] | None = None) -> str:
    """All public decisions as CSV with a header row; lists are joined with '; '.

    ``written`` keeps each row's line by the row's compact JSON, for the next build of a preview.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    lines = [buffer.getvalue()]
    memo: Latest[str, str] = written if written is not None else Latest()
    for row in rows:
        key = compact(row, _json_number)
        line = memo.get(key)
        if line is None:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(_csv_cells(row))
            line = buffer.getvalue()
            memo.put(key, line)
        lines.append(line)
    return "".join(lines)


def _csv_cells(row: dict[str, Any]) -> dict[str, str]:
    flat = dict(row)
    flat["topics"] = "; ".join(row["topics"])
    flat["documents"] = "; ".join(doc["url"] for doc in row["documents"])
    flat["legal_bases"] = "; ".join(row["legal_bases"])
    flat["related"] = "; ".join(row["related"])
    flat["changes"] = "; ".join(f"{change['date']}: {change['note']}" for change in row["changes"])
    return {key: "" if value is None else spreadsheet_safe(str(value)) for key, value in flat.items()}
