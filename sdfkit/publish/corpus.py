"""Writing a corpus (many reports) to disk, and reading its panel back.

``write_corpus(corpus, out)`` writes every report's folder, as ``sdfkit parse`` does
for one (``out/<report-id>/``), and ``out/corpus/``: the panel, one CSV per table with
``report_id``, ``institution`` and ``fiscal_year`` first (UTF-8 with BOM), ``meta.csv``
(one row per report), ``findings.csv`` (every report's findings and the corpus' own),
``corpus.xlsx`` and ``datapackage.json``, whose keys include ``report_id``.
``load_corpus(folder)`` reads the panel back into a Corpus (what the comparison
notebook starts from), checking each CSV against the sha256 in the data package.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from sdfkit.dictionary import PRIMARY_KEYS, TABLES, coerce
from sdfkit.exceptions import ReportReadError
from sdfkit.output import atomic_write, atomic_write_bytes, atomic_write_text, safe_child
from sdfkit.parse.corpus import ID_COLUMNS, META_COLUMNS, Corpus, from_reports, typed_ids
from sdfkit.publish import datapackage as dp
from sdfkit.publish.load import package_hashes, read_text_table
from sdfkit.publish.tables import frame_to_csv, write_tables, write_workbook
from sdfkit.report import Report

CORPUS_DIR = "corpus"
META_FILE = "meta.csv"
BOOK_FILE = "corpus.xlsx"
ALIAS_FILE = "aliases.csv"
RESOURCES = [*TABLES, "findings"]

# meta.csv's fields: name, type, Korean title, description.
META_FIELDS = [
    (
        "report_id",
        "string",
        "보고서 ID",
        "The report's id: its file name made safe (distinct per file).",
    ),
    ("institution", "string", "기관명", "The institution the report is from, as printed."),
    ("fiscal_year", "integer", "회계연도", "The fiscal year the report's figures are of."),
    ("prior_year", "integer", "전년도", "The prior year the report compares with."),
    ("as_of", "date", "기준일", "The date the report's figures are stated at."),
    ("unit", "string", "금액 단위", "The unit of the report's amounts as printed (천원 …)."),
    ("source_file", "string", "원본 파일", "The name of the file read."),
    ("source_sha256", "string", "SHA-256", "The sha256 of the file read."),
]
ID_FIELDS = {
    "report_id": ("string", "보고서 ID", "The report the row is from (meta.csv's report_id)."),
    "institution": ("string", "기관명", "The report's institution, as printed."),
    "fiscal_year": ("integer", "회계연도", "The report's fiscal year."),
}


def corpus_dir(out_dir: str | Path) -> Path:
    """Given the output folder of ``sdfkit parse`` over many reports, return the
    folder of its panel (``out/corpus``)."""
    return safe_child(out_dir, CORPUS_DIR)


def write_corpus(corpus: Corpus, out_dir: str | Path, per_report: bool = True) -> list[Path]:
    """Given a corpus and a folder, write each report's folder (``out/<report-id>/``,
    unless ``per_report`` is False) and the panel in ``out/corpus/``; return the
    paths written."""
    out = Path(out_dir)
    written: list[Path] = []
    if per_report:
        for rid, report in corpus.reports.items():
            written += write_tables(report, safe_child(out, rid))
    folder = corpus_dir(out)
    folder.mkdir(parents=True, exist_ok=True)
    frames = {name: corpus.table(name) for name in RESOURCES}
    meta = corpus.meta
    written.append(atomic_write_bytes(safe_child(folder, META_FILE), frame_to_csv(meta)))
    for name, frame in frames.items():
        written.append(atomic_write_bytes(safe_child(folder, f"{name}.csv"), frame_to_csv(frame)))
    written.append(
        atomic_write(safe_child(folder, BOOK_FILE), lambda t: _workbook(meta, frames, t))
    )
    if corpus.aliases is not None and Path(corpus.aliases).is_file():
        # The alias file the reports were read with: the comparison settles names with it.
        target = safe_child(folder, ALIAS_FILE)
        written.append(atomic_write(target, lambda t: shutil.copyfile(corpus.aliases, t)))
    written.append(write_corpus_package(corpus, folder))
    return written


def _workbook(meta: pd.DataFrame, frames: dict[str, pd.DataFrame], path: Path) -> None:
    from openpyxl import load_workbook

    units = sorted({u for u in meta["unit"].dropna()})
    head = {
        "reports": len(meta),
        "institutions": meta["institution"].nunique(),
        "fiscal years": ", ".join(str(y) for y in sorted(meta["fiscal_year"].dropna().unique())),
        "unit": " / ".join(units) or None,
    }
    # write_workbook wants a report for its README sheet: the corpus' summary stands in.
    write_workbook(SimpleNamespace(meta=head), frames, path)
    with open(path, "rb") as fh:  # a file object: openpyxl refuses the .tmp name
        book = load_workbook(fh)
    sheet = book.create_sheet("reports", 1)
    shown = meta.copy()
    shown["as_of"] = shown["as_of"].dt.strftime("%Y-%m-%d")
    sheet.append(list(shown.columns))
    for row in shown.astype(object).where(shown.notna(), None).itertuples(index=False):
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    book.save(path)


# --- The data package ---------------------------------------------------------------------


def _common_meta(meta: pd.DataFrame) -> dict:
    # Field units come from the reports' unit when they share one; fiscal years
    # differ by row, so no field states one (fiscal_year does).
    units = set(meta["unit"].dropna())
    return {"unit": units.pop() if len(units) == 1 else None}


def _id_field(name: str) -> dict:
    kind, title, description = ID_FIELDS[name]
    return {"name": name, "type": kind, "title": title, "description": description}


def panel_resource(table: str, csv_path: Path, meta: pd.DataFrame) -> dict:
    """Given a table's name, its written panel CSV and the corpus meta, return its
    resource descriptor: the report's schema with the id columns first, keys that
    start with report_id, and report_id referring to meta.csv."""
    common = _common_meta(meta)
    resource = dp.resource_descriptor(table, csv_path, common)
    schema = resource["schema"]
    fields = schema["fields"]
    for f in fields:
        f.get("fiscal", {}).pop("fiscalYear", None)
        if common["unit"] is None and "unitKo" in f:
            f["unit"] = f["unitKo"] = "the report's unit (meta.csv's unit)"
    schema["fields"] = [_id_field(n) for n in ID_COLUMNS] + fields
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = ["report_id", *PRIMARY_KEYS[table]]
    # report_id refers to meta.csv. A row's project_no refers to its own report's
    # projects, but Table Schema checks a two-column key even where project_no is
    # empty (a line of no project), so that reference is left to the per-report
    # packages, which state it.
    keys = [{"fields": ["report_id"], "reference": {"resource": "meta", "fields": ["report_id"]}}]
    schema["foreignKeys"] = keys
    resource["description"] += " Every report of the corpus: report_id says which."
    return resource


def meta_resource(csv_path: Path) -> dict:
    """Given the written meta.csv, return its resource descriptor."""
    data = csv_path.read_bytes()
    fields = []
    for name, kind, title, description in META_FIELDS:
        f = {"name": name, "type": kind, "title": title, "description": description}
        if kind == "date":
            f["format"] = "default"
        fields.append(f)
    return {
        "name": "meta",
        "type": "table",
        "profile": "tabular-data-resource",
        "path": csv_path.name,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "title": "보고서 목록",
        "description": "One row per report of the corpus.",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "schema": {"fields": fields, "missingValues": [""], "primaryKey": ["report_id"]},
    }


def write_corpus_package(corpus: Corpus, folder: str | Path) -> Path:
    """Given a corpus and the folder its panel CSVs were written to, write the
    datapackage.json describing them and return its path."""
    folder = Path(folder)
    meta = corpus.meta
    resources = [meta_resource(safe_child(folder, META_FILE))]
    for table in RESOURCES:
        resources.append(panel_resource(table, safe_child(folder, f"{table}.csv"), meta))
    # Findings about the corpus (an unreadable file) belong to no report.
    resources[-1]["schema"].pop("foreignKeys")
    years = sorted(int(y) for y in meta["fiscal_year"].dropna().unique())
    common = _common_meta(meta)
    unit, currency, factor = dp.amount_unit(common) if common["unit"] else (None, None, None)
    descriptor: dict = {
        "profile": "tabular-data-package",
        "name": "sdfkit-corpus",
        "title": "행정사무감사 업무보고 모음",
        "description": (
            f"Tables read by sdfkit from {len(meta)} work reports of "
            f"{meta['institution'].nunique()} institutions to the Seoul Metropolitan "
            "Council's administrative audit (행정사무감사 업무보고), one panel per table: "
            "report_id, institution and fiscal_year say which report a row is from "
            "(meta.csv lists the reports). Amounts are in each report's unit (meta.csv's "
            "unit); percents as printed (56.5 means 56.5%); line is the 1-based line of "
            "the report's source text."
        ),
        "keywords": ["Seoul", "budget", "administrative audit", "행정사무감사", "업무보고"],
        "rights": dp.RIGHTS,
    }
    if unit:
        descriptor["unit"] = unit
    if currency:
        descriptor["currency"] = currency
    if factor:
        descriptor["factor"] = factor
    if years:
        descriptor["fiscalYears"] = years
    descriptor["sources"] = [
        {"title": m["source_file"] or "report text", "sha256": m["source_sha256"]}
        for m in meta.to_dict("records")
        if m["source_sha256"]
    ]
    descriptor["resources"] = resources
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return atomic_write_text(safe_child(folder, dp.FILE_NAME), text)


# --- Reading the panel back -------------------------------------------------------------------


def find_corpus(folder: str | Path) -> Path:
    """Given the output folder of a corpus or its ``corpus/`` folder, return the
    folder holding meta.csv; raise ReportReadError when neither holds one."""
    folder = Path(folder)
    for candidate in (folder, folder / CORPUS_DIR):
        if (candidate / META_FILE).is_file():
            return candidate
    raise ReportReadError(f"no {META_FILE}: not a corpus written by `sdfkit parse`", folder)


def load_corpus(folder: str | Path) -> Corpus:
    """Given a folder written by write_corpus (or its corpus/ folder), return the
    Corpus: one Report per row of meta.csv with its rows of every panel table, and
    the corpus findings. Raises ReportReadError naming a missing or changed file."""
    folder = find_corpus(folder)
    hashes = package_hashes(folder)
    meta = _read(folder, "meta", hashes)
    panels = {name: _read(folder, name, hashes) for name in RESOURCES}
    reports: dict[str, Report] = {}
    for row in meta.to_dict("records"):
        rid = row["report_id"]
        report_meta = {k: _plain(row.get(k)) for k in META_COLUMNS if k != "report_id"}
        frames = {name: _rows(panels[name], rid, name) for name in RESOURCES}
        found = frames.pop("findings")
        reports[rid] = Report(meta=report_meta, **frames, parse_findings=found, _findings=found)
    alias = folder / ALIAS_FILE
    findings = _typed_ids(panels["findings"], "findings")
    return from_reports(reports, aliases=alias if alias.is_file() else None, findings=findings)


def _read(folder: Path, name: str, hashes: dict[str, str]) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    frame = read_text_table(path, hashes)
    missing = [c for c in ID_COLUMNS[:1] if c not in frame.columns]
    if missing:
        raise ReportReadError(f"not a {name} table: no column {missing[0]}", path)
    if name == "meta":
        frame = frame.reindex(columns=META_COLUMNS)
        for col in ("fiscal_year", "prior_year"):
            frame[col] = pd.array(pd.to_numeric(frame[col], errors="coerce"), dtype="Int64")
        return frame
    return frame


def _rows(panel: pd.DataFrame, rid: str, name: str) -> pd.DataFrame:
    try:
        return coerce(panel[panel["report_id"] == rid], name).reset_index(drop=True)
    except KeyError as err:
        raise ReportReadError(f"not a {name} table: {err}", f"{name}.csv") from None


def _typed_ids(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    typed = coerce(frame, name).reset_index(drop=True)
    return typed_ids(pd.concat([frame[ID_COLUMNS].reset_index(drop=True), typed], axis=1))


def _plain(value):
    # meta.json holds plain values: ints, strings, None.
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return int(value) if isinstance(value, (int,)) or hasattr(value, "item") else value


def open_corpus(corpus: str | Path | Corpus | None = None) -> Corpus:
    """Given a corpus folder written by ``sdfkit parse`` (its out folder or its
    corpus/ folder), a Corpus, or None, return the Corpus. None loads
    ``data/processed/corpus`` when it was written, else reads the bundled reports
    (what the comparison notebook shows on a fresh clone)."""
    from sdfkit import paths
    from sdfkit.parse.corpus import read_reports

    if isinstance(corpus, Corpus):
        return corpus
    if corpus is not None:
        return load_corpus(corpus)
    try:
        return load_corpus(find_corpus(paths.PROCESSED))
    except ReportReadError:
        return read_reports(paths.bundled_reports() or [paths.RAW])


def parse_many(
    inputs: list[Path], out_dir: str | Path, encoding: str | None = None, aliases=None
) -> tuple[Corpus, list[Path], list[str]]:
    """Given report files and/or folders and an output folder, read them all, write
    every report's folder and the corpus panel, and return (the corpus, the paths
    written, one line per input for a person: what was read, skipped or refused).
    Raises EmptyCorpusError when the inputs hold no file."""
    from sdfkit.parse.corpus import read_reports

    corpus = read_reports(inputs, aliases=aliases, encoding=encoding)
    written = write_corpus(corpus, out_dir)
    lines = []
    for rid, report in corpus.reports.items():
        found = corpus.findings[corpus.findings["report_id"] == rid]
        counts = found["severity"].value_counts()
        lines.append(
            f"{corpus.sources.get(rid, rid)}: {report.meta.get('institution')} "
            f"{report.meta.get('fiscal_year')}: {rid}/ ({counts.get('error', 0)} errors, "
            f"{counts.get('rounding', 0)} rounding, {counts.get('info', 0)} notes)"
        )
    lines += [f"{dup}: the same file as {rid}: read once" for dup, rid in corpus.duplicates]
    return corpus, written, lines
