"""The same figure printed in two sections agrees: §Ⅰ's summary with §Ⅳ, and each
project's §Ⅲ budget table with its §Ⅳ expenditure lines (budget and spent), with
every §Ⅲ budget line found in §Ⅳ. Where money spent differs, the tables' as-of
dates are weighed: spending only grows, so the later table should show more."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from fractions import Fraction

import pandas as pd

from sdfkit.checks.identities import SECTION_PAIRS
from sdfkit.checks.percent import ROUNDING_UNITS, judge_amount
from sdfkit.checks.registry import rule
from sdfkit.checks.rows import (
    as_date,
    as_int,
    as_str,
    lines_at,
    project_rows,
    project_titles,
    report_as_of,
    row_finding,
    sum_rows,
    table,
)
from sdfkit.checks.units import Units, row_grains, slack
from sdfkit.findings import Finding
from sdfkit.read.text import name_key

# Bound on the subset search that names the §Ⅲ lines missing from §Ⅳ.
MAX_SUBSET_ROWS = 12


@rule("reconcile")
def section_totals(report) -> Iterator[Finding]:
    """§Ⅰ's summary rows agree with §Ⅳ's rows of the same name (within the rounding
    of the units the two were printed in)."""
    summary = table(report, "summary_budget")
    if summary.empty or "side" not in summary.columns:
        return
    units = Units.of(report)
    lines = units.grains()
    grains = row_grains(report, summary, lines)
    details = {side: table(report, name) for side, (name, _pairs) in SECTION_PAIRS.items()}
    detail_grains = {side: row_grains(report, d, lines) for side, d in details.items()}
    for idx in range(len(summary)):
        side = as_str(summary["side"].iat[idx])
        if side not in SECTION_PAIRS:
            continue
        detail_name, pairs = SECTION_PAIRS[side]
        detail = details[side]
        if detail.empty:
            continue
        match = match_row(summary, idx, detail)
        if match is None:
            yield row_finding(
                "section_totals", "summary_budget", summary, idx, "info", other_table=detail_name
            )
            continue
        for mine, theirs in pairs:
            a = as_int(summary[mine].iat[idx])
            b = as_int(detail[theirs].iat[match]) if theirs in detail.columns else None
            if a is None or b is None:
                continue
            severity = judge_amount(a - b, [grains[idx], detail_grains[side][match]])
            if severity is None:
                continue
            other_line = as_int(detail["line"].iat[match])
            yield row_finding(
                "section_totals",
                "summary_budget",
                summary,
                idx,
                severity,
                a,
                b,
                column=mine,
                other_table=detail_name,
                other_line=other_line,
                **units.quote(as_int(summary["line"].iat[idx]), [other_line]),
            )


def match_row(summary: pd.DataFrame, idx: int, detail: pd.DataFrame) -> int | None:
    """Given the §Ⅰ summary, a row of it and a §Ⅳ table, return the §Ⅳ row with the
    same normalised label; among several, the one whose parent has the same label
    as the summary row's parent."""
    key = name_key(as_str(summary["item"].iat[idx]) or "")
    candidates = [
        pos for pos, label in enumerate(detail["item"]) if name_key(as_str(label) or "") == key
    ]
    if not candidates:
        return None
    if len(candidates) > 1 and "parent" in summary.columns and "parent" in detail.columns:
        parent_key = name_key(as_str(summary["parent"].iat[idx]) or "")
        same = [
            pos
            for pos in candidates
            if name_key(as_str(detail["parent"].iat[pos]) or "") == parent_key
        ]
        if same:
            return same[0]
    return candidates[0]


@rule("reconcile")
def projects(report) -> Iterator[Finding]:
    """Each project's §Ⅲ budget table agrees with its §Ⅳ expenditure lines (budget and
    spent), and every §Ⅲ budget line has a §Ⅳ line."""
    pb = table(report, "project_budget")
    exp = table(report, "expenditure_detail")
    if pb.empty or exp.empty:
        return
    titles = project_titles(report)
    as_of4 = report_as_of(report)
    by_project = project_rows(exp)
    units = Units.of(report)
    lines = units.grains()
    grains3, grains4 = row_grains(report, pb, lines), row_grains(report, exp, lines)
    for no, group in pb.groupby("project_no", sort=True):
        no = as_int(no)
        if no is None:
            continue
        rows3 = [int(i) for i in group.index]
        rows4 = by_project.get(no, [])
        title = titles.get(no)
        budget3 = sum_rows(pb, "budget", rows3)
        # The sentences quote §Ⅲ's and §Ⅳ's amounts as each table printed them.
        quote = units.quote(as_int(pb["line"].iat[rows3[0]]), lines_at(exp, rows4))
        if not rows4:
            if budget3 is not None:
                yield row_finding(
                    "project_line_missing",
                    "project_budget",
                    pb,
                    rows3[0],
                    "error",
                    budget3,
                    0,
                    title=title,
                    line_numbers=lines_at(pb, rows3),
                    **quote,
                )
            continue
        lines4 = lines_at(exp, rows4)
        budget4 = sum_rows(exp, "budget", rows4)
        # Every line summed on either side brings its own rounding.
        summed = [grains3[r] for r in rows3] + [grains4[r] for r in rows4]
        if budget3 is not None and budget4 is not None:
            severity = judge_amount(budget3 - budget4, summed)
            if severity is not None:
                yield _budget_finding(pb, rows3, title, budget3, budget4, lines4, summed, quote)
        spent3, spent4 = sum_rows(pb, "spent", rows3), sum_rows(exp, "spent", rows4)
        if spent3 is None or spent4 is None:
            continue
        severity = judge_amount(spent3 - spent4, summed)
        if severity is None:
            continue
        dates3 = {as_date(pb["as_of"].iat[r]) for r in rows3} - {None}
        as_of3 = min(dates3) if len(dates3) == 1 else None
        yield row_finding(
            "project_spent",
            "project_budget",
            pb,
            rows3[0],
            severity,
            spent3,
            spent4,
            title=title,
            other_lines=lines4,
            as_of=as_of3.isoformat() if as_of3 else None,
            other_as_of=as_of4.isoformat() if as_of4 else None,
            dates=dates_explain(as_of3, as_of4, spent3, spent4),
            **quote,
        )


def dates_explain(d3: date | None, d4: date | None, s3: int, s4: int) -> str | None:
    """Given two tables' as-of dates and the money spent in each, return whether the
    dates can explain the gap: ``same`` (same day, they cannot), ``may`` (the later
    table shows more), ``cannot`` (the later one shows less); None without dates."""
    if d3 is None or d4 is None:
        return None
    if d3 == d4:
        return "same"
    return "may" if (d3 > d4) == (s3 > s4) else "cannot"


def _budget_finding(pb, rows3, title, budget3, budget4, lines4, grains, quote) -> Finding:
    # A gap that some §Ⅲ lines make up (exactly, or within the rounding of the
    # units summed) names them as missing from §Ⅳ.
    gap = budget3 - budget4
    allowed = slack(grains)
    if gap > max(ROUNDING_UNITS, allowed):
        budgets = [as_int(pb["budget"].iat[r]) for r in rows3]
        subset = missing_subset(budgets, gap, allowed)
        if subset:
            missing = [rows3[i] for i in subset]
            return row_finding(
                "project_line_missing",
                "project_budget",
                pb,
                missing[0],
                "error",
                budget3,
                budget4,
                title=title,
                other_lines=lines4,
                missing=[
                    (
                        as_str(pb["item"].iat[r]),
                        as_int(pb["budget"].iat[r]),
                        as_int(pb["line"].iat[r]),
                    )
                    for r in missing
                ],
                **quote,
            )
    return row_finding(
        "project_budget",
        "project_budget",
        pb,
        rows3[0],
        judge_amount(gap, grains) or "error",
        budget3,
        budget4,
        title=title,
        other_lines=lines4,
        **quote,
    )


def missing_subset(
    budgets: list[int | None], gap: int, allowed: Fraction | int = 0
) -> list[int] | None:
    """Given §Ⅲ line budgets, the gap to §Ⅳ and the rounding allowed, return the
    positions of the proper subset (fewest lines) whose budgets make up the gap
    (within the rounding), None when none does."""
    n = len(budgets)
    if n < 2 or n > MAX_SUBSET_ROWS or None in budgets:
        return None
    for size in range(1, n):
        for combo in itertools.combinations(range(n), size):
            if abs(sum(budgets[i] for i in combo) - gap) <= allowed:
                return list(combo)
    return None
