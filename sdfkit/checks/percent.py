"""Judging a printed figure against its recomputed value: a percent at its printed
precision, an amount within a rounding slip."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# A sum or difference off by this much (thousand won) is a rounding slip.
ROUNDING_UNITS = 1


def amount_severity(difference: int) -> str:
    """Given how far a printed amount is from its recomputed value, return the
    finding's severity: ``rounding`` within ROUNDING_UNITS, else ``error``."""
    return "rounding" if abs(difference) <= ROUNDING_UNITS else "error"


def judge_percent(printed: float, numerator: int, denominator: int, decimals: int):
    """Given a printed percent, the amounts it is the ratio of and its printed
    decimals, return None when it is consistent, else (severity, exact value). The
    exact value rounded half up to the printed decimals must equal the printed one;
    a miss of at most one unit of the last decimal is a rounding slip."""
    exact = Decimal(int(numerator)) * 100 / Decimal(int(denominator))
    unit = Decimal(1).scaleb(-decimals)
    shown = Decimal(repr(float(printed))).quantize(unit, rounding=ROUND_HALF_UP)
    if exact.quantize(unit, rounding=ROUND_HALF_UP) == shown:
        return None
    severity = "rounding" if abs(shown - exact) <= unit else "error"
    return severity, exact


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
