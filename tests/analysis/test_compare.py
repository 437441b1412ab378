"""The comparison: rates against the calendar pace per institution, leftovers,
program changes from projects matched across years, audit completion, findings
per report, its charts and the notebook run over a written corpus."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import REPORT_PATH, replace_once, write_variant
from corpus_helpers import next_year, write_corpus_folder

from sdfkit import analysis
from sdfkit.analysis import compare, compare_plots, plotting
from sdfkit.parse.corpus import read_reports


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return read_reports(write_corpus_folder(tmp_path_factory.mktemp("compare")))


def test_to_million_converts_from_each_unit():
    assert compare.to_million(1_234_000, "천원") == 1234.0
    assert compare.to_million(5_000_000, "원") == 5.0
    assert compare.to_million(7, "백만원") == 7.0
    assert math.isnan(compare.to_million(1, "달러")) and math.isnan(compare.to_million(None, "원"))


def test_execution_panel_sums_the_projects_and_compares_with_the_pace(corpus):
    ex = compare.execution_panel(corpus).set_index("report_id")
    for rid, report in corpus.reports.items():
        per_project = analysis.project_execution(report)
        row = ex.loc[rid]
        budget, spent = per_project["budget"].sum(), per_project["spent"].sum()
        assert row["budget_m"] == pytest.approx(compare.to_million(budget, report.meta["unit"]))
        assert row["spent_pct"] == pytest.approx(100 * spent / budget)
        pace = analysis.calendar_pace(report.meta["as_of"], report.meta["fiscal_year"])
        assert row["pace_pct"] == pytest.approx(pace)
        assert row["gap_pp"] == pytest.approx(row["spent_pct"] - pace)
        assert row["behind"] == int((per_project["spent_pct"] < per_project["pace_pct"]).sum())
        expected = per_project["expected"].sum()
        assert row["unspent_expected_pct"] == pytest.approx(100 * (budget - expected) / budget)
    # The next year's copy spends 100,000 천원 less on one project, expects 100,000 less.
    assert ex.at["sdf_2021", "spent_m"] == pytest.approx(ex.at["sdf_2020", "spent_m"] - 100)
    assert ex.at["sdf_2021", "unspent_expected_m"] == pytest.approx(
        ex.at["sdf_2020", "unspent_expected_m"] + 100
    )


def test_leftovers_change_against_the_same_institution_only(corpus):
    left = compare.leftovers(corpus).set_index("report_id")
    assert pd.isna(left.at["sdf_2020", "change_pp"]) and pd.isna(left.at["other_2020", "change_pp"])
    assert left.at["sdf_2021", "change_pp"] == pytest.approx(
        left.at["sdf_2021", "unspent_expected_pct"] - left.at["sdf_2020", "unspent_expected_pct"]
    )
    # The prior year's surplus is read from §Ⅰ's revenue summary (잉여금 line).
    assert left.at["sdf_2020", "carried_over_m"] > 0


def test_budget_by_category_shares_add_up(corpus):
    cats = compare.budget_by_category(corpus)
    assert set(cats["report_id"]) == set(corpus.reports)
    assert (cats.groupby("report_id")["share_pct"].sum() - 100).abs().max() < 0.5


def test_match_titles_exact_alias_similar_and_leftovers():
    before = {
        1: "스마트도시 정책연구",
        2: "도시데이터 교육",
        3: "디지털 국제협력",
        4: "시민 참여 행사",
    }
    after = {
        1: "스마트도시정책연구",
        2: "도시데이터 교육 사업 확대",
        5: "전혀 다른 이름",
        6: "신규 사업",
    }
    pairs = compare.match_titles(before, after, {"디지털국제협력": 5})
    assert (1, 1, "exact", 1.0) in pairs
    assert (3, 5, "alias", 1.0) in pairs
    similar = [p for p in pairs if p[2] == "similar"]
    assert [(a, b) for a, b, _, _ in similar] == [(2, 2)]
    assert (4, None, "ended", 0.0) in pairs and (None, 6, "new", 0.0) in pairs
    # An alias to no project says the program ended; two equal candidates match nothing.
    assert (4, None, "ended", 1.0) in compare.match_titles(before, after, {"시민참여행사": None})
    tie = compare.match_titles({1: "데이터 교육"}, {1: "데이터 교육 가", 2: "데이터 교육 나"})
    assert (1, None, "ended", 0.0) in tie


def test_match_projects_across_years_with_a_scoped_alias(tmp_path):
    text = REPORT_PATH.read_text(encoding="utf-8")
    later = replace_once(next_year(text), "1  스마트도시 정책연구", "1  도시혁신 연구")
    write_variant(tmp_path, text, name="a.txt")
    write_variant(tmp_path, later, name="b.txt")
    corpus = read_reports(tmp_path)
    matches = compare.match_projects(corpus, aliases=tmp_path / "none.csv")
    assert matches["how"].value_counts().to_dict() == {"exact": 12, "ended": 1, "new": 1}
    assert compare.unmatched_projects(matches)["from_title"].dropna().tolist() == [
        "스마트도시 정책연구"
    ]
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "report_id,institution,fiscal_year,name,project_no,note\nb,,,스마트도시 정책연구,1,\n",
        encoding="utf-8",
    )
    settled = compare.match_projects(corpus, aliases=aliases)
    assert settled["how"].value_counts().to_dict() == {"exact": 12, "alias": 1}
    changes = compare.program_changes(settled)
    assert changes[["continued", "new", "ended"]].iloc[0].tolist() == [13, 0, 0]


def test_audit_and_findings_panels(corpus):
    audit = compare.audit_panel(corpus).set_index("report_id")
    for rid, report in corpus.reports.items():
        assert audit.at[rid, "total"] == len(report.audit_items)
    quality = compare.findings_panel(corpus)
    assert (quality[["error", "rounding", "info"]].sum(axis=1) == quality["total"]).all()
    per_report = corpus.findings.dropna(subset=["report_id"])
    assert quality["total"].sum() == len(per_report)


def test_charts_show_the_tables(corpus, tmp_path):
    ex = compare.execution_panel(corpus)
    fig = compare_plots.pace_chart(ex)
    data = plotting.chart_data(fig.axes[0])
    assert data["지출률"] == pytest.approx(ex["spent_pct"].iloc[::-1].tolist())
    audit = compare.audit_panel(corpus)
    assert plotting.chart_data(compare_plots.audit_chart(audit).axes[0])["완료율"] == (
        pytest.approx(audit["rate_pct"].iloc[::-1].tolist())
    )
    quality = compare.findings_panel(corpus)
    stacked = plotting.chart_data(compare_plots.findings_chart(quality).axes[0])
    assert [sum(v) for v in zip(*stacked.values(), strict=True)] == (
        quality["total"].iloc[::-1].astype(float).tolist()
    )
    for fig in (
        compare_plots.behind_chart(ex),
        compare_plots.unspent_chart(ex),
        compare_plots.category_chart(compare.budget_by_category(corpus)),
        compare_plots.leftovers_chart(compare.leftovers(corpus)),
        compare_plots.programs_chart(compare.program_changes(compare.match_projects(corpus))),
        compare_plots.pace_chart(ex.iloc[0:0]),
    ):
        path = plotting.save(fig, tmp_path, plotting.figure_name("compare", "test"))
        assert path.stat().st_size > 1000


def test_the_notebook_runs_over_a_written_corpus(tmp_path):
    import papermill

    from sdfkit import paths
    from sdfkit.publish.corpus import write_corpus

    files = write_corpus_folder(tmp_path / "raw", sisters=False)
    write_corpus(read_reports(files), tmp_path / "out", per_report=False)
    papermill.execute_notebook(
        str(paths.NOTEBOOKS / "compare.ipynb"),
        str(tmp_path / "compare.ipynb"),
        parameters={"corpus": str(tmp_path / "out"), "out": str(tmp_path / "site")},
        progress_bar=False,
        kernel_name="python3",
    )
    figures = sorted(p.name for p in (tmp_path / "site" / "figures").iterdir())
    assert "compare_pace.png" in figures and len(figures) == 8


def test_a_report_in_won_compares_in_millions_too(tmp_path):
    sisters = pytest.importorskip("sisters")
    text = sisters.build(sisters.Variation(fiscal_year=2021, unit_main="원"), 3).text
    corpus = read_reports([write_variant(tmp_path, text, name="won.txt")])
    assert corpus.meta["unit"].tolist() == ["원"]
    ex = compare.execution_panel(corpus)
    budget = corpus.project_budget.groupby("project_no")["budget"].sum().sum()
    assert ex["budget_m"].item() == pytest.approx(budget / 1_000_000)
