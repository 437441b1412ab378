"""The hierarchy of a budget table printed in a coarser unit (parse/budget.py passes
the table's grain to parse/hierarchy.py): in 백만원, honest rounding makes sums miss
by up to half a million per figure, and the rebuild must still nest the rows as
printed. The tables are the mini report's, rewritten in 백만원 from true figures in
천원: each figure rounded half up on its own, percents from the true figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, replace_once

import sdfkit.parse.budget as budget
from sdfkit.checks import run_checks
from sdfkit.parse.pipeline import parse_text

MINI = FIXTURES / "checks" / "mini_report.txt"

# §Ⅰ's expenditure side in 백만원: 계 9.2 > [인건비 4.2 > (1.4, 1.4, 1.4), 사업비 5.0];
# budget, prior, change, actual of each 1.4 are 1,400 1,100 300 700 (천원), printed
# 1 1 0 1: three identical rows under a total of 4. §Ⅰ's revenue keeps its 천원.
SUMMARY = """○ 세출 총괄
(’20.9.30. 기준, 단위 : 백만원, %)

구 분 2020 예산현액 2019 최종예산 증감액 증감률 집행액 집행률

계 9 8 1 15.0% 5 50.00%

인 건 비 4 3 1 27.3% 2 50.00%

기 본 급 1 1 0 27.3% 1 50.00%

수 당 1 1 0 27.3% 1 50.00%

복 리 후 생 비 1 1 0 27.3% 1 50.00%

사 업 비 5 5 0 6.4% 3 50.00%

○ 세입 총괄
(’20.9.30. 기준, 단위 : 천원, %)
"""
# §Ⅳ's expenditure table in 백만원: 인건비 4.2 (spent 2.1) over three rows of 1.4 (0.7);
# 사업비 5.0 (2.5) over 알파 연구 2.4 (1.0) and 베타 교육 2.6 (1.5).
DETAIL = """ 세출예산 집행현황
(단위 : 백만원, ’20. 9. 30 기준)

구 분 예산현액 집행액 집행률 집행잔액

계 9 5 50.00% 5

인건비 4 2 50.00% 2

기본급 1 1 50.00% 1

수당 1 1 50.00% 1

복리후생비 1 1 50.00% 1

사업비 5 3 50.00% 3

알파 연구 2 1 41.67% 1

베타 교육 3 2 57.69% 1

"""
# The parents the rows are printed with, in both tables.
PARENTS = {
    "계": None,
    "인건비": "계",
    "기본급": "인건비",
    "수당": "인건비",
    "복리후생비": "인건비",
    "사업비": "계",
    "알파 연구": "사업비",
    "베타 교육": "사업비",
}


def _summary_in_millions(mini: str) -> str:
    start, end = mini.index("○ 세출 총괄"), mini.index("○ 세입 총괄\n") + len("○ 세입 총괄\n")
    return mini[:start] + SUMMARY + mini[end:]


def _detail_in_millions(mini: str) -> str:
    block = mini[mini.index(" 세출예산 집행현황") : mini.index("Ⅴ. 2019")]
    return replace_once(mini, block, DETAIL)


@pytest.fixture(scope="module")
def mini() -> str:
    return MINI.read_text(encoding="utf-8")


def _parse(text: str):
    return parse_text(text, Path("mini_variant.txt"))


def _parents(frame: pd.DataFrame) -> dict:
    return {item: (None if pd.isna(p) else p) for item, p in zip(frame["item"], frame["parent"])}


def _taken_as_exact(monkeypatch) -> None:
    # The rebuild as it was before it knew the table's unit.
    rebuild = budget.rebuild_parents
    monkeypatch.setattr(
        budget, "rebuild_parents", lambda v, has_total=True, grain=0: rebuild(v, has_total)
    )


def test_identical_rows_in_a_section_i_table_in_millions_stay_siblings(mini):
    report = _parse(_summary_in_millions(mini))
    assert report.meta["table_units"] == {"6": "백만원"}  # the expenditure side only
    summary = report.summary_budget
    spending = summary[summary["side"] == "expenditure"]
    assert _parents(spending) == {
        k: v for k, v in PARENTS.items() if k not in ("알파 연구", "베타 교육")
    }
    # The revenue side, printed in 천원, is read as it always was.
    original = _parse(mini).summary_budget
    shape = ["item", "parent", "budget"]
    revenue = summary[summary["side"] == "revenue"][shape].reset_index(drop=True)
    before = original[original["side"] == "revenue"][shape].reset_index(drop=True)
    pd.testing.assert_frame_equal(revenue, before)
    # 인건비 prints 4 over 1 + 1 + 1: rounding, no finding.
    lines = set(spending["line"])
    assert not [f for f in run_checks(report) if f.check == "children_sum" and f.line in lines]


def test_section_iv_in_millions_keeps_a_subtotal_its_children_miss_by_rounding(mini):
    report = _parse(_detail_in_millions(mini))
    assert list(report.meta["table_units"].values()) == ["백만원"]
    spending = report.expenditure_detail
    assert _parents(spending) == PARENTS
    assert spending.set_index("item").loc["인건비", "budget"] == 4000
    lines = set(spending["line"])
    assert not [
        f
        for f in run_checks(report)
        if f.line in lines and f.check in ("children_sum", "remaining", "rate_pct")
    ]


def test_taken_as_exact_the_same_tables_nest_wrongly(mini, monkeypatch):
    # What the grain fixes: the 1s chain under each other, and a sum is "wrong".
    _taken_as_exact(monkeypatch)
    summary = _parse(_summary_in_millions(mini)).summary_budget
    spending = summary[summary["side"] == "expenditure"]
    assert _parents(spending)["수당"] == "기본급"
    report = _parse(_detail_in_millions(mini))
    assert _parents(report.expenditure_detail)["복리후생비"] == "수당"
    assert "children_sum" in {f.check for f in run_checks(report)}


def test_tables_in_ten_thousands_of_won_are_converted(mini):
    # Regression: 만원 was not among the units, so a table in 만원 was read as if in
    # the report's 천원, every figure a tenth of its worth, and nothing said so.
    original = _parse(mini)
    summary = mini[mini.index("○ 세출 총괄") : mini.index("Ⅲ. 주 요")]
    in_ten_thousands = summary.replace("단위 : 천원", "단위 : 만원")
    for row in (
        "계 1,000 800 200 25.0% 500",
        "인 건 비 600 500 100 20.0% 300",
        "사 업 비 400 300 100 33.3% 200",
        "계 1,000 800 200 25.0% 900",
        "사 업 수 입 400 300 100 33.3% 400",
        "서 울 시 출 연 금 600 500 100 20.0% 500",
    ):
        words = row.split(" ")
        tenth = [
            f"{int(w.replace(',', '')) // 10:,}" if w[0].isdigit() and "%" not in w else w
            for w in words
        ]
        in_ten_thousands = replace_once(in_ten_thousands, row, " ".join(tenth))
    report = _parse(replace_once(mini, summary, in_ten_thousands))
    # §Ⅰ's two sides (the revenue side under the expenditure side's unit line).
    assert set(report.meta["table_units"].values()) == {"만원"}
    shape = ["side", "item", "parent", "budget", "prior_budget", "change", "actual"]
    pd.testing.assert_frame_equal(report.summary_budget[shape], original.summary_budget[shape])
    assert "unit_converted" in set(report.parse_findings["check"])
    assert not [f for f in run_checks(report) if f.severity == "error"]
