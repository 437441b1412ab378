"""The data dictionary, as data: every column of every table the project writes.

For each table (the contract's TABLES plus ``findings``) and each of its columns:
the type of its CSV values (integer | number | string | boolean | date), a Korean
title (the report's own header where there is one), an English description, the
unit (천원 for amounts, % for percents) and, for budget measures, where the figure
sits in the budget cycle (``fiscal``: direction and phase, after the Fiscal Data
Package's vocabulary).

This is the one declaration of every table: the parser's column lists
(``table_columns``), the types of every frame (``coerce``), the Korean headers of
pages and the workbook (``labels``), the workbook's formats, the keys and the data
package (``publish.datapackage``) are all derived from it, and
``dictionary_markdown()`` renders it for data/README.md.

Fiscal phases (``fiscal["phase"]``), by the Fiscal Data Package's names:

- ``adjusted``: 예산현액 and 최종예산 are the budget as amended during the year
  (original budget plus supplementary budgets, transfers and carry-overs), which
  the FDP calls *adjusted*, not the *approved* original budget;
- ``executed``: what was collected (징수액), committed (원인행위) or paid out
  (집행액, 지출액); ``stage`` says which of these;
- ``forecast``: 연말 집행예상액, the institution's own expectation for the year end.
  The FDP has no phase for it; a separate name keeps it out of sums of executed
  figures.

``direction`` is ``revenue`` or ``expenditure``; in summary_budget it differs from
row to row and is given by the row's ``side`` column (``"direction": "side"``
names the column).
"""

from __future__ import annotations

import pandas as pd

from sdfkit.dictionary.markdown import dictionary_markdown
from sdfkit.dictionary.tables import (
    AMOUNT_UNIT,
    DICTIONARY,
    PERCENT_UNIT,
    PRIMARY_KEYS,
    PROJECT_REFERENCES,
    SEVERITIES,
    SEVERITY_LABELS,
    TABLE_INFO,
    TYPES,
    Column,
)


def columns(table: str) -> list[Column]:
    """Given a table's name, return its columns' entries in the table's order."""
    return DICTIONARY[table]


def column(table: str, name: str) -> Column:
    """Given a table and a column name, return the column's entry (KeyError if none)."""
    for col in DICTIONARY[table]:
        if col.name == name:
            return col
    raise KeyError(f"{table}.{name}")


TABLE_COLUMNS: dict[str, list[str]] = {
    table: [col.name for col in cols] for table, cols in DICTIONARY.items()
}
# The contract's tables (findings aside): what a Report holds and export writes.
TABLES: list[str] = [table for table in DICTIONARY if table != "findings"]


def table_columns(table: str) -> list[str]:
    """Given a table's name, return its column names in order (a new list)."""
    return list(TABLE_COLUMNS[table])


def labels(table: str | None = None) -> dict[str, str]:
    """Given a table (or None for every table), return column name → Korean title;
    a name titled differently in two tables takes the first table's title."""
    out: dict[str, str] = {}
    for name, cols in DICTIONARY.items():
        if table is None or name == table:
            for col in cols:
                out.setdefault(col.name, col.title)
    return out


def coerce(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Given a frame holding a table's columns (any dtypes: parsed values, strings
    read back from CSV), return a copy in the declared order with the declared
    types: integer → Int64, number → float64, boolean → bool (missing is False),
    date → datetime64[ns], string → object with None for missing."""
    missing = [c for c in TABLE_COLUMNS[table] if c not in frame.columns]
    if missing:
        raise KeyError(f"{table}: no column {', '.join(missing)}")
    out = frame.loc[:, TABLE_COLUMNS[table]].copy()
    for col in DICTIONARY[table]:
        values = out[col.name]
        if col.type == "integer":
            out[col.name] = pd.array(pd.to_numeric(values, errors="coerce"), dtype="Int64")
        elif col.type == "number":
            out[col.name] = pd.to_numeric(values, errors="coerce").astype("float64")
        elif col.type == "boolean":
            out[col.name] = values.map(_to_bool).fillna(False).astype(bool)
        elif col.type == "date":
            out[col.name] = pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")
        else:
            out[col.name] = values.astype("object").where(values.notna(), None)
    return out


def new_frame(records: list, table: str) -> pd.DataFrame:
    """Given a table's rows (dicts or tuples in column order), return the typed frame."""
    return coerce(pd.DataFrame(records, columns=TABLE_COLUMNS[table]), table)


def _to_bool(value):
    # CSVs hold "true"/"false"; frames hold bools; missing stays missing here.
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return value


__all__ = [
    "AMOUNT_UNIT",
    "DICTIONARY",
    "PERCENT_UNIT",
    "PRIMARY_KEYS",
    "PROJECT_REFERENCES",
    "SEVERITIES",
    "SEVERITY_LABELS",
    "TABLES",
    "TABLE_COLUMNS",
    "TABLE_INFO",
    "TYPES",
    "Column",
    "coerce",
    "column",
    "columns",
    "dictionary_markdown",
    "labels",
    "new_frame",
    "table_columns",
]
