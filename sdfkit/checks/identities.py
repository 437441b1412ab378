"""The identities a report's figures obey, declared as data.

Each is checked on every row of the tables it names, where all its cells are
printed: a difference ``result = left − right`` (an amount, off by at most a
rounding slip) or a ratio ``percent = amount / base`` (judged at the percent's
printed precision). A new identity is one more line here; the rule that applies
them (arithmetic.py) and the sentences (messages.py, by ``check``) need nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Difference:
    """``result = left − right`` in each of ``tables``, reported as ``check``."""

    check: str
    tables: tuple[str, ...]
    result: str
    left: str
    right: str
    # Columns that must be printed too for the row to be checked.
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ratio:
    """``percent = amount / base`` (in %) in each of ``tables``, reported as ``check``;
    rows flagged in ``unless`` (a boolean column) are skipped."""

    check: str
    tables: tuple[str, ...]
    percent: str
    amount: str
    base: str
    requires: tuple[str, ...] = ()
    unless: str | None = None


Identity = Difference | Ratio

_CHANGE_TABLES = ("summary_budget", "revenue_detail")

# change = budget − prior; change % = change / prior (not for new lines, 순증).
CHANGE: list[Identity] = [
    Difference("change_amount", _CHANGE_TABLES, "change", "budget", "prior_budget"),
    Ratio(
        "change_pct",
        _CHANGE_TABLES,
        "change_pct",
        "change",
        "prior_budget",
        requires=("budget",),
        unless="is_new",
    ),
]

# rate = amount / budget.
RATES: list[Identity] = [
    Ratio("rate_pct", ("summary_budget",), "actual_pct", "actual", "budget"),
    Ratio("rate_pct", ("revenue_detail",), "collected_pct", "collected", "budget"),
    Ratio("rate_pct", ("expenditure_detail",), "spent_pct", "spent", "budget"),
    Ratio("rate_pct", ("project_budget",), "committed_pct", "committed", "budget"),
    Ratio("rate_pct", ("project_budget",), "spent_pct", "spent", "budget"),
    Ratio("rate_pct", ("project_budget",), "expected_pct", "expected", "budget"),
]

# remaining (집행잔액) = budget − executed.
REMAINING: list[Identity] = [
    Difference("remaining", ("expenditure_detail",), "remaining", "budget", "spent"),
]

# Children add up to their parent: the amount columns of each table with a hierarchy.
SUMS: dict[str, list[str]] = {
    "summary_budget": ["budget", "prior_budget", "change", "actual"],
    "revenue_detail": ["budget", "prior_budget", "change", "collected"],
    "expenditure_detail": ["budget", "spent", "remaining"],
}

# The same figure in two sections: §Ⅰ's summary side → (§Ⅳ table, [(§Ⅰ column, §Ⅳ column)]).
SECTION_PAIRS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "expenditure": ("expenditure_detail", [("budget", "budget"), ("actual", "spent")]),
    "revenue": (
        "revenue_detail",
        [
            ("budget", "budget"),
            ("prior_budget", "prior_budget"),
            ("change", "change"),
            ("actual", "collected"),
        ],
    ),
}
