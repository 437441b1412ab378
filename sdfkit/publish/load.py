"""Reading a processed folder back into the Report it was written from.

``write_tables`` (publish/tables.py) is the one writer of a processed folder; this is
its inverse, so the notebooks and the batch load the tables that ``sdfkit parse``
wrote instead of parsing the report again: one parse per report, one source of truth.
Types come from the data dictionary (``coerce``), so a loaded table equals the parsed
one. The data package's sha256 of each CSV is checked, so a CSV edited or left over
from another run is refused rather than read as this report's.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pandas as pd

from sdfkit.dictionary import TABLES, coerce
from sdfkit.exceptions import ReportReadError
from sdfkit.publish.datapackage import FILE_NAME as PACKAGE_FILE
from sdfkit.report import Report

META_FILE = "meta.json"


def is_processed(path: str | Path) -> bool:
    """Given a path, return whether it is a processed folder (one ``sdfkit parse`` wrote)."""
    p = Path(path)
    return p.is_dir() and (p / META_FILE).is_file()


def load_report(folder: str | Path) -> Report:
    """Given a folder written by ``sdfkit parse`` (write_tables), return its Report with
    the findings as written. Raises ReportReadError naming the file that is missing,
    unreadable or changed since it was written."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportReadError("not a folder of parsed tables", folder)
    meta = _read_json(folder / META_FILE)
    hashes = package_hashes(folder)
    frames = {name: _read_table(folder, name, hashes) for name in [*TABLES, "findings"]}
    findings = frames.pop("findings")
    return Report(meta=meta, **frames, parse_findings=findings, _findings=findings)


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportReadError("missing: run `sdfkit parse` to write this folder", path) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ReportReadError(f"unreadable: {err}", path) from None


def package_hashes(folder: Path) -> dict[str, str]:
    """Given a folder with a data package, return file name → sha256 of each resource
    (empty when there is none: older folders have no package, and nothing is compared)."""
    path = folder / PACKAGE_FILE
    if not path.is_file():
        return {}
    descriptor = _read_json(path)
    return {
        r["path"]: r["hash"].removeprefix("sha256:")
        for r in descriptor.get("resources", [])
        if isinstance(r, dict) and isinstance(r.get("path"), str) and "hash" in r
    }


def read_text_table(path: Path, hashes: dict[str, str]) -> pd.DataFrame:
    """Given a written CSV and the sha256 its data package records, return its cells as
    text (None for empty), untyped. Raises ReportReadError for a file that is missing,
    unreadable, or changed since it was written."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReportReadError("missing: run `sdfkit parse` again", path) from None
    except OSError as err:
        raise ReportReadError(f"cannot read: {err.strerror}", path) from None
    expected = hashes.get(path.name)
    if expected and hashlib.sha256(data).hexdigest() != expected:
        raise ReportReadError(
            f"changed since it was written (its sha256 differs from {PACKAGE_FILE}); "
            "run `sdfkit parse` again",
            path,
        )
    try:
        # Everything as text: the dictionary, not pandas' guessing, types it.
        frame = pd.read_csv(io.StringIO(data.decode("utf-8-sig")), dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, ValueError, pd.errors.ParserError) as err:
        raise ReportReadError(f"not a {path.stem} table: {err}", path) from None
    return frame.replace("", None)


def _read_table(folder: Path, name: str, hashes: dict[str, str]) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    frame = read_text_table(path, hashes)
    try:
        return coerce(frame, name)
    except (ValueError, KeyError) as err:
        raise ReportReadError(f"not a {name} table: {err}", path) from None
