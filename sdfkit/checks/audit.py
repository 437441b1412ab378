"""§Ⅴ's summary of counts agrees with itself and with the demands listed under it:
each row's total equals its status cells, and each count equals the recount of
the listed items (parse.audit.recount) by category and status.

A demand whose printed status word is none of the four is an error of its own
(the parser's ``status_unknown``, on its line); where the summary's status counts
exceed the recount only by as many such demands as the row has, the summary may
well count them there, so those differences are notes (info), not errors."""

from __future__ import annotations

from collections.abc import Iterator

from sdfkit.checks.registry import rule
from sdfkit.checks.rows import as_int, as_str, row_finding, table
from sdfkit.findings import Finding
from sdfkit.parse.audit import STATUS_COLUMNS, UNRECOGNISED, category_key, recount
from sdfkit.parse.tables import TOTAL_LABELS


@rule("audit", name="audit_counts")
def audit(report) -> Iterator[Finding]:
    """The audit summary's counts equal the listed items' counts by category and
    status; each summary row's total equals its status cells."""
    summary = table(report, "audit_summary")
    items = table(report, "audit_items")
    if summary.empty:
        return
    counts = recount(items) if not items.empty else None
    by_key = {} if counts is None else {r["key"]: r for r in counts.to_dict("records")}
    for idx in range(len(summary)):
        category = as_str(summary["category"].iat[idx]) or ""
        total = as_int(summary["total"].iat[idx])
        cells = {col: as_int(summary[col].iat[idx]) for col in STATUS_COLUMNS.values()}
        if total is not None and all(v is not None for v in cells.values()):
            parts = sum(cells.values())
            if parts != total:
                yield row_finding(
                    "audit_row_sum", "audit_summary", summary, idx, "error", total, parts
                )
        if counts is None:
            continue
        is_total = category.replace(" ", "") in TOTAL_LABELS
        mine = by_key.get(None if is_total else category_key(category), {})
        lines = [mine.get("first_line"), mine.get("last_line")]
        unknown = _explained_by_unrecognised(cells, mine)
        for status, column in [(None, "total"), *STATUS_COLUMNS.items()]:
            reported = total if column == "total" else cells[column]
            expected = int(mine.get(column, 0))
            if reported is None or reported == expected:
                continue
            noted = bool(unknown) and column != "total"
            yield row_finding(
                "audit_counts",
                "audit_summary",
                summary,
                idx,
                "info" if noted else "error",
                reported,
                expected,
                status=status,
                is_total=is_total,
                line_numbers=[as_int(n) for n in lines],
                unrecognised=unknown if noted else 0,
            )


def _explained_by_unrecognised(cells: dict[str, int | None], mine: dict) -> int:
    """Given a summary row's status cells and its recount, return the number of its
    demands with an unrecognised status when they can explain every difference in
    the status cells (each cell at least the recount, the excess no more than
    them), else 0."""
    unknown = int(mine.get(UNRECOGNISED, 0) or 0)
    if not unknown or any(v is None for v in cells.values()):
        return 0
    excess = [cells[col] - int(mine.get(col, 0)) for col in STATUS_COLUMNS.values()]
    return unknown if min(excess) >= 0 and sum(excess) <= unknown else 0
