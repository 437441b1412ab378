"""Many reports read as one panel: every institution and year side by side.

``read_reports(paths_or_folder)`` finds the report files (folders expanded, hidden
files skipped), reads each one the same file only once (same sha256), gives each a
distinct report id made from its file name, and returns a :class:`Corpus`: the
reports by id, the files that could not be read (each with its one-line error) and
the panel, each contract table concatenated with ``report_id``, ``institution`` and
``fiscal_year`` first. A file that cannot be read never stops the others.

Report ids come from file names only (never from report text): the same rule as one
report's output folder (:func:`sdfkit.report.report_id`); two files with one name get
their parent folder's name, then their sha256 prefix, as a suffix.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdfkit.dictionary import TABLES, coerce, table_columns
from sdfkit.exceptions import ReportReadError, SdfkitError
from sdfkit.parse.pipeline import read_report
from sdfkit.read.text import name_key, read_bytes
from sdfkit.report import Report, report_id

# The columns that key a panel row to its report, first in every panel table.
ID_COLUMNS = ["report_id", "institution", "fiscal_year"]
META_COLUMNS = [
    "report_id",
    "institution",
    "fiscal_year",
    "prior_year",
    "as_of",
    "unit",
    "source_file",
    "source_sha256",
]
# Findings about the corpus as a whole (not about one report's figures).
CORPUS_CHECKS = ("report_conflict", "same_report", "duplicate_file", "report_unreadable")


class EmptyCorpusError(ReportReadError):
    """The inputs hold no file to read."""


@dataclass
class Corpus:
    """Reports read together: ``reports`` by report id (sorted by institution and
    year), ``errors`` (file, one-line error) for files that could not be read,
    ``duplicates`` (file skipped, report id of the same bytes) and ``sources``
    (report id → file read). ``table(name)`` or ``corpus.<name>`` is the panel."""

    reports: dict[str, Report]
    errors: list[tuple[Path, str]] = field(default_factory=list)
    duplicates: list[tuple[Path, str]] = field(default_factory=list)
    sources: dict[str, Path] = field(default_factory=dict)
    aliases: Path | None = None
    _findings: pd.DataFrame | None = field(default=None, repr=False)
    _panel: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.reports)

    def __getattr__(self, name: str) -> pd.DataFrame:
        # corpus.project_budget etc.: the panel of that table.
        if name in TABLES:
            return self.table(name)
        raise AttributeError(name)

    @property
    def meta(self) -> pd.DataFrame:
        """One row per report: its id, institution, fiscal and prior year, as-of
        date, unit and source file with its sha256."""
        rows = [{**r.meta, "report_id": rid} for rid, r in self.reports.items()]
        frame = pd.DataFrame(rows, columns=META_COLUMNS)
        for col in ("fiscal_year", "prior_year"):
            frame[col] = pd.array(pd.to_numeric(frame[col], errors="coerce"), dtype="Int64")
        frame["as_of"] = pd.to_datetime(frame["as_of"], errors="coerce").astype("datetime64[ns]")
        return frame

    def table(self, name: str) -> pd.DataFrame:
        """Given a contract table's name (or ``findings``), return it for every
        report concatenated, with report_id, institution and fiscal_year first."""
        if name == "findings":
            return self.findings
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; tables: {', '.join(TABLES)}")
        if name not in self._panel:
            frames = [_with_ids(getattr(r, name), rid, r.meta) for rid, r in self.reports.items()]
            self._panel[name] = _concat(frames, [*ID_COLUMNS, *table_columns(name)])
        return self._panel[name]

    @property
    def findings(self) -> pd.DataFrame:
        """Every report's findings with its report_id, institution and fiscal_year,
        then the corpus' own: reports that conflict, duplicate files, unreadable files."""
        if self._findings is None:
            frames = [_with_ids(r.findings, rid, r.meta) for rid, r in self.reports.items()]
            frames.append(corpus_findings(self))
            self._findings = _concat(frames, [*ID_COLUMNS, *table_columns("findings")])
        return self._findings


def _with_ids(frame: pd.DataFrame, rid: str, meta: dict) -> pd.DataFrame:
    out = frame.copy()
    out.insert(0, "report_id", rid)
    out.insert(1, "institution", meta.get("institution"))
    out.insert(2, "fiscal_year", meta.get("fiscal_year"))
    return out


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return typed_ids(out.reindex(columns=columns))


def typed_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """Given a panel table, return it with its id columns typed: report_id and
    institution text (None for missing), fiscal_year Int64."""
    out = frame.copy()
    for col in ("report_id", "institution"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    out["fiscal_year"] = pd.array(pd.to_numeric(out["fiscal_year"], errors="coerce"), dtype="Int64")
    return out


# --- Finding the files --------------------------------------------------------------------


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def discover(inputs: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Given files and folders, return (the files to read, in order: folders
    expanded recursively and sorted, hidden files and folders skipped, a file named
    twice kept once) and the inputs refused, each with its one-line error. Raises
    EmptyCorpusError when nothing is left to read."""
    files: list[Path] = []
    errors: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    inputs = [Path(p) for p in inputs]
    for given in inputs:
        if given.is_dir():
            found = sorted(p for p in given.rglob("*") if p.is_file() and not _hidden(p, given))
            if not found:
                errors.append((given, str(ReportReadError("no report file in this folder", given))))
        elif given.exists():
            found = [given]
        else:
            errors.append((given, str(ReportReadError("no such file or folder", given))))
            continue
        for path in found:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append(path)
    if not files:
        where = inputs[0] if len(inputs) == 1 else "<inputs>"
        what = "no report file in this folder" if len(inputs) == 1 and inputs[0].is_dir() else None
        raise EmptyCorpusError(what or "no report file to read", where)
    return files, errors


def assign_ids(paths: list[Path], hashes: dict[Path, str]) -> dict[Path, str]:
    """Given the files to read and each one's sha256, return a distinct report id per
    file: its file name made safe; where two share it, suffixed with the parent
    folder's name, else the sha256 prefix, else a counter."""
    base = {p: report_id(p.name, hashes.get(p, "")) for p in paths}
    counts: dict[str, int] = {}
    for rid in base.values():
        counts[rid] = counts.get(rid, 0) + 1
    taken: set[str] = {rid for rid in base.values() if counts[rid] == 1}
    ids: dict[Path, str] = {}
    for p in paths:
        rid = base[p]
        if counts[rid] > 1:
            candidates = [
                f"{rid}_{report_id(p.parent.name)}" if p.parent.name else "",
                f"{rid}_{hashes.get(p, '')[:12]}" if hashes.get(p) else "",
            ]
            rid = next((c for c in candidates if c and c not in taken), rid)
            n = 2
            while rid in taken:
                rid, n = f"{base[p]}_{n}", n + 1
        taken.add(rid)
        ids[p] = rid
    return ids


# --- Reading them ---------------------------------------------------------------------------


def _as_inputs(paths_or_folder) -> list[Path]:
    if isinstance(paths_or_folder, (str, Path)):
        return [Path(paths_or_folder)]
    return [Path(p) for p in paths_or_folder]


def read_reports(
    paths_or_folder: str | Path | Iterable[str | Path],
    aliases: str | Path | None = None,
    encoding: str | None = None,
) -> Corpus:
    """Given report files and/or folders of them, return the Corpus: every report
    read once (a file with the same sha256 as an earlier one is noted, not read
    again), files that cannot be read listed with their one-line error. ``aliases``
    is the alias file (default data/aliases.csv); each row applies to every report
    or, with report_id / institution / fiscal_year set, to that report only.
    Raises EmptyCorpusError when the inputs hold no file."""
    from sdfkit import paths as paths_mod

    alias_path = Path(aliases) if aliases is not None else paths_mod.ALIASES
    files, errors = discover(_as_inputs(paths_or_folder))
    data: dict[Path, str] = {}
    readable: list[Path] = []
    for path in files:
        try:
            data[path] = hashlib.sha256(read_bytes(path)).hexdigest()
            readable.append(path)
        except SdfkitError as err:
            errors.append((path, str(err)))
    first_of: dict[str, Path] = {}
    duplicates_of: list[tuple[Path, Path]] = []
    unique: list[Path] = []
    for path in readable:
        if data[path] in first_of:
            duplicates_of.append((path, first_of[data[path]]))
        else:
            first_of[data[path]] = path
            unique.append(path)
    ids = assign_ids(unique, data)
    reports: dict[str, Report] = {}
    sources: dict[str, Path] = {}
    for path in unique:
        try:
            report = read_report(path, encoding=encoding, aliases=alias_path, report_id=ids[path])
            _ = report.findings  # checks run now: a report they fail on is listed, not fatal
        except SdfkitError as err:
            errors.append((path, str(err)))
            continue
        except Exception as err:  # noqa: BLE001 - one bad report must not stop the others
            message = " ".join(f"internal error: {type(err).__name__}: {err}".split())
            errors.append((path, f"{path}: {message}"))
            continue
        reports[ids[path]] = report
        sources[ids[path]] = path
    duplicates = [(dup, ids[kept]) for dup, kept in duplicates_of if ids[kept] in reports]
    return from_reports(reports, errors, duplicates, sources, alias_path)


def from_reports(
    reports: dict[str, Report],
    errors: list[tuple[Path, str]] | None = None,
    duplicates: list[tuple[Path, str]] | None = None,
    sources: dict[str, Path] | None = None,
    aliases: Path | None = None,
    findings: pd.DataFrame | None = None,
) -> Corpus:
    """Given reports already read (report id → Report, e.g. by a pool of workers),
    the files that failed and the duplicates skipped, return their Corpus, reports
    ordered by institution, fiscal year and id. ``findings``, when given (a panel
    read back), is the corpus findings table as written, instead of recomputing it."""

    def order(item: tuple[str, Report]) -> tuple:
        rid, r = item
        year = r.meta.get("fiscal_year")
        return (r.meta.get("institution") or "", year if year is not None else -1, rid)

    ordered = dict(sorted(reports.items(), key=order))
    corpus = Corpus(
        ordered, list(errors or []), list(duplicates or []), dict(sources or {}), aliases
    )
    corpus._findings = findings
    return corpus


# --- Findings about the corpus -------------------------------------------------------------


def _figures(report: Report) -> dict[str, pd.DataFrame]:
    # What two reports must share to be the same report: every table without the
    # line numbers (a re-extraction may move lines and still say the same).
    return {
        name: getattr(report, name).drop(columns="line").reset_index(drop=True) for name in TABLES
    }


def corpus_findings(corpus: Corpus) -> pd.DataFrame:
    """Given a corpus, return its own findings (with report_id, institution,
    fiscal_year): two reports of one institution and year whose figures differ
    (report_conflict, error; both are kept) or agree (same_report, info), files
    skipped as byte-for-byte duplicates (duplicate_file) and files that could not
    be read (report_unreadable)."""
    rows: list[dict] = []

    def add(rid, meta, check, severity, korean, english):
        # Korean for people (message), English beside it (message_en), as every finding.
        rows.append(
            {
                "report_id": rid,
                **_ids(meta),
                "check": check,
                "severity": severity,
                "table": "report",
                "message": korean,
                "message_en": english,
            }
        )

    groups: dict[tuple[str, int], list[str]] = {}
    for rid, r in corpus.reports.items():
        inst, year = r.meta.get("institution"), r.meta.get("fiscal_year")
        if inst and year is not None:
            groups.setdefault((name_key(inst), int(year)), []).append(rid)
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                fa, fb = _figures(corpus.reports[a]), _figures(corpus.reports[b])
                differ = ", ".join(t for t in TABLES if not fa[t].equals(fb[t]))
                for rid, other in ((a, b), (b, a)):
                    meta = corpus.reports[rid].meta
                    if differ:
                        add(
                            rid,
                            meta,
                            "report_conflict",
                            "error",
                            f"같은 기관·같은 연도의 보고서 {other}와(과) 수치가 다릅니다({differ}). "
                            "두 보고서를 모두 남겼습니다.",
                            f"Report {other} is of the same institution and year but its "
                            f"figures differ ({differ}); both are kept.",
                        )
                    else:
                        add(
                            rid,
                            meta,
                            "same_report",
                            "info",
                            f"같은 기관·같은 연도의 보고서 {other}와(과) 수치가 같습니다 "
                            "(같은 보고서의 다른 사본).",
                            f"Report {other} is of the same institution and year with the "
                            "same figures (another copy of this report).",
                        )
    for dup, rid in corpus.duplicates:
        meta = corpus.reports[rid].meta if rid in corpus.reports else {}
        add(
            rid,
            meta,
            "duplicate_file",
            "info",
            f"파일 {dup}은(는) 이 보고서와 내용이 같아(sha256) 한 번만 읽었습니다.",
            f"File {dup} has the same bytes (sha256) as this report: read once.",
        )
    for _path, error in corpus.errors:
        add(None, {}, "report_unreadable", "error", f"읽지 못함: {error}", f"Not read: {error}")
    frame = pd.DataFrame(rows, columns=[*ID_COLUMNS, *table_columns("findings")])
    return typed_ids(pd.concat([frame[ID_COLUMNS], coerce(frame, "findings")], axis=1))


def _ids(meta: dict) -> dict:
    return {"institution": meta.get("institution"), "fiscal_year": meta.get("fiscal_year")}
