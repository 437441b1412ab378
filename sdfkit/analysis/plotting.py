"""Charts for the notebooks: one message per chart, Hangul that renders everywhere.

The font is NanumGothic as bundled by the ``koreanize-matplotlib`` package (not
whatever the machine has), registered by :func:`setup`, which every chart calls.
Charts plot amounts in the report's own unit and only the axis shows them scaled
(천원 → 백만원), so :func:`chart_data` reads back exactly the table's figures.
Titles state the message and the as-of date. Figures are saved as PNG under
``<out>/figures/`` with names made of fixed words and numbers (:func:`figure_name`),
never of report text.
"""

from __future__ import annotations

import importlib.util
import math
import re
from datetime import date
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from sdfkit import analysis
from sdfkit.output import atomic_write, safe_child

FONT_FAMILY = "NanumGothic"
HIGHLIGHT = "#c0392b"
BASE = "#9aa5b1"
DARK = "#34495e"
LIGHT = "#d5dbe1"
PACE = "#222222"
STATUS_COLORS = {
    "past_due": "#c0392b",
    "in_progress": "#2e86c1",
    "upcoming": "#95a5a6",
    "undated": "#d5dbe1",
}
CHANGE_COLORS = {"new": "#27ae60", "discontinued": "#c0392b"}
AUDIT_COLORS = ["#27ae60", "#2e86c1", "#f39c12", "#c0392b"]
DPI = 150

# Money units by size in won; amounts are shown in 백만원 once they reach 억 (1e8 won).
MONEY_UNITS = {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}
_SCALED_UNIT = "백만원"
_NAME_WORD = re.compile(r"^[a-z]+$")


# --- Fonts --------------------------------------------------------------------------


def _font_dir() -> Path:
    # The fonts ship inside the koreanize_matplotlib package. Importing it would
    # also import distutils and re-configure matplotlib (0.2 s in every notebook),
    # so only its location is looked up.
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("koreanize-matplotlib is not installed: pip install -e .")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


def font_path() -> Path:
    """Return the path of the bundled NanumGothic font file (inside the installed
    koreanize_matplotlib package)."""
    return _font_dir() / f"{FONT_FAMILY}.ttf"


def setup() -> Path:
    """Register the bundled Korean fonts with matplotlib and make NanumGothic the
    default font (minus signs as ASCII, tight PNGs); return the font file in use.
    Safe to call many times."""
    font_dir = _font_dir()
    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    for path in sorted(font_dir.glob("*.ttf")):
        if path not in known:
            font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams["font.family"] = [FONT_FAMILY]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["savefig.dpi"] = DPI
    matplotlib.rcParams["figure.dpi"] = 100
    return Path(
        font_manager.findfont(
            font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False
        )
    )


# --- Text, units, names --------------------------------------------------------------


def plain(text, limit: int | None = None) -> str:
    """Given text from the report, return it safe for a matplotlib label: ``$``
    escaped (no mathtext), on one line, cut to ``limit`` characters with …."""
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return ""
    one = re.sub(r"\s+", " ", str(text)).strip()
    if limit and len(one) > limit:
        one = one[: limit - 1] + "…"
    return one.replace("$", r"\$")


def display_unit(unit: str, values) -> tuple[str, float]:
    """Given the report's amount unit and the amounts to show, return (unit label,
    divisor): 천원 amounts of 1억 won or more show in 백만원 (divisor 1000); other
    units, or unknown ones, stay as printed (divisor 1)."""
    factor = MONEY_UNITS.get((unit or "").replace(" ", ""))
    biggest = max((abs(float(v)) for v in values if v is not None and not pd.isna(v)), default=0.0)
    target = MONEY_UNITS[_SCALED_UNIT]
    if factor is None or factor >= target or biggest * factor < 100_000_000:
        return unit or "", 1.0
    return _SCALED_UNIT, target / factor


def fmt_scaled(value, divisor: float) -> str:
    """Given an amount and the divisor of the display unit, return it as shown
    (thousands separators; one decimal for small non-zero scaled values)."""
    if value is None or pd.isna(value):
        return "-"
    v = float(value) / divisor
    if divisor != 1 and v != 0 and abs(v) < 10:
        return f"{v:,.1f}"
    return f"{v:,.0f}"


def amount_axis(ax, unit: str, values, axis: str = "x") -> tuple[str, float]:
    """Given axes, the report's unit and the amounts plotted (in that unit), label
    the amount axis with the display unit and format its ticks; return (unit label,
    divisor)."""
    label, divisor = display_unit(unit, values)
    formatter = FuncFormatter(lambda v, _pos: f"{v / divisor:,.0f}")
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(formatter)
    (ax.set_xlabel if axis == "x" else ax.set_ylabel)(f"금액 ({label})" if label else "금액")
    return label, divisor


def figure_name(*parts) -> str:
    """Given fixed lower-case words and numbers (``"project", 8, "rank"``), return a
    PNG file name (``project_08_rank.png``); anything else is refused, so report
    text never reaches a file name."""
    out = []
    for part in parts:
        if isinstance(part, bool):
            raise ValueError(f"not a name part: {part!r}")
        if isinstance(part, int):
            if part < 0:
                raise ValueError(f"not a name part: {part!r}")
            out.append(f"{part:02d}")
        elif isinstance(part, str) and _NAME_WORD.match(part):
            out.append(part)
        else:
            raise ValueError(f"not a name part: {part!r}")
    if not out:
        raise ValueError("empty figure name")
    return "_".join(out) + ".png"


def save(fig: Figure, out_dir: str | Path, name: str) -> Path:
    """Given a figure, an output folder and a file name, write the figure as PNG
    to ``<out_dir>/figures/<name>`` atomically and return the path."""
    path = safe_child(out_dir, "figures", name)
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=DPI, bbox_inches="tight"))
    return path


def chart_data(ax) -> dict[str, list[float]]:
    """Given axes, return the values of each bar series drawn on them, by series
    label (what the chart shows, to check against the tables)."""
    data = {}
    for container in ax.containers:
        values = getattr(container, "datavalues", None)
        if values is not None:
            data[container.get_label()] = [float(v) for v in values]
    return data


def _num(value) -> float:
    """Given a figure (int, float, NA), return it as float; NA counts as 0 in a bar."""
    return 0.0 if value is None or pd.isna(value) else float(value)


def _nums(values) -> list[float]:
    return [_num(v) for v in values]


def _as_of_text(as_of) -> str:
    day = analysis._to_date(as_of)
    return f"{day.isoformat()} 기준" if day else "기준일 미상"


def _figure(width: float, height: float) -> Figure:
    setup()
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)  # fig.canvas.draw() renders (and warns about missing glyphs)
    return fig


def _title(fig: Figure, message: str, detail: str) -> None:
    fig.suptitle(f"{message}\n{detail}", fontsize=12, x=0.01, ha="left")


def _project_label(no, title, limit: int = 22) -> str:
    return f"{int(no)}. {plain(title, limit)}"


# --- Project charts ---------------------------------------------------------------------


def rank_chart(execution: pd.DataFrame, project_no: int, pace_pct: float, as_of) -> Figure:
    """Given the execution table, a project number, the calendar pace and its date,
    return a horizontal bar chart of every project's spent rate, highest on top,
    this project highlighted and the pace as a dashed vertical line."""
    data = execution.dropna(subset=["spent_pct"]).sort_values(
        "spent_pct", ascending=True, kind="stable"
    )
    fig = _figure(9, 0.38 * len(data) + 1.8)
    ax = fig.add_subplot()
    colors = [HIGHLIGHT if no == project_no else BASE for no in data["project_no"]]
    labels = [
        _project_label(no, t) for no, t in zip(data["project_no"], data["title"], strict=True)
    ]
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
    row = execution[execution["project_no"] == project_no].iloc[0]
    rank, n = analysis.project_rank(execution, project_no)
    _title(
        fig,
        f"{_project_label(project_no, row['title'], 30)}: 지출률 {row['spent_pct']:.1f}%, {n}개 사업 중 {rank}위",
        f"{_as_of_text(as_of)} · 점선: 회계연도 경과율(달력 진도)",
    )
    return fig


def project_budget_chart(
    overview: pd.DataFrame, title: str, project_no: int, pace_pct: float, as_of, unit: str
) -> Figure:
    """Given a project's budget overview (analysis.project_budget_overview), return
    a bar chart of budget, committed, spent and expected amounts with their rates,
    and a dashed line where spending would be at the calendar pace."""
    rows = overview[overview["measure"] != "연말 예상 미집행액"].iloc[::-1]
    fig = _figure(9, 3.6)
    ax = fig.add_subplot()
    colors = [LIGHT, BASE, DARK, "#5d6d7e"][: len(rows)][::-1]
    bars = ax.barh(list(rows["measure"]), _nums(rows["amount"]), color=colors, label="금액")
    label_unit, divisor = amount_axis(ax, unit, rows["amount"])
    ax.bar_label(
        bars,
        labels=[
            f"{fmt_scaled(a, divisor)} ({analysis.fmt_pct(r)})"
            for a, r in zip(rows["amount"], rows["rate_pct"], strict=True)
        ],
        padding=3,
        fontsize=8,
    )
    budget = overview.loc[overview["measure"] == "예산현액", "amount"].iloc[0]
    unspent = overview.loc[overview["measure"] == "연말 예상 미집행액", "amount"].iloc[0]
    if not pd.isna(budget):
        at_pace = float(budget) * pace_pct / 100
        ax.axvline(at_pace, color=PACE, linestyle="--", linewidth=1)
        ax.text(at_pace, len(rows) - 0.5, f" 달력 진도 {pace_pct:.1f}%", fontsize=8, va="bottom")
        ax.set_ylim(-0.6, len(rows) - 0.1)
        ax.set_xlim(0, float(budget) * 1.3)
    spent = overview.loc[overview["measure"] == "지출액", "rate_pct"].iloc[0]
    message = f"{_project_label(project_no, title, 30)}: 지출 {analysis.fmt_pct(spent)} (달력 진도 {pace_pct:.1f}%)"
    if not pd.isna(unspent) and unspent > 0:
        message += f", 연말 미집행 예상 {fmt_scaled(unspent, divisor)}{label_unit}"
    elif not pd.isna(unspent):
        message += ", 연말까지 전액 집행 예상"
    _title(fig, message, f"{_as_of_text(as_of)} · 괄호: 예산현액 대비 비율")
    return fig


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
    present = [s for s in analysis.MILESTONE_STATUS_LABELS if s in set(frame.get("status", []))]
    handles = [
        Patch(color=STATUS_COLORS[s], label=analysis.MILESTONE_STATUS_LABELS[s]) for s in present
    ]
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
    """Given a project's milestones with status (analysis.project_milestones), its
    title and number and the as-of date, return a timeline of the planned periods
    against the as-of date (dashed line), coloured by status. A plan with no end
    (``’20.11월~``) is drawn to ``year_end`` (default: the end of the as-of year)."""
    fig = _figure(10, 0.45 * max(len(milestones), 1) + 2.0)
    ax = fig.add_subplot()
    counts = milestones["status"].value_counts() if len(milestones) else pd.Series(dtype=int)
    if len(milestones):
        labels = [plain(t, 28) for t in milestones["text"]]
        day = analysis._to_date(as_of)
        end = year_end or (date(day.year, 12, 31) if day else None)
        _timeline(ax, milestones, labels, as_of, end)
    else:
        ax.text(0.5, 0.5, "향후계획이 없습니다", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    late = int(counts.get("past_due", 0))
    message = f"{_project_label(project_no, title, 30)}: 향후계획 {len(milestones)}건"
    message += f", 기한 경과 {late}건" if late else ", 기한 경과 없음"
    _title(fig, message, f"{_as_of_text(as_of)} · 점선: 기준일")
    return fig


# --- Whole-report charts ----------------------------------------------------------------


def composition_chart(report) -> Figure:
    """Given a report, return the composition of revenue and expenditure (§Ⅰ
    summary, categories under the total) as stacked bars, last year beside this
    year."""
    u = analysis.unit(report)
    fig = _figure(11, 4.6)
    axes = fig.subplots(1, 2)
    sides = list(analysis.SIDE_LABELS.items())
    palette = ["#2e86c1", "#27ae60", "#f39c12", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"]
    headline = []
    for ax, (side, label) in zip(axes, sides, strict=True):
        comp = analysis.summary_composition(report, side)
        total = analysis.summary_total(report, side)
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
                years, values, left=left, color=palette[i % len(palette)], label=plain(r["item"])
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
            change = analysis.fmt_pct(total["change_pct"])
            ax.set_title(
                f"{label} {fmt_scaled(total['budget'], divisor)}{label_unit} (전년 대비 {change})",
                fontsize=10,
            )
            headline.append((side, label, total))
        else:
            ax.set_title(label, fontsize=10)
    message = "세입·세출 구성"
    if headline:
        side, label, total = headline[-1]
        verb = "늘었고" if total["change"] >= 0 else "줄었고"
        comp = analysis.summary_composition(report, side)
        shift = (comp["share_pct"] - comp["prior_share_pct"]).abs()
        message = f"{label} 예산이 전년보다 {analysis.fmt_pct(abs(total['change_pct']))} {verb}"
        if len(comp) and not shift.isna().all():
            top = comp.loc[shift.idxmax()]
            moved = "커졌다" if top["share_pct"] >= top["prior_share_pct"] else "작아졌다"
            message += f", {plain(top['item'])} 비중이 {top['prior_share_pct']:.0f}%에서 {top['share_pct']:.0f}%로 {moved}"
        else:
            message = message[:-1] + "다"
    _title(fig, message, f"{_as_of_text(analysis.as_of_date(report))} · 예산현액, 막대 안: 구성비")
    return fig


def change_chart(report) -> Figure:
    """Given a report, return the change of each revenue and expenditure category
    (§Ⅰ summary, under the total) against the prior year as diverging bars."""
    u = analysis.unit(report)
    rows = []
    for side, label in analysis.SIDE_LABELS.items():
        comp = analysis.summary_composition(report, side)
        for _, r in comp.iterrows():
            rows.append(
                {
                    "label": f"{label} · {plain(r['item'], 14)}",
                    "change": r["change"],
                    "change_pct": r["change_pct"],
                    "item": r["item"],
                }
            )
    frame = pd.DataFrame(rows).iloc[::-1].reset_index(drop=True)
    fig = _figure(10, 0.45 * len(frame) + 2)
    ax = fig.add_subplot()
    colors = ["#27ae60" if v >= 0 else "#c0392b" for v in frame["change"]]
    bars = ax.barh(frame["label"], _nums(frame["change"]), color=colors, label="증감액")
    label_unit, divisor = amount_axis(ax, u, frame["change"])
    ax.bar_label(
        bars,
        labels=[
            f"{'+' if v >= 0 else ''}{fmt_scaled(v, divisor)} ({analysis.fmt_pct(p)})"
            for v, p in zip(frame["change"], frame["change_pct"], strict=True)
        ],
        padding=3,
        fontsize=8,
    )
    ax.axvline(0, color=PACE, linewidth=0.8)
    span = float(frame["change"].abs().max()) if len(frame) else 1.0
    ax.set_xlim(-span * 1.6, span * 1.6)
    up = frame.loc[frame["change"].idxmax()]
    down = frame.loc[frame["change"].idxmin()]
    message = f"가장 크게 늘어난 항목: {plain(up['item'])} (+{fmt_scaled(up['change'], divisor)}{label_unit})"
    if down["change"] < 0:
        message += f", 가장 크게 줄어든 항목: {plain(down['item'])} ({fmt_scaled(down['change'], divisor)}{label_unit})"
    _title(fig, message, f"{_as_of_text(analysis.as_of_date(report))} · 예산현액의 전년 대비 증감")
    return fig


def execution_chart(execution: pd.DataFrame, pace_pct: float, as_of) -> Figure:
    """Given the execution table, the calendar pace and its date, return every
    project's committed and spent rates (bars) against the pace (dashed line)."""
    data = execution.dropna(subset=["spent_pct"]).sort_values(
        "spent_pct", ascending=True, kind="stable"
    )
    fig = _figure(10, 0.42 * len(data) + 2)
    ax = fig.add_subplot()
    labels = [
        _project_label(no, t) for no, t in zip(data["project_no"], data["title"], strict=True)
    ]
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
    behind = int((data["gap_pp"] < 0).sum())
    _title(
        fig,
        f"{len(data)}개 사업 중 {behind}개의 지출률이 달력 진도에 못 미친다",
        f"{_as_of_text(as_of)} · 점선: 이 날의 진도, 색: 사업별 표 기준일의 진도와 비교",
    )
    return fig


def unpaid_chart(unpaid: pd.DataFrame, unit: str, as_of) -> Figure:
    """Given committed-but-unpaid amounts per project (analysis.committed_unpaid),
    return them as bars, largest on top."""
    data = unpaid.dropna(subset=["unpaid"]).sort_values("unpaid", ascending=True, kind="stable")
    fig = _figure(10, 0.42 * len(data) + 2)
    ax = fig.add_subplot()
    labels = [
        _project_label(no, t) for no, t in zip(data["project_no"], data["title"], strict=True)
    ]
    values = [float(v) for v in data["unpaid"]]
    bars = ax.barh(labels, values, color=DARK, label="미지급 원인행위")
    label_unit, divisor = amount_axis(ax, unit, values)
    ax.bar_label(bars, labels=[fmt_scaled(v, divisor) for v in values], padding=3, fontsize=8)
    ax.set_xlim(0, max(values + [1.0]) * 1.15)
    total = sum(values)
    message = f"계약했지만 아직 지급하지 않은 돈 {fmt_scaled(total, divisor)}{label_unit}"
    if total > 0:
        top = data.iloc[-1]
        message += f", 그중 {analysis.fmt_pct(100 * float(top['unpaid']) / total, 0)}가 {_project_label(top['project_no'], top['title'], 18)}의 몫"
    _title(fig, message, f"{_as_of_text(as_of)} · 원인행위 - 지출액")
    return fig


def programs_chart(programs: pd.DataFrame, unit: str, as_of) -> Figure:
    """Given new and discontinued revenue lines (analysis.new_and_discontinued),
    return this year's budget of new lines (right) and last year's budget of
    discontinued lines (left)."""
    data = programs.iloc[::-1].reset_index(drop=True)
    fig = _figure(10, 0.4 * max(len(data), 1) + 2)
    ax = fig.add_subplot()
    new = data["change_kind"] == "new"
    values = [
        _num(b) if n else -_num(p)
        for b, p, n in zip(data["budget"], data["prior_budget"], new, strict=True)
    ]
    labels = [plain(i, 24) for i in data["item"]]
    colors = [CHANGE_COLORS["new"] if n else CHANGE_COLORS["discontinued"] for n in new]
    bars = ax.barh(labels, values, color=colors, label="예산")
    label_unit, divisor = amount_axis(ax, unit, values)
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
    n_new, n_gone = int(new.sum()), int((~new).sum())
    new_total = sum(v for v in values if v > 0)
    gone_total = -sum(v for v in values if v < 0)
    _title(
        fig,
        f"신규 {n_new}개 {fmt_scaled(new_total, divisor)}{label_unit}, 폐지 {n_gone}개 {fmt_scaled(gone_total, divisor)}{label_unit}",
        f"{_as_of_text(as_of)} · 세입예산 세부 항목의 전년 대비",
    )
    return fig


def strategy_chart(strategies: pd.DataFrame, unit: str, as_of) -> Figure:
    """Given budgets by strategy (analysis.strategy_budget), return budget and
    spent amount per strategy as bars."""
    data = strategies.iloc[::-1].reset_index(drop=True)
    fig = _figure(10, 0.7 * max(len(data), 1) + 2)
    ax = fig.add_subplot()
    labels = [
        f"전략 {analysis._int_text(no)}. {plain(s, 20)}"
        for no, s in zip(data["strategy_no"], data["strategy"], strict=True)
    ]
    budgets = _nums(data["budget"])
    ax.barh(labels, budgets, color=LIGHT, label="예산현액")
    spent = ax.barh(labels, _nums(data["spent"]), height=0.45, color=DARK, label="지출액")
    label_unit, divisor = amount_axis(ax, unit, budgets)
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
    del spent
    ax.set_xlim(0, max(budgets + [1.0]) * 1.45)
    ax.legend(loc="lower right", fontsize=8)
    top = data.loc[data["budget"].idxmax()] if len(data) else None
    message = "전략별 예산"
    if top is not None:
        message = f"예산의 {top['share_pct']:.0f}%가 전략 {analysis._int_text(top['strategy_no'])}에 몰려 있다"
    _title(fig, message, f"{_as_of_text(as_of)} · §Ⅲ 사업별 예산현액의 합, 괄호: 구성비")
    return fig


def audit_status_chart(counts: pd.DataFrame, completion: dict, as_of) -> Figure:
    """Given audit items recounted by category and status (analysis.audit_status_counts,
    the total row first) and the completion figures, return stacked bars per category."""
    data = counts.iloc[1:].iloc[::-1].reset_index(drop=True)
    fig = _figure(10, 0.6 * max(len(data), 1) + 2)
    ax = fig.add_subplot()
    labels = [plain(c, 20) for c in data["category"]]
    left = [0.0] * len(data)
    statuses = ["done", "in_progress", "under_review", "not_adopted"]
    for color, col in zip(AUDIT_COLORS, statuses, strict=True):
        values = _nums(data[col])
        bars = ax.barh(labels, values, left=left, color=color, label=analysis.COLUMN_LABELS[col])
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
    rate = completion["rate_pct"]
    _title(
        fig,
        f"전년도 감사 요구 {completion['total']}건 중 {completion['done']}건 완료 ({analysis.fmt_pct(rate)})",
        f"{_as_of_text(as_of)} · 항목별 추진상황을 다시 센 값",
    )
    return fig


MAX_STEP_DAYS = 183


def audit_plan_chart(steps: pd.DataFrame, as_of) -> Figure:
    """Given the dated steps of open audit items (analysis.open_audit_steps), return
    a timeline of those dated to within half a year (a year named alone, as in
    ``’19년 정기회의``, is not the date of a step) against the as-of date."""
    dated = steps.dropna(subset=["start", "end"], how="all").copy()
    length = (dated["end"] - dated["start"]).dt.days
    dated = dated[length.isna() | (length <= MAX_STEP_DAYS)].reset_index(drop=True)
    as_of_day = analysis._to_date(as_of)
    dated["status"] = [
        analysis.milestone_status(s, e, as_of_day)
        for s, e in zip(dated["start"], dated["end"], strict=True)
    ]
    fig = _figure(10, 0.42 * max(len(dated), 1) + 2)
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
    late = int((dated["status"] == "past_due").sum()) if len(dated) else 0
    ahead = len(dated) - late
    _title(
        fig,
        f"미완료 요구의 날짜가 적힌 조치·계획 {len(dated)}건: 지난 일 {late}건, 진행 중·예정 {ahead}건",
        f"{_as_of_text(as_of)} · 점선: 기준일 · 반년보다 긴 기간(연도만 적힌 것)은 뺌",
    )
    return fig
