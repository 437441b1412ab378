"""The report site's front page: ``<out>/<report-id>/index.html``.

The page links every page the batch wrote (overview, one page per project, audit),
the figures and the data files, and shows each project's key figures in a table.
It opens straight from disk (relative links only, no script, no external file),
reads on a narrow screen (viewport meta, responsive CSS, the table scrolls
sideways) and declares UTF-8.

Every string that comes from the report is escaped with :func:`html.escape`; file
names are never made from report text (``project_01`` comes from the number), and
a page is linked only if its file exists, so the index never points at nothing.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from sdfkit.output import atomic_write_text, safe_child

# --- Output names: fixed words and numbers only ---------------------------------

OVERVIEW = "overview"
AUDIT = "audit"
INDEX = "index.html"
FIGURES = "figures"
DATA = "data"
# Pages carry their own Hangul font: the NanumGothic of the koreanize-matplotlib
# package (the one the figures use), cut down to the characters the pages use and
# embedded in each page, so a reader whose machine has no Korean font still sees
# Hangul, from disk (where browsers refuse font files beside the page) or served.
FONT_FAMILY = "SdfkitNanumGothic"
FONT_PLACEHOLDER = "/*sdfkit:font*/"
# The notebook templates the batch runs, by the name of the page they produce.
TEMPLATES = {OVERVIEW: "overview.ipynb", "project": "project.ipynb", AUDIT: "audit.ipynb"}
# The pages' stems: overview, audit, project_01 … (two digits at least).
PAGE_STEM = re.compile(r"^(?:overview|audit|project_\d{2,})$")
_PROJECT_STEM = re.compile(r"^project_(\d{2,})$")
# Figures as ``plotting.figure_name`` makes them: lower-case words and numbers.
FIGURE_NAME = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*\.png$")

PAGE_TITLES = {OVERVIEW: "개요 (Overview)", AUDIT: "행정사무감사 처리결과 (Audit)"}


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


def key_figures(report) -> pd.DataFrame:
    """Given a report, return one row per project of ``report.projects``: number,
    title, budget, spent, spent % and expected % of the budget, and the as-of
    date. A project's §Ⅲ budget lines are summed and the rates computed from the
    sums (as ``analysis.project_execution`` does); the as-of date is the latest
    of its lines, else the report's."""
    projects = report.projects
    pb = report.project_budget
    columns = ["project_no", "title", "budget", "spent", "spent_pct", "expected_pct", "as_of"]
    if projects is None or projects.empty:
        return pd.DataFrame(columns=columns)
    amounts = [c for c in ("budget", "spent", "expected") if pb is not None and c in pb.columns]
    if pb is not None and not pb.empty and "project_no" in pb.columns:
        sums = pb.groupby("project_no")[amounts].sum(min_count=1)
        latest = pb.groupby("project_no")["as_of"].max() if "as_of" in pb.columns else None
    else:
        sums, latest = pd.DataFrame(columns=amounts), None
    report_as_of = _date(report.meta.get("as_of"))
    rows = []
    for _, p in projects.iterrows():
        no = p.get("project_no")
        if _missing(no):
            continue
        no = int(no)
        s = sums.loc[no] if no in sums.index else {}
        budget = _int(s.get("budget")) if len(s) else None
        spent = _int(s.get("spent")) if len(s) else None
        expected = _int(s.get("expected")) if len(s) else None
        as_of = _date(latest.get(no)) if latest is not None else None
        rows.append(
            {
                "project_no": no,
                "title": "" if _missing(p.get("title")) else str(p.get("title")),
                "budget": budget,
                "spent": spent,
                "spent_pct": _rate(spent, budget),
                "expected_pct": _rate(expected, budget),
                "as_of": as_of or report_as_of,
            }
        )
    return pd.DataFrame(rows, columns=columns)


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
    pages = []
    for stem in stems:
        pages.append(
            Page(
                stem=stem,
                project_no=stem_project_no(stem),
                html=_is_file(root, f"{stem}.html"),
                ipynb=_is_file(root, f"{stem}.ipynb"),
                error=failed.get(stem),
            )
        )
    return pages


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
        if not p.name.startswith(".") and _SAFE_FILE.match(p.name) and _regular(p)
    )


def write_index(
    report,
    out_dir: str | Path,
    pages: Iterable[Page] | None = None,
    failed: Mapping[str, str] | None = None,
) -> Path:
    """Given a report and its output folder, write ``index.html`` there atomically
    and return its path. ``pages`` defaults to what :func:`discover` finds;
    ``failed`` maps page stems (or other steps, such as ``data``) to one-line
    errors."""
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    page_list = list(pages) if pages is not None else discover(root, report, failed)
    stems = {p.stem for p in page_list}
    others = {k: v for k, v in (failed or {}).items() if k not in stems}
    text = render_index(report, page_list, figures(root), data_files(root), others)
    return atomic_write_text(safe_child(root, INDEX), text)


def font_css(text: str) -> str:
    """Given the text of the pages, return an ``@font-face`` rule that embeds the
    bundled Hangul font, subset to the characters of that text (as WOFF)."""
    import base64
    import io
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from sdfkit.analysis.plotting import font_path

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    chars = {ch for ch in text if ord(ch) >= 0x80} | {chr(c) for c in range(0x20, 0x7F)}
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = TTFont(str(font_path()))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff"
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FONT_FAMILY}"; '
        f'src: url(data:font/woff;base64,{data}) format("woff"); }}'
    )


def embed_font(out_dir: str | Path) -> list[Path]:
    """Given a report's output folder, put the Hangul font into every page that
    asks for it (the placeholder in its CSS); return the pages rewritten."""
    root = Path(out_dir)
    pages = {}
    for name in _names(root):
        if name.endswith(".html") and _is_file(root, name):
            text = (root / name).read_text(encoding="utf-8")
            if FONT_PLACEHOLDER in text:
                pages[name] = text
    if not pages:
        return []
    css = font_css("".join(pages.values()))
    return [
        atomic_write_text(safe_child(root, name), text.replace(FONT_PLACEHOLDER, css, 1))
        for name, text in pages.items()
    ]


# --- Rendering ----------------------------------------------------------------------

_SAFE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{,120}$")

CSS = (
    FONT_PLACEHOLDER
    + """
:root { color-scheme: light dark; --line: #8884; --muted: #666; --bad: #b00020; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 1rem; max-width: 72rem; line-height: 1.5;
  font-family: "SdfkitNanumGothic", system-ui, -apple-system, "Segoe UI",
  "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
p.meta { color: var(--muted); margin: 0 0 1rem; }
ul.pages { padding-left: 1.2rem; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; max-width: 100%;
  border: 1px solid var(--line); border-radius: 4px; }
table { border-collapse: collapse; width: 100%; min-width: 44rem; font-size: .95rem; }
th, td { padding: .4rem .6rem; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top; }
th { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.title { min-width: 12rem; overflow-wrap: anywhere; }
td.links { white-space: nowrap; }
.failed, .failed a { color: var(--bad); }
.error { color: var(--bad); font-family: ui-monospace, monospace; font-size: .85rem;
  overflow-wrap: anywhere; }
.figs { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .75rem; }
.figs figure { margin: 0; }
.figs img { width: 100%; height: auto; border: 1px solid var(--line); }
.figs figcaption { font-size: .8rem; color: var(--muted); overflow-wrap: anywhere; }
small.nb { color: var(--muted); }
@media (max-width: 40rem) {
  body { padding: .5rem; }
  h1 { font-size: 1.25rem; }
  th, td { padding: .3rem .4rem; }
}
""".strip()
)


def render_index(
    report,
    pages: Iterable[Page],
    figure_names: Iterable[str] = (),
    data_names: Iterable[str] = (),
    other_failures: Mapping[str, str] | None = None,
) -> str:
    """Given a report, its pages, figure and data file names (and failures of
    steps other than pages), return the HTML of the index page. Report text is
    escaped; links are relative file names."""
    meta = report.meta or {}
    pages = list(pages)
    figure_names = [f for f in figure_names if FIGURE_NAME.match(f)]
    data_names = [d for d in data_names if _SAFE_FILE.match(d)]
    institution = _text(meta.get("institution")) or "보고서"
    year = _text(meta.get("fiscal_year"))
    heading = f"{institution} {year} 업무보고".strip() if year else f"{institution} 업무보고"
    unit = _text(meta.get("unit"))
    facts = []
    if meta.get("as_of"):
        facts.append(f"기준일 {_text(meta.get('as_of'))}")
    if unit:
        facts.append(f"단위 {unit}")
    if meta.get("source_file"):
        facts.append(f"원문 {_text(meta.get('source_file'))}")

    out = [
        "<!DOCTYPE html>",
        '<html lang="ko">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(heading)}</h1>",
    ]
    if facts:
        out.append(f'<p class="meta">{" · ".join(_e(f) for f in facts)}</p>')

    failed = [p for p in pages if not p.ok]
    others = dict(other_failures or {})
    if failed or others:
        out.append('<h2 class="failed">실패한 단계</h2>')
        out.append("<ul>")
        for p in failed:
            out.append(
                f'<li class="failed">{_page_links(p)} <span class="error">{_e(p.error)}</span></li>'
            )
        for step, error in others.items():
            out.append(f'<li class="failed">{_e(step)} <span class="error">{_e(error)}</span></li>')
        out.append("</ul>")

    general = [p for p in pages if p.project_no is None]
    if general:
        out.append("<h2>보고서</h2>")
        out.append('<ul class="pages">')
        for p in general:
            out.append(f"<li>{_page_links(p, PAGE_TITLES.get(p.stem, p.stem))}</li>")
        out.append("</ul>")

    out.extend(
        _project_table(report, [p for p in pages if p.project_no is not None], unit, figure_names)
    )

    # Project figures are linked from their row; the others are shown here.
    project_prefixes = tuple(f"{p.stem}_" for p in pages if p.project_no is not None)
    gallery = [f for f in figure_names if not f.startswith(project_prefixes)]
    if gallery:
        out.append("<h2>그림</h2>")
        out.append('<div class="figs">')
        for name in gallery:
            href = _href(FIGURES, name)
            out.append(
                f'<figure><a href="{href}"><img src="{href}" alt="{_e(name)}" loading="lazy"></a>'
                f"<figcaption>{_e(name)}</figcaption></figure>"
            )
        out.append("</div>")

    if data_names:
        out.append("<h2>데이터</h2>")
        out.append('<ul class="pages">')
        for name in data_names:
            out.append(f'<li><a href="{_href(DATA, name)}">{_e(name)}</a></li>')
        out.append("</ul>")

    out.append(
        '<p class="meta"><small>sdfkit이 만든 페이지입니다. 금액은 보고서 단위 그대로입니다.</small></p>'
    )
    out.extend(["</body>", "</html>", ""])
    return "\n".join(out)


def _project_table(report, pages: list[Page], unit: str, figure_names: list[str]) -> list[str]:
    if not pages:
        return []
    figs = key_figures(report)
    by_no = {int(r.project_no): r for r in figs.itertuples(index=False)}
    amount = f"({unit})" if unit else ""
    out = [
        "<h2>사업별 현황</h2>",
        '<div class="table-wrap">',
        "<table>",
        "<thead><tr>"
        '<th scope="col">번호</th><th scope="col">사업명</th>'
        f'<th scope="col">예산{_e(amount)}</th><th scope="col">지출{_e(amount)}</th>'
        '<th scope="col">집행률</th><th scope="col">연말 예상 집행률</th>'
        '<th scope="col">기준일</th><th scope="col">페이지</th><th scope="col">그림</th>'
        "</tr></thead>",
        "<tbody>",
    ]
    for p in pages:
        row = by_no.get(p.project_no)
        title = row.title if row is not None else ""
        label = title or p.stem
        name = f'<a href="{_href(p.stem + ".html")}">{_e(label)}</a>' if p.html else _e(label)
        own = [f for f in figure_names if f.startswith(p.stem + "_")]
        fig_links = " ".join(
            f'<a href="{_href(FIGURES, f)}">{_e(_figure_label(f, p.stem))}</a>' for f in own
        )
        cls = ' class="failed"' if not p.ok else ""
        cells = [
            f'<td class="num">{p.project_no}</td>',
            f'<td class="title">{name}</td>',
            f'<td class="num">{_amount(row.budget if row is not None else None)}</td>',
            f'<td class="num">{_amount(row.spent if row is not None else None)}</td>',
            f'<td class="num">{_pct(row.spent_pct if row is not None else None)}</td>',
            f'<td class="num">{_pct(row.expected_pct if row is not None else None)}</td>',
            f'<td class="num">{_e(_date_text(row.as_of if row is not None else None))}</td>',
            f'<td class="links">{_page_links(p, "HTML", short=True)}</td>',
            f'<td class="links">{fig_links}</td>',
        ]
        out.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    out.extend(["</tbody>", "</table>", "</div>"])
    return out


def _page_links(p: Page, label: str | None = None, short: bool = False) -> str:
    label = label or PAGE_TITLES.get(p.stem, p.stem)
    parts = []
    if p.html:
        parts.append(f'<a href="{_href(p.stem + ".html")}">{_e(label)}</a>')
    elif not short:
        parts.append(_e(label))
    if p.ipynb:
        parts.append(f'<small class="nb">(<a href="{_href(p.stem + ".ipynb")}">ipynb</a>)</small>')
    if not p.ok and short:
        parts.append('<span class="error">실패</span>')
    return " ".join(parts) if parts else "—"


def _figure_label(name: str, stem: str) -> str:
    return name[len(stem) + 1 : -len(".png")] or name


def _href(*parts: str) -> str:
    # Our own names only (checked), quoted all the same, then escaped for the attribute.
    for part in parts:
        if not _SAFE_FILE.match(part) or ".." in part:
            raise ValueError(f"unsafe link {part!r}")
    return html.escape("/".join(quote(p) for p in parts), quote=True)


def _e(value) -> str:
    return html.escape(_text(value), quote=True)


def _text(value) -> str:
    if _missing(value):
        return ""
    return str(value)


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _int(value) -> int | None:
    return None if _missing(value) else int(value)


def _rate(amount, budget) -> float | None:
    if amount is None or budget is None or budget == 0:
        return None
    return amount / budget * 100


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


def _amount(value) -> str:
    return "—" if _missing(value) else f"{int(value):,}"


def _pct(value) -> str:
    if _missing(value) or not math.isfinite(float(value)):
        return "—"
    return f"{float(value):.1f}%"


def _date_text(value) -> str:
    d = _date(value)
    return d.isoformat() if d else "—"


def _names(root: Path) -> list[str]:
    try:
        return [p.name for p in root.iterdir()]
    except OSError:
        return []


def _is_file(root: Path, name: str) -> bool:
    path = root / name
    return _regular(path)


def _regular(path: Path) -> bool:
    # A regular file, not a link that could point anywhere.
    return path.is_file() and not path.is_symlink()
