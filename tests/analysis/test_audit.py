"""Tests for sdfkit.analysis.audit: the recount, completion and open demands' steps."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from sdfkit.analysis import audit


def test_audit_counts_and_completion(bundled):
    counts = audit.audit_status_counts(bundled)
    total = counts.iloc[0]
    assert (total["total"], total["done"], total["in_progress"]) == (11, 5, 6)
    assert counts["total"].iloc[1:].sum() == 11
    completion = audit.audit_completion(bundled)
    assert (completion["done"], completion["total"]) == (5, 11)
    assert completion["rate_pct"] == pytest.approx(100 * 5 / 11)
    assert completion["reported_done"] == 5 and completion["reported_total"] == 11


def test_audit_summary_check_finds_mismatch(bundled):
    assert audit.audit_summary_check(bundled)["match"].all()
    summary = bundled.audit_summary.copy()
    summary.loc[summary["category"].str.startswith("건의"), "done"] = 1
    tampered = dataclasses.replace(bundled, audit_summary=summary)
    check = audit.audit_summary_check(tampered)
    bad = check[~check["match"]]
    assert len(bad) == 1
    assert bad.iloc[0]["status"] == "완료"
    assert (bad.iloc[0]["reported"], bad.iloc[0]["recounted"]) == (1, 0)


def test_plan_steps_dates():
    steps = audit.plan_steps("◦ 어디나 지원단 활동 : ’20. 10월~12월 - 결과 보고 : 12월", 2020)
    assert [s["step"] for s in steps] == ["어디나 지원단 활동 : ’20. 10월~12월", "결과 보고 : 12월"]
    assert (steps[0]["start"], steps[0]["end"]) == (date(2020, 10, 1), date(2020, 12, 31))
    assert (steps[1]["start"], steps[1]["end"]) == (date(2020, 12, 1), date(2020, 12, 31))
    assert audit.plan_steps(None) == []


def test_open_audit_steps(bundled):
    steps = audit.open_audit_steps(bundled)
    open_items = audit.open_audit_items(bundled)
    assert set(steps["item_no"]) <= set(open_items["item_no"])
    assert (open_items["status"] != "완료").all() and len(open_items) == 6
    first = steps[(steps["item_no"] == 1) & (steps["kind"] == "향후계획")].iloc[0]
    assert (first["start"], first["end"]) == (
        pd.Timestamp("2020-10-01"),
        pd.Timestamp("2020-12-31"),
    )
