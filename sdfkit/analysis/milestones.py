"""Dated plans (향후계획) judged at an as-of date: past due, in progress, upcoming."""

from __future__ import annotations

import pandas as pd

from sdfkit.analysis.context import as_of_date
from sdfkit.analysis.display import MILESTONE_STATUS_LABELS
from sdfkit.analysis.values import to_date
from sdfkit.report import Report


def milestone_status(start, end, as_of) -> str:
    """Given a plan's start and end (either may be missing) and an as-of date,
    return past_due (ended before the as-of date), upcoming (starts after it),
    in_progress, or undated (no date at all)."""
    start, end, as_of = to_date(start), to_date(end), to_date(as_of)
    if start is None and end is None:
        return "undated"
    if end is not None and end < as_of:
        return "past_due"
    if start is not None and start > as_of:
        return "upcoming"
    return "in_progress"


def milestones_with_status(report: Report, as_of=None) -> pd.DataFrame:
    """Given a report (and an as-of date; default the report's), return its
    milestones with ``status`` and ``status_label`` columns."""
    as_of = to_date(as_of) or as_of_date(report)
    ms = report.milestones.copy()
    ms["status"] = [
        milestone_status(s, e, as_of) for s, e in zip(ms["start"], ms["end"], strict=True)
    ]
    ms["status_label"] = ms["status"].map(MILESTONE_STATUS_LABELS)
    return ms


def project_milestones(report: Report, project_no: int, as_of=None) -> pd.DataFrame:
    """Given a report and a project number, return the project's milestones with
    their status at the as-of date (default the report's)."""
    ms = milestones_with_status(report, as_of)
    return ms[ms["project_no"] == project_no].reset_index(drop=True)
