"""Consistency checks: whether the figures a report prints agree with each other.

Given a parsed Report, ``check`` returns the findings table: the parser's findings
(what could not be read) followed by what does not add up, judged by the genre's
generic rules (see the report guide, "Consistency rules"). The rules are small
functions registered by theme (registry.py):

- arithmetic.py: children sum to their parent; the identities of identities.py
  (change = budget − prior, rates = amount / budget, remaining = budget − spent),
  percents judged at their printed precision (percent.py);
- reconcile.py: §Ⅰ totals agree with §Ⅳ; each project's §Ⅲ table agrees with its
  §Ⅳ lines, and every §Ⅲ budget line has a §Ⅳ line;
- audit.py: the audit summary's counts equal the recount of its listed items;
- notes.py: percents typed with a comma, tables dated off the report's as-of date,
  projects spending more than their own revenue lines bring in.

A finding's sentences come from the message catalogue (sdfkit/messages/), by its
``check``; summary.py prints the table for a terminal. Nothing here knows any
particular report: rows are found by the tables' own structure (parents, project
numbers, normalised names).
"""

from __future__ import annotations

import pandas as pd

# The rule modules register their rules on import; the order sets no precedence
# (themes run in registry.THEMES order).
from sdfkit.checks import arithmetic, audit, notes, reconcile  # noqa: F401
from sdfkit.checks.percent import judge_percent
from sdfkit.checks.registry import run_checks
from sdfkit.checks.rows import as_float, as_int, as_str
from sdfkit.checks.summary import summarize
from sdfkit.findings import FINDING_COLUMNS, Finding, to_frame, with_pages
from sdfkit.report import register_checker


def parse_findings(report) -> list[Finding]:
    """Given a Report, return its parse findings (as read, or as loaded) as findings."""
    frame = getattr(report, "parse_findings", None)
    if frame is None or frame.empty:
        return []
    out = []
    for rec in frame.to_dict("records"):
        out.append(
            Finding(
                check=as_str(rec.get("check")) or "parse",
                severity=as_str(rec.get("severity")) or "info",
                table=as_str(rec.get("table")) or "report",
                message=as_str(rec.get("message")) or "",
                message_en=as_str(rec.get("message_en")) or "",
                item=as_str(rec.get("item")),
                project_no=as_int(rec.get("project_no")),
                reported=as_float(rec.get("reported")),
                expected=as_float(rec.get("expected")),
                difference=as_float(rec.get("difference")),
                line=as_int(rec.get("line")),
            )
        )
    return out


def check(report) -> pd.DataFrame:
    """Given a Report, return the findings table (FINDING_COLUMNS): the parse findings
    and the consistency checks' findings, most serious first, then by line."""
    frame = to_frame(parse_findings(report) + run_checks(report))
    return with_pages(frame, getattr(report, "line_pages", None) or {})


__all__ = ["FINDING_COLUMNS", "check", "judge_percent", "run_checks", "summarize"]

register_checker(check)
