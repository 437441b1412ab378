"""Judging a printed figure against its recomputed value: a percent at its printed
precision, an amount within a rounding slip, and both within the rounding of the
unit their table was printed in (units.py)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sdfkit.checks.units import slack

# A sum or difference off by this much (thousand won) is a rounding slip.
ROUNDING_UNITS = 1


def amount_severity(difference: int) -> str:
    """Given how far a printed amount is from its recomputed value, return the
    finding's severity: ``rounding`` within ROUNDING_UNITS, else ``error``."""
    return "rounding" if abs(difference) <= ROUNDING_UNITS else "error"


def judge_amount(difference: int, grains: Sequence[int] = ()) -> str | None:
    """Given how far a printed amount is from its recomputed value and the grain of
    every figure that went into the comparison (units.py), return None when they
    agree, else the finding's severity. Figures all in the main unit must agree
    exactly (a miss of ROUNDING_UNITS is ``rounding``); a miss within the rounding
    of a coarser unit is no finding at all, one beyond it an ``error``."""
    if difference == 0:
        return None
    allowed = slack(grains)
    if not allowed:
        return amount_severity(difference)
    # Within the unit's rounding is how such a table is printed, not a slip: the
    # unit_converted note already says the table's figures are rounded to it.
    return None if abs(difference) <= allowed else "error"


def judge_percent(
    printed: float,
    numerator: int,
    denominator: int,
    decimals: int,
    grains: tuple[int, int] = (0, 0),
):
    """Given a printed percent, the amounts it is the ratio of, its printed decimals
    and the amounts' grains, return None when it is consistent, else (severity,
    exact value). The exact value rounded half up to the printed decimals must equal
    the printed one; a miss of at most one unit of the last decimal is a rounding
    slip. With grains, any ratio of amounts within half a grain of the printed ones
    may be the true one: the percent is consistent when one of them rounds to it."""
    exact = Decimal(int(numerator)) * 100 / Decimal(int(denominator))
    unit = Decimal(1).scaleb(-decimals)
    shown = Decimal(repr(float(printed))).quantize(unit, rounding=ROUND_HALF_UP)
    if exact.quantize(unit, rounding=ROUND_HALF_UP) == shown:
        return None
    if not any(grains):
        severity = "rounding" if abs(shown - exact) <= unit else "error"
        return severity, exact
    bounds = ratio_bounds(numerator, denominator, grains)
    if bounds is None:
        return None  # the base may be nil: any percent may be true
    lo, hi = bounds
    half = Fraction(unit) / 2
    target = Fraction(shown)
    miss = max(lo - (target + half), (target - half) - hi, 0)
    if miss == 0:
        return None
    nearest = lo if target < lo else hi
    severity = "rounding" if abs(target - nearest) <= Fraction(unit) else "error"
    return severity, exact


def ratio_bounds(
    numerator: int, denominator: int, grains: tuple[int, int]
) -> tuple[Fraction, Fraction] | None:
    """Given two printed amounts and their grains, return the least and greatest
    percent (numerator / denominator × 100) of amounts within half a grain of them,
    None when the denominator may be nil."""
    ga, gb = (Fraction(g, 2) for g in grains)
    den_lo, den_hi = denominator - gb, denominator + gb
    if den_lo <= 0 <= den_hi:
        return None
    corners = [
        Fraction(100) * a / b for a in (numerator - ga, numerator + ga) for b in (den_lo, den_hi)
    ]
    return min(corners), max(corners)


def printed_decimals(value: float) -> int:
    """Given a percent's value, return the decimals it shows (up to 2): the
    fallback when the parser did not record how the percent was printed."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def percent_formats(report) -> dict[tuple[str, int, str], int]:
    """Given a report, return (table, row, column) → the percent's printed decimals."""
    out = {}
    frame = getattr(report, "percent_format", None)
    if frame is None or frame.empty:
        return out
    for rec in frame.to_dict("records"):
        out[(rec["table"], int(rec["row"]), rec["column"])] = int(rec["decimals"])
    return out


def stored(exact: Decimal) -> float:
    """Given an exact percent, return it as the findings table stores it (4 decimals)."""
    return float(exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
