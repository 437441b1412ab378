"""Nothing silently lost: every number standing in a table ends up in a cell or in a
finding (sdfkit.parse.coverage.number_coverage)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import replace_once

from sdfkit.parse.coverage import COVERAGE_COLUMNS, number_coverage
from sdfkit.parse.pipeline import parse_text


def test_every_number_of_the_bundled_reports_tables_is_in_a_cell(bundled, report_text):
    numbers, ratio = number_coverage(bundled, report_text)
    assert ratio == 1.0
    assert list(numbers.columns) == COVERAGE_COLUMNS
    assert numbers["in_cell"].all() and not numbers["in_finding"].any()
    assert set(numbers["table"]) == {
        "expenditure_summary",
        "revenue_summary",
        "project_budget",
        "expenditure_detail",
        "audit_summary",
    }
    assert len(numbers) > 400
    # line 75: 경 비 1,251,696 1,588,274 △336,578 △21.2% 635,135 50.74%
    assert numbers.loc[numbers["line"] == 75, "token"].tolist() == [
        "1,251,696",
        "1,588,274",
        "△336,578",
        "△21.2%",
        "635,135",
        "50.74%",
    ]


@pytest.mark.parametrize(
    "line_text,damaged",
    [
        # §Ⅰ expenditure summary, line 75: a letter typed into a figure.
        ("경 비 1,251,696 1,588,274 △336,578 △21.2% 635,135 50.74%", "635,1x5"),
        # §Ⅲ project 1's budget table, line 276: a figure cut in two.
        ("스마트도시 정책연구 313,200 176,917 176,917 56.5% 56.5% 306,620 97.9%", "176, 917"),
        # §Ⅳ revenue detail, line 1237: a value lost.
        ("스마트도시 정책연구 313,200 530,000 △216,800 △41% 247,440 79%", "△41%"),
    ],
)
def test_a_damaged_table_line_drops_out_of_the_cells_only_with_a_finding(
    tmp_path, report_text, line_text, damaged
):
    token = {"635,1x5": "635,135", "176, 917": "176,917", "△41%": "△41%"}[damaged]
    new_line = line_text.replace(token, damaged if damaged != "△41%" else "", 1)
    text = replace_once(report_text, line_text + "\n", new_line + "\n")
    line_no = report_text[: report_text.index(line_text + "\n")].count("\n") + 1
    report = parse_text(text, tmp_path / "damaged.txt")
    numbers, ratio = number_coverage(report, text)
    lost = numbers[~numbers["in_cell"]]
    # The numbers of that line, and only those, are out of the cells ...
    assert not lost.empty and set(lost["line"]) == {line_no}
    # ... and a finding names the line, so coverage stays whole.
    assert lost["in_finding"].all() and ratio == 1.0
    pf = report.parse_findings
    assert line_no in pf.loc[pf["check"] == "row_unreadable", "line"].tolist()
    # Without the finding, the loss would show.
    silent = replace(report, parse_findings=pf[pf["line"] != line_no])
    assert number_coverage(silent, text)[1] < 1.0


def test_an_audit_summary_row_lost_leaves_its_table_unplaced_with_findings(tmp_path, report_text):
    # Line 1364 "건 의 사 항 1 1" with a count that is no count: the row is reported,
    # and without it the other rows' counts cannot be placed in their status
    # columns, which a finding on the table says.
    text = replace_once(report_text, "건 의 사 항 1 1\n", "건 의 사 항 1 1%\n")
    report = parse_text(text, tmp_path / "damaged.txt")
    numbers, ratio = number_coverage(report, text)
    lost = numbers[~numbers["in_cell"]]
    assert 1364 in set(lost["line"]) and lost["in_finding"].all() and ratio == 1.0
    checks = set(report.parse_findings["check"])
    assert {"row_unreadable", "summary_cells_ambiguous"} <= checks


def test_numbers_of_a_table_in_another_unit_are_covered_in_the_main_unit(tmp_path):
    from sisters.generate import Variation, build

    sister = build(Variation(unit_summary="백만원", unit_project="원"), 2)
    path = tmp_path / "s.txt"
    path.write_text(sister.text, encoding="utf-8")
    report = sdfkit_read(path)
    numbers, ratio = number_coverage(report, sister.text)
    assert ratio == 1.0 and numbers["in_cell"].all()
    assert report.meta["unit"] == "천원"
    assert set(report.meta["table_units"].values()) == {"백만원", "원"}
    converted = report.parse_findings.query("check == 'unit_converted'")
    assert len(converted) == 3  # §Ⅰ's two tables and one §Ⅲ table


def test_a_lost_line_is_an_error_named_by_its_line(tmp_path, report_text):
    # A row whose label is a figure-free dash run reads as prose; its numbers would
    # vanish. The coverage check names the line.
    text = replace_once(
        report_text,
        "디지털 국제협력 120,000 21,886 18.24% 98,114",
        "디지털 국제협력 120,000 21,886 18.24% 98,114 1,234",
    )
    report = parse_text(text, tmp_path / "r.txt")
    numbers, ratio = number_coverage(report, text)
    assert ratio == 1.0
    named = report.parse_findings.query("line == 1334")
    assert not named.empty and set(named["severity"]) == {"error"}
    assert report.meta["coverage"]["numbers"] == len(numbers)


def sdfkit_read(path):
    import sdfkit

    return sdfkit.read_report(path)
