"""The audit recount (parse.audit.recount, the one recount of §Ⅴ's items) and the
audit rule that compares it with the summary."""

from __future__ import annotations

import pandas as pd

from sdfkit.checks.audit import audit
from sdfkit.parse.audit import STATUS_COLUMNS, recount


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
