"""Findings are data: one row per thing a reader should know about the report.

Both the parser (what could not be read) and the consistency checks (what does not
add up) report through here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from sdfkit.dictionary import SEVERITIES, coerce, table_columns

# The columns are declared once, in the data dictionary (check, severity, table, item,
# project_no, reported, expected, difference, message, line).
FINDING_COLUMNS = table_columns("findings")
SEVERITY_ORDER = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass
class Finding:
    """One finding, as a row of the findings table."""

    check: str
    severity: str
    table: str
    message: str
    item: str | None = None
    project_no: int | None = None
    reported: float | None = None
    expected: float | None = None
    difference: float | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_ORDER:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.difference is None and self.reported is not None and self.expected is not None:
            self.difference = round(self.reported - self.expected, 6)


def to_frame(findings: list[Finding]) -> pd.DataFrame:
    """Given findings, return the findings table, most serious first, then by line."""
    rows = [asdict(f) for f in findings]
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    if frame.empty:
        return empty_frame()
    frame["_rank"] = frame["severity"].map(SEVERITY_ORDER)
    frame = frame.sort_values(["_rank", "line"], kind="stable", na_position="last")
    frame = frame.drop(columns="_rank").reset_index(drop=True)
    return _typed(frame)


def empty_frame() -> pd.DataFrame:
    """Return an empty findings table with its columns and types."""
    return _typed(pd.DataFrame(columns=FINDING_COLUMNS))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return coerce(frame, "findings")
