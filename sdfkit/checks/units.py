"""How precise a stored amount is: the unit its table was printed in.

Amounts are stored in the report's main unit. A table printed in a coarser unit
(백만원 in a report of 천원) rounds every figure to that unit on its own, so after
conversion each figure is off its true value by up to half that unit; a table
printed in a finer unit (원) was rounded to the main unit by the conversion, so
each figure is off by up to half a main unit. A figure's ``grain`` is that unit in
main units (1,000 for 백만원 in a report of 천원, 1 for 원), and 0 for a table
printed in the main unit itself: its figures are taken as exact, as before.

Which table a row comes from is told by its line: ``meta["table_units"]`` names
each converted table by the line of its header, and a table's rows are the run of
rows of one table (one §Ⅰ side, one project's §Ⅲ table, one §Ⅳ table) that
follows its header, up to the first row of any other table.

The same units tell the findings' sentences how to quote a row's figures: as the
page prints them (``Units.quote``; messages/figures.py).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from sdfkit.checks.rows import as_int, as_str, cell, table
from sdfkit.parse.tables import unit_grain

# The report's tables whose rows carry a line: rows of each bound the others'.
_ROW_TABLES = (
    "summary_budget",
    "projects",
    "project_budget",
    "revenue_detail",
    "expenditure_detail",
    "milestones",
    "audit_items",
    "audit_summary",
)


def _row_key(name: str, frame: pd.DataFrame, pos: int) -> tuple:
    # One printed table: a §Ⅰ side, a project's §Ⅲ table, any other table whole.
    if name == "summary_budget":
        return (name, as_str(cell(frame, pos, "side")))
    if name == "project_budget":
        return (name, as_int(cell(frame, pos, "project_no")))
    return (name,)


def line_units(report) -> dict[int, str]:
    """Given a report, return source line → the unit its table was printed in, for
    every row of a table whose figures are not exact in the main unit (rows of
    main-unit tables are left out)."""
    meta = getattr(report, "meta", None) or {}
    main = meta.get("unit")
    headers = sorted(
        (int(line), unit)
        for line, unit in (meta.get("table_units") or {}).items()
        if unit_grain(unit, main)
    )
    if not headers:
        return {}
    rows: list[tuple[int, tuple]] = []
    for name in _ROW_TABLES:
        frame = table(report, name)
        if frame.empty or "line" not in frame.columns:
            continue
        for pos in range(len(frame)):
            line = as_int(frame["line"].iat[pos])
            if line is not None:
                rows.append((line, _row_key(name, frame, pos)))
    rows.sort(key=lambda r: r[0])
    lines = [line for line, _key in rows]
    out: dict[int, str] = {}
    for k, (header, unit) in enumerate(headers):
        end = headers[k + 1][0] if k + 1 < len(headers) else None
        start = bisect_right(lines, header)
        first = rows[start][1] if start < len(rows) else None
        for line, key in rows[start:]:
            if key != first or (end is not None and line > end):
                break
            out[line] = unit
    return out


def line_grains(report) -> dict[int, int]:
    """Given a report, return source line → grain for every row of a table printed
    in another unit than the main one (rows of main-unit tables are left out)."""
    return Units.of(report).grains()


@dataclass(frozen=True)
class Units:
    """The units a report's rows were printed in: the main unit, and source line →
    unit for the rows of tables printed in another (line_units)."""

    main: str | None
    by_line: dict[int, str]

    @classmethod
    def of(cls, report) -> Units:
        """Given a report, return the units its rows were printed in."""
        meta = getattr(report, "meta", None) or {}
        return cls(meta.get("unit"), line_units(report))

    def grains(self) -> dict[int, int]:
        """Return source line → grain for the rows of tables not in the main unit."""
        return {line: unit_grain(unit, self.main) for line, unit in self.by_line.items()}

    def _coarser(self, line: int | None) -> str | None:
        # Only a coarser unit prints figures a reader sees otherwise than stored; a
        # finer one (원) was rounded to the main unit, which is what is stored.
        unit = self.by_line.get(line) if line is not None else None
        return unit if unit_grain(unit, self.main) > 1 else None

    def quote(self, line: int | None, other_lines: Iterable[int | None] | None = None) -> dict:
        """Given a finding's line and, when it compares its row with rows of another
        table, their lines, return the params its sentences quote amounts by
        (messages/figures.py): ``unit``, the coarser unit its own row was printed
        in; ``other_unit``, the other rows'; ``main_unit``. Empty when every figure
        was printed in the main unit: the sentences are then as they always were."""
        params: dict = {"unit": self._coarser(line)}
        if other_lines is not None:
            others = {self._coarser(n) for n in other_lines if n is not None}
            params["other_unit"] = others.pop() if len(others) == 1 else None
        if not any(params.values()):
            return {}
        return {**params, "main_unit": self.main}


def row_grains(report, frame: pd.DataFrame, grains: dict[int, int] | None = None) -> list[int]:
    """Given a report and one of its tables (positional rows), return each row's
    grain (0 where its table is in the main unit)."""
    grains = line_grains(report) if grains is None else grains
    if not grains or "line" not in frame.columns:
        return [0] * len(frame)
    return [grains.get(as_int(v) or 0, 0) for v in frame["line"]]


def slack(grains: Iterable[int]) -> Fraction:
    """Given the grain of every figure a check combines, return how far the printed
    result may honestly be from its recomputed value: half a grain per figure."""
    # Each figure rounded half up to its unit is off by at most half that unit, so a
    # sum or difference of n figures (the total's own rounding included) is off by
    # at most the sum of the halves. Main-unit figures add nothing: exact stays exact.
    return Fraction(sum(grains), 2)
