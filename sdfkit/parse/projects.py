"""Projects: §Ⅲ's project sections, their strategies, goals and teams.

§Ⅲ numbers the projects (in one of the genre's numbering schemes), confirmed against
§Ⅱ's and §Ⅲ's lists of projects. How rows elsewhere are linked to a project by name
is linking.py's concern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from sdfkit.dictionary import new_frame
from sdfkit.parse.document import Document
from sdfkit.parse.genre import (
    CIRCLED,
    DUTY_BULLETS,
    HANGUL_ORDER,
    MARGIN,
    MIN_SIMILARITY,
    NUMBERING,
    STRATEGY_LINE,
    SUBHEADING,
    TEAM_DUTIES_END,
    TEAM_DUTIES_START,
)
from sdfkit.parse.linking import Matcher, bigram_similarity
from sdfkit.parse.tables import starts_header
from sdfkit.read.text import Line, collapse_spacing, name_key

# "1  스마트도시 정책연구", "1-1 …", "(1) …", "① …", "가. …": the numbering schemes
# of project headings, the strategy line of §Ⅲ's contents ("1. 전략"), its entries.
_TOC_STRATEGY = re.compile(r"^(\d{1,2})\s*\.\s*(\S.*)$")
_CIRCLED = re.compile(rf"^([{CIRCLED}])\s*(\S.*)$")
_LISTED = NUMBERING["dot"]
# A project heading is followed by its body: bullets, notes, sub-headings, a table.
# A contents entry is followed by other entries only.
_BODY_MARKS = ("○", "※", "□")


@dataclass
class ProjectSection:
    """One project's section of §Ⅲ: number, heading title, line range, and the
    strategy its numbering names (``2-1``: strategy 2), if any."""

    no: int
    title: str
    start: int  # index of the heading line
    end: int
    line: int
    names: set[str] = field(default_factory=set)
    strategy_no: int | None = None


def is_subheading(line: Line) -> bool:
    """Given a line, return whether it is a sub-heading like 사업개요 or 향후계획
    (a short Hangul word, usually after a private-use glyph)."""
    return bool(SUBHEADING.match(collapse_spacing(line.text)))


@dataclass
class _Candidate:
    idx: int
    group: int | None  # the strategy number of a 1-1 heading
    number: int  # the project's number as printed (가 = 1, ① = 1)
    title: str


def _candidates(doc: Document, lo: int, hi: int, scheme: str) -> list[_Candidate]:
    pattern = NUMBERING[scheme]
    out = []
    for idx in range(lo, hi):
        line = doc.lines[idx]
        m = pattern.match(line.text)
        if not m or _is_value_row(m["title"]) or not line.raw.strip():
            continue
        raw = m["no"]
        if scheme == "circled":
            number = CIRCLED.index(raw) + 1
        elif scheme == "hangul":
            number = HANGUL_ORDER.index(raw) + 1
        else:
            number = int(raw)
        group = int(m["group"]) if scheme == "dash" else None
        out.append(_Candidate(idx, group, number, m["title"].strip()))
    return out


def _has_body(doc: Document, start: int, end: int) -> bool:
    """Given a candidate heading's index and the next candidate's, return whether a
    project's body stands between them (a bullet, a note, a glyph heading, a table)."""
    for line in doc.lines[start + 1 : end]:
        if line.glyph or line.text.startswith(_BODY_MARKS) or starts_header(line):
            return True
    return False


def _climb(cands: list[_Candidate], scheme: str) -> list[_Candidate]:
    """Given candidate headings in order, return those whose numbers climb one by one
    (a skipped project or two tolerated); ``1-1`` numbers climb within a strategy and
    start again at the next one."""
    chosen: list[_Candidate] = []
    for c in cands:
        if not chosen:
            ok = c.number <= 3 and (c.group is None or c.group <= 3)
        elif scheme == "dash":
            last = chosen[-1]
            ok = (c.group == last.group and last.number < c.number <= last.number + 3) or (
                last.group < c.group <= last.group + 2 and c.number <= 3
            )
        else:
            ok = chosen[-1].number < c.number <= chosen[-1].number + 3
        if ok:
            chosen.append(c)
    return chosen


def _names_match(title: str, names: list[str]) -> bool:
    key = name_key(title)
    return any(bigram_similarity(key, name_key(n)) >= MIN_SIMILARITY for n in names if name_key(n))


def find_project_sections(doc: Document) -> list[ProjectSection]:
    """Given the document, return §Ⅲ's project sections in order. A heading is a
    number in one of the genre's schemes (``1``, ``1.``, ``1-1``, ``(1)``, ``①``,
    ``가.``) and a title, followed by a project's body, numbered upward; the scheme
    chosen is the one whose headings best match the projects §Ⅱ and §Ⅲ's contents
    list (every project once, in order), then the one with most headings."""
    if "project_sections" not in doc.cache:
        doc.cache["project_sections"] = _find_project_sections(doc)
    # Each caller may set a section's end or names: a copy of the list and sections.
    return [replace(s) for s in doc.cache["project_sections"]]


def _find_project_sections(doc: Document) -> list[ProjectSection]:
    span = doc.span("projects")
    if not span:
        return []
    lo, hi = span
    listed = [n for names in listed_projects(doc).values() for n in names]
    listed += [m[2] for line in doc.lines[lo:hi] if (m := _CIRCLED.match(line.text))]
    best: tuple[tuple, str, list[_Candidate]] | None = None
    for rank, scheme in enumerate(NUMBERING):
        cands = _candidates(doc, lo, hi, scheme)
        bounds = [c.idx for c in cands[1:]] + [hi]
        cands = [c for c, end in zip(cands, bounds) if _has_body(doc, c.idx, end)]
        chosen = _climb(cands, scheme)
        if not chosen:
            continue
        matched = sum(_names_match(c.title, listed) for c in chosen) if listed else 0
        score = (matched, len(chosen), -rank)
        if best is None or score > best[0]:
            best = (score, scheme, chosen)
    if best is None:
        return []
    _score, scheme, chosen = best
    # Numbers that restart per strategy (1-1, 2-1) or are letters are counted in order.
    sequential = scheme in ("dash", "hangul")
    found = [
        ProjectSection(
            pos + 1 if sequential else c.number,
            c.title,
            c.idx,
            hi,
            doc.lines[c.idx].no,
            strategy_no=c.group,
        )
        for pos, c in enumerate(chosen)
    ]
    for cur, nxt in zip(found, found[1:]):
        cur.end = nxt.start
    return found


def _is_value_row(rest: str) -> bool:
    from sdfkit.parse.numbers import is_value_token

    tokens = rest.split()
    return len(tokens) > 1 and sum(is_value_token(t) for t in tokens) >= len(tokens) - 1


def listed_projects(doc: Document) -> dict[int, list[str]]:
    """Given the document, return §Ⅱ's list of projects: number -> names (a name may
    wrap onto the next line)."""
    return _strategy_list(doc)[1]


def _strategy_list(
    doc: Document,
) -> tuple[dict[int, tuple[int, str]], dict[int, list[str]], dict[int, str]]:
    """Given the document, return what §Ⅱ says of strategies and projects: each listed
    project's strategy (when the list is grouped under its strategies), each
    project's names, and each strategy's title."""
    span = doc.span("strategy")
    by_project: dict[int, tuple[int, str]] = {}
    names: dict[int, list[str]] = {}
    titles: dict[int, str] = {}
    if not span:
        return by_project, names, titles
    current: tuple[int, str] | None = None
    started = False
    last: int | None = None  # the entry the previous line was, for wrapped names
    for line in doc.lines[span[0] : span[1]]:
        text = line.text
        if not text:
            last = None
            continue
        m = STRATEGY_LINE.match(text)
        if m:
            started = True
            no = CIRCLED.index(m["circled"]) + 1 if m["circled"] else int(m["no"])
            title = m["title"].strip()
            # "전략① 전략② 전략③": the list's column heads, no strategy's title.
            if title and not STRATEGY_LINE.match(title):
                titles.setdefault(no, title)
                current = (no, title)
            else:
                current = None
            last = None
            continue
        m = _LISTED.match(text)
        if m and started:
            no = int(m["no"])
            names.setdefault(no, []).append(m["title"].strip())
            if current:
                by_project.setdefault(no, current)
            last = no
            continue
        if last is not None and not text.startswith(("가.", "나.", "다.")):
            names[last][-1] = f"{names[last][-1]} {text}"
            continue
        last = None
    return by_project, names, titles


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
            no = CIRCLED.index(m[1]) + 1
            names.setdefault(no, []).append(m[2].strip())
            if current and no not in strategies:
                strategies[no] = current
            continue
        m = _TOC_STRATEGY.match(text)
        if m and not doc.lines[idx].raw.startswith((" ", "\u3000")):
            current = (int(m[1]), m[2].strip())
    return strategies, names


def project_strategies(
    doc: Document, sections: list[ProjectSection], first_heading: int
) -> tuple[dict[int, tuple[int, str]], dict[int, list[str]]]:
    """Given the project sections, return each project's strategy (number, title)
    and the names it is listed under: from §Ⅲ's contents list, else from §Ⅱ's list
    grouped by strategy, else from a ``2-1`` heading's strategy number and §Ⅱ's
    title of that strategy."""
    toc, toc_names = read_toc(doc, first_heading)
    listed, listed_names, titles = _strategy_list(doc)
    strategies: dict[int, tuple[int, str]] = {}
    for s in sections:
        if s.no in toc:
            strategies[s.no] = toc[s.no]
        elif s.no in listed:
            strategies[s.no] = listed[s.no]
        elif s.strategy_no is not None:
            strategies[s.no] = (s.strategy_no, titles.get(s.strategy_no))
    names = {
        no: [*toc_names.get(no, []), *listed_names.get(no, [])]
        for no in {*toc_names, *listed_names}
    }
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
    name, then its duties as bulleted (``･``, ``-``, ``◦``, ``•``), comma-separated
    phrases, on its line or the lines below."""
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
            started = TEAM_DUTIES_START in key
            continue
        if not text:
            continue
        if not text.startswith(tuple(DUTY_BULLETS)) and (
            any(cue in key for cue in TEAM_DUTIES_END) or key.startswith(("구분", "○"))
        ):
            break
        head, sep, rest = _split_duty(text)
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


def _split_duty(text: str) -> tuple[str, str, str]:
    """Given a line of the team duties, return (team name part, bullet, duties): the
    bullet starts the line, or follows the team's name (``기획팀 ･ 경영기획``)."""
    if text[0] in DUTY_BULLETS:
        return "", text[0], text[1:]
    spaced = re.search(rf"\s([{re.escape(DUTY_BULLETS)}])\s", text)
    if "·" in text and (spaced is None or text.index("·") < spaced.start()):
        return text.partition("·")
    if spaced:
        return text[: spaced.start()], spaced[1], text[spaced.end() :]
    return text, "", ""


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
    strategies, toc_names = project_strategies(doc, sections, first)
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
