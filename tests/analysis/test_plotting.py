"""Tests for sdfkit.analysis.plotting: every chart renders Hangul, carries its
as-of date, and shows the tables' figures."""

from __future__ import annotations

import re
import warnings

import pytest
from matplotlib.figure import Figure

from sdfkit import analysis
from sdfkit.analysis import plotting


def _missing_glyphs(fig: Figure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


# --- Charts of the bundled report ------------------------------------------------------


@pytest.fixture(scope="module")
def figures(bundled):
    """Every chart the notebooks draw, for projects 5 (two budget lines) and 8."""
    r = bundled
    ex = analysis.project_execution(r)
    as_of = analysis.as_of_date(r)
    pace = analysis.calendar_pace(as_of, analysis.fiscal_year(r))
    u = analysis.unit(r)
    figs = {}
    for no in (5, 8):
        row = ex[ex["project_no"] == no].iloc[0]
        ov = analysis.project_budget_overview(r, no)
        figs[f"rank{no}"] = plotting.rank_chart(ex, no, pace, as_of)
        figs[f"budget{no}"] = plotting.project_budget_chart(
            ov, row["title"], no, row["pace_pct"], row["as_of"], u
        )
        figs[f"milestones{no}"] = plotting.milestone_chart(
            analysis.project_milestones(r, no), row["title"], no, as_of
        )
    figs["composition"] = plotting.composition_chart(r)
    figs["change"] = plotting.change_chart(r)
    figs["execution"] = plotting.execution_chart(ex, pace, as_of)
    figs["unpaid"] = plotting.unpaid_chart(analysis.committed_unpaid(r), u, as_of)
    figs["programs"] = plotting.programs_chart(analysis.new_and_discontinued(r), u, as_of)
    figs["strategy"] = plotting.strategy_chart(analysis.strategy_budget(r), u, as_of)
    figs["audit_status"] = plotting.audit_status_chart(
        analysis.audit_status_counts(r), analysis.audit_completion(r), as_of
    )
    figs["audit_plans"] = plotting.audit_plan_chart(analysis.open_audit_steps(r), as_of)
    return figs


def test_every_chart_renders_hangul(figures):
    for name, fig in figures.items():
        assert _missing_glyphs(fig) == [], name


def test_every_chart_fits_its_figure(figures, tmp_path):
    # Saved without bbox_inches="tight" (one draw less): the constrained layout
    # must keep every label, title and legend inside the figure, and the PNG is
    # exactly the figure's size.
    from PIL import Image

    from sdfkit.analysis import figures as helpers

    for name, fig in figures.items():
        fig.canvas.draw()
        box = fig.get_tightbbox(fig.canvas.get_renderer())
        width, height = fig.get_size_inches()
        assert box.x0 >= -0.01 and box.y0 >= -0.01, (name, box)
        assert box.x1 <= width + 0.01 and box.y1 <= height + 0.01, (name, box)
        path = helpers.save(fig, tmp_path, f"{name.rstrip('0123456789')}.png")
        with Image.open(path) as png:
            assert png.size == (round(width * helpers.DPI), round(height * helpers.DPI)), name


def test_every_title_carries_the_as_of_date(figures):
    for name, fig in figures.items():
        assert re.search(r"\b20\d\d-\d\d-\d\d 기준", fig.get_suptitle()), name
    # A project's own charts carry its table's date (project 5: ’20. 9. 28.).
    assert "2020-09-28 기준" in figures["budget5"].get_suptitle()
    assert "2020-09-30 기준" in figures["execution"].get_suptitle()


def test_rank_chart_shows_every_spent_rate(figures, bundled):
    ex = analysis.project_execution(bundled)
    shown = plotting.chart_data(figures["rank8"].axes[0])["지출률"]
    assert sorted(shown) == pytest.approx(sorted(ex["spent_pct"]))
    assert shown == sorted(shown)  # highest on top
    assert "13개 사업 중 12위" in figures["rank8"].get_suptitle()


def test_budget_chart_shows_the_table_amounts(figures):
    shown = plotting.chart_data(figures["budget8"].axes[0])["금액"]
    assert shown[::-1] == [1_247_000, 38_152, 38_027, 247_000]
    assert figures["budget8"].axes[0].get_xlabel() == "금액 (백만원)"
    assert "1,000백만원" in figures["budget8"].get_suptitle()  # expected unspent
    assert plotting.chart_data(figures["budget5"].axes[0])["금액"][-1] == 896_000


def test_composition_and_change_add_up(figures, bundled):
    for ax, side in zip(figures["composition"].axes, ["revenue", "expenditure"], strict=True):
        data = plotting.chart_data(ax)
        assert sum(v[1] for v in data.values()) == analysis.summary_total(bundled, side)["budget"]
    change = plotting.chart_data(figures["change"].axes[0])["증감액"]
    assert sum(change) == sum(
        analysis.summary_composition(bundled, s)["change"].sum() for s in ("revenue", "expenditure")
    )


def test_overview_charts_add_up(figures, bundled):
    pb = bundled.project_budget
    unpaid = plotting.chart_data(figures["unpaid"].axes[0])["미지급 원인행위"]
    assert sum(unpaid) == pb["committed"].sum() - pb["spent"].sum()
    strategy = plotting.chart_data(figures["strategy"].axes[0])["예산현액"]
    assert sum(strategy) == pb["budget"].sum()
    programs = plotting.chart_data(figures["programs"].axes[0])["예산"]
    assert len(programs) == 13 and sum(v > 0 for v in programs) == 6
    audit = plotting.chart_data(figures["audit_status"].axes[0])
    assert sum(sum(v) for v in audit.values()) == len(bundled.audit_items)


def test_milestone_chart_draws_every_plan(figures, bundled):
    for no in (5, 8):
        n = int((bundled.milestones["project_no"] == no).sum())
        assert len(plotting.chart_data(figures[f"milestones{no}"].axes[0])["일정"]) == n


def test_untrusted_title_in_chart(bundled):
    import dataclasses

    projects = bundled.projects.copy()
    projects.loc[projects["project_no"] == 8, "title"] = "$\\alpha$ ../../x/<script>"
    report = dataclasses.replace(bundled, projects=projects)
    ex = analysis.project_execution(report)
    fig = plotting.rank_chart(ex, 8, 74.9, analysis.as_of_date(report))
    assert _missing_glyphs(fig) == []
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(r"\$\alpha\$" in label for label in labels)  # shown literally, not as math
