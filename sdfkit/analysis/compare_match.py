"""Projects of one institution matched across years, by name.

Two consecutive reports of an institution are paired project by project: names
equal after normalising (spacing, punctuation, parenthesised notes), then the
corpus alias file (a row for the later report naming the earlier title and its
project number there; an empty number says the program ended), then
character-bigram similarity with the parser's threshold and margin. What is left
is listed as new or ended, never guessed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdfkit import paths
from sdfkit.parse.corpus import Corpus
from sdfkit.parse.genre import MARGIN, MIN_SIMILARITY
from sdfkit.parse.linking import bigram_similarity, load_aliases
from sdfkit.read.text import name_key
from sdfkit.report import Report


def institution_key(report: Report) -> str:
    """Given a report, return the key its institution is grouped by (its normalised
    name; empty when the name is missing)."""
    name = report.meta.get("institution")
    return name_key(name) if name else ""


def _series(corpus: Corpus) -> dict[str, list[str]]:
    # Each institution's reports in year order, one per year (a second report of
    # the same year is a conflict, flagged in the findings; the first id is used).
    groups: dict[str, dict[int, str]] = {}
    for rid, report in corpus.reports.items():
        year = report.meta.get("fiscal_year")
        key = institution_key(report)
        if key and year is not None:
            groups.setdefault(key, {}).setdefault(int(year), rid)
    return {k: [v[y] for y in sorted(v)] for k, v in groups.items()}


def match_titles(
    before: dict[int, str], after: dict[int, str], aliases: dict[str, int | None] | None = None
) -> list[tuple[int | None, int | None, str, float]]:
    """Given two years' project titles (number → title) and the later report's
    aliases (name key → its project number, None: no project), return matched
    pairs (before_no, after_no, how, score): how is exact | alias | similar, or
    ended (before only) | new (after only)."""
    aliases = aliases or {}
    left, right = dict(before), dict(after)
    out: list[tuple[int | None, int | None, str, float]] = []

    def take(a: int, b: int | None, how: str, score: float) -> None:
        left.pop(a, None)
        if b is not None:
            right.pop(b, None)
        out.append((a, b, how, score))

    for a, title in sorted(before.items()):
        same = [b for b, t in right.items() if name_key(t) == name_key(title)]
        if len(same) == 1:
            take(a, same[0], "exact", 1.0)
    for a, title in sorted(left.items()):
        key = name_key(title)
        if key in aliases and (aliases[key] is None or aliases[key] in right):
            # An alias to no project says the program ended under this name.
            take(a, aliases[key], "alias" if aliases[key] is not None else "ended", 1.0)
    scores = {
        (a, b): bigram_similarity(name_key(ta), name_key(tb))
        for a, ta in left.items()
        for b, tb in right.items()
    }
    for a in sorted(left):
        ranked = sorted(((s, b) for (x, b), s in scores.items() if x == a), reverse=True)
        if not ranked or ranked[0][0] < MIN_SIMILARITY:
            continue
        best, b = ranked[0]
        rivals = [s for (x, y), s in scores.items() if y == b and x != a and x in left]
        runner = max([*(s for s, _ in ranked[1:]), *rivals], default=0.0)
        if best - runner >= MARGIN and b in right:
            take(a, b, "similar", best)
    out += [(a, None, "ended", 0.0) for a in sorted(left)]
    out += [(None, b, "new", 0.0) for b in sorted(right)]
    return out


MATCH_COLUMNS = [
    "institution",
    "from_report",
    "from_year",
    "from_no",
    "from_title",
    "to_report",
    "to_year",
    "to_no",
    "to_title",
    "how",
    "score",
]


def match_projects(corpus: Corpus, aliases: str | Path | None = None) -> pd.DataFrame:
    """Given a corpus and its alias file (default: the corpus', else data/aliases.csv),
    return the projects of each institution matched between consecutive years: one
    row per pair, per ended project (no to_no) and per new one (no from_no)."""
    alias_path = aliases if aliases is not None else (corpus.aliases or paths.ALIASES)
    rows = []
    for series in _series(corpus).values():
        for a_id, b_id in zip(series, series[1:]):
            a, b = corpus.reports[a_id], corpus.reports[b_id]
            titles_a = dict(zip(a.projects["project_no"], a.projects["title"]))
            titles_b = dict(zip(b.projects["project_no"], b.projects["title"]))
            scoped = load_aliases(
                Path(alias_path), b_id, b.meta.get("institution"), b.meta.get("fiscal_year")
            )
            for from_no, to_no, how, score in match_titles(titles_a, titles_b, scoped):
                rows.append(
                    {
                        "institution": b.meta.get("institution"),
                        "from_report": a_id,
                        "from_year": a.meta.get("fiscal_year"),
                        "from_no": from_no,
                        "from_title": titles_a.get(from_no),
                        "to_report": b_id,
                        "to_year": b.meta.get("fiscal_year"),
                        "to_no": to_no,
                        "to_title": titles_b.get(to_no),
                        "how": how,
                        "score": score,
                    }
                )
    frame = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    for col in ("from_year", "from_no", "to_year", "to_no"):
        frame[col] = pd.array(pd.to_numeric(frame[col], errors="coerce"), dtype="Int64")
    return frame


def unmatched_projects(matches: pd.DataFrame) -> pd.DataFrame:
    """Given the project matches, return the projects no name matched: ended (only
    in the earlier report) and new (only in the later), for a person to settle
    with an alias row when one is the other renamed."""
    return matches[matches["how"].isin(["ended", "new"])].reset_index(drop=True)


def program_changes(matches: pd.DataFrame) -> pd.DataFrame:
    """Given the project matches, return per institution and pair of years how many
    projects continued (matched), are new and ended."""
    rows = []
    keys = ["institution", "from_year", "to_year"]
    for (inst, y0, y1), group in matches.groupby(keys, sort=True, dropna=False):
        how = group["how"]
        rows.append(
            {
                "institution": inst,
                "from_year": y0,
                "to_year": y1,
                "continued": int(how.isin(["exact", "alias", "similar"]).sum()),
                "new": int((how == "new").sum()),
                "ended": int((how == "ended").sum()),
            }
        )
    frame = pd.DataFrame(rows, columns=[*keys, "continued", "new", "ended"])
    for col in ("from_year", "to_year"):
        frame[col] = pd.array(frame[col], dtype="Int64")
    return frame
