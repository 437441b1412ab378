"""The rule registry: rules register by theme, run in theme order, and a rule that
fails is reported as a check_failed finding, not raised."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdfkit.checks import registry, run_checks
from sdfkit.checks.registry import THEMES, rule, rules
from sdfkit.checks.rows import row_finding
from sdfkit.parse.pipeline import parse_text

MINI = Path(__file__).parents[1] / "fixtures" / "checks" / "mini_report.txt"


@pytest.fixture
def mini():
    return parse_text(MINI.read_text(encoding="utf-8"), Path("mini.txt"))


@pytest.fixture
def scratch(monkeypatch):
    # Rules registered by a test are dropped after it.
    monkeypatch.setattr(registry, "RULES", dict(registry.RULES))


def test_every_rule_has_a_theme_and_they_run_in_theme_order():
    names = [r.name for r in rules()]
    assert names == [
        "children_sum",
        "change",
        "rate_pct",
        "remaining",
        "section_totals",
        "projects",
        "audit_counts",
        "percent_comma",
        "project_funding",
        "as_of_date",
    ]
    themes = [r.theme for r in rules()]
    assert themes == sorted(themes, key=THEMES.index)
    assert [r.name for r in rules("audit")] == ["audit_counts"]


def test_a_new_rule_is_a_few_lines(scratch, mini):
    @rule("notes")
    def big_budgets(report):
        frame = report.expenditure_detail.reset_index(drop=True)
        for idx in frame.index[frame["budget"] > 800]:
            yield row_finding("big_budget", "expenditure_detail", frame, idx, "info")

    found = run_checks(mini)
    assert [(f.check, f.item, f.line) for f in found] == [("big_budget", "계", 68)]
    # Until the catalogue has its sentences, a plain one (tests/test_messages.py
    # fails for a code in the library without an entry).
    assert (
        found[0].message
        == "§Ⅳ 세출예산 집행현황 68행: 'big_budget' 점검에서 확인할 사항이 있습니다."
    )


def test_a_failing_rule_is_a_finding_and_the_others_still_run(scratch, mini):
    @rule("arithmetic")
    def broken(report):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    found = run_checks(mini)
    assert [(f.check, f.severity) for f in found] == [("check_failed", "error")]
    failed = found[0]
    assert failed.message_en == (
        "The broken check could not run (RuntimeError: boom); its findings are missing."
    )
    assert (
        failed.message
        == "'broken' 점검을 실행하지 못해(RuntimeError: boom) 그 결과가 빠져 있습니다."
    )


def test_a_theme_must_be_known_and_a_name_unique(scratch):
    with pytest.raises(ValueError, match="unknown theme"):
        rule("spelling")
    with pytest.raises(ValueError, match="already registered"):

        @rule("notes", name="children_sum")
        def other(report):
            return []
