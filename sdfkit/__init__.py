"""sdfkit: read Seoul city-funded institutions' audit work reports into tidy tables.

>>> import sdfkit
>>> report = sdfkit.read_report("data/raw/000_ad13b4a15167881f.txt")
>>> report.project_budget.head()
>>> sdfkit.check(report)
"""

from __future__ import annotations

from .exceptions import NotAReportError, OutputError, ReportReadError, SdfkitError
from .report import TABLES, Report, read_report

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
    from .checks import check as _check

    return _check(report)
