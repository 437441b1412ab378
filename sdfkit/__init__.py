"""sdfkit: read Seoul city-funded institutions' audit work reports into tidy tables.

The pipeline, one stage per subpackage (imports only go down it):
read (bytes → lines) → parse (lines → the contract's tables) → checks (findings)
→ analysis (metrics, narrative, figures) → publish (CSV/xlsx, data package, site) → batch.

>>> import sdfkit
>>> report = sdfkit.read_report("data/raw/<report>.txt")
>>> report.project_budget.head()
>>> report.findings
"""

from __future__ import annotations

from sdfkit import checks as _checks  # registers the checks behind Report.findings
from sdfkit.dictionary import TABLES
from sdfkit.exceptions import NotAReportError, OutputError, ReportReadError, SdfkitError
from sdfkit.parse.pipeline import read_report
from sdfkit.report import Report

__all__ = [
    "TABLES",
    "NotAReportError",
    "OutputError",
    "Report",
    "ReportReadError",
    "SdfkitError",
    "check",
    "read_report",
]
__version__ = "0.1.0"


def check(report: Report):
    """Given a parsed report, return its findings table (see sdfkit.checks)."""
    return _checks.check(report)
