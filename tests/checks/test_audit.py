"""The audit recount (parse.audit.recount, the one recount of §Ⅴ's items) and the
audit rule that compares it with the summary."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from sdfkit.checks.audit import audit
from sdfkit.parse.audit import STATUS_COLUMNS, UNRECOGNISED, recount


def test_recount_of_the_bundled_items_matches_the_summary(bundled):
    counts = recount(bundled.audit_items)
    columns = ["total", *STATUS_COLUMNS.values()]
    assert counts["is_total"].tolist() == [True, False, False, False]
    assert counts["key"].tolist() == [None, "시정", "건의", "기타"]
    summary = bundled.audit_summary[columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        counts[columns].reset_index(drop=True).astype("int64"), summary.astype("int64")
    )
    total = counts.iloc[0]
    assert (total["first_line"], total["last_line"]) == (
        bundled.audit_items["line"].min(),
        bundled.audit_items["line"].max(),
    )
    assert list(audit(bundled)) == []


def test_recount_without_items_or_categories():
    empty = recount(pd.DataFrame(columns=["category", "status", "line"]))
    assert empty.to_dict("records")[0]["total"] == 0 and len(empty) == 1
    items = pd.DataFrame(
        {"category": [None, "건의사항"], "status": ["완료", None], "line": [3, pd.NA]}
    )
    counts = recount(items).set_index("category")
    assert counts.loc["계", "total"] == 2 and counts.loc["계", "done"] == 1
    assert counts.loc["건의사항", "total"] == 1 and counts.loc["건의사항", "done"] == 0
    assert pd.isna(counts.loc["건의사항", "first_line"])


def test_recount_counts_the_demands_whose_status_was_not_recognised():
    items = pd.DataFrame(
        {
            "category": ["시정요구", "시정요구", "건의사항"],
            "status": ["완료", None, "추진 중"],
            "line": [3, 9, 15],
        }
    )
    counts = recount(items).set_index("category")
    assert counts.loc["계", UNRECOGNISED] == 1 and counts.loc["시정요구", UNRECOGNISED] == 1
    assert counts.loc["건의사항", UNRECOGNISED] == 0
    # counted in the total, in no status column
    assert counts.loc["시정요구", "total"] == 2 and counts.loc["시정요구", "done"] == 1
    assert counts.loc["시정요구", list(STATUS_COLUMNS.values())].sum() == 1


def _summary(rows: list[tuple]) -> pd.DataFrame:
    columns = ["category", "total", *STATUS_COLUMNS.values(), "line"]
    return pd.DataFrame(rows, columns=columns)


def _graded(summary: pd.DataFrame, items: pd.DataFrame) -> list[tuple]:
    report = SimpleNamespace(audit_summary=summary, audit_items=items)
    return [
        (f.severity, f.line, f.params.get("status"), f.reported, f.expected) for f in audit(report)
    ]


def test_summary_counts_an_unrecognised_status_may_explain_are_notes_not_errors():
    # Two demands, one 완료 and one printed in a word no list has; the summary counts
    # it under 검토 중: that cell may be this demand, so it is a note.
    items = pd.DataFrame(
        {"category": ["건의사항", "건의사항"], "status": ["완료", None], "line": [5, 9]}
    )
    summary = _summary([("계", 2, 1, 0, 1, 0, 1), ("건의사항", 2, 1, 0, 1, 0, 2)])
    assert _graded(summary, items) == [
        ("info", 1, "검토 중", 1, 0),
        ("info", 2, "검토 중", 1, 0),
    ]
    # Beyond what it can explain (two more than the recount, one unknown; or a cell
    # below the recount), the differences stay errors.
    summary = _summary([("계", 2, 0, 1, 1, 0, 1)])
    assert _graded(summary, items) == [
        ("error", 1, "완료", 0, 1),
        ("error", 1, "추진 중", 1, 0),
        ("error", 1, "검토 중", 1, 0),
    ]
    summary = _summary([("계", 3, 1, 1, 1, 0, 1)])
    assert [g[0] for g in _graded(summary, items)] == ["error", "error", "error"]
