"""Null-safe conversions of single values, used by every analysis module.

The report's tables hold missing values as ``None``, ``pd.NA``, ``NaN`` or ``NaT``
depending on the column's type; these helpers treat all of them alike, once.
"""

from __future__ import annotations

from datetime import date

import pandas as pd


def is_missing(value) -> bool:
    """Given any single value, return True when it is None, NA, NaN or NaT (a
    value pandas cannot judge, such as a list, is not missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-likes: pd.isna returns an array
        return False


def to_date(value) -> date | None:
    """Given a date, datetime, Timestamp or ISO text (or a missing value), return
    it as a date (None when missing)."""
    if is_missing(value):
        return None
    return pd.Timestamp(value).date()


def to_float(value, default: float = float("nan")) -> float:
    """Given a figure (int, float, NA), return it as float; missing → ``default``."""
    return default if is_missing(value) else float(value)


def to_int(value) -> int | None:
    """Given a whole figure (int, Int64 NA, float), return it as int (None when missing)."""
    return None if is_missing(value) else int(value)


def int_text(value) -> str:
    """Given a whole number (or a missing value), return it as text (``-`` when missing)."""
    return "-" if is_missing(value) else str(int(value))


def plain_value(value):
    """Given a cell of a DataFrame, return it as a plain Python value: missing →
    None, numpy numbers → int or float, Timestamps → date."""
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
