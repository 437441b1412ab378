"""Last year's audit demands (§Ⅴ): the items recounted against the report's own
summary, the completion rate, and the dated steps of the demands still open."""

from __future__ import annotations

import re

import pandas as pd

from sdfkit.analysis.context import fiscal_year
from sdfkit.analysis.display import COLUMN_LABELS
from sdfkit.analysis.metrics import rate
from sdfkit.analysis.milestones import milestone_status
from sdfkit.analysis.values import is_missing, to_int
from sdfkit.parse import dates
from sdfkit.parse.audit import STATUS_COLUMNS, STATUSES, UNRECOGNISED, category_key, recount
from sdfkit.parse.tables import TOTAL_LABELS
from sdfkit.read.text import collapse_spacing
from sdfkit.report import Report

DONE = STATUSES[0]  # the audit status that closes an item (완료)
# The counts the report's summary prints, and the recount's: the same, plus the
# items whose status word was not recognised (in the total, in no status column).
COUNT_COLUMNS = ["total", *STATUS_COLUMNS.values()]
RECOUNT_COLUMNS = [*COUNT_COLUMNS, UNRECOGNISED]


def is_total(label) -> bool:
    """Given a category label of the audit summary, return True for its total row
    (a label the parser reads as a total: 계, 합계 …, letter-spaced or not)."""
    return isinstance(label, str) and collapse_spacing(label).replace(" ", "") in TOTAL_LABELS


def total_label(report: Report) -> str:
    """Given a report, return the label of its audit summary's total row (계 if none)."""
    for c in report.audit_summary["category"]:
        if is_total(c):
            return c
    return "계"


def audit_status_counts(report: Report) -> pd.DataFrame:
    """Given a report, return the audit items recounted by category and status
    (the parser's one recount, :func:`sdfkit.parse.audit.recount`): the total row
    first, labelled as the summary labels it, then one row per category in the
    summary's order (zero when no item has it), then categories only the items
    have; columns category, total, done, in_progress, under_review, not_adopted and
    unrecognised (items whose status word was not recognised)."""
    counted = recount(report.audit_items)
    by_key = {
        None if is_total_row else key: row
        for key, is_total_row, row in zip(
            counted["key"], counted["is_total"], counted.to_dict("records"), strict=True
        )
    }
    cats = [c for c in report.audit_summary["category"] if not is_total(c)]
    known = {category_key(c) for c in cats}
    cats += [r["category"] for key, r in by_key.items() if key is not None and key not in known]
    zeros = dict.fromkeys(RECOUNT_COLUMNS, 0)
    records = [{**zeros, **_counts(by_key.get(None)), "category": total_label(report)}]
    for cat in cats:
        records.append({**zeros, **_counts(by_key.get(category_key(cat))), "category": cat})
    frame = pd.DataFrame(records, columns=["category", *RECOUNT_COLUMNS])
    for col in RECOUNT_COLUMNS:
        frame[col] = pd.array(frame[col], dtype="Int64")
    return frame


def _counts(row: dict | None) -> dict:
    return {col: int(row[col]) for col in RECOUNT_COLUMNS} if row is not None else {}


def audit_summary_check(report: Report) -> pd.DataFrame:
    """Given a report, return the report's own audit summary beside the recount
    from its items, one row per category and count column: reported, recounted,
    match (False where they differ or one side is missing)."""
    summary = report.audit_summary
    by_key = {
        ("total" if is_total(c) else category_key(c)): r
        for c, r in zip(summary["category"], summary.to_dict("records"), strict=True)
    }
    records = []
    for r in audit_status_counts(report).to_dict("records"):
        rep = by_key.get("total" if is_total(r["category"]) else category_key(r["category"]))
        for col in COUNT_COLUMNS:
            reported = to_int(rep[col]) if rep is not None else None
            records.append(
                {
                    "category": r["category"],
                    "status": COLUMN_LABELS[col],
                    "reported": pd.NA if reported is None else reported,
                    "recounted": int(r[col]),
                    "match": reported is not None and reported == int(r[col]),
                }
            )
    frame = pd.DataFrame(records)
    for col in ("reported", "recounted"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    frame["match"] = frame["match"].astype(bool)
    return frame


def audit_completion(report: Report) -> dict:
    """Given a report, return the completion of last year's audit demands: done,
    total and rate (percent) from the items, how many of them have a status that
    was not recognised (counted in the total, never as done), and the same from
    the report's summary."""
    items = report.audit_items
    done = int((items["status"] == DONE).sum())
    total = len(items)
    unrecognised = int(items["status"].isna().sum())
    reported_total = reported_done = None
    for _, r in report.audit_summary.iterrows():
        if is_total(r["category"]):
            reported_total, reported_done = to_int(r["total"]), to_int(r["done"])
    return {
        "done": done,
        "total": total,
        "rate_pct": rate(done, total),
        UNRECOGNISED: unrecognised,
        "reported_done": reported_done,
        "reported_total": reported_total,
        "reported_rate_pct": rate(reported_done, reported_total),
    }


_STEP_SPLIT = re.compile(r"\s*(?:[◦○●□■▪•※➡]|(?:^|\s)[-–·](?=\s))\s*")


def plan_steps(text, default_year: int | None = None) -> list[dict]:
    """Given an action or plan text (bullets joined on one line), return its steps,
    each with the first date span it names (``start``, ``end``; None when it names
    none), years defaulting to ``default_year``."""
    if is_missing(text) or not isinstance(text, str) or not text.strip():
        return []
    steps = []
    for part in _STEP_SPLIT.split(text):
        part = part.strip(" -·")
        if not part:
            continue
        start, end = dates.parse_span(part, default_year)
        steps.append({"step": part, "start": start, "end": end})
    return steps


def open_audit_items(report: Report) -> pd.DataFrame:
    """Given a report, return the audit items not done (status other than 완료)."""
    items = report.audit_items
    return items[items["status"] != DONE].reset_index(drop=True)


STEP_KINDS = {"추진내용": "actions", "향후계획": "plan"}


def open_audit_steps(report: Report) -> pd.DataFrame:
    """Given a report, return the actions taken (추진내용) and planned steps
    (향후계획) of every open audit item, one row per step, with their dates."""
    year = fiscal_year(report)
    records = []
    for _, item in open_audit_items(report).iterrows():
        for kind, col in STEP_KINDS.items():
            for step in plan_steps(item[col], year):
                records.append({"item_no": item["item_no"], "kind": kind, **step})
    frame = pd.DataFrame(records, columns=["item_no", "kind", "step", "start", "end"])
    frame["item_no"] = pd.array(frame["item_no"], dtype="Int64")
    for col in ("start", "end"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


# A step longer than half a year is a year named alone (``’19년 정기회의``), not
# the date of a step.
MAX_STEP_DAYS = 183


def dated_steps(steps: pd.DataFrame, as_of) -> pd.DataFrame:
    """Given the steps of open audit items (open_audit_steps) and an as-of date,
    return those dated to within half a year, with their ``status`` at that date
    (past_due, in_progress, upcoming: see milestone_status)."""
    dated = steps.dropna(subset=["start", "end"], how="all").copy()
    length = (dated["end"] - dated["start"]).dt.days
    dated = dated[length.isna() | (length <= MAX_STEP_DAYS)].reset_index(drop=True)
    dated["status"] = [
        milestone_status(s, e, as_of) for s, e in zip(dated["start"], dated["end"], strict=True)
    ]
    return dated
