"""§Ⅴ's statuses and counts: a printed status word read as one of the four
statuses, the summary table of counts by category and status (its missing cells
placed by reconciling it with the items and its own totals), and the one recount
of the listed items that the summary is compared with.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd

from sdfkit.dictionary import table_columns
from sdfkit.parse.budget import read_amount
from sdfkit.parse.document import Document
from sdfkit.parse.genre import STATUS_WORDS
from sdfkit.parse.genre import STATUSES as GENRE_STATUSES
from sdfkit.parse.tables import TOTAL_LABELS, iter_headers, read_rows
from sdfkit.read.text import collapse_spacing

STATUSES = list(GENRE_STATUSES)
# Each status word and the audit_summary column that counts it.
STATUS_COLUMNS = dict(zip(STATUSES, table_columns("audit_summary")[2:6], strict=True))
# The recount's column for the demands whose printed status is none of the four.
UNRECOGNISED = "unrecognised"

# A status word negated is not that status: 미완료 and 미추진 are not 완료 and 추진 중
# (미반영 is a status word of its own). 완료 followed by 예정 is a plan, not done.
_NEGATION = "미"
_NOT_DONE_YET = re.compile(r"^[\s()\[\]·.,:~-]*예정")


def normalise_status(raw: str) -> str | None:
    """Given a status as printed, return one of 완료, 추진 중, 검토 중, 미반영
    (``제출완료`` → 완료), or None when it is none of them. Spacing and remarks do
    not matter (``추 진 중``, ``추진 중(80%)``, ``완료(’20.6.)``); a negated word
    (``미완료``) or a done still ahead (``완료 예정``) is not that status."""
    key = re.sub(r"\s+", "", raw)
    for status, words in STATUS_WORDS.items():
        for word in words:
            for m in re.finditer(re.escape(word), key):
                if key[m.start() - 1 : m.start()] == _NEGATION and not word.startswith(_NEGATION):
                    continue
                if status == STATUSES[0] and _NOT_DONE_YET.match(key[m.end() :]):
                    continue
                return status
    return None


def category_key(label: str) -> str:
    """Given a category label, return the key the summary and the items share:
    its first two letters without spacing (시정, 건의, 기타)."""
    return collapse_spacing(label).replace(" ", "").replace("·", "")[:2]


def read_summary_rows(doc: Document) -> tuple[list[str], list[tuple[str, list[int], int]]]:
    """Given the document, return the summary table's status columns in printed
    order and its rows as (category, numbers as printed, line)."""
    span = doc.span("audit")
    if not span:
        return [], []
    for header in iter_headers(doc.lines, *span):
        if header.kind != "audit_summary":
            continue
        columns = _status_columns(header.words)
        doc.tables_read.add(header.start)
        rows, bad, _end = read_rows(doc.lines, header.end, span[1], None, max_label_lines=1)
        for b in bad:
            doc.note(
                "row_unreadable",
                "audit_summary",
                f"A line of the audit summary could not be read ({b.reason}).",
                "error",
                line=b.line,
            )
        out = []
        for r in rows:
            try:
                # Counts: whole, not negative, and small enough for the table's
                # integer columns (a huge or damaged figure is reported, not read).
                nums = [read_amount(v) for v in r.values]
                if any(n < 0 for n in nums):
                    raise ValueError("a negative count")
            except ValueError:
                doc.note(
                    "row_unreadable",
                    "audit_summary",
                    f"Row '{r.label}' has values that are not counts.",
                    "error",
                    item=r.label,
                    line=r.line,
                )
                continue
            out.append((r.label, nums, r.line))
        return columns, out
    return [], []


def _status_columns(words: list[str]) -> list[str]:
    # Header words after 구분/계, in printed order: 완료, 추진 중, 검토 중, 미반영.
    cols: list[str] = []
    text = " ".join(words)
    for m in re.finditer(r"완료|추진\s*중?|검토\s*중?|미반영", text):
        status = normalise_status(m[0])
        if status and status not in cols:
            cols.append(status)
    return cols


def place_counts(
    columns: list[str],
    rows: list[tuple[str, list[int], int]],
    recount: dict[str, dict[str, int]],
) -> tuple[list[dict[str, int | None]], str]:
    """Given the status columns, the summary rows as printed (total first, then the
    counts of non-empty cells) and the items' recount per category, return each
    row's counts placed in their columns and how the placement was decided
    (complete | resolved | ambiguous). Empty cells are missing from the text, so
    ``1 1`` does not say which column its second number is in: the placement that
    keeps the total row equal to the sum of the categories and agrees best with
    the items is chosen; a tie is ambiguous and left unplaced."""
    options: list[list[tuple[int | None, ...]]] = []
    for _label, nums, _line in rows:
        counts = nums[1:]
        if len(counts) > len(columns):
            options.append([])
            continue
        placements = []
        for slots in itertools.combinations(range(len(columns)), len(counts)):
            cells: list[int | None] = [None] * len(columns)
            for slot, value in zip(slots, counts):
                cells[slot] = value
            placements.append(tuple(cells))
        options.append(placements)
    if any(not o for o in options):
        return [dict.fromkeys(columns) for _ in rows], "ambiguous"
    complete = all(len(o) == 1 for o in options)
    total_idx = [
        i for i, (label, _n, _l) in enumerate(rows) if label.replace(" ", "") in TOTAL_LABELS
    ]
    best: list[tuple[int, tuple]] = []
    # Bounded: at most C(4,2)=6 placements a row, a handful of rows.
    combos = itertools.islice(itertools.product(*options), 100_000)
    for combo in combos:
        if total_idx and len(rows) > 1:
            t = total_idx[0]
            parts = [c for i, c in enumerate(combo) if i != t]
            if any(
                (combo[t][k] or 0) != sum((p[k] or 0) for p in parts) for k in range(len(columns))
            ):
                continue
        score = 0
        for (label, _n, _l), cells in zip(rows, combo):
            counts = recount.get(category_key(label), {})
            score += sum((cells[k] or 0) == counts.get(col, 0) for k, col in enumerate(columns))
        best.append((score, combo))
    if not best:
        return [dict.fromkeys(columns) for _ in rows], "ambiguous"
    top = max(s for s, _ in best)
    winners = {c for s, c in best if s == top}
    if len(winners) > 1:
        return [dict.fromkeys(columns) for _ in rows], "ambiguous"
    combo = winners.pop()
    placed = [
        {col: (cells[k] if cells[k] is not None else 0) for k, col in enumerate(columns)}
        for cells in combo
    ]
    return placed, "complete" if complete else "resolved"


def recount(items: pd.DataFrame) -> pd.DataFrame:
    """Given audit_items, return the listed demands counted by category and status:
    a first row for all of them (``is_total``, category 계), then one row per
    category in order of appearance (its first label as printed; ``key`` is its
    category_key, what a summary row is matched by), with the counts in the
    audit_summary's columns, ``unrecognised`` (the demands whose printed status is
    none of the four, so counted in ``total`` but in no status column) and the
    items' first and last source lines. A demand with no category counts in the
    total only."""
    rows: dict[str | None, dict] = {}
    counted = ["total", *STATUS_COLUMNS.values(), UNRECOGNISED]

    def row(key: str | None, label: str) -> dict:
        blank = dict.fromkeys(counted, 0)
        return rows.setdefault(key, {"category": label, "key": key, **blank, "lines": []})

    row(None, "계")
    for cat, status, line in zip(items["category"], items["status"], items["line"]):
        keys = [None] if not isinstance(cat, str) else [None, category_key(cat)]
        for key in keys:
            counts = row(key, cat if key is not None else "계")
            counts["total"] += 1
            column = STATUS_COLUMNS.get(status) if isinstance(status, str) else None
            counts[column or UNRECOGNISED] += 1
            if line is not None and not pd.isna(line):
                counts["lines"].append(int(line))
    records = [
        {
            **{k: v for k, v in r.items() if k != "lines"},
            "is_total": r["key"] is None,
            "first_line": min(r["lines"], default=None),
            "last_line": max(r["lines"], default=None),
        }
        for r in rows.values()
    ]
    frame = pd.DataFrame(records)
    # The total row's key stays None (pandas would make it NaN).
    frame["key"] = pd.Series([r["key"] for r in records], dtype=object)
    for column in [*counted, "first_line", "last_line"]:
        frame[column] = pd.array(frame[column], dtype="Int64")
    return frame
