"""Tests for sdfkit.analysis.display: escaping, number formats, labels, tables."""

from __future__ import annotations

import pandas as pd
import pytest

from sdfkit.analysis import display


def test_escape_md_script_title():
    out = display.escape_md("../../x/<script>alert(1)</script>")
    assert out == r"\.\./\.\./x/&lt;script&gt;alert\(1\)&lt;/script&gt;"
    assert "<" not in out and ">" not in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*a* _b_ `c`", r"\*a\* \_b\_ \`c\`"),
        ("# 제목\n- 항목", r"\# 제목 \- 항목"),  # one line: no heading, no list
        ("[x](javascript:alert(1))", r"\[x\]\(javascript:alert\(1\)\)"),
        ("$1,000$", r"\$1,000\$"),  # no MathJax
        ("a & b &lt;", "a &amp; b &amp;lt;"),
        ("a|b", r"a\|b"),
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
        (12, "12"),
    ],
)
def test_escape_md(text, expected):
    assert display.escape_md(text) == expected


def test_formatters():
    assert display.fmt_amount(1_247_000) == "1,247,000"
    assert display.fmt_amount(-336_578) == "-336,578"
    assert display.fmt_amount(pd.NA) == "-"
    assert display.fmt_pct(74.863) == "74.9%"
    assert display.fmt_pp(-71.8139) == "-71.8%p"
    assert display.fmt_number(76.0833) == "76.083"
    assert display.fmt_number(3.1) == "3.1"
    assert display.fmt_number(1_247_000) == "1,247,000"


def test_styled_escapes_and_separates_thousands():
    frame = pd.DataFrame(
        {"title": ["<script>alert(1)</script>"], "budget": [1_247_000], "spent_pct": [3.0495]}
    )
    html = display.styled(frame).to_html()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "1,247,000" in html and "3.0" in html
    assert "사업명" in html and "예산현액" in html


def test_display_unit():
    assert display.display_unit("천원", [1_247_000]) == ("백만원", 1000.0)
    assert display.display_unit("천 원", [1_247_000]) == ("백만원", 1000.0)
    assert display.display_unit("천원", [9_000]) == ("천원", 1.0)  # 9백만원: stays in 천원
    assert display.display_unit("원", [5_000_000_000]) == ("백만원", 1_000_000.0)
    assert display.display_unit("백만원", [12_000]) == ("백만원", 1.0)
    assert display.display_unit("달러", [1e9]) == ("달러", 1.0)  # unknown: as printed
    assert display.fmt_scaled(1_247_000, 1000) == "1,247"
    assert display.fmt_scaled(125, 1000) == "0.1"
    assert display.fmt_scaled(0, 1000) == "0"


def test_labels_come_from_the_dictionary_and_the_derived_list():
    from sdfkit.dictionary import labels

    for column, title in labels().items():
        assert display.COLUMN_LABELS[column] == display.DERIVED_LABELS.get(column, title)
    assert not set(display.DERIVED_LABELS) & set(labels())  # each declared once
    assert display.COLUMN_LABELS["pace_pct"] == "달력 진도(%)"


def test_styled_shows_codes_by_their_korean_label():
    frame = pd.DataFrame({"change_kind": ["new", "cut"], "severity": ["error", "info"]})
    html = display.styled(frame).to_html()
    assert "신규" in html and "감액" in html and "오류" in html and "참고" in html
    assert ">new<" not in html


def test_clip_and_project_label():
    assert display.clip("  가나\n다라마바사 ", 5) == "가나 다…"
    assert display.project_label(8, "기술기업 해외진출 지원", 6) == "8. 기술기업 …"
    assert display.as_of_text(None) == "기준일 미상"
    assert display.as_of_text("2020-09-30") == "2020-09-30 기준"


def test_unlisted_float_columns_get_separators_not_six_decimals():
    # Regression: the comparison's 백만원 sums showed as 7974.299000.
    frame = pd.DataFrame({"budget_mn": [7974.299, 12.0], "ratio": [0.5, float("nan")]})
    html = display.styled(frame).to_html()
    assert ">7,974.3<" in html and ">12<" in html and ">-<" in html
    assert "7974.299000" not in html
