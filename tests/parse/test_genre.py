"""The genre vocabulary: numerals in any spelling, table kinds by their columns'
synonyms, not by one institution's wording."""

from __future__ import annotations

import pytest

from sdfkit.parse.genre import (
    COLUMN_SYNONYMS,
    HEADER_WORDS,
    NUMBERING,
    SECTION_HEADING,
    numeral_value,
    table_kind,
)


@pytest.mark.parametrize("numeral,value", [("Ⅲ", 3), ("III", 3), ("IV", 4), ("제5장", 5), ("x", 0)])
def test_numeral_value_reads_every_spelling(numeral, value):
    assert numeral_value(numeral) == value


@pytest.mark.parametrize(
    "line,title",
    [
        ("Ⅰ. 일 반 현 황", "일 반 현 황"),
        ("Ⅰ 기관 일반현황", "기관 일반현황"),
        ("Ⅰ.일반현황", "일반현황"),
        ("I. 기관현황", "기관현황"),
        ("IV. 2024 세입·세출 예산현황", "2024 세입·세출 예산현황"),
        ("제3장 주요업무 추진계획", "주요업무 추진계획"),
    ],
)
def test_section_heading_in_any_punctuation(line, title):
    m = SECTION_HEADING.match(line)
    assert m and m["title"] == title


@pytest.mark.parametrize("line", ["Ⅰ", "In 2020 the plan", "1. 일반현황", "IT 서비스 현황"])
def test_what_is_no_section_heading(line):
    assert SECTION_HEADING.match(line) is None


@pytest.mark.parametrize(
    "words,kind",
    [
        (["사업명", "예산현액", "원인행위", "지출액"], "project_budget"),
        (["사업명", "예산액", "계약액", "지출액", "이월액"], "project_budget"),
        (["사업명", "현액", "집행(원인)", "지출", "률"], "project_budget"),
        (["구분", "예산현액", "집행액", "집행률", "집행잔액"], "expenditure_detail"),
        (["구분", "현액", "집행액", "률", "잔액"], "expenditure_detail"),
        (["구분", "2024", "예산액", "최종예산", "증감", "징수현황"], "revenue_summary"),
        (["구분", "2024", "예산현액", "최종예산", "증감", "집행현황"], "expenditure_summary"),
        (["구분", "계", "완료", "추진", "중", "미반영"], "audit_summary"),
        (["구분", "모집", "비고"], None),
    ],
)
def test_table_kind_by_the_columns_it_names(words, kind):
    assert table_kind(words) == kind


def test_every_synonym_is_a_header_word():
    for words in COLUMN_SYNONYMS.values():
        assert set(words) <= HEADER_WORDS


@pytest.mark.parametrize(
    "scheme,line,number",
    [
        ("plain", "3  청년 창업 지원", "3"),
        ("dot", "3. 청년 창업 지원", "3"),
        ("dash", "2-1 청년 창업 지원", "1"),
        ("paren", "(3) 청년 창업 지원", "3"),
        ("circled", "③ 청년 창업 지원", "③"),
        ("hangul", "다. 청년 창업 지원", "다"),
    ],
)
def test_numbering_schemes(scheme, line, number):
    m = NUMBERING[scheme].match(line)
    assert m and m["no"] == number and m["title"] == "청년 창업 지원"
