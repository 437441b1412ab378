"""Tests for the rounding tolerance of tables printed in another unit (checks/units.py):
a table printed in 백만원 in a report of 천원 rounds every figure on its own, so its
sums and its agreement with other tables hold only within that rounding. Within it
there is no finding; beyond it, the error is still found.

The variants are the bundled report with §Ⅰ (or one §Ⅲ table) printed in 백만원: each
figure rounded half up on its own, as an institution prints it, the percents left as
printed (they were computed from the true figures)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from conftest import REPORT_PATH, replace_once

from sdfkit.checks import run_checks
from sdfkit.checks.percent import judge_amount, judge_percent, ratio_bounds
from sdfkit.checks.units import Units, line_grains, row_grains, slack, unit_grain
from sdfkit.parse.pipeline import parse_text

UNIT_LINE = "(’20.9.30. 기준, 단위 : 천원, %)"  # §Ⅰ's two unit lines, then §Ⅳ's revenue
# §Ⅰ's rows (lines 71-79 expenditure, 91-103 revenue): as printed → in 백만원.
SUMMARY_IN_MILLIONS = [
    (
        "11,784,559 10,663,778 1,120,781 10.5% 5,283,766 44.84%",
        "11,785 10,664 1,121 10.5% 5,284 44.84%",
    ),
    (
        "2,415,915 1,969,482 446,433 22.7% 1,393,069 57.66%",
        "2,416 1,969 446 22.7% 1,393 57.66%",
    ),
    (
        "1,251,696 1,588,274 △336,578 △21.2% 635,135 50.74%",
        "1,252 1,588 △337 △21.2% 635 50.74%",
    ),
    (
        "7,434,299 6,166,016 1,268,283 20.6% 3,255,563 43.79%",
        "7,434 6,166 1,268 20.6% 3,256 43.79%",
    ),
    ("682,649 940,006 △257,357 △27.4% 0 0.00%", "683 940 △257 △27.4% 0 0.00%"),
    (
        "11,784,559 10,663,778 1,120,781 10.5% 10,252,794 87.00%",
        "11,785 10,664 1,121 10.5% 10,253 87.00%",
    ),
    (
        "5,522,218 6,074,820 △552,602 △9.1% 4,985,543 90.28%",
        "5,522 6,075 △553 △9.1% 4,986 90.28%",
    ),
    ("4,705,818 4,618,920 86,898 1.9% 4,471,401 95.02%", "4,706 4,619 87 1.9% 4,471 95.02%"),
    ("816,400 1,455,900 △639,500 △43.9% 514,141 62.98%", "816 1,456 △640 △43.9% 514 62.98%"),
    (
        "수입 2,248,130 688,278 1,559,852 226.6% 2,248,130 100.00%",
        "수입 2,248 688 1,560 226.6% 2,248 100.00%",
    ),
    (
        "금 2,248,130 688,278 1,559,852 226.6% 2,248,130 100.00%",
        "금 2,248 688 1,560 226.6% 2,248 100.00%",
    ),
    (
        "4,014,211 3,900,680 113,531 2.9% 3,019,122 75.21%",
        "4,014 3,901 114 2.9% 3,019 75.21%",
    ),
]
SUMMARY_LINES = range(50, 110)
# Project 1's §Ⅲ table: its unit line (270) and its one row (277).
PROJECT_UNIT = (270, "※ 예산집행 현황 (단위 : 천원, ‘20. 9. 30. 기준)")
PROJECT_ROW = (277, "스마트도시 정책연구 313,200 176,917 176,917 56.5% 56.5% 306,620 97.9%")


def summary_in_millions(text: str) -> str:
    """The bundled text with §Ⅰ's two tables printed in 백만원."""
    assert text.count(UNIT_LINE) == 3
    text = text.replace(UNIT_LINE, UNIT_LINE.replace("천원", "백만원"), 2)
    for old, new in SUMMARY_IN_MILLIONS:
        text = replace_once(text, old, new)
    return text


def edit_lines(text: str, *edits: tuple[int, str, str]) -> str:
    """Replace whole lines by number; each must read as expected first."""
    lines = text.split("\n")
    for number, old, new in edits:
        assert lines[number - 1] == old, lines[number - 1]
        lines[number - 1] = new
    return "\n".join(lines)


def serious(findings) -> set[tuple[str, str, int]]:
    return {(f.check, f.severity, f.line) for f in findings if f.severity != "info"}


@pytest.fixture(scope="module")
def bundled_text() -> str:
    return REPORT_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bundled_serious(bundled) -> set[tuple[str, str, int]]:
    return serious(run_checks(bundled))


def _parse(text: str):
    return parse_text(text, Path("variant.txt"))


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("unit", "main", "grain"),
    [
        ("백만원", "천원", 1000),
        ("억원", "백만원", 100),
        ("원", "천원", 1),  # rounded to 천원 by the conversion
        ("천원", "천원", 0),  # the main unit: exact
        ("만원", "천원", 10),
        ("달러", "천원", 0),  # a unit the parser does not convert
        ("백만원", None, 0),
    ],
)
def test_unit_grain(unit, main, grain):
    assert unit_grain(unit, main) == grain


def test_main_unit_amounts_stay_exact():
    # No grain: as before, a miss of one unit is a rounding slip, more an error.
    assert judge_amount(0) is None
    assert judge_amount(1, [0, 0, 0]) == "rounding"
    assert judge_amount(-2, [0, 0]) == "error"


def test_a_sum_in_millions_may_miss_by_half_a_million_per_figure():
    # Three children 1.4 + 1.4 + 1.4 printed 1, 1, 1 and their total 4.2 printed 4:
    # 3,000 against 4,000 (천원) is rounding only; four figures allow 2,000.
    grains = [1000] * 4
    assert slack(grains) == 2000
    assert judge_amount(4000 - 3000, grains) is None
    assert judge_amount(2000, grains) is None
    assert judge_amount(-3000, grains) == "error"
    # A 백만원 figure against a 천원 one: half a million either way.
    assert judge_amount(500, [1000, 0]) is None
    assert judge_amount(501, [1000, 0]) == "error"


def test_a_percent_of_rounded_amounts_is_judged_by_every_ratio_they_may_round_from():
    # 경비 of §Ⅰ in 백만원: 635 / 1,252 = 50.719%, printed 50.74% (from 635,135 /
    # 1,251,696 = 50.742%): consistent, since 634.5…635.5 / 1,251.5…1,252.5 spans
    # 50.659%…50.779%. In 천원 the same printed figures are an error, as before.
    lo, hi = ratio_bounds(635_000, 1_252_000, (1000, 1000))
    assert (lo, hi) == (Fraction(100 * 634_500, 1_252_500), Fraction(100 * 635_500, 1_251_500))
    assert judge_percent(50.74, 635_000, 1_252_000, 2, (1000, 1000)) is None
    assert judge_percent(50.74, 635_000, 1_252_000, 2)[0] == "error"
    # Beyond every such ratio: still found (within one unit of the last digit of
    # one of them, a rounding slip: 50% is 0.66 from 50.659%).
    assert judge_percent(50.79, 635_000, 1_252_000, 2, (1000, 1000))[0] == "error"
    assert judge_percent(50, 635_000, 1_252_000, 0, (1000, 1000))[0] == "rounding"
    assert judge_percent(52, 635_000, 1_252_000, 0, (1000, 1000))[0] == "error"
    # A base that may round from nil bounds nothing.
    assert ratio_bounds(1000, 1000, (1000, 2000)) is None


def test_rows_take_the_grain_of_the_table_they_follow(bundled_text):
    report = _parse(summary_in_millions(bundled_text))
    assert report.meta["table_units"] == {"60": "백만원", "81": "백만원"}
    grains = line_grains(report)
    assert sorted(grains) == [71, 73, 75, 77, 79, 91, 93, 95, 97, 99, 101, 103]
    assert set(grains.values()) == {1000}
    # §Ⅳ's tables, printed in 천원, keep no grain: they are checked exactly.
    assert set(row_grains(report, report.expenditure_detail)) == {0}
    # The findings' sentences quote §Ⅰ's rows in 백만원, §Ⅳ's as they always did.
    units = Units.of(report)
    assert units.quote(71) == {"unit": "백만원", "main_unit": "천원"}
    assert units.quote(71, [1294]) == {"unit": "백만원", "other_unit": None, "main_unit": "천원"}
    assert units.quote(1294, [71]) == {"unit": None, "other_unit": "백만원", "main_unit": "천원"}
    assert units.quote(1294) == {} and units.quote(None, []) == {}


# --------------------------------------------------------------------------- the report


def test_section_i_in_millions_rounding_only_is_no_finding(bundled, bundled_text, bundled_serious):
    report = _parse(summary_in_millions(bundled_text))
    summary = report.summary_budget
    # The same rows and hierarchy as printed in 천원.
    shape = ["side", "item", "parent", "line"]
    assert summary[shape].equals(bundled.summary_budget[shape])
    spending = summary[summary["side"] == "expenditure"].set_index("item")
    # The rounded figures do not add up exactly (this is what is tested) ...
    assert spending.loc["계", "prior_budget"] == 10_664_000
    assert spending.loc[["인건비", "경비", "사업비", "예비비"], "prior_budget"].sum() == 10_663_000
    assert spending.loc["인건비", "budget"] - spending.loc["인건비", "prior_budget"] == 447_000
    assert spending.loc["인건비", "change"] == 446_000
    # ... and §Ⅰ against §Ⅳ (천원) misses by up to half a million: no finding, while
    # every finding outside §Ⅰ stays as in the bundled report.
    found = serious(run_checks(report))
    assert {f for f in found if f[2] in SUMMARY_LINES} == set()
    assert found == {f for f in bundled_serious if f[2] not in SUMMARY_LINES}
    note = report.parse_findings.query("check == 'unit_converted'")
    assert note["line"].tolist() == [60, 81]
    assert note["message_en"].str.contains("do not report differences within").all()


def test_section_i_in_millions_five_millions_off_is_an_error(bundled_text):
    # The expenditure total's 집행액 5,284 → 5,289 (its rate 44.88% to match): the
    # children make 1,393 + 635 + 3,256 + 0 = 5,284, and §Ⅳ prints 5,283,766.
    text = replace_once(
        summary_in_millions(bundled_text),
        "11,785 10,664 1,121 10.5% 5,284 44.84%",
        "11,785 10,664 1,121 10.5% 5,289 44.88%",
    )
    found = [f for f in run_checks(_parse(text)) if f.line in SUMMARY_LINES]
    # The numeric columns are in the main unit (천원), as the data dictionary says ...
    assert {(f.check, f.severity, f.line, f.reported, f.expected) for f in found} == {
        ("children_sum", "error", 71, 5_289_000, 5_284_000),
        ("section_totals", "error", 71, 5_289_000, 5_283_766),
    }
    assert all("71" in f.message_en for f in found)
    # ... while the sentences quote the figures a reader sees on the page (5,289 in
    # 백만원), with the stored value alongside.
    sums, totals = sorted(found, key=lambda f: f.check)
    assert sums.message == (
        "§Ⅰ 세출 총괄에서 '계' 아래 4개 행(73~79행)의 집행액 합계는 5,284백만원(5,284,000천원)"
        "이지만, '계'에는 5,289백만원(5,289,000천원)으로 적혀 있습니다(71행)."
    )
    assert sums.message_en == (
        "In the §Ⅰ expenditure summary (세출 총괄), the 4 rows under '계' (lines 73–79) add "
        "up to 5,284 million won (5,284,000 thousand won) in executed amount (집행액), but "
        "'계' prints 5,289 million won (5,289,000 thousand won) (line 71)."
    )
    # §Ⅳ prints 천원: its figure is quoted in 천원, in English with its unit too.
    assert "71행에는 5,289백만원(5,289,000천원), §Ⅳ 세출예산 집행현황" in totals.message
    assert totals.message.endswith("행에는 5,283,766천원으로 서로 다릅니다.")
    assert "prints 5,289 million won (5,289,000 thousand won) as its" in totals.message_en
    assert "but 5,283,766 thousand won in the §Ⅳ" in totals.message_en


def test_identities_in_millions_quote_their_operands_as_printed(bundled_text):
    # 인건비's change printed 440 instead of 446: 2,416 − 1,969 = 447 (백만원).
    text = replace_once(
        summary_in_millions(bundled_text),
        "2,416 1,969 446 22.7% 1,393 57.66%",
        "2,416 1,969 440 22.7% 1,393 57.66%",
    )
    found = {f.check: f for f in run_checks(_parse(text)) if f.line == 73 and f.severity != "info"}
    change = found["change_amount"]
    assert (change.reported, change.expected, change.difference) == (440_000, 447_000, -7_000)
    assert change.message == (
        "§Ⅰ 세출 총괄 73행의 '인건비' 증감액은 440백만원(440,000천원)으로 적혀 있으나, "
        "예산현액 − 전년도 최종예산은 2,416백만원 − 1,969백만원 = 447백만원(447,000천원)입니다."
    )
    assert change.message_en.endswith(
        "= 2,416 million won − 1,969 million won = 447 million won (447,000 thousand won)."
    )
    # A ratio is the same in any unit: its amounts as printed only.
    assert "440백만원 / 1,969백만원 = 22.346%" in found["change_pct"].message
    assert "440 million won / 1,969 million won = 22.346%" in found["change_pct"].message_en


def test_a_section_iii_table_in_millions_is_reconciled_within_its_rounding(
    bundled_text, bundled_serious
):
    # Project 1 in 백만원: 313 / 177 / 177 / 307. §Ⅳ has 313,200 budgeted and
    # 176,786 spent: the 131 thousand won the 천원 table disagrees by (a project_spent
    # error in the bundled report) is below what 백만원 can show.
    text = edit_lines(
        bundled_text,
        (*PROJECT_UNIT, PROJECT_UNIT[1].replace("천원", "백만원")),
        (*PROJECT_ROW, "스마트도시 정책연구 313 177 177 56.5% 56.5% 307 97.9%"),
    )
    report = _parse(text)
    assert list(report.meta["table_units"].values()) == ["백만원"]
    assert ("project_spent", "error", 277) in bundled_serious
    assert serious(run_checks(report)) == bundled_serious - {("project_spent", "error", 277)}
    # 5 백만원 more spent (and its rates to match): the error is found on line 277.
    text = edit_lines(
        text,
        (
            277,
            "스마트도시 정책연구 313 177 177 56.5% 56.5% 307 97.9%",
            "스마트도시 정책연구 313 182 182 58.1% 58.1% 307 97.9%",
        ),
    )
    found = [f for f in run_checks(_parse(text)) if f.line == 277]
    assert [(f.check, f.severity, f.reported, f.expected) for f in found] == [
        ("project_spent", "error", 182_000, 176_786)
    ]
    # §Ⅲ's figure as printed (백만원), §Ⅳ's and the gap between them in 천원.
    (spent,) = found
    assert "277행(2020-09-30 기준)에 182백만원(182,000천원)이지만" in spent.message
    assert "집행액은 176,786천원으로, §Ⅲ 쪽이 5,214천원 더 많습니다." in spent.message
    assert "shows 182 million won (182,000 thousand won) disbursed" in spent.message_en
    assert "but 176,786 thousand won executed" in spent.message_en
    assert "5,214 thousand won more in §Ⅲ" in spent.message_en
