"""Writing a corpus: per-report folders, the panel CSVs, the workbook and a data
package that validates; reading the panel back; ``sdfkit parse`` over many inputs."""

from __future__ import annotations

import json
import shutil

import frictionless
import pandas as pd
import pytest
from conftest import REPORT_PATH
from corpus_helpers import write_corpus_folder

from sdfkit.cli import main
from sdfkit.exceptions import ReportReadError
from sdfkit.parse.corpus import ID_COLUMNS, read_reports
from sdfkit.publish.corpus import RESOURCES, load_corpus, write_corpus
from sdfkit.publish.tables import sheet_names


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus_out")
    write_corpus_folder(root / "raw")
    corpus = read_reports(root / "raw")
    paths = write_corpus(corpus, root / "out")
    return corpus, root / "out", paths


def test_every_report_gets_its_folder_and_the_panel_its_files(written):
    corpus, out, paths = written
    for rid in corpus.reports:
        assert (out / rid / "meta.json").is_file()
        assert (out / rid / "project_budget.csv").is_file()
    panel = out / "corpus"
    for name in [*RESOURCES, "meta"]:
        data = (panel / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, as the per-report CSVs
        header = data.decode("utf-8-sig").splitlines()[0].split(",")
        assert header[:3] == ID_COLUMNS
    assert (panel / "corpus.xlsx").is_file()
    assert all(p.is_relative_to(out) for p in paths)


def test_the_panel_validates_as_a_data_package_keyed_by_report(written):
    _, out, _ = written
    descriptor = out / "corpus" / "datapackage.json"
    report = frictionless.validate(descriptor)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    keys = {r["name"]: r["schema"].get("primaryKey") for r in package["resources"]}
    assert keys["meta"] == ["report_id"]
    assert keys["project_budget"] == ["report_id", "line"]
    assert keys["projects"] == ["report_id", "project_no"]
    assert keys["findings"] is None


def test_the_workbook_has_a_sheet_per_table_and_the_reports(written):
    from openpyxl import load_workbook

    _, out, _ = written
    book = load_workbook(out / "corpus" / "corpus.xlsx", read_only=True)
    assert book.sheetnames[1] == "reports"  # after the README sheet
    # Sheets are named in Korean (publish.tables.sheet_names), as in a report's workbook.
    assert set(sheet_names(RESOURCES).values()) <= set(book.sheetnames)


def test_load_corpus_reads_back_the_same_panel(written):
    corpus, out, _ = written
    loaded = load_corpus(out)
    assert list(loaded.reports) == list(corpus.reports)
    for name in RESOURCES:
        pd.testing.assert_frame_equal(loaded.table(name), corpus.table(name))
    pd.testing.assert_frame_equal(loaded.meta, corpus.meta)
    assert loaded.aliases is not None and loaded.aliases.name == "aliases.csv"


def test_load_corpus_refuses_a_changed_csv(written, tmp_path):
    _, out, _ = written
    copy = tmp_path / "corpus"
    shutil.copytree(out / "corpus", copy)
    with open(copy / "projects.csv", "ab") as fh:
        fh.write(b"x,y,2020,1,t,,,,,1\n")
    with pytest.raises(ReportReadError, match="changed since it was written"):
        load_corpus(copy)
    with pytest.raises(ReportReadError, match="no meta.csv"):
        load_corpus(tmp_path / "nothing")


# --- sdfkit parse over many inputs ----------------------------------------------------------


def test_parse_many_prints_a_line_per_report_and_fails_for_unreadable(tmp_path, capsys):
    (tmp_path / "raw").mkdir()
    shutil.copy(REPORT_PATH, tmp_path / "raw" / "sdf_2020.txt")
    (tmp_path / "raw" / "readme.md").write_text("not a report", encoding="utf-8")
    status = main(["parse", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert status == 1
    assert err.count("\n") == 1 and "readme.md: no section of a work report" in err
    assert "Traceback" not in err
    assert out.count(": 서울") == 1 and "sdf_2020/" in out and "1 not read" in out
    assert (tmp_path / "out" / "corpus" / "datapackage.json").is_file()


def test_parse_many_files_succeeds_and_empty_folder_is_exit_2(tmp_path, capsys):
    files = write_corpus_folder(tmp_path / "raw", sisters=False)
    status = main(["parse", *map(str, files[:2]), "--out", str(tmp_path / "out")])
    assert status == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "corpus",
        "sdf_2020",
        "sdf_2021",
    ]
    (tmp_path / "empty").mkdir()
    capsys.readouterr()
    status = main(["parse", str(tmp_path / "empty"), "--out", str(tmp_path / "o2")])
    err = capsys.readouterr().err
    assert status == 2 and err.strip().endswith("empty: no report file in this folder")
    assert err.count("\n") == 1


def test_parse_one_report_keeps_its_layout(tmp_path):
    assert main(["parse", str(REPORT_PATH), "--out", str(tmp_path)]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert "corpus" not in names and {"meta.json", "projects.csv", "datapackage.json"} <= names
