"""Finding the report's sections (Ⅰ–Ⅴ) by their headings, not by position.

Each section is recognised by what its title says (일반현황, 업무계획, …), so a
report that numbers its sections differently, or lacks one, is still read.
"""

from __future__ import annotations

from dataclasses import dataclass

from sdfkit.parse.genre import (  # noqa: F401 - SECTION_NAMES is part of this module's API
    ROMAN,
    SECTION_HEADING,
    SECTION_KINDS,
    SECTION_NAMES,
    SECTION_ORDER,
    numeral_value,
)
from sdfkit.read.text import Line, collapse_spacing

# How far above its heading a section's cover page (its numeral alone) may stand.
_COVER_REACH = 10


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
        m = SECTION_HEADING.match(line.text)
        if not m:
            continue
        numeral = m["numeral"] or line.text[: m.start("title")].strip(" .·)")
        cover = _cover(lines, idx, numeral)
        kind = section_kind(m["title"])
        if kind is None and cover is not None and m["numeral"] not in ("I", "V", "X"):
            # A title in none of the genre's wordings, but a heading all the same (its
            # numeral stands alone on the cover page above): the numeral says which.
            number = numeral_value(numeral)
            kind = SECTION_ORDER[number - 1] if 0 < number <= len(SECTION_ORDER) else None
        if kind is None:
            continue
        kept = kind not in seen
        seen.add(kind)
        start = cover if cover is not None else idx
        headings.append((start, kind, numeral, m["title"].strip(), line.no, kept))
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


def _cover(lines: list[Line], idx: int, numeral: str) -> int | None:
    """Given a heading's index and numeral, return the index of its cover page (the
    numeral alone on a line just above), or None."""
    for back in range(idx - 1, max(idx - _COVER_REACH, -1), -1):
        if lines[back].text == numeral:
            return back
    return None
