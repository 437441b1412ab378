"""Writing a parsed report to disk: meta.json, one CSV per table, findings.csv and
an Excel workbook with a sheet per table.

CSVs are UTF-8 with a BOM so that Excel shows Hangul; missing values are empty.
Every file is written atomically (see output.py).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from sdfkit.dictionary import AMOUNT_UNIT, DICTIONARY, PERCENT_UNIT, TABLE_INFO
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


def write_workbook(report: Report, frames: dict[str, pd.DataFrame], path: Path) -> None:
    """Given the tables, write an xlsx workbook: a first sheet explaining the tables,
    then a sheet per table with formatted numbers, frozen headers and fitted widths."""
    from openpyxl.utils import get_column_letter

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        about = pd.DataFrame(
            [
                {
                    "sheet": name,
                    "title": TABLE_INFO[name][0],
                    "rows": len(frames[name]),
                    "what a row is": TABLE_INFO[name][1],
                }
                for name in frames
            ]
        )
        head = pd.DataFrame(
            [{"key": k, "value": str(v) if v is not None else ""} for k, v in report.meta.items()]
        )
        head.to_excel(writer, sheet_name="README", index=False)
        about.to_excel(writer, sheet_name="README", index=False, startrow=len(head) + 2)
        sheet = writer.sheets["README"]
        # Meta block (header + rows), a blank row, the tables block, a blank row: the note.
        sheet.cell(row=len(head) + len(frames) + 5, column=1).value = (
            f"Amounts in {report.meta.get('unit') or 'the report unit'}; percents as printed "
            "(56.5 means 56.5%); 'line' is the 1-based line of the source text."
        )
        _fit(sheet, get_column_letter)
        for name, frame in frames.items():
            out = frame.copy()
            for col in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[col]):
                    out[col] = out[col].dt.date
                elif str(out[col].dtype) in ("Int64", "boolean"):
                    out[col] = out[col].astype(object).where(out[col].notna(), None)
            out.to_excel(writer, sheet_name=name, index=False)
            ws = writer.sheets[name]
            ws.freeze_panes = "A2"
            units = {c.name: c.unit for c in DICTIONARY.get(name, [])}
            for idx, col in enumerate(out.columns, start=1):
                fmt = NUMBER_FORMATS.get(units.get(col))
                if fmt:
                    for cell in ws.iter_cols(min_col=idx, max_col=idx, min_row=2):
                        for c in cell:
                            c.number_format = fmt
            _fit(ws, get_column_letter)


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
