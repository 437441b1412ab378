"""Benchmark of sdfkit: parsing, the batch over a corpus, its incremental runs.

    python scripts/bench.py [REPORT] [--reports 20] [--jobs N] [--skip-big] [--skip-dask]

One run, printed as times and ratios (the targets are for 2 cores):

- parsing the report (median of ``--repeat`` runs), and reading it from each published
  format (the report built as HWPX, HWP and PDF by the tests' builders), file to tables,
  as a ratio to the text in the same run (targets: HWPX and HWP ≤ 2×, PDF ≤ 25×);
- a corpus of ``--reports`` reports (the report and copies made here, each of
  another institution) through ``run_corpus``: with the local pool (default
  jobs), against the floor (papermill running as many notebooks that only
  ``import pandas, matplotlib`` in the same pool; target ≤ 1.3×) and against
  ``--jobs 1`` (target ≤ 0.6×); the same corpus through a two-worker
  ``distributed.LocalCluster``;
- a second run with nothing changed (target ≤ 3% of the full run) and a run
  after editing one report (only its notebooks and the comparison run);
- where a notebook's time goes: one-cell notebooks with an empty kernel, the
  floor's imports, sdfkit's imports and loading the tables, against the real
  notebooks, and the HTML export per page;
- parsing a very large input in a child process, with its peak memory, and an
  input just above the size limit, which must be refused at once.

Besides wall time it prints the CPU seconds of the local runs (workers and
kernels, from RUSAGE_CHILDREN), which other load on the machine changes less,
and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sdfkit import batch, paths  # noqa: E402
from sdfkit.batch.corpus import run_corpus  # noqa: E402
from sdfkit.batch.pool import LocalPool  # noqa: E402
from sdfkit.exceptions import SdfkitError  # noqa: E402
from sdfkit.parse.pipeline import read_report  # noqa: E402
from sdfkit.publish.tables import write_tables  # noqa: E402
from sdfkit.read.text import MAX_BYTES  # noqa: E402

TARGET_FLOOR = 1.3
TARGET_FORMATS = {"hwpx": 2.0, "hwp": 2.0, "pdf": 25.0}
TARGET_JOBS = 0.6
TARGET_UNCHANGED = 0.03
BIG_TIMEOUT = 600
# Suffixes that make each copy another institution (report text: Hangul).
SUFFIXES = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허"


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def time_parse(path: Path, repeat: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        read_report(path)
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def time_formats(path: Path, text_median: float, repeat: int) -> None:
    """Build the report as HWPX, HWP and PDF (the tests' builders) and print the
    median time to read each into tables, as a ratio to the text's."""
    sys.path.insert(0, str(ROOT / "tests"))
    from read.build_formats import document_model, write_hwp, write_hwpx, write_pdf

    blocks = document_model(path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="sdfkit-bench-formats-") as tmp:
        for kind, write in (("hwpx", write_hwpx), ("hwp", write_hwp), ("pdf", write_pdf)):
            built = write(Path(tmp) / f"{path.stem}.{kind}", blocks)
            median, _ = time_parse(built, max(1, repeat if kind != "pdf" else 3))
            ratio = median / text_median
            print(
                f"read {kind:<5}       {median * 1000:8.1f} ms  {ratio:5.2f}x the text "
                f"{verdict(ratio, TARGET_FORMATS[kind])}",
                flush=True,
            )


def make_corpus(path: Path, count: int, folder: Path) -> list[Path]:
    """Write the report and ``count - 1`` copies of it, each of another
    institution (the report's institution renamed), into ``folder``."""
    folder.mkdir(parents=True)
    text = path.read_text(encoding="utf-8")
    institution = read_report(path).meta.get("institution") or ""
    files = []
    for i in range(count):
        body = (
            text
            if i == 0 or not institution
            else text.replace(
                institution,
                institution + SUFFIXES[(i - 1) % len(SUFFIXES)] * (1 + (i - 1) // len(SUFFIXES)),
            )
        )
        target = folder / f"report_{i:02d}.txt"
        target.write_text(body, encoding="utf-8")
        files.append(target)
    return files


def time_corpus(raw: Path, work: Path, name: str, **options) -> dict:
    """Run the batch over the corpus folder into ``work/name``; return its times."""
    cpu = children_cpu()
    t = time.perf_counter()
    result = run_corpus(
        [raw],
        work / name / "reports",
        processed=work / name / "processed",
        progress=False,
        **options,
    )
    wall = time.perf_counter() - t
    outcomes = [o for o in result.outcomes if not o.skipped]
    return {
        "wall": wall,
        "cpu": children_cpu() - cpu,
        "notebooks": len(result.outcomes),
        "ran": len(outcomes),
        "reran": sorted(f"{o.folder.name}/{o.stem}" for o in outcomes),
        "failed": result.failed,
        "mean_notebook": statistics.mean(o.seconds for o in outcomes) if outcomes else 0.0,
        "html": statistics.mean(o.steps.get("html", 0.0) for o in outcomes) if outcomes else 0.0,
    }


# The floor, and the steps from an empty kernel to the real notebooks' first cell:
# what each costs tells where the batch's time goes.
FLOOR = "import pandas, matplotlib"
LEVELS = {
    "empty kernel": "pass",
    "floor": FLOOR,
    "imports+load": "import sdfkit\nfrom sdfkit.analysis import plotting\nsdfkit.open_report(report)",
}


def level_notebook(folder: Path, name: str, code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    params = nbformat.v4.new_code_cell("report = None\nout = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(code)]
    path = folder / f"{name.replace(' ', '_').replace('+', '_')}.ipynb"
    nbformat.write(nb, path)
    return path


def time_level(name: str, code: str, count: int, jobs: int, work: Path, tables: Path) -> dict:
    """Run ``count`` copies of a one-cell notebook in the batch's pool (no HTML)."""
    template = level_notebook(work, name, code)
    out = work / f"{template.stem}-out"
    out.mkdir()
    params = {"report": str(tables), "out": str(out)}
    jobs_list = [batch.NotebookJob(f"nb_{i:03d}", template, params) for i in range(count)]
    cpu = children_cpu()
    t = time.perf_counter()
    outcomes = batch.run_jobs(
        jobs_list, LocalPool(jobs), out_dir=out, progress=False, html=False, force=True
    )
    return {
        "wall": time.perf_counter() - t,
        "cpu": children_cpu() - cpu,
        "failed": [(o.stem, o.error) for o in outcomes if o.error],
        "mean_notebook": statistics.mean(o.seconds for o in outcomes),
        "notebooks": count,
    }


def big_child(path: str) -> None:
    """In a child process: report the baseline memory, parse the big file, report
    time and peak memory as JSON on stdout."""
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    error = None
    try:
        read_report(path)
    except SdfkitError as err:
        error = str(err)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "base_kb": base, "peak_kb": peak, "error": error}))


def time_big(path: Path, times: int, work: Path) -> dict:
    text = path.read_bytes()
    big = work / f"big_x{times}.txt"
    big.write_bytes(text * times)
    cmd = [sys.executable, __file__, "--big-child", str(big)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=BIG_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"size": big.stat().st_size, "timeout": BIG_TIMEOUT}
    finally:
        big.unlink(missing_ok=True)
    if done.returncode != 0:
        return {"size": len(text) * times, "crash": done.stderr.strip().splitlines()[-1:]}
    info = json.loads(done.stdout.strip().splitlines()[-1])
    info["size"] = len(text) * times
    return info


def verdict(value: float, target: float) -> str:
    return f"target <= {target}  {'ok' if value <= target else 'MISSED'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", nargs="?", type=Path, help="default: the bundled report")
    parser.add_argument("--reports", type=int, default=20, help="reports in the corpus")
    parser.add_argument("--repeat", type=int, default=5, help="parse runs (median)")
    parser.add_argument("--times", type=int, default=200, help="repeats of the big input")
    parser.add_argument("--jobs", type=int, default=None, help="the default jobs (CPU count)")
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-jobs1", action="store_true")
    parser.add_argument("--big-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.big_child:
        big_child(args.big_child)
        return 0

    path = (args.report or paths.default_report()).resolve()
    jobs = args.jobs or batch.default_jobs()
    batch.ensure_kernel()
    print(f"sdfkit bench: {path.name} x {args.reports}, {os.cpu_count()} CPUs, jobs {jobs}")
    print(f"load average at start: {load()}", flush=True)

    median, runs = time_parse(path, args.repeat)
    print(
        f"parse            {median * 1000:8.1f} ms  (median of {args.repeat}: "
        + ", ".join(f"{r * 1000:.0f}" for r in runs)
        + " ms)",
        flush=True,
    )

    time_formats(path, median, args.repeat)

    with tempfile.TemporaryDirectory(prefix="sdfkit-bench-") as tmp:
        work = Path(tmp)
        raw = work / "raw"
        files = make_corpus(path, args.reports, raw)
        full = time_corpus(raw, work, "local", jobs=jobs, force=True)
        print(row(f"corpus --jobs {jobs}", full), flush=True)
        count = full["notebooks"]
        unchanged = time_corpus(raw, work, "local", jobs=jobs)
        print(row("unchanged re-run", unchanged), flush=True)
        edited = files[-1]
        text = edited.read_text(encoding="utf-8")
        projects = read_report(edited).projects
        title = str(projects["title"].iloc[0])
        edited.write_text(text.replace(title, title + " 사업", 1), encoding="utf-8")
        after_edit = time_corpus(raw, work, "local", jobs=jobs)
        print(row("one report edited", after_edit), flush=True)
        one = None
        if not args.skip_jobs1:
            one = time_corpus(raw, work, "jobs1", jobs=1, force=True)
            print(row("corpus --jobs 1", one), flush=True)
        dask = None
        if not args.skip_dask:
            dask = time_dask(raw, work)
            if dask:
                print(row("corpus LocalCluster(2)", dask), flush=True)

        tables = work / "tables"
        write_tables(read_report(path), tables)
        levels = {
            name: time_level(name, code, count, jobs, work, tables) for name, code in LEVELS.items()
        }
        floor = levels["floor"]
        bigs = []
        if not args.skip_big:
            bigs.append((args.times, time_big(path, args.times, work)))
            over = MAX_BYTES // path.stat().st_size + 1
            if over > args.times:
                bigs.append((over, time_big(path, over, work)))

    print(row(f"floor --jobs {jobs}", floor) + f"   ({count} notebooks: {FLOOR})")
    print(breakdown(levels, full, count))
    runs = [("full", full), ("unchanged", unchanged), ("edited", after_edit)]
    runs += [("jobs 1", one)] if one else []
    runs += [("dask", dask)] if dask else []
    runs += list(levels.items())
    for name, r in runs:
        if r["failed"]:
            print(f"  {name}: {len(r['failed'])} failed: {r['failed'][:3]}")
    if any(r["failed"] for _, r in runs):
        print("WARNING: some notebooks failed, so these times do not compare")

    ratio_floor = full["wall"] / floor["wall"]
    print(f"corpus/floor     {ratio_floor:8.2f}     {verdict(ratio_floor, TARGET_FLOOR)}")
    if one:
        ratio_jobs = full["wall"] / one["wall"]
        print(f"corpus/jobs1     {ratio_jobs:8.2f}     {verdict(ratio_jobs, TARGET_JOBS)}")
    if dask:
        print(f"LocalCluster/pool {dask['wall'] / full['wall']:7.2f}")
    ratio_same = unchanged["wall"] / full["wall"]
    print(f"unchanged/full   {ratio_same:8.3f}     {verdict(ratio_same, TARGET_UNCHANGED)}")
    want = {
        f"{edited.stem}/{s}"
        for s in (
            ["overview", "audit"]
            + [f"project_{int(n):02d}" for n in projects["project_no"].dropna()]
        )
    } | {"compare/compare"}
    only = set(after_edit["reran"]) == want
    print(
        f"one edit re-ran  {after_edit['ran']:8d}     notebooks: "
        f"{'only that report and the comparison: ok' if only else 'MISSED: ' + str(after_edit['reran'][:5])}"
    )
    for times, big in bigs:
        size = f"{big['size'] / 1e6:.1f} MB (x{times})"
        if "timeout" in big:
            print(f"big input        {size}: no answer within {big['timeout']} s")
        elif "crash" in big:
            print(f"big input        {size}: crashed: {big['crash']}")
        else:
            peak = big["peak_kb"] / 1024
            extra = (big["peak_kb"] - big["base_kb"]) / 1024
            outcome = f"refused: {big['error']}" if big["error"] else "parsed"
            print(
                f"big input        {size}: {big['seconds']:.2f} s, peak RSS {peak:.0f} MiB "
                f"(+{extra:.0f} MiB over the imports), {outcome}"
            )
    print(f"load average at end: {load()}")
    return 0


def breakdown(levels: dict, full: dict, count: int) -> str:
    """Where a notebook's time goes: each step's CPU seconds a notebook (kernels and
    workers, from the runs of one-cell notebooks and the real corpus run) over the
    step before it."""
    steps = [
        ("kernel start, papermill", levels["empty kernel"]),
        ("+ import pandas, matplotlib", levels["floor"]),
        ("+ sdfkit, its charts' imports, the tables", levels["imports+load"]),
    ]
    lines = [f"where a notebook's time goes (CPU s a notebook; {count} notebooks a step):"]
    before = 0.0
    for name, r in steps:
        cpu = r["cpu"] / r["notebooks"]
        lines.append(f"  {name:44s} {cpu:5.2f}  (+{cpu - before:.2f})")
        before = cpu
    real = full["cpu"] / full["ran"] if full["ran"] else 0.0
    page = full["html"]
    lines.append(
        f"  {'+ analysis, tables and charts (real notebooks)':44s} {real - page:5.2f}"
        f"  (+{real - page - before:.2f})"
    )
    lines.append(f"  {'+ the HTML page (wall, in the worker)':44s} {real:5.2f}  (+{page:.2f})")
    return "\n".join(lines)


def row(name: str, r: dict) -> str:
    per = f"   per notebook {r['mean_notebook']:.2f} s" if r.get("mean_notebook") else ""
    ran = f"   {r['ran']} of {r['notebooks']} run" if "ran" in r else ""
    return f"{name:22s} {r['wall']:8.2f} s   cpu {r['cpu']:7.2f} s{ran}{per}"


def time_dask(raw: Path, work: Path) -> dict | None:
    """The corpus through a LocalCluster of two worker processes (None without dask)."""
    try:
        from distributed import LocalCluster
    except ImportError:
        print("corpus LocalCluster: dask is not installed (pip install 'sdfkit[dask]')")
        return None
    import logging

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        return time_corpus(raw, work, "dask", scheduler=cluster.scheduler_address, force=True)


if __name__ == "__main__":
    sys.exit(main())
