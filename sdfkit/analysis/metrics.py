"""The figures of the analysis: execution rates, calendar pace, ranks and sums.

Rates are percents (0–100) of the budget, computed from the amounts (not the
printed percents); the calendar pace is the share of the fiscal year elapsed at a
table's as-of date. :func:`project_execution` is the one per-project table the
notebooks, the site's key figures and ``Report.project(n)`` all read.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from sdfkit.analysis.context import as_of_date, fiscal_year
from sdfkit.analysis.values import is_missing, plain_value, to_date
from sdfkit.report import Report

# --- Single figures ----------------------------------------------------------------------


def calendar_pace(as_of, year: int | None = None) -> float:
    """Given an as-of date and the fiscal (calendar) year, return the percent of the
    year elapsed at the end of that day: 30 September of a leap year → 274/366 = 74.86.
    Before the year: 0; after it: 100. ``year`` defaults to the date's year."""
    day = to_date(as_of)
    if day is None:
        return float("nan")
    year = int(year) if year is not None else day.year
    first, last = date(year, 1, 1), date(year, 12, 31)
    total = (last - first).days + 1
    elapsed = min(max((day - first).days + 1, 0), total)
    return 100.0 * elapsed / total


def rate(amount, budget) -> float:
    """Given an amount and a budget, return amount / budget in percent (NaN without
    a positive budget)."""
    if is_missing(amount) or is_missing(budget) or budget <= 0:
        return float("nan")
    return 100.0 * float(amount) / float(budget)


def expected_unspent(budget, expected):
    """Given a budget and the amount expected to be executed by year end, return
    the amount expected to stay unspent (budget − expected)."""
    if is_missing(budget) or is_missing(expected):
        return pd.NA
    return budget - expected


# --- Per project ---------------------------------------------------------------------------

EXECUTION_COLUMNS = [
    "project_no",
    "title",
    "strategy_no",
    "strategy",
    "team",
    "as_of",
    "lines",
    "budget",
    "committed",
    "spent",
    "expected",
    "committed_pct",
    "spent_pct",
    "expected_pct",
    "pace_pct",
    "gap_pp",
    "unpaid",
    "unspent_expected",
    "spent_rank",
]


def project_execution(report: Report) -> pd.DataFrame:
    """Given a report, return one row per project: its §Ⅲ budget lines summed
    (budget, committed 원인행위, spent 지출, expected by year end), the rates of
    each against the budget, the calendar pace at the table's as-of date (the
    latest, when its lines differ), spent rate minus pace, committed-but-unpaid,
    expected unspent, and the rank by spent rate (1 = highest)."""
    year = fiscal_year(report)
    pb = report.project_budget
    amounts = ["budget", "committed", "spent", "expected"]
    sums = pb.groupby("project_no")[amounts].sum(min_count=1)
    counts = pb.groupby("project_no").size().rename("lines")
    latest = pb.groupby("project_no")["as_of"].max()
    frame = report.projects[["project_no", "title", "strategy_no", "strategy", "team"]].copy()
    frame = frame.merge(sums, left_on="project_no", right_index=True, how="left")
    frame = frame.merge(counts, left_on="project_no", right_index=True, how="left")
    frame["lines"] = pd.array(frame["lines"].fillna(0), dtype="Int64")
    frame["as_of"] = frame["project_no"].map(latest)
    report_as_of = as_of_date(report)
    frame["as_of"] = frame["as_of"].fillna(pd.Timestamp(report_as_of) if report_as_of else pd.NaT)
    for col in amounts:
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in ("committed", "spent", "expected"):
        frame[f"{col}_pct"] = [rate(a, b) for a, b in zip(frame[col], frame["budget"], strict=True)]
    frame["pace_pct"] = [calendar_pace(d, year) for d in frame["as_of"]]
    frame["gap_pp"] = frame["spent_pct"] - frame["pace_pct"]
    frame["unpaid"] = frame["committed"] - frame["spent"]
    frame["unspent_expected"] = frame["budget"] - frame["expected"]
    frame["spent_rank"] = pd.array(
        frame["spent_pct"].rank(ascending=False, method="min"), dtype="Int64"
    )
    return frame[EXECUTION_COLUMNS].reset_index(drop=True)


def project_row(report: Report, project_no: int) -> pd.Series:
    """Given a report and a project number, return that project's execution row."""
    ex = project_execution(report)
    rows = ex[ex["project_no"] == project_no]
    if rows.empty:
        raise ValueError(f"no project {project_no!r} in the report")
    return rows.iloc[0]


def project_metrics(report: Report, project_no: int) -> dict:
    """Given a report and a project number, return that project's execution row
    (see project_execution) as a dict of plain values: ints, floats, a date for
    ``as_of``, None where missing. What ``Report.project(n)`` shows."""
    row = project_row(report, int(project_no))
    return {col: plain_value(row[col]) for col in EXECUTION_COLUMNS}


def project_rank(
    execution: pd.DataFrame, project_no: int, by: str = "spent_pct"
) -> tuple[int, int]:
    """Given the execution table and a project number, return (rank, number of
    ranked projects) by ``by`` (highest first; ties share the better rank)."""
    ranked = execution.dropna(subset=[by])
    ranks = ranked[by].rank(ascending=False, method="min")
    hit = ranks[ranked["project_no"] == project_no]
    if hit.empty:
        raise ValueError(f"project {project_no!r} has no {by} to rank")
    return int(hit.iloc[0]), len(ranked)


# The measures of a project's budget overview: label, execution column, and
# whether it is compared with the calendar pace.
OVERVIEW_MEASURES = [
    ("예산현액", "budget", False),
    ("원인행위", "committed", True),
    ("지출액", "spent", True),
    ("연말 집행예상액", "expected", False),
    ("연말 예상 미집행액", "unspent_expected", False),
]


def project_budget_overview(report: Report, project_no: int) -> pd.DataFrame:
    """Given a report and a project number, return the project's budget, committed,
    spent, expected-by-year-end and expected-unspent amounts, each with its rate of
    the budget and, for committed and spent, the difference from the calendar pace."""
    row = project_row(report, project_no)
    records = []
    for label, col, vs_pace in OVERVIEW_MEASURES:
        pct = rate(row[col], row["budget"])
        records.append(
            {
                "measure": label,
                "amount": row[col],
                "rate_pct": pct,
                "vs_pace_pp": pct - row["pace_pct"] if vs_pace else float("nan"),
            }
        )
    frame = pd.DataFrame(records)
    frame["amount"] = pd.array(frame["amount"], dtype="Int64")
    return frame


# --- The whole report ------------------------------------------------------------------------


def strategy_budget(report: Report) -> pd.DataFrame:
    """Given a report, return the §Ⅲ project budgets summed by strategy: number of
    projects, budget, committed, spent, expected, and spent rate."""
    ex = project_execution(report)
    grouped = ex.groupby("strategy_no", dropna=False, sort=True)
    frame = grouped.agg(
        strategy=("strategy", "first"),
        projects=("project_no", "count"),
        budget=("budget", "sum"),
        committed=("committed", "sum"),
        spent=("spent", "sum"),
        expected=("expected", "sum"),
    ).reset_index()
    frame["spent_pct"] = [rate(s, b) for s, b in zip(frame["spent"], frame["budget"], strict=True)]
    frame["share_pct"] = [rate(b, frame["budget"].sum()) for b in frame["budget"]]
    return frame


def committed_unpaid(report: Report) -> pd.DataFrame:
    """Given a report, return per project the money committed but not yet paid
    (committed − spent), largest first."""
    ex = project_execution(report)
    cols = ["project_no", "title", "as_of", "budget", "committed", "spent", "unpaid"]
    return ex[cols].sort_values("unpaid", ascending=False, kind="stable").reset_index(drop=True)


def top_level(summary: pd.DataFrame, side: str) -> tuple[pd.Series | None, pd.DataFrame]:
    """Given the summary table and a side (revenue | expenditure), return (its total
    row, the rows directly under the total)."""
    rows = summary[summary["side"] == side]
    roots = rows[rows["parent"].isna()]
    if len(roots) != 1:
        return None, rows.reset_index(drop=True)
    total = roots.iloc[0]
    return total, rows[rows["parent"] == total["item"]].reset_index(drop=True)


def summary_composition(report: Report, side: str) -> pd.DataFrame:
    """Given a report and a side (revenue | expenditure), return the categories
    directly under the total of §Ⅰ's summary, with this year's and last year's
    amounts, change, and shares of the total."""
    total, rows = top_level(report.summary_budget, side)
    frame = rows[["item", "budget", "prior_budget", "change", "change_pct"]].copy()
    budget_total = total["budget"] if total is not None else frame["budget"].sum()
    prior_total = total["prior_budget"] if total is not None else frame["prior_budget"].sum()
    frame["share_pct"] = [rate(b, budget_total) for b in frame["budget"]]
    frame["prior_share_pct"] = [rate(b, prior_total) for b in frame["prior_budget"]]
    return frame


def summary_total(report: Report, side: str) -> pd.Series | None:
    """Given a report and a side, return the total row of §Ⅰ's summary (None if the
    table has no single total)."""
    return top_level(report.summary_budget, side)[0]


def summary_gap(report: Report, side: str):
    """Given a report and a side, return the printed total of §Ⅰ's summary minus
    the sum of the categories under it (NA when there is no single total)."""
    total = summary_total(report, side)
    if total is None or is_missing(total["budget"]):
        return pd.NA
    return total["budget"] - summary_composition(report, side)["budget"].sum()


def summary_changes(report: Report) -> pd.DataFrame:
    """Given a report, return the categories under §Ⅰ's totals, revenue then
    expenditure, with side, item, change and change percent against the prior year."""
    frames = [
        summary_composition(report, side)[["item", "change", "change_pct"]].assign(side=side)
        for side in ("revenue", "expenditure")
    ]
    frame = pd.concat(frames, ignore_index=True)
    return frame[["side", "item", "change", "change_pct"]]
