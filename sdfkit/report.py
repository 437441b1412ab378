"""A parsed report: its meta and the contract's tables, whichever stage made it.

The parse stage builds a Report from a report's text; ``publish.load`` reads one back
from a processed folder. Every stage after parsing takes a Report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdfkit.dictionary import TABLES

PERCENT_FORMAT_COLUMNS = ["table", "row", "column", "decimals", "comma_typed", "line"]
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
# The checks stage registers its entry point here (sdfkit.checks, imported by the
# package), so this base module imports no later stage of the pipeline.
_CHECKER: Callable[[Report], pd.DataFrame] | None = None


def register_checker(checker: Callable[[Report], pd.DataFrame]) -> None:
    """Given the checks' entry point, make it what Report.findings runs."""
    global _CHECKER
    _CHECKER = checker


@dataclass
class Report:
    """A parsed report: ``meta`` and one DataFrame per table of the contract, plus
    the parse findings. ``findings`` adds the consistency checks."""

    meta: dict
    summary_budget: pd.DataFrame
    projects: pd.DataFrame
    project_budget: pd.DataFrame
    revenue_detail: pd.DataFrame
    expenditure_detail: pd.DataFrame
    milestones: pd.DataFrame
    audit_items: pd.DataFrame
    audit_summary: pd.DataFrame
    parse_findings: pd.DataFrame
    # How each percent was printed (decimals, comma for the point): the checks
    # judge a percent against its own printed precision.
    percent_format: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=PERCENT_FORMAT_COLUMNS)
    )
    _findings: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def report_id(self) -> str:
        """A name for this report's output folder, made from the file name only
        (never from the report's text)."""
        return report_id(self.meta.get("source_file") or "", self.meta.get("source_sha256") or "")

    @property
    def findings(self) -> pd.DataFrame:
        """The findings table: what could not be read, and what does not add up."""
        if self._findings is None:
            if _CHECKER is None:  # only when sdfkit.checks was never imported
                from sdfkit.exceptions import SdfkitError

                raise SdfkitError("no consistency checks registered (import sdfkit.checks)")
            self._findings = _CHECKER(self)
        return self._findings

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the contract's tables by name."""
        return {name: getattr(self, name) for name in TABLES}


def report_id(source_file: str, sha256: str = "") -> str:
    """Given a report's file name, return a safe folder name for its outputs."""
    stem = Path(source_file).stem
    safe = _SAFE_ID.sub("_", stem).strip("_.")[:80]
    return safe or (sha256[:16] if sha256 else "report")
