"""Comparing reports: institutions side by side, and one institution across years.

Every function takes a :class:`~sdfkit.parse.corpus.Corpus` (read from the reports or
loaded from a written panel) and returns one row per report, per institution and
year, or per project. Across institutions of different size only rates are
compared (percent of the budget, percent of projects, percent of demands); amounts
are converted to 백만원 (million won) from each report's own unit, so reports
printed in 천원 and in 원 add up alike.

The calendar pace is the share of the fiscal year elapsed at a report's as-of date:
a report dated 30 September is compared with 75% of the year, one dated 30 June
with 50%, so institutions reporting at different dates are still comparable.

Projects are matched across years in :mod:`sdfkit.analysis.compare_match`
(re-exported here): by name, then the corpus alias file, then similarity.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdfkit import analysis, paths
from sdfkit.analysis.compare_match import (
    MATCH_COLUMNS,
    institution_key,
    match_projects,
    match_titles,
    program_changes,
    unmatched_projects,
)
from sdfkit.dictionary import SEVERITIES, SEVERITY_LABELS
from sdfkit.dictionary.units import UNIT_WON
from sdfkit.parse.corpus import CORPUS_CHECKS, ID_COLUMNS, Corpus
from sdfkit.report import Report

# Matching lives in its own module; the notebook calls it through this one.
__all__ = [
    "MATCH_COLUMNS",
    "audit_panel",
    "budget_by_category",
    "carried_over",
    "corpus_notes",
    "execution_panel",
    "findings_panel",
    "leftovers",
    "match_projects",
    "match_titles",
    "notes_md",
    "output_dir",
    "program_changes",
    "project_panel",
    "report_list",
    "to_million",
    "unmatched_projects",
]

# Every report's amounts are compared in 백만원 (units: the data dictionary's).
MILLION = UNIT_WON["백만원"]
# A revenue line named like this carries last year's unspent money into this year
# (잉여금, 이월금, 순세계잉여금): the year-end leftover as it was realised.
CARRY_WORDS = ("잉여", "이월")


# --- The corpus and its reports ---------------------------------------------------------


def output_dir(out: str | Path | None = None) -> Path:
    """Given an output folder (None: ``reports/compare``), return it, not yet created."""
    return Path(out) if out is not None else paths.REPORTS / "compare"


def to_million(amount, unit: str | None) -> float:
    """Given an amount and its unit as printed (천원 …), return it in 백만원 (NaN when
    the amount is missing or the unit unknown)."""
    factor = UNIT_WON.get((unit or "").replace(" ", ""))
    if factor is None or amount is None or pd.isna(amount):
        return float("nan")
    return float(amount) * factor / MILLION


def label(meta: dict) -> str:
    """Given a report's meta, return how charts and tables name it: institution
    and fiscal year (report text: escape it before showing it)."""
    inst = meta.get("institution") or "(기관명 미상)"
    year = meta.get("fiscal_year")
    return f"{inst} {year}" if year is not None else str(inst)


def _ids(rid: str, report: Report) -> dict:
    return {
        "report_id": rid,
        "institution": report.meta.get("institution"),
        "fiscal_year": report.meta.get("fiscal_year"),
        "label": label(report.meta),
    }


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    if "fiscal_year" in frame:
        frame["fiscal_year"] = pd.array(frame["fiscal_year"], dtype="Int64")
    return frame


# --- Institutions side by side at their as-of dates ---------------------------------------

EXECUTION_PANEL_COLUMNS = [
    *ID_COLUMNS,
    "label",
    "as_of",
    "pace_pct",
    "projects",
    "budget_m",
    "committed_m",
    "spent_m",
    "expected_m",
    "committed_pct",
    "spent_pct",
    "expected_pct",
    "gap_pp",
    "unspent_expected_m",
    "unspent_expected_pct",
    "behind",
    "behind_pct",
]


def project_panel(corpus: Corpus) -> pd.DataFrame:
    """Given a corpus, return every report's per-project execution table
    (``analysis.project_execution``) with the report's ids first and ``behind``:
    the project's spent rate is below the calendar pace at its table's as-of date."""
    frames = []
    for rid, report in corpus.reports.items():
        ex = analysis.project_execution(report)
        for key, value in reversed(_ids(rid, report).items()):
            ex.insert(0, key, value)
        ex["behind"] = ex["gap_pp"] < 0
        frames.append(ex)
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=[*ID_COLUMNS, "label", *analysis.EXECUTION_COLUMNS, "behind"])
    out = pd.concat(frames, ignore_index=True)
    out["fiscal_year"] = pd.array(out["fiscal_year"], dtype="Int64")
    return out


def execution_panel(corpus: Corpus) -> pd.DataFrame:
    """Given a corpus, return one row per report: its §Ⅲ projects' budget, committed,
    spent and expected-by-year-end amounts summed (in 백만원), each as a percent of
    the budget, the calendar pace at the report's as-of date and spent rate minus
    pace, the amount and percent expected to stay unspent at year end, and how many
    projects (and what percent of them) spend behind the pace."""
    rows = []
    projects = project_panel(corpus)
    for rid, report in corpus.reports.items():
        unit = report.meta.get("unit")
        mine = projects[projects["report_id"] == rid]
        sums = {
            col: (mine[col].sum(min_count=1) if len(mine) else pd.NA)
            for col in ("budget", "committed", "spent", "expected")
        }
        as_of = analysis.as_of_date(report)
        pace = analysis.calendar_pace(as_of, analysis.fiscal_year(report))
        rated = mine.dropna(subset=["spent_pct"])
        row = {
            **_ids(rid, report),
            "as_of": pd.Timestamp(as_of) if as_of else pd.NaT,
            "pace_pct": pace,
            "projects": len(mine),
            **{f"{c}_m": to_million(v, unit) for c, v in sums.items()},
            **{
                f"{c}_pct": analysis.rate(sums[c], sums["budget"])
                for c in ("committed", "spent", "expected")
            },
            "behind": int(rated["behind"].sum()),
            "behind_pct": analysis.rate(int(rated["behind"].sum()), len(rated)),
        }
        row["gap_pp"] = row["spent_pct"] - pace
        unspent = analysis.expected_unspent(sums["budget"], sums["expected"])
        row["unspent_expected_m"] = to_million(unspent, unit)
        row["unspent_expected_pct"] = analysis.rate(unspent, sums["budget"])
        rows.append(row)
    return _frame(rows, EXECUTION_PANEL_COLUMNS)


# --- One institution across years --------------------------------------------------------


def budget_by_category(corpus: Corpus, side: str = "expenditure") -> pd.DataFrame:
    """Given a corpus and a side (expenditure | revenue), return per report the
    categories directly under the total of §Ⅰ's summary (인건비, 경비, 사업비 …) with
    the budget in 백만원 and its share of the total (percent)."""
    rows = []
    for rid, report in corpus.reports.items():
        unit = report.meta.get("unit")
        for item in analysis.summary_composition(report, side).to_dict("records"):
            rows.append(
                {
                    **_ids(rid, report),
                    "item": item["item"],
                    "budget_m": to_million(item["budget"], unit),
                    "share_pct": item["share_pct"],
                }
            )
    return _frame(rows, [*ID_COLUMNS, "label", "item", "budget_m", "share_pct"])


def carried_over(report: Report) -> float | int | None:
    """Given a report, return the surplus carried over from the prior year (§Ⅰ's
    revenue lines named 잉여금/이월금, the outermost ones only), in its unit; None
    when the summary names none."""
    rev = report.summary_budget[report.summary_budget["side"] == "revenue"]
    hit = rev[rev["item"].map(lambda i: isinstance(i, str) and any(w in i for w in CARRY_WORDS))]
    outer = hit[~hit["parent"].isin(set(hit["item"]))]
    if outer.empty or outer["budget"].isna().all():
        return None
    return outer["budget"].sum()


LEFTOVER_COLUMNS = [
    *ID_COLUMNS,
    "label",
    "as_of",
    "unspent_expected_m",
    "unspent_expected_pct",
    "carried_over_m",
    "carried_over_pct",
    "change_pp",
]


def leftovers(corpus: Corpus) -> pd.DataFrame:
    """Given a corpus, return per report the year-end leftovers: the amount (백만원)
    and percent of the §Ⅲ budget the institution expects to leave unspent, the
    prior year's surplus carried into this year (백만원, percent of the revenue
    total), and change_pp, the unspent percent minus the same institution's
    previous report's (empty for its first)."""
    ex = execution_panel(corpus).set_index("report_id")
    rows = []
    for rid, report in corpus.reports.items():
        unit = report.meta.get("unit")
        carry = carried_over(report)
        total = analysis.summary_total(report, "revenue")
        rows.append(
            {
                **_ids(rid, report),
                "as_of": ex.at[rid, "as_of"],
                "unspent_expected_m": ex.at[rid, "unspent_expected_m"],
                "unspent_expected_pct": ex.at[rid, "unspent_expected_pct"],
                "carried_over_m": to_million(carry, unit),
                "carried_over_pct": analysis.rate(
                    carry, total["budget"] if total is not None else None
                ),
            }
        )
    frame = _frame(rows, LEFTOVER_COLUMNS)
    frame["_key"] = [institution_key(corpus.reports[r]) for r in frame["report_id"]]
    frame = frame.sort_values(["_key", "fiscal_year", "report_id"], kind="stable")
    frame["change_pp"] = frame.groupby("_key")["unspent_expected_pct"].diff()
    return frame.drop(columns="_key").reset_index(drop=True)


# --- Audit follow-up and report quality ---------------------------------------------------


def audit_panel(corpus: Corpus) -> pd.DataFrame:
    """Given a corpus, return per report the completion of the prior year's audit
    demands: done, total and rate (percent) recounted from the items, and the rate
    the report's own summary prints."""
    rows = []
    for rid, report in corpus.reports.items():
        c = analysis.audit_completion(report)
        rows.append(
            {
                **_ids(rid, report),
                "done": c["done"],
                "total": c["total"],
                "rate_pct": c["rate_pct"],
                "reported_rate_pct": c["reported_rate_pct"],
            }
        )
    columns = [*ID_COLUMNS, "label", "done", "total", "rate_pct", "reported_rate_pct"]
    return _frame(rows, columns)


def findings_panel(corpus: Corpus) -> pd.DataFrame:
    """Given a corpus, return per report its number of findings by severity (error,
    rounding, info) and in all; the corpus' own findings (conflicts, duplicates)
    count with the report they name."""
    found = corpus.findings
    rows = []
    for rid, report in corpus.reports.items():
        mine = found[found["report_id"] == rid]
        counts = mine["severity"].value_counts()
        row = {**_ids(rid, report), **{s: int(counts.get(s, 0)) for s in SEVERITIES}}
        row["total"] = len(mine)
        rows.append(row)
    return _frame(rows, [*ID_COLUMNS, "label", *SEVERITIES, "total"])


def corpus_notes(corpus: Corpus) -> pd.DataFrame:
    """Given a corpus, return its own findings: reports of one institution and year
    that conflict, duplicate files and files that could not be read."""
    found = corpus.findings
    return found[found["check"].isin(CORPUS_CHECKS)].reset_index(drop=True)


# Korean headers of the comparison tables (for analysis.styled's ``labels``).
LABELS = {
    "report_id": "보고서 ID",
    "institution": "기관",
    "fiscal_year": "회계연도",
    "label": "보고서",
    "as_of": "기준일",
    "unit": "금액 단위",
    "pace_pct": "달력 진도(%)",
    "projects": "사업 수",
    "budget_m": "예산현액(백만원)",
    "committed_m": "원인행위(백만원)",
    "spent_m": "지출액(백만원)",
    "expected_m": "연말 집행예상(백만원)",
    "committed_pct": "원인행위율(%)",
    "spent_pct": "지출률(%)",
    "expected_pct": "예상 집행률(%)",
    "gap_pp": "지출률−진도(%p)",
    "unspent_expected_m": "연말 불용 예상(백만원)",
    "unspent_expected_pct": "연말 불용 예상(%)",
    "behind": "진도 미달 사업",
    "behind_pct": "진도 미달 비율(%)",
    "carried_over_m": "전년도 잉여·이월(백만원)",
    "carried_over_pct": "세입 대비 잉여·이월(%)",
    "change_pp": "전년 대비(%p)",
    "item": "구분",
    "share_pct": "비중(%)",
    "from_year": "이전 연도",
    "from_no": "이전 번호",
    "from_title": "이전 사업명",
    "to_year": "다음 연도",
    "to_no": "다음 번호",
    "to_title": "다음 사업명",
    "how": "짝지은 방법",
    "score": "유사도",
    "continued": "계속",
    "new": "신규",
    "ended": "종료",
    "done": "완료",
    "total": "전체",
    "rate_pct": "완료율(%)",
    "reported_rate_pct": "총괄표 완료율(%)",
    **SEVERITY_LABELS,
}


def report_list(corpus: Corpus) -> pd.DataFrame:
    """Given a corpus, return the reports it holds: id, institution, fiscal year,
    as-of date and unit of amounts."""
    return corpus.meta[["report_id", "institution", "fiscal_year", "as_of", "unit"]]


def notes_md(corpus: Corpus) -> list[str]:
    """Given a corpus, return its own findings as Markdown bullets (report text and
    file names escaped): conflicts, duplicates, unreadable files."""
    from sdfkit.analysis import escape_md

    return [
        f"- **{escape_md(row['check'])}** {escape_md(row['report_id'] or '')}: "
        f"{escape_md(row['message'])}"
        for row in corpus_notes(corpus).to_dict("records")
    ]
