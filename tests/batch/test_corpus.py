"""Tests for ``sdfkit run`` over many reports, and its incremental runs.

The fixture notebooks (tests/fixtures/batch/) stand in for the real ones, so a
notebook costs a kernel start, not an analysis. One test runs a small corpus (two
reports, a duplicate, a file that is no report) and then changes each input in
turn, asserting that exactly the affected notebooks run again.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPORT_PATH, links, replace_once

from sdfkit.batch import cache
from sdfkit.batch.corpus import run_corpus
from sdfkit.batch.execute import NotebookRun
from sdfkit.batch.plan import NotebookJob
from sdfkit.batch.run import run_jobs

PAGES = ["overview", "audit"] + [f"project_{n:02d}" for n in range(1, 14)]


def reran(result) -> dict[str, str]:
    """The notebooks a run ran, as ``report/stem`` → why."""
    return {f"{o.folder.name}/{o.stem}": o.reason for o in result.outcomes if not o.skipped}


@pytest.fixture
def corpus(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = REPORT_PATH.read_text(encoding="utf-8")
    (raw / "a.txt").write_text(text, encoding="utf-8")
    (raw / "b.txt").write_text(
        replace_once(text, "8  기술기업 해외진출 지원\n", "8  기술기업 해외진출 지원사업\n"),
        encoding="utf-8",
    )
    shutil.copy(raw / "a.txt", raw / "a_again.txt")  # the same bytes: read once
    (raw / "notes.txt").write_text("회의 메모\n", encoding="utf-8")  # not a report
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES / "batch", notebooks)
    (notebooks / "project.ipynb").write_text(
        (notebooks / "project.ipynb").read_text(encoding="utf-8").replace("== 2", "== -1"),
        encoding="utf-8",
    )  # no failing project here: failures are tested in test_batch.py

    def run(**options):
        return run_corpus(
            [raw],
            tmp_path / "reports",
            processed=tmp_path / "processed",
            jobs=2,
            notebooks_dir=notebooks,
            progress=False,
            **options,
        )

    return tmp_path, raw, notebooks, run


@pytest.mark.slow
def test_a_corpus_run_and_its_incremental_runs(corpus, capsys):
    root, raw, notebooks, run = corpus
    out = root / "reports"

    first = run()
    assert first.exit_code == 1  # notes.txt is no report
    assert [str(p.name) for p, _ in first.errors] == ["notes.txt"]
    assert "notes.txt" in first.errors[0][1] and "\n" not in first.errors[0][1]
    assert not first.failed, first.summary()
    assert sorted(first.reports) == ["a", "b"] and first.parsed == 2
    assert len(reran(first)) == 31 and set(reran(first).values()) == {"new"}
    for rid in ("a", "b"):
        assert sorted(p.stem for p in (out / rid).glob("*.html")) == sorted(PAGES + ["index"])
        assert (root / "processed" / rid / "meta.json").is_file()
        assert (out / rid / "data" / "meta.json").is_file()
    assert (root / "processed" / "corpus" / "meta.csv").is_file()
    assert (out / "compare" / "compare.html").is_file()
    assert (out / "compare" / "figures" / "compare_test.png").is_file()
    compared = (out / "compare" / "compare.ipynb").read_text(encoding="utf-8")
    assert "compared a, b" in compared
    index = (out / "index.html").read_text(encoding="utf-8")
    assert {"a/index.html", "b/index.html", "compare/compare.html"} <= set(links(index))
    for link in links(index):
        assert (out / link).is_file(), link
    for text in ("서울디지털재단", "2020", "2020-09-30", "notes.txt", "a_again.txt"):
        assert text in index, text
    assert "0 unchanged, 31 re-run" in capsys.readouterr().err

    # Nothing changed: nothing runs, nothing is rewritten.
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.*")}
    second = run()
    assert reran(second) == {} and second.parsed == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.*")} == stamps
    assert "31 unchanged, 0 re-run" in capsys.readouterr().err

    # One report edited: its notebooks and the comparison, nothing else.
    text = (raw / "b.txt").read_text(encoding="utf-8")
    (raw / "b.txt").write_text(text.replace("지원사업\n", "지원 사업\n", 1), encoding="utf-8")
    third = run()
    assert set(reran(third)) == {f"b/{s}" for s in PAGES} | {"compare/compare"}
    assert reran(third)["b/overview"] == "changed: the report, the tables"
    assert reran(third)["compare/compare"] == "changed: the corpus panel"
    assert third.parsed == 1

    # A notebook edited: that notebook for every report.
    audit = notebooks / "audit.ipynb"
    audit.write_text(audit.read_text(encoding="utf-8").replace("audit of", "감사"), "utf-8")
    fourth = run()
    assert reran(fourth) == {"a/audit": "changed: the notebook", "b/audit": "changed: the notebook"}

    # A damaged output is never taken as up to date: a truncated notebook, an
    # edited page, a deleted figure each run their notebook again.
    nb = out / "a" / "project_03.ipynb"
    nb.write_bytes(nb.read_bytes()[:200])
    page = out / "b" / "overview.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- x -->", encoding="utf-8")
    (out / "a" / "figures" / "project_05_test.png").unlink()
    fifth = run()
    assert reran(fifth) == {
        "a/project_03": "output unreadable",
        "b/overview": "page missing or changed",
        "a/project_05": "figure project_05_test.png missing or changed",
    }
    assert (out / "a" / "figures" / "project_05_test.png").is_file()


class Echo:
    """An engine that runs nothing: it returns each task's stamp as its notebook."""

    def __init__(self):
        self.ran: list[str] = []

    def run(self, tasks):
        for task in tasks:
            self.ran.append(task.stem)
            page = b"<p>page</p>"
            stamp = {**task.stamp, "ok": True, "html": cache.digest(page), "figures": {}}
            nb = {"cells": [], "metadata": {"sdfkit": stamp}, "nbformat": 4, "nbformat_minor": 5}
            yield NotebookRun(task.label, task.stem, ipynb=json.dumps(nb).encode(), html=page)

    def close(self):
        pass


def test_up_to_date_notebooks_are_skipped_unless_forced(tmp_path):
    template = FIXTURES / "batch" / "audit.ipynb"
    jobs = [
        NotebookJob(s, template, {"out": str(tmp_path)}, tmp_path) for s in ("audit", "overview")
    ]
    engine = Echo()
    first = run_jobs(jobs, engine, progress=False, force=False)
    assert engine.ran == ["audit", "overview"] and {o.reason for o in first} == {"new"}
    again = run_jobs(jobs, engine, progress=False, force=False)
    assert engine.ran == ["audit", "overview"] and all(o.skipped for o in again)
    forced = run_jobs(jobs, engine, progress=False, force=True)
    assert engine.ran == ["audit", "overview"] * 2 and {o.reason for o in forced} == {"forced"}


def _job(tmp_path: Path, **inputs) -> NotebookJob:
    template = FIXTURES / "batch" / "audit.ipynb"
    params = {"report": str(tmp_path / "t"), "out": str(tmp_path)}
    return NotebookJob("audit", template, params, tmp_path, inputs)


def _stamped(tmp_path: Path, stamp: dict) -> None:
    """Write outputs as a run leaves them, recording ``stamp``."""
    (tmp_path / "figures").mkdir(exist_ok=True)
    (tmp_path / "figures" / "audit_x.png").write_bytes(b"png")
    (tmp_path / "audit.html").write_text("<p>page</p>", encoding="utf-8")
    recorded = {
        **stamp,
        "ok": True,
        "html": cache.digest(b"<p>page</p>"),
        "figures": {"audit_x.png": cache.digest(b"png")},
    }
    nb = {"cells": [], "metadata": {"sdfkit": recorded}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "audit.ipynb").write_text(json.dumps(nb), encoding="utf-8")


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"parameters": True}, "changed: its parameters"),
        ({"report": "other"}, "changed: the report"),
        ({"tables": "other"}, "changed: the tables"),
        ({"notebook": True}, "changed: the notebook"),
        ({"sdfkit": True}, "changed: sdfkit"),
        ({"environment": True}, "changed: the kernel's packages"),
    ],
)
def test_each_input_is_in_the_key(tmp_path, monkeypatch, change, reason):
    template = (FIXTURES / "batch" / "audit.ipynb").read_text(encoding="utf-8")
    env = {"python": "3.11.7", "pandas": "2.2.0"}
    before = cache.stamp(_job(tmp_path, report="r", tables="t"), template, env)
    _stamped(tmp_path, before)
    assert cache.why_run(tmp_path, "audit", before) is None

    job = _job(tmp_path, report=change.get("report", "r"), tables=change.get("tables", "t"))
    if "parameters" in change:
        job.parameters["report"] = str(tmp_path / "elsewhere")
    if "notebook" in change:
        template = template.replace("audit of", "감사")
    if "sdfkit" in change:
        monkeypatch.setattr(cache, "source_hash", lambda: "0.2.0:other")
    if "environment" in change:
        env = {**env, "pandas": "3.0.0"}
    assert cache.why_run(tmp_path, "audit", cache.stamp(job, template, env)) == reason


def test_a_notebooks_outputs_or_metadata_do_not_change_its_hash():
    nb = json.loads((FIXTURES / "batch" / "audit.ipynb").read_text(encoding="utf-8"))
    before = cache.notebook_hash(json.dumps(nb))
    nb["cells"][2]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    nb["cells"][2]["execution_count"] = 3
    nb["metadata"]["widgets"] = {}
    assert cache.notebook_hash(json.dumps(nb)) == before
    nb["cells"][0]["source"] = "# 다른 제목"  # Markdown shows on the page
    assert cache.notebook_hash(json.dumps(nb)) != before


def test_a_failed_notebook_is_not_up_to_date(tmp_path):
    template = (FIXTURES / "batch" / "audit.ipynb").read_text(encoding="utf-8")
    stamp = cache.stamp(_job(tmp_path), template, {})
    _stamped(tmp_path, stamp)
    nb = json.loads((tmp_path / "audit.ipynb").read_text(encoding="utf-8"))
    nb["metadata"]["sdfkit"]["ok"] = False
    (tmp_path / "audit.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    assert cache.why_run(tmp_path, "audit", stamp) == "failed last time"


def test_run_command_refuses_an_empty_folder_in_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "sdfkit.cli", "run", str(tmp_path / "empty")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "no report file" in done.stderr


@pytest.mark.slow
def test_real_notebooks_over_the_bundled_report_and_sister_institutions(tmp_path):
    # Issue 12's promise, end to end with the real notebooks: the bundled report and a
    # generated sister institution in two years give every site, the comparison and
    # the corpus index.
    from corpus_helpers import sister_text

    from sdfkit.parse.pipeline import read_report

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REPORT_PATH, raw / "sdf_2020.txt")
    for year in (2020, 2021):
        (raw / f"sister_{year}.txt").write_text(sister_text(7, year), encoding="utf-8")
    out = tmp_path / "reports"
    result = run_corpus([raw], out, processed=tmp_path / "processed", jobs=2, progress=False)
    assert result.exit_code == 0 and not result.failed, result.summary()
    assert sorted(result.reports) == ["sdf_2020", "sister_2020", "sister_2021"]
    for rid in result.reports:
        report = read_report(raw / f"{rid}.txt")
        pages = {p.stem for p in (out / rid).glob("*.html")}
        projects = {f"project_{int(n):02d}" for n in report.projects["project_no"]}
        assert pages == {"index", "overview", "audit"} | projects, rid
    compare = (out / "compare" / "compare.html").read_text(encoding="utf-8")
    institutions = {read_report(raw / f"{rid}.txt").meta["institution"] for rid in result.reports}
    assert len(institutions) == 2
    for name in institutions:
        assert name in compare
    assert list((out / "compare" / "figures").glob("compare_*.png"))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert {f"{rid}/index.html" for rid in result.reports} | {"compare/compare.html"} <= set(
        links(index)
    )
    for link in links(index):
        assert (out / link).is_file(), link
