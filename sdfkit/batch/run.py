"""Running jobs through an engine and writing what comes back: the batch's core.

:func:`run_jobs` turns jobs into tasks (the template's text, the parameters, the
incremental stamp), skips those whose outputs are up to date (see cache.py), sends
the rest to an engine (the local pool, or a Dask cluster), writes each result as it
arrives, with a progress bar on stderr, and returns one Outcome per job.
:func:`run_batch` is the whole batch over one report.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path

from sdfkit import paths
from sdfkit.batch import cache
from sdfkit.batch.execute import NotebookRun, Task
from sdfkit.batch.kernel import CELL_TIMEOUT, KERNEL_NAME, ensure_kernel
from sdfkit.batch.plan import INPUT_PARAMETERS, NotebookJob, default_jobs, plan, templates
from sdfkit.batch.pool import LocalPool
from sdfkit.batch.result import BatchResult, Outcome, error_line
from sdfkit.batch.stale import remove_other_figures, remove_stale
from sdfkit.batch.write import write_run
from sdfkit.output import atomic_write_bytes, safe_child
from sdfkit.publish import site

# Files of the batch's own in a processed folder: not data, not copied to a site.
RUN_FILES = {"sdfkit-run.json"}


def make_engine(
    jobs: int | None = None,
    scheduler: str | None = None,
    kernel_name: str = KERNEL_NAME,
):
    """Given the parallelism or a Dask scheduler's address, return the engine:
    the local pool, or a Dask client's engine (see distributed.py)."""
    if scheduler:
        from sdfkit.batch.distributed import DaskEngine

        return DaskEngine(scheduler, kernel_name=kernel_name)
    return LocalPool(jobs or default_jobs(), kernel_name=kernel_name)


def run_jobs(
    jobs: Sequence[NotebookJob],
    engine,
    *,
    out_dir: str | Path | None = None,
    progress: bool = True,
    html: bool = True,
    timeout: float | None = CELL_TIMEOUT,
    kernel_name: str = KERNEL_NAME,
    desc: str = "notebooks",
    force: bool = True,
    while_running: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Given jobs and an engine, run the jobs that are not up to date (all of them
    when ``force``), write each one's notebook, page and figures into its folder
    (``out_dir`` for jobs without one) and return one Outcome per job: skipped
    ones first, then in completion order. ``while_running`` is called in this
    process once the jobs are sent."""
    from tqdm.auto import tqdm

    default = Path(out_dir).resolve() if out_dir is not None else None
    texts: dict[Path, str] = {}
    shipped: dict[Path, dict[str, bytes]] = {}
    tasks: dict[str, tuple[Task, NotebookJob, Path, str]] = {}
    outcomes: list[Outcome] = []
    env = cache.environment_of(engine, kernel_name)
    for job in jobs:
        folder = (job.folder or default).resolve()
        if job.template not in texts:
            texts[job.template] = Path(job.template).read_text(encoding="utf-8")
        stamp = cache.stamp(job, texts[job.template], env)
        reason = "forced" if force else cache.why_run(folder, job.stem, stamp)
        if reason is None:
            outcomes.append(Outcome(job.stem, True, True, skipped=True, folder=folder))
            continue
        task = Task(
            label=f"{folder.name}/{job.stem}",
            stem=job.stem,
            notebook=texts[job.template],
            parameters=dict(job.parameters),
            inputs=_ship(job, shipped) if getattr(engine, "ships_inputs", False) else None,
            stamp=stamp,
            html=html,
            timeout=timeout,
            kernel_name=kernel_name,
        )
        tasks[task.label] = (task, job, folder, reason)
    if not tasks:
        if while_running:
            while_running()
        return outcomes
    results = engine.run([t for t, *_ in tasks.values()])
    with (
        _stopping(results),
        tqdm(
            total=len(tasks),
            desc=desc,
            unit="nb",
            file=sys.stderr,
            disable=not progress,
            dynamic_ncols=True,
            leave=False,
        ) as bar,
    ):
        first = True
        for run in results:
            if first and while_running:
                while_running()
            first = False
            _task, job, folder, reason = tasks[run.label]
            outcomes.append(_write(run, job, folder, reason, html))
            bar.set_postfix_str(run.label + (" FAILED" if run.error else ""), refresh=False)
            bar.update(1)
    return outcomes


@contextmanager
def _stopping(results):
    """Given an engine's results, close them however the block ends: a Ctrl-C
    while a result is written (not only while one is awaited) stops the engine
    here, before the caller goes on (and closes the engine)."""
    try:
        yield results
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


def _write(run: NotebookRun, job: NotebookJob, folder: Path, reason: str, html: bool) -> Outcome:
    error = run.error
    try:
        write_run(run, folder, html=html)
    except Exception as err:  # noqa: BLE001 - a page that cannot be written fails alone
        error = f"{error}; {error_line(err)}" if error else error_line(err)
    return Outcome(
        job.stem,
        ipynb=run.ipynb is not None and (folder / f"{job.stem}.ipynb").is_file(),
        html=run.html is not None and (folder / f"{job.stem}.html").is_file(),
        error=error,
        seconds=run.seconds,
        reason=reason,
        folder=folder,
        steps=dict(run.steps),
    )


def _ship(job: NotebookJob, cache_: dict[Path, dict[str, bytes]]) -> dict[str, dict[str, bytes]]:
    # A worker without our file system gets the input folders' files as bytes:
    # what the notebooks read (the workbooks are for people), each folder read once.
    shipped = {}
    for name in INPUT_PARAMETERS:
        value = job.parameters.get(name)
        if not value or not Path(value).is_dir():
            continue
        root = Path(value)
        if root not in cache_:
            cache_[root] = {
                p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*"))
                if p.is_file()
                and not p.is_symlink()
                and not p.name.startswith(".")
                and p.suffix != ".xlsx"
                and p.name not in RUN_FILES
            }
        shipped[name] = cache_[root]
    return shipped


def execute(
    jobs: Sequence[NotebookJob],
    out_dir: str | Path,
    *,
    workers: int | None = None,
    cwd: str | Path | None = None,
    kernel_name: str = KERNEL_NAME,
    progress: bool = True,
    html: bool = True,
    timeout: float | None = CELL_TIMEOUT,
    desc: str = "notebooks",
    while_running: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Given notebooks to run and a folder, run them all in a local pool of
    ``workers`` processes and write ``<stem>.ipynb`` (and ``<stem>.html`` unless
    ``html`` is false) into the folder; return one Outcome per job. (``cwd`` is
    accepted for compatibility: each notebook runs in a private folder.)"""
    engine = LocalPool(workers or default_jobs(), kernel_name=kernel_name)
    return run_jobs(
        jobs,
        engine,
        out_dir=out_dir,
        progress=progress,
        html=html,
        timeout=timeout,
        kernel_name=kernel_name,
        desc=desc,
        while_running=while_running,
    )


def processed_folder(processed: str | Path | None, out_dir: Path, report_id: str) -> Path:
    """Given the ``--processed`` option (None: the site's own ``data/``), a
    report's site folder and its id, return the folder its tables go to."""
    if processed is None:
        return safe_child(out_dir, site.DATA)
    root = Path(processed)
    root.mkdir(parents=True, exist_ok=True)
    return safe_child(root, report_id)


def copy_data(processed: Path, out_dir: Path) -> list[Path]:
    """Given a report's processed folder and its site folder, copy the tables
    into the site's ``data/`` (when they are not already there), so the site is
    whole by itself: it links its data relatively."""
    data = safe_child(out_dir, site.DATA)
    if processed.resolve() == data.resolve():
        return []
    written = []
    for source in sorted(processed.iterdir()):
        name = source.name
        if name in RUN_FILES or not site.SAFE_FILE.match(name):
            continue
        if not source.is_file() or source.is_symlink():
            continue
        target = safe_child(data, name)
        if target.is_file() and target.stat().st_size == source.stat().st_size:
            if target.read_bytes() == source.read_bytes():
                continue
        written.append(atomic_write_bytes(target, source.read_bytes()))
    return written


def run_batch(
    report: Path,
    out: Path,
    jobs: int | None = None,
    notebooks_dir: Path = paths.NOTEBOOKS,
    progress: bool = True,
    *,
    timeout: float | None = CELL_TIMEOUT,
    kernel_name: str = KERNEL_NAME,
    processed: str | Path | None = None,
    force: bool = True,
    scheduler: str | None = None,
) -> BatchResult:
    """Given a report's path and an output folder, parse the report once, write
    its tables into its processed folder (``processed/<report-id>/``; by default
    the site's ``data/``), run every notebook on that folder into
    ``out/<report-id>/`` (``jobs`` at a time, default the CPU count) with a
    progress bar on stderr, write ``index.html`` and return the BatchResult.
    Parse errors propagate as SdfkitError; a failing notebook does not stop the
    others (``exit_code`` 1, summary on stderr)."""
    from sdfkit.parse.pipeline import read_report
    from sdfkit.publish.tables import write_tables

    started = time.monotonic()
    parsed = read_report(Path(report))
    templates(notebooks_dir)
    ensure_kernel(kernel_name)

    out_root = Path(out)
    out_root.mkdir(parents=True, exist_ok=True)
    out_dir = safe_child(out_root, parsed.report_id)
    out_dir.mkdir(exist_ok=True)
    result = BatchResult(report_id=parsed.report_id, out_dir=out_dir)
    tables = processed_folder(processed, out_dir, parsed.report_id)
    data_failed: list[tuple[str, str]] = []
    try:
        result.outputs += write_tables(parsed, tables)
        result.outputs += copy_data(tables, out_dir)
    except Exception as err:  # noqa: BLE001 - reported like a failed notebook
        data_failed.append((site.DATA, error_line(err)))

    job_list = plan(parsed, tables, out_dir, notebooks_dir, cache.report_inputs(report, tables))
    result.removed += remove_stale(out_dir, {j.stem for j in job_list})
    engine = make_engine(jobs, scheduler, kernel_name)
    try:
        outcomes = run_jobs(
            job_list,
            engine,
            out_dir=out_dir,
            progress=progress,
            timeout=timeout,
            kernel_name=kernel_name,
            desc=parsed.report_id,
            force=force,
        )
    finally:
        engine.close()
    tables_hash = job_list[0].inputs.get("tables", "") if job_list else ""
    finish_report(result, parsed, lambda: parsed, outcomes, data_failed, tables_hash=tables_hash)
    result.seconds = time.monotonic() - started
    if progress or result.failed:
        print(result.summary(), file=sys.stderr)
    return result


def finish_report(
    result: BatchResult,
    pages_of,
    report: Callable[[], object],
    outcomes: list[Outcome],
    data_failed=(),
    *,
    tables_hash: str,
    up: str | None = None,
) -> None:
    """Given a report's BatchResult, what its pages are planned from (its
    ``projects``), a function returning the full Report, its notebooks' outcomes
    and the hash of its tables, remove the figures no notebook made, record the
    outcomes and files, and write the report's index when anything it shows
    changed (the Report is loaded only then)."""
    out_dir = result.out_dir
    keep = set()
    for o in outcomes:
        keep |= cache.figures_of(out_dir, o.stem)
    result.removed += remove_other_figures(out_dir, keep)
    # Report order: overview, projects by number, audit.
    order = {p.stem: i for i, p in enumerate(site.discover(out_dir, pages_of))}
    outcomes.sort(key=lambda o: order.get(o.stem, len(order)))
    result.outcomes = outcomes
    result.failed = list(data_failed) + [(o.stem, o.error) for o in outcomes if o.error]
    for o in outcomes:
        if o.ipynb:
            result.outputs.append(out_dir / f"{o.stem}.ipynb")
        if o.html:
            result.outputs.append(out_dir / f"{o.stem}.html")
    result.outputs += [out_dir / site.FIGURES / name for name in site.figures(out_dir)]
    failed = dict(result.failed)
    key = cache.index_key(pages_of, out_dir, failed, up, tables_hash)
    path = safe_child(out_dir, site.INDEX)
    if site.index_key(path) != key:
        path = site.write_index(report(), out_dir, failed=failed, key=key, up=up)
    result.outputs.append(path)
