"""The report's findings (what could not be read, what does not add up) as the
pages group them."""

from __future__ import annotations

import warnings

import pandas as pd

from sdfkit.findings import SEVERITIES, empty_frame
from sdfkit.report import Report


def report_findings(report: Report) -> pd.DataFrame:
    """Given a report, return its findings table; while the consistency checks
    cannot run (not installed yet, or failing), warn and return an empty table."""
    try:
        return report.findings
    except Exception as exc:  # any failure of the checks degrades to "no findings"
        warnings.warn(
            f"findings unavailable ({type(exc).__name__}: {exc}); showing none",
            RuntimeWarning,
            stacklevel=2,
        )
        return empty_frame()


def project_findings(report: Report, project_no: int) -> pd.DataFrame:
    """Given a report and a project number, return the findings about the project."""
    found = report_findings(report)
    return found[found["project_no"] == project_no].reset_index(drop=True)


def findings_by_severity(findings: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Given a findings table, return its rows grouped by severity, most serious
    first (every severity present, empty ones too)."""
    return {sev: findings[findings["severity"] == sev].reset_index(drop=True) for sev in SEVERITIES}
