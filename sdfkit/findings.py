"""Findings are data: one row per thing a reader should know about the report.

Both the parser (what could not be read) and the consistency checks (what does not
add up) report through here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

FINDING_COLUMNS = [
    "check",  # rule name, e.g. children_sum, percent_rounding, section_missing
    "severity",  # error | rounding | info
    "table",  # the table the finding is about (or "report")
    "item",  # the row label as printed (normalised)
    "project_no",  # §Ⅲ project number, when the row belongs to a project
    "reported",  # the figure the report prints
    "expected",  # the figure recomputed from the report's other figures
    "difference",  # reported - expected
    "message",  # one sentence a researcher can act on
    "line",  # 1-based source line
]
SEVERITIES = ("error", "rounding", "info")
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
    frame = frame.copy()
    for col in ("project_no", "line"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in ("reported", "expected", "difference"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    for col in ("check", "severity", "table", "item", "message"):
        frame[col] = frame[col].astype("object")
    return frame
