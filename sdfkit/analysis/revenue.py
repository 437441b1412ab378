"""Revenue lines against the prior year: which are new, grown, cut or discontinued."""

from __future__ import annotations

import pandas as pd

from sdfkit.analysis.values import is_missing
from sdfkit.read.text import name_key
from sdfkit.report import Report

CHANGE_KINDS = ("new", "grown", "same", "cut", "discontinued")


def change_kind(budget, prior, is_new: bool = False) -> str | None:
    """Given this year's and last year's budget of a line (and whether the report
    marks it new), return new | grown | same | cut | discontinued."""
    budget = 0 if is_missing(budget) else budget
    prior = 0 if is_missing(prior) else prior
    if is_new or (prior == 0 and budget > 0):
        return "new"
    if budget == 0 and prior > 0:
        return "discontinued"
    if budget > prior:
        return "grown"
    if budget < prior:
        return "cut"
    return "same"


def leaves(frame: pd.DataFrame, categories=()) -> pd.DataFrame:
    """Given a table with ``item`` and ``parent`` columns, return its rows that are
    nobody's parent (the finest lines). When the table has no parents at all (its
    hierarchy could not be rebuilt), rows named like one of ``categories`` (e.g.
    the §Ⅰ summary's items) are left out instead."""
    parents = set(frame["parent"].dropna())
    if parents:
        return frame[~frame["item"].isin(parents)]
    keys = {name_key(c) for c in categories if isinstance(c, str)}
    return frame[~frame["item"].map(lambda i: name_key(i) in keys if isinstance(i, str) else False)]


def revenue_changes(report: Report) -> pd.DataFrame:
    """Given a report, return the finest revenue lines (§Ⅳ 세입예산) with their
    change against the prior year classified (``change_kind``, see CHANGE_KINDS)."""
    rev = leaves(report.revenue_detail, report.summary_budget["item"]).copy()
    rev["change_kind"] = [
        change_kind(b, p, False if is_missing(n) else bool(n))
        for b, p, n in zip(rev["budget"], rev["prior_budget"], rev["is_new"], strict=True)
    ]
    return rev.reset_index(drop=True)


def project_revenue(report: Report, project_no: int) -> pd.DataFrame:
    """Given a report and a project number, return the revenue lines linked to the
    project, with their change against the prior year."""
    rev = revenue_changes(report)
    return rev[rev["project_no"] == project_no].reset_index(drop=True)


def new_and_discontinued(report: Report) -> pd.DataFrame:
    """Given a report, return the revenue lines that are new this year or were
    discontinued (budget 0, prior year > 0), new first, larger amounts first."""
    rev = revenue_changes(report)
    picked = rev[rev["change_kind"].isin(["new", "discontinued"])].copy()
    picked["_amount"] = picked["budget"].where(
        picked["change_kind"] == "new", picked["prior_budget"]
    )
    picked["_order"] = (picked["change_kind"] != "new").astype(int)
    picked = picked.sort_values(["_order", "_amount"], ascending=[True, False], kind="stable")
    return picked.drop(columns=["_amount", "_order"]).reset_index(drop=True)
