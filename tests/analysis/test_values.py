"""Tests for sdfkit.analysis.values: every kind of missing value is treated alike."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from sdfkit.analysis import values


@pytest.mark.parametrize("missing", [None, pd.NA, pd.NaT, float("nan"), np.nan])
def test_missing_values(missing):
    assert values.is_missing(missing)
    assert values.to_date(missing) is None
    assert values.to_int(missing) is None
    assert values.int_text(missing) == "-"
    assert values.plain_value(missing) is None
    assert values.to_float(missing, 0.0) == 0.0
    assert math.isnan(values.to_float(missing))


def test_present_values():
    assert not values.is_missing(0) and not values.is_missing("") and not values.is_missing([1])
    assert values.to_date("2020-09-30") == date(2020, 9, 30)
    assert values.to_date(pd.Timestamp("2020-09-30 12:00")) == date(2020, 9, 30)
    assert values.to_int(np.int64(7)) == 7 and values.int_text(3.0) == "3"
    assert values.plain_value(np.int64(7)) == 7 and type(values.plain_value(np.int64(7))) is int
    assert values.plain_value(pd.Timestamp("2020-09-30")) == date(2020, 9, 30)
    assert values.plain_value("사업") == "사업"
