"""The report site's front page: ``<out>/<report-id>/index.html``.

The page links every page the batch wrote (overview, one page per project, audit),
the figures and the data files, and shows each project's key figures in a table.
It opens straight from disk (relative links only, no script, no external file),
reads on a narrow screen (viewport meta, responsive CSS, the table scrolls
sideways) and declares UTF-8.

The page is the Jinja2 template ``templates/index.html.j2`` with autoescape on, so
every string that comes from the report is escaped; file names are never made from
report text (``project_01`` comes from the number), and a page is linked only if
its file exists, so the index never points at nothing. The key figures are the
notebooks' own per-project metrics (:func:`sdfkit.analysis.project_execution`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from sdfkit.output import atomic_write_text, safe_child

# The font names stay importable from here, where the batch used to find them.
from sdfkit.publish.fonts import FONT_FAMILY, FONT_PLACEHOLDER, embed_font, font_css  # noqa: F401
from sdfkit.publish.render import render

# --- Output names: fixed words and numbers only ---------------------------------

OVERVIEW = "overview"
AUDIT = "audit"
COMPARE = "compare"
INDEX = "index.html"
FIGURES = "figures"
DATA = "data"
# The notebook templates the batch runs, by the name of the page they produce.
TEMPLATES = {OVERVIEW: "overview.ipynb", "project": "project.ipynb", AUDIT: "audit.ipynb"}
# The pages' stems: overview, audit, project_01 … (two digits at least).
PAGE_STEM = re.compile(r"^(?:overview|audit|project_\d{2,})$")
_PROJECT_STEM = re.compile(r"^project_(\d{2,})$")
# Figures as ``plotting.figure_name`` makes them: lower-case words and numbers.
FIGURE_NAME = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*\.png$")

PAGE_TITLES = {
    OVERVIEW: "개요 (Overview)",
    AUDIT: "행정사무감사 처리결과 (Audit)",
    COMPARE: "기관 비교 (Comparison)",
}
KEY_FIGURE_COLUMNS = [
    "project_no",
    "title",
    "budget",
    "spent",
    "spent_pct",
    "expected_pct",
    "as_of",
]


def project_stem(project_no) -> str:
    """Given a project number, return its pages' stem: ``project_01``. Refuses
    anything that is not a non-negative whole number, so report text can never
    reach a file name."""
    if isinstance(project_no, bool):
        raise ValueError(f"not a project number: {project_no!r}")
    try:
        number = int(project_no)
    except (TypeError, ValueError):
        raise ValueError(f"not a project number: {project_no!r}") from None
    if number != project_no or number < 0:
        raise ValueError(f"not a project number: {project_no!r}")
    return f"project_{number:02d}"


def stem_project_no(stem: str) -> int | None:
    """Given a page stem, return its project number (None for overview/audit)."""
    m = _PROJECT_STEM.match(stem)
    return int(m.group(1)) if m else None


# --- What the index shows -----------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page of the site: its stem (``project_01``), the project number (None
    for overview and audit), whether its HTML and notebook exist, and the one-line
    error when its notebook failed."""

    stem: str
    project_no: int | None = None
    html: bool = False
    ipynb: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def title(self) -> str:
        return PAGE_TITLES.get(self.stem, self.stem)

    @property
    def href(self) -> str:
        return href(f"{self.stem}.html")

    @property
    def nb_href(self) -> str:
        return href(f"{self.stem}.ipynb")


def key_figures(report) -> pd.DataFrame:
    """Given a report, return one row per project of ``report.projects``: number,
    title, budget, spent, spent % and expected % of the budget, and the as-of date
    (a date), as the notebooks compute them (``analysis.project_execution``: a
    project's §Ⅲ lines summed, rates from the sums, the latest as-of date of its
    lines, else the report's)."""
    from sdfkit.analysis import project_execution

    projects = report.projects
    if projects is None or projects.empty:
        return pd.DataFrame(columns=KEY_FIGURE_COLUMNS)
    frame = project_execution(report)
    frame = frame[frame["project_no"].notna()][KEY_FIGURE_COLUMNS].copy()
    frame["project_no"] = frame["project_no"].astype(int)
    frame["title"] = ["" if _missing(t) else str(t) for t in frame["title"]]
    frame["as_of"] = [_date(d) for d in frame["as_of"]]
    for col in ("budget", "spent"):
        frame[col] = [_int(v) for v in frame[col]]
    for col in ("spent_pct", "expected_pct"):
        frame[col] = [None if _missing(v) else float(v) for v in frame[col]]
    return frame.reset_index(drop=True)


def discover(
    out_dir: str | Path, report=None, failed: Mapping[str, str] | None = None
) -> list[Page]:
    """Given a report's output folder, return its pages in order (overview, the
    projects by number, audit): the report's projects when a report is given, else
    whatever project pages are on disk. ``failed`` maps stems to one-line errors."""
    root = Path(out_dir)
    failed = dict(failed or {})
    if report is not None:
        numbers = [int(n) for n in report.projects["project_no"].dropna()]
    else:
        numbers = sorted(
            n for f in _names(root) if (n := stem_project_no(f.rsplit(".", 1)[0])) is not None
        )
    stems = [OVERVIEW] + [project_stem(n) for n in dict.fromkeys(numbers)] + [AUDIT]
    return [
        Page(
            stem=stem,
            project_no=stem_project_no(stem),
            html=_is_file(root, f"{stem}.html"),
            ipynb=_is_file(root, f"{stem}.ipynb"),
            error=failed.get(stem),
        )
        for stem in stems
    ]


def figures(out_dir: str | Path) -> list[str]:
    """Given a report's output folder, return the figure files in ``figures/``
    (names as the plotting module makes them), sorted."""
    folder = Path(out_dir) / FIGURES
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p.name for p in folder.iterdir() if FIGURE_NAME.match(p.name) and _regular(p))


def data_files(out_dir: str | Path) -> list[str]:
    """Given a report's output folder, return the files in ``data/`` (as the
    export writes them), sorted."""
    folder = Path(out_dir) / DATA
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(
        p.name
        for p in folder.iterdir()
        if not p.name.startswith(".") and SAFE_FILE.match(p.name) and _regular(p)
    )


def write_index(
    report,
    out_dir: str | Path,
    pages: Iterable[Page] | None = None,
    failed: Mapping[str, str] | None = None,
    *,
    key: str = "",
    up: str | None = None,
) -> Path:
    """Given a report and its output folder, write ``index.html`` there atomically
    (with its Hangul font) and return its path. ``pages`` defaults to what
    :func:`discover` finds; ``failed`` maps page stems (or other steps, such as
    ``data``) to one-line errors; ``key`` is recorded in the page (what it was
    built from); ``up`` links a corpus index above it."""
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    page_list = list(pages) if pages is not None else discover(root, report, failed)
    stems = {p.stem for p in page_list}
    others = {k: v for k, v in (failed or {}).items() if k not in stems}
    text = render_index(report, page_list, figures(root), data_files(root), others, key=key, up=up)
    return atomic_write_text(safe_child(root, INDEX), embed_font(text))


def index_key(path: str | Path) -> str | None:
    """Given an index page written by :func:`write_index`, return the key it was
    built from (None when it has none or cannot be read)."""
    try:
        with open(path, encoding="utf-8") as f:
            head = f.read(4096)
    except (OSError, UnicodeDecodeError):
        return None
    m = re.search(r'<meta name="sdfkit-key" content="([0-9a-f]+)">', head)
    return m.group(1) if m else None


# --- Rendering ----------------------------------------------------------------------

SAFE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{,120}$")


def render_index(
    report,
    pages: Iterable[Page],
    figure_names: Iterable[str] = (),
    data_names: Iterable[str] = (),
    other_failures: Mapping[str, str] | None = None,
    *,
    key: str = "",
    up: str | None = None,
) -> str:
    """Given a report, its pages, figure and data file names (and failures of
    steps other than pages), return the HTML of the index page (the font
    placeholder not yet filled in). Report text is escaped by the template; links
    are relative file names."""
    meta = report.meta or {}
    pages = list(pages)
    figure_names = [f for f in figure_names if FIGURE_NAME.match(f)]
    data_names = [d for d in data_names if SAFE_FILE.match(d)]
    institution = text(meta.get("institution")) or "보고서"
    year = text(meta.get("fiscal_year"))
    heading = f"{institution} {year} 업무보고" if year else f"{institution} 업무보고"
    unit = text(meta.get("unit"))
    facts = []
    if meta.get("as_of"):
        facts.append(f"기준일 {text(meta.get('as_of'))}")
    if unit:
        facts.append(f"단위 {unit}")
    if meta.get("source_file"):
        facts.append(f"원문 {text(meta.get('source_file'))}")

    project_pages = [p for p in pages if p.project_no is not None]
    # Project figures are linked from their row; the others are shown in a gallery.
    prefixes = tuple(f"{p.stem}_" for p in project_pages)
    gallery = [f for f in figure_names if not f.startswith(prefixes)]
    return render(
        "index.html.j2",
        key=key,
        up=up,
        heading=heading,
        facts=facts,
        failed_pages=[p for p in pages if not p.ok],
        other_failures=list((other_failures or {}).items()),
        general=[p for p in pages if p.project_no is None],
        projects=_project_rows(report, project_pages, figure_names),
        amount_unit=f"({unit})" if unit else "",
        gallery=[{"href": href(FIGURES, f), "label": f} for f in gallery],
        data=[{"href": href(DATA, d), "label": d} for d in data_names],
    )


def _project_rows(report, pages: list[Page], figure_names: list[str]) -> list[dict]:
    if not pages:
        return []
    by_no = {int(r.project_no): r for r in key_figures(report).itertuples(index=False)}
    rows = []
    for p in pages:
        row = by_no.get(p.project_no)
        own = [f for f in figure_names if f.startswith(p.stem + "_")]
        rows.append(
            {
                "page": p,
                "label": (row.title if row is not None else "") or p.stem,
                "budget": amount(row.budget if row is not None else None),
                "spent": amount(row.spent if row is not None else None),
                "spent_pct": pct(row.spent_pct if row is not None else None),
                "expected_pct": pct(row.expected_pct if row is not None else None),
                "as_of": date_text(row.as_of if row is not None else None),
                "figures": [
                    {"href": href(FIGURES, f), "label": f[len(p.stem) + 1 : -len(".png")] or f}
                    for f in own
                ],
            }
        )
    return rows


def href(*parts: str) -> str:
    """Given our own file name parts, return the relative link to them. Refuses a
    part that is not a plain safe name; Jinja2 escapes the result for the
    attribute."""
    for part in parts:
        if not SAFE_FILE.match(part) or ".." in part:
            raise ValueError(f"unsafe link {part!r}")
    return "/".join(quote(p) for p in parts)


def text(value) -> str:
    """Given a value (or a missing one), return it as text ('' when missing)."""
    return "" if _missing(value) else str(value)


def amount(value) -> str:
    """Given an amount, return it with thousands separators (— when missing)."""
    return "—" if _missing(value) else f"{int(value):,}"


def pct(value) -> str:
    """Given a percent, return it with one decimal (— when missing)."""
    if _missing(value) or not math.isfinite(float(value)):
        return "—"
    return f"{float(value):.1f}%"


def date_text(value) -> str:
    """Given a date (or text or a missing value), return it as ISO (— when missing)."""
    d = _date(value)
    return d.isoformat() if d else "—"


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _int(value) -> int | None:
    return None if _missing(value) else int(value)


def _date(value) -> date | None:
    if _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return pd.Timestamp(str(value)).date()
    except (ValueError, TypeError):
        return None


def _names(root: Path) -> list[str]:
    try:
        return [p.name for p in root.iterdir()]
    except OSError:
        return []


def _is_file(root: Path, name: str) -> bool:
    return _regular(root / name)


def _regular(path: Path) -> bool:
    # A regular file, not a link that could point anywhere.
    return path.is_file() and not path.is_symlink()
