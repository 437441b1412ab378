"""The batch over many reports: ``sdfkit run FOLDER|FILES…``.

:func:`run_corpus` finds the report files (folders expanded; a file that is not a
report, or cannot be read, is listed with its one-line error and the others go
on), reads each report once and writes its tables into ``processed/<report-id>/``
and the corpus panel into ``processed/corpus/``, then runs every notebook of every
report and the comparison notebook in **one** pool, so the cores stay busy across
reports, and writes each report's site (``out/<report-id>/``), the comparison page
(``out/compare/``) and ``out/index.html`` listing every report with its key
figures. A report whose file and tables have not changed since the last run is not
parsed again, and a notebook whose inputs have not changed is not run again (see
cache.py); ``force`` runs everything.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sdfkit import paths
from sdfkit.batch import cache
from sdfkit.batch.kernel import CELL_TIMEOUT, KERNEL_NAME, ensure_kernel
from sdfkit.batch.plan import NotebookJob, plan, templates
from sdfkit.batch.reports import Entry, identify, parse, readable
from sdfkit.batch.result import BatchResult, Outcome, error_line
from sdfkit.batch.run import copy_data, finish_report, make_engine, run_jobs
from sdfkit.batch.stale import remove_other_figures, remove_stale
from sdfkit.output import safe_child
from sdfkit.publish import site

COMPARE_TEMPLATE = "compare.ipynb"
CORPUS_STAMP = "sdfkit-run.json"


@dataclass
class CorpusResult:
    """The result of a run over many reports: each report's BatchResult by id, the
    files not read (file, one-line error), the comparison page's Outcome, the
    corpus index, and the wall time."""

    out_dir: Path
    reports: dict[str, BatchResult] = field(default_factory=dict)
    errors: list[tuple[Path, str]] = field(default_factory=list)
    compare: Outcome | None = None
    failed: list[tuple[str, str]] = field(default_factory=list)
    index: Path | None = None
    seconds: float = 0.0
    parsed: int = 0

    @property
    def outcomes(self) -> list[Outcome]:
        found = [o for r in self.reports.values() for o in r.outcomes]
        return found + ([self.compare] if self.compare else [])

    @property
    def exit_code(self) -> int:
        """0 when every report was read and every notebook ran, else 1."""
        return 1 if self.errors or self.failed else 0

    def summary(self) -> str:
        """Totals (reports, notebooks unchanged and re-run), why each re-ran, then
        one line per file not read and per failed notebook."""
        outs = self.outcomes
        skipped = sum(1 for o in outs if o.skipped)
        ran = [o for o in outs if not o.skipped]
        lines = [
            f"{self.out_dir}: {_count(len(self.reports), 'report')} ({self.parsed} parsed), "
            f"{len(outs)} notebooks: {skipped} unchanged, {len(ran)} re-run "
            f"in {self.seconds:.1f}s; index: {self.index}"
        ]
        reasons: dict[str, list[str]] = {}
        for o in ran:
            where = o.folder.name if o.folder else ""
            reasons.setdefault(o.reason or "run", []).append(f"{where}/{o.stem}")
        for reason, names in reasons.items():
            shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
            lines.append(f"  re-run ({reason}): {shown}")
        if self.errors:
            lines.append(f"{len(self.errors)} not read:")
            lines += [f"  {error}" for _path, error in self.errors]
        if self.failed:
            lines.append(f"{len(self.failed)} failed:")
            lines += [f"  {label}: {error}" for label, error in self.failed]
        return "\n".join(lines)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def run_corpus(
    inputs: list[str | Path],
    out: str | Path = paths.REPORTS,
    *,
    processed: str | Path = paths.PROCESSED,
    jobs: int | None = None,
    notebooks_dir: str | Path = paths.NOTEBOOKS,
    progress: bool = True,
    force: bool = False,
    scheduler: str | None = None,
    timeout: float | None = CELL_TIMEOUT,
    kernel_name: str = KERNEL_NAME,
    aliases: str | Path | None = None,
) -> CorpusResult:
    """Given report files and folders, an output folder and a processed folder,
    run the whole batch over them (see the module's docstring) and return the
    CorpusResult. Raises SdfkitError (one line) when there is no report file at
    all, a notebook template is missing or the kernel cannot be found."""
    from sdfkit.parse.corpus import discover

    started = time.monotonic()
    templates(notebooks_dir)
    compare_template = Path(notebooks_dir) / COMPARE_TEMPLATE
    ensure_kernel(kernel_name)
    out_root = Path(out)
    out_root.mkdir(parents=True, exist_ok=True)
    processed_root = Path(processed)
    processed_root.mkdir(parents=True, exist_ok=True)
    result = CorpusResult(out_dir=out_root.resolve())

    files, refused = discover([Path(p) for p in inputs])
    result.errors += [(Path(p), e) for p, e in refused]
    entries, duplicates = identify(files, processed_root, out_root, result.errors)
    result.parsed = parse(entries, aliases, force, jobs, result.errors)
    entries = readable(entries)
    corpus = _LazyCorpus(entries, duplicates, result.errors, aliases)
    panel = _write_panel(corpus, entries, processed_root, force, result)

    job_list: list[NotebookJob] = []
    for e in entries:
        e.site.mkdir(exist_ok=True)
        try:
            copy_data(e.tables, e.site)
        except Exception as err:  # noqa: BLE001 - the site lacks its data: said, not fatal
            result.failed.append((f"{e.report_id}/{site.DATA}", error_line(err)))
        inputs_of = {"report": e.sha256, "tables": e.tables_hash}
        mine = plan(e.report_stub, e.tables, e.site, notebooks_dir, inputs_of)
        remove_stale(e.site, {j.stem for j in mine})
        job_list += mine
    compare_dir = safe_child(out_root, site.COMPARE)
    if panel is not None and compare_template.is_file():
        compare_dir.mkdir(exist_ok=True)
        parameters = {"corpus": str(panel.resolve()), "out": str(compare_dir.resolve())}
        inputs_of = {"corpus": cache.folder_hash(panel)}
        job = NotebookJob(
            site.COMPARE, compare_template, parameters, compare_dir.resolve(), inputs_of
        )
        # First: the longest notebook, and the only one of its kind.
        job_list.insert(0, job)

    engine = make_engine(jobs, scheduler, kernel_name)
    try:
        outcomes = run_jobs(
            job_list,
            engine,
            progress=progress,
            timeout=timeout,
            kernel_name=kernel_name,
            desc="sdfkit run",
            force=force,
        )
    finally:
        engine.close()
    by_folder: dict[Path, list[Outcome]] = {}
    for o in outcomes:
        by_folder.setdefault(o.folder, []).append(o)
    for o in by_folder.pop(compare_dir.resolve(), []):
        result.compare = o
        remove_other_figures(compare_dir, cache.figures_of(compare_dir, o.stem))
        if o.error:
            result.failed.append((f"{site.COMPARE}/{o.stem}", o.error))
    for e in entries:
        batch = BatchResult(report_id=e.report_id, out_dir=e.site.resolve())
        finish_report(
            batch,
            e.report_stub,
            lambda e=e: e.report,
            by_folder.get(e.site.resolve(), []),
            tables_hash=e.tables_hash,
            up="../index.html",
        )
        result.reports[e.report_id] = batch
        result.failed += [(f"{e.report_id}/{stem}", err) for stem, err in batch.failed]
    result.index = _write_index(corpus, entries, result, out_root)
    result.seconds = time.monotonic() - started
    print(result.summary(), file=sys.stderr)
    return result


# --- Steps --------------------------------------------------------------------------------


class _LazyCorpus:
    """The Corpus of the readable reports, built (loading the tables of those not
    parsed in this run) the first time it is called: an unchanged run needs it
    for nothing."""

    def __init__(self, entries: list[Entry], duplicates, errors, aliases):
        self.entries, self.duplicates, self.errors = entries, duplicates, errors
        self.aliases = Path(aliases) if aliases is not None else paths.ALIASES
        self._corpus = None

    def __call__(self):
        if self._corpus is None:
            from sdfkit.parse.corpus import from_reports

            reports = {e.report_id: e.report for e in self.entries}
            sources = {e.report_id: e.path for e in self.entries}
            errors = list(self.errors)
            self._corpus = from_reports(reports, errors, self.duplicates, sources, self.aliases)
        return self._corpus


def _write_panel(
    corpus: _LazyCorpus, entries: list[Entry], processed_root: Path, force: bool, result
) -> Path | None:
    """Write the corpus panel (``processed/corpus/``) unless it was written from
    the same reports' tables; return its folder (None without any report)."""
    from sdfkit.publish.corpus import corpus_dir, write_corpus

    if not entries:
        return None
    folder = corpus_dir(processed_root)
    want = {
        "reports": {e.report_id: e.tables_hash for e in entries},
        "duplicates": [[str(p), rid] for p, rid in corpus.duplicates],
        "errors": [[str(p), err] for p, err in result.errors],
        "sdfkit": cache.source_hash(),
    }
    old = None if force else cache.read_stamp(folder, CORPUS_STAMP)
    if old and {k: old.get(k) for k in want} == want:
        if old.get("panel") == cache.folder_hash(folder):
            return folder
    try:
        write_corpus(corpus(), processed_root, per_report=False)
    except Exception as err:  # noqa: BLE001 - no panel: no comparison, said
        result.failed.append((site.COMPARE, f"corpus panel: {error_line(err)}"))
        return None
    cache.write_stamp(folder, CORPUS_STAMP, {**want, "panel": cache.folder_hash(folder)})
    return folder


def _write_index(
    corpus: _LazyCorpus, entries: list[Entry], result: CorpusResult, out_root: Path
) -> Path:
    """Write ``out/index.html`` unless it was built from the same things."""
    from sdfkit.publish.corpus_site import write_corpus_index

    compare_dir = out_root / site.COMPARE
    compare = None
    if result.compare is not None:
        o = result.compare
        has_html = (compare_dir / f"{o.stem}.html").is_file()
        has_nb = (compare_dir / f"{o.stem}.ipynb").is_file()
        compare = {
            "html": has_html,
            "ipynb": has_nb,
            "href": site.href(site.COMPARE, f"{o.stem}.html"),
            "nb_href": site.href(site.COMPARE, f"{o.stem}.ipynb"),
            "error": o.error,
        }
    linked = [e.report_id for e in entries if (e.site / site.INDEX).is_file()]
    counts = {rid: len(r.failed) for rid, r in result.reports.items() if r.failed}
    errors = [(str(p), e) for p, e in result.errors]
    failures = [(label, err) for label, err in result.failed if "/" not in label]
    shown = [
        [(e.report_id, e.tables_hash) for e in entries],
        linked,
        sorted(counts.items()),
        errors,
        failures,
        compare,
        [(str(p), rid) for p, rid in corpus.duplicates],
        cache.source_hash(),
    ]
    key = cache.digest(cache.canonical_json(shown))
    path = safe_child(out_root, site.INDEX)
    if site.index_key(path) == key:
        return path
    return write_corpus_index(
        corpus() if entries else _empty(corpus),
        out_root,
        linked=linked,
        compare=compare,
        errors=errors,
        failures=failures,
        failed_counts=counts,
        key=key,
    )


def _empty(corpus: _LazyCorpus):
    from sdfkit.parse.corpus import from_reports

    return from_reports({}, [], corpus.duplicates)
