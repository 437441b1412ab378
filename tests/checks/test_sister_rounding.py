"""Sister reports (tests/sisters/) whose §Ⅰ and one §Ⅲ table are printed in 백만원 with
honest rounding: figures drawn in 천원, each printed figure rounded on its own, totals
and percents computed from the true figures. Their sums miss by rounding only, which
is no finding; the inconsistencies planted in them are still found.

(tests/test_sisters.py draws ``rounding`` among its random variations too.)"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sisters.generate import PLANT_KINDS, Variation, build

import sdfkit
from sdfkit.checks.rows import parent_index
from sdfkit.checks.units import Units

HONEST = Variation(unit_summary="백만원", unit_project="백만원", rounding=True)
SEEDS = range(6)
# Seeds whose §Ⅲ plant lands on project 2, the §Ⅲ table printed in 백만원 (8, 11), and two
# whose plant lands elsewhere.
PLANT_SEEDS = (0, 1, 8, 11)


def _read(sister, folder: Path):
    path = folder / "sister.txt"
    path.write_text(sister.text, encoding="utf-8")
    return sdfkit.read_report(path)


def _misses(frame: pd.DataFrame, columns: list[str]) -> int:
    """Count the parents whose children do not add up exactly, per column."""
    out = 0
    for _side, group in frame.groupby("side", sort=False):
        group = group.reset_index(drop=True)
        parents = parent_index(group)
        for parent in set(parents) - {None}:
            kids = [k for k, p in enumerate(parents) if p == parent]
            for column in columns:
                out += int(group[column].iloc[kids].sum() != group[column].iat[parent])
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_honest_rounding_in_millions_is_no_finding(tmp_path, seed):
    sister = build(HONEST, seed)
    summary = sister.key["summary_budget"]
    # The answer key holds the rounded figures: some sums miss (what is tested).
    assert _misses(summary, ["budget", "prior_budget", "change", "actual"]) > 0
    report = _read(sister, tmp_path)
    for name, expected in sister.key.items():
        pd.testing.assert_frame_equal(getattr(report, name), expected, check_dtype=True)
    assert set(report.meta["table_units"].values()) == {"백만원"}
    findings = report.findings
    assert findings[findings["severity"] != "info"].empty, findings[["check", "line"]]


@pytest.mark.parametrize("kind", [k for k in PLANT_KINDS if k != "audit_counts"])
def test_planted_inconsistencies_are_found_among_honest_rounding(tmp_path, kind):
    on_project_2 = quoted = 0
    for seed in PLANT_SEEDS:
        sister = build(Variation(**{**vars(HONEST), "plants": (kind,)}), seed)
        (plant,) = sister.planted
        report = _read(sister, tmp_path)
        pd.testing.assert_frame_equal(report.summary_budget, sister.key["summary_budget"])
        findings = report.findings
        bad = findings[findings["severity"] != "info"]
        hit = bad["check"].isin(plant["checks"]) & bad["line"].isin(plant["lines"])
        assert hit.all() and hit.any(), (seed, plant, bad[["check", "line"]])
        # On a row of a table printed in 백만원, the sentences quote its figures so.
        in_millions = bad[bad["line"].isin(Units.of(report).by_line)]
        assert in_millions["message"].str.contains("백만원").all(), in_millions["message"]
        assert in_millions["message_en"].str.contains("million won").all()
        quoted += len(in_millions)
        key = sister.key["project_budget"]
        on_project_2 += bool(set(key.loc[key["project_no"] == 2, "line"]) & set(plant["lines"]))
    if kind in ("project_spent", "project_budget", "rate_pct"):
        assert on_project_2 == 2
    # These plants land on §Ⅰ or project 2's table, both in 백만원, at some seeds.
    if kind in ("section_totals", "project_spent", "project_budget", "rate_pct"):
        assert quoted > 0
