"""A report's frame of reference: its dates, year and unit, the project asked
for, and where the analysis writes its figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sdfkit import paths
from sdfkit.analysis.values import to_date
from sdfkit.report import Report


def as_of_date(report: Report) -> date | None:
    """Given a report, return its own as-of date (meta ``as_of``) as a date."""
    return to_date(report.meta.get("as_of"))


def fiscal_year(report: Report) -> int | None:
    """Given a report, return its fiscal year (meta), else the year of its as-of date."""
    year = report.meta.get("fiscal_year")
    if year is None:
        as_of = as_of_date(report)
        year = as_of.year if as_of else None
    return int(year) if year is not None else None


def unit(report: Report) -> str:
    """Given a report, return the unit of its amounts as printed (meta ``unit``)."""
    return report.meta.get("unit") or ""


def check_project(report: Report, project_no) -> int:
    """Given a report and a project number (int or numeric text), return it as int;
    raise ValueError naming the valid numbers when the report has no such project."""
    valid = [int(n) for n in report.projects["project_no"].dropna()]
    try:
        number = int(str(project_no).strip())
    except ValueError:
        number = None
    if number not in valid:
        raise ValueError(f"no project {project_no!r} in the report; valid: {valid}")
    return number


def output_dir(report: Report, out: str | Path | None = None) -> Path:
    """Given a report and an output folder (None: ``reports/<report-id>``),
    return the folder, not yet created."""
    return Path(out) if out is not None else paths.REPORTS / report.report_id
