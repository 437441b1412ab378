"""Numbers as the reports print them: amounts, negatives, nil, percents.

Given a token from a table row, return its value. Amounts are integers in the
table's unit; percents are floats as printed (56.5 means 56.5%).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Negative signs seen in these reports: the triangle is the accounting convention,
# the others come from extraction tools and editors.
NEGATIVE_SIGNS = "△▲-−–－"
# A lone dash (of any width) is "nil": nothing in this cell.
NIL_TOKENS = frozenset({"-", "−", "–", "—", "－"})
# Marks a line that did not exist last year (no change percent is possible).
NEW_TOKEN = "순증"

_SIGN = f"[{re.escape(NEGATIVE_SIGNS)}]"
# ASCII digits only: \d would also accept other scripts' digits.
_AMOUNT_RE = re.compile(rf"^(?P<sign>{_SIGN})?(?P<digits>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)$")
# A percent: digits, then a point (or a comma typed for the point) and 0-2 decimals.
_PERCENT_RE = re.compile(
    rf"^(?P<sign>{_SIGN})?(?P<int>[0-9]{{1,3}}(?:,[0-9]{{3}})*|[0-9]+)(?:(?P<sep>[.,])(?P<dec>[0-9]{{1,2}}))?%$"
)


# A percent printed without ``%`` (some institutions' percent columns): read as one
# only where the column is a percent column. A decimal point (never a comma: 43,79
# without ``%`` could be an amount) and 1-2 decimals.
_DECIMAL_RE = re.compile(rf"^(?:{_SIGN})?(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)\.[0-9]{{1,2}}$")
_BARE_PERCENT_RE = re.compile(
    rf"^(?P<sign>{_SIGN})?(?P<int>[0-9]{{1,3}}(?:,[0-9]{{3}})*|[0-9]+)(?:(?P<sep>\.)(?P<dec>[0-9]{{1,2}}))?$"
)


@dataclass(frozen=True)
class Percent:
    """A percent as printed: its value, its number of decimals, and whether a
    comma was typed for the decimal point (``43,79%``)."""

    value: float
    decimals: int
    comma_typed: bool = False


def parse_amount(token: str) -> int:
    """Given an amount token (``1,234``, ``△123,456``, ``-``), return its integer
    value, 0 for nil; raise ValueError if it is not an amount."""
    token = token.strip()
    if token in NIL_TOKENS:
        return 0
    m = _AMOUNT_RE.match(token)
    if not m:
        raise ValueError(f"not an amount: {token!r}")
    value = int(m["digits"].replace(",", ""))
    return -value if m["sign"] else value


def parse_percent(token: str, bare: bool = False) -> Percent | None:
    """Given a percent token (``56.5%``, ``△21.2%``, ``43,79%``, ``-``), return a
    Percent, None for nil; raise ValueError if it is not a percent. With ``bare``
    (the token stands in a percent column), the ``%`` may be left out (``56.5``)."""
    token = token.strip()
    if token in NIL_TOKENS:
        return None
    m = _PERCENT_RE.match(token)
    if not m and bare:
        m = _BARE_PERCENT_RE.match(token)
    if not m:
        raise ValueError(f"not a percent: {token!r}")
    sep, dec = m["sep"], m["dec"]
    integer = m["int"]
    comma_typed = False
    if sep == "," and dec is not None:
        if len(dec) == 3:  # pragma: no cover - excluded by the regex ({1,2})
            integer += dec
            dec = None
        else:
            comma_typed = True
    magnitude = float(f"{integer.replace(',', '')}.{dec}" if dec else integer.replace(",", ""))
    value = -magnitude if m["sign"] else magnitude
    return Percent(value=value, decimals=len(dec) if dec else 0, comma_typed=comma_typed)


def is_amount(token: str) -> bool:
    """Given a token, return whether it reads as an amount or nil."""
    try:
        parse_amount(token)
    except ValueError:
        return False
    return True


def is_percent(token: str) -> bool:
    """Given a token, return whether it reads as a percent (not nil)."""
    try:
        return parse_percent(token) is not None
    except ValueError:
        return False


def is_decimal(token: str) -> bool:
    """Given a token, return whether it is a number with a decimal point and no
    ``%`` (``56.5``): a percent printed without its sign, in a percent column."""
    return _DECIMAL_RE.match(token.strip()) is not None


def is_value_token(token: str) -> bool:
    """Given a token, return whether it can stand in a numeric table cell."""
    token = token.strip()
    return token == NEW_TOKEN or is_amount(token) or is_percent(token) or is_decimal(token)


def format_amount(value: int, negative_sign: str = "△") -> str:
    """Given an integer, return it as the reports print it (``△1,234``)."""
    text = f"{abs(value):,}"
    return f"{negative_sign}{text}" if value < 0 else text


def format_percent(value: float, decimals: int, negative_sign: str = "△") -> str:
    """Given a percent value and decimals, return it as printed (``△21.2%``)."""
    text = f"{abs(value):.{decimals}f}%"
    return f"{negative_sign}{text}" if value < 0 else text
