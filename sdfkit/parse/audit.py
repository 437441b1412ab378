"""§Ⅴ: follow-up of last year's audit demands.

Each demand becomes an item (category, demand, status, actions, plan); the summary
table of counts is read with its missing cells placed by reconciling it with the
items and with its own totals (parse.audit_summary: the status words, the summary
and the recount, whose names are re-exported here).
"""

from __future__ import annotations

import re

import pandas as pd

from sdfkit.dictionary import new_frame
from sdfkit.parse.audit_summary import (
    STATUS_COLUMNS,
    STATUSES,
    UNRECOGNISED,
    category_key,
    normalise_status,
    place_counts,
    read_summary_rows,
    recount,
)
from sdfkit.parse.document import Document
from sdfkit.parse.genre import (
    AUDIT_ACTION_LABELS,
    AUDIT_CATEGORY_WORDS,
    AUDIT_DEMAND_LABELS,
    AUDIT_MARKERS,
    AUDIT_PAGE_HEADER,
    AUDIT_PLAN_LABELS,
    AUDIT_STATUS_LABELS,
)
from sdfkit.parse.tables import TOTAL_LABELS
from sdfkit.read.text import Line, collapse_spacing

__all__ = [
    "STATUSES",
    "STATUS_COLUMNS",
    "UNRECOGNISED",
    "category_key",
    "normalise_status",
    "place_counts",
    "read_audit",
    "read_items",
    "read_summary_rows",
    "recount",
]


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
            # Not guessed: the status stays empty, the rest of the item is read, and
            # the word printed is named with its line (its sentences: messages/parse.py).
            doc.note(
                "status_unknown",
                "audit_items",
                "",
                "error",
                item=raw or None,
                line=lines[si].no,
                params={"word": raw, "item_no": n + 1},
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
