"""How a finding quotes an amount: as the page prints it.

Amounts are stored in the report's main unit, and the findings table's numeric
columns (reported, expected, difference) stay in it. A table printed in a coarser
unit (백만원 in a report of 천원) shows a reader other figures than those stored: a
total printed ``9`` is stored as 9,000. Its findings' sentences quote the figure as
printed, with its unit, and the stored value alongside: ``9백만원(9,000천원)`` in
Korean, ``9 million won (9,000 thousand won)`` in English. In a sum or a ratio the
operands are quoted as printed only (``635백만원 / 1,252백만원``), the result in
both.

The rule that makes a finding passes the units in its params (checks/units.py,
``Units.quote``): ``unit``, the coarser unit its own row was printed in;
``other_unit``, that of the rows it was compared with in another table (the same
as ``unit`` when not given); ``main_unit``. Without them a sentence reads as it
always did. English sentences name no unit for amounts in the main unit, except in
a finding that quotes another unit: there every amount says its unit.
"""

from __future__ import annotations

from sdfkit.dictionary.units import MONEY_UNITS, UNIT_WON
from sdfkit.wording import Context, amount


def printed_figure(value, unit: str | None, main: str | None) -> int | None:
    """Given a stored amount, the unit its table printed it in and the main unit,
    return the figure as printed; None when the unit is not coarser than the main
    one or the amount is not a whole number of it (a sum across tables)."""
    if unit not in UNIT_WON or main not in UNIT_WON or UNIT_WON[unit] <= UNIT_WON[main]:
        return None
    factor = UNIT_WON[unit] // UNIT_WON[main]
    n = int(value)
    return n // factor if n % factor == 0 else None


def _with_unit(n: int, unit: str, lang: str) -> str:
    text = f"△{abs(n):,}" if n < 0 else f"{n:,}"
    if lang == "ko":
        return f"{text}{unit}"
    return f"{text} {MONEY_UNITS[unit].english if unit in MONEY_UNITS else unit}"


def quote_amount(
    value, lang: str, unit: str | None = None, main: str | None = None, alongside: bool = True
) -> str:
    """Given a stored amount, a language, the unit its table printed it in and the
    main unit, return it as the page prints it, with the stored value alongside
    (unless ``alongside`` is False): ``5,289백만원(5,289,000천원)``, ``5,289 million
    won (5,289,000 thousand won)``. An amount of the main unit is quoted as
    sentences always quote it, in English with its unit when ``main`` is given."""
    if main is None:
        return amount(value, lang)
    figure = printed_figure(value, unit, main)
    stored = _with_unit(int(value), main, lang)
    if figure is None:
        return stored
    shown = _with_unit(figure, unit, lang)
    if not alongside:
        return shown
    return f"{shown}({stored})" if lang == "ko" else f"{shown} ({stored})"


class Quoting(Context):
    """A Context whose amounts are quoted in the unit their table printed them in:
    ``reported_amount`` in ``unit``, ``expected_amount`` in ``other_unit``,
    ``gap_amount`` in the unit both share (else the main unit); ``amount`` (and
    ``printed``, without the stored value) quote figures of the finding's own row."""

    def _derive(self, key: str):
        unit = self.get("unit")
        other = self.get("other_unit", unit)
        if key == "reported_amount":
            return self.quote(self.get("reported") or 0, unit)
        if key == "expected_amount":
            return self.quote(self.get("expected") or 0, other)
        if key == "gap_amount":
            gap = abs((self.get("reported") or 0) - (self.get("expected") or 0))
            return self.quote(gap, unit if unit == other else None)
        return super()._derive(key)

    def quote(self, value, unit: str | None, alongside: bool = True) -> str:
        """Given a stored amount and the unit it was printed in, return it quoted."""
        return quote_amount(value, self.lang, unit, self.get("main_unit"), alongside)

    def amount(self, value) -> str:
        """Given an amount of the finding's own row, return it quoted, with the
        stored value alongside."""
        return self.quote(value, self.get("unit"))

    def printed(self, value) -> str:
        """Given an amount of the finding's own row, return it as printed only (an
        operand of a sum or a ratio)."""
        return self.quote(value, self.get("unit"), alongside=False)
