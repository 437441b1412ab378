"""Tests for sdfkit.analysis.milestones: plans judged at an as-of date."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from sdfkit.analysis import milestones


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
    assert milestones.milestone_status(start, end, date(2020, 9, 30)) == status


def test_project_milestones(bundled):
    ms = milestones.project_milestones(bundled, 5).set_index("text")
    assert ms.loc["도시데이터 수집", "status"] == "in_progress"  # ’20. 9월~11월
    assert ms.loc["수집 데이터 개방", "status"] == "upcoming"  # ’20. 12월
    assert ms.loc["도시데이터 수집", "status_label"] == "진행 중"
    # Judged at a later date, the September–November plan is past due.
    later = milestones.project_milestones(bundled, 5, as_of="2020-12-15").set_index("text")
    assert later.loc["도시데이터 수집", "status"] == "past_due"
