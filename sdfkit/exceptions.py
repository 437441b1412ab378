"""One exception family: every error names the file and, where it applies, the line."""

from __future__ import annotations

from pathlib import Path


class SdfkitError(Exception):
    """Base of sdfkit's errors. ``str(err)`` is the one line the CLI prints:
    ``FILE:LINE: message`` (or ``FILE: message`` when no line applies)."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class ReportReadError(SdfkitError):
    """The file cannot be read as text: missing, empty, binary, unknown encoding, too big."""


class NotAReportError(SdfkitError):
    """The file is text but holds none of the structure of a work report."""


class OutputError(SdfkitError):
    """An output cannot be written where it was asked to go."""
