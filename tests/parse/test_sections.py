from __future__ import annotations

import pytest

from sdfkit.parse.sections import find_sections, section_kind
from sdfkit.read.text import split_lines


@pytest.mark.parametrize(
    "title,kind",
    [
        ("일 반 현 황", "general"),
        ("정책목표 및 추진전략", "strategy"),
        ("주 요 업 무 계 획", "projects"),
        ("2021 세입・세출예산 세부현황", "budget"),
        ("2020 행정사무감사 처리결과", "audit"),
        ("참고자료", None),
    ],
)
def test_section_kind_from_title(title, kind):
    assert section_kind(title) == kind


def test_sections_start_at_their_cover_and_end_at_the_next(bundled):
    # From the bundled report's own headings: "Ⅲ" cover at line 169, heading at 175.
    assert bundled.parse_findings.query("check == 'section_missing'").empty


def test_find_sections_by_heading_and_cover():
    lines = split_lines(
        "Ⅰ\n\n일반현황\n\nⅠ. 일 반 현 황\n내용\nⅢ. 주 요 업 무 계 획\n사업\nⅤ. 2019 행정사무감사 처리결과\n"
    )
    sections, notes = find_sections(lines)
    assert [(s.kind, s.start, s.end, s.heading_line) for s in sections] == [
        ("general", 0, 6, 5),
        ("projects", 6, 8, 7),
        ("audit", 8, 10, 9),
    ]
    assert notes == []


def test_duplicate_heading_is_noted_not_doubled():
    lines = split_lines("Ⅰ. 일 반 현 황\na\nⅠ. 일 반 현 황\nb\n")
    sections, notes = find_sections(lines)
    assert len(sections) == 1 and "line 3" in notes[0]


@pytest.mark.parametrize(
    "headings",
    [
        ["Ⅰ 기관 일반현황", "Ⅲ 주요업무 추진계획", "Ⅴ 2023 행정사무감사 처리결과"],
        ["I. 기관현황", "III. 주요 사업 추진계획", "V. 2023 행정사무감사 결과 조치현황"],
        ["제1장 일반현황", "제3장 주요업무", "제5장 2023 행정사무감사 처리결과"],
    ],
)
def test_sections_are_found_by_their_numerals_in_any_punctuation(headings):
    text = "\n".join(f"{h}\n내용" for h in headings) + "\n"
    sections, _notes = find_sections(split_lines(text))
    assert [s.kind for s in sections] == ["general", "projects", "audit"]


def test_an_unknown_title_under_a_cover_page_is_named_by_its_numeral():
    # "Ⅱ 비전체계" uses no title word of the genre; its cover page (the numeral alone)
    # and its place confirm it is §Ⅱ.
    lines = split_lines("Ⅰ. 일반현황\n가\n Ⅱ\n\n비전체계\n\nⅡ 비전체계\n나\nⅡ 참고 없음\n")
    sections, _notes = find_sections(lines)
    assert [(s.kind, s.heading_line) for s in sections] == [("general", 1), ("strategy", 7)]
