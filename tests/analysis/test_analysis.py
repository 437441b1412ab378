"""Tests for sdfkit.analysis: pace, execution, rank, plans, audit links, escaping,
and the figures the notebooks show, checked against the printed report."""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import pandas as pd
import pytest

from sdfkit import analysis
from sdfkit.findings import FINDING_COLUMNS

# --- Calendar pace ------------------------------------------------------------------


def test_calendar_pace_leap_year():
    # 2020-09-30 is day 274 of a 366-day year.
    assert analysis.calendar_pace(date(2020, 9, 30), 2020) == pytest.approx(100 * 274 / 366)
    assert round(analysis.calendar_pace("2020-09-30", 2020), 1) == 74.9


def test_calendar_pace_common_year_and_bounds():
    assert analysis.calendar_pace(pd.Timestamp("2019-09-30"), 2019) == pytest.approx(
        100 * 273 / 365
    )
    assert analysis.calendar_pace(date(2020, 1, 1), 2020) == pytest.approx(100 / 366)
    assert analysis.calendar_pace(date(2020, 12, 31), 2020) == 100.0
    assert analysis.calendar_pace(date(2019, 12, 31), 2020) == 0.0  # before the year
    assert analysis.calendar_pace(date(2021, 1, 12), 2020) == 100.0  # after it
    assert analysis.calendar_pace(date(2021, 1, 12)) == pytest.approx(100 * 12 / 365)
    assert math.isnan(analysis.calendar_pace(None, 2020))


def test_rate_and_expected_unspent():
    assert analysis.rate(38_027, 1_247_000) == pytest.approx(3.0495, abs=1e-4)
    assert math.isnan(analysis.rate(1, 0))
    assert math.isnan(analysis.rate(pd.NA, 10))
    assert analysis.expected_unspent(1_247_000, 247_000) == 1_000_000
    assert analysis.expected_unspent(100, 120) == -20  # more expected than budgeted
    assert analysis.expected_unspent(pd.NA, 1) is pd.NA


# --- Execution per project, on the bundled report ----------------------------------------


@pytest.fixture(scope="module")
def execution(bundled):
    return analysis.project_execution(bundled)


def _row(frame, no):
    return frame[frame["project_no"] == no].iloc[0]


def test_execution_project_8_matches_printed_report(execution):
    # §Ⅲ 8 기술기업 해외진출 지원: 1,247,000 / 38,152 / 38,027 / 247,000 (’20. 9. 30.)
    row = _row(execution, 8)
    assert row["title"] == "기술기업 해외진출 지원"
    assert (row["budget"], row["committed"], row["spent"], row["expected"]) == (
        1_247_000,
        38_152,
        38_027,
        247_000,
    )
    assert row["unspent_expected"] == 1_000_000
    assert row["unpaid"] == 125
    assert row["as_of"] == pd.Timestamp("2020-09-30")
    assert row["pace_pct"] == pytest.approx(100 * 274 / 366)
    assert row["spent_pct"] == pytest.approx(100 * 38_027 / 1_247_000)
    assert row["gap_pp"] == pytest.approx(row["spent_pct"] - row["pace_pct"])


def test_execution_sums_every_line_of_a_project(execution, bundled):
    # Project 5 has two budget lines (356,000 and 540,000).
    row = _row(execution, 5)
    assert row["lines"] == 2
    assert row["budget"] == 896_000
    assert row["spent"] == 93_533
    assert execution["budget"].sum() == bundled.project_budget["budget"].sum()
    assert len(execution) == len(bundled.projects)


def test_execution_pace_uses_each_tables_as_of(execution):
    # Project 7's table is dated ’20. 10. 12. (day 286 of 366).
    assert _row(execution, 7)["pace_pct"] == pytest.approx(100 * 286 / 366)


def test_project_rank(execution):
    assert analysis.project_rank(execution, 3) == (1, 13)  # 76.1%, the highest
    assert analysis.project_rank(execution, 8) == (12, 13)
    assert analysis.project_rank(execution, 12) == (13, 13)  # nothing spent
    assert _row(execution, 8)["spent_rank"] == 12


def test_project_rank_ties_and_missing():
    frame = pd.DataFrame({"project_no": [1, 2, 3, 4], "spent_pct": [50.0, 80.0, 50.0, None]})
    assert analysis.project_rank(frame, 2) == (1, 3)
    assert analysis.project_rank(frame, 1) == (2, 3)
    assert analysis.project_rank(frame, 3) == (2, 3)
    with pytest.raises(ValueError):
        analysis.project_rank(frame, 4)


def test_budget_overview_project_8(bundled):
    ov = analysis.project_budget_overview(bundled, 8).set_index("measure")
    assert ov.loc["예산현액", "amount"] == 1_247_000
    assert ov.loc["지출액", "amount"] == 38_027
    assert ov.loc["연말 집행예상액", "amount"] == 247_000
    assert ov.loc["연말 예상 미집행액", "amount"] == 1_000_000
    assert ov.loc["연말 집행예상액", "rate_pct"] == pytest.approx(19.81, abs=0.01)
    assert ov.loc["지출액", "vs_pace_pp"] == pytest.approx(3.0495 - 74.8634, abs=1e-3)


# --- Summary text --------------------------------------------------------------------


def test_summary_text_project_8_values(bundled):
    text = analysis.project_summary_text(bundled, 8)
    assert text.startswith("**8. 기술기업 해외진출 지원**")
    for figure in ["1,247,000천원", "38,027천원", "38,152천원", "247,000천원", "1,000,000천원"]:
        assert figure in text
    assert "74.9%" in text  # calendar pace at ’20. 9. 30.
    assert "13개 사업 중 12위" in text
    assert "뒤처져" in text
    assert "1,000,000천원(80.2%)이" in text  # particle after 원: 이, not 가


def test_summary_text_fully_spent_project(bundled):
    # Project 3 expects to execute its whole budget (800,000) by year end.
    text = analysis.project_summary_text(bundled, 3)
    assert "800,000천원" in text and "모두 집행할 전망" in text
    assert "앞서" in text  # 76.1% spent against a 74.9% pace


def test_summary_and_profile_escape_untrusted_title(bundled):
    evil = "../../x/<script>alert(1)</script>"
    projects = bundled.projects.copy()
    projects.loc[projects["project_no"] == 8, "title"] = evil
    projects.loc[projects["project_no"] == 8, "goal"] = "*굵게* [링크](http://x) $x$"
    report = dataclasses.replace(bundled, projects=projects, _findings=bundled.findings)
    for text in (
        analysis.project_summary_text(report, 8),
        analysis.project_profile_md(report, 8),
    ):
        assert "<script>" not in text
        assert "&lt;script&gt;" in text
    profile = analysis.project_profile_md(report, 8)
    assert r"\*굵게\*" in profile and r"\[링크\]\(http://x\)" in profile and r"\$x\$" in profile


def test_check_project(bundled):
    assert analysis.check_project(bundled, "8") == 8
    with pytest.raises(ValueError, match="valid"):
        analysis.check_project(bundled, 99)
    with pytest.raises(ValueError):
        analysis.check_project(bundled, "../8")


# --- Escaping and formatting -----------------------------------------------------------


def test_escape_md_script_title():
    out = analysis.escape_md("../../x/<script>alert(1)</script>")
    assert out == r"\.\./\.\./x/&lt;script&gt;alert\(1\)&lt;/script&gt;"
    assert "<" not in out and ">" not in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*a* _b_ `c`", r"\*a\* \_b\_ \`c\`"),
        ("# 제목\n- 항목", r"\# 제목 \- 항목"),  # one line: no heading, no list
        ("[x](javascript:alert(1))", r"\[x\]\(javascript:alert\(1\)\)"),
        ("$1,000$", r"\$1,000\$"),  # no MathJax
        ("a & b &lt;", "a &amp; b &amp;lt;"),
        ("a|b", r"a\|b"),
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
        (12, "12"),
    ],
)
def test_escape_md(text, expected):
    assert analysis.escape_md(text) == expected


def test_formatters():
    assert analysis.fmt_amount(1_247_000) == "1,247,000"
    assert analysis.fmt_amount(-336_578) == "-336,578"
    assert analysis.fmt_amount(pd.NA) == "-"
    assert analysis.fmt_pct(74.863) == "74.9%"
    assert analysis.fmt_pp(-71.8139) == "-71.8%p"
    assert analysis.fmt_number(76.0833) == "76.083"
    assert analysis.fmt_number(3.1) == "3.1"
    assert analysis.fmt_number(1_247_000) == "1,247,000"


def test_styled_escapes_and_separates_thousands():
    frame = pd.DataFrame(
        {"title": ["<script>alert(1)</script>"], "budget": [1_247_000], "spent_pct": [3.0495]}
    )
    html = analysis.styled(frame).to_html()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "1,247,000" in html and "3.0" in html
    assert "사업명" in html and "예산현액" in html


# --- Revenue lines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "prior", "is_new", "kind"),
    [
        (494_000, 0, True, "new"),
        (100, 0, False, "new"),
        (0, 859_650, False, "discontinued"),
        (800_000, 600_000, False, "grown"),
        (313_200, 530_000, False, "cut"),
        (200_000, 200_000, False, "same"),
        (pd.NA, pd.NA, False, "same"),
    ],
)
def test_change_kind(budget, prior, is_new, kind):
    assert analysis.change_kind(budget, prior, is_new) == kind


def test_project_revenue(bundled):
    # Project 11 is funded by two new lines: 108,000 (own) and 816,400 (국비).
    rev = analysis.project_revenue(bundled, 11)
    assert sorted(rev["budget"]) == [108_000, 816_400]
    assert set(rev["change_kind"]) == {"new"}
    rev8 = analysis.project_revenue(bundled, 8)
    assert rev8["change_kind"].tolist() == ["cut"]  # 432,000 against 626,000
    assert analysis.project_revenue(bundled, 12).empty  # no revenue line of its own


def test_new_and_discontinued(bundled):
    programs = analysis.new_and_discontinued(bundled)
    new = programs[programs["change_kind"] == "new"]
    gone = programs[programs["change_kind"] == "discontinued"]
    assert len(new) == 6 and len(gone) == 7
    assert new["budget"].sum() == 926_618 + 816_400 + 494_000 + 430_000 + 356_000 + 108_000
    assert (
        gone["prior_budget"].sum()
        == 940_900 + 859_650 + 515_000 + 360_000 + 300_000 + 115_362 + 29_270
    )
    assert programs["change_kind"].tolist() == ["new"] * 6 + ["discontinued"] * 7
    # Category rows (고유사업, 수탁사업, …) are never programs.
    assert not programs["item"].isin(bundled.summary_budget["item"]).any()


def test_leaves_without_hierarchy_drops_categories():
    frame = pd.DataFrame(
        {"item": ["계", "사업수입", "A 사업", "B 사업"], "parent": [None, None, None, None]}
    )
    kept = analysis.leaves(frame, categories=["계", "사 업 수 입"])
    assert kept["item"].tolist() == ["A 사업", "B 사업"]
    frame["parent"] = [None, "계", "사업수입", "사업수입"]
    assert analysis.leaves(frame)["item"].tolist() == ["A 사업", "B 사업"]


# --- Milestones ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "status"),
    [
        (date(2020, 8, 1), date(2020, 9, 29), "past_due"),
        (None, date(2020, 9, 29), "past_due"),
        (date(2020, 9, 1), date(2020, 11, 30), "in_progress"),
        (date(2020, 9, 30), date(2020, 9, 30), "in_progress"),  # ends on the day: not late
        (None, date(2020, 12, 31), "in_progress"),  # "~12월"
        (date(2020, 9, 1), None, "in_progress"),  # "9월~"
        (date(2020, 10, 1), date(2020, 10, 31), "upcoming"),
        (date(2020, 11, 1), None, "upcoming"),
        (None, None, "undated"),
        (pd.NaT, pd.NaT, "undated"),
    ],
)
def test_milestone_status(start, end, status):
    assert analysis.milestone_status(start, end, date(2020, 9, 30)) == status


def test_project_milestones(bundled):
    ms = analysis.project_milestones(bundled, 5).set_index("text")
    assert ms.loc["도시데이터 수집", "status"] == "in_progress"  # ’20. 9월~11월
    assert ms.loc["수집 데이터 개방", "status"] == "upcoming"  # ’20. 12월
    assert ms.loc["도시데이터 수집", "status_label"] == "진행 중"
    # Judged at a later date, the September–November plan is past due.
    later = analysis.project_milestones(bundled, 5, as_of="2020-12-15").set_index("text")
    assert later.loc["도시데이터 수집", "status"] == "past_due"


# --- Audit ---------------------------------------------------------------------------------


def test_audit_counts_and_completion(bundled):
    counts = analysis.audit_status_counts(bundled)
    total = counts.iloc[0]
    assert (total["total"], total["done"], total["in_progress"]) == (11, 5, 6)
    assert counts["total"].iloc[1:].sum() == 11
    completion = analysis.audit_completion(bundled)
    assert (completion["done"], completion["total"]) == (5, 11)
    assert completion["rate_pct"] == pytest.approx(100 * 5 / 11)
    assert completion["reported_done"] == 5 and completion["reported_total"] == 11


def test_audit_summary_check_finds_mismatch(bundled):
    assert analysis.audit_summary_check(bundled)["match"].all()
    summary = bundled.audit_summary.copy()
    summary.loc[summary["category"].str.startswith("건의"), "done"] = 1
    tampered = dataclasses.replace(bundled, audit_summary=summary)
    check = analysis.audit_summary_check(tampered)
    bad = check[~check["match"]]
    assert len(bad) == 1
    assert bad.iloc[0]["status"] == "완료"
    assert (bad.iloc[0]["reported"], bad.iloc[0]["recounted"]) == (1, 0)


def test_plan_steps_dates():
    steps = analysis.plan_steps("◦ 어디나 지원단 활동 : ’20. 10월~12월 - 결과 보고 : 12월", 2020)
    assert [s["step"] for s in steps] == ["어디나 지원단 활동 : ’20. 10월~12월", "결과 보고 : 12월"]
    assert (steps[0]["start"], steps[0]["end"]) == (date(2020, 10, 1), date(2020, 12, 31))
    assert (steps[1]["start"], steps[1]["end"]) == (date(2020, 12, 1), date(2020, 12, 31))
    assert analysis.plan_steps(None) == []


def test_open_audit_steps(bundled):
    steps = analysis.open_audit_steps(bundled)
    open_items = analysis.open_audit_items(bundled)
    assert set(steps["item_no"]) <= set(open_items["item_no"])
    assert (open_items["status"] != "완료").all() and len(open_items) == 6
    first = steps[(steps["item_no"] == 1) & (steps["kind"] == "향후계획")].iloc[0]
    assert (first["start"], first["end"]) == (
        pd.Timestamp("2020-10-01"),
        pd.Timestamp("2020-12-31"),
    )


def test_audit_item_md_escapes(bundled):
    item = bundled.audit_items.iloc[0].copy()
    item["demand"] = "<img src=x onerror=alert(1)> **굵게**"
    text = analysis.audit_item_md(item)
    assert "<img" not in text and "&lt;img" in text and r"\*\*굵게\*\*" in text


# --- Audit links ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def links(bundled):
    return analysis.audit_links(bundled)


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
    got = analysis.audit_links(report)
    assert got[["item_no", "project_no"]].values.tolist() == [[1, 1]]
    assert "수질센서" in got.iloc[0]["shared"]


# --- Findings, strategies, composition --------------------------------------------------------


def test_report_findings_falls_back_to_empty(bundled, monkeypatch):
    def broken(self):
        raise ModuleNotFoundError("No module named 'sdfkit.checks'")

    monkeypatch.setattr(type(bundled), "findings", property(broken))
    with pytest.warns(RuntimeWarning, match="findings unavailable"):
        found = analysis.report_findings(bundled)
    assert found.empty and list(found.columns) == FINDING_COLUMNS


def test_findings_by_severity_and_project(bundled):
    found = analysis.report_findings(bundled)
    groups = analysis.findings_by_severity(found)
    assert list(groups) == ["error", "rounding", "info"]
    assert sum(len(g) for g in groups.values()) == len(found)
    mine = analysis.project_findings(bundled, 8)
    assert (mine["project_no"] == 8).all()


def test_strategy_budget_adds_up(bundled):
    strategies = analysis.strategy_budget(bundled)
    assert strategies["strategy_no"].tolist() == [1, 2, 3]
    assert strategies["budget"].sum() == bundled.project_budget["budget"].sum()
    assert strategies["projects"].sum() == len(bundled.projects)
    assert strategies["share_pct"].sum() == pytest.approx(100)


def test_summary_composition(bundled):
    exp = analysis.summary_composition(bundled, "expenditure")
    assert exp["item"].tolist() == ["인건비", "경비", "사업비", "예비비"]
    assert exp["budget"].sum() == 11_784_559  # 세출 총괄 계
    assert exp["share_pct"].sum() == pytest.approx(100)
    rev = analysis.summary_composition(bundled, "revenue")
    assert rev["item"].tolist() == ["사업수입", "잉여금(이월금)수입", "서울시출연금"]


def test_committed_unpaid(bundled):
    unpaid = analysis.committed_unpaid(bundled)
    assert unpaid.iloc[0]["project_no"] == 5  # 880,900 committed, 93,533 paid
    assert unpaid.iloc[0]["unpaid"] == 787_367
    pb = bundled.project_budget
    assert unpaid["unpaid"].sum() == pb["committed"].sum() - pb["spent"].sum()


def test_output_dir_and_header(bundled, tmp_path):
    assert analysis.output_dir(bundled).name == bundled.report_id
    assert analysis.output_dir(bundled, tmp_path) == tmp_path
    header = analysis.report_header_md(bundled)
    assert "2020 회계연도" in header and "2020-09-30 기준" in header and "천원" in header
