"""Tests for sdfkit.batch: running every notebook of a report into a site.

The two batch runs are marked slow (they start 15 kernels each) but are part of
``make test``. The fixture notebooks in tests/fixtures/batch/ take the same
parameters as the real ones; their project notebook fails for project 2.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, links

from sdfkit import batch, paths
from sdfkit.exceptions import NotAReportError, SdfkitError
from sdfkit.publish import site

FIXTURE_NOTEBOOKS = FIXTURES / "batch"
PAGES = ["overview", "audit"] + [f"project_{n:02d}" for n in range(1, 14)]


def assert_site(out: Path) -> str:
    """Check a report's output folder: 15 notebooks, 15 pages, an index whose every
    link resolves, nothing unescaped; return the index."""
    assert sorted(p.stem for p in out.glob("*.ipynb")) == sorted(PAGES)
    assert sorted(p.stem for p in out.glob("*.html")) == sorted(PAGES + ["index"])
    index = (out / "index.html").read_text(encoding="utf-8")
    found = links(index)
    for stem in PAGES:
        assert f"{stem}.html" in found and f"{stem}.ipynb" in found
    for link in found:
        assert not link.startswith(("/", "http:", "https:", "file:")), link
        assert (out / link).is_file(), link
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        # Opens from disk: no script or style fetched from elsewhere.
        assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=[\"']?https?:", text), page
    assert not list(out.glob(".*.tmp")) and not list(out.glob("figures/.*.tmp"))
    return index


@pytest.mark.slow
def test_batch_on_the_bundled_report(report_path, tmp_path):
    templates = batch.templates(paths.NOTEBOOKS)  # the real notebooks
    result = batch.run_batch(report_path, tmp_path, notebooks_dir=paths.NOTEBOOKS, progress=False)

    assert result.failed == [], result.summary()
    assert result.exit_code == 0
    out = tmp_path / "000_ad13b4a15167881f"
    assert result.out_dir == out.resolve()
    index = assert_site(out)
    assert all(p.is_file() for p in result.outputs)
    assert (out / "data" / "meta.json").is_file()
    # Pages have no code cells; the notebooks keep them.
    overview = (out / "overview.html").read_text(encoding="utf-8")
    assert "sdfkit.open_report" not in overview
    assert "sdfkit.open_report" in (out / "overview.ipynb").read_text(encoding="utf-8")
    # The notebooks loaded the tables written once (the processed folder), not the report.
    nb = json.loads((out / "overview.ipynb").read_text(encoding="utf-8"))
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert f'report = "{(out / "data").resolve()}"' in "".join(injected[0]["source"])
    # Figures are in figures/ and every project's are linked from the index.
    assert list((out / "figures").glob("overview_*.png"))
    for n in range(1, 14):
        assert any(link.startswith(f"figures/project_{n:02d}_") for link in links(index))
    nb = json.loads((out / "project_08.ipynb").read_text(encoding="utf-8"))
    params = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert "project_no = 8" in "".join(params[0]["source"])
    assert templates["project"].is_file()


@pytest.mark.slow
def test_a_failing_notebook_does_not_stop_the_others(report_path, tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURE_NOTEBOOKS, notebooks)
    out = tmp_path / "reports" / "000_ad13b4a15167881f"
    (out / "figures").mkdir(parents=True)
    # Left by an earlier run of a report with 14 projects, and an interrupted one.
    stale = ["project_14.ipynb", "project_14.html", ".project_03.html.x1y2z3ab.tmp"]
    stale_figures = ["project_14_rank.png", "project_01_test.png"]
    # Not ours: must survive.
    kept = ["notes.txt", "project_14.csv", "index.html.bak"]
    for name in stale + kept:
        (out / name).write_text("old", encoding="utf-8")
    for name in stale_figures + ["mine.jpg"]:
        (out / "figures" / name).write_bytes(b"old")
    outside = tmp_path / "outside.html"
    outside.write_text("keep me", encoding="utf-8")
    os.symlink(outside, out / "project_15.html")

    processed = tmp_path / "processed"
    result = batch.run_batch(
        report_path,
        tmp_path / "reports",
        jobs=2,
        notebooks_dir=notebooks,
        progress=False,
        processed=processed,
    )

    assert result.exit_code == 1
    assert result.failed == [("project_02", "ValueError: fixture failure for project 2")]
    assert "project_02: ValueError: fixture failure for project 2" in capsys.readouterr().err
    index = assert_site(out)
    failed_nb = json.loads((out / "project_02.ipynb").read_text(encoding="utf-8"))
    errors = [
        o
        for c in failed_nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if o["output_type"] == "error"
    ]
    assert errors and errors[0]["evalue"] == "fixture failure for project 2"
    assert "fixture failure for project 2" in (out / "project_02.html").read_text(encoding="utf-8")
    assert "fixture failure for project 2" in index
    for stem in set(PAGES) - {"project_02"}:
        nb = json.loads((out / f"{stem}.ipynb").read_text(encoding="utf-8"))
        assert not nb["metadata"]["papermill"]["exception"], stem
        assert all(c["metadata"]["papermill"]["status"] == "completed" for c in nb["cells"])
    # One parse: the tables are written once, into the processed folder, and the
    # notebooks load that folder; the site carries a copy of them.
    tables = processed / "000_ad13b4a15167881f"
    assert (tables / "meta.json").is_file() and (out / "data" / "meta.json").is_file()
    overview_nb = (out / "overview.ipynb").read_text(encoding="utf-8")
    assert f"tables of 000_ad13b4a15167881f from {tables.resolve()}" in overview_nb
    # Cells tagged self-check run, but are not on the page; no worker path shows.
    assert "SELF-CHECK-SHOWN" in overview_nb
    for page in out.glob("*.*"):
        text = page.read_text(encoding="utf-8")
        assert "sdfkit-nb-" not in text, page
        if page.suffix == ".html":
            assert "SELF-CHECK-SHOWN" not in text, page
    # Stale outputs are gone, the rest untouched, the link removed but not followed.
    for name in stale:
        assert not (out / name).exists(), name
    assert not (out / "figures" / "project_14_rank.png").exists()
    assert (out / "figures" / "project_01_test.png").read_bytes() != b"old"  # written again
    for name in kept:
        assert (out / name).read_text(encoding="utf-8") == "old"
    assert (out / "figures" / "mine.jpg").read_bytes() == b"old"
    assert not (out / "project_15.html").is_symlink() and outside.read_text() == "keep me"
    assert {p.name for p in result.removed} >= set(stale) | {"project_14_rank.png"}


def test_a_parse_error_propagates_before_anything_runs(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("hello\n", encoding="utf-8")
    with pytest.raises(NotAReportError):
        batch.run_batch(bad, tmp_path / "out", notebooks_dir=FIXTURE_NOTEBOOKS, progress=False)
    assert not (tmp_path / "out").exists()


def test_a_missing_template_is_a_clear_error(report_path, tmp_path):
    (tmp_path / "overview.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(SdfkitError, match="notebook template missing: .*project.ipynb"):
        batch.run_batch(report_path, tmp_path / "out", notebooks_dir=tmp_path, progress=False)


def test_plan_names_pages_from_project_numbers(bundled, report_path, tmp_path):
    jobs = batch.plan(bundled, report_path, tmp_path, FIXTURE_NOTEBOOKS)
    assert [j.stem for j in jobs] == PAGES
    eight = next(j for j in jobs if j.stem == "project_08")
    assert eight.parameters == {
        "report": str(report_path.resolve()),
        "out": str(tmp_path.resolve()),
        "project_no": 8,
    }
    assert eight.template == FIXTURE_NOTEBOOKS / "project.ipynb"


def test_remove_stale_touches_only_our_names(tmp_path):
    names = [
        "project_07.html",
        "project_07.ipynb",
        "project_99.html",
        "overview.html",
        "project_7.html",
        "project_07.csv",
        "Project_08.html",
        "readme.md",
        ".audit.ipynb.abc_123.tmp",
        ".other.tmp",
    ]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "project_98.html").mkdir()  # a folder, not a file: left alone

    removed = batch.remove_stale(tmp_path, keep={"overview", "project_07"})

    assert sorted(p.name for p in removed) == [".audit.ipynb.abc_123.tmp", "project_99.html"]
    assert (tmp_path / "project_98.html").is_dir()
    assert {p.name for p in tmp_path.iterdir()} == (
        set(names) - {"project_99.html", ".audit.ipynb.abc_123.tmp"}
    ) | {"project_98.html"}


def test_the_kernel_runs_this_interpreter():
    spec_dir = batch.ensure_kernel(install=False)
    spec = json.loads((spec_dir / "kernel.json").read_text(encoding="utf-8"))
    exe = spec["argv"][0]
    assert exe.startswith("python") or Path(exe).parent == Path(sys.executable).parent


def test_a_missing_kernel_is_told_apart():
    assert batch._kernel_problem("no-such-kernel-sdfkit") == "no such kernelspec"
    with pytest.raises(SdfkitError, match="no-such-kernel-sdfkit"):
        batch.ensure_kernel("no-such-kernel-sdfkit", install=False)


def test_one_line_errors():
    assert batch._one_line("\x1b[0;31mValueError\x1b[0m: bad\nmore") == "ValueError: bad"
    assert len(batch._one_line("x" * 1000)) == 300


def test_result_exit_code_and_summary(tmp_path):
    ok = batch.BatchResult("r", tmp_path, outcomes=[batch.Outcome("overview", True, True)])
    assert ok.exit_code == 0 and "1 of 1 notebooks ran" in ok.summary()
    bad = batch.BatchResult("r", tmp_path, failed=[("audit", "KeyError: 'x'")])
    assert bad.exit_code == 1 and "audit: KeyError: 'x'" in bad.summary()


def test_site_stems_match_batch_patterns():
    for stem in PAGES:
        assert site.PAGE_STEM.match(stem)
        assert batch._PAGE_FILE.match(f"{stem}.html")


def test_error_page_escapes_the_error():
    page = batch.export.error_page("project_03", "ValueError: <script>alert(1)</script>")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ko">' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "노트북을 실행하지 못했습니다" in page and "@font-face" in page


def test_pages_drop_code_and_self_checks():
    import nbformat

    nb = nbformat.v4.new_notebook()
    shown = nbformat.v4.new_code_cell("print('x')")
    shown.outputs = [nbformat.v4.new_output("stream", name="stdout", text="VISIBLE-OUTPUT")]
    check = nbformat.v4.new_code_cell("assert True")
    check.metadata["tags"] = ["self-check"]
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text="HIDDEN-CHECK")]
    nb.cells = [nbformat.v4.new_markdown_cell("# 제목"), shown, check]
    page = batch.export.notebook_page(nb, "overview")
    assert "VISIBLE-OUTPUT" in page and "제목" in page
    assert "HIDDEN-CHECK" not in page and "print(&#39;x&#39;)" not in page
    assert "print('x')" not in page
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=[\"']?https?:", page)
    assert 'href="index.html"' in page and "@font-face" in page
