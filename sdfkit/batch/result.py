"""What a batch reports back: one Outcome per notebook, the BatchResult of a run,
and the one-line form of any error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sdfkit.publish import site


@dataclass(frozen=True)
class Outcome:
    """What running one notebook produced: its page stem, whether its notebook and
    HTML were written, the one-line error when it failed, its wall time, whether
    it was skipped as up to date, and why it ran (the inputs that changed)."""

    stem: str
    ipynb: bool = False
    html: bool = False
    error: str | None = None
    seconds: float = 0.0
    skipped: bool = False
    reason: str = ""
    folder: Path | None = None
    # Seconds by step in the worker (execute, html), for the benchmark.
    steps: dict = field(default_factory=dict, compare=False)


@dataclass
class BatchResult:
    """The result of a batch over one report: its output folder, the files
    written, the notebooks that failed as (stem, one-line error), the files
    removed, one Outcome per notebook and the wall time."""

    report_id: str
    out_dir: Path
    outputs: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 when every notebook ran, 1 when any failed (or the tables could not
        be written: ``("data", error)`` in ``failed``)."""
        return 1 if self.failed else 0

    @property
    def index(self) -> Path:
        return self.out_dir / site.INDEX

    def summary(self) -> str:
        """One line of totals, then one line per failed notebook."""
        total = len(self.outcomes)
        ran = sum(1 for o in self.outcomes if not o.error)
        head = (
            f"{self.out_dir}: {ran} of {total} notebooks ran "
            f"in {self.seconds:.1f}s; index: {self.index}"
        )
        if not self.failed:
            return head
        lines = [head, f"{len(self.failed)} failed:"]
        lines += [f"  {stem}: {error}" for stem, error in self.failed]
        return "\n".join(lines)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def one_line(text: str, limit: int = 300) -> str:
    """Given an error text, return its first non-empty line without colour codes,
    at most ``limit`` characters."""
    clean = _ANSI.sub("", str(text))
    lines = [ln.strip() for ln in clean.splitlines() if ln.strip()]
    line = lines[0] if lines else clean.strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def error_line(err: BaseException) -> str:
    """Given an exception, return ``Type: message`` on one line."""
    return one_line(f"{type(err).__name__}: {err}")
