"""What a batch runs: the notebooks of a report, as jobs with their parameters.

A report gets the overview notebook, the audit notebook and the project notebook
once per §Ⅲ project, longest first so the pool ends evenly. Page stems come from
fixed words and project numbers only, never from report text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sdfkit import paths
from sdfkit.exceptions import SdfkitError
from sdfkit.publish import site

# The parameters that name a folder the notebook reads, and the one it writes to.
INPUT_PARAMETERS = ("report", "corpus")
OUTPUT_PARAMETER = "out"


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to run: the page stem (``project_01``), the template, the
    papermill parameters, and the folder its outputs go to (None: the folder the
    batch is given)."""

    stem: str
    template: Path
    parameters: dict
    folder: Path | None = None
    # Extra inputs of the incremental key beyond the template and the parameters
    # (the sha256 of the report and of the tables the notebook reads).
    inputs: dict = field(default_factory=dict, compare=False)

    @property
    def label(self) -> str:
        """The job's name in progress and messages: ``<folder>/<stem>``."""
        return f"{self.folder.name}/{self.stem}" if self.folder else self.stem


def templates(notebooks_dir: str | Path = paths.NOTEBOOKS) -> dict[str, Path]:
    """Given the notebooks folder, return the three templates by kind (overview,
    project, audit); raise SdfkitError naming any that is missing."""
    folder = Path(notebooks_dir)
    found = {kind: folder / name for kind, name in site.TEMPLATES.items()}
    missing = [str(p) for p in found.values() if not p.is_file()]
    if missing:
        raise SdfkitError(f"notebook template missing: {', '.join(missing)}", folder)
    return found


def plan(
    report,
    report_path: str | Path,
    out_dir: str | Path,
    notebooks_dir: str | Path,
    inputs: dict | None = None,
) -> list[NotebookJob]:
    """Given a parsed report, what the notebooks read as ``report`` (its processed
    folder), its output folder and the notebooks folder, return the notebooks to
    run: overview, audit, then one per project (in that order: the longer ones
    first). Parameters are absolute paths; ``inputs`` goes into every job's key."""
    found = templates(notebooks_dir)
    out = Path(out_dir).resolve()
    common = {"report": str(Path(report_path).resolve()), OUTPUT_PARAMETER: str(out)}
    extra = dict(inputs or {})
    jobs = [
        NotebookJob(site.OVERVIEW, found["overview"], dict(common), out, extra),
        NotebookJob(site.AUDIT, found["audit"], dict(common), out, extra),
    ]
    numbers = [int(n) for n in report.projects["project_no"].dropna()]
    for number in dict.fromkeys(numbers):
        parameters = {**common, "project_no": number}
        jobs.append(
            NotebookJob(site.project_stem(number), found["project"], parameters, out, extra)
        )
    return jobs


def default_jobs() -> int:
    """The default parallelism: the number of CPUs this process may use (the CPU
    count, less any affinity mask)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1
