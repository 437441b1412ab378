"""Very large inputs: parsed in time linear in their size, or refused above
text.MAX_BYTES with a one-line error that states the limit.

Measured (see README): the bundled report repeated 10, 100 and 1,000 times parses
in about 0.2, 1.0 and 10 s, in 80, 120 and 500 MiB. A repeated report has its
sections repeated: only the first copy is read, the rest is reported.
"""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from sdfkit.exceptions import ReportReadError
from sdfkit.parse.pipeline import parse_text, read_report
from sdfkit.read import text as text_mod
from sdfkit.report import TABLES


def _sparse(path, size: int):
    # A file of `size` bytes without writing them: a hole, then one byte.
    with open(path, "wb") as fh:
        fh.seek(size - 1)
        fh.write(b"\n")
    return path


def test_a_file_just_above_the_limit_is_refused_with_one_line(tmp_path):
    path = _sparse(tmp_path / "big.txt", text_mod.MAX_BYTES + 1)
    with pytest.raises(ReportReadError) as err:
        read_report(path)
    message = str(err.value)
    limit = f"{text_mod.MAX_BYTES:,}"
    assert message == (
        f"{path}: the file is {text_mod.MAX_BYTES + 1:,} bytes, above the limit of "
        f"{limit} bytes (64 MiB) for one report"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "sdfkit.cli", "parse", str(path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"sdfkit: {message}\n"


def test_a_file_at_the_limit_is_not_refused_for_its_size(tmp_path):
    path = _sparse(tmp_path / "at_limit.txt", text_mod.MAX_BYTES)
    with pytest.raises(ReportReadError) as err:
        read_report(path)  # read, then refused for what it holds: NUL bytes
    assert "above the limit" not in str(err.value) and "binary" in str(err.value)


def test_a_text_above_the_limit_is_refused_by_parse_text(monkeypatch, tmp_path):
    monkeypatch.setattr(text_mod, "MAX_BYTES", 1000)
    with pytest.raises(ReportReadError, match="the text is 1,001 characters, above the limit"):
        parse_text("x" * 1001, tmp_path / "long.txt")


def test_twenty_copies_parse_and_yield_the_first_copys_tables(tmp_path, report_text, bundled):
    path = tmp_path / "x20.txt"
    path.write_text(report_text * 20, encoding="utf-8")
    report = read_report(path)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(report, name), getattr(bundled, name))
    pf = report.parse_findings
    # Each later copy: its five section headings noted, its 18 tables reported unread.
    assert (pf["check"] == "section_duplicate").sum() == 19 * 5
    assert (pf["check"] == "table_unread").sum() == 19 * 18
    assert (pf["severity"] == "error").sum() == 19 * 18
