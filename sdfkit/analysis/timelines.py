"""Timelines: a project's dated plans, and the dated steps of open audit demands,
against the as-of date."""

from __future__ import annotations

from datetime import date

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sdfkit.analysis import headlines
from sdfkit.analysis.audit import dated_steps
from sdfkit.analysis.display import MILESTONE_STATUS_LABELS, as_of_text
from sdfkit.analysis.figures import BASE, PACE, new_figure, plain, set_headline
from sdfkit.analysis.values import to_date

STATUS_COLORS = {
    "past_due": "#c0392b",
    "in_progress": "#2e86c1",
    "upcoming": "#95a5a6",
    "undated": "#d5dbe1",
}


def _timeline(ax, frame: pd.DataFrame, labels: list[str], as_of, year_end: date | None) -> None:
    as_of_num = mdates.date2num(pd.Timestamp(as_of))
    lefts, widths, colors, hatches = [], [], [], []
    for _, r in frame.iterrows():
        start = None if pd.isna(r["start"]) else mdates.date2num(pd.Timestamp(r["start"]))
        end = (
            None
            if pd.isna(r["end"])
            else mdates.date2num(pd.Timestamp(r["end"]) + pd.Timedelta(days=1))
        )
        hatch = ""
        if start is None and end is None:
            start = end = as_of_num
        elif start is None:
            start, hatch = min(as_of_num, end - 1), "///"
        elif end is None:
            stop = mdates.date2num(pd.Timestamp(year_end)) if year_end else start + 31
            end, hatch = max(stop, start + 31), "\\\\\\"
        lefts.append(start)
        widths.append(max(end - start, 1.0))
        colors.append(STATUS_COLORS.get(r.get("status"), BASE))
        hatches.append(hatch)
    y = list(range(len(frame)))[::-1]
    bars = ax.barh(y, widths, left=lefts, color=colors, label="일정", edgecolor="white")
    for bar, hatch in zip(bars, hatches, strict=True):
        if hatch:
            bar.set_hatch(hatch)
            bar.set_edgecolor("#555555")
    ax.set_yticks(y, labels)
    ax.axvline(as_of_num, color=PACE, linestyle="--", linewidth=1)
    ax.xaxis_date()
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=10))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    for tick in ax.get_xticklabels():
        tick.set_rotation(45)
        tick.set_ha("right")
    lo = min([as_of_num, *lefts])
    hi = max([as_of_num, *(left + w for left, w in zip(lefts, widths, strict=True))])
    pad = max((hi - lo) * 0.03, 5.0)
    ax.set_xlim(lo - pad, hi + pad)
    # A bar of a day or two would vanish on a long axis: mark such dates too.
    for y_pos, left, width, color in zip(y, lefts, widths, colors, strict=True):
        if width <= (hi - lo) / 60:
            ax.plot(
                [left + width / 2], [y_pos], marker="D", color=color, markersize=7, linestyle="none"
            )
    ax.set_ylim(-0.7, len(frame) - 0.3)
    present = [s for s in MILESTONE_STATUS_LABELS if s in set(frame.get("status", []))]
    handles = [Patch(color=STATUS_COLORS[s], label=MILESTONE_STATUS_LABELS[s]) for s in present]
    handles.append(Line2D([0], [0], color=PACE, linestyle="--", label="기준일"))
    if any(hatches):
        handles.append(
            Patch(facecolor="white", edgecolor="#555555", hatch="///", label="시작·종료일 미기재")
        )
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False
    )


def milestone_chart(
    milestones: pd.DataFrame, title: str, project_no: int, as_of, year_end: date | None = None
) -> Figure:
    """Given a project's milestones with status (project_milestones), its
    title and number and the as-of date, return a timeline of the planned periods
    against the as-of date (dashed line), coloured by status. A plan with no end
    (``’20.11월~``) is drawn to ``year_end`` (default: the end of the as-of year)."""
    fig = new_figure(10, 0.45 * max(len(milestones), 1) + 2.0)
    ax = fig.add_subplot()
    if len(milestones):
        labels = [plain(t, 28) for t in milestones["text"]]
        day = to_date(as_of)
        end = year_end or (date(day.year, 12, 31) if day else None)
        _timeline(ax, milestones, labels, as_of, end)
    else:
        ax.text(0.5, 0.5, "향후계획이 없습니다", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    message = headlines.milestone_headline(milestones, title, project_no)
    set_headline(fig, message, f"{as_of_text(as_of)} · 점선: 기준일")
    return fig


def audit_plan_chart(steps: pd.DataFrame, as_of) -> Figure:
    """Given the dated steps of open audit items (open_audit_steps), return
    a timeline of those dated to within half a year (a year named alone, as in
    ``’19년 정기회의``, is not the date of a step) against the as-of date."""
    as_of_day = to_date(as_of)
    dated = dated_steps(steps, as_of_day)
    fig = new_figure(10, 0.42 * max(len(dated), 1) + 2)
    ax = fig.add_subplot()
    if len(dated):
        labels = [
            f"요구 {int(n)} · {k} · {plain(s, 22)}"
            for n, k, s in zip(dated["item_no"], dated["kind"], dated["step"], strict=True)
        ]
        _timeline(ax, dated, labels, as_of_day, None)
    else:
        ax.text(
            0.5,
            0.5,
            "날짜가 적힌 조치·계획이 없습니다",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
        ax.set_axis_off()
    set_headline(
        fig,
        headlines.audit_plan_headline(dated),
        f"{as_of_text(as_of)} · 점선: 기준일 · 반년보다 긴 기간(연도만 적힌 것)은 뺌",
    )
    return fig
