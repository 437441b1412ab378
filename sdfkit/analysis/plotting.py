"""The charts of the notebooks: one message per chart, Hangul that renders everywhere.

Each chart takes tables computed by the analysis modules and returns a matplotlib
Figure whose title is its headline (:mod:`sdfkit.analysis.headlines`) and the
as-of date. The shared machinery (font, safe labels, amount axis, saving) is in
:mod:`sdfkit.analysis.figures`; its public names are re-exported here, so a
notebook needs only ``from sdfkit.analysis import plotting``.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from sdfkit.analysis import context, headlines
from sdfkit.analysis.display import (
    COLUMN_LABELS,
    SIDE_LABELS,
    as_of_text,
    display_unit,
    fmt_pct,
    fmt_scaled,
    project_label,
)
from sdfkit.analysis.figures import (
    BASE,
    DARK,
    FONT_FAMILY,
    HIGHLIGHT,
    LIGHT,
    PACE,
    amount_axis,
    chart_data,
    figure_name,
    font_path,
    new_figure,
    plain,
    save,
    save_image,
    set_headline,
    setup,
)
from sdfkit.analysis.headlines import program_values
from sdfkit.analysis.metrics import summary_changes, summary_composition, summary_total
from sdfkit.analysis.timelines import audit_plan_chart, milestone_chart
from sdfkit.analysis.values import int_text, to_float
from sdfkit.parse.audit import STATUS_COLUMNS, UNRECOGNISED
from sdfkit.report import Report

__all__ = [
    "FONT_FAMILY",
    "audit_plan_chart",
    "audit_status_chart",
    "change_chart",
    "chart_data",
    "composition_chart",
    "display_unit",
    "execution_chart",
    "figure_name",
    "fmt_scaled",
    "font_path",
    "milestone_chart",
    "plain",
    "programs_chart",
    "project_budget_chart",
    "rank_chart",
    "save",
    "save_image",
    "setup",
    "strategy_chart",
    "unpaid_chart",
]

CHANGE_COLORS = {"new": "#27ae60", "discontinued": "#c0392b"}
AUDIT_COLORS = ["#27ae60", "#2e86c1", "#f39c12", "#c0392b"]
PALETTE = ["#2e86c1", "#27ae60", "#f39c12", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"]


def _nums(values) -> list[float]:
    # NA counts as 0 in a bar.
    return [to_float(v, 0.0) for v in values]


def _label(no, title, limit: int = 22) -> str:
    return plain(project_label(no, title, limit))


# --- Project charts ---------------------------------------------------------------------


def rank_chart(execution: pd.DataFrame, project_no: int, pace_pct: float, as_of) -> Figure:
    """Given the execution table, a project number, the calendar pace and its date,
    return a horizontal bar chart of every project's spent rate, highest on top,
    this project highlighted and the pace as a dashed vertical line."""
    data = execution.dropna(subset=["spent_pct"]).sort_values(
        "spent_pct", ascending=True, kind="stable"
    )
    fig = new_figure(9, 0.38 * len(data) + 1.8)
    ax = fig.add_subplot()
    colors = [HIGHLIGHT if no == project_no else BASE for no in data["project_no"]]
    labels = [_label(no, t) for no, t in zip(data["project_no"], data["title"], strict=True)]
    bars = ax.barh(labels, data["spent_pct"], color=colors, label="지출률")
    ax.bar_label(bars, labels=[f"{v:.1f}%" for v in data["spent_pct"]], padding=3, fontsize=8)
    ax.axvline(pace_pct, color=PACE, linestyle="--", linewidth=1)
    ax.text(pace_pct, len(data) - 0.4, f" 달력 진도 {pace_pct:.1f}%", fontsize=8, va="bottom")
    ax.set_xlim(0, max(100.0, float(data["spent_pct"].max()) * 1.1))
    ax.set_xlabel("지출률 (예산현액 대비 지출액, %)")
    for tick, no in zip(ax.get_yticklabels(), data["project_no"], strict=True):
        if no == project_no:
            tick.set_color(HIGHLIGHT)
            tick.set_fontweight("bold")
    set_headline(
        fig,
        headlines.rank_headline(execution, project_no),
        f"{as_of_text(as_of)} · 점선: 회계연도 경과율(달력 진도)",
    )
    return fig


def project_budget_chart(
    overview: pd.DataFrame, title: str, project_no: int, pace_pct: float, as_of, unit: str
) -> Figure:
    """Given a project's budget overview (project_budget_overview), return
    a bar chart of budget, committed, spent and expected amounts with their rates,
    and a dashed line where spending would be at the calendar pace."""
    rows = overview[overview["measure"] != headlines.UNSPENT_MEASURE].iloc[::-1]
    fig = new_figure(9, 3.6)
    ax = fig.add_subplot()
    colors = [LIGHT, BASE, DARK, "#5d6d7e"][: len(rows)][::-1]
    bars = ax.barh(list(rows["measure"]), _nums(rows["amount"]), color=colors, label="금액")
    _, divisor = amount_axis(ax, unit, rows["amount"])
    ax.bar_label(
        bars,
        labels=[
            f"{fmt_scaled(a, divisor)} ({fmt_pct(r)})"
            for a, r in zip(rows["amount"], rows["rate_pct"], strict=True)
        ],
        padding=3,
        fontsize=8,
    )
    budget = overview.loc[overview["measure"] == "예산현액", "amount"].iloc[0]
    if not pd.isna(budget):
        at_pace = float(budget) * pace_pct / 100
        ax.axvline(at_pace, color=PACE, linestyle="--", linewidth=1)
        ax.text(at_pace, len(rows) - 0.5, f" 달력 진도 {pace_pct:.1f}%", fontsize=8, va="bottom")
        ax.set_ylim(-0.6, len(rows) - 0.1)
        ax.set_xlim(0, float(budget) * 1.3)
    message = headlines.budget_headline(overview, title, project_no, pace_pct, unit)
    set_headline(fig, message, f"{as_of_text(as_of)} · 괄호: 예산현액 대비 비율")
    return fig


# --- Whole-report charts ----------------------------------------------------------------


def composition_chart(report: Report) -> Figure:
    """Given a report, return the composition of revenue and expenditure (§Ⅰ
    summary, categories under the total) as stacked bars, last year beside this
    year."""
    u = context.unit(report)
    fig = new_figure(11, 4.6)
    axes = fig.subplots(1, 2)
    sides = list(SIDE_LABELS.items())
    for ax, (side, label) in zip(axes, sides, strict=True):
        comp = summary_composition(report, side)
        total = summary_total(report, side)
        years = [
            f"{report.meta.get('prior_year') or '전년'}",
            f"{report.meta.get('fiscal_year') or '올해'}",
        ]
        left = [0.0, 0.0]
        totals = _nums([comp["prior_budget"].sum(), comp["budget"].sum()])
        label_unit, divisor = amount_axis(ax, u, totals)
        for i, r in comp.iterrows():
            values = _nums([r["prior_budget"], r["budget"]])
            bars = ax.barh(
                years, values, left=left, color=PALETTE[i % len(PALETTE)], label=plain(r["item"])
            )
            texts = [
                f"{plain(r['item'], 8)}\n{s:.0f}%" if s >= 8 else ""
                for s in (r["prior_share_pct"], r["share_pct"])
            ]
            ax.bar_label(bars, labels=texts, label_type="center", fontsize=8, color="white")
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_xlim(0, max(totals) * 1.05 if max(totals) > 0 else 1)
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, fontsize=8, frameon=False
        )
        if total is not None:
            change = fmt_pct(total["change_pct"])
            ax.set_title(
                f"{label} {fmt_scaled(total['budget'], divisor)}{label_unit} (전년 대비 {change})",
                fontsize=10,
            )
        else:
            ax.set_title(label, fontsize=10)
    message = headlines.composition_headline(report)
    set_headline(
        fig, message, f"{as_of_text(context.as_of_date(report))} · 예산현액, 막대 안: 구성비"
    )
    return fig


def change_chart(report: Report) -> Figure:
    """Given a report, return the change of each revenue and expenditure category
    (§Ⅰ summary, under the total) against the prior year as diverging bars."""
    u = context.unit(report)
    changes = summary_changes(report)
    frame = changes.iloc[::-1].reset_index(drop=True)
    frame["label"] = [
        f"{SIDE_LABELS[side]} · {plain(item, 14)}"
        for side, item in zip(frame["side"], frame["item"], strict=True)
    ]
    fig = new_figure(10, 0.45 * len(frame) + 2)
    ax = fig.add_subplot()
    colors = ["#27ae60" if v >= 0 else "#c0392b" for v in frame["change"]]
    bars = ax.barh(frame["label"], _nums(frame["change"]), color=colors, label="증감액")
    _, divisor = amount_axis(ax, u, frame["change"])
    ax.bar_label(
        bars,
        labels=[
            f"{'+' if v >= 0 else ''}{fmt_scaled(v, divisor)} ({fmt_pct(p)})"
            for v, p in zip(frame["change"], frame["change_pct"], strict=True)
        ],
        padding=3,
        fontsize=8,
    )
    ax.axvline(0, color=PACE, linewidth=0.8)
    span = float(frame["change"].abs().max()) if len(frame) else 1.0
    ax.set_xlim(-span * 1.6, span * 1.6)
    message = headlines.change_headline(changes, u)
    set_headline(
        fig, message, f"{as_of_text(context.as_of_date(report))} · 예산현액의 전년 대비 증감"
    )
    return fig


def execution_chart(execution: pd.DataFrame, pace_pct: float, as_of) -> Figure:
    """Given the execution table, the calendar pace and its date, return every
    project's committed and spent rates (bars) against the pace (dashed line)."""
    data = execution.dropna(subset=["spent_pct"]).sort_values(
        "spent_pct", ascending=True, kind="stable"
    )
    fig = new_figure(10, 0.42 * len(data) + 2)
    ax = fig.add_subplot()
    labels = [_label(no, t) for no, t in zip(data["project_no"], data["title"], strict=True)]
    ax.barh(labels, data["committed_pct"], color=LIGHT, label="원인행위율")
    spent = ax.barh(
        labels,
        data["spent_pct"],
        height=0.5,
        color=[DARK if g >= 0 else HIGHLIGHT for g in data["gap_pp"]],
        label="지출률",
    )
    ax.bar_label(spent, labels=[f"{v:.1f}%" for v in data["spent_pct"]], padding=3, fontsize=8)
    ax.axvline(pace_pct, color=PACE, linestyle="--", linewidth=1)
    ax.set_xlim(0, max(105.0, float(data["committed_pct"].max()) * 1.05))
    ax.set_xlabel("예산현액 대비 (%)")
    handles = [
        Patch(color=LIGHT, label="원인행위율"),
        Patch(color=DARK, label="지출률 (진도 이상)"),
        Patch(color=HIGHLIGHT, label="지출률 (진도 미만)"),
        Line2D([0], [0], color=PACE, linestyle="--", label=f"달력 진도 {pace_pct:.1f}%"),
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    set_headline(
        fig,
        headlines.execution_headline(execution),
        f"{as_of_text(as_of)} · 점선: 이 날의 진도, 색: 사업별 표 기준일의 진도와 비교",
    )
    return fig


def unpaid_chart(unpaid: pd.DataFrame, unit: str, as_of) -> Figure:
    """Given committed-but-unpaid amounts per project (committed_unpaid),
    return them as bars, largest on top."""
    data = unpaid.dropna(subset=["unpaid"]).sort_values("unpaid", ascending=True, kind="stable")
    fig = new_figure(10, 0.42 * len(data) + 2)
    ax = fig.add_subplot()
    labels = [_label(no, t) for no, t in zip(data["project_no"], data["title"], strict=True)]
    values = [float(v) for v in data["unpaid"]]
    bars = ax.barh(labels, values, color=DARK, label="미지급 원인행위")
    _, divisor = amount_axis(ax, unit, values)
    ax.bar_label(bars, labels=[fmt_scaled(v, divisor) for v in values], padding=3, fontsize=8)
    ax.set_xlim(0, max(values + [1.0]) * 1.15)
    set_headline(
        fig, headlines.unpaid_headline(unpaid, unit), f"{as_of_text(as_of)} · 원인행위 - 지출액"
    )
    return fig


def programs_chart(programs: pd.DataFrame, unit: str, as_of) -> Figure:
    """Given new and discontinued revenue lines (new_and_discontinued),
    return this year's budget of new lines (right) and last year's budget of
    discontinued lines (left)."""
    data = programs.iloc[::-1].reset_index(drop=True)
    fig = new_figure(10, 0.4 * max(len(data), 1) + 2)
    ax = fig.add_subplot()
    new = data["change_kind"] == "new"
    values = program_values(data)
    labels = [plain(i, 24) for i in data["item"]]
    colors = [CHANGE_COLORS["new"] if n else CHANGE_COLORS["discontinued"] for n in new]
    bars = ax.barh(labels, values, color=colors, label="예산")
    _, divisor = amount_axis(ax, unit, values)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{abs(v) / divisor:,.0f}"))
    ax.bar_label(bars, labels=[fmt_scaled(abs(v), divisor) for v in values], padding=3, fontsize=8)
    ax.axvline(0, color=PACE, linewidth=0.8)
    span = max([abs(v) for v in values] + [1.0])
    ax.set_xlim(-span * 1.35, span * 1.35)
    ax.legend(
        handles=[
            Patch(color=CHANGE_COLORS["new"], label="신규 (올해 예산)"),
            Patch(color=CHANGE_COLORS["discontinued"], label="폐지 (전년 예산)"),
        ],
        loc="lower right",
        fontsize=8,
    )
    set_headline(
        fig,
        headlines.programs_headline(programs, unit),
        f"{as_of_text(as_of)} · 세입예산 세부 항목의 전년 대비",
    )
    return fig


def strategy_chart(strategies: pd.DataFrame, unit: str, as_of) -> Figure:
    """Given budgets by strategy (strategy_budget), return budget and
    spent amount per strategy as bars."""
    data = strategies.iloc[::-1].reset_index(drop=True)
    fig = new_figure(10, 0.7 * max(len(data), 1) + 2)
    ax = fig.add_subplot()
    labels = [
        f"전략 {int_text(no)}. {plain(s, 20)}"
        for no, s in zip(data["strategy_no"], data["strategy"], strict=True)
    ]
    budgets = _nums(data["budget"])
    ax.barh(labels, budgets, color=LIGHT, label="예산현액")
    ax.barh(labels, _nums(data["spent"]), height=0.45, color=DARK, label="지출액")
    _, divisor = amount_axis(ax, unit, budgets)
    for y, (b, share, pct) in enumerate(
        zip(budgets, data["share_pct"], data["spent_pct"], strict=True)
    ):
        ax.text(
            b,
            y,
            f" {fmt_scaled(b, divisor)} ({share:.0f}%) · 지출 {pct:.1f}%",
            va="center",
            fontsize=8,
        )
    ax.set_xlim(0, max(budgets + [1.0]) * 1.45)
    ax.legend(loc="lower right", fontsize=8)
    set_headline(
        fig,
        headlines.strategy_headline(strategies),
        f"{as_of_text(as_of)} · §Ⅲ 사업별 예산현액의 합, 괄호: 구성비",
    )
    return fig


def audit_status_chart(counts: pd.DataFrame, completion: dict, as_of) -> Figure:
    """Given audit items recounted by category and status (audit_status_counts,
    the total row first) and the completion figures, return stacked bars per category."""
    data = counts.iloc[1:].iloc[::-1].reset_index(drop=True)
    fig = new_figure(10, 0.6 * max(len(data), 1) + 2)
    ax = fig.add_subplot()
    labels = [plain(c, 20) for c in data["category"]]
    left = [0.0] * len(data)
    segments = list(zip(AUDIT_COLORS, STATUS_COLUMNS.values(), strict=True))
    if UNRECOGNISED in data and data[UNRECOGNISED].sum():
        segments.append((BASE, UNRECOGNISED))  # items whose status was not recognised
    for color, col in segments:
        values = _nums(data[col])
        bars = ax.barh(labels, values, left=left, color=color, label=COLUMN_LABELS[col])
        ax.bar_label(
            bars,
            labels=[f"{int(v)}" if v else "" for v in values],
            label_type="center",
            color="white",
            fontsize=9,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel("건수")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", fontsize=8)
    set_headline(
        fig,
        headlines.audit_status_headline(completion),
        f"{as_of_text(as_of)} · 항목별 추진상황을 다시 센 값",
    )
    return fig
