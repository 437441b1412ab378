"""How findings name things (sdfkit.wording): particles, amounts, lines, places."""

from __future__ import annotations

import pytest

from sdfkit.wording import amount, column_name, josa, lines_text, percent, place


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("사업비", "은/는", "사업비는"),
        ("집행률", "은/는", "집행률은"),
        ("'추진 중'", "이/가", "'추진 중'이"),
        ("(국비)", "이/가", "(국비)가"),
        ("3.1%", "으로/로", "3.1%로"),
        ("2020-09-30", "으로/로", "2020-09-30으로"),
        ("2020-10-12", "으로/로", "2020-10-12로"),
        ("2020-10-11", "으로/로", "2020-10-11로"),  # 일: ㄹ takes 로
        ("서울", "으로/로", "서울로"),
        ("사업 3", "을/를", "사업 3을"),
        ("사업 2", "을/를", "사업 2를"),
        ("ICT", "과/와", "ICT와"),
    ],
)
def test_josa(word, pair, expected):
    assert josa(word, pair) == expected


def test_amounts_percents_and_lines():
    assert amount(-336578, "ko") == "△336,578천원" and amount(1234, "en") == "1,234"
    assert percent(-21.15, 1) == "△21.2%" and percent(12.5, 0) == "13%"
    assert lines_text([9, 3, None, 5], "ko") == "3~9행"
    assert lines_text([7], "en") == "line 7" and lines_text([], "en") == "no line"


def test_places_and_columns():
    assert place("expenditure_detail", "en", [12], as_of="2020-09-30") == (
        "the §Ⅳ expenditure table (세출예산 집행현황, line 12, as of 2020-09-30)"
    )
    assert place("summary_budget", "ko", [71], side="revenue") == "§Ⅰ 세입 총괄 71행"
    assert place("project_budget", "ko", [5], as_of="2020-09-29") == (
        "§Ⅲ 예산집행 현황 5행(2020-09-29 기준)"
    )
    assert column_name("summary_budget", "actual", "ko", "expenditure") == "집행액"
    assert column_name("project_budget", "spent_pct", "en") == "disbursement rate (지출액 집행률)"
