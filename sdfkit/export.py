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

from .output import atomic_write, atomic_write_bytes, atomic_write_text, safe_child
from .report import Report

# The sheets' explanations, shown on the workbook's first sheet and in the data
# dictionary (README): table → (Korean title, what a row is).
TABLE_TITLES = {
    "summary_budget": (
        "세입·세출 총괄 (§Ⅰ)",
        "one row per line of the revenue and expenditure summaries",
    ),
    "projects": ("주요 업무계획 사업 (§Ⅲ)", "one row per project"),
    "project_budget": (
        "사업별 예산집행 현황 (§Ⅲ)",
        "one row per line of a project's budget execution table",
    ),
    "revenue_detail": ("세입예산 세부현황 (§Ⅳ)", "one row per revenue line, with the prior year"),
    "expenditure_detail": ("세출예산 집행현황 (§Ⅳ)", "one row per expenditure line"),
    "milestones": ("향후계획 (§Ⅲ)", "one row per dated plan of a project"),
    "audit_items": ("행정사무감사 처리결과 (§Ⅴ)", "one row per demand of last year's audit"),
    "audit_summary": (
        "처리결과 총괄 (§Ⅴ)",
        "the summary of counts by category and status, as printed",
    ),
    "findings": ("점검 결과", "one row per finding: what could not be read, what does not add up"),
}
PERCENT_COLUMNS = {
    "change_pct",
    "actual_pct",
    "collected_pct",
    "spent_pct",
    "committed_pct",
    "expected_pct",
}
AMOUNT_COLUMNS = {
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
        from .datapackage import write_datapackage
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
                    "title": TABLE_TITLES[name][0],
                    "rows": len(frames[name]),
                    "what a row is": TABLE_TITLES[name][1],
                }
                for name in frames
            ]
        )
        head = pd.DataFrame(
            [{"sheet": k, "title": str(v) if v is not None else ""} for k, v in report.meta.items()]
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
            for idx, col in enumerate(out.columns, start=1):
                fmt = None
                if col in AMOUNT_COLUMNS:
                    fmt = "#,##0"
                elif col in PERCENT_COLUMNS:
                    fmt = '0.00"%"'
                if fmt:
                    for cell in ws.iter_cols(min_col=idx, max_col=idx, min_row=2):
                        for c in cell:
                            c.number_format = fmt
            _fit(ws, get_column_letter)


def _display_width(text: str) -> int:
    # Hangul and other wide characters take two columns in Excel's default font.
    return sum(2 if ord(ch) > 0x1100 else 1 for ch in text)


def _fit(ws, get_column_letter) -> None:
    for idx, column in enumerate(ws.iter_cols(), start=1):
        width = max(
            (_display_width(str(c.value)) for c in column if c.value is not None), default=8
        )
        ws.column_dimensions[get_column_letter(idx)].width = min(max(width + 2, 8), 60)
