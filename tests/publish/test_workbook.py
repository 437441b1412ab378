"""The Excel workbook written by export.write_workbook: a README sheet (안내) first, a
sheet per table named and headed in Korean (the English names kept in the README
sheet), frozen headers, formatted amounts and percents, and columns wide enough for
their Hangul labels."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from sdfkit.dictionary import DICTIONARY, TABLE_COLUMNS, TABLE_INFO, labels
from sdfkit.publish import tables as export
from sdfkit.report import TABLES

SHEETS = [*TABLES, "findings"]
SHEET = export.sheet_names(SHEETS)  # table → its Korean sheet name
README = export.README_SHEET
MAX_WIDTH = 60  # export._fit caps a column here: long free text wraps or scrolls


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide and full-width characters
    (Hangul, CJK) count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shown(value, number_format: str) -> str:
    """The text a cell shows for the formats export uses."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value).upper()
    if isinstance(value, int | float) and "#,##0" in number_format:
        return f"{value:,.0f}"
    if isinstance(value, int | float) and '"%"' in number_format:
        return f"{value:.2f}%"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


@pytest.fixture(scope="module")
def written(tmp_path_factory, bundled):
    out = tmp_path_factory.mktemp("workbook")
    export.write_tables(bundled, out)
    book = out / f"{bundled.report_id}.xlsx"
    return bundled, openpyxl.load_workbook(book)


def test_workbook_is_written_where_write_tables_says(tmp_path, bundled):
    paths = export.write_tables(bundled, tmp_path)
    assert tmp_path.resolve() / f"{bundled.report_id}.xlsx" in [Path(p) for p in paths]


def test_first_sheet_is_a_readme_explaining_every_table(written):
    report, book = written
    assert book.sheetnames == [README, *(SHEET[name] for name in SHEETS)]
    cells = [c for row in book[README].iter_rows(values_only=True) for c in row if c is not None]
    text = "\n".join(str(c) for c in cells)
    frames = {**report.tables(), "findings": report.findings}
    rows = list(book[README].iter_rows(values_only=True))
    for name in SHEETS:
        title, what = TABLE_INFO[name]
        listed = [r for r in rows if r[0] == name]
        assert listed, f"README does not list sheet {name}"
        assert listed[-1][1] == SHEET[name] == title and listed[-1][3] == what
        assert listed[-1][2] == len(frames[name]), f"README's row count for {name}"
    assert report.meta["institution"] in text
    assert report.meta["source_sha256"] in text
    assert "천원" in text and "56.5%" in text  # the unit and how percents read


def test_each_table_sheet_has_its_columns_rows_and_a_frozen_header(written):
    report, book = written
    frames = {**report.tables(), "findings": report.findings}
    for name in SHEETS:
        ws = book[SHEET[name]]
        assert ws.freeze_panes == "A2", f"{name}: header row not frozen"
        header = [c.value for c in ws[1]]
        titles = labels(name)
        assert header == [titles[c] for c in TABLE_COLUMNS[name]], name
        assert ws.max_row == len(frames[name]) + 1, name


def test_sheet_names_are_korean_valid_and_distinct():
    names = list(SHEET.values())
    assert len(set(names)) == len(names) and README not in names
    for table, name in SHEET.items():
        assert name == TABLE_INFO[table][0] and len(name) <= 31
        assert not set(name) & set("[]:*?/\\"), name
    # Titles Excel would refuse are cleaned, cut to 31 characters and kept distinct.
    titles = {"a": "가/나: [다]?", "b": "라" * 40, "c": "라" * 40, "d": README}
    names = export.sheet_names(["a", "b", "c", "d"], titles)
    assert names["a"] == "가_나_ _다__"
    assert names["b"] == "라" * 31 and len(names["c"]) <= 31
    assert len(set(names.values()) | {README}) == 5


def test_readme_lists_every_column_with_its_english_name(written):
    _, book = written
    rows = list(book[README].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[:3] == ("시트", "열 제목", "열 이름 (CSV)"))
    listed = {(r[0], r[2]): r[1] for r in rows[at + 1 :] if r[0] is not None}
    for name in SHEETS:
        titles = labels(name)
        for column in TABLE_COLUMNS[name]:
            assert listed[(SHEET[name], column)] == titles[column], (name, column)


def test_values_are_typed_and_missing_values_are_empty(written):
    _, book = written
    for name in SHEETS:
        ws = book[SHEET[name]]
        for idx, col in enumerate(DICTIONARY[name], start=1):
            for (cell,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
                value = cell.value
                assert value not in ("nan", "NaN", "<NA>", "NaT", "None"), (
                    name,
                    col.name,
                    cell.coordinate,
                )
                if value is None:
                    continue
                if col.type in ("integer", "number"):
                    assert isinstance(value, int | float) and not isinstance(value, bool), (
                        name,
                        col.name,
                        value,
                    )
                elif col.type == "date":
                    assert isinstance(value, dt.datetime | dt.date), (name, col.name, value)
                    assert "yy" in cell.number_format.lower(), (name, col.name, cell.number_format)
                elif col.type == "boolean":
                    assert isinstance(value, bool), (name, col.name, value)


def test_amounts_have_thousands_separators_and_percents_a_percent_format(written):
    _, book = written
    checked = 0
    for name in SHEETS:
        ws = book[SHEET[name]]
        for idx, col in enumerate(DICTIONARY[name], start=1):
            if col.unit not in ("천원", "%"):
                continue
            for (cell,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
                if col.unit == "천원":
                    assert "#,##0" in cell.number_format, (name, col.name, cell.number_format)
                else:
                    assert "%" in cell.number_format, (name, col.name, cell.number_format)
                    # Percents are stored as printed (56.5, not 0.565): Excel's 0%
                    # format would show 5650%, so the % must be a literal.
                    assert '"%"' in cell.number_format or "\\%" in cell.number_format
                checked += 1
    assert checked > 300


def test_figures_without_an_amount_unit_are_not_rounded_to_thousands(written):
    _, book = written
    for name in SHEETS:
        ws = book[SHEET[name]]
        for idx, col in enumerate(DICTIONARY[name], start=1):
            if col.unit == "천원":
                continue
            for (cell,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
                assert cell.number_format != "#,##0", (name, col.name, cell.value)


def test_column_widths_fit_their_hangul_labels(written):
    _, book = written
    for name in [README, *(SHEET[n] for n in SHEETS)]:
        ws = book[name]
        for idx, column in enumerate(ws.iter_cols(), start=1):
            letter = get_column_letter(idx)
            width = ws.column_dimensions[letter].width
            longest = max(
                (
                    display_width(shown(c.value, c.number_format))
                    for c in column
                    if c.value is not None
                ),
                default=0,
            )
            need = min(longest, MAX_WIDTH)
            assert width is not None and width >= need, (
                f"{name}!{letter}: width {width} < {need}, the display width of its longest "
                "label (Hangul counted double)"
            )
            assert width <= MAX_WIDTH + 2, f"{name}!{letter}: width {width} is wider than needed"
    # The count itself: a Hangul label is twice as wide as its letters.
    assert display_width("순세계잉여금") == 12 and display_width("계 11,784,559") == 13


def test_hangul_labels_are_kept_whole(written):
    report, book = written
    ws = book[SHEET["summary_budget"]]
    items = [c.value for c in ws["B"][1:]]
    assert items == report.summary_budget["item"].tolist()
    assert any("잉여금" in (i or "") for i in items)
