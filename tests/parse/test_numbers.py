"""Tests for sdfkit.numbers: amounts, nil, negatives and percents as printed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdfkit.parse.numbers import (
    Percent,
    format_amount,
    format_percent,
    is_amount,
    is_percent,
    is_value_token,
    parse_amount,
    parse_percent,
)


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("1,234,567", 1_234_567),
        ("△336,578", -336_578),
        ("▲336,578", -336_578),
        ("-1,000", -1_000),
        ("−12", -12),
        ("-", 0),  # nil
        ("−", 0),
        ("–", 0),
        ("—", 0),
        ("－", 0),
        ("0", 0),
        ("7", 7),
        ("1234", 1234),  # thousands separators are optional
        (" 1,234 ", 1234),  # surrounding whitespace is ignored
    ],
)
def test_parse_amount(token: str, value: int) -> None:
    assert parse_amount(token) == value
    assert is_amount(token)


@pytest.mark.parametrize(
    "token", ["abc", "1,23", "12,34,567", "1,2345", "△", "", "1.5", "56.5%", "순증", "1 234"]
)
def test_parse_amount_rejects(token: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(token)
    assert not is_amount(token)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("56.5%", Percent(56.5, 1)),
        ("△21.2%", Percent(-21.2, 1)),
        ("43,79%", Percent(43.79, 2, comma_typed=True)),
        ("3,1%", Percent(3.1, 1, comma_typed=True)),
        ("100%", Percent(100.0, 0)),
        ("226.6%", Percent(226.6, 1)),
        ("0.0%", Percent(0.0, 1)),
        ("1,234.5%", Percent(1234.5, 1)),  # a thousands comma, then a point
        ("1,234%", Percent(1234.0, 0)),  # three digits after a comma: thousands
    ],
)
def test_parse_percent(token: str, expected: Percent) -> None:
    assert parse_percent(token) == expected
    assert is_percent(token)


def test_parse_percent_fields() -> None:
    p = parse_percent("△21.2%")
    assert p is not None
    assert p.value == -21.2 and p.decimals == 1 and not p.comma_typed
    p = parse_percent("43,79%")
    assert p is not None
    assert p.value == 43.79 and p.decimals == 2 and p.comma_typed


@pytest.mark.parametrize("token", ["-", "−", "–", "—", "－", " - "])
def test_parse_percent_nil(token: str) -> None:
    assert parse_percent(token) is None
    assert not is_percent(token)


@pytest.mark.parametrize("token", ["abc", "12.3.4%", "56.5", "%", "1.234%", "△%", "56.5 %x", ""])
def test_parse_percent_rejects(token: str) -> None:
    with pytest.raises(ValueError):
        parse_percent(token)
    assert not is_percent(token)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("순증", True),
        ("1,234", True),
        ("△336,578", True),
        ("-", True),
        ("56.5%", True),
        ("43,79%", True),
        ("abc", False),
        ("1,23", False),
        ("12.3.4%", False),
        ("인 건 비", False),
    ],
)
def test_is_value_token(token: str, expected: bool) -> None:
    assert is_value_token(token) is expected


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0"), (1234567, "1,234,567"), (-336578, "△336,578"), (999, "999")]
)
def test_format_amount(value: int, text: str) -> None:
    assert format_amount(value) == text


def test_format_amount_other_sign() -> None:
    assert format_amount(-5, negative_sign="-") == "-5"
    assert parse_amount(format_amount(-5, negative_sign="-")) == -5


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(56.5, 1, "56.5%"), (-21.2, 1, "△21.2%"), (100, 0, "100%"), (43.79, 2, "43.79%")],
)
def test_format_percent(value: float, decimals: int, text: str) -> None:
    assert format_percent(value, decimals) == text


# --- Round trips -----------------------------------------------------------------


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_amount_round_trip(n: int) -> None:
    assert parse_amount(format_amount(n)) == n


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from(["△", "▲", "-", "−"]),
)
def test_amount_round_trip_any_sign(n: int, sign: str) -> None:
    assert parse_amount(format_amount(n, negative_sign=sign)) == n


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=2))
def test_percent_round_trip_exact(n: int, decimals: int) -> None:
    # A value that has exactly `decimals` decimals, as the reports print them.
    value = n / 10**decimals
    p = parse_percent(format_percent(value, decimals))
    assert p is not None
    assert p.value == round(value, decimals)
    assert p.decimals == decimals
    assert not p.comma_typed


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=2),
)
def test_percent_round_trip_rounds(value: float, decimals: int) -> None:
    # Any value: the printed percent reads back as the value rounded.
    p = parse_percent(format_percent(value, decimals))
    assert p is not None
    assert p.value == round(value, decimals)
    assert p.decimals == decimals


def test_a_percent_without_its_sign_is_read_in_a_percent_column():
    from sdfkit.parse.numbers import is_decimal, parse_percent

    assert parse_percent("56.5", bare=True).value == 56.5
    assert parse_percent("△21", bare=True).value == -21.0
    assert parse_percent("1991.7", bare=True).decimals == 1
    with pytest.raises(ValueError):
        parse_percent("56.5")  # outside a percent column a % is needed
    assert is_decimal("56.5") and is_decimal("1,234.5") and not is_decimal("9.30.")
    assert is_value_token("56.5") and not is_value_token("2.5개월")
