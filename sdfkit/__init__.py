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

from pathlib import Path

from sdfkit import checks as _checks  # registers the checks behind Report.findings
from sdfkit.dictionary import TABLES
from sdfkit.exceptions import NotAReportError, OutputError, ReportReadError, SdfkitError
from sdfkit.parse.corpus import Corpus, read_reports
from sdfkit.parse.pipeline import read_report
from sdfkit.report import Report

__all__ = [
    "TABLES",
    "Corpus",
    "NotAReportError",
    "OutputError",
    "Report",
    "ReportReadError",
    "SdfkitError",
    "check",
    "open_report",
    "read_report",
    "read_reports",
]
__version__ = "0.1.0"


def open_report(path: str | Path, encoding: str | None = None) -> Report:
    """Given a raw report (text, HWP, HWPX or PDF) or a folder ``sdfkit parse`` wrote,
    return its Report: the folder's tables are loaded, not parsed again."""
    from sdfkit.publish.load import is_processed, load_report

    return load_report(path) if is_processed(path) else read_report(path, encoding=encoding)


def check(report: Report):
    """Given a parsed report, return its findings table (see sdfkit.checks)."""
    return _checks.check(report)
