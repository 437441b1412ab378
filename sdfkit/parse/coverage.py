"""Nothing silently lost: every number printed in a table ends up somewhere.

``number_coverage(report, text)`` finds the table regions of the text again,
independently of what the readers kept (each table's header through its last row,
as ``tables.table_spans`` reads them, within the bounds the readers use), and
checks every number standing in a region's body (``numbers_of``): it must be in
some table cell on the same line (matched by line and value), or be named by a
parse finding as unread (a ``row_unreadable`` finding on its line, or a finding
that the whole table was not read: ``table_unread``, ``summary_cells_ambiguous``).
The ratio of such numbers to all numbers is the report's coverage; 1.0 means
nothing was dropped without a word.

Header lines are not counted: their numbers are years (``YYYY 예산현액``), read
into the metadata, not cells. Nor is a short bare number inside a row label
(``YYYY 사업 1``): it can be part of a name (see ``tables.is_figure``).
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pandas as pd

from sdfkit.parse.document import Document
from sdfkit.parse.numbers import is_amount, parse_amount, parse_percent
from sdfkit.parse.projects import find_project_sections
from sdfkit.parse.tables import TABLE_WIDTH, is_figure, split_values, table_spans
from sdfkit.read.text import split_lines

COVERAGE_COLUMNS = [
    "table",  # the kind of table the region is (tables.TABLE_WIDTH's keys)
    "line",  # 1-based line of the number
    "token",  # the number as printed
    "value",  # its value as a float (nil: 0; an amount beyond floats: ±inf; 순증: NaN)
    "in_cell",  # the number is in a cell of a row read from this line
    "in_finding",  # a parse finding says this line (or its whole table) was not read
]

# The value columns of each table of the contract that holds numbers from a region.
CELL_COLUMNS = {
    "summary_budget": ["budget", "prior_budget", "change", "change_pct", "actual", "actual_pct"],
    "revenue_detail": [
        "budget",
        "prior_budget",
        "change",
        "change_pct",
        "collected",
        "collected_pct",
    ],
    "expenditure_detail": ["budget", "spent", "spent_pct", "remaining"],
    "project_budget": [
        "budget",
        "committed",
        "spent",
        "committed_pct",
        "spent_pct",
        "expected",
        "expected_pct",
    ],
    "audit_summary": ["total", "done", "in_progress", "under_review", "not_adopted"],
}
# Findings that name one line as unread, and findings that say a whole table
# (every line of its region) could not be read into cells.
LINE_UNREAD_CHECKS = frozenset({"row_unreadable"})
TABLE_UNREAD_CHECKS = frozenset({"summary_cells_ambiguous", "table_unread"})


def _key(value) -> int | float:
    # Cells and tokens are compared by value: a nil cell (0, or empty for a nil
    # percent or 순증) matches a printed 0 or "-". Amounts stay ints (a printed
    # amount may have hundreds of digits, too many for a float); 5 == 5.0 as keys.
    if value is None or pd.isna(value):
        return 0
    if isinstance(value, float):
        return round(value, 4)
    return int(value)


def _as_float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _token_value(token: str) -> int | float | None:
    """Given a token, return its value when it is a number (amount, percent or nil)."""
    if is_amount(token):
        return parse_amount(token)
    try:
        pct = parse_percent(token)
    except ValueError:
        return None
    return pct.value if pct else 0.0


def numbers_of(text: str, kind: str) -> list[str]:
    """Given a table line and the table's kind, return the numbers standing in it:
    the values at its end (as many as the table has columns) and any figure in the
    label part (``tables.is_figure``); a short bare number in a label is label text."""
    label, values = split_values(text, TABLE_WIDTH[kind])
    return [t for t in label.split() if is_figure(t)] + values


def table_regions(doc: Document) -> list[tuple[str, int, int, int]]:
    """Given a document, return every table region as (kind, start, header end,
    end), 0-based half-open indexes. Regions are searched within each section (and
    the text before the first one) and, in §Ⅲ, within each project's part, the
    bounds the readers read tables within."""
    lines = doc.lines
    starts = [n for s in doc.sections.values() for n in (s.start, s.end)]
    starts += [p.start for p in find_project_sections(doc)]
    bounds = sorted({0, *starts, len(lines)})
    regions = []
    for lo, hi in zip(bounds, bounds[1:]):
        for span in table_spans(lines, lo, hi):
            regions.append((span.header.kind, span.start, span.header.end, span.end))
    return regions


def number_coverage(report, text: str) -> tuple[pd.DataFrame, float]:
    """Given a parsed report and its text, return (one row per number in a table
    region, with whether it is in a table cell or named in a finding; the share
    of those numbers that are in one or the other, 1.0 when there are none)."""
    lines = split_lines(text)
    doc = Document.from_lines(Path(report.meta.get("source_file") or "<input>"), lines)
    cells: dict[int, Counter] = {}
    for table, columns in CELL_COLUMNS.items():
        frame = getattr(report, table)
        for record in frame[columns + ["line"]].itertuples(index=False):
            line = record[-1]
            if line is None or pd.isna(line):
                continue
            cells.setdefault(int(line), Counter()).update(_key(v) for v in record[:-1])
    findings = report.parse_findings
    unread_lines = {
        int(n) for n in findings.loc[findings["check"].isin(LINE_UNREAD_CHECKS), "line"].dropna()
    }
    table_unread = [
        int(n) for n in findings.loc[findings["check"].isin(TABLE_UNREAD_CHECKS), "line"].dropna()
    ]
    records = []
    for kind, start, header_end, end in table_regions(doc):
        # Region as 1-based line numbers: lines[start] is line start + 1.
        whole_table = any(start < n <= end for n in table_unread)
        for line in lines[header_end:end]:
            available = cells.get(line.no, Counter())
            for token in numbers_of(line.text, kind):
                value = _token_value(token)
                key = _key(value)
                in_cell = available[key] > 0
                if in_cell:
                    available[key] -= 1
                records.append(
                    {
                        "table": kind,
                        "line": line.no,
                        "token": token,
                        "value": _as_float(value) if value is not None else math.nan,
                        "in_cell": in_cell,
                        "in_finding": whole_table or line.no in unread_lines,
                    }
                )
    frame = pd.DataFrame(records, columns=COVERAGE_COLUMNS)
    frame["line"] = frame["line"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame["in_cell"] = frame["in_cell"].astype(bool)
    frame["in_finding"] = frame["in_finding"].astype(bool)
    ratio = float((frame["in_cell"] | frame["in_finding"]).mean()) if len(frame) else 1.0
    return frame, ratio
