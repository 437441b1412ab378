"""Reading a corpus's reports once: which files, which ids, which need parsing.

Each file is read once by its bytes (a second file with the same sha256 is a
duplicate); ids come from file names only (``parse.corpus.assign_ids``). A report is
parsed again only when its processed folder is not up to date: its file, the alias
file or sdfkit changed since the folder was written, or the folder's tables were
changed since (each folder records what it was written from in ``sdfkit-run.json``).
Several reports are parsed in parallel, in a pool of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sdfkit import paths
from sdfkit.batch import cache
from sdfkit.batch.result import error_line
from sdfkit.exceptions import SdfkitError
from sdfkit.output import safe_child
from sdfkit.publish import site
from sdfkit.publish.corpus import CORPUS_DIR

# A processed folder records what it was written from (not a table: not copied to a site).
PARSE_STAMP = "sdfkit-run.json"
# Folder names in the output folder that are not a report's site.
RESERVED = {site.COMPARE, CORPUS_DIR, "screenshots"}


@dataclass
class Entry:
    """One report of the run: its id, file, sha256, processed and site folders,
    the hash of its tables, and the Report (loaded only when needed)."""

    report_id: str
    path: Path
    sha256: str
    tables: Path
    site: Path
    tables_hash: str = ""
    parsed: bool = False
    _report: object = None

    @property
    def report_stub(self) -> Stub:
        """What planning its pages needs (its project numbers), without loading
        its tables."""
        return Stub(self)

    @property
    def report(self):
        """The Report: as parsed in this run, else loaded from its tables."""
        if self._report is None:
            from sdfkit.publish.load import load_report

            self._report = load_report(self.tables)
        return self._report


def identify(
    files: list[Path], processed_root: Path, out_root: Path, errors: list
) -> tuple[list[Entry], list[tuple[Path, str]]]:
    """Given the report files, the processed and output folders and a list for
    errors, return one Entry per distinct file (its id from its name) and the
    duplicates (file, id of the same bytes); files that cannot be read or whose
    id is a folder of the run's own go into ``errors`` with their one-line error."""
    from sdfkit.parse.corpus import assign_ids
    from sdfkit.read.text import read_bytes

    hashes: dict[Path, str] = {}
    first: dict[str, Path] = {}
    unique: list[Path] = []
    duplicates_of: list[tuple[Path, Path]] = []
    for path in files:
        try:
            sha = cache.digest(read_bytes(path))
        except SdfkitError as err:
            errors.append((path, str(err)))
            continue
        hashes[path] = sha
        if sha in first:
            duplicates_of.append((path, first[sha]))
        else:
            first[sha] = path
            unique.append(path)
    ids = assign_ids(unique, hashes)
    entries = []
    for path in unique:
        rid = ids[path]
        if rid in RESERVED:
            message = f"report id {rid!r} is a folder of the run's own: rename the file"
            errors.append((path, str(SdfkitError(message, path))))
            continue
        entries.append(
            Entry(
                rid,
                path,
                hashes[path],
                safe_child(processed_root, rid),
                safe_child(out_root, rid),
            )
        )
    duplicates = [(dup, ids[kept]) for dup, kept in duplicates_of]
    return entries, duplicates


def _parse_stamp(e: Entry, aliases_hash: str) -> dict:
    return {"report": e.sha256, "aliases": aliases_hash, "sdfkit": cache.source_hash()}


def _aliases_hash(aliases: str | Path | None) -> str:
    path = Path(aliases) if aliases is not None else paths.ALIASES
    try:
        return cache.digest(path.read_bytes())
    except OSError:
        return ""


def parse(
    entries: list[Entry],
    aliases: str | Path | None,
    force: bool,
    jobs: int | None,
    errors: list,
) -> int:
    """Parse the reports whose processed folder is not up to date (their file,
    the alias file, sdfkit or the tables themselves changed), in parallel when
    there are several; take the others' tables as they are. Return how many were
    parsed; a report that cannot be read goes into ``errors``."""
    aliases_hash = _aliases_hash(aliases)
    todo = []
    for e in entries:
        old = None if force else cache.read_stamp(e.tables, PARSE_STAMP)
        want = _parse_stamp(e, aliases_hash)
        if old and {k: old.get(k) for k in want} == want:
            tables_hash = cache.folder_hash(e.tables)
            if old.get("tables") == tables_hash:
                e.tables_hash = tables_hash
                continue
        todo.append(e)
    if not todo:
        return 0
    args = [(e.path, e.report_id, e.tables, aliases, _parse_stamp(e, aliases_hash)) for e in todo]
    workers = min(jobs or _cpus(), len(todo))
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from sdfkit.batch.pool import ignore_sigint, sigint_blocked, sigint_ignored

        ctx = multiprocessing.get_context("spawn")
        # Ctrl-C is the client's: the workers start with it blocked, then ignore it,
        # and the reports not parsed yet are dropped (tables are written whole).
        with sigint_blocked():
            pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=ctx, initializer=ignore_sigint
            )
            futures = [pool.submit(_parse_one, *a) for a in args]
        try:
            done = [f.result() for f in futures]
        except BaseException:
            with sigint_ignored():
                pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    else:
        done = [_parse_one(*a) for a in args]
    for e, (report, tables_hash, error) in zip(todo, done, strict=True):
        if error:
            errors.append((e.path, error))
            continue
        e._report, e.tables_hash, e.parsed = report, tables_hash, True
    return sum(1 for e in todo if e.parsed)


def _cpus() -> int:
    from sdfkit.batch.plan import default_jobs

    return default_jobs()


def _parse_one(path: Path, rid: str, tables: Path, aliases, stamp: dict):
    """In a worker: parse one report, write its tables and its stamp; return (the
    Report, the tables' hash, None) or (None, '', the one-line error)."""
    from sdfkit.parse.pipeline import read_report
    from sdfkit.publish.tables import write_tables

    try:
        report = read_report(path, aliases=aliases, report_id=rid)
        write_tables(report, tables)
    except SdfkitError as err:
        return None, "", str(err)
    except Exception as err:  # noqa: BLE001 - one report's failure, not the run's
        return None, "", str(SdfkitError(f"internal error: {error_line(err)}", path))
    tables_hash = cache.folder_hash(tables)
    cache.write_stamp(tables, PARSE_STAMP, {**stamp, "tables": tables_hash})
    return report, tables_hash, None


class Stub:
    """What planning a report's pages needs, without loading its tables: its
    project numbers (from projects.csv)."""

    def __init__(self, entry: Entry):
        import pandas as pd

        if entry._report is not None:
            self.projects = entry._report.projects
            return
        numbers = _project_numbers(entry.tables / "projects.csv")
        self.projects = pd.DataFrame({"project_no": pd.array(numbers, dtype="Int64")})


def _project_numbers(path: Path) -> list[int]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        return [int(row["project_no"]) for row in csv.DictReader(f) if row.get("project_no")]


def readable(entries: list[Entry]) -> list[Entry]:
    """Given the entries, return those whose tables were written (read or parsed)."""
    return [e for e in entries if e.tables_hash]
