"""What the notebooks show, computed from a parsed report.

Every function takes a :class:`~sdfkit.report.Report` (or one of its tables) and
returns plain values or DataFrames; the notebooks only call these and plot.
Nothing here knows a particular report: every name, figure and date comes from the
report's tables and ``meta``.

Rates are percents (0–100) of the budget, computed from the amounts; the calendar
pace is the share of the fiscal year elapsed at a table's as-of date.
Text that comes from the report is untrusted: :func:`escape_md` makes it safe to
show as Markdown, and :func:`styled` escapes it in HTML tables.
"""

from __future__ import annotations

import html
import math
import re
import warnings
from datetime import date
from pathlib import Path

import pandas as pd

from sdfkit import paths
from sdfkit.findings import SEVERITIES, empty_frame
from sdfkit.parse import dates
from sdfkit.parse.audit import STATUSES, category_key
from sdfkit.parse.pipeline import read_report
from sdfkit.read.text import collapse_spacing, name_key
from sdfkit.report import Report

DONE = STATUSES[0]  # the audit status that closes an item (완료)

# --- Loading and output -----------------------------------------------------------


def load_report(report: str | Path | None = None) -> Report:
    """Given the path of a report text (None: the bundled report), return the
    parsed Report."""
    return read_report(Path(report) if report is not None else paths.default_report())


def report_findings(report: Report) -> pd.DataFrame:
    """Given a report, return its findings table; while the consistency checks
    cannot run (not installed yet, or failing), warn and return an empty table."""
    try:
        return report.findings
    except Exception as exc:  # any failure of the checks degrades to "no findings"
        warnings.warn(
            f"findings unavailable ({type(exc).__name__}: {exc}); showing none",
            RuntimeWarning,
            stacklevel=2,
        )
        return empty_frame()


def output_dir(report: Report, out: str | Path | None = None) -> Path:
    """Given a report and an output folder (None: ``reports/<report-id>``),
    return the folder, not yet created."""
    return Path(out) if out is not None else paths.REPORTS / report.report_id


def report_header_md(report: Report) -> str:
    """Given a report, return one Markdown line naming the institution, the fiscal
    year, the as-of date and the unit of amounts (report text escaped)."""
    as_of = as_of_date(report)
    parts = [
        f"**{escape_md(report.meta.get('institution')) or '(기관명 미상)'}**",
        f"{fiscal_year(report) or '-'} 회계연도",
        f"{as_of.isoformat() if as_of else '기준일 미상'} 기준",
        f"금액 단위 {escape_md(unit(report)) or '미상'}",
    ]
    return " · ".join(parts)


def check_project(report: Report, project_no) -> int:
    """Given a report and a project number (int or numeric text), return it as int;
    raise ValueError naming the valid numbers when the report has no such project."""
    valid = [int(n) for n in report.projects["project_no"].dropna()]
    try:
        number = int(str(project_no).strip())
    except ValueError:
        number = None
    if number not in valid:
        raise ValueError(f"no project {project_no!r} in the report; valid: {valid}")
    return number


def as_of_date(report: Report) -> date | None:
    """Given a report, return its own as-of date (meta ``as_of``) as a date."""
    return _to_date(report.meta.get("as_of"))


def fiscal_year(report: Report) -> int | None:
    """Given a report, return its fiscal year (meta), else the year of its as-of date."""
    year = report.meta.get("fiscal_year")
    if year is None:
        as_of = as_of_date(report)
        year = as_of.year if as_of else None
    return int(year) if year is not None else None


def unit(report: Report) -> str:
    """Given a report, return the unit of its amounts as printed (meta ``unit``)."""
    return report.meta.get("unit") or ""


def _to_date(value) -> date | None:
    if value is None or value is pd.NaT:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return pd.Timestamp(value).date()


# --- Escaping and formatting ---------------------------------------------------------

# Characters with a meaning in Markdown (CommonMark and Jupyter's MathJax: $).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$=^])")


def escape_md(text) -> str:
    """Given any text (from the report: untrusted), return it safe to embed in
    Markdown shown by IPython: on one line, HTML escaped (``<script>`` shows as
    text) and every Markdown special character backslash-escaped. None/NA → ""."""
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
        return ""
    one_line = re.sub(r"\s+", " ", str(text)).strip()
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def fmt_amount(value) -> str:
    """Given an amount, return it with thousands separators (``1,234,000``); NA → ``-``."""
    if value is None or pd.isna(value):
        return "-"
    return f"{round(float(value)):,}"


def fmt_pct(value, decimals: int = 1) -> str:
    """Given a percent, return it as ``74.9%``; NA → ``-``."""
    if value is None or pd.isna(value):
        return "-"
    return f"{float(value):.{decimals}f}%"


def fmt_pp(value, decimals: int = 1) -> str:
    """Given a difference of percents, return it signed in percent points (``+3.2%p``)."""
    if value is None or pd.isna(value):
        return "-"
    return f"{float(value):+.{decimals}f}%p"


# How columns are shown: header, and kind (amount | percent | date | text).
COLUMN_LABELS = {
    "project_no": "사업번호",
    "title": "사업명",
    "item": "항목",
    "measure": "구분",
    "strategy_no": "전략",
    "strategy": "전략명",
    "team": "담당 팀",
    "goal": "목표",
    "as_of": "기준일",
    "lines": "예산 행 수",
    "projects": "사업 수",
    "budget": "예산현액",
    "prior_budget": "전년 예산",
    "change": "증감액",
    "change_pct": "증감률(%)",
    "change_kind": "전년 대비",
    "collected": "징수액",
    "collected_pct": "징수율(%)",
    "actual": "집행·징수액",
    "actual_pct": "집행·징수율(%)",
    "committed": "원인행위",
    "spent": "지출액",
    "remaining": "집행잔액",
    "expected": "연말 집행예상액",
    "committed_pct": "원인행위율(%)",
    "spent_pct": "지출률(%)",
    "expected_pct": "예상 집행률(%)",
    "pace_pct": "달력 진도(%)",
    "gap_pp": "지출률-진도(%p)",
    "unpaid": "미지급 원인행위",
    "unspent_expected": "연말 예상 미집행액",
    "spent_rank": "지출률 순위",
    "amount": "금액",
    "rate_pct": "예산 대비(%)",
    "vs_pace_pp": "진도 대비(%p)",
    "share_pct": "구성비(%)",
    "prior_share_pct": "전년 구성비(%)",
    "text": "내용",
    "start": "시작",
    "end": "종료",
    "status": "상태",
    "status_label": "상태",
    "item_no": "요구 번호",
    "category": "구분",
    "demand": "요구사항",
    "status_raw": "추진상황(원문)",
    "actions": "추진내용",
    "plan": "향후계획",
    "kind": "구분",
    "step": "내용",
    "score": "연관 점수",
    "shared": "공통 단어",
    "evidence": "근거 문구",
    "total": "계",
    "done": "완료",
    "in_progress": "추진 중",
    "under_review": "검토 중",
    "not_adopted": "미반영",
    "reported": "보고서",
    "recounted": "재집계",
    "match": "일치",
    "check": "점검",
    "severity": "심각도",
    "table": "표",
    "expected_value": "재계산값",
    "difference": "차이",
    "message": "설명",
    "line": "줄",
}
_AMOUNT_COLUMNS = {
    "budget",
    "prior_budget",
    "change",
    "collected",
    "actual",
    "committed",
    "spent",
    "remaining",
    "unpaid",
    "unspent_expected",
    "amount",
}
_PERCENT_COLUMNS = {c for c in COLUMN_LABELS if c.endswith(("_pct", "_pp"))}
_DATE_COLUMNS = {"as_of", "start", "end"}
# Figures that may be amounts or percents (findings, recounts): up to 3 decimals.
_NUMBER_COLUMNS = {"expected", "reported", "recounted", "difference"}
_INT_COLUMNS = {
    "total",
    "done",
    "in_progress",
    "under_review",
    "not_adopted",
    "lines",
    "projects",
    "spent_rank",
    "line",
    "project_no",
    "item_no",
    "strategy_no",
}


def fmt_number(value, decimals: int = 3) -> str:
    """Given a figure, return it with thousands separators and at most ``decimals``
    decimals, trailing zeros dropped (``1,234``, ``76.083``); NA → ``-``."""
    if value is None or pd.isna(value):
        return "-"
    text = f"{float(value):,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def styled(
    frame: pd.DataFrame,
    decimals: int = 1,
    caption: str | None = None,
    labels: dict[str, str] | None = None,
):
    """Given a table with the column names used in this module, return a pandas
    Styler showing it: Korean headers (COLUMN_LABELS, overridden by ``labels``),
    amounts with thousands separators, percents to ``decimals``, dates as ISO,
    empty cells as ``-``, and text HTML-escaped."""
    shown = frame.reset_index(drop=True)
    headers = {**COLUMN_LABELS, **(labels or {})}
    formats = {}
    for col in shown.columns:
        if col in _AMOUNT_COLUMNS:
            formats[col] = fmt_amount
        elif col in _NUMBER_COLUMNS:
            formats[col] = fmt_number
        elif col in _PERCENT_COLUMNS:
            formats[col] = lambda v, d=decimals: "-" if pd.isna(v) else f"{float(v):.{d}f}"
        elif col in _DATE_COLUMNS:
            formats[col] = lambda v: (
                "-" if v is None or pd.isna(v) else pd.Timestamp(v).date().isoformat()
            )
        elif col in _INT_COLUMNS:
            formats[col] = lambda v: "-" if v is None or pd.isna(v) else f"{int(v):,}"
    styler = shown.style.format(escape="html", na_rep="-")
    for col, fn in formats.items():
        styler = styler.format(fn, subset=[col])
    styler = styler.relabel_index(
        [html.escape(str(headers.get(c, c))) for c in shown.columns], axis="columns"
    ).hide(axis="index")
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler


# --- Calendar pace and execution -------------------------------------------------------


def calendar_pace(as_of, year: int | None = None) -> float:
    """Given an as-of date and the fiscal (calendar) year, return the percent of the
    year elapsed at the end of that day: 30 September of a leap year → 274/366 = 74.86.
    Before the year: 0; after it: 100. ``year`` defaults to the date's year."""
    day = _to_date(as_of)
    if day is None:
        return float("nan")
    year = int(year) if year is not None else day.year
    first, last = date(year, 1, 1), date(year, 12, 31)
    total = (last - first).days + 1
    elapsed = min(max((day - first).days + 1, 0), total)
    return 100.0 * elapsed / total


def rate(amount, budget) -> float:
    """Given an amount and a budget, return amount / budget in percent (NaN without
    a positive budget)."""
    if amount is None or budget is None or pd.isna(amount) or pd.isna(budget) or budget <= 0:
        return float("nan")
    return 100.0 * float(amount) / float(budget)


def expected_unspent(budget, expected):
    """Given a budget and the amount expected to be executed by year end, return
    the amount expected to stay unspent (budget − expected)."""
    if budget is None or expected is None or pd.isna(budget) or pd.isna(expected):
        return pd.NA
    return budget - expected


EXECUTION_COLUMNS = [
    "project_no",
    "title",
    "strategy_no",
    "strategy",
    "team",
    "as_of",
    "lines",
    "budget",
    "committed",
    "spent",
    "expected",
    "committed_pct",
    "spent_pct",
    "expected_pct",
    "pace_pct",
    "gap_pp",
    "unpaid",
    "unspent_expected",
    "spent_rank",
]


def project_execution(report: Report) -> pd.DataFrame:
    """Given a report, return one row per project: its §Ⅲ budget lines summed
    (budget, committed 원인행위, spent 지출, expected by year end), the rates of
    each against the budget, the calendar pace at the table's as-of date (the
    latest, when its lines differ), spent rate minus pace, committed-but-unpaid,
    expected unspent, and the rank by spent rate (1 = highest)."""
    year = fiscal_year(report)
    pb = report.project_budget
    amounts = ["budget", "committed", "spent", "expected"]
    sums = pb.groupby("project_no")[amounts].sum(min_count=1)
    counts = pb.groupby("project_no").size().rename("lines")
    latest = pb.groupby("project_no")["as_of"].max()
    frame = report.projects[["project_no", "title", "strategy_no", "strategy", "team"]].copy()
    frame = frame.merge(sums, left_on="project_no", right_index=True, how="left")
    frame = frame.merge(counts, left_on="project_no", right_index=True, how="left")
    frame["lines"] = pd.array(frame["lines"].fillna(0), dtype="Int64")
    frame["as_of"] = frame["project_no"].map(latest)
    report_as_of = as_of_date(report)
    frame["as_of"] = frame["as_of"].fillna(pd.Timestamp(report_as_of) if report_as_of else pd.NaT)
    for col in amounts:
        frame[col] = pd.array(frame[col], dtype="Int64")
    for col in ("committed", "spent", "expected"):
        frame[f"{col}_pct"] = [rate(a, b) for a, b in zip(frame[col], frame["budget"], strict=True)]
    frame["pace_pct"] = [calendar_pace(d, year) for d in frame["as_of"]]
    frame["gap_pp"] = frame["spent_pct"] - frame["pace_pct"]
    frame["unpaid"] = frame["committed"] - frame["spent"]
    frame["unspent_expected"] = frame["budget"] - frame["expected"]
    frame["spent_rank"] = pd.array(
        frame["spent_pct"].rank(ascending=False, method="min"), dtype="Int64"
    )
    return frame[EXECUTION_COLUMNS].reset_index(drop=True)


def project_row(report: Report, project_no: int) -> pd.Series:
    """Given a report and a project number, return that project's execution row."""
    ex = project_execution(report)
    rows = ex[ex["project_no"] == project_no]
    if rows.empty:
        raise ValueError(f"no project {project_no!r} in the report")
    return rows.iloc[0]


def project_rank(
    execution: pd.DataFrame, project_no: int, by: str = "spent_pct"
) -> tuple[int, int]:
    """Given the execution table and a project number, return (rank, number of
    ranked projects) by ``by`` (highest first; ties share the better rank)."""
    ranked = execution.dropna(subset=[by])
    ranks = ranked[by].rank(ascending=False, method="min")
    hit = ranks[ranked["project_no"] == project_no]
    if hit.empty:
        raise ValueError(f"project {project_no!r} has no {by} to rank")
    return int(hit.iloc[0]), len(ranked)


def project_budget_overview(report: Report, project_no: int) -> pd.DataFrame:
    """Given a report and a project number, return the project's budget, committed,
    spent, expected-by-year-end and expected-unspent amounts, each with its rate of
    the budget and, for committed and spent, the difference from the calendar pace."""
    row = project_row(report, project_no)
    pace = row["pace_pct"]
    measures = [
        ("예산현액", row["budget"], False),
        ("원인행위", row["committed"], True),
        ("지출액", row["spent"], True),
        ("연말 집행예상액", row["expected"], False),
        ("연말 예상 미집행액", row["unspent_expected"], False),
    ]
    records = []
    for label, amount, vs_pace in measures:
        pct = rate(amount, row["budget"])
        records.append(
            {
                "measure": label,
                "amount": amount,
                "rate_pct": pct,
                "vs_pace_pp": pct - pace if vs_pace else float("nan"),
            }
        )
    frame = pd.DataFrame(records)
    frame["amount"] = pd.array(frame["amount"], dtype="Int64")
    return frame


# --- Text about a project ----------------------------------------------------------------


def project_profile_md(report: Report, project_no: int) -> str:
    """Given a report and a project number, return Markdown naming the project, its
    goal, its strategy and its team (report text escaped)."""
    p = _project(report, project_no)
    lines = [
        f"**{int(p['project_no'])}. {escape_md(p['title'])}**",
        "",
        f"- 목표: {escape_md(p['goal']) or '(보고서에 없음)'}",
        f"- 전략 {_int_text(p['strategy_no'])}: {escape_md(p['strategy']) or '(보고서에 없음)'}",
        f"- 담당 팀: {escape_md(p['team']) or '(보고서에 없음)'}",
    ]
    return "\n".join(lines)


def _josa(word: str, after_consonant: str, after_vowel: str) -> str:
    """Given a word and the two forms of a Korean particle, return the form that
    follows the word's last syllable (을 after 원, 를 after 러); both when unsure."""
    for ch in reversed(word or ""):
        if "\uac00" <= ch <= "\ud7a3":
            return after_consonant if (ord(ch) - 0xAC00) % 28 else after_vowel
        if not ch.isspace():
            break
    return f"{after_consonant}({after_vowel})"


def _int_text(value) -> str:
    return "-" if value is None or pd.isna(value) else str(int(value))


def _project(report: Report, project_no: int) -> pd.Series:
    rows = report.projects[report.projects["project_no"] == project_no]
    if rows.empty:
        raise ValueError(f"no project {project_no!r} in the report")
    return rows.iloc[0]


def project_summary_text(report: Report, project_no: int) -> str:
    """Given a report and a project number, return a short plain-language Markdown
    summary of the project generated from its figures: budget, spending against
    the calendar pace, rank, year-end forecast and unspent amount, plans, findings
    and linked audit demands."""
    ex = project_execution(report)
    row = ex[ex["project_no"] == project_no].iloc[0]
    u = escape_md(unit(report))
    title = escape_md(row["title"])
    as_of = _to_date(row["as_of"])
    as_of_text = as_of.isoformat() if as_of else "기준일 미상"
    obj, subj = _josa(unit(report), "을", "를"), _josa(unit(report), "이", "가")
    parts = [f"**{int(project_no)}. {title}**"]
    if pd.isna(row["budget"]):
        parts.append("이 사업의 예산집행 현황 표를 읽지 못해 금액을 요약할 수 없습니다.")
    else:
        parts.append(
            f"예산현액 {fmt_amount(row['budget'])}{u} 가운데 {as_of_text} 기준 "
            f"{fmt_amount(row['spent'])}{u}({fmt_pct(row['spent_pct'])}){obj} 지출했고, "
            f"원인행위(계약 등 지출 약속)는 {fmt_amount(row['committed'])}{u}"
            f"({fmt_pct(row['committed_pct'])})입니다."
        )
        if not pd.isna(row["gap_pp"]):
            direction = "앞서" if row["gap_pp"] >= 0 else "뒤처져"
            parts.append(
                f"회계연도가 {fmt_pct(row['pace_pct'])} 지난 시점이라, 지출률은 달력 진도보다 "
                f"{abs(row['gap_pp']):.1f}%p {direction} 있습니다."
            )
        if not pd.isna(row["spent_rank"]):
            rank, n = project_rank(ex, project_no)
            parts.append(f"지출률은 {n}개 사업 중 {rank}위입니다.")
        if not pd.isna(row["expected"]):
            unspent = row["unspent_expected"]
            tail = (
                f"{fmt_amount(unspent)}{u}({fmt_pct(rate(unspent, row['budget']))}){subj} "
                "쓰이지 않고 남을 전망입니다."
                if unspent > 0
                else "예산을 모두 집행할 전망입니다."
            )
            parts.append(
                f"연말까지 {fmt_amount(row['expected'])}{u}({fmt_pct(row['expected_pct'])}){obj} "
                f"집행할 예정이어서 {tail}"
            )
    ms = project_milestones(report, project_no)
    if len(ms):
        counts = ms["status"].value_counts()
        detail = ", ".join(
            f"{MILESTONE_STATUS_LABELS[s]} {int(counts.get(s, 0))}건"
            for s in MILESTONE_STATUS_LABELS
            if counts.get(s, 0)
        )
        parts.append(f"향후계획 {len(ms)}건({detail}).")
    n_find = len(project_findings(report, project_no))
    n_audit = len(project_audit_items(report, project_no))
    parts.append(
        f"이 사업에 대한 점검 결과(findings) {n_find}건, 관련된 전년도 행정사무감사 요구 {n_audit}건."
    )
    return parts[0] + "\n\n" + " ".join(parts[1:])


# --- Revenue lines against the prior year ----------------------------------------------

CHANGE_LABELS = {
    "new": "신규",
    "grown": "증액",
    "same": "동일",
    "cut": "감액",
    "discontinued": "폐지",
}


def change_kind(budget, prior, is_new: bool = False) -> str | None:
    """Given this year's and last year's budget of a line (and whether the report
    marks it new), return new | grown | same | cut | discontinued."""
    budget = 0 if budget is None or pd.isna(budget) else budget
    prior = 0 if prior is None or pd.isna(prior) else prior
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
    change against the prior year classified (``change_kind``, see CHANGE_LABELS)."""
    rev = leaves(report.revenue_detail, report.summary_budget["item"]).copy()
    rev["change_kind"] = [
        change_kind(b, p, bool(n) if not pd.isna(n) else False)
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


# --- Milestones -------------------------------------------------------------------------

MILESTONE_STATUS_LABELS = {
    "past_due": "기한 경과",
    "in_progress": "진행 중",
    "upcoming": "예정",
    "undated": "일정 미상",
}


def milestone_status(start, end, as_of) -> str:
    """Given a plan's start and end (either may be missing) and an as-of date,
    return past_due (ended before the as-of date), upcoming (starts after it),
    in_progress, or undated (no date at all)."""
    start, end, as_of = _to_date(start), _to_date(end), _to_date(as_of)
    if start is None and end is None:
        return "undated"
    if end is not None and end < as_of:
        return "past_due"
    if start is not None and start > as_of:
        return "upcoming"
    return "in_progress"


def milestones_with_status(report: Report, as_of=None) -> pd.DataFrame:
    """Given a report (and an as-of date; default the report's), return its
    milestones with ``status`` and ``status_label`` columns."""
    as_of = _to_date(as_of) or as_of_date(report)
    ms = report.milestones.copy()
    ms["status"] = [
        milestone_status(s, e, as_of) for s, e in zip(ms["start"], ms["end"], strict=True)
    ]
    ms["status_label"] = ms["status"].map(MILESTONE_STATUS_LABELS)
    return ms


def project_milestones(report: Report, project_no: int, as_of=None) -> pd.DataFrame:
    """Given a report and a project number, return the project's milestones with
    their status at the as-of date (default the report's)."""
    ms = milestones_with_status(report, as_of)
    return ms[ms["project_no"] == project_no].reset_index(drop=True)


# --- Findings ------------------------------------------------------------------------------


def project_findings(report: Report, project_no: int) -> pd.DataFrame:
    """Given a report and a project number, return the findings about the project."""
    found = report_findings(report)
    return found[found["project_no"] == project_no].reset_index(drop=True)


SEVERITY_LABELS = {"error": "오류", "rounding": "반올림 차이", "info": "참고"}
FINDING_LABELS = {"expected": "재계산값", "reported": "보고서 값", "item": "항목"}


def findings_by_severity(findings: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Given a findings table, return its rows grouped by severity, most serious
    first (every severity present, empty ones too)."""
    return {sev: findings[findings["severity"] == sev].reset_index(drop=True) for sev in SEVERITIES}


# --- Audit demands ----------------------------------------------------------------------------


def audit_status_counts(report: Report) -> pd.DataFrame:
    """Given a report, return the audit items recounted by category and status:
    one row per category (the summary's order) plus a total row 계, with columns
    category, total, done, in_progress, under_review, not_adopted."""
    items = report.audit_items
    status_cols = dict(
        zip(STATUSES, ["done", "in_progress", "under_review", "not_adopted"], strict=True)
    )
    cats = [c for c in report.audit_summary["category"] if not _is_total(c)]
    for c in items["category"].dropna():
        if category_key(c) not in {category_key(x) for x in cats}:
            cats.append(c)
    records = []
    for cat in cats:
        key = category_key(cat)
        in_cat = [isinstance(c, str) and category_key(c) == key for c in items["category"]]
        sub = items[in_cat]
        rec = {"category": cat, "total": len(sub)}
        for status, col in status_cols.items():
            rec[col] = int((sub["status"] == status).sum())
        records.append(rec)
    total = {"category": _total_label(report), "total": len(items)}
    for status, col in status_cols.items():
        total[col] = int((items["status"] == status).sum())
    frame = pd.DataFrame([total] + records)
    for col in ["total", *status_cols.values()]:
        frame[col] = pd.array(frame[col], dtype="Int64")
    return frame


def _is_total(label) -> bool:
    return isinstance(label, str) and collapse_spacing(label).replace(" ", "") in {
        "계",
        "합계",
        "총계",
    }


def _total_label(report: Report) -> str:
    for c in report.audit_summary["category"]:
        if _is_total(c):
            return c
    return "계"


def audit_summary_check(report: Report) -> pd.DataFrame:
    """Given a report, return the report's own audit summary beside the recount
    from its items, one row per category and count column: reported, recounted,
    match (False where they differ or one side is missing)."""
    recount = audit_status_counts(report)
    summary = report.audit_summary
    cols = ["total", "done", "in_progress", "under_review", "not_adopted"]
    records = []
    by_key = {
        ("total" if _is_total(c) else category_key(c)): r
        for c, r in zip(summary["category"], summary.to_dict("records"), strict=True)
    }
    for r in recount.to_dict("records"):
        key = "total" if _is_total(r["category"]) else category_key(r["category"])
        rep = by_key.get(key)
        for col in cols:
            reported = rep[col] if rep is not None else pd.NA
            reported = pd.NA if reported is None or pd.isna(reported) else int(reported)
            records.append(
                {
                    "category": r["category"],
                    "status": COLUMN_LABELS[col],
                    "reported": reported,
                    "recounted": int(r[col]),
                    "match": (not pd.isna(reported)) and reported == int(r[col]),
                }
            )
    frame = pd.DataFrame(records)
    for col in ("reported", "recounted"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    frame["match"] = frame["match"].astype(bool)
    return frame


def audit_completion(report: Report) -> dict:
    """Given a report, return the completion of last year's audit demands: done,
    total and rate (percent) from the items, and the same from the report's summary."""
    items = report.audit_items
    done = int((items["status"] == DONE).sum())
    total = len(items)
    reported_total = reported_done = None
    for _, r in report.audit_summary.iterrows():
        if _is_total(r["category"]):
            reported_total = None if pd.isna(r["total"]) else int(r["total"])
            reported_done = None if pd.isna(r["done"]) else int(r["done"])
    return {
        "done": done,
        "total": total,
        "rate_pct": rate(done, total),
        "reported_done": reported_done,
        "reported_total": reported_total,
        "reported_rate_pct": rate(reported_done, reported_total),
    }


_STEP_SPLIT = re.compile(r"\s*(?:[◦○●□■▪•※➡]|(?:^|\s)[-–·](?=\s))\s*")


def plan_steps(text, default_year: int | None = None) -> list[dict]:
    """Given an action or plan text (bullets joined on one line), return its steps,
    each with the first date span it names (``start``, ``end``; None when it names
    none), years defaulting to ``default_year``."""
    if not isinstance(text, str) or not text.strip():
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


def open_audit_steps(report: Report) -> pd.DataFrame:
    """Given a report, return the actions taken (추진내용) and planned steps
    (향후계획) of every open audit item, one row per step, with their dates."""
    year = fiscal_year(report)
    records = []
    for _, item in open_audit_items(report).iterrows():
        for kind, col in (("추진내용", "actions"), ("향후계획", "plan")):
            for step in plan_steps(item[col], year):
                records.append({"item_no": item["item_no"], "kind": kind, **step})
    frame = pd.DataFrame(records, columns=["item_no", "kind", "step", "start", "end"])
    frame["item_no"] = pd.array(frame["item_no"], dtype="Int64")
    for col in ("start", "end"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def audit_item_md(item: pd.Series) -> str:
    """Given an audit item row, return Markdown showing its demand, status, actions
    and plan (report text escaped)."""
    status = escape_md(item.get("status_raw") or item.get("status"))
    out = [
        f"**요구 {int(item['item_no'])}** · {escape_md(item['category'])} · 추진상황: {status}",
        "",
        f"> {escape_md(item['demand'])}",
        "",
    ]
    for label, col in (("추진내용", "actions"), ("향후계획", "plan")):
        steps = plan_steps(item.get(col))
        if steps:
            out.append(f"*{label}*")
            out.append("")
            out.extend(f"- {escape_md(s['step'])}" for s in steps)
            out.append("")
    return "\n".join(out).rstrip()


# --- Linking audit demands to projects ------------------------------------------------------

_WORD = re.compile(r"[0-9A-Za-z\uac00-\ud7a3]+")
_NOT_WORD = re.compile(r"[^0-9A-Za-z\uac00-\ud7a3]+")
# Particles and endings stripped from the end of a word (the longest first).
_PARTICLES = (
    "으로",
    "에서",
    "에게",
    "하여",
    "하는",
    "하고",
    "을",
    "를",
    "의",
    "은",
    "는",
    "이",
    "가",
    "에",
    "로",
    "와",
    "과",
)
# Korean function words that carry no topic (위한 = "for", 통한 = "through", …).
_FUNCTION_WORDS = frozenset(
    {
        "위한",
        "통한",
        "대한",
        "대해",
        "통해",
        "위해",
        "관련",
        "따른",
        "있는",
        "하기",
        "통하여",
        "등을",
        "등의",
    }
)
_PHRASE_SPLIT = re.compile(r"[◦○●□■▪•※➡\n]|\s[-–·]\s|(?<=[.])\s")


def _terms(text: str) -> set[str]:
    out = set()
    for word in _WORD.findall(text or ""):
        for p in _PARTICLES:
            if word.endswith(p) and len(word) - len(p) >= 2:
                word = word[: -len(p)]
                break
        if len(word) >= 2 and not word.isdigit() and word not in _FUNCTION_WORDS:
            out.add(word)
    return out


def _squash(text: str, drop: str | None) -> str:
    text = text or ""
    if drop:
        text = text.replace(drop, " ")
    return _NOT_WORD.sub("", text)


def project_names(report: Report) -> dict[int, str]:
    """Given a report, return for each project the names it goes by: its title and
    the names of its §Ⅲ budget lines."""
    names = {}
    for _, p in report.projects.iterrows():
        no = int(p["project_no"])
        lines = report.project_budget.loc[report.project_budget["project_no"] == no, "item"]
        names[no] = " ".join(x for x in [p["title"], *lines] if isinstance(x, str))
    return names


def project_texts(report: Report) -> dict[int, str]:
    """Given a report, return for each project the text it is known by: its names
    (title, budget lines) and its goal."""
    goals = dict(zip(report.projects["project_no"], report.projects["goal"], strict=True))
    return {
        no: " ".join(x for x in (names, goals.get(no)) if isinstance(x, str))
        for no, names in project_names(report).items()
    }


def audit_links(report: Report, min_score: float | None = None, min_terms: int = 2) -> pd.DataFrame:
    """Given a report, return which audit items concern which projects, by the
    distinctive words they share.

    A project's words come from its names (title, budget lines) and its goal; a
    word is distinctive when at most a third of the projects use it (weight
    ln(N/df), halved for two-letter words, halved again when only the goal has it)
    and fewer than half of the audit items do (words every demand uses, like the
    institution's, say nothing about one project). Each item is cut into phrases
    (bullets, sentences); an item concerns a project when one phrase shares at
    least ``min_terms`` of its distinctive words, weighing at least ``min_score``
    (default ln N: as much as one name word only that project uses), one of them a
    word of 3+ letters that at most two projects use. Spacing is ignored
    (``어디나지원단`` matches ``어디나 지원단``).

    Returns item_no, project_no, title, score (the best phrase), shared (its words)
    and evidence (the phrase), strongest first within each item.
    """
    columns = ["item_no", "project_no", "title", "score", "shared", "evidence"]
    institution = report.meta.get("institution")
    ptexts = project_texts(report)
    n = len(ptexts)
    if n == 0 or report.audit_items.empty:
        return pd.DataFrame(columns=columns)
    threshold = math.log(max(n, 2)) if min_score is None else min_score
    # The weight of a word of 3+ letters that at most two projects use.
    anchor = math.log(n / 2) if n > 2 else 0.0
    squashed = {no: _squash(t, institution) for no, t in ptexts.items()}
    item_texts = {
        int(r["item_no"]): [x for x in (r["demand"], r["actions"], r["plan"]) if isinstance(x, str)]
        for _, r in report.audit_items.iterrows()
    }
    item_squashed = [_squash(" ".join(v), institution) for v in item_texts.values()]
    generic_at = max(3, math.ceil(len(item_squashed) / 2))
    distinct_at = max(1, n // 3)
    names = {no: _squash(t, institution) for no, t in project_names(report).items()}
    weights: dict[int, dict[str, float]] = {}
    distinct: dict[int, dict[str, float]] = {}
    for no, text in ptexts.items():
        w, d = {}, {}
        for term in _terms(text.replace(institution, " ") if institution else text):
            df = sum(term in s for s in squashed.values())
            in_items = sum(term in s for s in item_squashed)
            if 0 < df <= distinct_at and in_items < generic_at:
                d[term] = math.log(n / df) * (1.0 if len(term) >= 3 else 0.5)
                # A word of the project's names says more than one of its goal.
                w[term] = d[term] * (1.0 if term in names[no] else 0.5)
        weights[no], distinct[no] = w, d
    titles = dict(
        zip(report.projects["project_no"].astype(int), report.projects["title"], strict=True)
    )
    records = []
    for item_no, parts in item_texts.items():
        phrases = [
            p.strip() for part in parts for p in _PHRASE_SPLIT.split(part) if p and p.strip()
        ]
        for no, w in weights.items():
            best = (0.0, [], "")
            for phrase in phrases:
                sq = _squash(phrase, institution)
                hit = [t for t in w if t in sq]
                hit = [t for t in hit if not any(t != u and t in u for u in hit)]
                score = sum(w[t] for t in hit)
                anchored = any(distinct[no][t] >= anchor - 1e-9 for t in hit)
                if len(hit) >= min_terms and anchored and score > best[0]:
                    best = (score, sorted(hit), phrase)
            if best[0] >= threshold - 1e-9:
                records.append(
                    {
                        "item_no": item_no,
                        "project_no": no,
                        "title": titles.get(no),
                        "score": round(best[0], 2),
                        "shared": ", ".join(best[1]),
                        "evidence": best[2] if len(best[2]) <= 120 else best[2][:119] + "…",
                    }
                )
    frame = pd.DataFrame(records, columns=columns)
    frame = frame.sort_values(["item_no", "score"], ascending=[True, False], kind="stable")
    for col in ("item_no", "project_no"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    return frame.reset_index(drop=True)


def project_audit_items(report: Report, project_no: int) -> pd.DataFrame:
    """Given a report and a project number, return the audit items that concern
    the project (see audit_links), with the link's score and shared words."""
    links = audit_links(report)
    links = links[links["project_no"] == project_no][["item_no", "score", "shared", "evidence"]]
    items = report.audit_items.merge(links, on="item_no", how="inner")
    return items.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


# --- The whole report ---------------------------------------------------------------------------


SIDE_LABELS = {"revenue": "세입", "expenditure": "세출"}


def top_level(summary: pd.DataFrame, side: str) -> tuple[pd.Series | None, pd.DataFrame]:
    """Given the summary table and a side (revenue | expenditure), return (its total
    row, the rows directly under the total)."""
    rows = summary[summary["side"] == side]
    roots = rows[rows["parent"].isna()]
    if len(roots) != 1:
        return None, rows.reset_index(drop=True)
    total = roots.iloc[0]
    return total, rows[rows["parent"] == total["item"]].reset_index(drop=True)


def summary_composition(report: Report, side: str) -> pd.DataFrame:
    """Given a report and a side (revenue | expenditure), return the categories
    directly under the total of §Ⅰ's summary, with this year's and last year's
    amounts, change, and shares of the total."""
    total, rows = top_level(report.summary_budget, side)
    frame = rows[["item", "budget", "prior_budget", "change", "change_pct"]].copy()
    budget_total = total["budget"] if total is not None else frame["budget"].sum()
    prior_total = total["prior_budget"] if total is not None else frame["prior_budget"].sum()
    frame["share_pct"] = [rate(b, budget_total) for b in frame["budget"]]
    frame["prior_share_pct"] = [rate(b, prior_total) for b in frame["prior_budget"]]
    return frame


def summary_total(report: Report, side: str) -> pd.Series | None:
    """Given a report and a side, return the total row of §Ⅰ's summary (None if the
    table has no single total)."""
    return top_level(report.summary_budget, side)[0]


def strategy_budget(report: Report) -> pd.DataFrame:
    """Given a report, return the §Ⅲ project budgets summed by strategy: number of
    projects, budget, committed, spent, expected, and spent rate."""
    ex = project_execution(report)
    grouped = ex.groupby("strategy_no", dropna=False, sort=True)
    frame = grouped.agg(
        strategy=("strategy", "first"),
        projects=("project_no", "count"),
        budget=("budget", "sum"),
        committed=("committed", "sum"),
        spent=("spent", "sum"),
        expected=("expected", "sum"),
    ).reset_index()
    frame["spent_pct"] = [rate(s, b) for s, b in zip(frame["spent"], frame["budget"], strict=True)]
    frame["share_pct"] = [rate(b, frame["budget"].sum()) for b in frame["budget"]]
    return frame


def committed_unpaid(report: Report) -> pd.DataFrame:
    """Given a report, return per project the money committed but not yet paid
    (committed − spent), largest first."""
    ex = project_execution(report)
    cols = ["project_no", "title", "as_of", "budget", "committed", "spent", "unpaid"]
    return ex[cols].sort_values("unpaid", ascending=False, kind="stable").reset_index(drop=True)
