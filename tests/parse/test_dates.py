"""Tests for sdfkit.dates: the date spellings of the reports."""

from __future__ import annotations

import calendar
import random
import time
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdfkit.parse.dates import expand_year, find_as_of, find_years, parse_span

D = date

# (text, default_year, expected (start, end))
SPAN_CASES = [
    ("‘20. 10월~12월", None, (D(2020, 10, 1), D(2020, 12, 31))),
    ("~’20.12월", None, (None, D(2020, 12, 31))),
    ("’21.1월", None, (D(2021, 1, 1), D(2021, 1, 31))),
    ("’20.11월~", None, (D(2020, 11, 1), None)),
    ("~ ‘20. 11월", None, (None, D(2020, 11, 30))),
    ("2020. 10.", None, (D(2020, 10, 1), D(2020, 10, 31))),
    ("2020. 10.~12.", None, (D(2020, 10, 1), D(2020, 12, 31))),
    ("2020. 10.~11.", None, (D(2020, 10, 1), D(2020, 11, 30))),
    ("’20.11~12월", None, (D(2020, 11, 1), D(2020, 12, 31))),
    ("~ 12월", 2020, (None, D(2020, 12, 31))),
    ("~12월", 2020, (None, D(2020, 12, 31))),
    ("11월", 2020, (D(2020, 11, 1), D(2020, 11, 30))),
    ("10~12월", 2020, (D(2020, 10, 1), D(2020, 12, 31))),
    ("’21.1.11~1.14.", None, (D(2021, 1, 11), D(2021, 1, 14))),
    ("’20. 9. 30.", None, (D(2020, 9, 30), D(2020, 9, 30))),
    ("‘20.9.30.", None, (D(2020, 9, 30), D(2020, 9, 30))),
    ("2020. 9. 30.", None, (D(2020, 9, 30), D(2020, 9, 30))),
    ("’20.9.30", None, (D(2020, 9, 30), D(2020, 9, 30))),
    ("(8.31)", 2020, (D(2020, 8, 31), D(2020, 8, 31))),
    ("’20.6.17.", None, (D(2020, 6, 17), D(2020, 6, 17))),
    ("’20.4.~8.", None, (D(2020, 4, 1), D(2020, 8, 31))),
    ("’20.6.~12.", None, (D(2020, 6, 1), D(2020, 12, 31))),
    ("’18. 10.22. ~ 10.31.", None, (D(2018, 10, 22), D(2018, 10, 31))),
    ("’20. 10월", None, (D(2020, 10, 1), D(2020, 10, 31))),
    ("’20.10월", None, (D(2020, 10, 1), D(2020, 10, 31))),
    # February of a leap year, and of a common year.
    ("’20.2월", None, (D(2020, 2, 1), D(2020, 2, 29))),
    ("’21.2월", None, (D(2021, 2, 1), D(2021, 2, 28))),
    # Surrounded by other text.
    ("○ 도시데이터 수집 : ‘20. 9월~11월", None, (D(2020, 9, 1), D(2020, 11, 30))),
    (
        "○ 연구보고서 최종 완성 및 인쇄・배포 : ‘20. 10월~12월",
        None,
        (D(2020, 10, 1), D(2020, 12, 31)),
    ),
    (
        "－ AI 기반 하수관로 결함탐지 알고리즘 개발 연구(’20.4.~8., 물재생계획과)",
        None,
        (D(2020, 4, 1), D(2020, 8, 31)),
    ),
    ("○ 2020 서울빅데이터포럼 개최 : 12월", 2020, (D(2020, 12, 1), D(2020, 12, 31))),
    ("(과업기간) 9.21~12.7, 약 2.5개월", 2020, (D(2020, 9, 21), D(2020, 12, 7))),
    ("(8.3.~8.31, 101명)", 2020, (D(2020, 8, 3), D(2020, 8, 31))),
    ("(~9.9.)", 2020, (None, D(2020, 9, 9))),
    ("적용(4월~)", 2020, (D(2020, 4, 1), None)),
    # The second part inherits year and month; weekdays in brackets are skipped.
    ("’20.9.22(화)~23(수)/서울시청사", None, (D(2020, 9, 22), D(2020, 9, 23))),
    ("’21.1.11.(월)∼14(목) 4일간", None, (D(2021, 1, 11), D(2021, 1, 14))),
    ("’20.9.22.~30.", None, (D(2020, 9, 22), D(2020, 9, 30))),
    # A range that crosses the year end without writing the new year.
    ("’20.12월~1월", None, (D(2020, 12, 1), D(2021, 1, 31))),
    # Years alone cover the whole year.
    ("2017~2019 서울 리빙랩", None, (D(2017, 1, 1), D(2019, 12, 31))),
    ("참가(’20)", None, (D(2020, 1, 1), D(2020, 12, 31))),
    ("2020년 10월 22일", None, (D(2020, 10, 22), D(2020, 10, 22))),
    # Every quote mark, dot and tilde spelling.
    ("’20.9.30.", None, (D(2020, 9, 30),) * 2),
    ("‘20.9.30.", None, (D(2020, 9, 30),) * 2),
    ("'20.9.30.", None, (D(2020, 9, 30),) * 2),
    ("`20.9.30.", None, (D(2020, 9, 30),) * 2),
    ("´20.9.30.", None, (D(2020, 9, 30),) * 2),
    ("’20․9․30․", None, (D(2020, 9, 30),) * 2),
    ("’20‧9‧30‧", None, (D(2020, 9, 30),) * 2),
    ("’20·9·30·", None, (D(2020, 9, 30),) * 2),
    ("’20･9･30･", None, (D(2020, 9, 30),) * 2),
    ("’20・9・30・", None, (D(2020, 9, 30),) * 2),
    ("’20.10월∼12월", None, (D(2020, 10, 1), D(2020, 12, 31))),
    ("’20.10월〜12월", None, (D(2020, 10, 1), D(2020, 12, 31))),
    ("’20.10월～12월", None, (D(2020, 10, 1), D(2020, 12, 31))),
    ("’20.10월‐12월", None, (D(2020, 10, 1), D(2020, 12, 31))),
    ("２０２０. １０.", None, (D(2020, 10, 1), D(2020, 10, 31))),
]


@pytest.mark.parametrize(("text", "default_year", "expected"), SPAN_CASES)
def test_parse_span(text: str, default_year: int | None, expected: tuple) -> None:
    assert parse_span(text, default_year) == expected


NO_DATE_CASES = [
    ("’20.13월", None),  # month 13
    ("’20.2.30.", None),  # 30 February
    ("’21.2.29.", None),  # not a leap year
    ("13월", 2020),
    ("’20.0월", None),
    ("’20.9.0.", None),
    ("~ 12월", None),  # no year and no default
    ("11월", None),
    ("(8.31)", None),
    ("", 2020),
    ("   ", 2020),
    ("기준 없음", 2020),
    ("1~4회차 제작 및 배포", 2020),  # counts, not months
    ("약 2.5개월", 2020),  # a duration
    ("진척률 6.7%", 2020),  # a percent
    ("12.3.4%", 2020),
    ("1,234,567", 2020),
    ("(60백만원∼82.5백만원)", 2020),
    ("~", 2020),
    ("’", 2020),
    ("2020", None),  # a lone 4-digit number may be an amount
]


@pytest.mark.parametrize(("text", "default_year"), NO_DATE_CASES)
def test_parse_span_no_date(text: str, default_year: int | None) -> None:
    assert parse_span(text, default_year) == (None, None)


def test_default_year_is_not_used_when_the_text_has_one() -> None:
    assert parse_span("’21.1월", 2020) == (D(2021, 1, 1), D(2021, 1, 31))
    assert parse_span("~’20.12월", 1999) == (None, D(2020, 12, 31))


def test_default_year_comes_from_the_caller() -> None:
    assert parse_span("~ 12월", 2031) == (None, D(2031, 12, 31))
    assert parse_span("(8.31)", 2019) == (D(2019, 8, 31), D(2019, 8, 31))


@pytest.mark.parametrize(
    ("token", "year"),
    [
        ("'20", 2020),
        ("’20", 2020),
        ("‘20", 2020),
        ("20", 2020),
        ("2020", 2020),
        ("’19년", 2019),
        ("1999", 1999),
        ("’05", 2005),
        ("`21", 2021),
    ],
)
def test_expand_year(token: str, year: int) -> None:
    assert expand_year(token) == year


@pytest.mark.parametrize("token", ["", "abc", "2", "202", "’2020x", "20201"])
def test_expand_year_rejects(token: str) -> None:
    with pytest.raises(ValueError):
        expand_year(token)


AS_OF_CASES = [
    ("(’20.9.30. 기준, 단위 : 천원, %)", None, D(2020, 9, 30)),
    ("※ 예산집행 현황 (단위 : 천원, ‘20. 9. 30. 기준)", None, D(2020, 9, 30)),
    ("(단위: 천 원, 2020. 9. 30. 기준)", None, D(2020, 9, 30)),
    ("(단위 : 천원, ’20. 9. 30 기준)", None, D(2020, 9, 30)),
    ("※ 예산집행 현황 (단위 : 천원, ’20. 9. 29. 기준)", None, D(2020, 9, 29)),
    ("(단위 : 천원, ‘20. 10. 12. 기준)", None, D(2020, 10, 12)),
    (" 세입예산   (’20.9.30. 기준, 단위 : 천원, %)", None, D(2020, 9, 30)),
    ("(’20. 9. 30. 기준)", None, D(2020, 9, 30)),
    ("(’20.9.30.기준)", None, D(2020, 9, 30)),
    ("(’20.9.30.(수) 기준)", None, D(2020, 9, 30)),
    ("○ 서울 데이터 서포터즈 활동 현황(215명, 9.28 기준)", 2020, D(2020, 9, 28)),
    ("o (조회수) 15,018회(10.12 기준)", 2020, D(2020, 10, 12)),
]


@pytest.mark.parametrize(("text", "default_year", "expected"), AS_OF_CASES)
def test_find_as_of(text: str, default_year: int | None, expected: date) -> None:
    assert find_as_of(text, default_year) == expected


@pytest.mark.parametrize(
    ("text", "default_year"),
    [
        ("(215명, 9.28 기준)", None),  # no year anywhere
        ("전체 데이터 수집 기준 수집목표 30만건", 2020),  # 기준 without a date
        ("(단위 : 천원, %)", 2020),  # no 기준
        ("(’20. 9월 기준)", None),  # not day-precise
        ("(’20.9.30. 현재)", None),
        ("(’20.2.30. 기준)", None),  # impossible day
        ("기준", 2020),
        ("", 2020),
    ],
)
def test_find_as_of_none(text: str, default_year: int | None) -> None:
    assert find_as_of(text, default_year) is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("’19년 사업결과 평가 및 ’20년 사업방향 자문", [2019, 2020]),
        ("※ (’19) 서면평가 → (’20) 투자사의 기업 피칭", [2019, 2020]),
        ("‘19년", [2019]),
        ("2017~2019 서울 리빙랩 프로젝트", [2017, 2019]),
        ("- 자료 제출 완료 (2019.11.6)", [2019]),
        ("(단위: 천 원, 2020. 9. 30. 기준)", [2020]),
        ("(’20.9.30. 기준, 단위 : 천원, %)", [2020]),
        ("’20년 ’20년", [2020, 2020]),
        ("3,900개 사, 17만명, 2,020,000원, 12020, 1.2020", []),
        ("집행률 56.5%", []),
        ("", []),
    ],
)
def test_find_years(text: str, years: list[int]) -> None:
    assert find_years(text) == years


# --- Properties ----------------------------------------------------------------


def _check_span(span: object) -> None:
    assert isinstance(span, tuple) and len(span) == 2
    start, end = span
    assert start is None or isinstance(start, date)
    assert end is None or isinstance(end, date)
    if start is not None and end is not None:
        assert start <= end


@given(st.text(), st.one_of(st.none(), st.integers()))
def test_parse_span_never_raises(text: str, default_year: int | None) -> None:
    _check_span(parse_span(text, default_year))


# Text made mostly of the characters dates are written with, so the parser's
# paths are actually exercised.
_DATE_ALPHABET = "0123456789 .․·~∼'’‘`´()년월일화수기준%,가-"


@given(
    st.text(alphabet=_DATE_ALPHABET, max_size=40),
    st.one_of(st.none(), st.integers(min_value=1, max_value=9999)),
)
@settings(max_examples=500)
def test_parse_span_never_raises_on_date_like_text(text: str, default_year: int | None) -> None:
    _check_span(parse_span(text, default_year))
    as_of = find_as_of(text, default_year)
    assert as_of is None or isinstance(as_of, date)
    assert all(isinstance(y, int) for y in find_years(text))


@given(st.text(), st.one_of(st.none(), st.integers()))
def test_find_as_of_and_find_years_never_raise(text: str, default_year: int | None) -> None:
    as_of = find_as_of(text, default_year)
    assert as_of is None or isinstance(as_of, date)
    assert all(isinstance(y, int) for y in find_years(text))


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)),
    st.sampled_from("’‘'"),
    st.sampled_from([".", ". ", "․", "·"]),
)
def test_day_round_trip(day: date, quote: str, dot: str) -> None:
    text = f"{quote}{day.year % 100:02d}{dot}{day.month}{dot}{day.day}{dot}"
    assert parse_span(text) == (day, day)
    assert find_as_of(f"(단위 : 천원, {text} 기준)") == day
    assert find_years(text) == [day.year]


@given(st.integers(min_value=1900, max_value=2099), st.integers(1, 12), st.integers(1, 12))
def test_month_range_round_trip(year: int, m1: int, m2: int) -> None:
    m1, m2 = min(m1, m2), max(m1, m2)
    start, end = parse_span(f"{year}. {m1}.~{m2}.")
    assert start == D(year, m1, 1)
    assert end == D(year, m2, calendar.monthrange(year, m2)[1])


def _random_text(seed: int, size: int) -> str:
    rng = random.Random(seed)
    pieces = list("0123456789 .․·~∼'’‘()년월일기준%,") + ["’20.", "9.30", "~", "  ", "가", "\u3000"]
    return "".join(rng.choice(pieces) for _ in range(size))[:size]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_long_garbage_is_fast(seed: int) -> None:
    text = _random_text(seed, 100_000)
    began = time.perf_counter()
    _check_span(parse_span(text, 2020))
    find_as_of(text, 2020)
    find_years(text)
    assert time.perf_counter() - began < 5.0


@pytest.mark.parametrize(
    "text",
    [
        "1" * 100_000,
        "." * 100_000,
        " " * 100_000,
        "~" * 100_000,
        "’" * 100_000,
        "1." * 50_000,
        "1,000" * 20_000,
        "’20." * 25_000,
        "기준" * 50_000,
    ],
)
def test_long_repetitive_input_is_fast(text: str) -> None:
    began = time.perf_counter()
    _check_span(parse_span(text, 2020))
    find_as_of(text, 2020)
    find_years(text)
    assert time.perf_counter() - began < 5.0
