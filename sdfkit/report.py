"""A parsed report: its meta and the contract's tables, whichever stage made it.

The parse stage builds a Report from a report's text; ``publish.load`` reads one back
from a processed folder. Every stage after parsing takes a Report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdfkit.dictionary import SEVERITIES, SEVERITY_LABELS, TABLE_INFO, TABLES

PERCENT_FORMAT_COLUMNS = ["table", "row", "column", "decimals", "comma_typed", "line"]
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
# The checks stage registers its entry point here (sdfkit.checks, imported by the
# package), so this base module imports no later stage of the pipeline.
_CHECKER: Callable[[Report], pd.DataFrame] | None = None


# Likewise the analysis stage registers the per-project metrics (one row of
# sdfkit.analysis's execution table) that Report.project(n) shows.
_PROJECT_METRICS: Callable[[Report, int], dict] | None = None


def register_checker(checker: Callable[[Report], pd.DataFrame]) -> None:
    """Given the checks' entry point, make it what Report.findings runs."""
    global _CHECKER
    _CHECKER = checker


def register_project_metrics(metrics: Callable[[Report, int], dict]) -> None:
    """Given analysis' per-project metrics function (report, project_no → dict of
    metric name → value), make it what Report.project(n).metrics shows."""
    global _PROJECT_METRICS
    _PROJECT_METRICS = metrics


@dataclass
class Report:
    """A parsed report: ``meta`` and one DataFrame per table of the contract, plus
    the parse findings. ``findings`` adds the consistency checks."""

    meta: dict
    summary_budget: pd.DataFrame
    projects: pd.DataFrame
    project_budget: pd.DataFrame
    revenue_detail: pd.DataFrame
    expenditure_detail: pd.DataFrame
    milestones: pd.DataFrame
    audit_items: pd.DataFrame
    audit_summary: pd.DataFrame
    parse_findings: pd.DataFrame
    # How each percent was printed (decimals, comma for the point): the checks
    # judge a percent against its own printed precision.
    percent_format: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=PERCENT_FORMAT_COLUMNS)
    )
    _findings: pd.DataFrame | None = field(default=None, repr=False)
    # Line number → page, for formats with pages (PDF): findings name the page too.
    line_pages: dict[int, int] = field(default_factory=dict, repr=False)

    @property
    def report_id(self) -> str:
        """A name for this report's output folder, made from the file name only
        (never from the report's text)."""
        return report_id(self.meta.get("source_file") or "", self.meta.get("source_sha256") or "")

    @property
    def findings(self) -> pd.DataFrame:
        """The findings table: what could not be read, and what does not add up."""
        if self._findings is None:
            if _CHECKER is None:  # only when sdfkit.checks was never imported
                from sdfkit.exceptions import SdfkitError

                raise SdfkitError("no consistency checks registered (import sdfkit.checks)")
            self._findings = _CHECKER(self)
        return self._findings

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the contract's tables by name."""
        return {name: getattr(self, name) for name in TABLES}

    def project(self, project_no: int) -> ProjectView:
        """Given a §Ⅲ project number, return that project: its row of ``projects``,
        the rows of every table that belong to it, its findings and its metrics.
        Raises KeyError for a number the report has no project of."""
        nos = pd.to_numeric(self.projects["project_no"], errors="coerce")
        match = self.projects[nos == project_no]
        if match.empty:
            known = ", ".join(str(int(n)) for n in nos.dropna())
            raise KeyError(f"no project {project_no} in this report (projects: {known})")
        row = match.iloc[0]
        tables = {
            name: frame[frame["project_no"] == project_no].reset_index(drop=True)
            for name, frame in self.tables().items()
            if name != "projects" and "project_no" in frame.columns
        }
        findings = self.findings[self.findings["project_no"] == project_no]
        metrics = _PROJECT_METRICS(self, project_no) if _PROJECT_METRICS else {}
        return ProjectView(
            no=int(project_no),
            title=_text(row.get("title")),
            strategy=_text(row.get("strategy")),
            team=_text(row.get("team")),
            tables=tables,
            findings=findings.reset_index(drop=True),
            metrics=metrics,
        )

    def _repr_html_(self) -> str:
        # JupyterLab shows this instead of a dump of ten DataFrames.
        return _render(
            "report.html.j2",
            institution=self.meta.get("institution"),
            fiscal_year=self.meta.get("fiscal_year"),
            as_of=self.meta.get("as_of"),
            unit=self.meta.get("unit"),
            source=self.meta.get("source_file") or "",
            tables=[
                {"name": name, "title": TABLE_INFO[name][0], "rows": len(frame)}
                for name, frame in self.tables().items()
            ],
            severities=_severities(self.findings),
        )

    def __repr__(self) -> str:
        meta = self.meta
        sizes = ", ".join(f"{name}={len(frame)}" for name, frame in self.tables().items())
        return (
            f"<Report {meta.get('institution') or '?'} {meta.get('fiscal_year') or '?'} "
            f"as of {meta.get('as_of') or '?'}: {sizes}>"
        )


@dataclass
class ProjectView:
    """One project of a report, as ``Report.project(n)`` returns it."""

    no: int
    title: str | None
    strategy: str | None
    team: str | None
    tables: dict[str, pd.DataFrame]
    findings: pd.DataFrame
    metrics: dict

    def __getattr__(self, name: str) -> pd.DataFrame:
        # project.project_budget, project.milestones, …: the project's rows of that table.
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def _repr_html_(self) -> str:
        from sdfkit.dictionary import labels

        names = labels()
        return _render(
            "project.html.j2",
            no=self.no,
            title=self.title,
            strategy=self.strategy,
            team=self.team,
            metrics=[
                {"label": names.get(k, k), "value": _shown(v)} for k, v in self.metrics.items()
            ],
            tables=[{"name": n, "rows": len(f)} for n, f in self.tables.items()],
            severities=_severities(self.findings),
            findings=self.findings.to_dict("records"),
            severity_labels=SEVERITY_LABELS,
        )

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(frame)}" for name, frame in self.tables.items())
        return f"<Project {self.no} {self.title or ''}: {sizes}, findings={len(self.findings)}>"


def _severities(findings: pd.DataFrame) -> list[dict]:
    counts = findings["severity"].value_counts()
    return [{"label": SEVERITY_LABELS[s], "count": int(counts.get(s, 0))} for s in SEVERITIES]


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _shown(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "-"
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, int) or (hasattr(value, "is_integer") and float(value).is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def _render(template: str, **context) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("sdfkit", "templates"), autoescape=select_autoescape(["j2", "html"])
    )
    return env.get_template(template).render(**context)


def report_id(source_file: str, sha256: str = "") -> str:
    """Given a report's file name, return a safe folder name for its outputs."""
    stem = Path(source_file).stem
    safe = _SAFE_ID.sub("_", stem).strip("_.")[:80]
    return safe or (sha256[:16] if sha256 else "report")
