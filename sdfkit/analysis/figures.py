"""What every chart shares: the bundled Hangul font, colours, safe labels, the
amount axis, and writing figures under safe names.

The font is NanumGothic as bundled by the ``koreanize-matplotlib`` package (not
whatever the machine has), registered by :func:`setup`, which :func:`new_figure`
calls. Amounts are plotted in the report's own unit and only the axis shows them
scaled (천원 → 백만원), so :func:`chart_data` reads back exactly the table's
figures. Figures are saved as PNG under ``<out>/figures/`` with names made of
fixed words and numbers (:func:`figure_name`), never of report text.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from sdfkit.analysis.display import clip, display_unit
from sdfkit.output import atomic_write, safe_child

FONT_FAMILY = "NanumGothic"
HIGHLIGHT = "#c0392b"
BASE = "#9aa5b1"
DARK = "#34495e"
LIGHT = "#d5dbe1"
PACE = "#222222"
DPI = 150
_NAME_WORD = re.compile(r"^[a-z]+$")

# --- Fonts --------------------------------------------------------------------------------


def _font_dir() -> Path:
    # The fonts ship inside the koreanize_matplotlib package. Importing it would
    # also import distutils and re-configure matplotlib (0.2 s in every notebook),
    # so only its location is looked up.
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("koreanize-matplotlib is not installed: pip install -e .")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


def font_path() -> Path:
    """Return the path of the bundled NanumGothic font file (inside the installed
    koreanize_matplotlib package)."""
    return _font_dir() / f"{FONT_FAMILY}.ttf"


def setup() -> Path:
    """Register the bundled Korean fonts with matplotlib and make NanumGothic the
    default font (minus signs as ASCII, PNGs at DPI); return the font file in use.
    Safe to call many times."""
    font_dir = _font_dir()
    known = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    for path in sorted(font_dir.glob("*.ttf")):
        if path not in known:
            font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams["font.family"] = [FONT_FAMILY]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["savefig.dpi"] = DPI
    matplotlib.rcParams["figure.dpi"] = 100
    return Path(
        font_manager.findfont(
            font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False
        )
    )


# --- Text and axes -----------------------------------------------------------------------


def no_math(text: str) -> str:
    """Given text, return it with ``$`` escaped, so matplotlib shows it literally
    (report text never switches on mathtext)."""
    return text.replace("$", r"\$")


def plain(text, limit: int | None = None) -> str:
    """Given text from the report, return it safe for a matplotlib label: ``$``
    escaped (no mathtext), on one line, cut to ``limit`` characters with …."""
    return no_math(clip(text, limit))


def amount_axis(ax, unit: str, values, axis: str = "x") -> tuple[str, float]:
    """Given axes, the report's unit and the amounts plotted (in that unit), label
    the amount axis with the display unit and format its ticks; return (unit label,
    divisor)."""
    label, divisor = display_unit(unit, values)
    formatter = FuncFormatter(lambda v, _pos: f"{v / divisor:,.0f}")
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(formatter)
    (ax.set_xlabel if axis == "x" else ax.set_ylabel)(f"금액 ({label})" if label else "금액")
    return label, divisor


def new_figure(width: float, height: float) -> Figure:
    """Given a size in inches, return a new figure with the Hangul font set up and
    a canvas attached (``fig.canvas.draw()`` renders, warning of missing glyphs)."""
    setup()
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def set_headline(fig: Figure, message: str, detail: str) -> None:
    """Given a figure, its message and a detail line (as-of date, legend notes),
    set them as the figure's title, left-aligned, report text shown literally."""
    fig.suptitle(no_math(f"{message}\n{detail}"), fontsize=12, x=0.01, ha="left")


def chart_data(ax) -> dict[str, list[float]]:
    """Given axes, return the values of each bar series drawn on them, by series
    label (what the chart shows, to check against the tables)."""
    data = {}
    for container in ax.containers:
        values = getattr(container, "datavalues", None)
        if values is not None:
            data[container.get_label()] = [float(v) for v in values]
    return data


# --- Files -------------------------------------------------------------------------------


def figure_name(*parts) -> str:
    """Given fixed lower-case words and numbers (``"project", 8, "rank"``), return a
    PNG file name (``project_08_rank.png``); anything else is refused, so report
    text never reaches a file name."""
    out = []
    for part in parts:
        if isinstance(part, bool):
            raise ValueError(f"not a name part: {part!r}")
        if isinstance(part, int):
            if part < 0:
                raise ValueError(f"not a name part: {part!r}")
            out.append(f"{part:02d}")
        elif isinstance(part, str) and _NAME_WORD.match(part):
            out.append(part)
        else:
            raise ValueError(f"not a name part: {part!r}")
    if not out:
        raise ValueError("empty figure name")
    return "_".join(out) + ".png"


def save(fig: Figure, out_dir: str | Path, name: str) -> Path:
    """Given a figure, an output folder and a file name, write the figure as PNG
    to ``<out_dir>/figures/<name>`` atomically and return the path."""
    path = safe_child(out_dir, "figures", name)
    # The constrained layout already fits every label; bbox_inches="tight" would
    # draw the whole figure once more (a sixth of a chart's time) to crop a margin.
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=DPI))
    return path


def save_image(fig: Figure, out_dir: str | Path, *name_parts):
    """Given a figure, an output folder and the parts of its name (figure_name),
    save it as PNG and return an IPython Image of the file, for a notebook to show
    (the pages embed the saved PNG, not a second rendering)."""
    from IPython.display import Image  # only notebooks need IPython

    return Image(filename=str(save(fig, out_dir, figure_name(*name_parts))))
