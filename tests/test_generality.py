"""Edited copies of the bundled report, built here, prove the parser reads what the
text says rather than what this one file said: figures changed, years shifted,
a project's table removed, §Ⅴ removed, other line ends and encodings."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest
from conftest import replace_once, write_variant

from sdfkit.parse.pipeline import read_report
from sdfkit.report import TABLES


def _tables_equal(a, b, ignore=("source_file", "source_sha256")):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=True)
    assert {k: v for k, v in a.meta.items() if k not in ignore} == {
        k: v for k, v in b.meta.items() if k not in ignore
    }


@pytest.mark.parametrize(
    "encoding,newline,bom",
    [
        ("utf-8", "\r\n", True),
        ("utf-8", "\r\n", False),
        ("utf-8", "\n", True),
        ("cp949", "\n", False),
        ("cp949", "\r\n", False),
        ("utf-16", "\n", False),
    ],
)
def test_encodings_and_line_ends_give_identical_tables(
    tmp_path, report_text, bundled, encoding, newline, bom
):
    text, expected = report_text, bundled
    if encoding == "cp949":
        # The same text as UTF-8 is what the cp949 file must read as.
        text = as_cp949_export(text)
        expected = read_report(write_variant(tmp_path, text, name="utf8.txt"))
        assert expected.revenue_detail.equals(bundled.revenue_detail)
    path = write_variant(tmp_path, text, encoding=encoding, newline=newline, bom=bom)
    _tables_equal(read_report(path), expected)


def as_cp949_export(text: str) -> str:
    """cp949 has no code for a few symbols of the UTF-8 original: an older HWP
    export writes the nearest one it has (a middle dot for ‧ ․ ･) and drops the
    private-use heading glyph. So does this copy."""
    out = []
    for ch in text:
        try:
            ch.encode("cp949")
            out.append(ch)
        except UnicodeEncodeError:
            out.append("·" if ch in "‧․･・" else "-" if ch == "◦" else "")
    return "".join(out)


def test_explicit_encoding_and_wrong_encoding(tmp_path, report_text):
    text = as_cp949_export(report_text)
    path = write_variant(tmp_path, text, encoding="cp949")
    assert read_report(path, encoding="cp949").meta["fiscal_year"] == 2020
    from sdfkit.exceptions import ReportReadError

    with pytest.raises(ReportReadError, match=r"variant.txt:\d+: not valid utf-8"):
        read_report(path, encoding="utf-8")


def shift_years(text: str, by: int = 1) -> str:
    """Shift every year in the text (2020, ’20, ‘20) by one, latest first."""

    def four(m):
        return str(int(m[0]) + by)

    def two(m):
        return f"{m[1]}{int(m[2]) + by:02d}"

    text = re.sub(r"(?<![0-9,.])20[0-9]{2}(?![0-9,])", four, text)
    return re.sub(r"([’‘'])([0-9]{2})(?![0-9])", two, text)


def test_years_shifted_by_one(tmp_path, report_text, bundled):
    shifted = read_report(write_variant(tmp_path, shift_years(report_text)))
    assert shifted.meta["fiscal_year"] == 2021
    assert shifted.meta["prior_year"] == 2020
    assert shifted.meta["as_of"] == "2021-09-30"
    assert (shifted.project_budget.as_of - bundled.project_budget.as_of).dt.days.tolist() == [
        365
    ] * 14
    m_new, m_old = shifted.milestones, bundled.milestones
    assert (m_new.end.dt.year - m_old.end.dt.year).dropna().eq(1).all()
    assert (m_new.start.dt.year - m_old.start.dt.year).dropna().eq(1).all()
    # Month-only plans without a year ("~ 12월") take the new fiscal year.
    p9 = m_new[m_new.project_no == 9]
    assert p9.end.tolist() == [pd.Timestamp("2021-12-31")] * 2
    # Figures are untouched.
    pd.testing.assert_frame_equal(shifted.summary_budget, bundled.summary_budget)


def test_figures_changed_are_read_as_printed(tmp_path, report_text, bundled):
    text = replace_once(
        report_text,
        "스마트도시 정책연구 313,200 176,917 176,917 56.5% 56.5% 306,620 97.9%",
        "스마트도시 정책연구 413,200 276,917 176,917 67.0% 42.8% 406,620 98.4%",
    )
    text = replace_once(
        text,
        "디지털 국제협력 120,000 21,886 18.24% 98,114",
        "디지털 국제협력 130,000 21,886 16.84% 108,114",
    )
    edited = read_report(write_variant(tmp_path, text))
    row = edited.project_budget.iloc[0]
    assert (
        row.budget,
        row.committed,
        row.spent,
        row.committed_pct,
        row.spent_pct,
        row.expected,
    ) == (
        413200,
        276917,
        176917,
        67.0,
        42.8,
        406620,
    )
    e = edited.expenditure_detail.set_index("item")
    assert (e.loc["디지털 국제협력", "budget"], e.loc["디지털 국제협력", "remaining"]) == (
        130000,
        108114,
    )
    # The hierarchy still stands: the edited line stays under 사업비 though the sum now misses.
    assert e.loc["디지털 국제협력", "parent"] == "사업비"
    assert e.loc["디지털 국제협력", "project_no"] == 7
    # Everything else is as before.
    pd.testing.assert_frame_equal(edited.audit_items, bundled.audit_items)


def test_a_projects_table_removed(tmp_path, report_text, bundled):
    lines = report_text.split("\n")
    # Drop project 7's table: header, column lines and its row (lines 844-849).
    start = next(i for i, ln in enumerate(lines) if ln.startswith("디지털 국제협력 120,000 86,816"))
    del lines[start - 5 : start + 1]
    edited = read_report(write_variant(tmp_path, "\n".join(lines)))
    assert 7 not in set(edited.project_budget.project_no)
    assert len(edited.project_budget) == len(bundled.project_budget) - 1
    missing = edited.parse_findings.query("check == 'table_missing'")
    assert missing.project_no.tolist() == [7]
    assert "Project 7" in missing.message_en.item()
    assert "사업 7" in missing.message.item()
    assert len(edited.projects) == 13


def _without_audit(text: str) -> str:
    lines = text.split("\n")
    cut = next(i for i, ln in enumerate(lines) if ln.strip() == "Ⅴ")
    return "\n".join(lines[:cut]) + "\n"


def test_section_v_removed_still_parses_the_rest(tmp_path, report_text, bundled):
    edited = read_report(write_variant(tmp_path, _without_audit(report_text)))
    assert edited.audit_items.empty and edited.audit_summary.empty
    assert list(edited.audit_items.columns) == list(bundled.audit_items.columns)
    pd.testing.assert_frame_equal(edited.expenditure_detail, bundled.expenditure_detail)
    missing = edited.parse_findings.query("check == 'section_missing'")
    assert missing.table.tolist() == ["audit_items"]
    assert "Ⅴ" in missing.message_en.item() and "§Ⅴ" in missing.message.item()
    # Only §Ⅴ names the institution in this file: rather than guess, say so.
    assert edited.meta["institution"] is None
    assert "institution" in " ".join(edited.parse_findings.message_en)
    assert "기관명" in " ".join(edited.parse_findings.message)


def test_section_v_removed_cli_exits_0_and_says_so(tmp_path, report_text):
    path = write_variant(tmp_path, _without_audit(report_text))
    proc = subprocess.run(
        [sys.executable, "-m", "sdfkit.cli", "parse", str(path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "§Ⅴ(행정사무감사 처리결과)를 찾지 못해" in proc.stderr
    assert (
        (tmp_path / "out" / "audit_items.csv")
        .read_text(encoding="utf-8-sig")
        .startswith("item_no,")
    )


def test_sections_in_other_order_and_numbering(tmp_path, report_text, bundled):
    # A sister report might number sections differently; kinds come from titles.
    text = report_text.replace("Ⅳ. 2020 세입・세출예산 세부현황", "Ⅵ. 2020 세입・세출예산 세부현황")
    edited = read_report(write_variant(tmp_path, text))
    pd.testing.assert_frame_equal(edited.revenue_detail, bundled.revenue_detail)
