"""Tests for sdfkit.report: the Report's face in JupyterLab and its projects."""

from __future__ import annotations

import copy
import re

import pytest

EVIL = "<script>alert(1)</script>"


def test_repr_html_names_the_report_its_tables_and_findings(bundled):
    page = bundled._repr_html_()
    assert (
        "<strong>서울디지털재단</strong> · 2020년 행정사무감사 업무보고 · 기준일 2020-09-30" in page
    )
    rows = dict(re.findall(r"<code>(\w+)</code></td><td>[^<]*</td><td[^>]*>([\d,]+)</td>", page))
    assert rows == {
        "summary_budget": "12",
        "projects": "13",
        "project_budget": "14",
        "revenue_detail": "27",
        "expenditure_detail": "18",
        "milestones": "32",
        "audit_items": "11",
        "audit_summary": "4",
    }
    counts = bundled.findings["severity"].value_counts()
    assert f"오류 {counts['error']}건 · 반올림 차이 {counts['rounding']}건" in page
    assert "DataFrame" not in repr(bundled) and "projects=13" in repr(bundled)


def test_report_text_is_escaped_in_the_repr(bundled):
    evil = copy.copy(bundled)
    evil.meta = {**bundled.meta, "institution": EVIL}
    page = evil._repr_html_()
    assert EVIL not in page and "&lt;script&gt;" in page


def test_project_holds_its_rows_findings_and_metrics(bundled):
    project = bundled.project(3)
    assert project.no == 3 and project.title == "스마트도시 서비스 혁신지원"
    assert project.project_budget["line"].tolist() == [475]
    assert int(project.project_budget["budget"].iloc[0]) == 800_000
    assert set(project.findings["project_no"]) == {3}
    assert len(project.findings) == (bundled.findings["project_no"] == 3).sum()
    page = project._repr_html_()
    assert "<strong>3. 스마트도시 서비스 혁신지원</strong>" in page
    assert "[반올림 차이]" in page


def test_unknown_project_is_a_key_error_naming_the_known_ones(bundled):
    with pytest.raises(KeyError, match="no project 99 in this report"):
        bundled.project(99)
