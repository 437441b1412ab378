"""The report being read: its lines, its sections, and the findings gathered so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sdfkit.findings import Finding
from sdfkit.parse.sections import SECTION_NAMES, Section, find_sections
from sdfkit.parse.tables import table_unit, unit_factor
from sdfkit.read.text import Line


@dataclass
class Document:
    """Given a report's lines, hold them with their sections; builders read it and
    add findings about what they could not read."""

    path: Path
    lines: list[Line]
    sections: dict[str, Section] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    fiscal_year: int | None = None
    # Indexes of the table headers the readers read (see report.note_unread_tables).
    tables_read: set[int] = field(default_factory=set)
    # The unit most of the report's tables state (amounts are converted to it), and
    # each table's own unit by the line of its header.
    main_unit: str | None = None
    table_units: dict[int, str] = field(default_factory=dict)
    # Structure found once and asked for again by several readers (project sections,
    # table regions): the lines never change once read.
    cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_lines(cls, path: Path, lines: list[Line]) -> Document:
        """Given a path and its lines, return the document with its sections found."""
        found, notes = find_sections(lines)
        doc = cls(path=path, lines=lines, sections={s.kind: s for s in found})
        for note in notes:
            doc.note("section_duplicate", "report", note)
        return doc

    def amount_factor(self, table: str, header_start: int, lo: int) -> int | float:
        """Given a table header's index and how far up its unit line may stand,
        return the factor that puts its amounts in the report's main unit; a table
        in another unit is recorded (table_units) and noted."""
        unit, unit_line = table_unit(self.lines, header_start, lo)
        if unit is None:
            return 1
        line = self.lines[header_start].no
        self.table_units[line] = unit
        factor = unit_factor(unit, self.main_unit)
        if factor != 1:
            coarser = unit if factor > 1 else self.main_unit
            self.note(
                "unit_converted",
                table,
                f"The table at line {line} states its amounts in {unit} (line {unit_line}); "
                f"they were converted to {self.main_unit}, the unit of most of the report's "
                f"tables. Its figures are rounded to whole {coarser}, so the checks do not "
                "report differences within that rounding.",
                line=line,
            )
        return factor

    def span(self, kind: str) -> tuple[int, int] | None:
        """Given a section kind, return its (start, end) line indexes, or None."""
        section = self.sections.get(kind)
        return (section.start, section.end) if section else None

    def note(self, check: str, table: str, message: str, severity: str = "info", **kw) -> None:
        """Record a finding about reading the report."""
        self.findings.append(
            Finding(check=check, severity=severity, table=table, message=message, **kw)
        )

    def missing_section(self, kind: str, table: str) -> None:
        """Record that the section a table comes from was not found."""
        self.note(
            "section_missing",
            table,
            f"Section {SECTION_NAMES[kind]} was not found, so the {table} table is empty.",
            severity="error",
        )
