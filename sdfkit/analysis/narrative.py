"""The Korean sentences of the pages, made from the figures (testable as text).

Every function returns Markdown; report text in it is escaped (:func:`escape_md`).
The chart headlines are in :mod:`sdfkit.analysis.headlines`.
"""

from __future__ import annotations

import pandas as pd

from sdfkit.analysis.audit import STEP_KINDS, plan_steps
from sdfkit.analysis.context import as_of_date, fiscal_year, unit
from sdfkit.analysis.display import (
    MILESTONE_STATUS_LABELS,
    SIDE_LABELS,
    escape_md,
    fmt_amount,
    fmt_pct,
)
from sdfkit.analysis.findings import project_findings
from sdfkit.analysis.linking import project_audit_items
from sdfkit.analysis.metrics import (
    project_execution,
    project_rank,
    rate,
    summary_composition,
    summary_gap,
)
from sdfkit.analysis.milestones import project_milestones
from sdfkit.analysis.values import int_text, is_missing, to_date
from sdfkit.report import Report

MISSING = "(보고서에 없음)"


def josa(word: str, after_consonant: str, after_vowel: str) -> str:
    """Given a word and the two forms of a Korean particle, return the form that
    follows the word's last syllable (을 after 원, 를 after 러); both when unsure."""
    for ch in reversed(word or ""):
        if "\uac00" <= ch <= "\ud7a3":
            return after_consonant if (ord(ch) - 0xAC00) % 28 else after_vowel
        if not ch.isspace():
            break
    return f"{after_consonant}({after_vowel})"


# --- The report ------------------------------------------------------------------------------


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


def summary_gap_md(report: Report, side: str) -> str:
    """Given a report and a side (revenue | expenditure), return a sentence giving
    the sum of §Ⅰ's categories and how far the printed total is from it."""
    comp = summary_composition(report, side)
    u = escape_md(unit(report))
    gap = summary_gap(report, side)
    text = f"{SIDE_LABELS[side]}: 항목 합 {fmt_amount(comp['budget'].sum())}{u}"
    if is_missing(gap):
        return text + ", 보고서에 총계가 하나로 인쇄되어 있지 않습니다."
    return text + f", 인쇄된 총계와 차이 {fmt_amount(gap)}{u}."


# --- A project ---------------------------------------------------------------------------------


def _project(report: Report, project_no: int) -> pd.Series:
    rows = report.projects[report.projects["project_no"] == project_no]
    if rows.empty:
        raise ValueError(f"no project {project_no!r} in the report")
    return rows.iloc[0]


def project_profile_md(report: Report, project_no: int) -> str:
    """Given a report and a project number, return Markdown naming the project, its
    goal, its strategy and its team (report text escaped)."""
    p = _project(report, project_no)
    lines = [
        f"**{int(p['project_no'])}. {escape_md(p['title'])}**",
        "",
        f"- 목표: {escape_md(p['goal']) or MISSING}",
        f"- 전략 {int_text(p['strategy_no'])}: {escape_md(p['strategy']) or MISSING}",
        f"- 담당 팀: {escape_md(p['team']) or MISSING}",
    ]
    return "\n".join(lines)


def pace_md(row: pd.Series) -> str:
    """Given a project's execution row, return the calendar pace at its table's date."""
    day = to_date(row["as_of"])
    when = day.isoformat() if day else "기준일 미상"
    return f"달력 진도: {when} 기준 **{fmt_pct(row['pace_pct'])}**"


def rank_md(execution: pd.DataFrame, project_no: int) -> str:
    """Given the execution table and a project number, return its spent rate and
    rank among the projects (or that it has none)."""
    row = execution[execution["project_no"] == project_no].iloc[0]
    if is_missing(row["spent_pct"]):
        return "지출률을 계산할 수 없어 순위가 없습니다."
    rank, n = project_rank(execution, project_no)
    return f"지출률 {fmt_pct(row['spent_pct'])}: {n}개 사업 중 {rank}위"


def _execution_sentences(row: pd.Series, execution: pd.DataFrame, unit_text: str) -> list[str]:
    u = escape_md(unit_text)
    as_of = to_date(row["as_of"])
    as_of_text = as_of.isoformat() if as_of else "기준일 미상"
    obj, subj = josa(unit_text, "을", "를"), josa(unit_text, "이", "가")
    if is_missing(row["budget"]):
        return ["이 사업의 예산집행 현황 표를 읽지 못해 금액을 요약할 수 없습니다."]
    parts = [
        f"예산현액 {fmt_amount(row['budget'])}{u} 가운데 {as_of_text} 기준 "
        f"{fmt_amount(row['spent'])}{u}({fmt_pct(row['spent_pct'])}){obj} 지출했고, "
        f"원인행위(계약 등 지출 약속)는 {fmt_amount(row['committed'])}{u}"
        f"({fmt_pct(row['committed_pct'])})입니다."
    ]
    if not is_missing(row["gap_pp"]):
        direction = "앞서" if row["gap_pp"] >= 0 else "뒤처져"
        parts.append(
            f"회계연도가 {fmt_pct(row['pace_pct'])} 지난 시점이라, 지출률은 달력 진도보다 "
            f"{abs(row['gap_pp']):.1f}%p {direction} 있습니다."
        )
    if not is_missing(row["spent_rank"]):
        rank, n = project_rank(execution, row["project_no"])
        parts.append(f"지출률은 {n}개 사업 중 {rank}위입니다.")
    if not is_missing(row["expected"]):
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
    return parts


def project_summary_text(report: Report, project_no: int) -> str:
    """Given a report and a project number, return a short plain-language Markdown
    summary of the project generated from its figures: budget, spending against
    the calendar pace, rank, year-end forecast and unspent amount, plans, findings
    and linked audit demands."""
    ex = project_execution(report)
    row = ex[ex["project_no"] == project_no].iloc[0]
    parts = _execution_sentences(row, ex, unit(report))
    ms = project_milestones(report, project_no)
    if len(ms):
        counts = ms["status"].value_counts()
        detail = ", ".join(
            f"{label} {int(counts.get(s, 0))}건"
            for s, label in MILESTONE_STATUS_LABELS.items()
            if counts.get(s, 0)
        )
        parts.append(f"향후계획 {len(ms)}건({detail}).")
    n_find = len(project_findings(report, project_no))
    n_audit = len(project_audit_items(report, project_no))
    parts.append(
        f"이 사업에 대한 점검 결과(findings) {n_find}건, 관련된 전년도 행정사무감사 요구 {n_audit}건."
    )
    return f"**{int(project_no)}. {escape_md(row['title'])}**\n\n" + " ".join(parts)


# --- Audit demands -----------------------------------------------------------------------------


def audit_item_md(item: pd.Series) -> str:
    """Given an audit item row, return Markdown showing its demand, status, actions
    and plan (report text escaped)."""
    status = escape_md(item.get("status"))
    if is_missing(item.get("status")):
        # A status word the parser did not recognise: shown as printed, never guessed.
        raw = item.get("status_raw")
        status = f"미확인('{escape_md(raw)}')" if not is_missing(raw) else "미확인(적혀 있지 않음)"
    elif not is_missing(item.get("status_raw")):
        status = escape_md(item.get("status_raw"))
    out = [
        f"**요구 {int(item['item_no'])}** · {escape_md(item['category'])} · 추진상황: {status}",
        "",
        f"> {escape_md(item['demand'])}",
        "",
    ]
    for label, col in STEP_KINDS.items():
        steps = plan_steps(item.get(col))
        if steps:
            out.append(f"*{label}*")
            out.append("")
            out.extend(f"- {escape_md(s['step'])}" for s in steps)
            out.append("")
    return "\n".join(out).rstrip()


def linked_item_md(item: pd.Series) -> str:
    """Given an audit item linked to a project (project_audit_items), return its
    Markdown followed by the words it shares with the project."""
    return audit_item_md(item) + f"\n\n공통 단어: {escape_md(item['shared'])}"


def _count(done, total) -> str:
    return f"{'-' if done is None else done}/{'-' if total is None else total}건"


def audit_completion_md(completion: dict) -> str:
    """Given the completion figures (audit_completion), return one line comparing
    the recount from the items with the report's summary."""
    c = completion
    recount = f"{_count(c['done'], c['total'])} = **{fmt_pct(c['rate_pct'])}**"
    printed = (
        f"{_count(c['reported_done'], c['reported_total'])} = {fmt_pct(c['reported_rate_pct'])}"
    )
    unread = c.get("unrecognised") or 0
    note = f" · 추진상황 미확인 {unread}건(완료로 세지 않음)" if unread else ""
    return f"완료율: 항목 재집계 {recount} · 보고서 총괄표 {printed}{note}"


def mismatch_md(check: pd.DataFrame) -> str:
    """Given the summary-against-recount table (audit_summary_check), return how
    many of its cells disagree."""
    bad = int((~check["match"]).sum())
    return f"어긋난 칸: **{bad}개** (전체 {len(check)}칸)"


def bullet_md(texts) -> str:
    """Given texts (from the report or the parser), return them as a Markdown list
    (escaped); empty when there are none."""
    return "\n".join(f"- {escape_md(t)}" for t in texts)
