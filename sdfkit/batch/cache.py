"""Incremental runs: what a notebook's output was made from, and whether it still is.

A notebook's **stamp** names each input by its sha256: the template's cells (code
and Markdown: both show on the page), the parameters, the bytes of the report and
of the tables it reads (the processed folder's CSVs, meta.json and
datapackage.json), sdfkit's version and a hash of its source (every module,
template and stylesheet), and the kernel's environment (Python and the key
packages' versions). The stamp's ``key`` hashes them all. It is stored in the
executed notebook's metadata (``metadata.sdfkit``) with the sha256 of the page and
of every figure the notebook wrote.

A notebook is **up to date** when its executed notebook reads as JSON, ran without
error, has the same key, and its page and figures are on disk with the recorded
hashes. Anything else runs it again, and :func:`why_run` says why: which inputs
changed, or what is wrong with the output. (jupyter-cache hashes only the code
cells, so a changed data file goes unnoticed; this does not.)
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import sdfkit
from sdfkit.batch.execute import METADATA_KEY
from sdfkit.batch.kernel import environment
from sdfkit.batch.plan import NotebookJob
from sdfkit.output import atomic_write_text, safe_child
from sdfkit.publish import site

# The processed folder's files a notebook reads (the workbook is for people:
# openpyxl stamps it with the time, so its bytes change on every write).
TABLE_FILES = ("*.csv", "meta.json", "datapackage.json")
# The source files whose change can change a page.
SOURCE_SUFFIXES = (".py", ".j2", ".css", ".json")
INPUT_NAMES = {
    "notebook": "the notebook",
    "parameters": "its parameters",
    "report": "the report",
    "tables": "the tables",
    "corpus": "the corpus panel",
    "sdfkit": "sdfkit",
    "environment": "the kernel's packages",
}


def digest(data: bytes | str) -> str:
    """Given bytes or text, return their sha256 as hex."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def canonical_json(value) -> str:
    """Given a JSON-able value, return it as canonical JSON text (sorted keys)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


@lru_cache(maxsize=1)
def source_hash() -> str:
    """Return sdfkit's version and a hash of its source (every module, template
    and stylesheet under the package), computed once per process."""
    root = Path(sdfkit.__file__).parent
    h = hashlib.sha256(sdfkit.__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in SOURCE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
    return f"{sdfkit.__version__}:{h.hexdigest()}"


def notebook_hash(text: str) -> str:
    """Given a notebook template's JSON text, return the hash of its cells (type
    and source of each, code and Markdown) and its kernel: not of its outputs or
    metadata, which editing in JupyterLab changes without changing the page."""
    nb = json.loads(text)
    cells = [
        [c.get("cell_type"), _source(c.get("source", "")), c.get("metadata", {}).get("tags", [])]
        for c in nb.get("cells", [])
    ]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return digest(canonical_json([cells, kernel]))


def _source(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def folder_hash(folder: str | Path, patterns=TABLE_FILES) -> str:
    """Given a folder of tables, return a hash of the files a notebook reads
    (their names and bytes, recursively)."""
    root = Path(folder)
    h = hashlib.sha256()
    files = sorted({p for pattern in patterns for p in root.rglob(pattern) if p.is_file()})
    for path in files:
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(digest(path.read_bytes()).encode())
    return h.hexdigest()


def report_inputs(report: str | Path, tables: str | Path) -> dict[str, str]:
    """Given a report's file and its processed folder, return the inputs every
    notebook of the report reads: the report's sha256 and the tables' hash."""
    return {"report": digest(Path(report).read_bytes()), "tables": folder_hash(tables)}


def environment_of(engine, kernel_name: str) -> dict[str, str]:
    """Given an engine, return the environment its kernels run in (a remote
    engine asks its workers)."""
    ask = getattr(engine, "environment", None)
    return ask() if callable(ask) else environment()


def stamp(job: NotebookJob, template_text: str, env: dict) -> dict:
    """Given a job, its template's text and the kernels' environment, return the
    stamp of its inputs: ``inputs`` (name → hash) and ``key`` (their hash)."""
    inputs = {
        "notebook": notebook_hash(template_text),
        "parameters": digest(canonical_json(job.parameters)),
        **{name: str(value) for name, value in sorted(job.inputs.items())},
        "sdfkit": source_hash(),
        "environment": digest(canonical_json(env)),
    }
    return {"key": digest(canonical_json(inputs)), "inputs": inputs}


# Stamps read from executed notebooks, by (path, size, mtime): a run reads each once.
_READ: dict[tuple[str, int, int], dict | None] = {}


def recorded(folder: Path, stem: str) -> dict | None:
    """Given a report's folder and a page stem, return the stamp recorded in its
    executed notebook (None when there is none or the notebook does not read)."""
    path = Path(folder) / f"{stem}.ipynb"
    try:
        st = path.stat()
    except OSError:
        return None
    memo = (str(path), st.st_size, st.st_mtime_ns)
    if memo not in _READ:
        try:
            nb = json.loads(path.read_bytes())
            value = nb["metadata"].get(METADATA_KEY)
            _READ[memo] = value if isinstance(value, dict) else None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            _READ[memo] = None
    return _READ[memo]


def why_run(folder: Path, stem: str, new: dict) -> str | None:
    """Given a report's folder, a page stem and the stamp of its inputs now,
    return None when its outputs are up to date, else why it must run."""
    folder = Path(folder)
    if not (folder / f"{stem}.ipynb").exists():
        return "new"
    old = recorded(folder, stem)
    if old is None:
        return "output unreadable"
    if old.get("key") != new["key"]:
        before = old.get("inputs") or {}
        changed = [n for n, v in new["inputs"].items() if before.get(n) != v]
        return "changed: " + ", ".join(INPUT_NAMES.get(n, n) for n in changed or ["key"])
    if not old.get("ok"):
        return "failed last time"
    page = folder / f"{stem}.html"
    if not old.get("html") or not _same(page, old["html"]):
        return "page missing or changed"
    for name, sha in (old.get("figures") or {}).items():
        if not site.FIGURE_NAME.match(name) or not _same(folder / site.FIGURES / name, sha):
            return f"figure {name} missing or changed"
    return None


def _same(path: Path, sha: str) -> bool:
    try:
        return not path.is_symlink() and digest(path.read_bytes()) == sha
    except OSError:
        return False


def figures_of(folder: Path, stem: str) -> set[str]:
    """Given a report's folder and a page stem, return the figures its executed
    notebook recorded making."""
    found = recorded(folder, stem) or {}
    return {n for n in (found.get("figures") or {}) if site.FIGURE_NAME.match(n)}


def index_key(pages_of, out_dir: Path, failed: dict, up: str | None, tables_hash: str) -> str:
    """Given what a report's pages are planned from, its site folder (pages,
    figures and data written), the failures, the link up and the hash of its
    tables, return the hash of everything its index shows."""
    pages = [(p.stem, p.html, p.ipynb, p.error) for p in site.discover(out_dir, pages_of, failed)]
    shown = [
        tables_hash,
        pages,
        site.figures(out_dir),
        site.data_files(out_dir),
        sorted(failed.items()),
        up,
        source_hash(),
    ]
    return digest(canonical_json(shown))


def write_stamp(folder: Path, name: str, value: dict) -> Path:
    """Given a folder, a hidden stamp's name and its value, write it atomically."""
    return atomic_write_text(safe_child(folder, name), canonical_json(value) + "\n")


def read_stamp(folder: Path, name: str) -> dict | None:
    """Given a folder and a stamp's name, return its value (None when absent or
    unreadable)."""
    try:
        value = json.loads((Path(folder) / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None
