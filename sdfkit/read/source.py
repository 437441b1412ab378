"""The read stage's front door: a report file, whatever its format, as numbered lines.

``read_source(path)`` reads the bytes once, tells the format from them (sniff.py), and
hands them to that format's reader: text.py for extracted text, hwp.py for HWP 5,
hwpx.py for HWPX, pdf.py for PDF. Every reader yields the same kind of lines (a
paragraph or one table row, cells in column order), so the parse stage never asks
which format a report came in, and a row's ``line`` points at ``sdfkit text``'s output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sdfkit.read.hwp import hwp_lines
from sdfkit.read.hwpx import hwpx_lines
from sdfkit.read.pdf import pdf_lines
from sdfkit.read.sniff import Format, sniff, suffix_mismatch
from sdfkit.read.text import Line, decode, number_lines, read_bytes, split_lines


@dataclass
class Source:
    """A report file read into lines: its path and bytes, the format its bytes are
    in, its lines, and notes about reading it (a suffix that names another format)."""

    path: Path
    data: bytes
    format: Format
    lines: list[Line]
    notes: list[str] = field(default_factory=list)

    @property
    def has_pages(self) -> bool:
        """Whether the lines carry the page they stand on (PDF)."""
        return any(line.page is not None for line in self.lines)


def read_source(path: str | Path, encoding: str | None = None) -> Source:
    """Given a report file (text, HWP, HWPX or PDF, told by its bytes), return its
    Source. Raises ReportReadError with a one-line message for a file that cannot be
    read; ``encoding`` applies to text only."""
    path = Path(path)
    data = read_bytes(path)
    kind = sniff(data, path)
    notes = [note for note in [suffix_mismatch(kind, path)] if note]
    if kind == "text":
        lines = split_lines(decode(data, path, encoding))
    elif kind == "hwpx":
        lines = number_lines(hwpx_lines(data, path))
    elif kind == "hwp":
        lines = number_lines(hwp_lines(data, path))
    else:
        pairs = pdf_lines(data, path)
        lines = number_lines([text for text, _ in pairs], [page for _, page in pairs])
    return Source(path=path, data=data, format=kind, lines=lines, notes=notes)
