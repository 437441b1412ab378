"""Benchmark of sdfkit: parsing, the notebook batch, and the papermill floor.

    python scripts/bench.py [REPORT] [--repeat 5] [--times 200] [--jobs N]

Times, in one run:

- parsing the report (median of ``--repeat`` runs);
- the whole batch (``run_batch``) with ``--jobs 1`` and with the default jobs;
- the floor: papermill running as many notebooks as the batch (15 for the bundled
  report) that only ``import pandas, matplotlib``, in the same pool with the
  default jobs (no HTML); and, to show where the time goes, the same with empty
  notebooks (kernel start alone) and with notebooks that only import sdfkit's
  analysis and plotting and parse the report (the real notebooks' first cell),
  and the time nbconvert takes to render the pages;
- parsing a very large input (the report repeated ``--times`` times) in a child
  process, with its peak memory (ru_maxrss) above the same child's baseline; and
  an input just above the parser's size limit, which it should refuse at once.

and prints the ratios default/jobs1 (target ≤ 0.65 on 2 cores) and default/floor
(target ≤ 1.5). Besides wall time it prints the CPU seconds each run used (the
workers and kernels, from RUSAGE_CHILDREN), which the load of other processes on
the machine does not change much, and the machine's load average.
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
from sdfkit.exceptions import SdfkitError  # noqa: E402
from sdfkit.parse.pipeline import read_report  # noqa: E402
from sdfkit.read.text import MAX_BYTES  # noqa: E402

TARGET_JOBS = 0.65
TARGET_FLOOR = 1.5
BIG_TIMEOUT = 600


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


def time_batch(path: Path, out: Path, jobs: int | None) -> dict:
    cpu = children_cpu()
    t = time.perf_counter()
    result = batch.run_batch(path, out, jobs=jobs, progress=False)
    wall = time.perf_counter() - t
    per = [o.seconds for o in result.outcomes]
    return {
        "wall": wall,
        "cpu": children_cpu() - cpu,
        "notebooks": len(result.outcomes),
        "failed": result.failed,
        "mean_notebook": statistics.mean(per) if per else 0.0,
    }


# The floor, and the steps from an empty kernel to the real notebooks' first cell:
# what each costs tells where the batch's time goes.
FLOOR = "import pandas, matplotlib"
LEVELS = {
    "empty kernel": "pass",
    "floor": FLOOR,
    "imports+parse": "from sdfkit import analysis, plotting\nanalysis.load_report(report)",
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


def time_level(
    name: str, code: str, count: int, jobs: int | None, work: Path, report: Path
) -> dict:
    """Run ``count`` copies of a one-cell notebook in the batch's pool (no HTML)."""
    template = level_notebook(work, name, code)
    out = work / f"{template.stem}-out"
    out.mkdir()
    jobs_list = [
        batch.NotebookJob(f"nb_{i:02d}", template, {"report": str(report), "out": str(out)})
        for i in range(1, count + 1)
    ]
    cpu = children_cpu()
    t = time.perf_counter()
    outcomes = batch.execute(
        jobs_list, out, workers=jobs or batch.default_jobs(), cwd=work, progress=False, html=False
    )
    wall = time.perf_counter() - t
    return {
        "wall": wall,
        "cpu": children_cpu() - cpu,
        "failed": [(o.stem, o.error) for o in outcomes if o.error],
        "mean_notebook": statistics.mean(o.seconds for o in outcomes),
    }


def time_html(folder: Path) -> dict:
    """Render the batch's executed notebooks again, in this process, as the workers
    do (the first render, which loads the templates, is not counted)."""
    exporter = batch.html_exporter()
    notebooks = sorted(folder.glob("*.ipynb"))
    exporter.from_notebook_node(nbformat.read(notebooks[0], as_version=4))
    t = time.perf_counter()
    for path in notebooks:
        exporter.from_notebook_node(nbformat.read(path, as_version=4))
    return {"wall": time.perf_counter() - t, "count": len(notebooks)}


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
    if done.returncode != 0:
        return {"size": big.stat().st_size, "crash": done.stderr.strip().splitlines()[-1:]}
    info = json.loads(done.stdout.strip().splitlines()[-1])
    info["size"] = big.stat().st_size
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", nargs="?", type=Path, help="default: the bundled report")
    parser.add_argument("--repeat", type=int, default=5, help="parse runs (median)")
    parser.add_argument("--times", type=int, default=200, help="repeats of the big input")
    parser.add_argument("--jobs", type=int, default=None, help="the default jobs (CPU count)")
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--big-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.big_child:
        big_child(args.big_child)
        return 0

    # Absolute: the notebooks run in another working directory.
    path = (args.report or paths.default_report()).resolve()
    jobs = args.jobs or batch.default_jobs()
    batch.ensure_kernel()
    print(f"sdfkit bench: {path.name}, {os.cpu_count()} CPUs, default jobs {jobs}")
    print(f"load average at start: {load()}")

    median, runs = time_parse(path, args.repeat)
    print(
        f"parse            {median * 1000:8.1f} ms  (median of {args.repeat}: "
        + ", ".join(f"{r * 1000:.0f}" for r in runs)
        + " ms)"
    )

    with tempfile.TemporaryDirectory(prefix="sdfkit-bench-") as tmp:
        work = Path(tmp)
        one = time_batch(path, work / "jobs1", 1)
        default = time_batch(path, work / "default", jobs)
        count = default["notebooks"]
        levels = {
            name: time_level(name, code, count, jobs, work, path) for name, code in LEVELS.items()
        }
        floor = levels["floor"]
        html = time_html(next((work / "default").iterdir()))
        bigs = []
        if not args.skip_big:
            bigs.append((args.times, time_big(path, args.times, work)))
            # And just above the parser's size limit: it should refuse, at once.
            over = MAX_BYTES // path.stat().st_size + 1
            if over > args.times:
                bigs.append((over, time_big(path, over, work)))

    def row(name: str, r: dict) -> str:
        return (
            f"{name:16s} {r['wall']:8.2f} s   cpu {r['cpu']:7.2f} s   "
            f"per notebook {r['mean_notebook']:.2f} s"
        )

    print(row("batch --jobs 1", one))
    print(row(f"batch --jobs {jobs}", default))
    print(row(f"floor --jobs {jobs}", floor) + f"   ({count} notebooks: {FLOOR})")
    print(f"where the time goes ({count} one-cell notebooks each, --jobs {jobs}, no HTML):")
    for name, r in levels.items():
        print("  " + row(name, r))
    print(
        f"  {'HTML pages':16s} {html['wall']:8.2f} s   for {html['count']} notebooks "
        "(nbconvert, one process)"
    )
    runs = [("jobs 1", one), ("default", default)] + list(levels.items())
    for name, r in runs:
        if r["failed"]:
            print(f"  {name}: {len(r['failed'])} failed: {r['failed'][:3]}")
    if any(r["failed"] for _, r in runs):
        print("WARNING: some notebooks failed, so these times do not compare")
    ratio_jobs = default["wall"] / one["wall"]
    ratio_floor = default["wall"] / floor["wall"]
    print(
        f"default/jobs1    {ratio_jobs:8.2f}     target <= {TARGET_JOBS}  "
        f"{'ok' if ratio_jobs <= TARGET_JOBS else 'MISSED'}"
    )
    print(
        f"default/floor    {ratio_floor:8.2f}     target <= {TARGET_FLOOR}  "
        f"{'ok' if ratio_floor <= TARGET_FLOOR else 'MISSED'}"
        f"   (cpu ratio {default['cpu'] / floor['cpu']:.2f})"
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


if __name__ == "__main__":
    sys.exit(main())
