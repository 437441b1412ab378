"""The data dictionary and datapackage.json: every column described, and the written
CSVs valid against the package, for the bundled report and for edited copies."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import frictionless
import pandas as pd
import pytest
from conftest import FIXTURES, replace_once, write_variant

from sdfkit import paths
from sdfkit.dictionary import DICTIONARY, TABLE_COLUMNS, TABLE_INFO, column, dictionary_markdown
from sdfkit.findings import FINDING_COLUMNS
from sdfkit.parse.pipeline import read_report
from sdfkit.publish import tables as export
from sdfkit.publish.datapackage import (
    PRIMARY_KEYS,
    PROJECT_REFERENCES,
    amount_unit,
    package_name,
    write_datapackage,
)
from sdfkit.report import TABLES

HANGUL = re.compile(r"[가-힣]")
RESOURCES = [*TABLES, "findings"]
# What the parser returns, table by table (checked against the dictionary below).
CONSTANTS = {
    **{
        table: list(frame.columns)
        for table, frame in read_report(paths.RAW / "000_ad13b4a15167881f.txt").tables().items()
    },
    "findings": FINDING_COLUMNS,
}
SUMMARY_COLUMNS = TABLE_COLUMNS["summary_budget"]
AUDIT_ITEM_COLUMNS = TABLE_COLUMNS["audit_items"]
FRICTIONLESS_CLI = Path(sys.executable).parent / "frictionless"


def frames(report) -> dict[str, pd.DataFrame]:
    out = dict(report.tables())
    out["findings"] = report.findings
    return out


def validate(descriptor: Path) -> frictionless.Report:
    result = frictionless.validate(descriptor)
    if not result.valid:
        for row in result.flatten(["taskName", "rowNumber", "fieldName", "type", "note"]):
            print(row)
    return result


def edited_text(report_text: str) -> str:
    """The bundled report with figures changed (a project's row and a §Ⅳ line) and
    §Ⅴ removed."""
    text = replace_once(
        report_text,
        "스마트도시 정책연구 313,200 176,917 176,917 56.5% 56.5% 306,620 97.9%",
        "스마트도시 정책연구 413,200 276,917 176,917 67.0% 42.8% 406,620 98.4%",
    )
    text = replace_once(
        text,
        "디지털 국제협력 120,000 21,886 18.24% 98,114",
        "디지털 국제협력 130,000 21,886 16.84% 108,114",
    )
    lines = text.split("\n")
    cut = next(i for i, ln in enumerate(lines) if ln.strip() == "Ⅴ")
    return "\n".join(lines[:cut]) + "\n"


def without_project_table(report_text: str) -> str:
    """The bundled report without project 7's budget table."""
    lines = report_text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("디지털 국제협력 120,000 86,816"))
    del lines[start - 5 : start + 1]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory, bundled) -> Path:
    out = tmp_path_factory.mktemp("package")
    export.write_tables(bundled, out)
    return out


@pytest.fixture(scope="module")
def descriptor(package_dir) -> dict:
    return json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))


# --- the dictionary ------------------------------------------------------------


def test_dictionary_has_every_column_of_every_table_and_no_other():
    assert list(TABLE_COLUMNS) == RESOURCES
    assert list(DICTIONARY) == RESOURCES
    for table, names in CONSTANTS.items():
        assert TABLE_COLUMNS[table] == names
        described = [c.name for c in DICTIONARY[table]]
        assert described == names, f"{table}: dictionary {described} != module constant {names}"


def test_dictionary_types_match_the_parsed_frames(bundled):
    kinds = {"integer": "Int64", "number": "float64", "boolean": "bool"}
    for table, frame in frames(bundled).items():
        assert list(frame.columns) == CONSTANTS[table], table
        for col in DICTIONARY[table]:
            dtype = str(frame[col.name].dtype)
            if col.type == "date":
                assert dtype.startswith("datetime64"), (table, col.name, dtype)
            elif col.type == "string":
                assert dtype == "object", (table, col.name, dtype)
            else:
                assert dtype == kinds[col.type], (table, col.name, dtype)


AMOUNT_NAMES = {
    "budget",
    "prior_budget",
    "change",
    "actual",
    "collected",
    "spent",
    "remaining",
    "committed",
    "expected",
}


def test_dictionary_titles_units_and_fiscal_roles():
    for table, cols in DICTIONARY.items():
        assert HANGUL.search(TABLE_INFO[table][0]), table
        for col in cols:
            assert HANGUL.search(col.title), f"{table}.{col.name}: no Korean title"
            assert re.search(r"[A-Za-z]{3,}", col.description), (
                f"{table}.{col.name}: no description"
            )
            if col.name in AMOUNT_NAMES and table != "findings":
                assert col.unit == "천원", (table, col.name)
            if col.name.endswith("_pct"):
                assert col.unit == "%" and col.type == "number", (table, col.name)
    expected_titles = {
        ("summary_budget", "budget"): "예산현액",
        ("summary_budget", "prior_budget"): "최종예산(전년도)",
        ("revenue_detail", "change"): "증감액",
        ("revenue_detail", "change_pct"): "증감률(%)",
        ("revenue_detail", "collected"): "징수액",
        ("expenditure_detail", "spent"): "집행액",
        ("project_budget", "spent"): "지출액",
        ("project_budget", "committed"): "원인행위",
        ("project_budget", "expected"): "연말 집행예상액",
        ("expenditure_detail", "remaining"): "집행잔액",
    }
    for (table, name), title in expected_titles.items():
        assert column(table, name).title == title
    phases = {
        ("summary_budget", "budget"): ("side", "adjusted"),
        ("revenue_detail", "prior_budget"): ("revenue", "adjusted"),
        ("revenue_detail", "collected"): ("revenue", "executed"),
        ("project_budget", "committed"): ("expenditure", "executed"),
        ("project_budget", "expected"): ("expenditure", "forecast"),
        ("expenditure_detail", "spent"): ("expenditure", "executed"),
    }
    for (table, name), (direction, phase) in phases.items():
        fiscal = column(table, name).fiscal
        assert (fiscal["direction"], fiscal["phase"]) == (direction, phase)


def test_dictionary_markdown_and_data_readme_agree():
    text = dictionary_markdown()
    for table, cols in DICTIONARY.items():
        assert f"### `{table}.csv`" in text
        for col in cols:
            assert f"| `{col.name}` | {col.type} |" in text
    readme = (paths.DATA / "README.md").read_text(encoding="utf-8")
    assert text in readme, "data/README.md is out of date: paste dictionary_markdown() into it"


# --- datapackage.json ------------------------------------------------------------


def test_bundled_package_is_valid(package_dir):
    result = validate(package_dir / "datapackage.json")
    assert result.valid, result.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert result.stats["tasks"] == len(RESOURCES)


def test_descriptor_says_what_the_brief_asks(descriptor, bundled, package_dir):
    meta = bundled.meta
    assert descriptor["name"] == package_name(bundled.report_id) == "000_ad13b4a15167881f"
    assert descriptor["title"] == "서울디지털재단 2020년 행정사무감사 업무보고"
    assert descriptor["created"] == "2020-09-30T00:00:00+09:00"
    assert descriptor["sources"] == [
        {"title": meta["source_file"], "sha256": meta["source_sha256"]}
    ]
    assert descriptor["unit"] == "KRW thousand" and descriptor["factor"] == 1000
    assert "licenses" not in descriptor
    assert [r["name"] for r in descriptor["resources"]] == RESOURCES
    for res in descriptor["resources"]:
        name = res["name"]
        assert res["path"] == f"{name}.csv" and (package_dir / res["path"]).is_file()
        assert res["encoding"] == "utf-8-sig"
        schema = res["schema"]
        assert schema["missingValues"] == [""]
        assert [f["name"] for f in schema["fields"]] == CONSTANTS[name]
        assert schema.get("primaryKey") == PRIMARY_KEYS.get(name)
        refs = schema.get("foreignKeys", [])
        if name in PROJECT_REFERENCES:
            assert refs == [
                {
                    "fields": ["project_no"],
                    "reference": {"resource": "projects", "fields": ["project_no"]},
                }
            ]
        else:
            assert refs == []
        for f in schema["fields"]:
            assert HANGUL.search(f["title"]) and f["description"]
    fields = {
        (r["name"], f["name"]): f for r in descriptor["resources"] for f in r["schema"]["fields"]
    }
    assert fields["projects", "project_no"]["type"] == "integer"
    assert fields["project_budget", "as_of"]["type"] == "date"
    assert fields["revenue_detail", "is_new"]["type"] == "boolean"
    assert fields["summary_budget", "budget"]["unit"] == "KRW thousand"
    assert fields["summary_budget", "change_pct"]["unit"] == "percent"
    assert fields["summary_budget", "budget"]["fiscal"] == {
        "directionField": "side",
        "phase": "adjusted",
        "fiscalYear": 2020,
        "currency": "KRW",
        "factor": 1000,
    }
    assert fields["revenue_detail", "prior_budget"]["fiscal"]["fiscalYear"] == 2019
    assert fields["project_budget", "spent"]["fiscal"]["stage"] == "spent"
    assert fields["project_budget", "expected"]["fiscal"]["phase"] == "forecast"


def test_keys_are_unique_in_the_bundled_report(bundled):
    for table, key in PRIMARY_KEYS.items():
        frame = getattr(bundled, table)
        assert frame[key].notna().all().all(), table
        assert not frame.duplicated(key).any(), f"{table}: {key} is not unique"
    projects = set(bundled.projects.project_no)
    for table, frame in frames(bundled).items():
        if table in PROJECT_REFERENCES:
            assert set(frame.project_no.dropna()) <= projects, table


def test_the_bom_is_read_as_encoding_not_as_a_label(package_dir, bundled):
    raw = (package_dir / "summary_budget.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfside,")
    package = frictionless.Package(package_dir / "datapackage.json")
    rows = package.get_resource("summary_budget").read_rows()
    assert list(rows[0].keys()) == SUMMARY_COLUMNS
    assert [r["budget"] for r in rows] == bundled.summary_budget.budget.tolist()
    assert rows[0]["side"] in ("revenue", "expenditure")


def test_package_is_reproducible(tmp_path, bundled, package_dir):
    export.write_tables(bundled, tmp_path)
    assert (tmp_path / "datapackage.json").read_bytes() == (
        package_dir / "datapackage.json"
    ).read_bytes()


@pytest.mark.parametrize(
    "variant", ["figures_changed_and_section_v_removed", "project_table_removed"]
)
def test_edited_copies_give_valid_packages(tmp_path, report_text, variant):
    text = (
        edited_text(report_text)
        if variant.startswith("figures")
        else without_project_table(report_text)
    )
    edited = read_report(write_variant(tmp_path, text))
    out = tmp_path / "out"
    export.write_tables(edited, out)
    result = validate(out / "datapackage.json")
    assert result.valid, result.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    for table, key in PRIMARY_KEYS.items():
        assert not getattr(edited, table).duplicated(key).any(), (variant, table)
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    if variant.startswith("figures"):
        # §Ⅴ gone: its tables are header-only, and the institution is unknown.
        assert (out / "audit_items.csv").read_text(encoding="utf-8-sig").strip() == ",".join(
            AUDIT_ITEM_COLUMNS
        )
        assert "institution" not in descriptor and descriptor["title"].startswith("기관명 미상")
        budget = frictionless.Package(out / "datapackage.json").get_resource("project_budget")
        assert budget.read_rows()[0]["budget"] == 413200


def test_validation_catches_broken_keys_and_changed_files(tmp_path, bundled):
    export.write_tables(bundled, tmp_path)
    path = tmp_path / "project_budget.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    bad = list(rows[1])
    bad[header.index("project_no")] = "99"  # no such project
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([*rows, bad])  # the same line twice
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
    changed = validate(tmp_path / "datapackage.json")
    assert not changed.valid
    assert {"hash-count", "byte-count"} <= {row[0] for row in changed.flatten(["type"])}
    write_datapackage(bundled, tmp_path)  # the package now describes the edited file
    broken = validate(tmp_path / "datapackage.json")
    types = {row[0] for row in broken.flatten(["type"])}
    assert {"foreign-key", "primary-key"} <= types, types


def test_frictionless_cli_validates_the_package(package_dir):
    assert FRICTIONLESS_CLI.exists(), (
        f"{FRICTIONLESS_CLI} missing: install frictionless in the venv"
    )
    proc = subprocess.run(
        [str(FRICTIONLESS_CLI), "validate", "--json", str(package_dir / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["valid"] is True, result["errors"]
    assert [t["name"] for t in result["tasks"]] == RESOURCES
    assert all(t["valid"] for t in result["tasks"])


def test_a_sister_style_fixture_gives_a_valid_package(tmp_path):
    # A small report of the same genre, with no institution named.
    report = read_report(FIXTURES / "checks" / "mini_report.txt")
    export.write_tables(report, tmp_path)
    result = validate(tmp_path / "datapackage.json")
    assert result.valid, result.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == "mini_report"


def test_names_and_units():
    assert package_name("000_AD13 b4/..x") == "000_ad13-b4-..x"
    assert package_name("서울") == "sdfkit-report"
    assert amount_unit({"unit": "천원"}) == ("KRW thousand", "KRW", 1000)
    assert amount_unit({"unit": "백만원"}) == ("KRW million", "KRW", 1_000_000)
    assert amount_unit({"unit": "달러"}) == ("달러", None, None)


def test_write_datapackage_needs_the_csvs(tmp_path, bundled):
    from sdfkit.exceptions import OutputError

    with pytest.raises(OutputError, match="summary_budget.csv is missing"):
        write_datapackage(bundled, tmp_path)
