"""Arithmetic within a table: children add up to their parent, and every row obeys
the identities declared in identities.py (change, rates, remaining)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from sdfkit.checks.identities import CHANGE, RATES, REMAINING, SUMS, Difference, Identity
from sdfkit.checks.percent import (
    judge_amount,
    judge_percent,
    percent_formats,
    printed_decimals,
    stored,
)
from sdfkit.checks.registry import rule
from sdfkit.checks.rows import as_float, as_int, cell, lines_at, parent_index, row_finding, table
from sdfkit.checks.units import Units, row_grains
from sdfkit.findings import Finding


@rule("arithmetic")
def children_sum(report) -> Iterator[Finding]:
    """Children add up to their parent, in every hierarchy and amount column (within
    the rounding of the unit a table was printed in)."""
    units = Units.of(report)
    grains = units.grains()
    for name, columns in SUMS.items():
        frame = table(report, name)
        if frame.empty or "parent" not in frame.columns:
            continue
        groups = [frame]
        if "side" in frame.columns:
            groups = [g.reset_index(drop=True) for _s, g in frame.groupby("side", sort=False)]
        for group in groups:
            yield from _group_sums(name, group, columns, row_grains(report, group, grains), units)


def _group_sums(
    name: str, group: pd.DataFrame, columns: list[str], grains: list[int], units: Units
) -> Iterator[Finding]:
    children: dict[int, list[int]] = {}
    for pos, parent in enumerate(parent_index(group)):
        if parent is not None:
            children.setdefault(parent, []).append(pos)
    for parent, kids in children.items():
        for column in columns:
            if column not in group.columns:
                continue
            value = as_int(group[column].iat[parent])
            parts = [as_int(group[column].iat[k]) for k in kids]
            if value is None or any(p is None for p in parts):
                continue
            total = sum(parts)
            severity = judge_amount(value - total, [grains[parent], *(grains[k] for k in kids)])
            if severity is None:
                continue
            yield row_finding(
                "children_sum",
                name,
                group,
                parent,
                severity,
                value,
                total,
                column=column,
                count=len(kids),
                line_numbers=lines_at(group, kids),
                **units.quote(lines_at(group, [parent])[0]),
            )


@rule("arithmetic")
def change(report) -> Iterator[Finding]:
    """change = budget − prior budget; change percent = change / prior budget."""
    yield from check_identities(report, CHANGE)


@rule("arithmetic", name="rate_pct")
def rates(report) -> Iterator[Finding]:
    """Rates = amount / budget, judged at each percent's printed precision."""
    yield from check_identities(report, RATES)


@rule("arithmetic")
def remaining(report) -> Iterator[Finding]:
    """remaining (집행잔액) = budget − executed."""
    yield from check_identities(report, REMAINING)


def check_identities(report, identities: list[Identity]) -> Iterator[Finding]:
    """Given a report and identities, return the findings of every row (table by
    table, row by row, identity by identity) where one does not hold."""
    formats = percent_formats(report)
    units = Units.of(report)
    lines = units.grains()
    names = list(dict.fromkeys(t for identity in identities for t in identity.tables))
    for name in names:
        frame = table(report, name)
        mine = [i for i in identities if name in i.tables and _has_columns(frame, i)]
        grains = row_grains(report, frame, lines)
        for idx in range(len(frame)):
            for identity in mine:
                if isinstance(identity, Difference):
                    found = _difference(name, frame, idx, identity, grains[idx], units)
                else:
                    found = _ratio(name, frame, idx, identity, formats, grains[idx], units)
                if found is not None:
                    yield found


def _has_columns(frame: pd.DataFrame, identity: Identity) -> bool:
    if isinstance(identity, Difference):
        needed = (identity.result, identity.left, identity.right)
    else:
        needed = (identity.percent, identity.amount, identity.base)
    return all(c in frame.columns for c in (*needed, *identity.requires))


def _difference(
    name: str, frame: pd.DataFrame, idx: int, identity: Difference, grain: int, units: Units
) -> Finding | None:
    result, left, right, *required = (
        as_int(frame[c].iat[idx])
        for c in (identity.result, identity.left, identity.right, *identity.requires)
    )
    if None in (result, left, right, *required):
        return None
    # Three figures of one row, each rounded to the row's unit.
    severity = judge_amount(result - (left - right), [grain] * 3)
    if severity is None:
        return None
    return row_finding(
        identity.check,
        name,
        frame,
        idx,
        severity,
        result,
        left - right,
        column=identity.result,
        left=identity.left,
        right=identity.right,
        left_value=left,
        right_value=right,
        **units.quote(as_int(cell(frame, idx, "line"))),
    )


def _ratio(
    name: str, frame: pd.DataFrame, idx: int, identity, formats: dict, grain: int, units: Units
) -> Finding | None:
    printed = as_float(frame[identity.percent].iat[idx])
    amount = as_int(frame[identity.amount].iat[idx])
    base = as_int(frame[identity.base].iat[idx])
    required = [as_int(frame[c].iat[idx]) for c in identity.requires]
    if printed is None or amount is None or not base or None in required:
        return None
    if identity.unless and bool(cell(frame, idx, identity.unless)):
        return None
    decimals = formats.get((name, idx, identity.percent), printed_decimals(printed))
    verdict = judge_percent(printed, amount, base, decimals, (grain, grain))
    if verdict is None:
        return None
    severity, exact = verdict
    return row_finding(
        identity.check,
        name,
        frame,
        idx,
        severity,
        float(printed),
        stored(exact),
        column=identity.percent,
        printed=float(printed),
        decimals=decimals,
        numerator=amount,
        denominator=base,
        exact=exact,
        **units.quote(as_int(cell(frame, idx, "line"))),
    )
