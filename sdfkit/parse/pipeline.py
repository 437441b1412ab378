"""Reading a whole report: the pipeline from bytes to tidy tables.

``read_report(path)`` decodes the text, finds its sections, reads every table,
links rows to projects, and gathers findings about whatever could not be read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdfkit import findings as findings_mod
from sdfkit.exceptions import NotAReportError, ReportReadError
from sdfkit.parse.audit import read_audit
from sdfkit.parse.budget import read_detail, read_summary
from sdfkit.parse.coverage import REGION_TABLES, coverage_frame, region_spans, table_regions
from sdfkit.parse.document import Document
from sdfkit.parse.execution import budget_labels, read_project_budget
from sdfkit.parse.genre import COLUMN_SYNONYMS, SECTION_NAMES, SECTION_ORDER
from sdfkit.parse.linking import link_lines, load_aliases
from sdfkit.parse.meta import read_meta
from sdfkit.parse.milestones import read_milestones
from sdfkit.parse.projects import find_project_sections, read_projects
from sdfkit.read import text as text_mod
from sdfkit.read.source import read_source
from sdfkit.read.text import Line, name_key, split_lines
from sdfkit.report import PERCENT_FORMAT_COLUMNS, Report
from sdfkit.report import report_id as file_report_id


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


def note_extra_columns(doc: Document) -> None:
    """Record a note for every table with columns the contract does not have (이월액,
    비고): their values are read and kept aside, never shifting the others."""
    for span, _lo in region_spans(doc):
        header = span.header
        extra = [
            w for w in header.words if w in COLUMN_SYNONYMS["carryover"] + COLUMN_SYNONYMS["note"]
        ]
        if not extra or span.start not in doc.tables_read:
            continue
        line = doc.lines[span.start].no
        doc.note(
            "extra_column",
            "report",
            f"The table at line {line} has columns the data contract does not have "
            f"({', '.join(dict.fromkeys(extra))}); their values were set aside, the other "
            "columns read as usual.",
            line=line,
        )


def note_unread_numbers(doc: Document, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Record an error for every line of a table region whose numbers went into no
    cell and that no finding names: the number coverage as a check, so that no
    figure is ever lost without a word. Return the count of the numbers standing in
    tables, of those in cells, and of those named in findings (now all the rest)."""
    frame = coverage_frame(doc, tables, findings_mod.to_frame(doc.findings))
    lost = frame[~(frame["in_cell"] | frame["in_finding"])]
    for line, group in lost.groupby("line", sort=True):
        kind = group["table"].iat[0]
        tokens = ", ".join(group["token"])
        table = REGION_TABLES.get(kind, "report")
        budget = doc.span("budget")
        if kind == "revenue_summary" and budget and budget[0] < line <= budget[1]:
            table = "revenue_detail"
        doc.note(
            "numbers_unread",
            table,
            f"Line {line} stands in a table ({kind.replace('_', ' ')}) but its numbers "
            f"{tokens} were read into no cell.",
            "error",
            line=int(line),
        )
    in_cells = int(frame["in_cell"].sum())
    return {"numbers": len(frame), "in_cells": in_cells, "in_findings": len(frame) - in_cells}


def coverage_text(meta: dict) -> str:
    """Given a parsed report's meta, return the number coverage as one sentence."""
    stats = meta.get("coverage") or {}
    total = stats.get("numbers", 0)
    if not total:
        return "Coverage: no numbers stand in the report's tables."
    cells, named = stats.get("in_cells", 0), stats.get("in_findings", 0)
    return (
        f"Coverage: of the {total:,} numbers in the report's tables, {cells:,} "
        f"({cells / total:.1%}) are in table cells and {named:,} are named in findings "
        "as not read; none is lost silently."
    )


def read_report(
    path: str | Path,
    encoding: str | None = None,
    aliases: str | Path | None = None,
    report_id: str | None = None,
) -> Report:
    """Given the path of a report (text, HWP, HWPX or PDF, told by its bytes), return
    the parsed Report. Raises ReportReadError / NotAReportError for a file that is not
    a readable report. ``report_id`` (default: from the file name) picks the alias
    rows meant for this report."""
    from sdfkit import paths

    source = read_source(path, encoding)
    return parse_lines(
        source.lines,
        source.path,
        source.data,
        aliases if aliases is not None else paths.ALIASES,
        source_format=source.format,
        notes=source.notes,
        report_id=report_id,
    )


def parse_text(text: str, path: Path, data: bytes | None = None, aliases=None) -> Report:
    """Given a report's decoded text, return the parsed Report. Raises
    ReportReadError for a text longer than text.MAX_BYTES characters (more bytes
    than a report file may have) and NotAReportError for one with no section."""
    if len(text) > text_mod.MAX_BYTES:
        raise ReportReadError(text_mod.too_big(f"the text is {len(text):,} characters"), path)
    return parse_lines(split_lines(text), path, data or text.encode("utf-8"), aliases)


def parse_lines(
    lines: list[Line],
    path: Path,
    data: bytes,
    aliases=None,
    source_format: str = "text",
    notes: list[str] | None = None,
    report_id: str | None = None,
) -> Report:
    """Given a report's numbered lines (from any format's reader) and its bytes, return
    the parsed Report; ``notes`` from reading the file become findings. Raises
    NotAReportError for lines with no section of a work report."""
    doc = Document.from_lines(path, lines)
    for note in notes or []:
        doc.note("format_mismatch", "report", note)
    if not doc.sections:
        raise NotAReportError(
            "no section of a work report (Ⅰ. 일반현황 … Ⅴ. 행정사무감사 처리결과) was found", path
        )
    if len(doc.sections) * 2 < len(SECTION_ORDER):
        found = ", ".join(SECTION_NAMES[k] for k in SECTION_ORDER if k in doc.sections)
        doc.note(
            "sections_few",
            "report",
            f"Only {len(doc.sections)} of the template's {len(SECTION_ORDER)} sections were "
            f"found ({found}); what they hold is read, the rest of the report is not.",
            "error",
        )
    meta = read_meta(doc, data)
    meta["source_format"] = source_format
    summary, pct_summary = read_summary(doc)
    revenue, expenditure, pct_detail = read_detail(doc)
    sections = find_project_sections(doc)
    labels = budget_labels(doc, sections)
    # Alias rows apply to every report or to the one named by id, institution, year.
    scope = (
        report_id or file_report_id(path.name),
        meta.get("institution"),
        meta.get("fiscal_year"),
    )
    project_table, matcher = read_projects(doc, sections, labels, load_aliases(aliases, *scope))
    project_budget, pct_projects = read_project_budget(doc, sections)
    category_keys = {name_key(i) for i in summary["item"]}
    revenue = link_lines(doc, "revenue_detail", revenue, matcher, category_keys)
    expenditure = link_lines(doc, "expenditure_detail", expenditure, matcher, category_keys)
    milestones = read_milestones(doc, sections)
    audit_items, audit_summary = read_audit(doc)
    note_unread_tables(doc)
    note_extra_columns(doc)
    tables = {
        "summary_budget": summary,
        "project_budget": project_budget,
        "revenue_detail": revenue,
        "expenditure_detail": expenditure,
        "audit_summary": audit_summary,
    }
    meta["coverage"] = note_unread_numbers(doc, tables)
    converted = {str(n): u for n, u in sorted(doc.table_units.items()) if u != doc.main_unit}
    if converted:
        meta["table_units"] = converted
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
        line_pages={line.no: line.page for line in lines if line.page is not None},
    )
