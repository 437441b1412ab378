"""The command line: one-line errors with exit 2, and the files of the data contract."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from sdfkit.cli import main
from sdfkit.publish.tables import sheet_names
from sdfkit.report import TABLES


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sdfkit.cli", *args], capture_output=True, text=True
    )


def test_parse_writes_the_data_contract(tmp_path, report_path, bundled):
    out = tmp_path / "out"
    proc = run("parse", str(report_path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "서울디지털재단 2020" in proc.stdout
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert set(meta) == {
        "institution",
        "fiscal_year",
        "prior_year",
        "as_of",
        "unit",
        "source_file",
        "source_sha256",
        "source_format",
        "coverage",
    }
    assert meta["source_format"] == "text"
    assert "Coverage: of the" in proc.stdout and "none is lost silently" in proc.stdout
    for name in [*TABLES, "findings"]:
        raw = (out / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name  # BOM: Excel shows Hangul
        frame = pd.read_csv(out / f"{name}.csv", encoding="utf-8-sig")
        assert list(frame.columns) == list(getattr(bundled, name).columns), name
        assert "line" in frame.columns
    book = pd.read_excel(out / "000_ad13b4a15167881f.xlsx", sheet_name=None)
    sheets = sheet_names(TABLES)
    assert set(sheets.values()) <= set(book)
    assert len(book[sheets["project_budget"]]) == 14


@pytest.mark.parametrize(
    "content,message",
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file"),
        (b"just some notes\nnothing here\n", "no section of a work report"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    proc = run("parse", str(path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"sdfkit: {path}: ") and message in lines[0]
    assert "Traceback" not in proc.stderr


def test_bad_encoding_names_the_line(tmp_path):
    path = tmp_path / "input.txt"
    path.write_bytes("Ⅰ. 일 반 현 황\n".encode() + b"\n\xff\xfe\n")
    proc = run("parse", str(path), "--out", str(tmp_path / "o"), "--encoding", "utf-8")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"sdfkit: {path}:3: not valid utf-8: invalid start byte"


def test_check_prints_findings_and_strict_exit(report_path, capsys):
    assert main(["check", str(report_path)]) == 0
    printed = capsys.readouterr().out
    assert "오류 (" in printed and "[project_spent]" in printed
    assert "수치 포괄률:" in printed and "100.0%" in printed
    assert main(["check", str(report_path), "--strict"]) == 1


def test_check_speaks_english_when_asked(report_path, capsys):
    assert main(["check", str(report_path), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "error" in printed.lower() and "Project 1" in printed
    assert "Coverage: 100.0% of the" in printed
    assert "사업 1" not in printed


def test_internal_errors_are_one_line(monkeypatch, report_path, capsys, tmp_path):
    import sdfkit.parse.pipeline

    def boom(*a, **k):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(sdfkit.parse.pipeline, "read_report", boom)
    assert main(["parse", str(report_path), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: RuntimeError: unexpected" in err


def test_regression_check_piped_into_head_is_not_an_error(report_path):
    # Bug: `sdfkit check … | head -1` ended with "internal error: BrokenPipeError".
    proc = subprocess.run(
        f'"{sys.executable}" -m sdfkit.cli check "{report_path}" | head -1',
        shell=True,
        capture_output=True,
        text=True,
    )
    assert re.match(
        r"^점검 결과 \d+건 \(오류 \d+건, 반올림 \d+건, 참고 \d+건\)$", proc.stdout.strip()
    )
    assert "BrokenPipe" not in proc.stderr and "internal error" not in proc.stderr


def test_text_prints_the_lines_that_line_points_to(report_path, bundled):
    proc = run("text", str(report_path))
    assert proc.returncode == 0, proc.stderr
    rows = proc.stdout.splitlines()
    assert rows[0] == "line\ttext"
    numbered = dict(r.split("\t", 1) for r in rows[1:])
    # Every table row's `line` is a line of this output holding the row's figures.
    row = bundled.summary_budget.iloc[0]
    assert f"{int(row.budget):,}" in numbered[str(int(row.line))]
    for no, budget in bundled.project_budget[["line", "budget"]].itertuples(index=False):
        lines = " ".join(numbered[str(n)] for n in range(int(no), int(no) + 3))
        assert f"{int(budget):,}" in lines
    assert numbered["1"] == "Ⅰ"


def test_text_of_a_missing_file_is_one_line(tmp_path):
    proc = run("text", str(tmp_path / "nope.hwp"))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "no such file" in proc.stderr
