"""Linking rows to projects by name, across sections.

The same project is named a little differently in §Ⅲ's heading, its budget table,
§Ⅳ's revenue and expenditure lines and §Ⅰ's team duties. Names are compared by a
normalised key; where that is not enough, by character-bigram similarity with a
margin; where that cannot decide, an alias file settles it (per report, or for all).
Names that match nothing are reported, not guessed.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdfkit.parse.document import Document
from sdfkit.parse.genre import (
    MARGIN,
    MIN_SIMILARITY,
    NAME_SUFFIXES,
)
from sdfkit.parse.tables import TOTAL_LABELS
from sdfkit.read.text import name_key

# An alias row with an empty report_id (and empty institution and fiscal_year)
# applies to every report; one with them set applies to that report only, since a
# project number means something else in each report.
ALIAS_COLUMNS = ["report_id", "institution", "fiscal_year", "name", "project_no", "note"]


def bigram_similarity(a: str, b: str) -> float:
    """Given two name keys, return their Dice similarity over character bigrams;
    one key wholly inside the other (4+ characters) counts as 0.9."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and short in long_:
        return 0.9
    ga = Counter(a[i : i + 2] for i in range(len(a) - 1)) or Counter([a])
    gb = Counter(b[i : i + 2] for i in range(len(b) - 1)) or Counter([b])
    # Bigrams in common, each counted as often as both have it (a multiset
    # intersection: linear, where removing matches from a list was quadratic).
    common = sum((ga & gb).values())
    return 2 * common / (ga.total() + gb.total())


def _keys(name: str) -> set[str]:
    key = name_key(name)
    keys = {key}
    # "디지털 격차해소 사업" and "디지털 격차해소" are one project.
    for suffix in NAME_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            keys.add(key[: -len(suffix)])
    return keys


@dataclass
class Matcher:
    """Links names to project numbers: exact keys, then aliases, then similarity."""

    variants: dict[int, set[str]]
    aliases: dict[str, int | None] = field(default_factory=dict)

    def match(self, name: str) -> tuple[int | None, str]:
        """Given a name as printed, return (project_no or None, how it was decided:
        exact | alias | similar | ambiguous | none)."""
        keys = _keys(name)
        exact = {no for no, names in self.variants.items() if any(keys & _keys(v) for v in names)}
        if len(exact) == 1:
            return exact.pop(), "exact"
        for key in keys:
            if key in self.aliases:
                return self.aliases[key], "alias"
        if len(exact) > 1:
            return None, "ambiguous"
        key = name_key(name)
        scores = sorted(
            (
                (max(bigram_similarity(key, name_key(v)) for v in names), no)
                for no, names in self.variants.items()
                if names
            ),
            reverse=True,
        )
        if not scores or scores[0][0] < MIN_SIMILARITY:
            return None, "none"
        if len(scores) > 1 and scores[0][0] - scores[1][0] < MARGIN:
            return None, "ambiguous"
        return scores[0][1], "similar"


def load_aliases(
    path: Path | None,
    report_id: str | None = None,
    institution: str | None = None,
    fiscal_year: int | None = None,
) -> dict[str, int | None]:
    """Given the alias CSV (name, project_no, note; optionally report_id, institution,
    fiscal_year) and the report being read, return name key → project_no (None: the
    name belongs to no project) from the rows that apply to this report: rows with
    no report_id, institution or fiscal_year apply to all; a set one must match.
    A row for this report overrides a row for all on the same name."""
    if path is None or not Path(path).is_file():
        return {}
    shared: dict[str, int | None] = {}
    scoped: dict[str, int | None] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name = (row.get("name") or "").strip()
            if not name:
                continue
            scope = _alias_scope(row, report_id, institution, fiscal_year)
            if scope is None:
                continue
            raw = (row.get("project_no") or "").strip()
            (scoped if scope else shared)[name_key(name)] = int(raw) if raw.isdigit() else None
    return {**shared, **scoped}


def _alias_scope(row: dict, report_id, institution, fiscal_year) -> bool | None:
    # None: the row is for another report; False: for every report; True: for this one.
    wanted = {
        "report_id": report_id or "",
        "institution": name_key(institution) if institution else "",
        "fiscal_year": str(fiscal_year) if fiscal_year is not None else "",
    }
    scoped = False
    for column, value in wanted.items():
        given = (row.get(column) or "").strip()
        if column == "institution":
            given = name_key(given) if given else ""
        if given:
            if given != value:
                return None
            scoped = True
    return scoped


def link_lines(
    doc: Document, table: str, frame: pd.DataFrame, matcher: Matcher, category_keys: set[str]
) -> pd.DataFrame:
    """Given a §Ⅳ table, return it with ``project_no`` set on every program line that
    names a current project; category rows (those also in §Ⅰ's summary) and totals
    are not program lines. A line with children is a project's own line (the
    subtotal over its 세부사업 lines) when it names the project and no child names
    another; a child that names nothing then belongs to that project too."""
    frame = frame.copy()
    items = list(frame["item"])
    parent_of = _parent_positions(items, list(frame["parent"]))
    children: dict[int, list[int]] = {}
    for pos, parent in enumerate(parent_of):
        if parent is not None:
            children.setdefault(parent, []).append(pos)
    matches: list[tuple[int | None, str]] = []
    for item in items:
        key = name_key(item)
        if key in category_keys or item.replace(" ", "") in TOTAL_LABELS:
            matches.append((None, "category"))
        else:
            matches.append(matcher.match(item))
    for pos, kids in children.items():
        no = matches[pos][0]
        if no is not None and {matches[k][0] for k in kids} - {None, no}:
            matches[pos] = (None, "group")  # a group over several projects' lines
    numbers = []
    for pos, (item, line, budget) in enumerate(zip(items, frame["line"], frame["budget"])):
        no, how = matches[pos]
        parent = parent_of[pos]
        if no is None and parent is not None and matches[parent][0] is not None:
            no = matches[parent][0]  # a 세부사업 line under its project's own line
        numbers.append(no)
        if no is not None or how == "category" or pos in children:
            continue
        discontinued = budget == 0
        why = (
            "it has no budget this year (a discontinued program)"
            if discontinued
            else (
                "it resembles more than one project"
                if how == "ambiguous"
                else "no project has a similar name"
            )
        )
        doc.note(
            "name_unmatched",
            table,
            f"Line '{item}' is linked to no project: {why}. "
            "If it belongs to one, add it to data/aliases.csv.",
            item=item,
            line=int(line),
        )
    frame["project_no"] = pd.array(numbers, dtype="Int64")
    return frame


def _parent_positions(items: list, parents: list) -> list[int | None]:
    """Given a table's items and parents (labels), return each row's parent as a
    position: the nearest row above with the parent's label."""
    seen: dict[str, int] = {}
    out: list[int | None] = []
    for pos, (item, parent) in enumerate(zip(items, parents)):
        out.append(seen.get(parent) if isinstance(parent, str) else None)
        if isinstance(item, str):
            seen[item] = pos
    return out
