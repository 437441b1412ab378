from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES

from sdfkit.parse.pipeline import parse_text
from sdfkit.parse.tables import (
    find_headers,
    header_kind,
    is_header_word,
    read_rows,
    segment_header,
    split_values,
)
from sdfkit.read.text import split_lines


def test_header_words_and_segmentation():
    assert is_header_word("’20년") and is_header_word("2019") and is_header_word("집행률(%)")
    assert not is_header_word("스마트도시")
    assert segment_header("구분계완료") == ["구분", "계", "완료"]
    assert segment_header("스마트") is None


def test_header_kinds():
    assert header_kind(["구분", "예산현액", "집행액", "집행률", "집행잔액"]) == "expenditure_detail"
    assert header_kind(["사업명", "예산현액", "원인행위", "지출액"]) == "project_budget"
    assert (
        header_kind(["구분", "2020", "예산현액", "2019", "최종예산", "증감", "징수현황"])
        == "revenue_summary"
    )
    assert header_kind(["구분", "계", "완료", "추진", "중"]) == "audit_summary"


def test_split_values_keeps_numbers_in_labels():
    assert split_values("계 11 5 6", None) == ("계", ["11", "5", "6"])
    assert split_values("자치구 스마트도시 컨설팅 200,000 200,000 - 0% 156,200 78%", 6) == (
        "자치구 스마트도시 컨설팅",
        ["200,000", "200,000", "-", "0%", "156,200", "78%"],
    )
    assert split_values("2019 사업 1 2", 1) == ("2019 사업 1", ["2"])


def test_wrapped_label_and_bad_row():
    text = "사업명 예산현액\n집행액\n원인행위 지출액\n스마트도시 서비스\n혁신지원 사업\n\n800,000 609,144 608,666 76.1% 76.0% 800,000 100%\n잘린 행 1,000 2,000\n\uf000 향후계획\n"
    lines = split_lines(text)
    (header,) = find_headers(lines, 0, len(lines))
    assert header.kind == "project_budget" and header.end == 3
    rows, bad, end = read_rows(lines, header.end, len(lines), 7)
    assert [(r.label, r.line, r.label_lines) for r in rows] == [
        ("스마트도시 서비스 혁신지원 사업", 7, [4, 5])
    ]
    assert [(b.line, b.reason) for b in bad] == [(8, "expected 7 values, found 2")]
    assert end == 8


def test_summary_tables_told_apart_by_header_in_any_order():
    text = (FIXTURES / "snippets" / "summary_tables.txt").read_text(encoding="utf-8")
    report = parse_text(text, Path("summary.txt"))
    s = report.summary_budget
    assert s.side.tolist() == ["expenditure"] * 3 + ["revenue"] * 4
    assert s.parent.tolist() == [None, "계", "계", None, "계", "사업수입", "계"]
    assert s.loc[s.item == "경비", "change"].item() == 0  # "-" is nil
    assert report.meta["fiscal_year"] == 2021 and report.meta["prior_year"] == 2020
    assert report.meta["as_of"] == "2021-06-30"


def test_columns_the_contract_lacks_are_set_aside_without_shifting_the_others():
    from sdfkit.parse.tables import read_table_rows

    text = (
        "사업명 예산액 이월액 비고\n"
        "집행액 집행률 연말 집행예상액\n"
        "계약액 지출액 계약액 지출액 예상액 집행률\n"
        "청년 창업 지원 100,000 5,000 80,000 60,000 80.0 60.0 95,000 95.0 계속\n"
    )
    lines = split_lines(text)
    header = find_headers(lines, 0, len(lines))[0]
    assert header.kind == "project_budget" and header.extras == (1,) and header.note
    assert header.width == 8
    rows, bad, _end = read_table_rows(lines, header, len(lines))
    assert bad == []
    assert rows[0].label == "청년 창업 지원"
    assert rows[0].values == ["100,000", "80,000", "60,000", "80.0", "60.0", "95,000", "95.0"]
    assert rows[0].extra == ["5,000", "계속"]


def test_a_tables_unit_is_its_own_unit_line():
    from sdfkit.parse.tables import table_unit, unit_factor

    lines = split_lines("○ 세출 총괄\n(’24.9.30. 기준, 단위 : 백 만 원, %)\n\n구 분 예산현액\n")
    assert table_unit(lines, 3, 0) == ("백만원", 2)
    assert table_unit(lines, 3, 2) == (None, None)
    assert unit_factor("백만원", "천원") == 1000
    assert unit_factor("원", "천원") == 0.001
    assert unit_factor("천원", None) == 1
