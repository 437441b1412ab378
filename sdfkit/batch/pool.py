"""The local engine: a pool of worker processes, each running one notebook at a time.

Workers are spawned (a clean interpreter each, no state or threads inherited from
the caller; importing papermill is paid once per worker, in parallel), so a script
that runs a batch needs the usual ``if __name__ == "__main__":`` guard. Each
notebook gets a fresh kernel (kernel.Kernels). What a worker puts in the
temporary folder (its kernels' connection files, each notebook's private folder)
goes in a folder of its own, beside its kernels' folder.

Ctrl-C: a terminal sends SIGINT to the whole process group, but only the client
acts on it (the workers are born ignoring it, the kernels run in sessions of their
own). It cancels the queued notebooks and stops every worker (SIGTERM): a worker
kills its kernels, removes its temporary folder and exits at once, without
finishing its notebook. The client writes only finished results, atomically, so
Ctrl-C leaves whole files, and no worker or kernel, behind.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager

from sdfkit.batch.execute import NotebookRun, Task, quiet, run_task
from sdfkit.batch.kernel import KERNEL_NAME, Kernels, kill_kernel
from sdfkit.batch.result import error_line

START_METHOD = "spawn"
# Seconds a stopped worker gets to kill its kernels and exit before it is killed.
STOP_TIMEOUT = 10
_POSIX_SIGNALS = hasattr(signal, "pthread_sigmask")

_KERNELS = None
# This worker's temporary folder, and the kernels of the notebook it runs now.
_FOLDER = None
_RUNNING: set = set()
# A stop was asked (SIGTERM), and how deep the worker is in starting or releasing a kernel.
_STOP_WANTED = False
_CRITICAL = 0


class LocalPool:
    """Runs tasks in ``workers`` local processes."""

    name = "local"

    def __init__(self, workers: int, kernel_name: str = KERNEL_NAME):
        self.workers = max(1, workers)
        self.kernel_name = kernel_name

    def run(self, tasks: Sequence[Task]) -> Iterator[NotebookRun]:
        """Given tasks, run them and yield each NotebookRun as it finishes. A
        worker that dies fails its notebook, not the batch. On Ctrl-C (or when the
        caller stops early) the notebooks not finished are dropped and the
        workers stopped before this returns."""
        tasks = list(tasks)
        if not tasks:
            return
        workers = min(self.workers, len(tasks))
        pool = None
        # The workers are this process's children that the pool starts (it has no
        # public list of them before Python 3.14's terminate_workers).
        before = set(multiprocessing.active_children())
        try:
            # The workers are spawned while the client blocks SIGINT, so they start
            # with it blocked (until they ignore it: _init_worker).
            with sigint_blocked():
                pool = ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=multiprocessing.get_context(START_METHOD),
                    initializer=_init_worker,
                    initargs=(self.kernel_name,),
                )
                futures = {pool.submit(_run, task): task for task in tasks}
            for future in as_completed(futures):
                task = futures[future]
                try:
                    yield future.result()
                except Exception as err:  # noqa: BLE001 - a worker died: that notebook fails
                    yield NotebookRun(task.label, task.stem, error=error_line(err))
        except BaseException:
            # Ctrl-C or the caller stopped early: drop what has not finished.
            if pool is not None:
                ours = [p for p in multiprocessing.active_children() if p not in before]
                _stop(pool, ours)
            raise
        pool.shutdown(wait=True)

    def close(self) -> None:
        """Nothing to close: the pool lives for one ``run``."""


def _stop(pool: ProcessPoolExecutor, processes: list) -> None:
    """Given the pool and its worker processes, cancel the queued notebooks and
    stop the workers now (a worker told to stop kills its kernel and exits); kill
    a worker that does not exit in time."""
    with sigint_ignored():  # a second Ctrl-C must not cut this short
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(1.0)


@contextmanager
def sigint_blocked():
    """Block SIGINT in this thread (a process it spawns starts with it blocked)."""
    if not _POSIX_SIGNALS:  # pragma: no cover - Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextmanager
def sigint_ignored():
    """Ignore SIGINT meanwhile (only the main thread may change handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def ignore_sigint() -> None:
    """In a worker spawned under :func:`sigint_blocked`: ignore Ctrl-C from now on
    (the client handles it) and unblock the signal, now harmless."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _POSIX_SIGNALS:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _init_worker(kernel_name: str) -> None:
    global _KERNELS, _FOLDER
    # Ctrl-C is the client's to handle: it stops this worker with SIGTERM.
    if _POSIX_SIGNALS:
        signal.signal(signal.SIGTERM, _stop_worker)
    ignore_sigint()
    quiet()
    _KERNELS = Kernels(kernel_name)
    # After the kernels' folder, which stays where it is: their socket paths must
    # stay short (a Unix socket's path has at most 107 bytes).
    _FOLDER = tempfile.mkdtemp(prefix="sdfkit-worker-")
    tempfile.tempdir = _FOLDER
    # Runs when the worker exits normally (the pool shuts down).
    multiprocessing.util.Finalize(None, _close_worker, exitpriority=10)
    import papermill  # noqa: F401 - import once, before the first notebook


def _close_worker() -> None:
    if _KERNELS is not None:
        _KERNELS.close()
    if _FOLDER is not None:
        shutil.rmtree(_FOLDER, ignore_errors=True)


def _stop_worker(signum, frame) -> None:
    """On SIGTERM (the client stops the batch): stop this worker now, or as soon
    as the kernel being started or released is in ``_RUNNING`` or ``dying``."""
    global _STOP_WANTED
    _STOP_WANTED = True
    if not _CRITICAL:
        _stop_now()


@contextmanager
def _stop_deferred():
    """A stop asked meanwhile waits for the end of the block. (A signal's handler
    runs in the main thread, between two bytecodes, as this block does: masking
    the signal would not do, another thread may take it.)"""
    global _CRITICAL
    _CRITICAL += 1
    try:
        yield
    finally:
        _CRITICAL -= 1
        if _STOP_WANTED and not _CRITICAL:
            _stop_now()


def _stop_now() -> None:
    """Kill this worker's kernels, remove its temporary folders and exit, without
    finishing the notebook."""
    kernels = list(_RUNNING) + [km for km, _since in getattr(_KERNELS, "dying", [])]
    for km in kernels:
        kill_kernel(km)
    for folder in (getattr(_KERNELS, "folder", None), _FOLDER):
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    os._exit(1)


def _run(task: Task) -> NotebookRun:
    with _stop_deferred():
        km = _KERNELS.start()
        _RUNNING.add(km)
    try:
        return run_task(task, km=km)
    finally:
        with _stop_deferred():
            _RUNNING.discard(km)
            _KERNELS.release(km)
