"""Consistency checks: whether the figures a report prints agree with each other.

Given a parsed Report, ``check`` returns the findings table: the parser's findings
(what could not be read) followed by what does not add up, judged by the genre's
generic rules (see the report guide, "Consistency rules"):

- children sum to their parent, in every table with a hierarchy and amount column;
- change = budget - prior budget; change percent = change / prior budget;
- rates = amount / budget; remaining = budget - executed;
- a printed percent equals the exact value rounded half up to its printed decimals;
- §Ⅰ totals agree with §Ⅳ; each project's §Ⅲ table agrees with its §Ⅳ lines, and
  every §Ⅲ budget line has a §Ⅳ line;
- the audit summary's counts equal the counts of the listed items;
- notes: percents typed with a comma, tables dated off the report's as-of date, and
  projects spending more than their own revenue lines bring in.

Nothing here knows any particular report: rows are found by the tables' own
structure (parents, project numbers, normalised names).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from sdfkit.findings import FINDING_COLUMNS, SEVERITY_ORDER, Finding, to_frame
from sdfkit.parse.audit import STATUS_COLUMNS, category_key
from sdfkit.parse.numbers import format_amount
from sdfkit.parse.tables import TOTAL_LABELS
from sdfkit.read.text import name_key
from sdfkit.report import register_checker

# A sum or difference off by this much (thousand won) is a rounding slip.
ROUNDING_UNITS = 1
# Bound on the subset search that names the §Ⅲ lines missing from §Ⅳ.
MAX_SUBSET_ROWS = 12

# The amount columns of each table with a hierarchy.
AMOUNT_COLUMNS = {
    "summary_budget": ["budget", "prior_budget", "change", "actual"],
    "revenue_detail": ["budget", "prior_budget", "change", "collected"],
    "expenditure_detail": ["budget", "spent", "remaining"],
}
# Rates: (percent column, amount column, base column) per table.
RATES = {
    "summary_budget": [("actual_pct", "actual", "budget")],
    "revenue_detail": [("collected_pct", "collected", "budget")],
    "expenditure_detail": [("spent_pct", "spent", "budget")],
    "project_budget": [
        ("committed_pct", "committed", "budget"),
        ("spent_pct", "spent", "budget"),
        ("expected_pct", "expected", "budget"),
    ],
}
# §Ⅰ columns against §Ⅳ columns, per side of the summary.
SECTION_PAIRS = {
    "expenditure": ("expenditure_detail", [("budget", "budget"), ("actual", "spent")]),
    "revenue": (
        "revenue_detail",
        [
            ("budget", "budget"),
            ("prior_budget", "prior_budget"),
            ("change", "change"),
            ("actual", "collected"),
        ],
    ),
}

_COLUMN_NAMES = {
    "budget": "budget (예산현액)",
    "prior_budget": "prior-year budget (최종예산)",
    "change": "change (증감액)",
    "change_pct": "change rate (증감률)",
    "collected": "collected amount (징수액)",
    "collected_pct": "collection rate (징수율)",
    "remaining": "unexecuted balance (집행잔액)",
    "committed": "commitments (원인행위)",
    "committed_pct": "commitment rate (원인행위 집행률)",
    "expected": "expected year-end execution (집행예상액)",
    "expected_pct": "expected execution rate (예상 집행률)",
}
# How messages name each table: (English, Korean title).
_TABLE_NAMES = {
    "revenue_detail": ("§Ⅳ revenue table", "세입예산"),
    "expenditure_detail": ("§Ⅳ expenditure table", "세출예산 집행현황"),
    "audit_summary": ("§Ⅴ audit summary", "조치내역"),
    "audit_items": ("§Ⅴ audit items", "처리결과"),
}


# --------------------------------------------------------------------------- helpers


def _int(value) -> int | None:
    """Given a cell, return it as an int, None when empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return int(value)


def _float(value) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def _str(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def _amount(value: int) -> str:
    return format_amount(int(value))


def _severity(difference: int) -> str:
    return "rounding" if abs(difference) <= ROUNDING_UNITS else "error"


def _lines(numbers: Iterable[int | None]) -> str:
    found = sorted({n for n in numbers if n is not None})
    if not found:
        return "no line"
    if len(found) == 1:
        return f"line {found[0]}"
    return f"lines {found[0]}–{found[-1]}"


def column_name(table: str, column: str, side: str | None = None) -> str:
    """Given a table and column, return how messages name the column."""
    executed = table == "expenditure_detail" or side == "expenditure"
    if column == "actual":
        return "executed amount (집행액)" if executed else "collected amount (징수액)"
    if column == "actual_pct":
        return "execution rate (집행률)" if executed else "collection rate (징수율)"
    if column == "spent":
        return (
            "disbursed amount (지출액)" if table == "project_budget" else "executed amount (집행액)"
        )
    if column == "spent_pct":
        return (
            "disbursement rate (지출액 집행률)"
            if table == "project_budget"
            else "execution rate (집행률)"
        )
    return _COLUMN_NAMES.get(column, column)


def table_name(
    table: str, side: str | None = None, project_no: int | None = None
) -> tuple[str, str]:
    """Given a table (and the summary's side or a project), return how messages name
    it: (English name, Korean title)."""
    if table == "summary_budget":
        if side == "revenue":
            return "§Ⅰ revenue summary", "세입 총괄"
        if side == "expenditure":
            return "§Ⅰ expenditure summary", "세출 총괄"
        return "§Ⅰ budget summary", "총괄"
    if table == "project_budget":
        who = f" of project {project_no}" if project_no is not None else ""
        return f"§Ⅲ budget table{who}", "예산집행 현황"
    return _TABLE_NAMES.get(table, (table, ""))


def place(
    table: str,
    where: str | None = None,
    side: str | None = None,
    project_no: int | None = None,
    as_of: date | None = None,
) -> str:
    """Given a table and a place in it (``line 12``), return how a message points
    there: ``the §Ⅳ expenditure table (세출예산 집행현황, line 12, as of YYYY-MM-DD)``."""
    english, korean = table_name(table, side, project_no)
    notes = [n for n in (korean, where, f"as of {as_of.isoformat()}" if as_of else None) if n]
    return f"the {english} ({', '.join(notes)})" if notes else f"the {english}"


def _row_project(frame: pd.DataFrame, idx: int) -> int | None:
    return _int(frame["project_no"].iat[idx]) if "project_no" in frame.columns else None


def _row_side(frame: pd.DataFrame, idx: int) -> str | None:
    return _str(frame["side"].iat[idx]) if "side" in frame.columns else None


def parent_index(frame: pd.DataFrame) -> list[int | None]:
    """Given a table with ``item`` and ``parent`` columns, return each row's parent
    as a positional index: the nearest row above it with the parent's label."""
    seen: dict[str, int] = {}
    out: list[int | None] = []
    for pos, (item, parent) in enumerate(zip(frame["item"], frame["parent"], strict=True)):
        parent = _str(parent)
        out.append(seen.get(parent) if parent is not None else None)
        if _str(item) is not None:
            seen[str(item)] = pos
    return out


def _frame(report, name: str) -> pd.DataFrame:
    frame = getattr(report, name, None)
    if frame is None:
        return pd.DataFrame()
    return frame.reset_index(drop=True)


def _as_of(report) -> date | None:
    raw = (report.meta or {}).get("as_of")
    if not raw:
        return None
    try:
        return pd.Timestamp(raw).date()
    except (ValueError, TypeError):
        return None


def _date(value) -> date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


# --------------------------------------------------------------------------- percents


def _decimals_of(value: float) -> int:
    # Only when the parser did not record the printed format.
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def percent_formats(report) -> dict[tuple[str, int, str], int]:
    """Given a report, return (table, row, column) → the percent's printed decimals."""
    out = {}
    frame = getattr(report, "percent_format", None)
    if frame is None or frame.empty:
        return out
    for rec in frame.to_dict("records"):
        out[(rec["table"], int(rec["row"]), rec["column"])] = int(rec["decimals"])
    return out


def judge_percent(printed: float, numerator: int, denominator: int, decimals: int):
    """Given a printed percent, the amounts it is the ratio of and its printed
    decimals, return None when it is consistent, else (severity, exact value). The
    exact value rounded half up to the printed decimals must equal the printed one;
    a miss of at most one unit of the last decimal is a rounding slip."""
    exact = Decimal(int(numerator)) * 100 / Decimal(int(denominator))
    unit = Decimal(1).scaleb(-decimals)
    shown = Decimal(repr(float(printed))).quantize(unit, rounding=ROUND_HALF_UP)
    if exact.quantize(unit, rounding=ROUND_HALF_UP) == shown:
        return None
    severity = "rounding" if abs(shown - exact) <= unit else "error"
    return severity, exact


def _pct(value, decimals: int) -> str:
    value = Decimal(value) if not isinstance(value, Decimal) else value
    unit = Decimal(1).scaleb(-decimals)
    text = f"{abs(value.quantize(unit, rounding=ROUND_HALF_UP)):.{decimals}f}%"
    return f"△{text}" if value < 0 else text


def _percent_finding(
    rule: str,
    table: str,
    frame: pd.DataFrame,
    idx: int,
    column: str,
    printed: float,
    num: int,
    den: int,
    formats: dict,
) -> Finding | None:
    # One printed percent against num / den at its printed precision.
    decimals = formats.get((table, idx, column), _decimals_of(printed))
    verdict = judge_percent(printed, num, den, decimals)
    if verdict is None:
        return None
    severity, exact = verdict
    item = _str(frame["item"].iat[idx])
    project_no = _row_project(frame, idx)
    line = _int(frame["line"].iat[idx])
    side = _row_side(frame, idx)
    formula = f"{_amount(num)} / {_amount(den)}"
    slip = ", a slip in the last printed digit" if severity == "rounding" else ""
    message = (
        f"'{item}' in {place(table, f'line {line}', side, project_no)} prints a "
        f"{column_name(table, column, side)} of {_pct(Decimal(repr(printed)), decimals)}, but "
        f"{formula} = {_pct(exact, decimals + 2)}, which rounds to {_pct(exact, decimals)}{slip}."
    )
    return Finding(
        check=rule,
        severity=severity,
        table=table,
        message=message,
        item=item,
        project_no=project_no,
        reported=float(printed),
        expected=float(exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)),
        line=line,
    )


# --------------------------------------------------------------------------- rules


def check_children_sum(report) -> list[Finding]:
    """Children add up to their parent, in every hierarchy and amount column."""
    out: list[Finding] = []
    for table, columns in AMOUNT_COLUMNS.items():
        frame = _frame(report, table)
        if frame.empty or "parent" not in frame.columns:
            continue
        groups = [frame]
        if "side" in frame.columns:
            groups = [g.reset_index(drop=True) for _s, g in frame.groupby("side", sort=False)]
        for group in groups:
            parents = parent_index(group)
            children: dict[int, list[int]] = {}
            for pos, parent in enumerate(parents):
                if parent is not None:
                    children.setdefault(parent, []).append(pos)
            for parent, kids in children.items():
                for column in columns:
                    if column not in group.columns:
                        continue
                    value = _int(group[column].iat[parent])
                    parts = [_int(group[column].iat[k]) for k in kids]
                    if value is None or any(p is None for p in parts):
                        continue
                    total = sum(parts)
                    if total == value:
                        continue
                    item = _str(group["item"].iat[parent])
                    line = _int(group["line"].iat[parent])
                    side = _row_side(group, parent)
                    kid_lines = _lines(_int(group["line"].iat[k]) for k in kids)
                    out.append(
                        Finding(
                            check="children_sum",
                            severity=_severity(value - total),
                            table=table,
                            message=(
                                f"In {place(table, side=side)}, the {len(kids)} rows under "
                                f"'{item}' ({kid_lines}) add up to {_amount(total)} in "
                                f"{column_name(table, column, side)}, but '{item}' prints "
                                f"{_amount(value)} (line {line})."
                            ),
                            item=item,
                            project_no=_row_project(group, parent),
                            reported=value,
                            expected=total,
                            line=line,
                        )
                    )
    return out


def check_change(report) -> list[Finding]:
    """change = budget − prior budget; change percent = change / prior budget."""
    out: list[Finding] = []
    formats = percent_formats(report)
    for table in ("summary_budget", "revenue_detail"):
        frame = _frame(report, table)
        if frame.empty or "change" not in frame.columns:
            continue
        for idx in range(len(frame)):
            budget = _int(frame["budget"].iat[idx])
            prior = _int(frame["prior_budget"].iat[idx])
            change = _int(frame["change"].iat[idx])
            if budget is None or prior is None:
                continue
            item = _str(frame["item"].iat[idx])
            line = _int(frame["line"].iat[idx])
            side = _row_side(frame, idx)
            if change is not None and change != budget - prior:
                out.append(
                    Finding(
                        check="change_amount",
                        severity=_severity(change - (budget - prior)),
                        table=table,
                        message=(
                            f"'{item}' in {place(table, f'line {line}', side)} prints a "
                            f"change (증감액) of {_amount(change)}, but its budget minus its "
                            f"prior-year budget is {_amount(budget)} − {_amount(prior)} = "
                            f"{_amount(budget - prior)}."
                        ),
                        item=item,
                        project_no=_row_project(frame, idx),
                        reported=change,
                        expected=budget - prior,
                        line=line,
                    )
                )
            printed = _float(frame["change_pct"].iat[idx]) if "change_pct" in frame else None
            is_new = bool(frame["is_new"].iat[idx]) if "is_new" in frame.columns else False
            if printed is None or is_new or prior == 0 or change is None:
                continue
            finding = _percent_finding(
                "change_pct", table, frame, idx, "change_pct", printed, change, prior, formats
            )
            if finding:
                out.append(finding)
    return out


def check_rates(report) -> list[Finding]:
    """Rates = amount / budget, judged at each percent's printed precision."""
    out: list[Finding] = []
    formats = percent_formats(report)
    for table, specs in RATES.items():
        frame = _frame(report, table)
        if frame.empty:
            continue
        for idx in range(len(frame)):
            for pct_col, amount_col, base_col in specs:
                if pct_col not in frame.columns:
                    continue
                printed = _float(frame[pct_col].iat[idx])
                amount = _int(frame[amount_col].iat[idx])
                base = _int(frame[base_col].iat[idx])
                if printed is None or amount is None or not base:
                    continue
                finding = _percent_finding(
                    "rate_pct", table, frame, idx, pct_col, printed, amount, base, formats
                )
                if finding:
                    out.append(finding)
    return out


def check_remaining(report) -> list[Finding]:
    """remaining (집행잔액) = budget − executed."""
    out: list[Finding] = []
    table = "expenditure_detail"
    frame = _frame(report, table)
    if frame.empty or "remaining" not in frame.columns:
        return out
    for idx in range(len(frame)):
        budget, spent, remaining = (
            _int(frame[c].iat[idx]) for c in ("budget", "spent", "remaining")
        )
        if None in (budget, spent, remaining) or remaining == budget - spent:
            continue
        item = _str(frame["item"].iat[idx])
        line = _int(frame["line"].iat[idx])
        out.append(
            Finding(
                check="remaining",
                severity=_severity(remaining - (budget - spent)),
                table=table,
                message=(
                    f"'{item}' in {place(table, f'line {line}')} prints an unexecuted "
                    f"balance (집행잔액) of {_amount(remaining)}, but budget minus executed is "
                    f"{_amount(budget)} − {_amount(spent)} = {_amount(budget - spent)}."
                ),
                item=item,
                project_no=_row_project(frame, idx),
                reported=remaining,
                expected=budget - spent,
                line=line,
            )
        )
    return out


def check_percent_comma(report) -> list[Finding]:
    """A percent typed with a comma for the decimal point is worth a note."""
    out: list[Finding] = []
    fmt = getattr(report, "percent_format", None)
    if fmt is None or fmt.empty:
        return out
    for rec in fmt.to_dict("records"):
        if not bool(rec["comma_typed"]):
            continue
        table, row, column = rec["table"], int(rec["row"]), rec["column"]
        frame = _frame(report, table)
        if row >= len(frame) or column not in frame.columns:
            continue
        value = _float(frame[column].iat[row])
        if value is None:
            continue
        decimals = int(rec["decimals"])
        text = f"{abs(value):.{decimals}f}".replace(".", ",") + "%"
        text = f"△{text}" if value < 0 else text
        item = _str(frame["item"].iat[row])
        side = _row_side(frame, row)
        line = _int(rec.get("line")) or _int(frame["line"].iat[row])
        out.append(
            Finding(
                check="percent_comma",
                severity="info",
                table=table,
                message=(
                    f"'{item}' in {place(table, f'line {line}', side, _row_project(frame, row))} "
                    f"prints its {column_name(table, column, side)} "
                    f"as '{text}' with a comma for the decimal point; it was read as "
                    f"{_pct(Decimal(repr(value)), decimals)}."
                ),
                item=item,
                project_no=_row_project(frame, row),
                reported=value,
                line=line,
            )
        )
    return out


def check_section_totals(report) -> list[Finding]:
    """§Ⅰ's summary rows agree with §Ⅳ's rows of the same name."""
    out: list[Finding] = []
    summary = _frame(report, "summary_budget")
    if summary.empty or "side" not in summary.columns:
        return out
    for idx in range(len(summary)):
        side = _str(summary["side"].iat[idx])
        if side not in SECTION_PAIRS:
            continue
        detail_name, pairs = SECTION_PAIRS[side]
        detail = _frame(report, detail_name)
        if detail.empty:
            continue
        item = _str(summary["item"].iat[idx]) or ""
        line = _int(summary["line"].iat[idx])
        match = _match_row(summary, idx, detail)
        if match is None:
            out.append(
                Finding(
                    check="section_totals",
                    severity="info",
                    table="summary_budget",
                    message=(
                        f"'{item}' in {place('summary_budget', f'line {line}', side)} has no "
                        f"row of the same name in {place(detail_name)}, so its figures could "
                        "not be compared."
                    ),
                    item=item,
                    line=line,
                )
            )
            continue
        dline = _int(detail["line"].iat[match])
        for mine, theirs in pairs:
            a = _int(summary[mine].iat[idx])
            b = _int(detail[theirs].iat[match]) if theirs in detail.columns else None
            if a is None or b is None or a == b:
                continue
            out.append(
                Finding(
                    check="section_totals",
                    severity=_severity(a - b),
                    table="summary_budget",
                    message=(
                        f"'{item}' prints {_amount(a)} as its "
                        f"{column_name('summary_budget', mine, side)} in "
                        f"{place('summary_budget', f'line {line}', side)} but {_amount(b)} in "
                        f"{place(detail_name, f'line {dline}')}."
                    ),
                    item=item,
                    reported=a,
                    expected=b,
                    line=line,
                )
            )
    return out


def _match_row(summary: pd.DataFrame, idx: int, detail: pd.DataFrame) -> int | None:
    # The §Ⅳ row with the same normalised label; among several, the one whose parent
    # has the same label as the summary row's parent.
    key = name_key(_str(summary["item"].iat[idx]) or "")
    candidates = [
        pos for pos, label in enumerate(detail["item"]) if name_key(_str(label) or "") == key
    ]
    if not candidates:
        return None
    if len(candidates) > 1 and "parent" in summary.columns and "parent" in detail.columns:
        parent_key = name_key(_str(summary["parent"].iat[idx]) or "")
        same = [
            pos
            for pos in candidates
            if name_key(_str(detail["parent"].iat[pos]) or "") == parent_key
        ]
        if same:
            return same[0]
    return candidates[0]


def project_rows(frame: pd.DataFrame) -> dict[int, list[int]]:
    """Given a §Ⅳ table, return project number → positions of its lines, leaving out
    a line whose parent belongs to the same project (so nothing counts twice)."""
    out: dict[int, list[int]] = {}
    if frame.empty or "project_no" not in frame.columns:
        return out
    parents = parent_index(frame) if "parent" in frame.columns else [None] * len(frame)
    for pos in range(len(frame)):
        no = _int(frame["project_no"].iat[pos])
        if no is None:
            continue
        parent = parents[pos]
        if parent is not None and _int(frame["project_no"].iat[parent]) == no:
            continue
        out.setdefault(no, []).append(pos)
    return out


def _sum(frame: pd.DataFrame, column: str, rows: list[int]) -> int | None:
    values = [_int(frame[column].iat[r]) for r in rows]
    if not values or any(v is None for v in values):
        return None
    return sum(values)


def _titles(report) -> dict[int, str]:
    projects = _frame(report, "projects")
    if projects.empty or "title" not in projects.columns:
        return {}
    return {
        int(no): str(title)
        for no, title in zip(projects["project_no"], projects["title"], strict=True)
        if _int(no) is not None and _str(title)
    }


def _project_label(no: int, titles: dict[int, str]) -> str:
    title = titles.get(no)
    return f"Project {no} '{title}'" if title else f"Project {no}"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _missing_subset(budgets: list[int], gap: int) -> list[int] | None:
    # The proper subset of §Ⅲ lines whose budgets make up the gap (fewest lines).
    n = len(budgets)
    if n < 2 or n > MAX_SUBSET_ROWS:
        return None
    for size in range(1, n):
        for combo in itertools.combinations(range(n), size):
            if sum(budgets[i] for i in combo) == gap:
                return list(combo)
    return None


def check_projects(report) -> list[Finding]:
    """Each project's §Ⅲ budget table agrees with its §Ⅳ expenditure lines (budget and
    spent), and every §Ⅲ budget line has a §Ⅳ line."""
    out: list[Finding] = []
    pb = _frame(report, "project_budget")
    exp = _frame(report, "expenditure_detail")
    if pb.empty or exp.empty:
        return out
    titles = _titles(report)
    report_as_of = _as_of(report)
    by_project = project_rows(exp)
    for no, group in pb.groupby("project_no", sort=True):
        no = _int(no)
        if no is None:
            continue
        rows3 = [int(i) for i in group.index]
        label = _project_label(no, titles)
        line3 = _int(pb["line"].iat[rows3[0]])
        budget3 = _sum(pb, "budget", rows3)
        rows4 = by_project.get(no, [])
        if not rows4:
            if budget3 is not None:
                out.append(
                    Finding(
                        check="project_line_missing",
                        severity="error",
                        table="project_budget",
                        message=(
                            f"{label} budgets {_amount(budget3)} in "
                            f"{place('project_budget', _lines(_int(pb['line'].iat[r]) for r in rows3))}"
                            f", but {place('expenditure_detail')} has no line for the project, "
                            f"so all {_amount(budget3)} is missing from §Ⅳ."
                        ),
                        item=_str(pb["item"].iat[rows3[0]]),
                        project_no=no,
                        reported=budget3,
                        expected=0,
                        line=line3,
                    )
                )
            continue
        lines4 = _lines(_int(exp["line"].iat[r]) for r in rows4)
        budget4 = _sum(exp, "budget", rows4)
        if budget3 is not None and budget4 is not None and budget3 != budget4:
            out.append(_project_budget_finding(pb, rows3, label, no, budget3, budget4, lines4))
        spent3 = _sum(pb, "spent", rows3)
        spent4 = _sum(exp, "spent", rows4)
        if spent3 is None or spent4 is None or spent3 == spent4:
            continue
        dates3 = {_date(pb["as_of"].iat[r]) for r in rows3} - {None}
        date3 = min(dates3) if len(dates3) == 1 else None
        out.append(
            Finding(
                check="project_spent",
                severity=_severity(spent3 - spent4),
                table="project_budget",
                message=(
                    f"{label} shows {_amount(spent3)} disbursed (지출액) in "
                    f"{place('project_budget', f'line {line3}', as_of=date3)}, but "
                    f"{_amount(spent4)} executed (집행액) in "
                    f"{place('expenditure_detail', lines4, as_of=report_as_of)}, "
                    f"{_amount(abs(spent3 - spent4))} {'more' if spent3 > spent4 else 'less'} in "
                    f"§Ⅲ{_date_clause(date3, report_as_of, spent3, spent4)}."
                ),
                item=_str(pb["item"].iat[rows3[0]]),
                project_no=no,
                reported=spent3,
                expected=spent4,
                line=line3,
            )
        )
    return out


def _date_clause(d3: date | None, d4: date | None, s3: int, s4: int) -> str:
    # Whether the tables' as-of dates can explain a gap in money spent: spending only
    # grows, so the later table should show more.
    if d3 is None or d4 is None:
        return ""
    if d3 == d4:
        return ", although both tables are dated the same day"
    later3 = d3 > d4
    if later3 == (s3 > s4):
        return ", which the tables' different as-of dates may explain"
    return ", which the tables' as-of dates cannot explain (the later table shows less)"


def _project_budget_finding(pb, rows3, label, no, budget3, budget4, lines4) -> Finding:
    gap = budget3 - budget4
    line3 = _int(pb["line"].iat[rows3[0]])
    if gap > ROUNDING_UNITS:
        budgets = [_int(pb["budget"].iat[r]) for r in rows3]
        subset = _missing_subset(budgets, gap)
        if subset:
            missing = [rows3[i] for i in subset]
            names = ", ".join(
                f"'{_str(pb['item'].iat[r])}' ({_amount(_int(pb['budget'].iat[r]))}, "
                f"line {_int(pb['line'].iat[r])})"
                for r in missing
            )
            return Finding(
                check="project_line_missing",
                severity="error",
                table="project_budget",
                message=(
                    f"{label} lists {names} in {place('project_budget')} with no matching "
                    f"line in {place('expenditure_detail')}: §Ⅲ budgets {_amount(budget3)} in "
                    f"all but §Ⅳ only {_amount(budget4)} ({lines4}), so {_amount(gap)} is "
                    "missing from §Ⅳ."
                ),
                item=_str(pb["item"].iat[missing[0]]),
                project_no=no,
                reported=budget3,
                expected=budget4,
                line=_int(pb["line"].iat[missing[0]]),
            )
    return Finding(
        check="project_budget",
        severity=_severity(gap),
        table="project_budget",
        message=(
            f"{label} budgets {_amount(budget3)} in {place('project_budget', f'line {line3}')} "
            f"but {_amount(budget4)} in {place('expenditure_detail', lines4)}."
        ),
        item=_str(pb["item"].iat[rows3[0]]),
        project_no=no,
        reported=budget3,
        expected=budget4,
        line=line3,
    )


def check_funding(report) -> list[Finding]:
    """A project whose §Ⅳ expenditure budget exceeds its own §Ⅳ revenue lines."""
    out: list[Finding] = []
    exp = _frame(report, "expenditure_detail")
    rev = _frame(report, "revenue_detail")
    if exp.empty or rev.empty:
        return out
    titles = _titles(report)
    spend = project_rows(exp)
    income = project_rows(rev)
    for no in sorted(spend):
        rows4 = spend[no]
        budget = _sum(exp, "budget", rows4)
        revenue_rows = income.get(no, [])
        revenue = _sum(rev, "budget", revenue_rows) if revenue_rows else 0
        if budget is None or revenue is None or budget <= revenue:
            continue
        line = _int(exp["line"].iat[rows4[0]])
        where = (
            f"its own lines in "
            f"{place('revenue_detail', _lines(_int(rev['line'].iat[r]) for r in revenue_rows))} "
            f"bring in only {_amount(revenue)}"
            if revenue_rows
            else f"it has no line of its own in {place('revenue_detail')}"
        )
        out.append(
            Finding(
                check="project_funding",
                severity="info",
                table="expenditure_detail",
                message=(
                    f"{_project_label(no, titles)} budgets {_amount(budget)} in "
                    f"{place('expenditure_detail', f'line {line}')} but {where}, so "
                    f"{_amount(budget - revenue)} of it is funded from revenue not tied to the "
                    "project."
                ),
                item=_str(exp["item"].iat[rows4[0]]),
                project_no=no,
                reported=budget,
                expected=revenue,
                line=line,
            )
        )
    return out


def check_audit(report) -> list[Finding]:
    """The audit summary's counts equal the listed items' counts by category and
    status; each summary row's total equals its status cells."""
    out: list[Finding] = []
    summary = _frame(report, "audit_summary")
    items = _frame(report, "audit_items")
    if summary.empty:
        return out
    statuses = list(STATUS_COLUMNS.items())
    for idx in range(len(summary)):
        category = _str(summary["category"].iat[idx]) or ""
        line = _int(summary["line"].iat[idx])
        total = _int(summary["total"].iat[idx])
        cells = {col: _int(summary[col].iat[idx]) for _s, col in statuses}
        if total is not None and all(v is not None for v in cells.values()):
            parts = sum(cells.values())
            if parts != total:
                out.append(
                    Finding(
                        check="audit_row_sum",
                        severity="error",
                        table="audit_summary",
                        message=(
                            f"Row '{category}' of {place('audit_summary', f'line {line}')} "
                            f"totals {total} demands, but its status cells add up to {parts}."
                        ),
                        item=category,
                        reported=total,
                        expected=parts,
                        line=line,
                    )
                )
        if items.empty:
            continue
        is_total = category.replace(" ", "") in TOTAL_LABELS
        key = category_key(category)
        mine = [
            pos
            for pos in range(len(items))
            if is_total or category_key(_str(items["category"].iat[pos]) or "") == key
        ]
        item_lines = _lines(_int(items["line"].iat[p]) for p in mine)
        scope = "all listed demands" if is_total else f"demands listed under '{category}'"
        counts = [("total", "demands in all", len(mine))]
        for status, col in statuses:
            n = sum(1 for p in mine if _str(items["status"].iat[p]) == status)
            counts.append((col, f"'{status}' demands", n))
        for col, what, expected in counts:
            reported = total if col == "total" else cells[col]
            if reported is None or reported == expected:
                continue
            out.append(
                Finding(
                    check="audit_counts",
                    severity="error",
                    table="audit_summary",
                    message=(
                        f"Row '{category}' of {place('audit_summary', f'line {line}')} counts "
                        f"{reported} {what}, but the {scope} in §Ⅴ ({item_lines}) number "
                        f"{expected}."
                    ),
                    item=category,
                    reported=reported,
                    expected=expected,
                    line=line,
                )
            )
    return out


def check_as_of(report) -> list[Finding]:
    """A §Ⅲ table dated after (or before) the report's as-of date is worth a note."""
    out: list[Finding] = []
    pb = _frame(report, "project_budget")
    report_as_of = _as_of(report)
    if pb.empty or report_as_of is None or "as_of" not in pb.columns:
        return out
    titles = _titles(report)
    seen: set[tuple[int | None, date]] = set()
    for pos in range(len(pb)):
        day = _date(pb["as_of"].iat[pos])
        no = _int(pb["project_no"].iat[pos])
        if day is None or day == report_as_of or (no, day) in seen:
            continue
        seen.add((no, day))
        line = _int(pb["line"].iat[pos])
        when = "after" if day > report_as_of else "before"
        consequence = (
            "so its figures may run ahead of the report's other tables"
            if when == "after"
            else "so its figures may lag behind the report's other tables"
        )
        label = _project_label(no, titles) if no is not None else "A project"
        out.append(
            Finding(
                check="as_of_date",
                severity="info",
                table="project_budget",
                message=(
                    f"{label} has {place('project_budget', f'line {line}')} dated "
                    f"{day.isoformat()}, {_days(abs((day - report_as_of).days))} {when} the "
                    f"report's as-of date {report_as_of.isoformat()}, {consequence}."
                ),
                item=_str(pb["item"].iat[pos]),
                project_no=no,
                line=line,
            )
        )
    return out


RULES: list[tuple[str, Callable]] = [
    ("children_sum", check_children_sum),
    ("change", check_change),
    ("rate_pct", check_rates),
    ("remaining", check_remaining),
    ("percent_comma", check_percent_comma),
    ("section_totals", check_section_totals),
    ("projects", check_projects),
    ("project_funding", check_funding),
    ("audit_counts", check_audit),
    ("as_of_date", check_as_of),
]


# --------------------------------------------------------------------------- entry points


def _parse_findings(report) -> list[Finding]:
    frame = getattr(report, "parse_findings", None)
    if frame is None or frame.empty:
        return []
    out = []
    for rec in frame.to_dict("records"):
        out.append(
            Finding(
                check=_str(rec.get("check")) or "parse",
                severity=_str(rec.get("severity")) or "info",
                table=_str(rec.get("table")) or "report",
                message=_str(rec.get("message")) or "",
                item=_str(rec.get("item")),
                project_no=_int(rec.get("project_no")),
                reported=_float(rec.get("reported")),
                expected=_float(rec.get("expected")),
                difference=_float(rec.get("difference")),
                line=_int(rec.get("line")),
            )
        )
    return out


def run_checks(report) -> list[Finding]:
    """Given a Report, return the consistency checks' findings (without the parse
    findings). A rule that fails on an unexpected table is reported, not raised."""
    out: list[Finding] = []
    for name, rule in RULES:
        try:
            out.extend(rule(report))
        except Exception as err:  # noqa: BLE001 - one broken rule must not hide the rest
            out.append(
                Finding(
                    check="check_failed",
                    severity="error",
                    table="report",
                    message=(
                        f"The {name} check could not run ({type(err).__name__}: {err}); "
                        "its findings are missing."
                    ),
                )
            )
    return out


def check(report) -> pd.DataFrame:
    """Given a Report, return the findings table (FINDING_COLUMNS): the parse findings
    and the consistency checks' findings, most serious first, then by line."""
    return to_frame(_parse_findings(report) + run_checks(report))


def summarize(findings: pd.DataFrame) -> str:
    """Given a findings table, return it as text grouped by severity, most serious
    first, one ``LINE  [check] message`` line per finding."""
    if findings is None or len(findings) == 0:
        return "No findings: the report's figures agree with each other.\n"
    counts = findings["severity"].value_counts()
    head = ", ".join(f"{int(counts.get(s, 0))} {s}" for s in SEVERITY_ORDER)
    parts = [f"{len(findings)} findings ({head})"]
    width = max([len(str(int(v))) for v in findings["line"] if not pd.isna(v)] + [1])
    for severity in sorted(set(findings["severity"]), key=lambda s: SEVERITY_ORDER.get(s, 99)):
        group = findings[findings["severity"] == severity]
        parts.append("")
        parts.append(f"{severity.upper()} ({len(group)})")
        for rec in group.to_dict("records"):
            line = "-" if pd.isna(rec["line"]) else str(int(rec["line"]))
            parts.append(f"{line:>{width}}  [{rec['check']}] {rec['message']}")
    return "\n".join(parts) + "\n"


__all__ = ["FINDING_COLUMNS", "check", "judge_percent", "run_checks", "summarize"]

register_checker(check)
