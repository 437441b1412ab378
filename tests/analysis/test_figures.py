"""Tests for sdfkit.analysis.figures: Hangul renders with the bundled font, labels
are shown literally, and figures are written only under safe names."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sdfkit.analysis import figures
from sdfkit.exceptions import OutputError

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # it imports distutils
    import koreanize_matplotlib
HANGUL = "세입·세출 예산 집행률 (단위: 천원) — 디지털 격차해소"


def _missing_glyphs(fig: Figure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def _hangul_figure(**text_kw) -> Figure:
    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.bar(["예산현액", "지출액"], [3, 1])
    ax.set_title(HANGUL, **text_kw)
    ax.set_xlabel("사업명", **text_kw)
    return fig


def test_hangul_renders_without_missing_glyphs():
    figures.setup()
    fig = _hangul_figure()
    assert _missing_glyphs(fig) == []


def test_missing_glyph_check_can_fail():
    # The check above is meaningful: matplotlib's default font has no Hangul.
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = _hangul_figure()
        assert _missing_glyphs(fig)


def test_font_in_use_is_the_bundled_one():
    used = figures.setup()
    package = Path(koreanize_matplotlib.__file__).resolve().parent
    assert package.name == "koreanize_matplotlib"
    assert "site-packages" in package.parts
    assert used.resolve().parent.parent == package
    fig = _hangul_figure()
    fig.canvas.draw()
    title = fig.axes[0].title
    path = Path(font_manager.findfont(title.get_fontproperties())).resolve()
    assert package in path.parents
    assert path.name == "NanumGothic.ttf"
    assert figures.font_path().resolve() == path


def test_plain_escapes_mathtext():
    assert figures.plain("$1,000$ 예산") == r"\$1,000\$ 예산"
    assert figures.plain("가나다라마바사", 4) == "가나다…"
    assert figures.plain(None) == ""


def test_figure_name_is_made_of_numbers_and_fixed_words():
    assert figures.figure_name("project", 3, "rank") == "project_03_rank.png"
    assert figures.figure_name("project", 13, "milestones") == "project_13_milestones.png"
    assert figures.figure_name("overview", "composition") == "overview_composition.png"
    for bad in ("../../x", "<script>alert(1)</script>", "기술기업", "Rank", "", True, -1, 1.5):
        with pytest.raises(ValueError):
            figures.figure_name("project", bad)


def test_save_writes_png_inside_out_only(tmp_path):
    figures.setup()
    fig = _hangul_figure()
    path = figures.save(fig, tmp_path, figures.figure_name("overview", "composition"))
    assert path == (tmp_path / "figures" / "overview_composition.png").resolve()
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(path.parent.glob(".*.tmp"))  # no temporary file left behind
    for bad in ("../escape.png", "../../x/<script>alert(1)</script>.png", ".hidden.png"):
        with pytest.raises(OutputError):
            figures.save(fig, tmp_path, bad)
    assert not (tmp_path.parent / "escape.png").exists()
