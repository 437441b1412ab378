"""Tests for scripts/bench.py's own arithmetic: the corpus it builds and how it
splits a notebook's time (the timings themselves are `make bench`'s, not a test's)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from sdfkit.parse.pipeline import read_report

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("sdfkit_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["sdfkit_bench"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("sdfkit_bench", None)


def test_the_corpus_is_the_report_and_copies_of_other_institutions(bench, report_path, tmp_path):
    files = bench.make_corpus(report_path, 3, tmp_path / "raw")
    assert [f.name for f in files] == ["report_00.txt", "report_01.txt", "report_02.txt"]
    assert files[0].read_bytes() == report_path.read_bytes()
    names = [read_report(f).meta["institution"] for f in files]
    assert names == ["서울디지털재단", "서울디지털재단가", "서울디지털재단나"]
    # Only the institution's name changed: the same projects and figures.
    first, third = read_report(files[0]), read_report(files[2])
    assert third.project_budget["budget"].tolist() == first.project_budget["budget"].tolist()


def test_the_breakdown_adds_each_step_to_the_one_before(bench):
    def level(cpu):
        return {"cpu": cpu * 10, "notebooks": 10}

    levels = {"empty kernel": level(0.6), "floor": level(0.9), "imports+load": level(1.3)}
    full = {"cpu": 2.1 * 4, "ran": 4, "html": 0.3}
    lines = bench.breakdown(levels, full, 10).splitlines()
    assert lines[1].split()[-2:] == ["0.60", "(+0.60)"]
    assert lines[2].split()[-2:] == ["0.90", "(+0.30)"]
    assert lines[3].split()[-2:] == ["1.30", "(+0.40)"]
    assert lines[4].split()[-2:] == ["1.80", "(+0.50)"]  # the real notebook less its page
    assert lines[5].split()[-2:] == ["2.10", "(+0.30)"]
