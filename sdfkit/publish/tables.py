"""Writing a parsed report to disk: meta.json, one CSV per table, findings.csv and
an Excel workbook with a sheet per table.

CSVs are UTF-8 with a BOM so that Excel shows Hangul; missing values are empty;
their headers are the contract's English column names. The workbook is for people:
its sheets are named and headed in Korean from the dictionary's titles, and its
first sheet (안내) lists every sheet's columns with their English names.
Every file is written atomically (see output.py).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd

from sdfkit.dictionary import AMOUNT_UNIT, DICTIONARY, PERCENT_UNIT, TABLE_INFO, labels
from sdfkit.output import atomic_write, atomic_write_bytes, atomic_write_text, safe_child
from sdfkit.report import Report

# Excel number formats by the dictionary's unit of a column.
NUMBER_FORMATS = {AMOUNT_UNIT: "#,##0", PERCENT_UNIT: '0.00"%"'}


def frame_to_csv(frame: pd.DataFrame) -> bytes:
    """Given a table, return its CSV bytes: UTF-8 with BOM, dates as ISO, missing
    values empty."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_tables(report: Report, out_dir: str | Path) -> list[Path]:
    """Given a parsed report and a folder, write meta.json, every table's CSV,
    findings.csv, the workbook and datapackage.json; return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [
        atomic_write_text(
            safe_child(out, "meta.json"),
            json.dumps(report.meta, ensure_ascii=False, indent=2) + "\n",
        )
    ]
    frames = dict(report.tables())
    frames["findings"] = report.findings
    for name, frame in frames.items():
        written.append(atomic_write_bytes(safe_child(out, f"{name}.csv"), frame_to_csv(frame)))
    book = safe_child(out, f"{report.report_id}.xlsx")
    written.append(atomic_write(book, lambda tmp: write_workbook(report, frames, tmp)))
    try:
        from sdfkit.publish.datapackage import write_datapackage
    except ImportError:  # pragma: no cover - the data package module is optional
        return written
    written.append(write_datapackage(report, out))
    return written


# The workbook is for people: sheets named and headed in Korean (the dictionary's
# titles); the README sheet keeps the English names (CSV files, columns) for machines.
README_SHEET = "안내"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_MAX = 31  # Excel's limit on a sheet name


def sheet_names(tables: list[str], titles: dict[str, str] | None = None) -> dict[str, str]:
    """Given table names (and their titles; default the dictionary's Korean ones),
    return each one's sheet name: its title without the characters Excel refuses,
    at most 31 characters, distinct from the others and from the README sheet."""
    if titles is None:
        titles = {table: info[0] for table, info in TABLE_INFO.items()}
    out: dict[str, str] = {}
    taken = {README_SHEET}
    for table in tables:
        title = titles.get(table, table)
        base = _SHEET_FORBIDDEN.sub("_", title).strip("'").strip() or table
        name, n = base[:SHEET_MAX], 1
        while name in taken:
            n += 1
            name = f"{base[: SHEET_MAX - len(str(n)) - 1]}~{n}"
        taken.add(name)
        out[table] = name
    return out


def write_workbook(report: Report, frames: dict[str, pd.DataFrame], path: Path) -> None:
    """Given the tables, write an xlsx workbook: a first sheet (안내) explaining the
    tables and their columns, English names included, then a sheet per table named
    and headed in Korean, with formatted numbers, frozen headers and fitted widths."""
    from openpyxl.utils import get_column_letter

    names = sheet_names(list(frames))
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        head = pd.DataFrame(
            [{"항목": k, "값": str(v) if v is not None else ""} for k, v in report.meta.items()]
        )
        about = pd.DataFrame(
            [
                {
                    "표 (CSV)": name,
                    "시트": names[name],
                    "행 수": len(frames[name]),
                    "설명": TABLE_INFO.get(name, ("", ""))[1],
                }
                for name in frames
            ]
        )
        fields = pd.DataFrame(_column_rows(frames, names))
        head.to_excel(writer, sheet_name=README_SHEET, index=False)
        about.to_excel(writer, sheet_name=README_SHEET, index=False, startrow=len(head) + 2)
        sheet = writer.sheets[README_SHEET]
        # Meta block (header + rows), a blank row, the tables block, a blank row: the
        # note, a blank row, then every sheet's columns with their English names.
        note_row = len(head) + len(frames) + 5
        sheet.cell(row=note_row, column=1).value = (
            f"금액 단위: {report.meta.get('unit') or '보고서의 단위'}; 비율은 보고서에 적힌 "
            "그대로(56.5는 56.5%); '원문 행 번호'는 원문 텍스트의 줄 번호(1부터). "
            "CSV 파일은 '열 이름'(영문)을 머리글로 씁니다."
        )
        fields.to_excel(writer, sheet_name=README_SHEET, index=False, startrow=note_row + 1)
        _fit(sheet, get_column_letter)
        for name, frame in frames.items():
            _table_sheet(writer, name, names[name], frame, get_column_letter)


def _column_rows(frames: dict[str, pd.DataFrame], names: dict[str, str]) -> list[dict]:
    # One row per column of every sheet: its Korean header and its English name.
    rows = []
    for name, frame in frames.items():
        info = {c.name: c for c in DICTIONARY.get(name, [])}
        titles = _headers(name, list(frame.columns))
        for column, title in zip(frame.columns, titles, strict=True):
            entry = info.get(column)
            rows.append(
                {
                    "시트": names[name],
                    "열 제목": title,
                    "열 이름 (CSV)": column,
                    "단위": (entry.unit or "") if entry else "",
                    "설명": entry.description if entry else "",
                }
            )
    return rows


def _headers(table: str, columns: list[str]) -> list[str]:
    # The dictionary's Korean titles; a column it does not know keeps its name.
    titles = labels(table)
    return [titles.get(c, c) for c in columns]


def _table_sheet(writer, table: str, sheet_name: str, frame: pd.DataFrame, letter) -> None:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.date
        elif str(out[col].dtype) in ("Int64", "boolean"):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    units = {c.name: c.unit for c in DICTIONARY.get(table, [])}
    formats = [NUMBER_FORMATS.get(units.get(col)) for col in out.columns]
    out.columns = _headers(table, list(out.columns))
    out.to_excel(writer, sheet_name=sheet_name, index=False)
    ws = writer.sheets[sheet_name]
    ws.freeze_panes = "A2"
    for idx, fmt in enumerate(formats, start=1):
        if fmt:
            for column in ws.iter_cols(min_col=idx, max_col=idx, min_row=2):
                for c in column:
                    c.number_format = fmt
    _fit(ws, letter)


def _display_width(text: str) -> int:
    # Hangul and other wide characters take two columns in Excel's default font.
    return sum(2 if ord(ch) > 0x1100 else 1 for ch in text)


def _shown(value) -> str:
    # Amounts show with thousands separators: measure them as shown.
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _fit(ws, get_column_letter) -> None:
    for idx, column in enumerate(ws.iter_cols(), start=1):
        width = max(
            (_display_width(str(c.value)) for c in column if c.value is not None), default=8
        )
        ws.column_dimensions[get_column_letter(idx)].width = min(max(width + 2, 8), 60)
