"""Reading a whole report: the pipeline from bytes to tidy tables.

``read_report(path)`` decodes the text, finds its sections, reads every table,
links rows to projects, and gathers findings about whatever could not be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import findings as findings_mod
from . import text as text_mod
from .audit import read_audit
from .budget import PERCENT_FORMAT_COLUMNS, read_detail, read_summary
from .coverage import table_regions
from .document import Document
from .exceptions import NotAReportError, ReportReadError
from .execution import budget_labels, read_project_budget
from .meta import read_meta
from .milestones import read_milestones
from .projects import find_project_sections, link_lines, load_aliases, read_projects
from .text import decode, name_key, read_bytes, split_lines

# The tables of the data contract, in the order they are written.
TABLES = [
    "summary_budget",
    "projects",
    "project_budget",
    "revenue_detail",
    "expenditure_detail",
    "milestones",
    "audit_items",
    "audit_summary",
]
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")


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

    @property
    def report_id(self) -> str:
        """A name for this report's output folder, made from the file name only
        (never from the report's text)."""
        return report_id(self.meta.get("source_file") or "", self.meta.get("source_sha256") or "")

    @property
    def findings(self) -> pd.DataFrame:
        """The findings table: what could not be read, and what does not add up."""
        if self._findings is None:
            from .checks import check

            self._findings = check(self)
        return self._findings

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return the contract's tables by name."""
        return {name: getattr(self, name) for name in TABLES}


def report_id(source_file: str, sha256: str = "") -> str:
    """Given a report's file name, return a safe folder name for its outputs."""
    stem = Path(source_file).stem
    safe = _SAFE_ID.sub("_", stem).strip("_.")[:80]
    return safe or (sha256[:16] if sha256 else "report")


def note_unread_tables(doc: Document) -> None:
    """Record a finding for every table the readers passed over: a table of a known
    kind where the report has none of that kind (a header moved into another
    section), or a second one where only the first is read. Its figures would
    otherwise be lost without a word."""
    for kind, start, _header_end, end in table_regions(doc):
        if start in doc.tables_read:
            continue
        first, last = doc.lines[start].no, doc.lines[end - 1].no
        doc.note(
            "table_unread",
            "report",
            f"The table at lines {first}-{last} (its header: {kind.replace('_', ' ')}) was "
            "not read: it stands where no table of its kind is read (another section, or "
            "text after a repeated section heading), or repeats one already read.",
            "error",
            line=first,
        )


def read_report(
    path: str | Path, encoding: str | None = None, aliases: str | Path | None = None
) -> Report:
    """Given the path of a report's text, return the parsed Report. Raises
    ReportReadError / NotAReportError for a file that is not a readable report."""
    from . import paths

    path = Path(path)
    data = read_bytes(path)
    text = decode(data, path, encoding)
    return parse_text(text, path, data, aliases if aliases is not None else paths.ALIASES)


def parse_text(text: str, path: Path, data: bytes | None = None, aliases=None) -> Report:
    """Given a report's decoded text, return the parsed Report. Raises
    ReportReadError for a text longer than text.MAX_BYTES characters (more bytes
    than a report file may have) and NotAReportError for one with no section."""
    if len(text) > text_mod.MAX_BYTES:
        raise ReportReadError(text_mod.too_big(f"the text is {len(text):,} characters"), path)
    lines = split_lines(text)
    doc = Document.from_lines(path, lines)
    if not doc.sections:
        raise NotAReportError(
            "no section of a work report (Ⅰ. 일반현황 … Ⅴ. 행정사무감사 처리결과) was found", path
        )
    meta = read_meta(doc, data if data is not None else text.encode("utf-8"))
    summary, pct_summary = read_summary(doc)
    revenue, expenditure, pct_detail = read_detail(doc)
    sections = find_project_sections(doc)
    labels = budget_labels(doc, sections)
    project_table, matcher = read_projects(doc, sections, labels, load_aliases(aliases))
    project_budget, pct_projects = read_project_budget(doc, sections)
    category_keys = {name_key(i) for i in summary["item"]}
    revenue = link_lines(doc, "revenue_detail", revenue, matcher, category_keys)
    expenditure = link_lines(doc, "expenditure_detail", expenditure, matcher, category_keys)
    milestones = read_milestones(doc, sections)
    audit_items, audit_summary = read_audit(doc)
    note_unread_tables(doc)
    percent_format = pd.DataFrame(
        pct_summary + pct_detail + pct_projects, columns=PERCENT_FORMAT_COLUMNS
    )
    return Report(
        meta=meta,
        summary_budget=summary,
        projects=project_table,
        project_budget=project_budget,
        revenue_detail=revenue,
        expenditure_detail=expenditure,
        milestones=milestones,
        audit_items=audit_items,
        audit_summary=audit_summary,
        parse_findings=findings_mod.to_frame(doc.findings),
        percent_format=percent_format,
    )
