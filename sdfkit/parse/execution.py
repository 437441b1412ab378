"""Each project's 예산집행 현황 table in §Ⅲ: budget, commitments, disbursements and the
year-end forecast, with the table's own as-of date."""

from __future__ import annotations

import pandas as pd

from sdfkit.dictionary import new_frame
from sdfkit.parse import dates
from sdfkit.parse.budget import parse_values
from sdfkit.parse.document import Document
from sdfkit.parse.projects import ProjectSection
from sdfkit.parse.tables import find_headers, read_table_rows

_VALUES = [
    ("budget", "amount"),
    ("committed", "amount"),
    ("spent", "amount"),
    ("committed_pct", "percent"),
    ("spent_pct", "percent"),
    ("expected", "amount"),
    ("expected_pct", "percent"),
]


def budget_labels(doc: Document, sections: list[ProjectSection]) -> dict[int, list[str]]:
    """Given the project sections, return the row labels of each one's budget table
    (names the project goes by elsewhere)."""
    labels: dict[int, list[str]] = {}
    for s in sections:
        for header in find_headers(doc.lines, s.start, s.end):
            if header.kind == "project_budget":
                rows, _bad, _end = read_table_rows(doc.lines, header, s.end)
                labels.setdefault(s.no, []).extend(r.label for r in rows)
    return labels


def table_as_of(doc: Document, header_start: int, fiscal_year: int | None):
    """Given a table header's index, return the 기준 date stated in the lines just
    above it (the table's title and unit line)."""
    for idx in range(header_start - 1, max(header_start - 6, -1), -1):
        found = dates.find_as_of(doc.lines[idx].text, fiscal_year)
        if found:
            return found
    return None


def read_project_budget(
    doc: Document, sections: list[ProjectSection]
) -> tuple[pd.DataFrame, list[dict]]:
    """Given the project sections, return every project's budget execution rows and
    their percent formats."""
    table = "project_budget"
    records: list[dict] = []
    percents: list[dict] = []
    for s in sections:
        headers = [h for h in find_headers(doc.lines, s.start, s.end) if h.kind == table]
        if not headers:
            doc.note(
                "table_missing",
                table,
                f"Project {s.no} '{s.title}' has no budget execution table (예산집행 현황).",
                "error",
                project_no=s.no,
                line=s.line,
            )
            continue
        for header in headers:
            doc.tables_read.add(header.start)
            rows, bad, _end = read_table_rows(doc.lines, header, s.end)
            for b in bad:
                doc.note(
                    "row_unreadable",
                    table,
                    f"A line of project {s.no}'s budget table could not be read ({b.reason}): '{b.text}'.",
                    "error",
                    project_no=s.no,
                    line=b.line,
                )
            as_of = table_as_of(doc, header.start, doc.fiscal_year)
            if as_of is None:
                doc.note(
                    "as_of_missing",
                    table,
                    f"Project {s.no}'s budget table states no as-of date (기준).",
                    project_no=s.no,
                    line=doc.lines[header.start].no,
                )
            factor = doc.amount_factor(table, header.start, s.start)
            parsed = parse_values(doc, table, rows, _VALUES, factor)
            for r in parsed.records:
                r["project_no"] = s.no
                r["as_of"] = as_of
            for p in parsed.percents:
                p["row"] += len(records)
            records.extend(parsed.records)
            percents.extend(parsed.percents)
    frame = new_frame(records, "project_budget")
    return frame, percents
