"""Tests for sdfkit.analysis.metrics: calendar pace, rates, the per-project
execution table, ranks and the whole-report sums, against the printed report."""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import pandas as pd
import pytest

from sdfkit.analysis import metrics


def test_calendar_pace_leap_year():
    # 2020-09-30 is day 274 of a 366-day year.
    assert metrics.calendar_pace(date(2020, 9, 30), 2020) == pytest.approx(100 * 274 / 366)
    assert round(metrics.calendar_pace("2020-09-30", 2020), 1) == 74.9


def test_calendar_pace_common_year_and_bounds():
    assert metrics.calendar_pace(pd.Timestamp("2019-09-30"), 2019) == pytest.approx(100 * 273 / 365)
    assert metrics.calendar_pace(date(2020, 1, 1), 2020) == pytest.approx(100 / 366)
    assert metrics.calendar_pace(date(2020, 12, 31), 2020) == 100.0
    assert metrics.calendar_pace(date(2019, 12, 31), 2020) == 0.0  # before the year
    assert metrics.calendar_pace(date(2021, 1, 12), 2020) == 100.0  # after it
    assert metrics.calendar_pace(date(2021, 1, 12)) == pytest.approx(100 * 12 / 365)
    assert math.isnan(metrics.calendar_pace(None, 2020))


def test_rate_and_expected_unspent():
    assert metrics.rate(38_027, 1_247_000) == pytest.approx(3.0495, abs=1e-4)
    assert math.isnan(metrics.rate(1, 0))
    assert math.isnan(metrics.rate(pd.NA, 10))
    assert metrics.expected_unspent(1_247_000, 247_000) == 1_000_000
    assert metrics.expected_unspent(100, 120) == -20  # more expected than budgeted
    assert metrics.expected_unspent(pd.NA, 1) is pd.NA


@pytest.fixture(scope="module")
def execution(bundled):
    return metrics.project_execution(bundled)


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
    assert metrics.project_rank(execution, 3) == (1, 13)  # 76.1%, the highest
    assert metrics.project_rank(execution, 8) == (12, 13)
    assert metrics.project_rank(execution, 12) == (13, 13)  # nothing spent
    assert _row(execution, 8)["spent_rank"] == 12


def test_project_rank_ties_and_missing():
    frame = pd.DataFrame({"project_no": [1, 2, 3, 4], "spent_pct": [50.0, 80.0, 50.0, None]})
    assert metrics.project_rank(frame, 2) == (1, 3)
    assert metrics.project_rank(frame, 1) == (2, 3)
    assert metrics.project_rank(frame, 3) == (2, 3)
    with pytest.raises(ValueError):
        metrics.project_rank(frame, 4)


def test_budget_overview_project_8(bundled):
    ov = metrics.project_budget_overview(bundled, 8).set_index("measure")
    assert ov.loc["예산현액", "amount"] == 1_247_000
    assert ov.loc["지출액", "amount"] == 38_027
    assert ov.loc["연말 집행예상액", "amount"] == 247_000
    assert ov.loc["연말 예상 미집행액", "amount"] == 1_000_000
    assert ov.loc["연말 집행예상액", "rate_pct"] == pytest.approx(19.81, abs=0.01)
    assert ov.loc["지출액", "vs_pace_pp"] == pytest.approx(3.0495 - 74.8634, abs=1e-3)


def test_strategy_budget_adds_up(bundled):
    strategies = metrics.strategy_budget(bundled)
    assert strategies["strategy_no"].tolist() == [1, 2, 3]
    assert strategies["budget"].sum() == bundled.project_budget["budget"].sum()
    assert strategies["projects"].sum() == len(bundled.projects)
    assert strategies["share_pct"].sum() == pytest.approx(100)


def test_summary_composition(bundled):
    exp = metrics.summary_composition(bundled, "expenditure")
    assert exp["item"].tolist() == ["인건비", "경비", "사업비", "예비비"]
    assert exp["budget"].sum() == 11_784_559  # 세출 총괄 계
    assert exp["share_pct"].sum() == pytest.approx(100)
    rev = metrics.summary_composition(bundled, "revenue")
    assert rev["item"].tolist() == ["사업수입", "잉여금(이월금)수입", "서울시출연금"]


def test_committed_unpaid(bundled):
    unpaid = metrics.committed_unpaid(bundled)
    assert unpaid.iloc[0]["project_no"] == 5  # 880,900 committed, 93,533 paid
    assert unpaid.iloc[0]["unpaid"] == 787_367
    pb = bundled.project_budget
    assert unpaid["unpaid"].sum() == pb["committed"].sum() - pb["spent"].sum()


def test_project_metrics_is_the_execution_row(bundled, execution):
    m = metrics.project_metrics(bundled, 8)
    assert list(m) == metrics.EXECUTION_COLUMNS
    row = _row(execution, 8)
    assert (m["budget"], m["spent"], m["unspent_expected"]) == (1_247_000, 38_027, 1_000_000)
    assert type(m["budget"]) is int and m["as_of"] == date(2020, 9, 30)
    assert m["gap_pp"] == pytest.approx(row["gap_pp"])
    with pytest.raises(ValueError):
        metrics.project_metrics(bundled, 99)


def test_report_project_shows_the_metrics(bundled):
    # Importing sdfkit.analysis registered project_metrics behind Report.project.
    report = dataclasses.replace(bundled, _findings=bundled.parse_findings.iloc[0:0])
    assert report.project(8).metrics == metrics.project_metrics(bundled, 8)


def test_summary_gap_and_changes(bundled):
    assert metrics.summary_gap(bundled, "expenditure") == 0
    changes = metrics.summary_changes(bundled)
    assert changes["side"].tolist()[:3] == ["revenue"] * 3
    assert changes["change"].sum() == sum(
        metrics.summary_composition(bundled, s)["change"].sum() for s in ("revenue", "expenditure")
    )
