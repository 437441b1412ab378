"""Tests for sdfkit.publish.load: a processed folder reads back into the same Report."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import replace_once, write_variant

import sdfkit
from sdfkit.exceptions import ReportReadError
from sdfkit.parse.pipeline import read_report
from sdfkit.publish.load import is_processed, load_report
from sdfkit.publish.tables import write_tables


@pytest.fixture(scope="module")
def written(tmp_path_factory, bundled):
    out = tmp_path_factory.mktemp("processed")
    write_tables(bundled, out)
    return out


def test_loaded_tables_equal_the_parsed_ones(written, bundled):
    loaded = load_report(written)
    assert loaded.meta == bundled.meta
    for name, frame in bundled.tables().items():
        pd.testing.assert_frame_equal(getattr(loaded, name), frame, obj=name)
    pd.testing.assert_frame_equal(loaded.findings, bundled.findings, obj="findings")
    assert loaded.report_id == bundled.report_id


def test_round_trip_of_an_edited_report(tmp_path, report_text):
    # Figures changed, §Ⅴ removed: empty tables and missing values survive the trip.
    text = replace_once(
        report_text,
        "스마트도시 정책연구 313,200 176,917 176,917 56.5% 56.5% 306,620 97.9%",
        "스마트도시 정책연구 413,200 276,917 176,917 67.0% 42.8% 406,620 98.4%",
    )
    text = text[: text.index("Ⅴ. ")] if "Ⅴ. " in text else text
    parsed = read_report(write_variant(tmp_path, text))
    write_tables(parsed, tmp_path / "out")
    loaded = load_report(tmp_path / "out")
    for name, frame in parsed.tables().items():
        pd.testing.assert_frame_equal(getattr(loaded, name), frame, obj=name)
    pd.testing.assert_frame_equal(loaded.findings, parsed.findings)


def test_open_report_takes_a_raw_report_or_a_processed_folder(written, report_path):
    assert is_processed(written) and not is_processed(report_path)
    from_folder = sdfkit.open_report(written)
    from_raw = sdfkit.open_report(report_path)
    pd.testing.assert_frame_equal(from_folder.project_budget, from_raw.project_budget)


def test_a_csv_changed_after_writing_is_refused(tmp_path, bundled):
    write_tables(bundled, tmp_path)
    path = tmp_path / "projects.csv"
    path.write_bytes(path.read_bytes().replace(b"\n1,", b"\n7,", 1))
    with pytest.raises(ReportReadError, match=r"projects\.csv: changed since it was written"):
        load_report(tmp_path)


def test_a_missing_table_is_named(tmp_path, bundled):
    write_tables(bundled, tmp_path)
    (tmp_path / "milestones.csv").unlink()
    with pytest.raises(ReportReadError, match=r"milestones\.csv: missing"):
        load_report(tmp_path)


def test_a_folder_without_meta_is_not_processed(tmp_path):
    (tmp_path / "x.csv").write_text("a\n1\n")
    assert not is_processed(tmp_path)
    with pytest.raises(ReportReadError, match=r"meta\.json: missing"):
        load_report(tmp_path)


def test_broken_meta_is_one_line(tmp_path, bundled):
    write_tables(bundled, tmp_path)
    (tmp_path / "meta.json").write_text("{", encoding="utf-8")
    with pytest.raises(ReportReadError) as err:
        load_report(tmp_path)
    assert "\n" not in str(err.value) and "meta.json" in str(err.value)
    json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
