"""One test per bug found by the fuzzer (tests/test_fuzz.py) or by timing large and
hostile inputs: each a small snippet that reproduced it.

The hang tests bound time generously: the fixed code takes well under a second on
these inputs, the quadratic one took minutes.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import REPORT_PATH

from sdfkit.exceptions import ReportReadError
from sdfkit.parse.coverage import number_coverage
from sdfkit.parse.linking import bigram_similarity
from sdfkit.parse.pipeline import parse_text
from sdfkit.parse.sections import find_sections
from sdfkit.parse.tables import segment_header
from sdfkit.read.text import decode, name_key, split_lines

PATH = Path("snippet.txt")
# §Ⅳ's expenditure table, small: the total and two children.
DETAIL = """Ⅳ. 2020 세입・세출예산 세부현황
 세출예산 집행현황
구 분 예산현액 집행액 집행률 집행잔액
계 3,000 1,000 33.33% 2,000
인건비 2,000 500 25.00% 1,500
경비 1,000 500 50.00% 500
"""
HANG_S = 10


def _unread(report, check: str = "row_unreadable") -> list[int]:
    pf = report.parse_findings
    return pf.loc[pf["check"] == check, "line"].tolist()


def _parse(text: str):
    report = parse_text(text, PATH)
    _numbers, ratio = number_coverage(report, text)
    assert ratio == 1.0  # whatever was not read is named in a finding
    return report


def test_a_row_cut_short_is_reported_not_taken_into_the_next_rows_label():
    # "계 11,784,559 5," (a row cut in the middle) has no values at its end, so it was
    # taken as the first line of a wrapped label: the next row became
    # "계 11,784,559 5, 인건비" and the total's figures vanished without a finding.
    report = _parse(DETAIL.replace("계 3,000 1,000 33.33% 2,000", "계 3,000 1,000 3,"))
    assert report.expenditure_detail["item"].tolist() == ["인건비", "경비"]
    assert _unread(report) == [4]


def test_a_row_with_more_values_than_the_table_is_reported():
    # The extra value used to be read into the label ("계 3,000"), the row kept.
    report = _parse(DETAIL.replace("계 3,000 1,000", "계 3,000 3,000 1,000"))
    assert report.expenditure_detail["item"].tolist() == ["인건비", "경비"]
    assert _unread(report) == [4]


def test_an_amount_too_large_for_the_tables_is_reported_not_a_crash():
    # A 25-digit amount overflowed pandas' Int64 column: TypeError, not a finding.
    report = _parse(DETAIL.replace("경비 1,000", "경비 " + "9" * 25))
    assert report.expenditure_detail["item"].tolist() == ["계", "인건비"]
    assert _unread(report) == [6]


def test_an_amount_with_a_leading_zero_is_not_read_as_another_figure():
    # "01,784,559" (a digit typed over) was read as 1,784,559: a figure the line
    # does not print.
    report = _parse(DETAIL.replace("계 3,000", "계 03,000"))
    assert "계" not in report.expenditure_detail["item"].tolist()
    assert _unread(report) == [4]


def test_counts_too_large_for_the_audit_summary_are_reported():
    text = """Ⅴ. 2019 행정사무감사 처리결과
구 분 계 완 료 추진 중 검토 중 미반영
계 3 1 2
건 의 사 항 {huge} 1
기타(자료제출 등) 2 2
"""
    report = _parse(text.format(huge="9" * 30))
    assert report.audit_summary["category"].tolist() == ["계", "기타(자료제출 등)"]
    assert 4 in _unread(report)


def test_a_table_header_moved_into_another_section_is_reported():
    # The audit summary's header swapped into §Ⅰ: the rows under it were in no
    # reader's table, and nothing said so.
    text = (
        """Ⅰ. 일반현황
구 분 계 완 료 추진 중 검토 중 미반영
계 11,784,559 10,663,778 1,120,781 10.5% 5,283,766 44.84%
"""
        + DETAIL
    )
    report = _parse(text)
    assert _unread(report, "table_unread") == [2]


def test_coverage_reads_a_project_table_up_to_its_project_only():
    # A line with a number moved under the next project's heading: the parser reads
    # a project's table within its project, but coverage searched on to the end of
    # §Ⅲ and counted the number as lost. (A bug of the coverage check.)
    text = REPORT_PATH.read_text(encoding="utf-8").split("\n")
    heading = text.index("3  스마트도시 서비스 혁신지원")
    text[heading + 1] = "2020"
    report = parse_text("\n".join(text), PATH)
    assert number_coverage(report, "\n".join(text))[1] == 1.0


def test_a_decoding_error_names_the_line_in_a_file_with_cr_line_ends():
    # Only LF bytes were counted, so every error of a CR-ended file was on line 1.
    data = "가\r나\r".encode() + b"\xff\xfe\x80\r"
    with pytest.raises(ReportReadError) as err:
        decode(data, "cr.txt")
    assert str(err.value).startswith("cr.txt:3: ")
    utf16 = "가\n나\n".encode("utf-16-le") + b"\x00\xd8"
    with pytest.raises(ReportReadError) as err:
        decode(utf16, "u16.txt", "utf-16-le")
    assert str(err.value).startswith("u16.txt:3: ")


def _timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def test_a_long_run_of_header_words_is_segmented_in_linear_time():
    # segment_header copied the words found so far at every letter: quadratic.
    words, took = _timed(segment_header, "계" * 100_000)
    assert words == ["계"] * 100_000 and took < HANG_S


def test_a_long_run_of_hangul_does_not_stall_the_search_for_the_institution():
    # [가-힣]{2,}(재단|…) was retried from every letter of a run without a suffix.
    report, took = _timed(parse_text, "Ⅰ. 일반현황\n" + "가" * 100_000 + "\n", PATH)
    assert report.meta["institution"] is None and took < HANG_S


def test_a_long_run_of_open_parentheses_in_a_name_is_keyed_in_linear_time():
    # \([^)]*\) rescanned the rest of the name from every "(".
    key, took = _timed(name_key, "사업(" * 50_000)
    assert key == "사업" * 50_000 and took < HANG_S


def test_similarity_of_two_long_names_is_linear():
    # Bigrams in common were found by removing them from a list: quadratic.
    score, took = _timed(bigram_similarity, "가나" * 50_000, "나가" * 50_000)
    assert score > 0.99 and took < HANG_S


def test_a_repeated_report_ends_the_last_section_where_the_copy_starts():
    # A second "Ⅰ. 일반현황" inside §Ⅴ was ignored and §Ⅴ ran on to the end of the
    # file: a report repeated 1,000 times had one §Ⅴ of 999 copies (and a
    # quadratic pass over its demands).
    text = "Ⅰ. 일반현황\na\nⅤ. 2019 행정사무감사 처리결과\nb\nⅠ. 일반현황\nc\n"
    sections, notes = find_sections(split_lines(text))
    assert [(s.kind, s.start, s.end) for s in sections] == [("general", 0, 2), ("audit", 2, 4)]
    assert "line 5" in notes[0] and "not read" in notes[0]


def test_a_section_heading_repeated_as_a_page_header_does_not_end_it():
    text = "Ⅴ. 2019 행정사무감사 처리결과\nb\nⅤ. 2019 행정사무감사 처리결과\nc\n"
    sections, notes = find_sections(split_lines(text))
    assert [(s.kind, s.start, s.end) for s in sections] == [("audit", 0, 5)]
    assert "not read" not in notes[0]


def test_coverage_of_a_line_with_a_number_of_hundreds_of_digits():
    # A run of 310 "1"s in a table line: the parser reported the row, but the
    # coverage check turned the number into a float and raised OverflowError.
    text = DETAIL.replace("경비 1,000", "경비 " + "1" * 310)
    report = parse_text(text, PATH)
    numbers, ratio = number_coverage(report, text)
    assert ratio == 1.0 and numbers["value"].max() == float("inf")


# §Ⅰ in 천원 (the main unit: two tables) and §Ⅳ's expenditure table in 백만원. The true
# figures (천원) are §Ⅰ's: 1,400 + 2,400 + 3,400 = 7,200 budgeted. Printed in 백만원 one
# by one they read 1 + 2 + 3 against a total of 7, and 1,000 against §Ⅰ's 1,400.
IN_MILLIONS = """Ⅰ. 일반현황
○ 세출 총괄
(’20.9.30. 기준, 단위 : 천원, %)
구 분 2020 예산현액 2019 최종예산 증감액 증감률 집행액 집행률
계 7,200 6,000 1,200 20.0% 3,600 50.00%
인건비 1,400 1,000 400 40.0% 700 50.00%
경비 2,400 2,000 400 20.0% 1,200 50.00%
사업비 3,400 3,000 400 13.3% 1,700 50.00%
○ 세입 총괄
구 분 2020 예산현액 2019 최종예산 증감액 증감률 징수액 징수율
계 7,200 6,000 1,200 20.0% 7,200 100.00%
서울시출연금 7,200 6,000 1,200 20.0% 7,200 100.00%
Ⅳ. 2020 세입・세출예산 세부현황
 세출예산 집행현황
(단위 : 백만원, ’20. 9. 30 기준)
구 분 예산현액 집행액 집행률 집행잔액
계 7 4 50.00% 4
인건비 1 1 50.00% 1
경비 2 1 50.00% 1
사업비 3 2 50.00% 2
"""


def _checked(text: str) -> set[tuple]:
    from sdfkit.checks import run_checks

    report = _parse(text)
    assert report.meta["table_units"] == {"16": "백만원"}
    return {(f.check, f.severity, f.line, f.reported, f.expected) for f in run_checks(report)}


def test_a_table_in_millions_that_misses_by_rounding_only_is_no_error():
    # The checks compared the converted figures at the main unit's precision: 7,000
    # against 1,000 + 2,000 + 3,000, §Ⅳ's 1,000 against §Ⅰ's 1,400, 0 against a
    # printed balance of 1,000: errors (children_sum, section_totals, remaining),
    # all of them only the rounding of figures printed in 백만원.
    assert _checked(IN_MILLIONS) == set()


def test_a_table_in_millions_off_by_more_than_its_rounding_is_an_error():
    # 계's 집행잔액 printed 9 (백만원) where its rows make 4 and 7 − 4 = 3.
    text = IN_MILLIONS.replace("계 7 4 50.00% 4", "계 7 4 50.00% 9")
    assert _checked(text) == {
        ("children_sum", "error", 17, 9000, 4000),
        ("remaining", "error", 17, 9000, 3000),
    }


# §Ⅴ with one demand whose status word is in no synonym list; the summary counts it
# under 검토 중 (where another demand stands, so its cells are placed without doubt).
UNKNOWN_STATUS = """Ⅴ. 2019 행정사무감사 처리결과
구 분 계 완 료 추진 중 검토 중 미반영
계 3 1 2
건 의 사 항 3 1 2

건 의 사 항

○첫째 요구를 처리하기 바람
□ 추진상황 : 완료
□ 추진내용
◦ 처리함
○둘째 요구를 처리하기 바람
□ 추진상황 : {status}
□ 추진내용
◦ 관계 부서와 협의함
○셋째 요구를 처리하기 바람
□ 추진상황 : 검토 중
"""


def test_an_unknown_status_word_is_an_error_on_its_own_line():
    # 보류 was only an info note whose Korean sentence did not name the word, while
    # the summary's 검토 중 cells it left uncounted were errors (audit_counts) on the
    # summary's lines: the one cause was reported as two errors in the wrong place.
    from sdfkit.checks import check

    report = _parse(UNKNOWN_STATUS.format(status="보류"))
    assert report.audit_items["status"].tolist() == ["완료", None, "검토 중"]
    assert report.audit_items["actions"].tolist() == ["◦ 처리함", "◦ 관계 부서와 협의함", None]
    assert report.audit_summary["under_review"].tolist() == [2, 2]
    findings = check(report)
    findings = findings[findings["table"].isin(["audit_items", "audit_summary"])]
    errors = findings[findings["severity"] == "error"]
    assert errors[["check", "line", "item"]].values.tolist() == [["status_unknown", 13, "보류"]]
    assert "'보류'" in errors["message"].iat[0] and "13행" in errors["message"].iat[0]
    notes = findings[findings["check"] == "audit_counts"]
    assert notes[["severity", "line"]].values.tolist() == [["info", 3], ["info", 4]]


def test_a_negated_status_is_not_read_as_done():
    # 미완료 (not done) holds 완료 and was read as done.
    report = _parse(UNKNOWN_STATUS.format(status="미완료"))
    assert report.audit_items["status"].tolist() == ["완료", None, "검토 중"]
    assert _unread(report, "status_unknown") == [13]
