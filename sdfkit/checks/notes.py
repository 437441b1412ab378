"""What is worth a note though nothing is wrong: a percent typed with a comma for
the decimal point, a §Ⅲ table dated off the report's as-of date, and a project
whose §Ⅳ budget exceeds what its own revenue lines bring in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sdfkit.checks.registry import rule
from sdfkit.checks.rows import (
    as_date,
    as_float,
    as_int,
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


@rule("notes")
def percent_comma(report) -> Iterator[Finding]:
    """A percent typed with a comma for the decimal point is worth a note."""
    fmt = getattr(report, "percent_format", None)
    if fmt is None or fmt.empty:
        return
    for rec in fmt.to_dict("records"):
        if not bool(rec["comma_typed"]):
            continue
        name, row, column = rec["table"], int(rec["row"]), rec["column"]
        frame = table(report, name)
        if row >= len(frame) or column not in frame.columns:
            continue
        value = as_float(frame[column].iat[row])
        if value is None:
            continue
        decimals = int(rec["decimals"])
        text = f"{abs(value):.{decimals}f}".replace(".", ",") + "%"
        yield row_finding(
            "percent_comma",
            name,
            frame,
            row,
            "info",
            value,
            line=as_int(rec.get("line")) or None,
            column=column,
            text=f"△{text}" if value < 0 else text,
            decimals=decimals,
        )


@rule("notes", name="project_funding")
def funding(report) -> Iterator[Finding]:
    """A project whose §Ⅳ expenditure budget exceeds its own §Ⅳ revenue lines."""
    exp = table(report, "expenditure_detail")
    rev = table(report, "revenue_detail")
    if exp.empty or rev.empty:
        return
    titles = project_titles(report)
    income = project_rows(rev)
    units = Units.of(report)
    lines = units.grains()
    exp_grains, rev_grains = row_grains(report, exp, lines), row_grains(report, rev, lines)
    for no, rows4 in sorted(project_rows(exp).items()):
        budget = sum_rows(exp, "budget", rows4)
        revenue_rows = income.get(no, [])
        revenue = sum_rows(rev, "budget", revenue_rows) if revenue_rows else 0
        if budget is None or revenue is None:
            continue
        # More only by the rounding of a coarser unit is not more.
        allowed = slack([exp_grains[r] for r in rows4] + [rev_grains[r] for r in revenue_rows])
        if budget - revenue <= allowed:
            continue
        yield row_finding(
            "project_funding",
            "expenditure_detail",
            exp,
            rows4[0],
            "info",
            budget,
            revenue,
            title=titles.get(no),
            revenue_lines=lines_at(rev, revenue_rows),
            **units.quote(as_int(exp["line"].iat[rows4[0]]), lines_at(rev, revenue_rows)),
        )


@rule("notes")
def as_of_date(report) -> Iterator[Finding]:
    """A §Ⅲ table dated after (or before) the report's as-of date is worth a note."""
    pb = table(report, "project_budget")
    as_of = report_as_of(report)
    if pb.empty or as_of is None or "as_of" not in pb.columns:
        return
    titles = project_titles(report)
    seen: set[tuple[int | None, date]] = set()
    for pos in range(len(pb)):
        day = as_date(pb["as_of"].iat[pos])
        no = as_int(pb["project_no"].iat[pos])
        if day is None or day == as_of or (no, day) in seen:
            continue
        seen.add((no, day))
        yield row_finding(
            "as_of_date",
            "project_budget",
            pb,
            pos,
            "info",
            title=titles.get(no) if no is not None else None,
            as_of=day.isoformat(),
            report_as_of=as_of.isoformat(),
            days=abs((day - as_of).days),
            later=day > as_of,
        )
