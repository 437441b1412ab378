"""Tests for sdfkit.batch.kernel: what every notebook's fresh kernel starts with."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from sdfkit.batch.execute import Task, run_task
from sdfkit.batch.kernel import BLAS_THREADS, PACKAGE, Kernels, compile_package, kernel_env

# Counts the sdfkit modules a fresh interpreter compiles from source (no bytecode).
COUNT_COMPILES = """
import importlib._bootstrap_external as be, json, sys
seen = []
original = be.SourceLoader.source_to_code
def counting(self, data, path, *args, **kwargs):
    seen.append(path)
    return original(self, data, path, *args, **kwargs)
be.SourceLoader.source_to_code = counting
import sdfkit
from sdfkit.analysis import plotting
print(json.dumps([p for p in seen if "sdfkit" in p]))
"""


def test_kernel_env_gives_one_math_thread_unless_the_user_chose():
    env = kernel_env({"OMP_NUM_THREADS": "4", "LANG": "ko_KR.UTF-8"})
    assert env["OMP_NUM_THREADS"] == "4"  # the user's choice stands
    assert env["OPENBLAS_NUM_THREADS"] == env["MKL_NUM_THREADS"] == "1"
    assert env["LANG"] == "ko_KR.UTF-8"
    assert set(BLAS_THREADS) <= set(env)


def _run_cell(code: str) -> tuple[Kernels, str]:
    """Run one code cell in a fresh kernel of a new Kernels; return the Kernels and
    what the cell printed."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(code)]
    kernels = Kernels()
    km = kernels.start()
    try:
        run = run_task(Task("t/cell", "cell", nbformat.writes(nb), {}, html=False), km=km)
    finally:
        kernels.release(km)
        kernels.close()
    assert run.error is None, run.error
    return kernels, nbformat.reads(run.ipynb.decode("utf-8"), as_version=4).cells[0].outputs[0][
        "text"
    ]


def test_a_notebook_kernel_runs_with_one_math_thread():
    names = list(BLAS_THREADS)
    code = f"import json, os\nprint(json.dumps({{k: os.environ.get(k) for k in {names!r}}}))"
    kernels, out = _run_cell(code)
    assert kernels.ipc == (os.name == "posix")  # a short folder: Unix sockets
    expected = {k: os.environ.get(k, "1") for k in BLAS_THREADS}
    assert json.loads(out) == expected


def _compiled(pythonpath: Path) -> list[str]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(pythonpath))
    done = subprocess.run(
        [sys.executable, "-c", COUNT_COMPILES],
        capture_output=True,
        text=True,
        env=env,
        cwd=pythonpath,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_kernels_load_sdfkit_from_bytecode(tmp_path):
    # A copy of the package without bytecode, as after a fresh clone where nothing
    # may write it (PYTHONDONTWRITEBYTECODE): every kernel compiled ~70 modules.
    copy = tmp_path / "sdfkit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = _compiled(tmp_path)
    assert len(before) > 50 and all(p.startswith(str(copy)) for p in before)
    assert compile_package(copy)
    assert _compiled(tmp_path) == []
    # Edited since: compiled again (Python checks the source's time and size).
    module = copy / "analysis" / "plotting.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert [Path(p).name for p in _compiled(tmp_path)] == ["plotting.py"]
    assert compile_package(copy) and _compiled(tmp_path) == []


def test_a_long_temporary_folder_runs_kernels_over_tcp(tmp_path, monkeypatch):
    # Regression: under a TMPDIR of ~80 characters or more the kernels' Unix socket
    # paths passed 107 bytes, the kernels died with a ZMQError and the batch stalled.
    import tempfile

    deep = tmp_path / ("d" * 100)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    kernels, out = _run_cell("print(6 * 7)")
    assert kernels.folder.startswith(str(deep)) and not kernels.ipc
    assert out.strip() == "42"
