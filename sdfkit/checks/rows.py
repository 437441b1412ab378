"""Reading the tables' rows for the rules, and turning a row into a finding.

Cells may hold None, NaN or pandas' NA (a figure that was not printed or not read):
every reader here returns None for all of them, so a rule tests ``is None`` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from sdfkit.findings import Finding


def as_int(value) -> int | None:
    """Given a cell, return it as an int, None when empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return int(value)


def as_float(value) -> float | None:
    """Given a cell, return it as a float, None when empty."""
    if value is None or pd.isna(value):
        return None
    return float(value)


def as_str(value) -> str | None:
    """Given a cell, return it as a str, None when empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def as_date(value) -> date | None:
    """Given a cell, return it as a date, None when empty."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def cell(frame: pd.DataFrame, idx: int, column: str):
    """Given a table, a row position and a column, return the cell (None when the
    table has no such column)."""
    return frame[column].iat[idx] if column in frame.columns else None


def table(report, name: str) -> pd.DataFrame:
    """Given a report and a table's name, return the table with positional rows
    (empty when the report has none)."""
    frame = getattr(report, name, None)
    if frame is None:
        return pd.DataFrame()
    return frame.reset_index(drop=True)


def report_as_of(report) -> date | None:
    """Given a report, return its own as-of date (meta), None when unknown."""
    raw = (report.meta or {}).get("as_of")
    if not raw:
        return None
    try:
        return pd.Timestamp(raw).date()
    except (ValueError, TypeError):
        return None


def lines_at(frame: pd.DataFrame, rows: Iterable[int]) -> list[int | None]:
    """Given a table and row positions, return their source lines."""
    return [as_int(frame["line"].iat[r]) for r in rows]


def sum_rows(frame: pd.DataFrame, column: str, rows: list[int]) -> int | None:
    """Given a table, a column and row positions, return the column's sum over the
    rows, None when there are none or one is empty."""
    values = [as_int(frame[column].iat[r]) for r in rows]
    if not values or any(v is None for v in values):
        return None
    return sum(values)


def parent_index(frame: pd.DataFrame) -> list[int | None]:
    """Given a table with ``item`` and ``parent`` columns, return each row's parent
    as a positional index: the nearest row above it with the parent's label."""
    seen: dict[str, int] = {}
    out: list[int | None] = []
    for pos, (item, parent) in enumerate(zip(frame["item"], frame["parent"], strict=True)):
        parent = as_str(parent)
        out.append(seen.get(parent) if parent is not None else None)
        if as_str(item) is not None:
            seen[str(item)] = pos
    return out


def project_rows(frame: pd.DataFrame) -> dict[int, list[int]]:
    """Given a §Ⅳ table, return project number → positions of its lines, leaving out
    a line whose parent belongs to the same project (so nothing counts twice)."""
    out: dict[int, list[int]] = {}
    if frame.empty or "project_no" not in frame.columns:
        return out
    parents = parent_index(frame) if "parent" in frame.columns else [None] * len(frame)
    for pos in range(len(frame)):
        no = as_int(frame["project_no"].iat[pos])
        if no is None:
            continue
        parent = parents[pos]
        if parent is not None and as_int(frame["project_no"].iat[parent]) == no:
            continue
        out.setdefault(no, []).append(pos)
    return out


def project_titles(report) -> dict[int, str]:
    """Given a report, return project number → title."""
    projects = table(report, "projects")
    if projects.empty or "title" not in projects.columns:
        return {}
    return {
        int(no): str(title)
        for no, title in zip(projects["project_no"], projects["title"], strict=True)
        if as_int(no) is not None and as_str(title)
    }


def row_finding(
    check: str,
    name: str,
    frame: pd.DataFrame,
    idx: int,
    severity: str = "info",
    reported: float | None = None,
    expected: float | None = None,
    line: int | None = None,
    **params,
) -> Finding:
    """Given a check code, a table's name, the table and a row position, return the
    finding about that row: its item, project, line (unless given) and, for the §Ⅰ
    summary, side come from the row; ``params`` are what its sentences need beyond
    them."""
    side = as_str(cell(frame, idx, "side"))
    if side is not None:
        params.setdefault("side", side)
    item = cell(frame, idx, "item")
    if item is None:
        item = cell(frame, idx, "category")
    return Finding(
        check=check,
        severity=severity,
        table=name,
        item=as_str(item),
        project_no=as_int(cell(frame, idx, "project_no")),
        reported=reported,
        expected=expected,
        line=line if line is not None else as_int(cell(frame, idx, "line")),
        params=params,
    )
