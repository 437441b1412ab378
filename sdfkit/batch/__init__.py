"""Running every notebook of every report: what ``sdfkit run`` does.

``run_corpus(inputs, out)`` (corpus.py) is ``sdfkit run FOLDER|FILES…``: it reads
each report once, writes its tables into ``processed/<report-id>/`` and the corpus
panel into ``processed/corpus/``, runs every notebook of every report and the
comparison notebook in one pool (the notebooks' ``report`` parameter is the
processed folder: they load the tables, they do not parse again), and writes::

    out/index.html                 every report with its key figures
    out/compare/compare.html       the comparison (and .ipynb, figures/)
    out/<report-id>/
        index.html
        overview.ipynb   overview.html
        project_01.ipynb project_01.html   … one pair per project (number, 2 digits)
        audit.ipynb      audit.html
        figures/*.png    (made by the notebooks)
        data/            (a copy of the processed tables: the site is whole by itself)

``run_batch(report, out)`` (run.py) is the same for one report, without the index
over reports or the comparison; its tables go to the site's ``data/`` unless
``processed=DIR`` is given.

A notebook that fails does not stop the others: its executed notebook (with the
error cell) and its page are kept, the index marks it, and the run's ``failed``
lists it; a file that is not a report is listed with its one-line error and the
others go on; ``exit_code`` is then 1. Every file is written under a temporary
name and moved into place. Outputs of an earlier run that this run does not make
again (the page of a project the report no longer has, a figure no notebook made)
are removed, but only files named the way the batch names them.

Runs are incremental (cache.py): a notebook whose inputs are unchanged since its
output was written is not run again; the run says ``N unchanged, M re-run`` and
why each re-ran; ``force`` runs everything. The engine is a local process pool
(pool.py) or, with ``scheduler=tcp://HOST:PORT``, a Dask cluster
(distributed.py); both run the same function (execute.py) and the client writes
what comes back (write.py).

The modules, one concept each: plan (the jobs), kernel (the Jupyter kernel and
its environment), execute (one notebook in a worker: papermill's public
``execute_notebook`` in a private folder, results as bytes), export (the HTML
page: nbconvert, no code, no ``self-check`` cells), pool and distributed (the
engines), write (results into the output folder), stale (old outputs), cache
(incremental runs), reports (reading the corpus once), run and corpus (the runs).

Kernel pre-warming (a worker starting the next notebook's kernel while the
current one runs) was dropped: it does not pay any more. Measured on 2 cores (the
machine shared, load 3-6) with 30 notebooks that import pandas and matplotlib,
``--jobs 2``, no HTML: 23.1 s without pre-warming, 28.3 s with it (a second
round: 31.5 s and 40.4 s). Every core is already busy running notebooks, so a
kernel booting ahead only competes with them for the CPU. A finished kernel is
still left to exit in the background (kernel.Kernels).
"""

from __future__ import annotations

from sdfkit.batch.corpus import CorpusResult, run_corpus
from sdfkit.batch.export import html_exporter
from sdfkit.batch.kernel import (
    CELL_TIMEOUT,
    KERNEL_NAME,
    START_TIMEOUT,
    ensure_kernel,
    kernel_problem,
)
from sdfkit.batch.plan import NotebookJob, default_jobs, plan, templates
from sdfkit.batch.result import BatchResult, Outcome, one_line
from sdfkit.batch.run import execute, make_engine, run_batch, run_jobs
from sdfkit.batch.stale import PAGE_FILE, remove_other_figures, remove_stale

# The names the batch's tests and older scripts use.
_kernel_problem = kernel_problem
_one_line = one_line
_PAGE_FILE = PAGE_FILE

__all__ = [
    "CELL_TIMEOUT",
    "KERNEL_NAME",
    "START_TIMEOUT",
    "BatchResult",
    "CorpusResult",
    "NotebookJob",
    "Outcome",
    "default_jobs",
    "ensure_kernel",
    "execute",
    "html_exporter",
    "make_engine",
    "plan",
    "remove_other_figures",
    "remove_stale",
    "run_batch",
    "run_corpus",
    "run_jobs",
    "templates",
]
