"""What the notebooks show, computed from a parsed report.

One concept a module; every function takes a :class:`~sdfkit.report.Report` (or
one of its tables) and returns plain values, DataFrames, text or figures. Nothing
here knows a particular report: every name, figure and date comes from the
report's tables and ``meta``.

- :mod:`~sdfkit.analysis.values`: null-safe conversions of single values;
- :mod:`~sdfkit.analysis.context`: a report's as-of date, year, unit, output folder;
- :mod:`~sdfkit.analysis.metrics`: execution rates, calendar pace, ranks, sums
  (``project_execution`` is the per-project table the notebooks and the site share);
- :mod:`~sdfkit.analysis.revenue`: revenue lines against the prior year;
- :mod:`~sdfkit.analysis.milestones`, :mod:`~sdfkit.analysis.findings`,
  :mod:`~sdfkit.analysis.audit`: plans, findings, last year's audit demands;
- :mod:`~sdfkit.analysis.linking`: which audit demand concerns which project;
- :mod:`~sdfkit.analysis.narrative`, :mod:`~sdfkit.analysis.headlines`: the
  Korean sentences and chart headlines, as text;
- :mod:`~sdfkit.analysis.display`: labels, number formats, escaping, tables;
- :mod:`~sdfkit.analysis.plotting` (charts; helpers in ``figures``, ``timelines``).

This package re-exports what the notebooks call, so a notebook needs only
``from sdfkit import analysis``. Importing it registers :func:`project_metrics`
as what ``Report.project(n)`` shows.
"""

from __future__ import annotations

from sdfkit.analysis.audit import (
    DONE,
    audit_completion,
    audit_status_counts,
    audit_summary_check,
    open_audit_items,
    open_audit_steps,
    plan_steps,
)
from sdfkit.analysis.context import as_of_date, check_project, fiscal_year, output_dir, unit
from sdfkit.analysis.display import (
    CHANGE_LABELS,
    COLUMN_LABELS,
    FINDING_LABELS,
    MILESTONE_STATUS_LABELS,
    SEVERITY_LABELS,
    SIDE_LABELS,
    escape_md,
    fmt_amount,
    fmt_number,
    fmt_pct,
    fmt_pp,
    styled,
)
from sdfkit.analysis.findings import findings_by_severity, project_findings, report_findings
from sdfkit.analysis.linking import audit_links, project_audit_items
from sdfkit.analysis.metrics import (
    EXECUTION_COLUMNS,
    calendar_pace,
    committed_unpaid,
    expected_unspent,
    project_budget_overview,
    project_execution,
    project_metrics,
    project_rank,
    project_row,
    rate,
    strategy_budget,
    summary_composition,
    summary_total,
)
from sdfkit.analysis.milestones import milestone_status, project_milestones
from sdfkit.analysis.narrative import (
    audit_completion_md,
    audit_item_md,
    bullet_md,
    linked_item_md,
    mismatch_md,
    pace_md,
    project_profile_md,
    project_summary_text,
    rank_md,
    report_header_md,
    summary_gap_md,
)
from sdfkit.analysis.revenue import change_kind, leaves, new_and_discontinued, project_revenue
from sdfkit.report import register_project_metrics

__all__ = [
    "CHANGE_LABELS",
    "COLUMN_LABELS",
    "DONE",
    "EXECUTION_COLUMNS",
    "FINDING_LABELS",
    "MILESTONE_STATUS_LABELS",
    "SEVERITY_LABELS",
    "SIDE_LABELS",
    "as_of_date",
    "audit_completion",
    "audit_completion_md",
    "audit_item_md",
    "audit_links",
    "audit_status_counts",
    "audit_summary_check",
    "bullet_md",
    "calendar_pace",
    "change_kind",
    "check_project",
    "committed_unpaid",
    "escape_md",
    "expected_unspent",
    "findings_by_severity",
    "fiscal_year",
    "fmt_amount",
    "fmt_number",
    "fmt_pct",
    "fmt_pp",
    "leaves",
    "linked_item_md",
    "milestone_status",
    "mismatch_md",
    "new_and_discontinued",
    "open_audit_items",
    "open_audit_steps",
    "output_dir",
    "pace_md",
    "plan_steps",
    "project_audit_items",
    "project_budget_overview",
    "project_execution",
    "project_findings",
    "project_metrics",
    "project_milestones",
    "project_profile_md",
    "project_rank",
    "project_revenue",
    "project_row",
    "project_summary_text",
    "rank_md",
    "rate",
    "report_findings",
    "report_header_md",
    "strategy_budget",
    "styled",
    "summary_composition",
    "summary_gap_md",
    "summary_total",
    "unit",
]

# Report.project(n).metrics shows the same row as the project page and the site.
register_project_metrics(project_metrics)
