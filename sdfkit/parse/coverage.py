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
from sdfkit.parse.tables import (
    TABLE_WIDTH,
    Header,
    TableSpan,
    is_figure,
    split_values,
    table_spans,
    table_unit,
    unit_factor,
)
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
LINE_UNREAD_CHECKS = frozenset({"row_unreadable", "numbers_unread"})
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
        pct = parse_percent(token, bare=True)
    except ValueError:
        return None
    return pct.value if pct else 0.0


def numbers_of(text: str, kind: str, header: Header | None = None) -> list[str]:
    """Given a table line and the table's kind (or its header, which also says which
    columns the contract does not have), return the numbers standing in it: the
    values at its end (as many as the table has columns) and any figure in the
    label part (``tables.is_figure``); a short bare number in a label is label text."""
    return [token for token, _pos in _numbers(text, kind, header)]


def _numbers(text: str, kind: str, header: Header | None) -> list[tuple[str, int | None]]:
    # The numbers of a line with their position among the row's values (None: in
    # the label part).
    width = header.width if header is not None else TABLE_WIDTH[kind]
    note = header.note if header is not None else False
    label, values = split_values(text, width, note)
    return [(t, None) for t in label.split() if is_figure(t)] + list(
        zip(values, range(len(values)))
    )


def region_spans(doc: Document) -> list[tuple[TableSpan, int]]:
    """Given a document, return every table's span with the index its part of the
    text starts at (how far up its unit line may stand). Tables are searched within
    each section (and the text before the first one) and, in §Ⅲ, within each
    project's part: the bounds the readers read tables within."""
    if "region_spans" not in doc.cache:
        lines = doc.lines
        starts = [n for s in doc.sections.values() for n in (s.start, s.end)]
        starts += [p.start for p in find_project_sections(doc)]
        bounds = sorted({0, *starts, len(lines)})
        doc.cache["region_spans"] = [
            (span, lo) for lo, hi in zip(bounds, bounds[1:]) for span in table_spans(lines, lo, hi)
        ]
    return list(doc.cache["region_spans"])


def table_regions(doc: Document) -> list[tuple[str, int, int, int]]:
    """Given a document, return every table region as (kind, start, header end,
    end), 0-based half-open indexes (see region_spans)."""
    return [(s.header.kind, s.start, s.header.end, s.end) for s, _lo in region_spans(doc)]


def main_unit(doc: Document) -> str | None:
    """Given a document, return the unit most of its tables state (the first one's
    among equals), or None when no table states one."""
    units = [
        table_unit(doc.lines, span.start, lo)[0]
        for span, lo in region_spans(doc)
        if span.header.kind != "audit_summary"
    ]
    units = [u for u in units if u]
    if not units:
        return None
    counts = Counter(units)
    top = max(counts.values())
    return next(u for u in units if counts[u] == top)


def number_coverage(report, text: str) -> tuple[pd.DataFrame, float]:
    """Given a parsed report and its text, return (one row per number in a table
    region, with whether it is in a table cell or named in a finding; the share
    of those numbers that are in one or the other, 1.0 when there are none)."""
    lines = split_lines(text)
    doc = Document.from_lines(Path(report.meta.get("source_file") or "<input>"), lines)
    doc.main_unit = report.meta.get("unit")
    tables = {name: getattr(report, name) for name in CELL_COLUMNS}
    frame = coverage_frame(doc, tables, report.parse_findings)
    ratio = float((frame["in_cell"] | frame["in_finding"]).mean()) if len(frame) else 1.0
    return frame, ratio


def coverage_frame(
    doc: Document, tables: dict[str, pd.DataFrame], findings: pd.DataFrame
) -> pd.DataFrame:
    """Given a document (its main unit set), the tables read from it and the parse
    findings, return one row per number standing in a table region, with whether
    it is in a cell of a row read from its line (amounts compared in the main unit)
    or named in a finding. Numbers of columns the contract does not have (이월액)
    are kept aside by design, and counted as named."""
    cells: dict[int, Counter] = {}
    for table, columns in CELL_COLUMNS.items():
        frame = tables.get(table)
        if frame is None or frame.empty:
            continue
        for record in frame[columns + ["line"]].itertuples(index=False):
            line = record[-1]
            if line is None or pd.isna(line):
                continue
            cells.setdefault(int(line), Counter()).update(_key(v) for v in record[:-1])
    checks = findings["check"] if len(findings) else pd.Series([], dtype=object)
    unread_lines = {int(n) for n in findings.loc[checks.isin(LINE_UNREAD_CHECKS), "line"].dropna()}
    table_unread = [int(n) for n in findings.loc[checks.isin(TABLE_UNREAD_CHECKS), "line"].dropna()]
    records = []
    lines = doc.lines
    for span, lo in region_spans(doc):
        kind, header = span.header.kind, span.header
        start, header_end, end = span.start, header.end, span.end
        factor = unit_factor(table_unit(lines, start, lo)[0], doc.main_unit)
        percents = PERCENT_POSITIONS.get(kind, ())
        # Region as 1-based line numbers: lines[start] is line start + 1.
        whole_table = any(start < n <= end for n in table_unread)
        for line in lines[header_end:end]:
            available = cells.get(line.no, Counter())
            for token, pos in _numbers(line.text, kind, header):
                extra = pos is not None and pos in header.extras
                if not extra and pos is not None and header.extras:
                    pos -= sum(1 for e in header.extras if e < pos)
                value = _token_value(token)
                if value is not None and factor != 1 and pos not in percents and is_amount(token):
                    value = _scaled(value, factor)
                key = _key(value)
                # A number set aside (이월액) takes no cell another number stands for.
                in_cell = not extra and available[key] > 0
                if in_cell:
                    available[key] -= 1
                records.append(
                    {
                        "table": kind,
                        "line": line.no,
                        "token": token,
                        "value": _as_float(value) if value is not None else math.nan,
                        "in_cell": in_cell,
                        "in_finding": whole_table or line.no in unread_lines or extra,
                    }
                )
    frame = pd.DataFrame(records, columns=COVERAGE_COLUMNS)
    frame["line"] = frame["line"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame["in_cell"] = frame["in_cell"].astype(bool)
    frame["in_finding"] = frame["in_finding"].astype(bool)
    return frame


def _scaled(value: int | float, factor: int | float) -> int | float:
    from sdfkit.parse.budget import convert

    return convert(int(value), factor) if isinstance(value, int) else value


# The contract's table each kind of region is read into.
REGION_TABLES = {
    "expenditure_summary": "summary_budget",
    "revenue_summary": "summary_budget",
    "expenditure_detail": "expenditure_detail",
    "project_budget": "project_budget",
    "audit_summary": "audit_summary",
}
# Positions of the percent columns among each kind of table's values (the others
# are amounts, which a table in another unit states in that unit).
PERCENT_POSITIONS = {
    "expenditure_summary": (3, 5),
    "revenue_summary": (3, 5),
    "expenditure_detail": (2,),
    "project_budget": (3, 4, 6),
}
