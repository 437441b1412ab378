"""The Dask engine: a ``distributed.LocalCluster`` of two worker processes.

It runs the batch of the bundled report (fixture notebooks) and must produce the
same pages as the local pool, and a worker killed mid-batch must not lose a
notebook. Skipped when dask is not installed (``pip install "sdfkit[dask]"``).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from pathlib import Path

import nbformat
import pytest
from conftest import FIXTURES, REPORT_PATH

from sdfkit.batch.corpus import run_corpus
from sdfkit.batch.plan import NotebookJob
from sdfkit.batch.run import run_jobs

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

# What differs between two runs of the same notebook: when it ran.
TIMING = ("start_time", "end_time", "duration")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as c:
        yield c


def comparable_notebook(path: Path, root: Path) -> dict:
    """A notebook with its run's folder and timing taken out."""
    nb = json.loads(path.read_text(encoding="utf-8").replace(str(root), "<root>"))
    for meta in [nb["metadata"]] + [c["metadata"] for c in nb["cells"]]:
        for k in TIMING:
            meta.get("papermill", {}).pop(k, None)
        meta.pop("execution", None)
    # The key hashes the parameters, and the page shows them: both name the run's
    # folder (the pages themselves are compared with the folder taken out).
    nb["metadata"]["sdfkit"].pop("key")
    nb["metadata"]["sdfkit"].pop("html")
    nb["metadata"]["sdfkit"]["inputs"].pop("parameters")
    return nb


def test_the_cluster_makes_the_same_pages_as_the_local_pool(cluster, tmp_path):
    def run(name, scheduler=None):
        result = run_corpus(
            [REPORT_PATH],
            tmp_path / name / "reports",
            processed=tmp_path / name / "processed",
            jobs=2,
            notebooks_dir=FIXTURES / "batch",
            progress=False,
            scheduler=scheduler,
        )
        return tmp_path / name, result

    local, local_result = run("local")
    remote, remote_result = run("dask", cluster.scheduler_address)

    assert [o.stem for o in remote_result.outcomes if o.error] == ["project_02"]
    assert remote_result.exit_code == local_result.exit_code == 1
    # The processed tables, the sites, the comparison and the index: the same files.
    files = sorted(p.relative_to(local) for p in local.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(remote) for p in remote.rglob("*") if p.is_file())
    pages = [f for f in files if f.suffix in (".ipynb", ".html", ".png")]
    assert len(pages) > 30
    for f in pages:
        if f.suffix == ".ipynb":
            assert comparable_notebook(local / f, local) == comparable_notebook(remote / f, remote)
        elif f.suffix == ".html":
            a = (local / f).read_text(encoding="utf-8").replace(str(local), "<root>")
            b = (remote / f).read_text(encoding="utf-8").replace(str(remote), "<root>")
            assert a == b, f
        else:
            assert (local / f).read_bytes() == (remote / f).read_bytes(), f
    # The workers wrote nothing where the pages go: the client did.
    assert not list(remote.rglob("*.tmp"))


def test_a_worker_killed_mid_batch_loses_no_notebook(cluster, tmp_path):
    from sdfkit.batch.distributed import DaskEngine

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    params = nbformat.v4.new_code_cell("out = None\nn = 0")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("import time\ntime.sleep(4)\nprint('done', n)")]
    template = tmp_path / "slow.ipynb"
    nbformat.write(nb, template)
    jobs = [
        NotebookJob(f"nb_{i:02d}", template, {"out": str(tmp_path), "n": i}, tmp_path)
        for i in range(4)
    ]
    client = distributed.Client(cluster)
    pids = client.run(os.getpid)
    killed = []

    def kill_a_busy_worker():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            busy = [w for w, tasks in client.processing().items() if tasks]
            if busy:
                time.sleep(1.5)  # well inside the notebook's sleep
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])
            time.sleep(0.1)

    killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
    killer.start()
    engine = DaskEngine(client=client)
    try:
        outcomes = run_jobs(jobs, engine, out_dir=tmp_path, progress=False, html=False)
    finally:
        killer.join(timeout=5)
        client.close()
    assert killed, "no worker was killed"
    assert sorted(o.stem for o in outcomes) == [j.stem for j in jobs]
    assert not [o.error for o in outcomes if o.error]
    for i in range(4):
        text = (tmp_path / f"nb_{i:02d}.ipynb").read_text(encoding="utf-8")
        assert f"done {i}" in text
