"""How the analysis is shown: Korean labels, number formats, escaped text, tables.

Column headers of the contract's tables come from the data dictionary
(:func:`sdfkit.dictionary.labels`); the columns only the analysis derives
(``pace_pct``, ``gap_pp``, ``unspent_expected`` …) are declared here, once, in
:data:`DERIVED_LABELS`. Text that comes from the report is untrusted:
:func:`escape_md` makes it safe in Markdown and :func:`styled` escapes it in HTML.
"""

from __future__ import annotations

import html
import re
from functools import partial

import pandas as pd

from sdfkit.analysis.values import is_missing, to_date
from sdfkit.dictionary import SEVERITY_LABELS, labels
from sdfkit.dictionary.units import UNIT_WON

__all__ = [
    "CHANGE_LABELS",
    "COLUMN_LABELS",
    "DERIVED_LABELS",
    "FINDING_LABELS",
    "MILESTONE_STATUS_LABELS",
    "UNIT_WON",
    "SEVERITY_LABELS",
    "SIDE_LABELS",
    "as_of_text",
    "clip",
    "display_unit",
    "escape_md",
    "fmt_amount",
    "fmt_number",
    "fmt_pct",
    "fmt_pp",
    "fmt_scaled",
    "project_label",
    "styled",
]

# --- Labels ----------------------------------------------------------------------------

# Columns the analysis derives (not in the contract's tables), with their headers.
DERIVED_LABELS = {
    "measure": "구분",
    "lines": "예산 행 수",
    "projects": "사업 수",
    "change_kind": "전년 대비",
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
    "status_label": "상태",
    "kind": "구분",
    "step": "내용",
    "score": "연관 점수",
    "shared": "공통 단어",
    "evidence": "근거 문구",
    "recounted": "재집계",
    "match": "일치",
    "unrecognised": "추진상황 미확인",
}
# Every header a table of the analysis can have: the dictionary's, then the derived.
COLUMN_LABELS = {**labels(), **DERIVED_LABELS}
# In a findings table ``expected`` is the recomputed value, not 연말 집행예상액.
FINDING_LABELS = {"expected": "재계산값", "reported": "보고서 값", "item": "항목"}

SIDE_LABELS = {"revenue": "세입", "expenditure": "세출"}
CHANGE_LABELS = {
    "new": "신규",
    "grown": "증액",
    "same": "동일",
    "cut": "감액",
    "discontinued": "폐지",
}
MILESTONE_STATUS_LABELS = {
    "past_due": "기한 경과",
    "in_progress": "진행 중",
    "upcoming": "예정",
    "undated": "일정 미상",
}
# Columns holding codes that tables show by their Korean label.
VALUE_LABELS = {"change_kind": CHANGE_LABELS, "severity": SEVERITY_LABELS}

# How each column's values are formatted by styled().
AMOUNT_COLUMNS = {
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
PERCENT_COLUMNS = {c for c in COLUMN_LABELS if c.endswith(("_pct", "_pp"))}
DATE_COLUMNS = {"as_of", "start", "end"}
# Figures that may be amounts or percents (findings, recounts): up to 3 decimals.
NUMBER_COLUMNS = {"expected", "reported", "recounted", "difference"}
INT_COLUMNS = {
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

# --- Text ----------------------------------------------------------------------------------

# Characters with a meaning in Markdown (CommonMark and Jupyter's MathJax: $).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$=^])")


def escape_md(text) -> str:
    """Given any text (from the report: untrusted), return it safe to embed in
    Markdown shown by IPython: on one line, HTML escaped (``<script>`` shows as
    text) and every Markdown special character backslash-escaped. None/NA → ""."""
    if is_missing(text):
        return ""
    one_line = re.sub(r"\s+", " ", str(text)).strip()
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def clip(text, limit: int | None = None) -> str:
    """Given text from the report, return it on one line, cut to ``limit``
    characters with … (None/NA → "")."""
    if is_missing(text):
        return ""
    one = re.sub(r"\s+", " ", str(text)).strip()
    if limit and len(one) > limit:
        one = one[: limit - 1] + "…"
    return one


def as_of_text(as_of) -> str:
    """Given an as-of date (or a missing one), return ``YYYY-MM-DD 기준``."""
    day = to_date(as_of)
    return f"{day.isoformat()} 기준" if day else "기준일 미상"


# --- Numbers -------------------------------------------------------------------------------


def fmt_amount(value) -> str:
    """Given an amount, return it with thousands separators (``1,234,000``); NA → ``-``."""
    if is_missing(value):
        return "-"
    return f"{round(float(value)):,}"


def fmt_pct(value, decimals: int = 1) -> str:
    """Given a percent, return it as ``74.9%``; NA → ``-``."""
    if is_missing(value):
        return "-"
    return f"{float(value):.{decimals}f}%"


def fmt_pp(value, decimals: int = 1) -> str:
    """Given a difference of percents, return it signed in percent points (``+3.2%p``)."""
    if is_missing(value):
        return "-"
    return f"{float(value):+.{decimals}f}%p"


def fmt_number(value, decimals: int = 3) -> str:
    """Given a figure, return it with thousands separators and at most ``decimals``
    decimals, trailing zeros dropped (``1,234``, ``76.083``); NA → ``-``."""
    if is_missing(value):
        return "-"
    text = f"{float(value):,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# Money units by size in won; amounts are shown in 백만원 once they reach 억 (1e8 won).
SCALED_UNIT = "백만원"


def display_unit(unit: str, values) -> tuple[str, float]:
    """Given the report's amount unit and the amounts to show, return (unit label,
    divisor): 천원 amounts of 1억 won or more show in 백만원 (divisor 1000); other
    units, or unknown ones, stay as printed (divisor 1)."""
    factor = UNIT_WON.get((unit or "").replace(" ", ""))
    biggest = max((abs(float(v)) for v in values if not is_missing(v)), default=0.0)
    target = UNIT_WON[SCALED_UNIT]
    if factor is None or factor >= target or biggest * factor < 100_000_000:
        return unit or "", 1.0
    return SCALED_UNIT, target / factor


def fmt_scaled(value, divisor: float) -> str:
    """Given an amount and the divisor of the display unit, return it as shown
    (thousands separators; one decimal for small non-zero scaled values)."""
    if is_missing(value):
        return "-"
    v = float(value) / divisor
    if divisor != 1 and v != 0 and abs(v) < 10:
        return f"{v:,.1f}"
    return f"{v:,.0f}"


# --- Tables --------------------------------------------------------------------------------


def _fmt_decimals(value, decimals: int) -> str:
    return "-" if is_missing(value) else f"{float(value):.{decimals}f}"


def _fmt_date(value) -> str:
    day = to_date(value)
    return day.isoformat() if day else "-"


def _fmt_int(value) -> str:
    return "-" if is_missing(value) else f"{int(value):,}"


def _formatter(column: str, decimals: int):
    if column in VALUE_LABELS:
        names = VALUE_LABELS[column]
        return lambda v: "-" if is_missing(v) else html.escape(str(names.get(v, v)))
    if column in AMOUNT_COLUMNS:
        return fmt_amount
    if column in NUMBER_COLUMNS:
        return fmt_number
    if column in PERCENT_COLUMNS:
        return lambda v: _fmt_decimals(v, decimals)
    if column in DATE_COLUMNS:
        return _fmt_date
    if column in INT_COLUMNS:
        return _fmt_int
    return None


def styled(
    frame: pd.DataFrame,
    decimals: int = 1,
    caption: str | None = None,
    labels: dict[str, str] | None = None,
):
    """Given a table with the analysis' column names, return a pandas Styler
    showing it: Korean headers (COLUMN_LABELS, overridden by ``labels``), codes by
    their Korean label (change_kind, severity), amounts with thousands separators,
    percents to ``decimals``, dates as ISO, empty cells as ``-``, text HTML-escaped."""
    shown = frame.reset_index(drop=True)
    headers = {**COLUMN_LABELS, **(labels or {})}
    styler = shown.style.format(escape="html", na_rep="-")
    for col in shown.columns:
        fn = _formatter(col, decimals)
        if fn is None and pd.api.types.is_float_dtype(shown[col]):
            # A figure no column list names (a panel's 백만원 sums, a ratio): separators
            # and at most ``decimals`` decimals, never pandas' six.
            fn = partial(fmt_number, decimals=decimals)
        if fn is not None:
            styler = styler.format(fn, subset=[col])
    styler = styler.relabel_index(
        [html.escape(str(headers.get(c, c))) for c in shown.columns], axis="columns"
    ).hide(axis="index")
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler


def project_label(project_no, title, limit: int = 22) -> str:
    """Given a project's number and title, return ``8. 기술기업 해외진출 지원`` with
    the title on one line, cut to ``limit`` characters."""
    return f"{int(project_no)}. {clip(title, limit)}"
