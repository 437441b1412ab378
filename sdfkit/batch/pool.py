"""The local engine: a pool of worker processes, each running one notebook at a time.

Workers are spawned (a clean interpreter each, no state or threads inherited from
the caller; importing papermill is paid once per worker, in parallel), so a script
that runs a batch needs the usual ``if __name__ == "__main__":`` guard. Each
notebook gets a fresh kernel (kernel.Kernels). Ctrl-C cancels the queued notebooks and stops the workers; the
client writes only finished results, atomically.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from sdfkit.batch.execute import NotebookRun, Task, quiet, run_task
from sdfkit.batch.kernel import KERNEL_NAME, Kernels
from sdfkit.batch.result import error_line

START_METHOD = "spawn"

_KERNELS = None


class LocalPool:
    """Runs tasks in ``workers`` local processes."""

    name = "local"

    def __init__(self, workers: int, kernel_name: str = KERNEL_NAME):
        self.workers = max(1, workers)
        self.kernel_name = kernel_name

    def run(self, tasks: Sequence[Task]) -> Iterator[NotebookRun]:
        """Given tasks, run them and yield each NotebookRun as it finishes. A
        worker that dies fails its notebook, not the batch."""
        tasks = list(tasks)
        if not tasks:
            return
        workers = min(self.workers, len(tasks))
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(START_METHOD),
            initializer=_init_worker,
            initargs=(self.kernel_name,),
        )
        try:
            futures = {pool.submit(_run, task): task for task in tasks}
            for future in as_completed(futures):
                task = futures[future]
                try:
                    yield future.result()
                except Exception as err:  # noqa: BLE001 - a worker died: that notebook fails
                    yield NotebookRun(task.label, task.stem, error=error_line(err))
        except BaseException:
            # Ctrl-C or the caller stopped early: drop what has not started.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)

    def close(self) -> None:
        """Nothing to close: the pool lives for one ``run``."""


def _init_worker(kernel_name: str) -> None:
    global _KERNELS
    quiet()
    _KERNELS = Kernels(kernel_name)
    # Runs when the worker exits normally (the pool shuts down).
    multiprocessing.util.Finalize(None, _KERNELS.close, exitpriority=10)
    import papermill  # noqa: F401 - import once, before the first notebook


def _run(task: Task) -> NotebookRun:
    km = _KERNELS.start()
    try:
        return run_task(task, km=km)
    finally:
        _KERNELS.release(km)
