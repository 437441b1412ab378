"""Findings are data: one row per thing a reader should know about the report.

Both the parser (what could not be read) and the consistency checks (what does not
add up) report through here. A finding's sentences come from the message catalogue
(sdfkit/messages/), keyed by its ``check``: ``message`` in Korean, ``message_en``
in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from sdfkit.dictionary import SEVERITIES, coerce, table_columns
from sdfkit.messages import render

# The columns are declared once, in the data dictionary (check, severity, table, item,
# project_no, reported, expected, difference, message, message_en, line).
FINDING_COLUMNS = table_columns("findings")
SEVERITY_ORDER = {name: rank for rank, name in enumerate(SEVERITIES)}


# The fields a message is rendered from.
_MESSAGE_FIELDS = ("check", "severity", "table", "item", "project_no", "reported", "expected")
_MESSAGE_FIELDS += ("difference", "line")


@dataclass
class Finding:
    """One finding, as a row of the findings table. ``params`` are what its
    sentences need beyond the row (a column, the lines compared, as-of dates); the
    sentences are rendered from the catalogue when not given. A ``message`` given
    without ``message_en`` is taken as the English text (the parser's notes write
    theirs, with details the fields lack) and the Korean one is rendered."""

    check: str
    severity: str
    table: str
    message: str = ""
    item: str | None = None
    project_no: int | None = None
    reported: float | None = None
    expected: float | None = None
    difference: float | None = None
    line: int | None = None
    message_en: str = ""
    params: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_ORDER:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.difference is None and self.reported is not None and self.expected is not None:
            self.difference = round(self.reported - self.expected, 6)
        values = {name: getattr(self, name) for name in _MESSAGE_FIELDS}
        if not self.message_en:
            # A message given alone is the parser's own English text.
            self.message_en = render(self.check, "en", values, self.params, self.message)
            self.message = ""
        if not self.message:
            self.message = render(self.check, "ko", values, self.params, self.message_en)

    def row(self) -> dict:
        """Return the finding as a row of the findings table."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "params"}


def to_frame(findings: list[Finding]) -> pd.DataFrame:
    """Given findings, return the findings table, most serious first, then by line."""
    rows = [f.row() for f in findings]
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    if frame.empty:
        return empty_frame()
    frame["_rank"] = frame["severity"].map(SEVERITY_ORDER)
    frame = frame.sort_values(["_rank", "line"], kind="stable", na_position="last")
    frame = frame.drop(columns="_rank").reset_index(drop=True)
    return _typed(frame)


def with_pages(frame: pd.DataFrame, pages: dict[int, int]) -> pd.DataFrame:
    """Given a findings table and each line's page (a PDF's), return it with the page
    added to the messages of findings that point at a line: a reader of the PDF
    finds the place by its page, ``sdfkit text`` by its line."""
    if not pages or frame.empty:
        return frame
    out = frame.copy()
    page = out["line"].map(lambda n: pages.get(int(n)) if pd.notna(n) else None)
    has = page.notna()
    out.loc[has, "message"] = out.loc[has, "message"] + page[has].map(lambda p: f" ({int(p)}쪽)")
    out.loc[has, "message_en"] = out.loc[has, "message_en"] + page[has].map(
        lambda p: f" (page {int(p)})"
    )
    return out


def empty_frame() -> pd.DataFrame:
    """Return an empty findings table with its columns and types."""
    return _typed(pd.DataFrame(columns=FINDING_COLUMNS))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return coerce(frame, "findings")
