"""Running every notebook of a report: what ``sdfkit run`` does.

``run_batch(report, out)`` parses the report (a parse error propagates as the
SdfkitError it is), writes its tables to ``out/<report-id>/data/``, then runs with
papermill the overview notebook, the project notebook once per project and the
audit notebook, in parallel, and writes for each an executed ``.ipynb`` and an HTML
page without code cells, then ``index.html`` linking them all::

    out/<report-id>/
        index.html
        overview.ipynb   overview.html
        project_01.ipynb project_01.html   … one pair per project (number, 2 digits)
        audit.ipynb      audit.html
        figures/*.png    (written by the notebooks)
        data/            (meta.json, CSVs, xlsx: export.write_tables)

A notebook that fails does not stop the others: its executed notebook (with the
error cell) and its HTML are kept, the index marks it, and ``BatchResult.failed``
lists it; ``exit_code`` is then 1. Every file is written under a temporary name
and moved into place. Outputs of an earlier run that this run does not rewrite
(a project page of a report that had more projects, old figures) are removed,
but only files named the way this module names them, inside ``out/<report-id>/``.

How it runs: a process pool of ``jobs`` workers (default: the CPU count); each
worker runs papermill, one notebook at a time, each notebook in a fresh kernel.
Starting a kernel costs about a second, mostly waiting, so each worker starts
the kernel of its next notebook while the current one runs, and lets a finished
kernel exit in the background instead of waiting for it. Kernels talk to the
worker over Unix sockets in a private folder (not TCP). See scripts/bench.py.
Workers are spawned, so a script that calls ``run_batch`` needs the usual
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from sdfkit import paths
from sdfkit.exceptions import SdfkitError
from sdfkit.output import atomic_write, atomic_write_text, safe_child
from sdfkit.publish import site

KERNEL_NAME = "python3"
# Seconds a single cell may run before the notebook is failed (None: no limit).
CELL_TIMEOUT = 600
# Seconds to wait for a kernel to start.
START_TIMEOUT = 60
# How worker processes are made: spawn gives each a clean interpreter (no state or
# threads inherited from the caller); its cost (importing papermill) is paid once
# per worker, in parallel.
START_METHOD = "spawn"

_PAGE_FILE = re.compile(r"^(?:overview|audit|project_\d{2,})\.(?:ipynb|html)$")
# Temporary files left by an interrupted atomic_write of one of our outputs.
_PAGE_TMP = re.compile(
    r"^\.(?:overview|audit|project_\d{2,}|index)\.(?:ipynb|html)\.[A-Za-z0-9_]+\.tmp$"
)
_FIGURE_TMP = re.compile(r"^\.[a-z0-9]+(?:_[a-z0-9]+)*\.png\.[A-Za-z0-9_]+\.tmp$")


# --- Results ------------------------------------------------------------------------


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to run: the page stem (``project_01``), the template, and the
    papermill parameters."""

    stem: str
    template: Path
    parameters: dict


@dataclass(frozen=True)
class Outcome:
    """What running one notebook produced."""

    stem: str
    ipynb: bool = False
    html: bool = False
    error: str | None = None
    seconds: float = 0.0


@dataclass
class BatchResult:
    """The result of a batch: the output folder, the files written, the notebooks
    that failed as (stem, one-line error), and the wall time."""

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


# --- The kernel -----------------------------------------------------------------------


def ensure_kernel(name: str = KERNEL_NAME, install: bool = True) -> Path:
    """Make sure the Jupyter kernel ``name`` runs this interpreter (the venv's
    ipykernel, with sdfkit importable); install a kernelspec into this
    interpreter's prefix (``python -m ipykernel install --sys-prefix``) when it is
    missing or runs another Python. Return the kernelspec's folder; raise
    SdfkitError when no suitable kernel can be found or installed."""
    problem = _kernel_problem(name)
    if problem and install:
        cmd = [sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", name]
        cmd += ["--display-name", "Python 3 (sdfkit)"]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise SdfkitError(
                f"cannot install the {name!r} kernel: {detail[-1] if detail else done.returncode}"
            )
        problem = _kernel_problem(name)
    if problem:
        raise SdfkitError(f"Jupyter kernel {name!r}: {problem}")
    from jupyter_client.kernelspec import KernelSpecManager

    return Path(KernelSpecManager().get_kernel_spec(name).resource_dir)


def _kernel_problem(name: str) -> str | None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        return "no such kernelspec"
    if not spec.argv:
        return f"kernelspec {spec.resource_dir} has no command"
    exe = spec.argv[0]
    # jupyter_client runs "python"/"python3"/"python3.11" as this very interpreter.
    major, minor = sys.version_info[:2]
    if exe in {"python", f"python{major}", f"python{major}.{minor}"}:
        return None
    here = Path(sys.executable).absolute().parent
    if Path(exe).is_absolute() and Path(exe).absolute().parent == here:
        return None
    return f"kernelspec {spec.resource_dir} runs {exe}, not {sys.executable}"


# --- Planning -------------------------------------------------------------------------


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
    report, report_path: str | Path, out_dir: str | Path, notebooks_dir: str | Path
) -> list[NotebookJob]:
    """Given a parsed report, its path, its output folder and the notebooks
    folder, return the notebooks to run: overview, audit, then one per project (in
    that order: the longer ones first). Parameters are absolute paths."""
    found = templates(notebooks_dir)
    report_arg = str(Path(report_path).resolve())
    out_arg = str(Path(out_dir).resolve())
    common = {"report": report_arg, "out": out_arg}
    jobs = [
        NotebookJob(site.OVERVIEW, found["overview"], dict(common)),
        NotebookJob(site.AUDIT, found["audit"], dict(common)),
    ]
    numbers = [int(n) for n in report.projects["project_no"].dropna()]
    for number in dict.fromkeys(numbers):
        jobs.append(
            NotebookJob(
                site.project_stem(number), found["project"], {**common, "project_no": number}
            )
        )
    return jobs


def default_jobs() -> int:
    """The default parallelism: the number of CPUs this process may use (the CPU
    count, less any affinity mask)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --- Stale outputs --------------------------------------------------------------------


def remove_stale(out_dir: str | Path, keep: set[str]) -> list[Path]:
    """Given a report's output folder and the page stems of this run, remove the
    pages of other stems (``project_14.html`` …) and temporary files left by an
    interrupted run; return what was removed. Only names this module makes are
    touched, only directly inside the folder (and its ``figures/``), and links
    are removed as links, never followed."""
    root = Path(out_dir)
    removed: list[Path] = []
    for entry in _entries(root):
        name = entry.name
        stale_page = _PAGE_FILE.match(name) and name.rsplit(".", 1)[0] not in keep
        if stale_page or _PAGE_TMP.match(name):
            removed += _unlink(entry)
    figures = root / site.FIGURES
    if figures.is_dir() and not figures.is_symlink():
        for entry in _entries(figures):
            if _FIGURE_TMP.match(entry.name):
                removed += _unlink(entry)
    return removed


def figure_snapshot(out_dir: str | Path) -> dict[str, tuple[int, int]]:
    """Given a report's output folder, return its figures' identities (inode and
    modification time) by name: what ``remove_old_figures`` compares against."""
    folder = Path(out_dir) / site.FIGURES
    if not folder.is_dir() or folder.is_symlink():
        return {}
    snap = {}
    for entry in _entries(folder):
        if site.FIGURE_NAME.match(entry.name):
            st = entry.stat(follow_symlinks=False)
            snap[entry.name] = (st.st_ino, st.st_mtime_ns)
    return snap


def remove_old_figures(out_dir: str | Path, before: dict[str, tuple[int, int]]) -> list[Path]:
    """Given a report's output folder and its figures' snapshot from before the
    run, remove the figures this run did not write again (same inode and time):
    a figure of a project the report no longer has, of a chart since dropped."""
    folder = Path(out_dir) / site.FIGURES
    if not before or not folder.is_dir() or folder.is_symlink():
        return []
    removed = []
    for entry in _entries(folder):
        if entry.name not in before:
            continue
        st = entry.stat(follow_symlinks=False)
        if (st.st_ino, st.st_mtime_ns) == before[entry.name]:
            removed += _unlink(entry)
    return removed


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return [e for e in it if e.is_symlink() or e.is_file(follow_symlinks=False)]
    except FileNotFoundError:
        return []


def _unlink(entry: os.DirEntry) -> list[Path]:
    try:
        os.unlink(entry.path)
    except FileNotFoundError:
        return []
    return [Path(entry.path)]


# --- The batch --------------------------------------------------------------------------


def run_batch(
    report: Path,
    out: Path,
    jobs: int | None = None,
    notebooks_dir: Path = paths.NOTEBOOKS,
    progress: bool = True,
    *,
    timeout: float | None = CELL_TIMEOUT,
    kernel_name: str = KERNEL_NAME,
) -> BatchResult:
    """Given a report's path and an output folder, parse the report, write its
    tables, run every notebook into ``out/<report-id>/`` (``jobs`` at a time,
    default the CPU count) with a progress bar on stderr, write ``index.html`` and
    return the BatchResult. Parse errors propagate as SdfkitError; a failing
    notebook does not stop the others (``exit_code`` 1, summary on stderr)."""
    from sdfkit.parse.pipeline import read_report

    started = time.monotonic()
    report_path = Path(report)
    parsed = read_report(report_path)
    found = templates(notebooks_dir)
    ensure_kernel(kernel_name)

    out_root = Path(out)
    out_root.mkdir(parents=True, exist_ok=True)
    out_dir = safe_child(out_root, parsed.report_id)
    out_dir.mkdir(exist_ok=True)
    result = BatchResult(report_id=parsed.report_id, out_dir=out_dir)

    job_list = plan(parsed, report_path, out_dir, Path(notebooks_dir))
    result.removed += remove_stale(out_dir, {j.stem for j in job_list})
    before = figure_snapshot(out_dir)

    data_failed: list[tuple[str, str]] = []

    def write_data() -> None:
        # Runs in this process while the workers run the notebooks.
        try:
            from sdfkit.publish.tables import write_tables

            result.outputs.extend(write_tables(parsed, safe_child(out_dir, site.DATA)))
        except Exception as err:  # noqa: BLE001 - reported like a failed notebook
            data_failed.append((site.DATA, _one_line(f"{type(err).__name__}: {err}")))

    outcomes = execute(
        job_list,
        out_dir,
        workers=jobs or default_jobs(),
        cwd=found["overview"].parent,
        kernel_name=kernel_name,
        progress=progress,
        timeout=timeout,
        desc=parsed.report_id,
        while_running=write_data,
    )
    result.removed += remove_old_figures(out_dir, before)

    # Report order: overview, projects by number, audit.
    order = {p.stem: i for i, p in enumerate(site.discover(out_dir, parsed))}
    outcomes.sort(key=lambda o: order.get(o.stem, len(order)))
    result.outcomes = outcomes
    result.failed = data_failed + [(o.stem, o.error) for o in outcomes if o.error]
    for o in outcomes:
        if o.ipynb:
            result.outputs.append(out_dir / f"{o.stem}.ipynb")
        if o.html:
            result.outputs.append(out_dir / f"{o.stem}.html")
    result.outputs += [out_dir / site.FIGURES / name for name in site.figures(out_dir)]
    result.outputs.append(site.write_index(parsed, out_dir, failed=dict(result.failed)))
    site.embed_font(out_dir)
    result.seconds = time.monotonic() - started
    if progress or result.failed:
        print(result.summary(), file=sys.stderr)
    return result


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
    prewarm: bool = True,
    desc: str = "notebooks",
    while_running=None,
) -> list[Outcome]:
    """Given notebooks to run and a folder, run them in a pool of ``workers``
    processes and write ``<stem>.ipynb`` (and ``<stem>.html`` unless ``html`` is
    false) into the folder; return one Outcome per job, in completion order.
    ``while_running`` is called in this process once the jobs are queued."""
    from tqdm.auto import tqdm

    jobs = list(jobs)
    if not jobs:
        if while_running:
            while_running()
        return []
    workers = max(1, min(workers or default_jobs(), len(jobs)))
    folder = str(Path(out_dir).resolve())
    cwd_arg = str(Path(cwd).resolve()) if cwd else folder
    outcomes: list[Outcome] = []
    ctx = multiprocessing.get_context(START_METHOD)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(kernel_name, cwd_arg, prewarm),
    )
    try:
        futures = {}
        for i, job in enumerate(jobs):
            # The last notebook of each worker needs no kernel after it.
            warm_next = prewarm and i < len(jobs) - workers
            args = (job, folder, html, timeout, warm_next)
            futures[pool.submit(_run_job, *args)] = job
        if while_running:
            while_running()
        with tqdm(
            total=len(jobs),
            desc=desc,
            unit="nb",
            file=sys.stderr,
            disable=not progress,
            dynamic_ncols=True,
            leave=False,
        ) as bar:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    outcome = future.result()
                except BaseException as err:  # a worker died: that job fails, not the batch
                    if isinstance(err, KeyboardInterrupt):
                        raise
                    outcome = Outcome(job.stem, error=_one_line(f"{type(err).__name__}: {err}"))
                outcomes.append(outcome)
                bar.set_postfix_str(job.stem + (" FAILED" if outcome.error else ""), refresh=False)
                bar.update(1)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return outcomes


# --- Inside a worker process -------------------------------------------------------------

_WORKER = None


class _Kernels:
    """The kernels of one worker: at most one running a notebook, one started
    ahead for the next notebook, and finished ones exiting in the background."""

    def __init__(self, kernel_name: str, cwd: str):
        self.kernel_name = kernel_name
        self.cwd = cwd
        # Unix sockets live here, readable by this user only (mkdtemp makes it 0700).
        self.sockets = tempfile.mkdtemp(prefix="sdfkit-kernels-")
        self.spare = None
        self.dying: list[tuple[object, float]] = []
        self._ids = itertools.count(1)
        self.env = dict(os.environ)
        self.env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    def start(self):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        if os.name == "posix":
            # Unix sockets in our private folder: no port open to other users.
            ipc = os.path.join(self.sockets, f"k{next(self._ids)}")
            km = AsyncKernelManager(kernel_name=self.kernel_name, transport="ipc", ip=ipc)
        else:  # pragma: no cover - Windows has no Unix sockets
            km = AsyncKernelManager(kernel_name=self.kernel_name)
        # Launches the process and returns: the kernel boots while we do other work.
        run_sync(km.start_kernel)(cwd=self.cwd, env=self.env)
        return km

    def take(self, warm_next: bool):
        """Return a started kernel for the next notebook, and start the one after
        it when ``warm_next``."""
        from jupyter_core.utils import run_sync

        self.reap()
        km, self.spare = self.spare, None
        if km is not None and not run_sync(km.is_alive)():
            self._cleanup(km)
            km = None
        if km is None:
            km = self.start()
        if warm_next:
            self.spare = self.start()
        return km

    def release(self, km) -> None:
        """Ask a finished kernel to exit, without waiting for it."""
        from jupyter_core.utils import run_sync

        try:
            if run_sync(km.is_alive)():
                run_sync(km.request_shutdown)()
        except Exception:  # noqa: BLE001 - a kernel that cannot be asked is killed later
            pass
        self.dying.append((km, time.monotonic()))

    def reap(self, grace: float = 10.0) -> None:
        """Clean up kernels that have exited; kill those that ignore the request
        for longer than ``grace`` seconds."""
        from jupyter_core.utils import run_sync

        still = []
        for km, since in self.dying:
            try:
                alive = run_sync(km.is_alive)()
                if alive and time.monotonic() - since > grace:
                    run_sync(km.kill_kernel)()
                    alive = False
            except Exception:  # noqa: BLE001
                alive = False
            if alive:
                still.append((km, since))
            else:
                self._cleanup(km)
        self.dying = still

    def close(self, wait: float = 3.0) -> None:
        """Stop every kernel of this worker (those still exiting get ``wait``
        seconds) and remove the socket folder."""
        if self.spare is not None:
            self.release(self.spare)
            self.spare = None
        deadline = time.monotonic() + wait
        while self.dying and time.monotonic() < deadline:
            self.reap()
            if self.dying:
                time.sleep(0.05)
        self.reap(grace=0.0)
        shutil.rmtree(self.sockets, ignore_errors=True)

    def _cleanup(self, km) -> None:
        from jupyter_core.utils import run_sync

        try:
            run_sync(km.cleanup_resources)()
        except Exception:  # noqa: BLE001
            pass


class _Worker:
    def __init__(self, kernel_name: str, cwd: str, prewarm: bool):
        self.kernel_name = kernel_name
        self.cwd = cwd
        self.kernels = _Kernels(kernel_name, cwd)
        self._exporter = None
        if prewarm:
            # The first notebook's kernel boots while papermill is imported.
            self.kernels.spare = self.kernels.start()

    @property
    def exporter(self):
        if self._exporter is None:
            self._exporter = html_exporter()
        return self._exporter


# The lab template without the scripts it loads from a CDN (require.js, MathJax,
# Mermaid): the pages open from disk, offline, and run no third-party code.
# Pages use the site's own Hangul font and lead back to the index.
PAGE_TEMPLATE = (
    """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}<style>
"""
    + site.FONT_PLACEHOLDER
    + """
:root:root { --jp-content-font-family: "SdfkitNanumGothic", system-ui, sans-serif;
  --jp-ui-font-family: "SdfkitNanumGothic", system-ui, sans-serif; }
/* :root twice outweighs the theme's own :root variables, which come later. */
nav.sdfkit { padding: .5rem 0; font-size: .9rem; font-family: var(--jp-ui-font-family); }
body { font-family: var(--jp-content-font-family); }
</style>{% endblock extra_css %}
{%- block body_header -%}{{ super() }}
<nav class="sdfkit"><a href="index.html">← 목차 (index)</a></nav>
{%- endblock body_header -%}
"""
)


def html_exporter():
    """Return the exporter of the pages: as ``jupyter nbconvert --to html
    --no-input`` (no code cells, no prompts), without CDN scripts."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    exporter.raw_template = PAGE_TEMPLATE
    return exporter


def _init_worker(kernel_name: str, cwd: str, prewarm: bool) -> None:
    global _WORKER
    _quiet()
    _WORKER = _Worker(kernel_name, cwd, prewarm)
    # Runs when the worker exits normally (the pool shuts down).
    multiprocessing.util.Finalize(None, _WORKER.kernels.close, exitpriority=10)
    import papermill  # noqa: F401 - import once, before the first notebook

    _register_engine()


def _quiet() -> None:
    # The progress bar is the batch's output; papermill's and nbclient's chatter
    # would break it. Errors come back as Outcomes.
    for name in ("papermill", "traitlets", "nbclient"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message=r"The specified file .* does not end in one of")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)


_ENGINE = "sdfkit"


def _register_engine() -> None:
    """Register a papermill engine that runs the notebook on a kernel we started
    (``km=``) and closes its client afterwards, leaving the kernel to us."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.iorw import write_ipynb
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class WarmKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=START_TIMEOUT,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            partial = kwargs.pop("partial_path", None)
            final = merge_kwargs(
                kwargs,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = PapermillNotebookClient(nb_man, **final)
            try:
                return client.execute()
            except BaseException:
                # A dead kernel or a timeout: keep what ran (papermill itself saves
                # only cell errors when it does not save after every cell).
                if partial:
                    write_ipynb(nb_man.nb, partial)
                raise
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register(_ENGINE, WarmKernelEngine)


def _run_job(job: NotebookJob, out_dir: str, html: bool, timeout, warm_next: bool) -> Outcome:
    """Run one notebook in this worker: papermill into a temporary file moved into
    place (kept when the notebook fails), then its HTML."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    worker = _WORKER
    started = time.monotonic()
    root = Path(out_dir)
    target = safe_child(root, f"{job.stem}.ipynb")
    state: dict = {"error": None, "nb": None}

    def write(tmp: Path) -> None:
        km = worker.kernels.take(warm_next)
        try:
            state["nb"] = papermill.execute_notebook(
                str(job.template),
                str(tmp),
                parameters=job.parameters,
                kernel_name=worker.kernel_name,
                engine_name=_ENGINE,
                progress_bar=False,
                cwd=worker.cwd,
                start_timeout=START_TIMEOUT,
                execution_timeout=timeout,
                # One write at the end (or at the failing cell), not one per cell:
                # each write serialises and validates the whole notebook.
                request_save_on_cell_execute=False,
                partial_path=str(tmp),
                km=km,
            )
        except PapermillExecutionError as err:
            state["error"] = _one_line(f"{err.ename}: {err.evalue}")
        except Exception as err:  # noqa: BLE001 - any failure is this notebook's, not the batch's
            state["error"] = _one_line(f"{type(err).__name__}: {err}")
        finally:
            worker.kernels.release(km)
        if tmp.stat().st_size == 0:
            raise _NoNotebook

    try:
        atomic_write(target, write)
        wrote = True
    except _NoNotebook:
        # Papermill could not even write the notebook: no stale copy may stay.
        target.unlink(missing_ok=True)
        wrote = False

    rendered = False
    if html:
        page = safe_child(root, f"{job.stem}.html")
        try:
            nb = (
                state["nb"]
                if state["nb"] is not None
                else (nbformat.read(target, as_version=4) if wrote else None)
            )
            if nb is not None:
                body, _ = worker.exporter.from_notebook_node(
                    nb, resources={"metadata": {"name": job.stem}}
                )
            else:
                body = _error_page(job.stem, state["error"] or "the notebook did not run")
            atomic_write_text(page, body)
            rendered = True
        except Exception as err:  # noqa: BLE001
            page.unlink(missing_ok=True)
            message = _one_line(f"HTML: {type(err).__name__}: {err}")
            state["error"] = f"{state['error']}; {message}" if state["error"] else message
    return Outcome(
        job.stem,
        ipynb=wrote,
        html=rendered,
        error=state["error"],
        seconds=time.monotonic() - started,
    )


class _NoNotebook(Exception):
    pass


def _error_page(stem: str, error: str) -> str:
    import html

    return (
        '<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(stem)}</title></head><body>"
        f"<h1>{html.escape(stem)}</h1><p>노트북을 실행하지 못했습니다.</p>"
        f"<pre>{html.escape(error)}</pre></body></html>\n"
    )


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _one_line(text: str, limit: int = 300) -> str:
    """Given an error text, return its first non-empty line without colour codes,
    at most ``limit`` characters."""
    clean = _ANSI.sub("", str(text))
    lines = [ln.strip() for ln in clean.splitlines() if ln.strip()]
    line = lines[0] if lines else clean.strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"
