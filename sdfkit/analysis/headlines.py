"""The headline of every chart: one Korean sentence saying what it shows.

Each function takes the same data as its chart in :mod:`sdfkit.analysis.plotting`
and returns plain text (report text clipped, not escaped: the chart escapes it
for matplotlib), so the messages can be tested without drawing anything.
"""

from __future__ import annotations

import pandas as pd

from sdfkit.analysis.display import (
    SIDE_LABELS,
    clip,
    display_unit,
    fmt_pct,
    fmt_scaled,
    project_label,
)
from sdfkit.analysis.metrics import project_rank, summary_composition, summary_total
from sdfkit.analysis.values import int_text, is_missing, to_float
from sdfkit.report import Report

UNSPENT_MEASURE = "연말 예상 미집행액"  # the overview's last row, not drawn as a bar


def rank_headline(execution: pd.DataFrame, project_no: int) -> str:
    """Given the execution table and a project number, return the project's spent
    rate and its rank among the projects."""
    row = execution[execution["project_no"] == project_no].iloc[0]
    rank, n = project_rank(execution, project_no)
    label = project_label(project_no, row["title"], 30)
    return f"{label}: 지출률 {row['spent_pct']:.1f}%, {n}개 사업 중 {rank}위"


def budget_headline(
    overview: pd.DataFrame, title: str, project_no: int, pace_pct: float, unit_text: str
) -> str:
    """Given a project's budget overview (project_budget_overview), its title and
    number, the calendar pace and the report's unit, return its spent rate against
    the pace and what is expected to stay unspent at year end."""
    by_measure = overview.set_index("measure")
    bars = overview[overview["measure"] != UNSPENT_MEASURE]["amount"]
    label_unit, divisor = display_unit(unit_text, bars)
    spent = by_measure.loc["지출액", "rate_pct"]
    unspent = by_measure.loc[UNSPENT_MEASURE, "amount"]
    message = (
        f"{project_label(project_no, title, 30)}: 지출 {fmt_pct(spent)} (달력 진도 {pace_pct:.1f}%)"
    )
    if not is_missing(unspent) and unspent > 0:
        message += f", 연말 미집행 예상 {fmt_scaled(unspent, divisor)}{label_unit}"
    elif not is_missing(unspent):
        message += ", 연말까지 전액 집행 예상"
    return message


def milestone_headline(milestones: pd.DataFrame, title: str, project_no: int) -> str:
    """Given a project's milestones with status (project_milestones), its title and
    number, return how many plans it has and how many are past due."""
    late = int((milestones["status"] == "past_due").sum()) if len(milestones) else 0
    message = f"{project_label(project_no, title, 30)}: 향후계획 {len(milestones)}건"
    return message + (f", 기한 경과 {late}건" if late else ", 기한 경과 없음")


def composition_headline(report: Report) -> str:
    """Given a report, return how the expenditure (else revenue) total changed
    against the prior year and which category's share moved most."""
    with_total = [s for s in SIDE_LABELS if summary_total(report, s) is not None]
    if not with_total:
        return "세입·세출 구성"
    side = with_total[-1]
    total = summary_total(report, side)
    verb = "늘었고" if total["change"] >= 0 else "줄었고"
    comp = summary_composition(report, side)
    shift = (comp["share_pct"] - comp["prior_share_pct"]).abs()
    message = f"{SIDE_LABELS[side]} 예산이 전년보다 {fmt_pct(abs(total['change_pct']))} {verb}"
    if not len(comp) or shift.isna().all():
        return message[:-1] + "다"
    top = comp.loc[shift.idxmax()]
    moved = "커졌다" if top["share_pct"] >= top["prior_share_pct"] else "작아졌다"
    return (
        f"{message}, {clip(top['item'])} 비중이 {top['prior_share_pct']:.0f}%에서 "
        f"{top['share_pct']:.0f}%로 {moved}"
    )


def change_headline(changes: pd.DataFrame, unit_text: str) -> str:
    """Given the categories' changes against the prior year (summary_changes) and
    the report's unit, return the largest increase and the largest decrease."""
    label_unit, divisor = display_unit(unit_text, changes["change"])
    changes = changes.iloc[::-1]  # in the order drawn, so a tie names the same bar
    up = changes.loc[changes["change"].idxmax()]
    down = changes.loc[changes["change"].idxmin()]
    message = f"가장 크게 늘어난 항목: {clip(up['item'])} (+{fmt_scaled(up['change'], divisor)}{label_unit})"
    if down["change"] < 0:
        message += f", 가장 크게 줄어든 항목: {clip(down['item'])} ({fmt_scaled(down['change'], divisor)}{label_unit})"
    return message


def execution_headline(execution: pd.DataFrame) -> str:
    """Given the execution table, return how many projects spend behind the pace."""
    data = execution.dropna(subset=["spent_pct"])
    behind = int((data["gap_pp"] < 0).sum())
    return f"{len(data)}개 사업 중 {behind}개의 지출률이 달력 진도에 못 미친다"


def unpaid_headline(unpaid: pd.DataFrame, unit_text: str) -> str:
    """Given committed-but-unpaid amounts per project (committed_unpaid) and the
    report's unit, return the total and the largest project's share of it."""
    data = unpaid.dropna(subset=["unpaid"]).sort_values("unpaid", ascending=True, kind="stable")
    values = [float(v) for v in data["unpaid"]]
    label_unit, divisor = display_unit(unit_text, values)
    total = sum(values)
    message = f"계약했지만 아직 지급하지 않은 돈 {fmt_scaled(total, divisor)}{label_unit}"
    if total > 0:
        top = data.iloc[-1]
        share = fmt_pct(100 * float(top["unpaid"]) / total, 0)
        message += f", 그중 {share}가 {project_label(top['project_no'], top['title'], 18)}의 몫"
    return message


def program_values(programs: pd.DataFrame) -> list[float]:
    """Given new and discontinued revenue lines (new_and_discontinued), return each
    line's bar: this year's budget of a new line, minus last year's of a gone one."""
    return [
        to_float(b, 0.0) if kind == "new" else -to_float(p, 0.0)
        for b, p, kind in zip(
            programs["budget"], programs["prior_budget"], programs["change_kind"], strict=True
        )
    ]


def programs_headline(programs: pd.DataFrame, unit_text: str) -> str:
    """Given new and discontinued revenue lines and the report's unit, return how
    many of each and their amounts."""
    values = program_values(programs)
    label_unit, divisor = display_unit(unit_text, values)
    n_new = int((programs["change_kind"] == "new").sum())
    new_total = sum(v for v in values if v > 0)
    gone_total = -sum(v for v in values if v < 0)
    return (
        f"신규 {n_new}개 {fmt_scaled(new_total, divisor)}{label_unit}, "
        f"폐지 {len(programs) - n_new}개 {fmt_scaled(gone_total, divisor)}{label_unit}"
    )


def strategy_headline(strategies: pd.DataFrame) -> str:
    """Given budgets by strategy (strategy_budget), return the largest strategy's
    share of the budget."""
    if not len(strategies):
        return "전략별 예산"
    top = strategies.loc[strategies["budget"].iloc[::-1].idxmax()]
    return f"예산의 {top['share_pct']:.0f}%가 전략 {int_text(top['strategy_no'])}에 몰려 있다"


def audit_status_headline(completion: dict) -> str:
    """Given the completion figures (audit_completion), return how many of last
    year's demands are done."""
    unread = completion.get("unrecognised") or 0
    return (
        f"전년도 감사 요구 {completion['total']}건 중 {completion['done']}건 완료 "
        f"({fmt_pct(completion['rate_pct'])})" + (f", 추진상황 미확인 {unread}건" if unread else "")
    )


def audit_plan_headline(dated: pd.DataFrame) -> str:
    """Given the dated steps of open demands with status (audit.dated_steps),
    return how many are past and how many are ongoing or ahead."""
    late = int((dated["status"] == "past_due").sum()) if len(dated) else 0
    return (
        f"미완료 요구의 날짜가 적힌 조치·계획 {len(dated)}건: "
        f"지난 일 {late}건, 진행 중·예정 {len(dated) - late}건"
    )
