"""Describing the written tables as a Frictionless Data Package (datapackage.json).

``write_datapackage(report, out_dir)`` is called by ``export.write_tables`` after the
CSVs are written, and describes them: one tabular resource per CSV (the tables of
the contract and findings.csv), each with its Table Schema built from the data
dictionary (sdfkit.dictionary): field names and types, Korean titles, English
descriptions, units, primary and foreign keys. The descriptor is Data Package v1
(``profile: tabular-data-package``) with v2's ``type: table`` on resources, which
frictionless 5 reads as either; ``frictionless validate datapackage.json`` checks
the CSVs against it, including each file's size and sha256.

Choices a reader of the descriptor should know:

- **Keys.** ``projects`` is keyed by ``project_no`` and ``audit_items`` by
  ``item_no``; every other table by ``line``, the source line a row starts on (one
  row per line; tested on the bundled report and on edited copies). ``findings``
  has no key: several findings can point at one line, or at none. Every
  ``project_no`` outside ``projects`` is a foreign key to ``projects.project_no``;
  an empty one (a row that belongs to no project) is allowed.
- **Units.** Amounts are in the report's unit (meta.json's ``unit``; 천원 in this
  genre, written ``"unit": "KRW thousand"``, with ``currency`` and ``factor``);
  percents are as printed (56.5 means 56.5%, ``"unit": "percent"``). The package
  has the amount unit too, as ``unit``.
- **Fiscal roles.** Budget measures carry a ``fiscal`` property after the Fiscal
  Data Package: ``direction`` (revenue | expenditure), ``phase`` (adjusted for
  예산현액/최종예산, executed for 징수액/집행액/원인행위/지출액, and ``forecast`` for
  연말 집행예상액, which the FDP has no phase for), ``stage`` (collected |
  committed | spent), ``fiscalYear``, ``currency`` and ``factor``. In
  summary_budget the direction differs by row: ``"directionField": "side"`` says
  that each row's ``side`` column gives it. See sdfkit.dictionary for the reasons.
- **Reproducible.** Nothing comes from the clock: ``created`` is the report's own
  as-of date (기준일, meta.json's ``as_of``) at midnight Seoul time, so the same
  report always gives the same file. No licence is invented: the report is a
  public report to the Seoul Metropolitan Council, which is what ``rights`` says.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sdfkit.dictionary import DICTIONARY, PRIMARY_KEYS, PROJECT_REFERENCES, TABLE_INFO, Column
from sdfkit.dictionary.units import CURRENCY, MONEY_UNITS
from sdfkit.exceptions import OutputError
from sdfkit.output import atomic_write_text, safe_child
from sdfkit.report import TABLES, Report

FILE_NAME = "datapackage.json"
RESOURCES = [*TABLES, "findings"]
OTHER_UNITS = {"%": "percent", "건": "count"}
RIGHTS = (
    "Public report of an institution funded by the Seoul Metropolitan Government to the "
    "Seoul Metropolitan Council for its administrative audit (행정사무감사 업무보고). "
    "The publisher states no licence; none is claimed here."
)
_SLUG = re.compile(r"[^a-z0-9._-]+")


def package_name(report_id: str) -> str:
    """Given a report id, return a Data Package name: lowercase letters, digits and
    ``.-_`` only."""
    slug = _SLUG.sub("-", report_id.lower()).strip("-._")
    return slug or "sdfkit-report"


def amount_unit(meta: dict) -> tuple[str, str | None, int | None]:
    """Given the report's meta, return the amounts' unit in English, their currency
    and their factor (천원 → ("KRW thousand", "KRW", 1000)); an unknown unit is kept
    as printed, with no currency or factor."""
    unit = (meta.get("unit") or "천원").replace(" ", "")
    if unit in MONEY_UNITS:
        return MONEY_UNITS[unit].package, CURRENCY, MONEY_UNITS[unit].won
    return unit, None, None


def field_descriptor(col: Column, meta: dict) -> dict:
    """Given a column of the dictionary and the report's meta, return its Table
    Schema field descriptor."""
    out: dict = {
        "name": col.name,
        "type": col.type,
        "title": col.title,
        "description": col.description,
    }
    if col.type == "date":
        out["format"] = "default"  # ISO 8601, YYYY-MM-DD
    elif col.type == "boolean":
        out["trueValues"] = ["True"]
        out["falseValues"] = ["False"]
    if col.enum:
        out["constraints"] = {"enum": list(col.enum)}
    if col.unit is not None:
        unit, currency, factor = amount_unit(meta)
        if col.unit == "천원":
            out["unit"] = unit
            out["unitKo"] = meta.get("unit") or col.unit
        else:
            out["unit"] = OTHER_UNITS.get(col.unit, col.unit)
    if col.fiscal:
        _, currency, factor = amount_unit(meta)
        fiscal: dict = {}
        direction = col.fiscal.get("direction")
        if direction == "side":
            fiscal["directionField"] = "side"
        elif direction:
            fiscal["direction"] = direction
        fiscal["phase"] = col.fiscal["phase"]
        if col.fiscal.get("stage"):
            fiscal["stage"] = col.fiscal["stage"]
        year = (
            meta.get("prior_year") if col.fiscal.get("year") == "prior" else meta.get("fiscal_year")
        )
        if year is not None:
            fiscal["fiscalYear"] = int(year)
        if currency:
            fiscal["currency"] = currency
        if factor:
            fiscal["factor"] = factor
        out["fiscal"] = fiscal
    return out


def schema_descriptor(table: str, meta: dict) -> dict:
    """Given a table's name and the report's meta, return its Table Schema."""
    schema: dict = {
        "fields": [field_descriptor(col, meta) for col in DICTIONARY[table]],
        "missingValues": [""],
    }
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[table]
    if table in PROJECT_REFERENCES:
        schema["foreignKeys"] = [
            {
                "fields": ["project_no"],
                "reference": {"resource": "projects", "fields": ["project_no"]},
            }
        ]
    return schema


def resource_descriptor(table: str, csv_path: Path, meta: dict) -> dict:
    """Given a table's name, its written CSV and the report's meta, return its
    resource descriptor (with the file's size and sha256, so validation notices a
    file changed after the package was written)."""
    data = csv_path.read_bytes()
    title, what = TABLE_INFO[table]
    description = what
    if table == "summary_budget":
        description += (
            " Both summaries are in one table: each row's side (revenue | expenditure) "
            "gives the direction of its amounts."
        )
    return {
        "name": table,
        "type": "table",
        "profile": "tabular-data-resource",
        "path": csv_path.name,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "title": title,
        "description": description,
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "schema": schema_descriptor(table, meta),
    }


def package_descriptor(report: Report, out_dir: str | Path) -> dict:
    """Given a parsed report and the folder its CSVs were written to, return the
    datapackage.json descriptor (a dict)."""
    out = Path(out_dir)
    meta = report.meta
    institution = meta.get("institution") or "기관명 미상"
    year = meta.get("fiscal_year")
    unit, currency, factor = amount_unit(meta)
    title = (
        f"{institution} {year}년 행정사무감사 업무보고"
        if year
        else f"{institution} 행정사무감사 업무보고"
    )
    resources = []
    for table in RESOURCES:
        path = safe_child(out, f"{table}.csv")
        if not path.is_file():
            raise OutputError(
                f"{path.name} is missing: write the tables (export.write_tables) before the data package",
                out,
            )
        resources.append(resource_descriptor(table, path, meta))
    descriptor: dict = {
        "profile": "tabular-data-package",
        "name": package_name(report.report_id),
        "title": title,
        "description": (
            f"Tables read by sdfkit from {institution}'s work report to the Seoul Metropolitan "
            f"Council's administrative audit (행정사무감사 업무보고)"
            + (f" for {year}" if year else "")
            + (f", figures as of {meta['as_of']}" if meta.get("as_of") else "")
            + f". Amounts in {unit} ({meta.get('unit') or '천원'}); percents as printed "
            "(56.5 means 56.5%); line is the 1-based line of the source text. "
            "findings.csv lists what could not be read and what does not add up."
        ),
        "keywords": ["Seoul", "budget", "administrative audit", "행정사무감사", "업무보고"],
        "unit": unit,
        "rights": RIGHTS,
    }
    if currency:
        descriptor["currency"] = currency
    if factor:
        descriptor["factor"] = factor
    if meta.get("as_of"):
        descriptor["created"] = f"{meta['as_of']}T00:00:00+09:00"
    for key, value in (
        ("institution", meta.get("institution")),
        ("fiscalYear", meta.get("fiscal_year")),
        ("priorYear", meta.get("prior_year")),
        ("asOf", meta.get("as_of")),
    ):
        if value is not None:
            descriptor[key] = value
    source: dict = {"title": meta.get("source_file") or "report text"}
    if meta.get("source_sha256"):
        source["sha256"] = meta["source_sha256"]
    descriptor["sources"] = [source]
    descriptor["resources"] = resources
    return descriptor


def write_datapackage(report: Report, out_dir: str | Path) -> Path:
    """Given a parsed report and the folder its CSVs were written to, write
    datapackage.json there and return its path."""
    out = Path(out_dir)
    descriptor = package_descriptor(report, out)
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return atomic_write_text(safe_child(out, FILE_NAME), text)
