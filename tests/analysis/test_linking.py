"""Tests for sdfkit.analysis.linking: which audit demand concerns which project."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from sdfkit.analysis import linking


@pytest.fixture(scope="module")
def links(bundled):
    return linking.audit_links(bundled)


def _linked(links, item_no):
    return links[links["item_no"] == item_no]["project_no"].tolist()


def test_audit_links_adina_support_team(links):
    # Demand 1 is about the 어디나 지원단, named in project 12's goal.
    assert _linked(links, 1)[0] == 12
    assert 11 not in _linked(links, 1)  # shares only 격차해소 with project 11
    row = links[(links["item_no"] == 1) & (links["project_no"] == 12)].iloc[0]
    assert {"어디나", "지원단"} <= set(row["shared"].split(", "))
    assert _linked(links, 10) == [12]  # 어디나 지원단 운영계획 제출


def test_audit_links_name_projects_in_actions(links):
    # Demand 2's actions name the 자치구 컨설팅, 정책연구 and 소외계층 역량강화 work.
    assert {12, 13, 1} <= set(_linked(links, 2))
    assert 13 in _linked(links, 9)


def test_audit_links_leave_unrelated_demands_alone(links):
    # 자문위원 규정, 배너 홍보비, 워크샵 편성, 홍보비 자료: about no project.
    for item_no in (4, 6, 7, 11):
        assert _linked(links, item_no) == []
    for _, group in links.groupby("item_no"):
        assert group["score"].is_monotonic_decreasing  # strongest first


def test_audit_links_generic_on_made_up_report(bundled):
    # Nothing about the bundled report's names: made-up projects and demands.
    projects = pd.DataFrame(
        {
            "project_no": pd.array([1, 2, 3, 4], dtype="Int64"),
            "title": [
                "하천 수질 관측망 구축",
                "청년 창업공간 운영",
                "공공자전거 정비",
                "야간 보행안전 조명",
            ],
            "strategy_no": pd.array([1, 1, 2, 2], dtype="Int64"),
            "strategy": ["가", "가", "나", "나"],
            "goal": [
                "하천 수질센서 설치로 오염 조기경보",
                "청년 창업가에게 사무공간 제공",
                "따릉이 정비센터 확충",
                "골목길 스마트가로등 설치",
            ],
            "team": ["A팀", "B팀", "C팀", "D팀"],
            "line": pd.array([1, 2, 3, 4], dtype="Int64"),
        }
    )
    items = pd.DataFrame(
        {
            "item_no": pd.array([1, 2], dtype="Int64"),
            "category": ["시정·처리요구사항", "건의사항"],
            "demand": [
                "수질센서 고장이 잦아 오염 조기경보가 늦었음",
                "직원 복무 관리를 철저히 할 것",
            ],
            "status": ["추진 중", "완료"],
            "status_raw": ["추진 중", "완료"],
            "actions": ["◦ 센서 교체", "◦ 복무 점검"],
            "plan": [None, None],
            "line": pd.array([10, 20], dtype="Int64"),
        }
    )
    report = dataclasses.replace(
        bundled,
        projects=projects,
        project_budget=bundled.project_budget.iloc[0:0],
        audit_items=items,
        meta={**bundled.meta, "institution": "가상재단"},
    )
    got = linking.audit_links(report)
    assert got[["item_no", "project_no"]].values.tolist() == [[1, 1]]
    assert "수질센서" in got.iloc[0]["shared"]
