"""The report being read: its lines, its sections, and the findings gathered so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sdfkit.findings import Finding
from sdfkit.parse.sections import SECTION_NAMES, Section, find_sections
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

    @classmethod
    def from_lines(cls, path: Path, lines: list[Line]) -> Document:
        """Given a path and its lines, return the document with its sections found."""
        found, notes = find_sections(lines)
        doc = cls(path=path, lines=lines, sections={s.kind: s for s in found})
        for note in notes:
            doc.note("section_duplicate", "report", note)
        return doc

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
