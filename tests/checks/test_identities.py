"""The identities as data (sdfkit.checks.identities) and the rule that applies them
(arithmetic.check_identities): a new identity is one declaration."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdfkit.checks.arithmetic import check_identities
from sdfkit.checks.identities import CHANGE, RATES, REMAINING, SUMS, Difference, Ratio
from sdfkit.dictionary import TABLE_COLUMNS
from sdfkit.messages import CATALOGUE
from sdfkit.parse.pipeline import parse_text

MINI = Path(__file__).parents[1] / "fixtures" / "checks" / "mini_report.txt"


def mini():
    return parse_text(MINI.read_text(encoding="utf-8"), Path("mini.txt"))


def test_identities_name_real_columns_and_catalogued_codes():
    for identity in [*CHANGE, *RATES, *REMAINING]:
        assert identity.check in CATALOGUE
        for table in identity.tables:
            columns = TABLE_COLUMNS[table]
            if isinstance(identity, Difference):
                named = [identity.result, identity.left, identity.right]
            else:
                named = [identity.percent, identity.amount, identity.base]
            assert set(named + list(identity.requires)) <= set(columns), identity
    for table, columns in SUMS.items():
        assert set(columns) <= set(TABLE_COLUMNS[table])


def test_a_new_difference_is_one_declaration():
    report = mini()
    # committed − spent on the §Ⅲ tables: a made-up identity, to show the engine.
    made_up = Difference("remaining", ("project_budget",), "expected", "budget", "committed")
    found = list(check_identities(report, [made_up]))
    frame = report.project_budget
    wrong = frame[frame["expected"] != frame["budget"] - frame["committed"]]
    assert [(f.line, f.reported, f.expected) for f in found] == [
        (int(r.line), float(r.expected), float(r.budget - r.committed)) for r in wrong.itertuples()
    ]
    assert all("집행예상액" in f.message for f in found)


def test_a_ratio_is_judged_at_its_printed_precision_and_skips_its_flag():
    report = mini()
    report.revenue_detail = report.revenue_detail.copy()
    first = report.revenue_detail.index[report.revenue_detail["prior_budget"] > 0][0]
    report.revenue_detail.loc[first, "change_pct"] = 99.0
    ratio = next(i for i in CHANGE if isinstance(i, Ratio))
    found = list(check_identities(report, [ratio]))
    assert [(f.check, f.severity, f.reported) for f in found] == [("change_pct", "error", 99.0)]
    # the same row flagged new (순증) is not judged
    report.revenue_detail.loc[first, "is_new"] = True
    assert list(check_identities(report, [ratio])) == []


def test_rows_missing_a_cell_are_not_judged():
    report = mini()
    report.expenditure_detail = report.expenditure_detail.copy()
    report.expenditure_detail.loc[0, "remaining"] = pd.NA
    report.expenditure_detail.loc[1, "remaining"] = 10**6
    found = list(check_identities(report, REMAINING))
    assert [f.line for f in found] == [int(report.expenditure_detail.loc[1, "line"])]
