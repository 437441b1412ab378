"""Writing what a worker returned into a report's output folder, atomically.

Figures first, then the page, then the executed notebook: the notebook carries the
key and the hashes of the others, so a run stopped part way leaves a notebook that
does not match its page or figures, and is run again, never taken as up to date.
"""

from __future__ import annotations

from pathlib import Path

from sdfkit.batch.execute import NotebookRun
from sdfkit.output import atomic_write_bytes, safe_child
from sdfkit.publish import site


def write_run(run: NotebookRun, folder: Path, html: bool = True) -> list[Path]:
    """Given a NotebookRun and its output folder, write its figures, page and
    notebook there and return the paths written. A page or notebook the run could
    not make is removed, so no stale copy stays beside a new one."""
    written = []
    for name, data in run.figures.items():
        if site.FIGURE_NAME.match(name):
            written.append(atomic_write_bytes(safe_child(folder, site.FIGURES, name), data))
    page = safe_child(folder, f"{run.stem}.html")
    if run.html is not None:
        written.append(atomic_write_bytes(page, run.html))
    elif html:
        page.unlink(missing_ok=True)
    notebook = safe_child(folder, f"{run.stem}.ipynb")
    if run.ipynb is not None:
        written.append(atomic_write_bytes(notebook, run.ipynb))
    else:
        notebook.unlink(missing_ok=True)
    return written
