"""Running one notebook, wherever a worker runs: in a private folder, into bytes.

A :class:`Task` carries everything a worker needs: the template's text, the
parameters, and (for a worker without the client's file system) the bytes of the
folders the notebook reads. :func:`run_task` runs it with papermill's public API in
a fresh kernel, in a private temporary folder where the notebook writes its
figures, and returns a :class:`NotebookRun`: the executed notebook, its HTML page
and its figures as bytes, which the client writes into the output folder
atomically. The local pool and a Dask worker run the same function, so they
produce the same pages.

The temporary folders' paths are replaced in the executed notebook by the paths
the task names (the client's), so a notebook shows the same parameters and
outputs wherever it ran.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from sdfkit.batch.kernel import CELL_TIMEOUT, KERNEL_NAME, START_TIMEOUT
from sdfkit.batch.plan import INPUT_PARAMETERS, OUTPUT_PARAMETER
from sdfkit.batch.result import error_line, one_line
from sdfkit.publish import site

# Where the incremental key and the outputs' hashes live in an executed notebook.
METADATA_KEY = "sdfkit"


@dataclass(frozen=True)
class Task:
    """One notebook for a worker: a label (``<report-id>/project_01``), the page
    stem, the template's JSON text, the parameters as the notebook shows them,
    the input folders' files by parameter (None: the worker reads the paths
    themselves), the stamp recorded in the notebook's metadata, and options."""

    label: str
    stem: str
    notebook: str
    parameters: dict
    inputs: dict[str, dict[str, bytes]] | None = None
    stamp: dict = field(default_factory=dict)
    html: bool = True
    timeout: float | None = CELL_TIMEOUT
    kernel_name: str = KERNEL_NAME


@dataclass
class NotebookRun:
    """What a worker returns: the executed notebook (JSON bytes, None when none
    could be made), the HTML page, the figures by file name, the one-line error,
    and the seconds spent by step."""

    label: str
    stem: str
    ipynb: bytes | None = None
    html: bytes | None = None
    figures: dict[str, bytes] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)


def quiet() -> None:
    """Silence papermill's and nbclient's chatter in this process: the progress
    bar is the batch's output, and errors come back in NotebookRuns."""
    for name in ("papermill", "traitlets", "nbclient", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message=r"The specified file .* does not end in one of")
    warnings.filterwarnings("ignore", message=r"Passed unknown parameter")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def run_task(task: Task, km=None) -> NotebookRun:
    """Given a task (and optionally a kernel already started, ``km``), run the
    notebook and return what it produced. Never raises for a notebook's failure:
    the error is in the NotebookRun."""
    started = time.monotonic()
    run = NotebookRun(task.label, task.stem)
    work = Path(tempfile.mkdtemp(prefix="sdfkit-nb-"))
    try:
        params, back = _localise(task, work)
        executed = work / "executed.ipynb"
        if OUTPUT_PARAMETER in task.parameters:
            back[str(executed)] = str(
                Path(task.parameters[OUTPUT_PARAMETER]) / f"{task.stem}.ipynb"
            )
        nb, run.error = _execute(task, params, work, executed, km)
        run.steps["execute"] = time.monotonic() - started
        out = Path(params.get(OUTPUT_PARAMETER, work / "out"))
        run.figures = _figures(out / site.FIGURES)
        t = time.monotonic()
        if nb is not None:
            _replace_paths(nb, back)
            _steady_ids(nb)
            _record(nb, task, run)
        if task.html:
            run.html = _page(nb, task.stem, run)
        if nb is not None:
            import nbformat

            # The page's hash goes in last: the page does not show the metadata.
            nb.metadata[METADATA_KEY]["html"] = sha256(run.html) if run.html else None
            nb.metadata[METADATA_KEY]["ok"] = run.error is None
            run.ipynb = nbformat.writes(nb).encode("utf-8")
        run.steps["html"] = time.monotonic() - t
    except Exception as err:  # noqa: BLE001 - anything here is this notebook's failure
        run.error = error_line(err)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    run.seconds = time.monotonic() - started
    return run


def _localise(task: Task, work: Path) -> tuple[dict, dict[str, str]]:
    # The notebook writes into a fresh folder of its own; it reads the input
    # folders where they are, or from their shipped bytes.
    params = dict(task.parameters)
    back: dict[str, str] = {}
    if OUTPUT_PARAMETER in params:
        out = work / "out"
        out.mkdir()
        back[str(out)] = str(params[OUTPUT_PARAMETER])
        params[OUTPUT_PARAMETER] = str(out)
    for name, files in (task.inputs or {}).items():
        if name not in INPUT_PARAMETERS or name not in params:
            continue
        folder = work / "in" / name
        for rel, data in files.items():
            target = (folder / rel).resolve()
            if folder.resolve() not in target.parents:
                raise ValueError(f"input file {rel!r} leaves its folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        folder.mkdir(parents=True, exist_ok=True)
        back[str(folder)] = str(params[name])
        params[name] = str(folder)
    return params, back


def _execute(task: Task, params: dict, work: Path, executed: Path, km):
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    error = None
    template = nbformat.reads(task.notebook, as_version=4)
    # One output per stream of a cell, however the kernel happened to flush it:
    # the same inputs then give the same notebook and page, wherever they ran.
    extra = {"coalesce_streams": True}
    if km is not None:
        extra["km"] = km
    try:
        nb = papermill.execute_notebook(
            template,
            str(executed),
            parameters=params,
            kernel_name=task.kernel_name,
            progress_bar=False,
            # With a kernel of ours, it already runs in its own folder; papermill's
            # cwd would chdir this whole process (threads of a Dask worker share it).
            cwd=None if km is not None else str(work),
            start_timeout=START_TIMEOUT,
            execution_timeout=task.timeout,
            # One write at the end (or at the failing cell), not one per cell:
            # each write serialises and validates the whole notebook.
            request_save_on_cell_execute=False,
            **extra,
        )
        return nb, None
    except PapermillExecutionError as err:
        error = one_line(f"{err.ename}: {err.evalue}")
    except Exception as err:  # noqa: BLE001 - a dead kernel, a timeout: this notebook's
        error = error_line(err)
    if executed.is_file() and executed.stat().st_size:
        try:
            return nbformat.read(executed, as_version=4), error
        except Exception:  # noqa: BLE001 - unreadable: no notebook, the error stands
            pass
    return None, error


def _figures(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if site.FIGURE_NAME.match(p.name) and p.is_file() and not p.is_symlink()
    }


def _replace_paths(node, back: dict[str, str]):
    """Replace, in every string of a notebook, the worker's temporary paths by the
    client's (longest first, so a folder inside another is replaced whole)."""
    pairs = sorted(back.items(), key=lambda kv: -len(kv[0]))

    def fix(value):
        if isinstance(value, str):
            for old, new in pairs:
                if old in value:
                    value = value.replace(old, new)
            return value
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            for k in list(value):
                value[k] = fix(value[k])
            return value
        return value

    return fix(node)


def _steady_ids(nb) -> None:
    # papermill gives the cells it adds (parameters, error markers) random ids:
    # fixed ones make a notebook run twice on the same inputs the same page.
    for i, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        for tag in ("injected-parameters", "papermill-error-cell-tag"):
            if tag in tags:
                cell["id"] = f"{tag}-{i}"


def sha256(data: bytes) -> str:
    """Given bytes, return their sha256 as hex."""
    return hashlib.sha256(data).hexdigest()


def _record(nb, task: Task, run: NotebookRun) -> None:
    # The key of the inputs, and what the outputs must be for the notebook to be
    # taken as up to date next time (a figure or page changed since is not).
    stamp = dict(task.stamp)
    stamp["ok"] = run.error is None
    stamp["figures"] = {name: sha256(data) for name, data in run.figures.items()}
    nb.metadata[METADATA_KEY] = stamp


def _page(nb, stem: str, run: NotebookRun) -> bytes | None:
    from sdfkit.batch.export import error_page, notebook_page

    try:
        if nb is not None:
            # The comparison page sits in its own folder, under the corpus index.
            index = "../index.html" if stem == site.COMPARE else "index.html"
            text = notebook_page(nb, stem, index)
        else:
            text = error_page(stem, run.error or "the notebook did not run")
    except Exception as err:  # noqa: BLE001 - no page: said in the error
        message = one_line(f"HTML: {type(err).__name__}: {err}")
        run.error = f"{run.error}; {message}" if run.error else message
        return None
    return text.encode("utf-8")
