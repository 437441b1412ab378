"""Ctrl-C during ``sdfkit run``: the remaining notebooks are cancelled, the running
ones stopped, nothing half-written is left, and a second run finishes the rest.

The tests run the real command (``sdfkit run`` on the bundled report, ``--jobs 2``)
as a subprocess in its own process group and send SIGINT to the whole group, as a
terminal's Ctrl-C does. The notebooks are small stand-ins written into a private
``SDFKIT_ROOT`` (the real ones take half a minute a batch): each notes when it
started and writes a figure, and the comparison notebook, the first one sent,
holds while a ``hold`` file exists, so a notebook is certainly running when
Ctrl-C comes: it must be stopped, not waited for (it would hold for two minutes).
The command runs a copy of sdfkit on PYTHONPATH, so that both runs have the same
source hash (part of every notebook's incremental key) even while sdfkit's files
are being edited.

Before these tests, Ctrl-C on the local pool reached the workers too: each went on
to the notebooks already queued for it (a run took 6 s more to exit, up to three
notebooks started after Ctrl-C), the held notebook's kernel outlived the command
until it noticed its parent was gone, and kernels and workers sometimes printed
tracebacks and asyncio warnings. On a Dask cluster, the cancelled tasks that were
running went on to their end (Dask cannot stop a task's thread).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import suppress
from pathlib import Path

import nbformat
import pytest
from conftest import REPORT_PATH

import sdfkit
from sdfkit import paths
from sdfkit.batch.execute import NotebookRun
from sdfkit.batch.plan import NotebookJob
from sdfkit.batch.run import run_jobs

pytestmark = pytest.mark.slow

SDFKIT = Path(sys.executable).with_name("sdfkit")
REPORT_ID = REPORT_PATH.stem
# The pages of the bundled report's site, and the comparison.
STEMS = ["overview", "audit"] + [f"project_{n:02d}" for n in range(1, 14)]
NOTEBOOKS = len(STEMS) + 1
# Seconds Ctrl-C may take to end the run (the held notebook would take 120).
EXIT_WITHIN = 30
# Seconds after Ctrl-C in which a notebook may still have started (it was starting).
STARTED_SLACK = 0.5
# Seconds the stopped processes and tasks get to be gone.
GONE_WITHIN = 10
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"
)
# Set in the environment of the command under test: every process it starts
# (pool workers, kernels) inherits it, so they are found whatever else runs here.
MARKER = "SDFKIT_CANCEL_TEST"
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")
# Run the command named in argv with SIGINT back to its default, in the same process.
AS_IN_A_TERMINAL = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)
# The markers of the commands the running test started.
STARTED: list[list[str]] = []

BODY = """\
import time
from pathlib import Path

if out is not None:  # run by the batch
    (Path({started!r}) / {stem}).write_text(repr(time.time()))
    hold = Path({hold!r})
    if {holds} and hold.exists():
        Path({held!r}).touch()
        deadline = time.monotonic() + 120
        while hold.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    (Path(out) / "figures").mkdir(exist_ok=True)
    (Path(out) / "figures" / ({stem} + "_test.png")).write_bytes(bytes.fromhex({png!r}))
    print("done", {stem})
"""


def write_notebook(path: Path, parameters: str, stem: str, root: Path, holds: bool) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    body = BODY.format(
        png=PNG.hex(),
        started=str(root / "started"),
        hold=str(root / "hold"),
        held=str(root / "held"),
        holds=holds,
        stem=stem,
    )
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}"), cell]
    nb.cells.append(nbformat.v4.new_code_cell(body))
    nbformat.write(nb, path)


@pytest.fixture(autouse=True)
def no_strays():
    """Whatever a failing test leaves running is killed: every process carrying
    the marker of a command it started."""
    tokens: list[str] = []
    STARTED.append(tokens)
    yield
    STARTED.remove(tokens)
    for token in tokens:
        for pid in processes(token):
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def root(tmp_path) -> Path:
    """A private SDFKIT_ROOT: the stand-in notebooks, the aliases, a temp folder."""
    root = tmp_path / "root"
    notebooks = root / "notebooks"
    notebooks.mkdir(parents=True)
    common = "report = None\nout = None"
    write_notebook(notebooks / "overview.ipynb", common, '"overview"', root, False)
    write_notebook(notebooks / "audit.ipynb", common, '"audit"', root, False)
    project = common + "\nproject_no = None"
    stem = 'f"project_{int(project_no):02d}"'
    write_notebook(notebooks / "project.ipynb", project, stem, root, False)
    write_notebook(
        notebooks / "compare.ipynb", "corpus = None\nout = None", '"compare"', root, True
    )
    (root / "data").mkdir()
    (root / "started").mkdir()
    (root / "data" / "aliases.csv").write_bytes(paths.ALIASES.read_bytes())
    # The command runs a copy of sdfkit taken now (see the module's docstring).
    shutil.copytree(Path(sdfkit.__file__).parent, root / "src" / "sdfkit", ignore=IGNORED)
    return root


@pytest.fixture
def tmp(root):
    """The command's temporary folder: short, as kernels' socket paths must be."""
    folder = Path(tempfile.mkdtemp(prefix="sdfkit-test-"))
    (root / "tmp").symlink_to(folder)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def start(
    root: Path, out: Path, name: str, token: str, *options: str, inputs: Path = REPORT_PATH
) -> subprocess.Popen:
    """Start ``sdfkit run`` on the bundled report (or ``inputs``) in its own process
    group, its output in ``out/<name>.out`` and ``.err``."""
    env = dict(os.environ, SDFKIT_ROOT=str(root), TMPDIR=str((root / "tmp").resolve()))
    env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), env.get("PYTHONPATH", "")])
    env[MARKER] = token
    STARTED[-1].append(token)
    # Through a launcher that gives Ctrl-C its default meaning, as a terminal does:
    # a test run in the background of a shell without job control (a CI runner) has
    # SIGINT ignored, and a program started so inherits that.
    cmd = [sys.executable, "-c", AS_IN_A_TERMINAL, str(SDFKIT), "run", str(inputs)]
    cmd += ["--out", str(out / "reports"), "--processed", str(out / "processed")]
    cmd += ["--jobs", "2", *options]
    with open(out / f"{name}.out", "w") as stdout, open(out / f"{name}.err", "w") as stderr:
        return subprocess.Popen(
            cmd, stdout=stdout, stderr=stderr, env=env, cwd=root, start_new_session=True
        )


def interrupt(
    proc: subprocess.Popen, root: Path, site: Path, sig: int = signal.SIGINT
) -> tuple[int, float]:
    """Once the held notebook runs and a notebook's output exists, send SIGINT to the
    command's process group (a terminal's Ctrl-C; another signal to the command
    alone); return its exit status and how long it took to exit. No notebook may
    start after it (a little slack for one starting as it was sent)."""
    deadline = time.monotonic() + 60
    while not ((root / "held").exists() and any(site.glob("*.ipynb"))):
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "no notebook ran within 60 s"
        time.sleep(0.05)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    sent, sent_at = time.monotonic(), time.time()
    try:
        status = proc.wait(timeout=EXIT_WITHIN)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        pytest.fail(f"sdfkit run still running {EXIT_WITHIN} s after Ctrl-C")
    seconds = time.monotonic() - sent
    started = {p.name: float(p.read_text()) - sent_at for p in (root / "started").iterdir()}
    assert not {stem: t for stem, t in started.items() if t > STARTED_SLACK}, started
    return status, seconds


def processes(token: str) -> dict[int, str]:
    """The live processes (not zombies) whose environment carries ``token``: pid -> cmdline."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            if f"{MARKER}={token}".encode() not in environ.split(b"\0"):
                continue
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if state != "Z":
            found[int(entry.name)] = cmdline.strip()
    return found


def kernels_under(parents: set[int]) -> dict[int, str]:
    """The live ipykernel processes descending from ``parents``: pid -> cmdline."""
    children: dict[int, list[int]] = {}
    info = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        pid, state, ppid = int(entry.name), fields[0], int(fields[1])
        children.setdefault(ppid, []).append(pid)
        info[pid] = (state, cmdline)
    found, todo = {}, list(parents)
    while todo:
        for pid in children.get(todo.pop(), []):
            todo.append(pid)
            state, cmdline = info[pid]
            if state != "Z" and "ipykernel" in cmdline:
                found[pid] = cmdline
    return found


def wait_for(condition, seconds: float = GONE_WITHIN):
    """Poll ``condition`` until it returns something falsy; return its last value."""
    deadline = time.monotonic() + seconds
    value = condition()
    while value and time.monotonic() < deadline:
        time.sleep(0.1)
        value = condition()
    return value


def assert_whole(out: Path) -> None:
    """No temporary or partial file anywhere in the output; every notebook reads,
    every page is complete, every figure is a whole PNG."""
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix not in (".out", ".err")]
    partial = [p for p in files if p.suffix == ".tmp" or p.name.startswith(".")]
    assert not partial, partial
    for p in files:
        if p.suffix == ".ipynb":
            nbformat.validate(nbformat.read(p, as_version=4))
            assert json.loads(p.read_bytes())["metadata"]["sdfkit"]["ok"] is True, p
        elif p.suffix == ".html":
            assert p.read_text(encoding="utf-8").rstrip().endswith("</html>"), p
        elif p.suffix == ".png":
            data = p.read_bytes()
            assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82"), p


def finished(out: Path) -> list[str]:
    """The notebooks whose executed notebook was written."""
    reports = out / "reports"
    found = [p.stem for p in (reports / REPORT_ID).glob("*.ipynb")]
    return found + [p.stem for p in (reports / "compare").glob("*.ipynb")]


def stderr_lines(out: Path, name: str) -> list[str]:
    text = (out / f"{name}.err").read_text(encoding="utf-8")
    return [line.strip() for line in re.split(r"[\r\n]", text) if line.strip()]


def assert_no_process_left(token: str) -> None:
    """When the command has exited, none of its pool workers or kernels runs (the
    held notebook's kernel was stopped, not left to notice its parent is gone), and
    anything else it started (multiprocessing's resource tracker) ends soon."""
    left = processes(token)
    assert not {p: c for p, c in left.items() if "ipykernel" in c or "spawn_main" in c}, left
    assert not wait_for(lambda: processes(token)), processes(token)


def assert_interrupted(out: Path, status: int, seconds: float) -> None:
    """Exit 130 within the bound, one line on stderr, no traceback."""
    text = (out / "first.err").read_text(encoding="utf-8")
    assert status == 130, (status, text)
    assert seconds < EXIT_WITHIN
    lines = stderr_lines(out, "first")
    assert lines[-1] == "sdfkit: interrupted", text
    # Nothing else but the progress bar: no traceback, no worker's or kernel's words.
    assert all(line.startswith("sdfkit run:") for line in lines[:-1]), text


def assert_second_run_finishes(root: Path, out: Path, done: list[str], *options: str) -> None:
    """A second run into the same folders takes the notebooks finished before the
    interrupt as unchanged and runs the rest, all as new (nothing half-written)."""
    (root / "hold").unlink()
    proc = start(root, out, "second", uuid.uuid4().hex, "--no-progress", *options)
    assert proc.wait(timeout=120) == 0, (out / "second.err").read_text(encoding="utf-8")
    lines = stderr_lines(out, "second")
    summary = next(line for line in lines if " re-run in " in line)
    assert f"{len(done)} unchanged, {NOTEBOOKS - len(done)} re-run" in summary, lines
    reasons = {m.group(1) for line in lines if (m := re.match(r"re-run \(([^)]*)\):", line))}
    assert reasons == {"new"}, lines
    site = out / "reports" / REPORT_ID
    assert sorted(p.stem for p in site.glob("*.ipynb")) == sorted(STEMS)
    assert sorted(finished(out)) == sorted(STEMS + ["compare"])
    assert_whole(out)


def test_ctrl_c_stops_a_local_run_and_a_second_run_finishes_it(root, tmp, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (root / "hold").touch()
    token = uuid.uuid4().hex
    proc = start(root, out, "first", token)  # with the progress bar, as in a terminal
    status, seconds = interrupt(proc, root, out / "reports" / REPORT_ID)

    assert_interrupted(out, status, seconds)
    assert_no_process_left(token)
    # The workers' temporary folders (kernel sockets, connection files, each
    # notebook's private folder) are gone with them.
    assert not list(tmp.iterdir())
    assert_whole(out)
    done = finished(out)
    assert 1 <= len(done) < NOTEBOOKS - 1 and "compare" not in done, done

    assert_second_run_finishes(root, out, done)
    assert not list(tmp.iterdir())  # a run that ends normally leaves none either


def test_sigterm_to_the_command_alone_stops_its_workers_and_kernels(root, tmp, tmp_path):
    # A service manager or a CI time-out sends SIGTERM to sdfkit only: before, it
    # died at once and left its workers and the running kernels behind.
    out = tmp_path / "out"
    out.mkdir()
    (root / "hold").touch()
    token = uuid.uuid4().hex
    proc = start(root, out, "first", token, "--no-progress")
    status, seconds = interrupt(proc, root, out / "reports" / REPORT_ID, signal.SIGTERM)
    text = (out / "first.err").read_text(encoding="utf-8")
    assert status == 128 + signal.SIGTERM and seconds < EXIT_WITHIN, (status, text)
    assert stderr_lines(out, "first") == ["sdfkit: terminated"], text
    assert_no_process_left(token)
    assert not list(tmp.iterdir())
    assert_whole(out)


def test_ctrl_c_while_a_corpus_is_parsed(root, tmp, tmp_path):
    # Reports are parsed in a pool of their own before any notebook runs: Ctrl-C
    # there drops the reports not parsed yet at once, with one line, no traceback.
    raw = tmp_path / "raw"
    raw.mkdir()
    text = REPORT_PATH.read_text(encoding="utf-8")
    for i in range(60):
        (raw / f"report_{i:02d}.txt").write_text(text + f"\n{i}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    token = uuid.uuid4().hex
    proc = start(root, out, "first", token, "--no-progress", inputs=raw)
    processed = out / "processed"
    deadline = time.monotonic() + 60
    while not any(processed.glob("*/projects.csv")):
        assert proc.poll() is None and time.monotonic() < deadline, "no report parsed"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    status = proc.wait(timeout=EXIT_WITHIN)
    err = (out / "first.err").read_text(encoding="utf-8")
    assert status == 130 and stderr_lines(out, "first") == ["sdfkit: interrupted"], err
    parsed = list(processed.glob("*/projects.csv"))
    assert 1 <= len(parsed) < 60
    assert not list(processed.rglob("*.tmp")) and not list(processed.rglob(".*.tmp"))
    assert_no_process_left(token)


def test_ctrl_c_cancels_the_tasks_on_a_dask_cluster(root, tmp, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    # The workers' own temporary folder, to see what they leave behind.
    worker_tmp = tmp / "workers"
    worker_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(worker_tmp))
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        monkeypatch.undo()  # the workers have started: the command gets its own TMPDIR
        workers = set(client.run(os.getpid).values())

        def clients():
            # The clients the scheduler knows besides this test's.
            known = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.clients))
            return set(known) - {client.id, "fire-and-forget"}

        out = tmp_path / "out"
        out.mkdir()
        (root / "hold").touch()
        token = uuid.uuid4().hex
        scheduler = ("--scheduler", cluster.scheduler_address)
        proc = start(root, out, "first", token, "--no-progress", *scheduler)
        status, seconds = interrupt(proc, root, out / "reports" / REPORT_ID)

        assert_interrupted(out, status, seconds)
        assert stderr_lines(out, "first") == ["sdfkit: interrupted"]
        assert_no_process_left(token)
        assert not wait_for(clients), clients()  # the command's client closed

        def busy():
            # Tasks the scheduler still has for a worker, tasks a worker still holds
            # (a cancelled task stays until its thread ends), and notebook kernels.
            found = {w: t for w, t in client.processing().items() if t}
            held = client.run(lambda dask_worker: list(map(str, dask_worker.state.tasks)))
            found.update({w: t for w, t in held.items() if t})
            found.update({pid: cmd for pid, cmd in kernels_under(workers).items()})
            return found

        assert not wait_for(busy), busy()
        # The stopped notebook's private folder on the worker is gone too.
        assert not list(worker_tmp.glob("sdfkit-nb-*"))
        assert_whole(out)
        done = finished(out)
        assert 1 <= len(done) < NOTEBOOKS - 1 and "compare" not in done, done

        assert_second_run_finishes(root, out, done, *scheduler)
        assert not wait_for(busy), busy()
        assert not list(worker_tmp.glob("sdfkit-nb-*"))


class Interrupting:
    """An engine that records whether it was stopped (its results closed)."""

    name = "test"

    def __init__(self):
        self.stopped = False

    def run(self, tasks):
        try:
            for task in tasks:
                yield NotebookRun(task.label, task.stem, ipynb=b"{}", html=b"<html></html>")
        except BaseException:
            self.stopped = True
            raise


def test_regression_ctrl_c_while_a_result_is_written_stops_the_engine(tmp_path, monkeypatch):
    # Bug: a Ctrl-C while the client wrote a result (not while it waited for one)
    # left the engine's generator suspended: the pool's workers went on running
    # notebooks, and the Dask client was closed before its tasks were cancelled.
    import sdfkit.batch.run as run_module

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "write_run", interrupted)
    engine = Interrupting()
    template = tmp_path / "t.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), template)
    jobs = [NotebookJob(stem, template, {}, tmp_path) for stem in ("a", "b")]
    stopped = None
    try:
        run_jobs(jobs, engine, progress=False)
    except KeyboardInterrupt:
        # Where run_corpus closes the engine: it must have stopped already.
        stopped = engine.stopped
    assert stopped is True
