"""Tests for sdfkit.analysis.headlines: each chart's message, as text, from the
same tables the charts draw (no rendering)."""

from __future__ import annotations

import pytest

from sdfkit.analysis import audit, headlines, metrics, milestones, revenue


@pytest.fixture(scope="module")
def execution(bundled):
    return metrics.project_execution(bundled)


def test_project_headlines(bundled, execution):
    assert headlines.rank_headline(execution, 8) == (
        "8. 기술기업 해외진출 지원: 지출률 3.0%, 13개 사업 중 12위"
    )
    overview = metrics.project_budget_overview(bundled, 8)
    row = execution[execution["project_no"] == 8].iloc[0]
    text = headlines.budget_headline(overview, row["title"], 8, row["pace_pct"], "천원")
    assert (
        text
        == "8. 기술기업 해외진출 지원: 지출 3.0% (달력 진도 74.9%), 연말 미집행 예상 1,000백만원"
    )
    overview3 = metrics.project_budget_overview(bundled, 3)
    assert headlines.budget_headline(overview3, "x", 3, 74.9, "천원").endswith("전액 집행 예상")
    ms = milestones.project_milestones(bundled, 5)
    assert (
        headlines.milestone_headline(ms, "제목", 5)
        == f"5. 제목: 향후계획 {len(ms)}건, 기한 경과 없음"
    )


def test_report_headlines(bundled, execution):
    assert headlines.composition_headline(bundled).startswith("세출 예산이 전년보다 ")
    assert headlines.change_headline(metrics.summary_changes(bundled), "천원").startswith(
        "가장 크게 늘어난 항목: "
    )
    assert headlines.execution_headline(execution).startswith("13개 사업 중 ")
    unpaid = headlines.unpaid_headline(metrics.committed_unpaid(bundled), "천원")
    assert unpaid.startswith("계약했지만 아직 지급하지 않은 돈 ") and "5. " in unpaid
    programs = revenue.new_and_discontinued(bundled)
    assert headlines.programs_headline(programs, "천원").startswith("신규 6개 ")
    assert ", 폐지 7개 " in headlines.programs_headline(programs, "천원")
    assert headlines.strategy_headline(metrics.strategy_budget(bundled)).startswith("예산의 ")


def test_audit_headlines(bundled):
    completion = audit.audit_completion(bundled)
    assert (
        headlines.audit_status_headline(completion) == "전년도 감사 요구 11건 중 5건 완료 (45.5%)"
    )
    dated = audit.dated_steps(audit.open_audit_steps(bundled), "2020-09-30")
    text = headlines.audit_plan_headline(dated)
    assert text.startswith(f"미완료 요구의 날짜가 적힌 조치·계획 {len(dated)}건: 지난 일 ")


def test_headlines_keep_report_text_unescaped(bundled, execution):
    # Escaping is the chart's business (figures.headline): the text stays as printed.
    ex = execution.copy()
    ex.loc[ex["project_no"] == 8, "title"] = "$x$ 사업"
    assert headlines.rank_headline(ex, 8).startswith("8. $x$ 사업: ")
