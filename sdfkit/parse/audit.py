"""§Ⅴ: follow-up of last year's audit demands.

Each demand becomes an item (category, demand, status, actions, plan); the summary
table of counts is read with its missing cells placed by reconciling it with the
items and with its own totals.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd

from sdfkit.dictionary import new_frame, table_columns
from sdfkit.parse.budget import read_amount
from sdfkit.parse.document import Document
from sdfkit.parse.genre import (
    AUDIT_ACTION_LABELS,
    AUDIT_CATEGORY_WORDS,
    AUDIT_DEMAND_LABELS,
    AUDIT_MARKERS,
    AUDIT_PAGE_HEADER,
    AUDIT_PLAN_LABELS,
    AUDIT_STATUS_LABELS,
    STATUS_WORDS,
)
from sdfkit.parse.genre import STATUSES as GENRE_STATUSES
from sdfkit.parse.tables import TOTAL_LABELS, iter_headers, read_rows
from sdfkit.read.text import Line, collapse_spacing

STATUSES = list(GENRE_STATUSES)
# Each status word and the audit_summary column that counts it.
STATUS_COLUMNS = dict(zip(STATUSES, table_columns("audit_summary")[2:6], strict=True))


def _labels(words: tuple[str, ...]) -> str:
    # A label's letters may be spaced apart (추진 상황).
    return "|".join(r"\s*".join(map(re.escape, w)) for w in sorted(words, key=len, reverse=True))


# An item's blocks, whatever their marker and wording: "□ 추진상황 : 완료", "② 처리결과 :
# 완료" (the status: a marker or a colon after the label); "□ 추진내용", "③ 조치결과",
# "④ 향후계획" (what was done, what is planned); "① 요구사항 : …" (the demand).
_MARK = rf"[{re.escape(AUDIT_MARKERS)}]"
_STATUS_LINE = re.compile(
    rf"^(?:{_MARK}\s*(?:{_labels(AUDIT_STATUS_LABELS)})\s*:?|(?:{_labels(AUDIT_STATUS_LABELS)})\s*:)"
    r"\s*(.*)$"
)
_BLOCK = re.compile(
    rf"^(?:□\s*(?P<any>.+?)|{_MARK}\s*(?P<known>(?:{_labels(AUDIT_ACTION_LABELS + AUDIT_PLAN_LABELS)}).*?))\s*$"
)
_PLAN_BLOCK = re.compile(rf"^(?:향후|{_labels(AUDIT_PLAN_LABELS)})")
_DEMAND_LINE = re.compile(rf"^(?:{_MARK}\s*)?(?:{_labels(AUDIT_DEMAND_LABELS)})\s*:\s*(.*)$")
_PAREN_LINE = re.compile(r"^\([^()]{2,40}\)$")


def normalise_status(raw: str) -> str | None:
    """Given a status as printed, return one of 완료, 추진 중, 검토 중, 미반영
    (``제출완료`` → 완료), or None when it is none of them."""
    key = raw.replace(" ", "")
    for status, words in STATUS_WORDS.items():
        if any(w in key for w in words):
            return status
    return None


def category_key(label: str) -> str:
    """Given a category label, return the key the summary and the items share:
    its first two letters without spacing (시정, 건의, 기타)."""
    return collapse_spacing(label).replace(" ", "").replace("·", "")[:2]


def _is_category_title(text: str, by_key: dict[str, str]) -> bool:
    # A category title stands alone: one of the summary's categories, or (without a
    # summary) a short line ending in 사항, the genre's word for these categories.
    if not text or _is_page_header(text) or text.startswith(("○", "□", "◦", "-", "·", "※")):
        return False
    key = text.replace(" ", "")  # what collapse_spacing(text) gives without its spaces
    if len(key) > 20:
        return False
    named = key.endswith(AUDIT_CATEGORY_WORDS[0]) or key.replace("·", "") in AUDIT_CATEGORY_WORDS
    if by_key:
        return named and category_key(text) in by_key
    return named


def _is_page_header(text: str) -> bool:
    # The table header repeated atop every page: "시정 및 처리 요구사항 조치결과 및
    # 향후추진계획", "건 의 사 항 조 치 결 과". Bulleted content that mentions 조치결과
    # is not one.
    if text.startswith(("○", "◦", "□", "-", "·", "※")):
        return False
    key = text.replace(" ", "")
    return AUDIT_PAGE_HEADER[0] in key and key.endswith(AUDIT_PAGE_HEADER)


def read_items(doc: Document, categories: list[str]) -> pd.DataFrame:
    """Given the document and the summary's category labels, return one row per
    demand in §Ⅴ."""
    span = doc.span("audit")
    if not span:
        return _items_frame([])
    lines = doc.lines[span[0] : span[1]]
    by_key = {category_key(c): c for c in categories}
    status_idx = [i for i, line in enumerate(lines) if _STATUS_LINE.match(line.text)]
    records = []
    category: str | None = None
    category_at: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if _is_category_title(line.text, by_key):
            category_at.append((i, line.text))
    bounds = status_idx + [len(lines)]
    prev_end = 0
    next_category = 0  # category titles before the demand: one pass over them, not one per demand
    for n, si in enumerate(status_idx):
        start = _demand_start(lines, prev_end, si)
        while next_category < len(category_at) and category_at[next_category][0] < start:
            label = category_at[next_category][1]
            category = by_key.get(category_key(label), collapse_spacing(label))
            next_category += 1
        demand_lines = [ln for ln in lines[start:si] if ln.text and not _PAREN_LINE.match(ln.text)]
        demand = " ".join(
            _demand_text(ln.text) if k == 0 else ln.text for k, ln in enumerate(demand_lines)
        ).strip()
        raw = _STATUS_LINE.match(lines[si].text)[1].strip()
        # The item runs until the next demand starts (or the section ends).
        nxt_si = bounds[n + 1]
        end = _demand_start(lines, si + 1, nxt_si) if nxt_si < len(lines) else len(lines)
        actions, plan = _blocks(
            [ln for ln in lines[si + 1 : end] if not _is_category_title(ln.text, by_key)]
        )
        status = normalise_status(raw)
        if status is None:
            doc.note(
                "status_unknown",
                "audit_items",
                f"The status '{raw}' of demand {n + 1} is not one of {', '.join(STATUSES)}.",
                line=lines[si].no,
            )
        records.append(
            {
                "item_no": n + 1,
                "category": category,
                "demand": demand or None,
                "status": status,
                "status_raw": raw or None,
                "actions": actions,
                "plan": plan,
                "line": demand_lines[0].no if demand_lines else lines[si].no,
            }
        )
        prev_end = end
    return _items_frame(records)


def _demand_start(lines: list[Line], lo: int, status_at: int) -> int:
    # The demand is the "○" paragraph (or the "요구사항 :" block) right above its
    # status line.
    for i in range(status_at - 1, lo - 1, -1):
        text = lines[i].text
        if text.startswith("○") or _DEMAND_LINE.match(text):
            return i
    return status_at


def _demand_text(text: str) -> str:
    m = _DEMAND_LINE.match(text)
    return m[1].strip() if m else text.lstrip("○").strip()


def _blocks(lines: list[Line]) -> tuple[str | None, str | None]:
    # □ 추진내용 … □ 향후계획 … (③ 조치결과 … ④ 향후계획 …); page headers and category
    # titles are not content.
    current = None
    parts: dict[str, list[str]] = {"actions": [], "plan": []}
    for line in lines:
        text = line.text
        if not text or _is_page_header(text):
            continue
        m = _BLOCK.match(text)
        if m:
            title = (m["any"] or m["known"]).replace(" ", "")
            current = "plan" if _PLAN_BLOCK.match(title) else "actions"
            continue
        if current:
            parts[current].append(text)
    joined = {k: " ".join(v) or None for k, v in parts.items()}
    return joined["actions"], joined["plan"]


def _items_frame(records: list[dict]) -> pd.DataFrame:
    return new_frame(records, "audit_items")


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


def read_audit(doc: Document) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Given the document, return (audit_items, audit_summary)."""
    if not doc.span("audit"):
        doc.missing_section("audit", "audit_items")
        return _items_frame([]), _summary_frame([])
    columns, rows = read_summary_rows(doc)
    categories = [label for label, _n, _l in rows if label.replace(" ", "") not in TOTAL_LABELS]
    items = read_items(doc, categories)
    if items.empty:
        # The section is there but no demand could be read from it: say so, rather
        # than hand over an empty table as if there were none.
        doc.note(
            "table_missing",
            "audit_items",
            "§Ⅴ was found but no demand could be read from it (a block with a demand and "
            "a status line such as '□ 추진상황 : 완료').",
            "error",
            line=doc.sections["audit"].heading_line,
        )
    if not rows:
        doc.note(
            "table_missing",
            "audit_summary",
            "The audit summary table (조치내역) was not found in §Ⅴ.",
            "error",
        )
        return items, _summary_frame([])
    recount: dict[str, dict[str, int]] = {}
    total_key = None
    for label, _n, _l in rows:
        if label.replace(" ", "") in TOTAL_LABELS:
            total_key = category_key(label)
    for cat, status in zip(items["category"], items["status"]):
        if cat is None or status is None:
            continue
        for key in {category_key(cat), total_key} - {None}:
            recount.setdefault(key, {}).setdefault(status, 0)
            recount[key][status] += 1
    placed, how = place_counts(columns, rows, recount)
    if how == "resolved":
        doc.note(
            "summary_cells_placed",
            "audit_summary",
            "The audit summary prints no empty cells, so its counts were placed in their "
            "status columns by reconciling them with the listed items and the totals.",
            line=rows[0][2],
        )
    elif how == "ambiguous":
        doc.note(
            "summary_cells_ambiguous",
            "audit_summary",
            "The audit summary's counts could not be placed in their status columns "
            "(empty cells are missing from the text and the items do not settle it); "
            "the status counts are left empty.",
            "error",
            line=rows[0][2],
        )
    records = []
    for (label, nums, line), cells in zip(rows, placed):
        record = {"category": label, "total": nums[0], "line": line}
        for status in STATUSES:
            column = STATUS_COLUMNS[status]
            record[column] = (
                cells.get(status) if status in cells else (0 if how != "ambiguous" else None)
            )
        records.append(record)
    return items, _summary_frame(records)


def _summary_frame(records: list[dict]) -> pd.DataFrame:
    return new_frame(records, "audit_summary")


def recount(items: pd.DataFrame) -> pd.DataFrame:
    """Given audit_items, return the listed demands counted by category and status:
    a first row for all of them (``is_total``, category 계), then one row per
    category in order of appearance (its first label as printed; ``key`` is its
    category_key, what a summary row is matched by), with the counts in the
    audit_summary's columns and the items' first and last source lines. A demand
    with no category counts in the total only; one with no status in no status."""
    rows: dict[str | None, dict] = {}

    def row(key: str | None, label: str) -> dict:
        blank = dict.fromkeys(["total", *STATUS_COLUMNS.values()], 0)
        return rows.setdefault(key, {"category": label, "key": key, **blank, "lines": []})

    row(None, "계")
    for cat, status, line in zip(items["category"], items["status"], items["line"]):
        keys = [None] if not isinstance(cat, str) else [None, category_key(cat)]
        for key in keys:
            counts = row(key, cat if key is not None else "계")
            counts["total"] += 1
            if status in STATUS_COLUMNS:
                counts[STATUS_COLUMNS[status]] += 1
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
    for column in ["total", *STATUS_COLUMNS.values(), "first_line", "last_line"]:
        frame[column] = pd.array(frame[column], dtype="Int64")
    return frame
