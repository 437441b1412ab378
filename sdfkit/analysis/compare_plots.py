"""Charts of the comparison: one message per chart, like compared with like.

Across institutions of different size the charts show rates (percent of the budget,
of projects, of demands), never raw amounts; amounts, where one institution is
followed across years, are in 백만원. Each chart takes a table of
:mod:`sdfkit.analysis.compare` and returns a matplotlib Figure; labels are report
text made safe by ``plotting.plain`` (no mathtext), and file names come from
``plotting.figure_name`` (fixed words), never from report text.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from sdfkit.analysis import plotting
from sdfkit.analysis.figures import new_figure, set_headline
from sdfkit.analysis.values import to_float
from sdfkit.dictionary import SEVERITY_LABELS

SPENT = "#34495e"
COMMITTED = "#aab7c4"
PACE = "#c0392b"
SEVERITY_COLORS = {"error": "#c0392b", "rounding": "#f39c12", "info": "#aab7c4"}
SEVERITY_NAMES = SEVERITY_LABELS
CHANGE_COLORS = {"continued": "#aab7c4", "new": "#27ae60", "ended": "#c0392b"}
CHANGE_NAMES = {"continued": "계속", "new": "신규", "ended": "종료"}
LABEL_LIMIT = 24


def _num(value) -> float:
    return to_float(value, 0.0)


def _labels(frame: pd.DataFrame) -> list[str]:
    return [plotting.plain(v, LABEL_LIMIT) for v in frame["label"]]


def _height(n: int) -> float:
    return max(2.6, 1.2 + 0.45 * n)


def _empty(fig: Figure, ax, message: str) -> Figure:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def pace_chart(execution: pd.DataFrame) -> Figure:
    """Given the execution panel (one row per report), return horizontal bars of the
    committed and spent rates of each report's §Ⅲ budget, with the calendar pace at
    the report's own as-of date marked: a bar short of its mark spends late."""
    rows = execution.iloc[::-1]
    fig = new_figure(8, _height(len(rows)))
    ax = fig.add_subplot()
    if rows.empty:
        return _empty(fig, ax, "보고서가 없습니다")
    y = list(range(len(rows)))
    ax.barh(y, [_num(v) for v in rows["committed_pct"]], color=COMMITTED, label="원인행위율")
    ax.barh(y, [_num(v) for v in rows["spent_pct"]], height=0.45, color=SPENT, label="지출률")
    ax.scatter(rows["pace_pct"], y, marker="|", s=400, color=PACE, zorder=3, label="달력 진도")
    ax.set_yticks(y, _labels(rows))
    ax.set_xlim(0, 105)
    ax.set_xlabel("예산 대비 비율 (%)")
    ax.legend(loc="lower right", fontsize=8)
    late = int((rows["gap_pp"] < 0).sum())
    set_headline(
        fig, f"보고서 {len(rows)}건 중 {late}건이 달력 진도보다 늦게 지출", "각 보고서 기준일"
    )
    return fig


def _rate_bars(
    rows: pd.DataFrame,
    rate: str,
    notes: list[str],
    color: str,
    label: str,
    xlim: float,
    xlabel: str,
    headline: tuple[str, str],
) -> Figure:
    """Given a panel (one row per report, first report on top), the column of its
    percents and a note per report, return horizontal bars with each note beside its
    bar: the one shape of the comparison's rate charts."""
    rows = rows.iloc[::-1]
    notes = notes[::-1]
    fig = new_figure(8, _height(len(rows)))
    ax = fig.add_subplot()
    if rows.empty:
        return _empty(fig, ax, "보고서가 없습니다")
    y = list(range(len(rows)))
    bars = ax.barh(y, [_num(v) for v in rows[rate]], color=color, label=label)
    for bar, note in zip(bars, notes, strict=True):
        ax.text(
            bar.get_width() + xlim / 100,
            bar.get_y() + bar.get_height() / 2,
            note,
            va="center",
            fontsize=8,
        )
    ax.set_yticks(y, _labels(rows))
    ax.set_xlim(0, xlim)
    ax.set_xlabel(xlabel)
    set_headline(fig, *headline)
    return fig


def behind_chart(execution: pd.DataFrame) -> Figure:
    """Given the execution panel, return bars of the percent of each report's
    projects whose spending is behind the calendar pace."""
    notes = [f"{n}/{t}" for n, t in zip(execution["behind"], execution["projects"], strict=True)]
    return _rate_bars(
        execution,
        "behind_pct",
        notes,
        SPENT,
        "진도 미달 사업",
        110,
        "진도에 못 미친 사업의 비율 (%)",
        ("지출이 달력 진도에 못 미친 사업의 비율", "사업별 집행표의 기준일"),
    )


def unspent_chart(execution: pd.DataFrame) -> Figure:
    """Given the execution panel, return bars of the percent of each report's §Ⅲ
    budget expected to stay unspent at year end, the amount (백만원) written beside."""
    notes = ["-" if pd.isna(a) else f"{a:,.0f}백만원" for a in execution["unspent_expected_m"]]
    top = max([_num(v) for v in execution["unspent_expected_pct"]] + [1.0])
    return _rate_bars(
        execution,
        "unspent_expected_pct",
        notes,
        PACE,
        "연말 불용 예상",
        top * 1.35,
        "예산 대비 연말 불용 예상 비율 (%)",
        ("연말까지 쓰지 못할 것으로 보는 예산의 비율", "예산현액 - 연말 집행예상액"),
    )


def category_chart(categories: pd.DataFrame) -> Figure:
    """Given the budget by category (one row per report and category), return one
    panel per institution: each category's budget in 백만원, a bar per year."""
    institutions = list(dict.fromkeys(categories["institution"].dropna()))
    n = max(len(institutions), 1)
    cols = min(n, 2)
    fig = new_figure(5.5 * cols, 3.2 * math.ceil(n / cols))
    if not institutions:
        return _empty(fig, fig.add_subplot(), "§Ⅰ 세출 총괄을 읽지 못했습니다")
    for idx, inst in enumerate(institutions, start=1):
        ax = fig.add_subplot(math.ceil(n / cols), cols, idx)
        mine = categories[categories["institution"] == inst]
        items = list(dict.fromkeys(mine["item"]))
        years = sorted(mine["fiscal_year"].dropna().unique())
        width = 0.8 / max(len(years), 1)
        for j, year in enumerate(years):
            sub = mine[mine["fiscal_year"] == year].set_index("item")
            values = [_num(sub["budget_m"].get(i)) for i in items]
            ax.bar([k + j * width for k in range(len(items))], values, width, label=str(year))
        ax.set_xticks(
            [k + width * (len(years) - 1) / 2 for k in range(len(items))],
            [plotting.plain(i, 8) for i in items],
            fontsize=8,
        )
        ax.set_title(plotting.plain(inst, LABEL_LIMIT), fontsize=10)
        ax.set_ylabel("백만원")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
        ax.legend(fontsize=7)
    set_headline(fig, "기관별 세출 예산 구성의 연도별 변화", "§Ⅰ 세출 총괄, 예산현액 (백만원)")
    return fig


def leftovers_chart(leftovers: pd.DataFrame) -> Figure:
    """Given the leftovers table, return one line per institution across fiscal
    years: the percent of the §Ⅲ budget expected to stay unspent at year end."""
    fig = new_figure(8, 3.6)
    ax = fig.add_subplot()
    if leftovers.empty:
        return _empty(fig, ax, "보고서가 없습니다")
    for inst, group in leftovers.groupby("institution", sort=True):
        group = group.sort_values("fiscal_year")
        ax.plot(
            group["fiscal_year"].astype(float),
            group["unspent_expected_pct"],
            marker="o",
            label=plotting.plain(inst, LABEL_LIMIT),
        )
    years = sorted(int(y) for y in leftovers["fiscal_year"].dropna().unique())
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_ylabel("연말 불용 예상 (%)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8)
    set_headline(fig, "기관별 연말 불용 예상 비율의 추이", "예산 대비 (예산현액 - 연말 집행예상액)")
    return fig


def programs_chart(changes: pd.DataFrame) -> Figure:
    """Given the program changes (per institution and pair of years), return
    stacked bars of projects continued, new and ended."""
    fig = new_figure(8, _height(len(changes)))
    ax = fig.add_subplot()
    if changes.empty:
        return _empty(fig, ax, "두 해 이상 보고한 기관이 없습니다")
    rows = changes.iloc[::-1]
    labels = [
        f"{plotting.plain(i, LABEL_LIMIT)} {a}→{b}"
        for i, a, b in zip(rows["institution"], rows["from_year"], rows["to_year"], strict=True)
    ]
    y = list(range(len(rows)))
    left = [0.0] * len(rows)
    for kind in ("continued", "new", "ended"):
        values = [float(v) for v in rows[kind]]
        ax.barh(y, values, left=left, color=CHANGE_COLORS[kind], label=CHANGE_NAMES[kind])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(y, labels)
    ax.set_xlabel("사업 수")
    ax.legend(fontsize=8)
    set_headline(
        fig, "해마다 이어진 사업, 새로 생긴 사업, 끝난 사업", "사업명으로 짝지음 (별칭 파일 반영)"
    )
    return fig


def audit_chart(audit: pd.DataFrame) -> Figure:
    """Given the audit panel, return bars of each report's completion rate of the
    prior year's audit demands (done / demands, recounted from the items)."""
    notes = [f"{d}/{t}건" for d, t in zip(audit["done"], audit["total"], strict=True)]
    return _rate_bars(
        audit,
        "rate_pct",
        notes,
        SPENT,
        "완료율",
        115,
        "완료율 (%)",
        ("전년도 행정사무감사 요구의 완료율", "보고서 기준일 현재, 항목 재집계"),
    )


def findings_chart(findings: pd.DataFrame) -> Figure:
    """Given the findings panel, return stacked bars of each report's findings by
    severity: how much of each report does not add up."""
    rows = findings.iloc[::-1]
    fig = new_figure(8, _height(len(rows)))
    ax = fig.add_subplot()
    if rows.empty:
        return _empty(fig, ax, "보고서가 없습니다")
    y = list(range(len(rows)))
    left = [0.0] * len(rows)
    for sev in ("error", "rounding", "info"):
        values = [float(v) for v in rows[sev]]
        ax.barh(y, values, left=left, color=SEVERITY_COLORS[sev], label=SEVERITY_NAMES[sev])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(y, _labels(rows))
    ax.set_xlabel("점검 결과 (건)")
    ax.legend(fontsize=8)
    set_headline(fig, "보고서별 점검 결과: 맞지 않는 수치와 읽지 못한 부분", "심각도별 건수")
    return fig
