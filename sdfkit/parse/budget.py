"""The budget tables: §Ⅰ's 세입·세출 총괄 and §Ⅳ's revenue and expenditure detail.

Given the document, return tidy tables with each row's parent rebuilt from the sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from sdfkit.dictionary import new_frame
from sdfkit.parse.document import Document
from sdfkit.parse.hierarchy import rebuild_parents
from sdfkit.parse.numbers import NEGATIVE_SIGNS, NEW_TOKEN, parse_amount, parse_percent
from sdfkit.parse.tables import (
    TOTAL_LABELS,
    Header,
    Row,
    find_headers,
    read_table_rows,
    unit_grain,
)

# How each kind of table's values map onto columns: (column, "amount"|"percent").
_SUMMARY_VALUES = [
    ("budget", "amount"),
    ("prior_budget", "amount"),
    ("change", "amount"),
    ("change_pct", "percent"),
    ("actual", "amount"),
    ("actual_pct", "percent"),
]
_REVENUE_VALUES = [
    ("budget", "amount"),
    ("prior_budget", "amount"),
    ("change", "amount"),
    ("change_pct", "percent"),
    ("collected", "amount"),
    ("collected_pct", "percent"),
]
_EXPENDITURE_VALUES = [
    ("budget", "amount"),
    ("spent", "amount"),
    ("spent_pct", "percent"),
    ("remaining", "amount"),
]


# The largest amount a table's integer columns (pandas Int64) can hold.
MAX_AMOUNT = 2**63 - 1


def read_amount(token: str) -> int:
    """Given an amount token of a table row, return its value; raise ValueError for
    what numbers.parse_amount rejects, and also for a leading zero (``01,234,567`` is
    a damaged figure, not 1,234,567) and for a figure too large for the tables."""
    value = parse_amount(token)
    digits = token.strip().lstrip(NEGATIVE_SIGNS)
    if len(digits) > 1 and digits[0] == "0":
        raise ValueError(f"not an amount (leading zero): {token!r}")
    if abs(value) > MAX_AMOUNT:
        raise ValueError(f"amount too large: {token[:24]!r}…")
    return value


@dataclass
class Parsed:
    """A table's rows as records, plus the printed format of its percents and how
    coarse its amounts are in main units (``grain``: 0 for a table printed in the
    main unit, 1,000 for one in 백만원 in a report of 천원)."""

    records: list[dict]
    percents: list[dict]
    grain: int = 0


def parse_values(
    doc: Document,
    table: str,
    rows: list[Row],
    spec: list[tuple[str, str]],
    factor: int | float = 1,
) -> Parsed:
    """Given rows and a value spec, return records with typed values; a row whose
    values do not read is left out and reported. Amounts are multiplied by
    ``factor`` (a table in another unit than the report's main one); a percent is
    read by its column, with or without ``%``."""
    records, percents = [], []
    for row in rows:
        record: dict = {"item": row.label, "line": row.line}
        formats = []
        try:
            for (column, kind), token in zip(spec, row.values, strict=True):
                if kind == "amount":
                    record[column] = convert(read_amount(token), factor)
                elif token == NEW_TOKEN:
                    record[column] = None
                    record["is_new"] = True
                else:
                    pct = parse_percent(token, bare=True)
                    record[column] = pct.value if pct else None
                    if pct:
                        formats.append((column, pct.decimals, pct.comma_typed))
        except ValueError as err:
            doc.note(
                "row_unreadable",
                table,
                f"Row '{row.label}' could not be read ({err}); it is left out.",
                "error",
                item=row.label,
                line=row.line,
            )
            continue
        record.setdefault("is_new", False)
        for column, decimals, comma in formats:
            percents.append(
                {
                    "table": table,
                    "row": len(records),
                    "column": column,
                    "decimals": decimals,
                    "comma_typed": comma,
                    "line": row.line,
                }
            )
        records.append(record)
    return Parsed(records, percents)


def assign_parents(parsed: Parsed, amounts: list[str]) -> None:
    """Given a table's parsed rows and its amount columns, set each record's
    ``parent`` label from which rows add up to which (within the rounding of the
    unit the table was printed in)."""
    records = parsed.records
    if not records:
        return
    vectors = [[r[c] for c in amounts] for r in records]
    has_total = records[0]["item"].replace(" ", "") in TOTAL_LABELS
    parents, _cost = rebuild_parents(vectors, has_total=has_total, grain=parsed.grain)
    for record, parent in zip(records, parents):
        record["parent"] = records[parent]["item"] if parent is not None else None


def _report_bad_rows(doc: Document, table: str, bad) -> None:
    for b in bad:
        doc.note(
            "row_unreadable",
            table,
            f"A line in the {table} table could not be read as a row ({b.reason}): '{b.text}'.",
            "error",
            line=b.line,
        )


def convert(value: int, factor: int | float) -> int:
    """Given an amount and its table's factor to the main unit, return it in the main
    unit; a table in a smaller unit (원 in a report of 천원) divides, rounded half up
    as the report would print it."""
    if factor == 1:
        return value
    scaled = value * factor
    return (
        int(scaled)
        if isinstance(factor, int)
        else int(Decimal(str(scaled)).quantize(0, ROUND_HALF_UP))
    )


def _read_table(doc: Document, table: str, header: Header, lo: int, hi: int, spec) -> Parsed:
    rows, bad, _end = read_table_rows(doc.lines, header, hi)
    _report_bad_rows(doc, table, bad)
    factor = doc.amount_factor(table, header.start, lo)
    parsed = parse_values(doc, table, rows, spec, factor)
    # The unit the figures were printed in bounds how far honest sums may miss.
    unit = doc.table_units.get(doc.lines[header.start].no)
    parsed.grain = unit_grain(unit, doc.main_unit)
    return parsed


def read_summary(doc: Document) -> tuple[pd.DataFrame, list[dict]]:
    """Given the document, return §Ⅰ's summary table (both sides) and its percent
    formats. The two bodies are told apart by their headers (집행 vs 징수), not by
    the order of their titles."""
    table = "summary_budget"
    span = doc.span("general")
    if not span:
        doc.missing_section("general", table)
        return new_frame([], "summary_budget"), []
    records: list[dict] = []
    percents: list[dict] = []
    found = set()
    for header in find_headers(doc.lines, *span):
        side = {"expenditure_summary": "expenditure", "revenue_summary": "revenue"}.get(
            header.kind or ""
        )
        if side is None or side in found:
            continue
        found.add(side)
        doc.tables_read.add(header.start)
        parsed = _read_table(doc, table, header, span[0], span[1], _SUMMARY_VALUES)
        assign_parents(parsed, ["budget", "prior_budget", "change", "actual"])
        for r in parsed.records:
            r["side"] = side
        for p in parsed.percents:
            p["row"] += len(records)
        records.extend(parsed.records)
        percents.extend(parsed.percents)
    for side in ("revenue", "expenditure"):
        if side not in found:
            doc.note(
                "table_missing",
                table,
                f"The {side} summary (세{'입' if side == 'revenue' else '출'} 총괄) table was not found.",
                "error",
            )
    return new_frame(records, "summary_budget"), percents


def read_detail(doc: Document) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Given the document, return §Ⅳ's revenue detail and expenditure detail tables
    and their percent formats."""
    revenue: list[dict] = []
    expenditure: list[dict] = []
    percents: list[dict] = []
    span = doc.span("budget")
    if not span:
        doc.missing_section("budget", "revenue_detail")
        doc.missing_section("budget", "expenditure_detail")
    else:
        for header in find_headers(doc.lines, *span):
            if header.kind == "revenue_summary" and not revenue:
                doc.tables_read.add(header.start)
                parsed = _read_table(
                    doc, "revenue_detail", header, span[0], span[1], _REVENUE_VALUES
                )
                assign_parents(parsed, ["budget", "prior_budget", "change", "collected"])
                revenue = parsed.records
                percents.extend(parsed.percents)
            elif header.kind == "expenditure_detail" and not expenditure:
                doc.tables_read.add(header.start)
                parsed = _read_table(
                    doc, "expenditure_detail", header, span[0], span[1], _EXPENDITURE_VALUES
                )
                assign_parents(parsed, ["budget", "spent", "remaining"])
                expenditure = parsed.records
                percents.extend(parsed.percents)
        for name, rows in (("revenue_detail", revenue), ("expenditure_detail", expenditure)):
            if not rows:
                doc.note("table_missing", name, f"The {name} table was not found in §Ⅳ.", "error")
    return (
        new_frame(revenue, "revenue_detail"),
        new_frame(expenditure, "expenditure_detail"),
        percents,
    )
