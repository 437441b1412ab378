"""Finding the report's sections (Ⅰ–Ⅴ) by their headings, not by position.

Each section is recognised by what its title says (일반현황, 업무계획, …), so a
report that numbers its sections differently, or lacks one, is still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sdfkit.read.text import Line, collapse_spacing

ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
_HEADING = re.compile(rf"^([{ROMAN}])\s*[.·]\s*(\S.*)$")
_BARE = re.compile(rf"^([{ROMAN}])$")

# What each section is called in the genre, in the order the checks are tried
# (the audit title also names a year and "처리결과", so it goes first).
SECTION_KINDS: dict[str, tuple[str, ...]] = {
    "audit": ("행정사무감사", "처리결과"),
    "general": ("일반현황",),
    "strategy": ("정책목표", "추진전략"),
    "projects": ("업무계획", "주요업무"),
    "budget": ("세부현황", "세입", "세출"),
}
SECTION_NAMES = {
    "general": "Ⅰ 일반현황",
    "strategy": "Ⅱ 정책목표 및 추진전략",
    "projects": "Ⅲ 주요 업무계획",
    "budget": "Ⅳ 세입·세출예산 세부현황",
    "audit": "Ⅴ 행정사무감사 처리결과",
}


@dataclass(frozen=True)
class Section:
    """A section: its kind, numeral and title, and the half-open range of line
    indexes (0-based into the report's lines) it spans."""

    kind: str
    numeral: str
    title: str
    start: int
    end: int
    heading_line: int  # 1-based line of the "Ⅰ. title" heading


def section_kind(title: str) -> str | None:
    """Given a section title, return its kind (general, strategy, projects, budget,
    audit), or None when the title is not one of the genre's."""
    key = collapse_spacing(title).replace(" ", "")
    for kind, words in SECTION_KINDS.items():
        if any(w in key for w in words):
            return kind
    return None


def find_sections(lines: list[Line]) -> tuple[list[Section], list[str]]:
    """Given the report's lines, return its sections in order and notes on
    duplicated headings. A section runs from its cover page (a bare numeral just
    before the heading) to the next section's start.

    The first heading of each kind is kept. A second one of the kind of the section
    it stands in is a running page header: the section goes on. A second one of
    another kind (``Ⅰ. 일반현황`` again inside §Ⅴ: the report repeated, or another
    one appended) ends the section it stands in, and what follows it is not read
    until the next kept section; else one section would swallow every copy."""
    headings: list[tuple[int, str, str, str, int, bool]] = []
    seen: set[str] = set()
    for idx, line in enumerate(lines):
        m = _HEADING.match(line.text)
        if not m:
            continue
        kind = section_kind(m[2])
        if kind is None:
            continue
        kept = kind not in seen
        seen.add(kind)
        start = idx
        # The cover page ("Ⅰ" alone, then the title) belongs to the section too.
        for back in range(idx - 1, max(idx - 10, -1), -1):
            if _BARE.match(lines[back].text) and lines[back].text == m[1]:
                start = back
                break
        headings.append((start, kind, m[1], m[2].strip(), line.no, kept))
    headings.sort()
    # The headings where a section (kept, or a repeated one that is not read) starts.
    bounds = []
    notes: list[str] = []
    current = None
    for heading in headings:
        kind, line_no, kept = heading[1], heading[4], heading[5]
        if not kept:
            ends = kind != current
            notes.append(
                f"line {line_no}: a second '{kind}' section heading was ignored"
                + ("; the text from it to the next section is not read" if ends else "")
            )
            if not ends:
                continue
        bounds.append(heading)
        current = kind
    sections = []
    for pos, (start, kind, numeral, title, heading_line, kept) in enumerate(bounds):
        if not kept:
            continue
        end = bounds[pos + 1][0] if pos + 1 < len(bounds) else len(lines)
        sections.append(Section(kind, numeral, title, start, end, heading_line))
    return sections, notes
