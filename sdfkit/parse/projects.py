"""Projects and their identity across sections.

§Ⅲ numbers the projects; the same project is named a little differently in §Ⅲ's
contents list, its heading, its budget table, §Ⅳ's revenue and expenditure lines
and §Ⅰ's team duties. Names are compared by a normalised key; where that is not
enough, by character-bigram similarity with a margin; where that cannot decide,
an alias file settles it. Names that match nothing are reported, not guessed.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdfkit.dictionary import new_frame
from sdfkit.parse.document import Document
from sdfkit.parse.tables import TOTAL_LABELS
from sdfkit.read.text import Line, collapse_spacing, name_key

ALIAS_COLUMNS = ["name", "project_no", "note"]

# Fuzzy matching: a name is linked when its similarity to a project's name is at
# least MIN_SIMILARITY and beats every other project by MARGIN.
MIN_SIMILARITY = 0.6
MARGIN = 0.1

# "1  스마트도시 정책연구": a number, spaces, a title (any text: a title is untrusted
# and may start with punctuation). "1. 전략" has no space after the number.
_HEADING = re.compile(r"^(\d{1,2})\s+([^\d\s].*)$")
_TOC_STRATEGY = re.compile(r"^(\d{1,2})\s*\.\s*(\S.*)$")
_CIRCLED = re.compile(r"^([\u2460-\u2473])\s*(\S.*)$")
_SUBHEADING = re.compile(r"^[가-힣]{2,10}$")  # 사업개요, 추진실적, 향후계획 …


@dataclass
class ProjectSection:
    """One project's section of §Ⅲ: number, heading title, line range."""

    no: int
    title: str
    start: int  # index of the heading line
    end: int
    line: int
    names: set[str] = field(default_factory=set)


def is_subheading(line: Line) -> bool:
    """Given a line, return whether it is a sub-heading like 사업개요 or 향후계획
    (a short Hangul word, usually after a private-use glyph)."""
    return bool(_SUBHEADING.match(collapse_spacing(line.text)))


def find_project_sections(doc: Document) -> list[ProjectSection]:
    """Given the document, return §Ⅲ's project sections in order: a heading is a
    number and a title (``1  스마트도시 정책연구``), numbered upward."""
    span = doc.span("projects")
    if not span:
        return []
    lo, hi = span
    found: list[ProjectSection] = []
    last = 0
    for idx in range(lo, hi):
        line = doc.lines[idx]
        m = _HEADING.match(line.text)
        if not m or not line.raw.strip()[: len(m[1])].isdigit():
            continue
        no = int(m[1])
        # Numbers climb one by one; a skipped project or two is tolerated.
        if not (last < no <= last + 3):
            continue
        if _is_value_row(m[2]):
            continue
        found.append(ProjectSection(no, m[2].strip(), idx, hi, line.no))
        last = no
    for cur, nxt in zip(found, found[1:]):
        cur.end = nxt.start
    return found


def _is_value_row(rest: str) -> bool:
    from sdfkit.parse.numbers import is_value_token

    tokens = rest.split()
    return len(tokens) > 1 and sum(is_value_token(t) for t in tokens) >= len(tokens) - 1


def read_toc(
    doc: Document, first_heading: int
) -> tuple[dict[int, tuple[int, str]], dict[int, list[str]]]:
    """Given the document and the index of the first project heading, return §Ⅲ's
    contents: strategy number and title per project, and every listed name."""
    strategies: dict[int, tuple[int, str]] = {}
    names: dict[int, list[str]] = {}
    span = doc.span("projects")
    if not span:
        return strategies, names
    current: tuple[int, str] | None = None
    for idx in range(span[0], first_heading):
        text = doc.lines[idx].text
        m = _CIRCLED.match(text)
        if m:
            no = ord(m[1]) - 0x2460 + 1
            names.setdefault(no, []).append(m[2].strip())
            if current and no not in strategies:
                strategies[no] = current
            continue
        m = _TOC_STRATEGY.match(text)
        if m and not doc.lines[idx].raw.startswith((" ", "\u3000")):
            current = (int(m[1]), m[2].strip())
    return strategies, names


def read_goal(doc: Document, section: ProjectSection) -> str | None:
    """Given a project section, return its goal: the lines between the heading and
    the first sub-heading, joined."""
    parts = []
    for line in doc.lines[section.start + 1 : section.end]:
        if not line.text:
            continue
        if is_subheading(line) or line.text.startswith(("○", "□", "※")):
            break
        parts.append(line.text)
    return " ".join(parts) or None


def read_teams(doc: Document) -> list[tuple[str, str, int]]:
    """Given the document, return §Ⅰ's team duties as (team, duty, line): a team
    name, then its duties as ``･``-bulleted, comma-separated phrases."""
    span = doc.span("general")
    if not span:
        return []
    duties: list[tuple[str, str, int]] = []
    team: str | None = None
    started = False
    for line in doc.lines[span[0] : span[1]]:
        text = line.text
        key = text.replace(" ", "")
        if not started:
            started = "담당업무" in key
            continue
        if not text:
            continue
        if not text.startswith("·") and (
            "주요업무" in key or "예산현황" in key or key.startswith(("구분", "○"))
        ):
            break
        head, sep, rest = text.partition("·") if not text.startswith("·") else ("", "·", text[1:])
        if head.strip():
            candidate = collapse_spacing(head.strip())
            if len(candidate.replace(" ", "")) > 15:
                continue
            team = candidate.replace(" ", "")
        if team and sep:
            for phrase in rest.split(","):
                phrase = re.sub(r"\s*등$", "", phrase.strip())
                if phrase:
                    duties.append((team, phrase, line.no))
    return duties


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
    for suffix in ("사업", "운영"):
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


def load_aliases(path: Path | None) -> dict[str, int | None]:
    """Given the alias CSV (name, project_no, note), return name key → project_no
    (None: the name belongs to no project)."""
    if path is None or not Path(path).is_file():
        return {}
    aliases: dict[str, int | None] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name = (row.get("name") or "").strip()
            if not name:
                continue
            raw = (row.get("project_no") or "").strip()
            aliases[name_key(name)] = int(raw) if raw.isdigit() else None
    return aliases


def read_projects(
    doc: Document,
    sections: list[ProjectSection],
    budget_labels: dict[int, list[str]],
    aliases: dict[str, int | None],
) -> tuple[pd.DataFrame, Matcher]:
    """Given the document, its project sections, each project's budget-table labels
    and the aliases, return the projects table and a matcher for names."""
    if not doc.span("projects"):
        doc.missing_section("projects", "projects")
    elif not sections:
        doc.note("table_missing", "projects", "No project heading was found in §Ⅲ.", "error")
    first = sections[0].start if sections else (doc.span("projects") or (0, 0))[1]
    strategies, toc_names = read_toc(doc, first)
    variants: dict[int, set[str]] = {}
    for s in sections:
        variants[s.no] = {s.title, *toc_names.get(s.no, []), *budget_labels.get(s.no, [])}
    matcher = Matcher(variants, aliases)
    teams = _assign_teams(doc, sections, matcher)
    records = []
    for s in sections:
        strategy = strategies.get(s.no)
        records.append(
            {
                "project_no": s.no,
                "title": s.title,
                "strategy_no": strategy[0] if strategy else None,
                "strategy": strategy[1] if strategy else None,
                "goal": read_goal(doc, s),
                "team": teams.get(s.no),
                "line": s.line,
            }
        )
        if not strategy and strategies:
            doc.note(
                "strategy_missing",
                "projects",
                f"Project {s.no} is not listed under a strategy in §Ⅲ's contents.",
                project_no=s.no,
                line=s.line,
            )
    frame = new_frame(records, "projects")
    return frame, matcher


def _assign_teams(
    doc: Document, sections: list[ProjectSection], matcher: Matcher
) -> dict[int, str]:
    duties = read_teams(doc)
    if not duties:
        if doc.span("general"):
            doc.note(
                "teams_missing", "projects", "§Ⅰ's team duties (팀별 담당업무) were not found."
            )
        return {}
    teams: dict[int, str] = {}
    for s in sections:
        scored: dict[str, float] = {}
        for team, phrase, _line in duties:
            alias = matcher.aliases.get(name_key(phrase), -1)
            if alias == s.no:
                scored[team] = 2.0
                continue
            score = max(
                bigram_similarity(name_key(phrase), name_key(v)) for v in matcher.variants[s.no]
            )
            scored[team] = max(scored.get(team, 0.0), score)
        ranked = sorted(scored.items(), key=lambda kv: kv[1], reverse=True)
        if (
            ranked
            and ranked[0][1] >= MIN_SIMILARITY
            and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= MARGIN)
        ):
            teams[s.no] = ranked[0][0]
        else:
            doc.note(
                "name_unmatched",
                "projects",
                f"No team's duties in §Ⅰ clearly name project {s.no} '{s.title}'; "
                "add a duty phrase to data/aliases.csv to settle it.",
                project_no=s.no,
                line=s.line,
            )
    return teams


def link_lines(
    doc: Document, table: str, frame: pd.DataFrame, matcher: Matcher, category_keys: set[str]
) -> pd.DataFrame:
    """Given a §Ⅳ table, return it with ``project_no`` set on every program line that
    names a current project; category rows (those also in §Ⅰ's summary), totals and
    rows with children are not program lines."""
    frame = frame.copy()
    parents = set(frame["parent"].dropna())
    numbers = []
    for item, line, budget in zip(frame["item"], frame["line"], frame["budget"]):
        key = name_key(item)
        if item in parents or key in category_keys or item.replace(" ", "") in TOTAL_LABELS:
            numbers.append(None)
            continue
        no, how = matcher.match(item)
        numbers.append(no)
        if no is None:
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
