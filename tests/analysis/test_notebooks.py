"""The notebooks' shape: self-checks tagged so the pages leave them out,
parameters one per line, no outputs stored, logic called from sdfkit."""

from __future__ import annotations

import json
import re

import pytest

from sdfkit import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))  # every notebook follows the tag rules
# The report's pages: one report (raw or processed) in, reader-facing Korean out.
REPORT_NOTEBOOKS = [paths.NOTEBOOKS / f"{name}.ipynb" for name in ("overview", "project", "audit")]
SELF_CHECK = "self-check"  # the tag the HTML export removes (sdfkit.batch)
# Prose that explains a self-check ("… 같은지 확인합니다"): never on a reader's page.
CHECK_PROSE = re.compile(r"확인합니다|확인하고|같은지|같아야|자체 점검")
ASSERTION = re.compile(r"\bassert\b|np\.testing\.")
PARAMETER = re.compile(r"^[a-z_]+ = \S.*  # \S")


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell) -> str:
    return "".join(cell["source"])


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def test_the_report_notebooks_are_there():
    assert all(p in NOTEBOOKS for p in REPORT_NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_self_check_is_tagged(path):
    cells = _cells(path)
    checks = 0
    for i, cell in enumerate(cells):
        text = _source(cell)
        if cell["cell_type"] == "code" and ASSERTION.search(text):
            assert SELF_CHECK in _tags(cell), f"untagged assertion in cell {i}:\n{text}"
        if cell["cell_type"] == "markdown" and CHECK_PROSE.search(text):
            assert SELF_CHECK in _tags(cell), f"self-check prose on the page, cell {i}:\n{text}"
        if SELF_CHECK in _tags(cell) and cell["cell_type"] == "code":
            checks += 1
            # It only checks: whatever a reader should see is in an untagged cell.
            assert not re.search(r"\b(display|print)\(", text), f"cell {i} shows something"
            assert ASSERTION.search(text), f"cell {i} is tagged but checks nothing"
    assert checks >= 3


@pytest.mark.parametrize("path", REPORT_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_self_check_is_explained(path):
    cells = _cells(path)
    for i, cell in enumerate(cells):
        if SELF_CHECK in _tags(cell) and cell["cell_type"] == "code":
            # Explained, just before it, by a markdown cell hidden with it.
            before = cells[i - 1]
            assert before["cell_type"] == "markdown" and SELF_CHECK in _tags(before), i


@pytest.mark.parametrize("path", REPORT_NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_holds_defaults_one_per_line(path):
    cells = [c for c in _cells(path) if "parameters" in _tags(c)]
    assert len(cells) == 1
    lines = _source(cells[0]).splitlines()
    assert lines and all(PARAMETER.match(line) for line in lines), lines
    assert {line.split(" = ")[0] for line in lines} >= {"report", "out"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)


@pytest.mark.parametrize("path", REPORT_NOTEBOOKS, ids=lambda p: p.stem)
def test_cells_call_sdfkit(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    text = "\n".join(_source(c) for c in code)
    assert "sdfkit.open_report(report" in text  # a raw report or a processed folder
    assert "../" not in text and "open(" not in text  # paths come from sdfkit.paths
    for cell in code:
        # A cell is a few lines of calling, plotting and showing; no functions of its own.
        assert len(_source(cell).splitlines()) <= 12, _source(cell)
        assert not re.search(r"^\s*(def|class) ", _source(cell), re.M), _source(cell)
