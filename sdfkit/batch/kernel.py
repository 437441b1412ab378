"""The Jupyter kernel the notebooks run in: this interpreter's ipykernel.

``ensure_kernel`` checks (and if need be installs) the ``python3`` kernelspec so
that a notebook's kernel imports the very sdfkit the batch runs, and
``environment`` describes that kernel for the incremental runs' key (Python and
the versions of the packages whose change can change a page). :class:`Kernels`
starts each notebook's fresh kernel (``kernel_env``: one math thread) after
``compile_package`` made sure no kernel compiles sdfkit's source again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from sdfkit.exceptions import SdfkitError

KERNEL_NAME = "python3"
# Seconds a single cell may run before the notebook is failed (None: no limit).
CELL_TIMEOUT = 600
# Seconds to wait for a kernel to start.
START_TIMEOUT = 60
# The sdfkit package folder (its kernels import it).
PACKAGE = Path(__file__).resolve().parent.parent
# The longest kernels' folder whose sockets' paths (folder/k<count>-<port>) fit
# the 107 bytes of a Unix socket's path.
SOCKET_FOLDER_MAX = 80
# The thread-count variables of numpy's math libraries (OpenBLAS, OpenMP, MKL).
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# The packages whose version can change what a notebook shows or how it is run.
KEY_PACKAGES = (
    "pandas",
    "numpy",
    "matplotlib",
    "koreanize-matplotlib",
    "openpyxl",
    "ipykernel",
    "ipython",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "jinja2",
    "fonttools",
)


def ensure_kernel(name: str = KERNEL_NAME, install: bool = True) -> Path:
    """Make sure the Jupyter kernel ``name`` runs this interpreter (the venv's
    ipykernel, with sdfkit importable); install a kernelspec into this
    interpreter's prefix (``python -m ipykernel install --sys-prefix``) when it is
    missing or runs another Python. Return the kernelspec's folder; raise
    SdfkitError when no suitable kernel can be found or installed."""
    problem = kernel_problem(name)
    if problem and install:
        cmd = [sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", name]
        cmd += ["--display-name", "Python 3 (sdfkit)"]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise SdfkitError(
                f"cannot install the {name!r} kernel: {detail[-1] if detail else done.returncode}"
            )
        problem = kernel_problem(name)
    if problem:
        raise SdfkitError(f"Jupyter kernel {name!r}: {problem}")
    from jupyter_client.kernelspec import KernelSpecManager

    return Path(KernelSpecManager().get_kernel_spec(name).resource_dir)


def kernel_problem(name: str) -> str | None:
    """Given a kernel name, return what is wrong with its kernelspec for the batch
    (None when it runs this interpreter)."""
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


def environment() -> dict[str, str]:
    """Return what identifies the kernel's environment: the Python version and the
    version of each key package (``-`` when not installed). The kernel runs this
    interpreter (``ensure_kernel``), so this process's versions are the kernel's."""
    env = {"python": sys.version.split()[0]}
    for name in KEY_PACKAGES:
        try:
            env[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            env[name] = "-"
    return env


def kernel_env(environ: Mapping[str, str]) -> dict[str, str]:
    """Given this process's environment, return the one a notebook's kernel starts
    with: the same, plus one math thread (unless the variable is set already) and
    no debugger file check."""
    env = dict(environ)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # One math thread per kernel: the batch already runs a kernel per core, and
    # OpenBLAS's idle threads spin against the other kernels (a quarter more CPU
    # per notebook on 2 cores, for tables of a few dozen rows).
    for name in BLAS_THREADS:
        env.setdefault(name, "1")
    return env


def compile_package(folder: Path = PACKAGE) -> bool:
    """Given a package folder (sdfkit's), write its bytecode where it is missing or
    stale; return whether every module compiled. Each notebook's fresh kernel then loads sdfkit's ~70 modules
    instead of compiling their source again: 0.07 s a notebook where nothing else
    writes the bytecode (PYTHONDONTWRITEBYTECODE, an editable install)."""
    import compileall

    try:
        return bool(compileall.compile_dir(str(folder), quiet=2, workers=1))
    except OSError:  # a read-only install: kernels compile in memory, as before
        return False


class Kernels:
    """The kernels of one worker process. Each notebook gets a fresh kernel, over
    Unix sockets in a private folder (not TCP: no port open to other users, and
    ipykernel does not warn about plain-text TCP); a finished kernel is asked to
    exit without waiting for it. The kernel is handed to papermill's public
    ``execute_notebook(..., km=...)``, which passes it on to nbclient.

    No kernel is started ahead of its notebook: on 2 busy cores a pre-started
    kernel only competes for the CPU (see the figures in sdfkit/batch/__init__.py).
    """

    def __init__(self, kernel_name: str = KERNEL_NAME):
        import tempfile

        compile_package()
        self.kernel_name = kernel_name
        # Sockets and the kernels' working folder, readable by this user only.
        self.folder = tempfile.mkdtemp(prefix="sdfkit-kernels-")
        # A Unix socket's path has at most 107 bytes: under a long TMPDIR the
        # kernels talk over TCP on this machine instead (signed, as Jupyter's default).
        self.ipc = os.name == "posix" and len(os.fsencode(self.folder)) <= SOCKET_FOLDER_MAX
        self.dying: list[tuple[object, float]] = []
        self.count = 0

    def start(self):
        """Launch a kernel and return its manager without waiting for it to boot
        (nbclient waits for it to answer)."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.reap()
        self.count += 1
        if self.ipc:
            ipc = os.path.join(self.folder, f"k{self.count}")
            km = AsyncKernelManager(kernel_name=self.kernel_name, transport="ipc", ip=ipc)
        else:  # Windows, or a folder too deep for a socket's path
            km = AsyncKernelManager(kernel_name=self.kernel_name)
        run_sync(km.start_kernel)(cwd=self.folder, env=kernel_env(os.environ))
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
            except Exception:  # noqa: BLE001 - its manager cannot tell: kill the process
                kill_kernel(km, wait=False)
                alive = False
            if alive:
                still.append((km, since))
            else:
                self._cleanup(km)
        self.dying = still

    def close(self, wait: float = 3.0) -> None:
        """Stop every kernel of this worker (those still exiting get ``wait``
        seconds) and remove the private folder."""
        import shutil

        deadline = time.monotonic() + wait
        while self.dying and time.monotonic() < deadline:
            self.reap()
            if self.dying:
                time.sleep(0.05)
        self.reap(grace=0.0)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _cleanup(self, km) -> None:
        from jupyter_core.utils import run_sync

        try:
            run_sync(km.cleanup_resources)()
        except Exception:  # noqa: BLE001
            pass


def kill_kernel(km, wait: bool = True) -> None:
    """Given a kernel's manager, kill the kernel and whatever its notebook started
    (jupyter_client starts a kernel as the leader of a session of its own), and
    unless told not to, wait for it."""
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (AttributeError, OSError):  # no process groups (Windows), or gone
        process.kill()
    if wait:
        try:
            os.waitpid(process.pid, 0)
        except ChildProcessError:
            pass
