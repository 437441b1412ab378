"""Tests for sdfkit.analysis.narrative: the Korean sentences carry the figures,
the right particles, and escape report text."""

from __future__ import annotations

import dataclasses

from sdfkit.analysis import narrative


def test_summary_text_project_8_values(bundled):
    text = narrative.project_summary_text(bundled, 8)
    assert text.startswith("**8. 기술기업 해외진출 지원**")
    for figure in ["1,247,000천원", "38,027천원", "38,152천원", "247,000천원", "1,000,000천원"]:
        assert figure in text
    assert "74.9%" in text  # calendar pace at ’20. 9. 30.
    assert "13개 사업 중 12위" in text
    assert "뒤처져" in text
    assert "1,000,000천원(80.2%)이" in text  # particle after 원: 이, not 가


def test_summary_text_fully_spent_project(bundled):
    # Project 3 expects to execute its whole budget (800,000) by year end.
    text = narrative.project_summary_text(bundled, 3)
    assert "800,000천원" in text and "모두 집행할 전망" in text
    assert "앞서" in text  # 76.1% spent against a 74.9% pace


def test_summary_and_profile_escape_untrusted_title(bundled):
    evil = "../../x/<script>alert(1)</script>"
    projects = bundled.projects.copy()
    projects.loc[projects["project_no"] == 8, "title"] = evil
    projects.loc[projects["project_no"] == 8, "goal"] = "*굵게* [링크](http://x) $x$"
    report = dataclasses.replace(bundled, projects=projects, _findings=bundled.findings)
    for text in (
        narrative.project_summary_text(report, 8),
        narrative.project_profile_md(report, 8),
    ):
        assert "<script>" not in text
        assert "&lt;script&gt;" in text
    profile = narrative.project_profile_md(report, 8)
    assert r"\*굵게\*" in profile and r"\[링크\]\(http://x\)" in profile and r"\$x\$" in profile


def test_audit_item_md_escapes(bundled):
    item = bundled.audit_items.iloc[0].copy()
    item["demand"] = "<img src=x onerror=alert(1)> **굵게**"
    text = narrative.audit_item_md(item)
    assert "<img" not in text and "&lt;img" in text and r"\*\*굵게\*\*" in text


def test_report_header(bundled):
    header = narrative.report_header_md(bundled)
    assert "2020 회계연도" in header and "2020-09-30 기준" in header and "천원" in header


def test_pace_and_rank_sentences(bundled):
    from sdfkit.analysis.metrics import project_execution

    ex = project_execution(bundled)
    row = ex[ex["project_no"] == 8].iloc[0]
    assert narrative.pace_md(row) == "달력 진도: 2020-09-30 기준 **74.9%**"
    assert narrative.rank_md(ex, 8) == "지출률 3.0%: 13개 사업 중 12위"


def test_audit_sentences(bundled):
    from sdfkit.analysis.audit import audit_completion, audit_summary_check

    line = narrative.audit_completion_md(audit_completion(bundled))
    assert line == "완료율: 항목 재집계 5/11건 = **45.5%** · 보고서 총괄표 5/11건 = 45.5%"
    check = audit_summary_check(bundled)
    assert narrative.mismatch_md(check) == f"어긋난 칸: **0개** (전체 {len(check)}칸)"
    assert narrative.bullet_md(["<b>", "a*b"]) == "- &lt;b&gt;\n- a\\*b"


def test_summary_gap_sentence(bundled):
    text = narrative.summary_gap_md(bundled, "expenditure")
    assert text == "세출: 항목 합 11,784,559천원, 인쇄된 총계와 차이 0천원."


def test_josa():
    assert narrative.josa("천원", "을", "를") == "을"
    assert narrative.josa("달러", "을", "를") == "를"
    assert narrative.josa("USD", "이", "가") == "이(가)"
