"""Tests for sdfkit.analysis.revenue: revenue lines against the prior year."""

from __future__ import annotations

import pandas as pd
import pytest

from sdfkit.analysis import revenue


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
    assert revenue.change_kind(budget, prior, is_new) == kind


def test_project_revenue(bundled):
    # Project 11 is funded by two new lines: 108,000 (own) and 816,400 (국비).
    rev = revenue.project_revenue(bundled, 11)
    assert sorted(rev["budget"]) == [108_000, 816_400]
    assert set(rev["change_kind"]) == {"new"}
    rev8 = revenue.project_revenue(bundled, 8)
    assert rev8["change_kind"].tolist() == ["cut"]  # 432,000 against 626,000
    assert revenue.project_revenue(bundled, 12).empty  # no revenue line of its own


def test_new_and_discontinued(bundled):
    programs = revenue.new_and_discontinued(bundled)
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
    kept = revenue.leaves(frame, categories=["계", "사 업 수 입"])
    assert kept["item"].tolist() == ["A 사업", "B 사업"]
    frame["parent"] = [None, "계", "사업수입", "사업수입"]
    assert revenue.leaves(frame)["item"].tolist() == ["A 사업", "B 사업"]
