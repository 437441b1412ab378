"""The money units reports print amounts in, declared once.

What each is worth in won (the parser converts a table printed in another unit
than the report's main one; the pages scale large amounts), and how an English
sentence and the data package name it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MoneyUnit:
    """A money unit: its worth in won, its English name in a sentence, and its
    name in the data package (with the currency, KRW)."""

    won: int
    english: str
    package: str


MONEY_UNITS: dict[str, MoneyUnit] = {
    "원": MoneyUnit(1, "won", "KRW"),
    "천원": MoneyUnit(1_000, "thousand won", "KRW thousand"),
    "만원": MoneyUnit(10_000, "ten thousand won", "KRW ten thousand"),
    "백만원": MoneyUnit(1_000_000, "million won", "KRW million"),
    "억원": MoneyUnit(100_000_000, "hundred million won", "KRW hundred million"),
}
# Each unit's worth in won, by the unit as printed.
UNIT_WON: dict[str, int] = {name: unit.won for name, unit in MONEY_UNITS.items()}
CURRENCY = "KRW"
