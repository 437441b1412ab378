"""The Dask engine: each notebook is one task on a Dask distributed cluster.

``sdfkit run … --scheduler tcp://HOST:PORT`` (or ``SDFKIT_DASK_SCHEDULER``) sends
every notebook to the cluster as one task. The task carries the template, the
parameters and the bytes of the folders the notebook reads (a report's processed
tables, or the corpus panel), so workers need no shared file system; the worker
runs :func:`sdfkit.batch.execute.run_task` (papermill, a fresh kernel, a private
temporary folder) and returns the executed notebook, its page and its figures as
bytes, which the client writes into the output folder atomically, as the local
run does. Workers need sdfkit and the kernel installed (``pip install
"sdfkit[dask]"`` and ``python -m ipykernel install --sys-prefix``).

A task lost with its worker is run again by Dask (the scheduler reschedules it,
up to its ``allowed-failures``); a task that raises is retried ``retries`` times.
A notebook that fails is reported like a local failure. Ctrl-C (or any error in
the client) cancels the tasks not yet done and stops those running: Dask cannot
stop a task's thread, so every worker is told (``Client.run``) to kill the kernels
of the batch's notebooks, which then end at once, and to start none of its tasks
any more. Nothing is written but whole files. Dask is an optional extra: without
it, the local pool is the engine.
"""

from __future__ import annotations

import atexit
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import suppress

from sdfkit.batch.execute import NotebookRun, Task
from sdfkit.batch.kernel import KERNEL_NAME
from sdfkit.batch.result import error_line
from sdfkit.exceptions import SdfkitError

# Seconds to wait for the scheduler to answer.
CONNECT_TIMEOUT = 30
# Retries of a task that raised (a lost worker is rescheduled by Dask anyway).
RETRIES = 2


class DaskEngine:
    """Runs tasks on the Dask cluster at ``address`` (or on ``client``)."""

    name = "dask"
    # The worker gets the input folders' files in the task.
    ships_inputs = True

    def __init__(
        self,
        address: str | None = None,
        *,
        client=None,
        kernel_name: str = KERNEL_NAME,
        retries: int = RETRIES,
    ):
        try:
            from distributed import Client
        except ImportError:
            raise SdfkitError(
                'the Dask engine needs dask and distributed: pip install "sdfkit[dask]"',
                address or "scheduler",
            ) from None
        self.kernel_name = kernel_name
        self.retries = retries
        self.owns_client = client is None
        if client is None:
            try:
                client = Client(address, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as err:
                message = f"cannot reach the Dask scheduler: {error_line(err)}"
                raise SdfkitError(message, address) from None
        self.client = client

    def environment(self) -> dict[str, str]:
        """Return the environment the workers' kernels run in: one worker's when
        they all agree, else every distinct one (so a key never matches a run on
        other versions)."""
        from sdfkit.batch.kernel import environment

        found = self.client.run(environment)
        distinct = sorted({tuple(sorted(env.items())) for env in found.values()})
        if len(distinct) == 1:
            return dict(distinct[0])
        return {f"worker{i}": str(env) for i, env in enumerate(distinct)}

    def run(self, tasks: Sequence[Task]) -> Iterator[NotebookRun]:
        """Given tasks, submit each as one Dask task and yield each NotebookRun as
        it finishes; on Ctrl-C or an early stop, cancel those not done."""
        from distributed import as_completed

        tasks = list(tasks)
        if not tasks:
            return
        batch = uuid.uuid4().hex[:8]
        futures = {}
        try:
            for task in tasks:
                future = self.client.submit(
                    run_remote,
                    task,
                    batch,
                    key=f"sdfkit-{batch}-{task.label}",
                    pure=False,
                    retries=self.retries,
                )
                futures[future] = task
            for future in as_completed(futures):
                task = futures[future]
                try:
                    yield future.result()
                except Exception as err:  # noqa: BLE001 - that notebook fails, not the batch
                    yield NotebookRun(task.label, task.stem, error=error_line(err))
                finally:
                    future.release()
        except BaseException:
            self._stop(futures, batch)
            raise

    def _stop(self, futures, batch: str) -> None:
        """Cancel the batch's tasks and stop those running on the workers."""
        from sdfkit.batch.pool import sigint_ignored

        # A second Ctrl-C must not cut this short; a cluster gone away has nothing to stop.
        with sigint_ignored(), suppress(Exception):
            self.client.cancel(list(futures))
        with sigint_ignored(), suppress(Exception):
            self.client.run(stop_batch, batch, on_error="ignore")

    def close(self) -> None:
        """Close the client when this engine opened it."""
        if self.owns_client:
            self.client.close()


_KERNELS = None
# A worker may run several tasks at once (threads): one set of kernels per process.
_LOCK = threading.Lock()
# On a worker: the batches stopped, and the kernels of the notebooks running, by batch.
_STOPPED: set[str] = set()
_RUNNING: dict[str, set] = {}


def run_remote(task: Task, batch: str = "") -> NotebookRun:
    """On a Dask worker: run one task of a batch in a fresh kernel of this worker
    process (none when the batch was stopped)."""
    from sdfkit.batch.execute import quiet, run_task
    from sdfkit.batch.kernel import Kernels

    global _KERNELS
    with _LOCK:
        if batch in _STOPPED:
            return NotebookRun(task.label, task.stem, error="cancelled")
        if _KERNELS is None:
            quiet()
            _KERNELS = Kernels(task.kernel_name)
            atexit.register(_KERNELS.close)
        km = _KERNELS.start()
        _RUNNING.setdefault(batch, set()).add(km)
    try:
        return run_task(task, km=km)
    finally:
        with _LOCK:
            running = _RUNNING.get(batch, set())
            running.discard(km)
            if not running:
                _RUNNING.pop(batch, None)
            _KERNELS.release(km)


def stop_batch(batch: str) -> int:
    """On a Dask worker (``Client.run``): stop a batch. Its notebooks running now
    lose their kernel (papermill then ends them as failed; the client, which
    cancelled them, drops the result) and its tasks not started yet do not start.
    Return the number of kernels killed."""
    from sdfkit.batch.kernel import kill_kernel

    with _LOCK:
        _STOPPED.add(batch)
        kernels = list(_RUNNING.pop(batch, ()))
    for km in kernels:
        kill_kernel(km, wait=False)
    return len(kernels)
