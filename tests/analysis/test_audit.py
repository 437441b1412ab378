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


# --- A status word the parser did not recognise -------------------------------------------

ITEM_2_STATUS = "좀 더 노력해야 할 것임\n\n(서울디지털재단)\n\n□ 추진상황 : 추진 중"


@pytest.fixture(scope="module")
def unrecognised_path(report_text, tmp_path_factory):
    """The bundled report with demand 2's status printed 보류 (no status word)."""
    from conftest import replace_once, write_variant

    text = replace_once(report_text, ITEM_2_STATUS, ITEM_2_STATUS.replace("추진 중", "보류"))
    return write_variant(tmp_path_factory.mktemp("unrecognised"), text)


@pytest.fixture(scope="module")
def unrecognised(unrecognised_path):
    from sdfkit import read_report

    return read_report(unrecognised_path)


def test_an_unrecognised_status_is_counted_apart_never_as_done(unrecognised):
    from sdfkit.analysis import headlines, narrative

    counts = audit.audit_status_counts(unrecognised)
    total = counts.iloc[0]
    # Demand 2 was 추진 중: 11 demands, 5 done, 5 in progress, 1 not recognised.
    assert (total["total"], total["done"], total["in_progress"], total["unrecognised"]) == (
        11,
        5,
        5,
        1,
    )
    assert counts["unrecognised"].iloc[1:].sum() == 1
    completion = audit.audit_completion(unrecognised)
    assert (completion["done"], completion["total"], completion["unrecognised"]) == (5, 11, 1)
    assert "추진상황 미확인 1건(완료로 세지 않음)" in narrative.audit_completion_md(completion)
    assert headlines.audit_status_headline(completion).endswith(", 추진상황 미확인 1건")
    items = audit.open_audit_items(unrecognised)
    item = items[items["item_no"] == 2].iloc[0]
    assert "추진상황: 미확인('보류')" in narrative.audit_item_md(item)


def test_the_status_chart_shows_the_unrecognised_demand(unrecognised, bundled):
    from sdfkit.analysis import plotting

    def drawn(report):
        counts = audit.audit_status_counts(report)
        fig = plotting.audit_status_chart(counts, audit.audit_completion(report), None)
        return plotting.chart_data(fig.axes[0])

    data = drawn(unrecognised)
    assert sum(sum(v) for v in data.values()) == len(unrecognised.audit_items) == 11
    assert sum(data["추진상황 미확인"]) == 1
    assert "추진상황 미확인" not in drawn(bundled)  # only when there is one


def test_regression_the_audit_notebook_runs_with_an_unrecognised_status(
    unrecognised_path, tmp_path
):
    # Its self-check (the bars add up to the demands) failed: the chart drew the
    # four statuses only, so a demand of no recognised status was missing.
    import papermill

    from sdfkit import paths

    out = tmp_path / "out"
    nb = papermill.execute_notebook(
        str(paths.NOTEBOOKS / "audit.ipynb"),
        str(tmp_path / "audit.ipynb"),
        parameters={"report": str(unrecognised_path), "out": str(out)},
        kernel_name="python3",
        progress_bar=False,
    )
    shown = "".join(
        o.get("data", {}).get("text/markdown", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    assert "'보류'" in shown and "추진상황 미확인 1건" in shown
