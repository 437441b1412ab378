"""Each project's dated plans (향후계획): what is planned and when."""

from __future__ import annotations

import pandas as pd

from sdfkit.dictionary import new_frame
from sdfkit.parse import dates
from sdfkit.parse.document import Document
from sdfkit.parse.genre import PLAN_END, PLAN_WORD, UNIT_LINE
from sdfkit.parse.projects import ProjectSection, is_subheading
from sdfkit.parse.tables import starts_header

_BULLETS = ("○", "◦", "-", "·", "•")


def plan_lines(doc: Document, section: ProjectSection) -> list:
    """Given a project section, return the lines of its 향후계획 part: from the
    sub-heading that names a plan to the next heading, note block or table."""
    out = []
    inside = False
    lines = doc.lines[section.start + 1 : section.end]
    for pos, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        if is_subheading(line) or line.glyph:
            inside = PLAN_WORD in text
            continue
        if not inside:
            continue
        if PLAN_END[0] in text.replace(" ", "") or text.startswith(PLAN_END[1:]):
            inside = False
            continue
        if UNIT_LINE.search(text) or _header_next(lines, pos):
            # A table's title ends the plans, whatever it says: its unit line, or the
            # line a table header follows. A dateless line just above it is its title.
            if out and out[-1] is _previous(lines, pos) and not split_plan(out[-1].text)[1]:
                out.pop()
            inside = False
            continue
        out.append(line)
    return out


def _previous(lines: list, pos: int):
    return next((line for line in reversed(lines[:pos]) if line.text), None)


def _header_next(lines: list, pos: int) -> bool:
    following = next((line for line in lines[pos + 1 :] if line.text), None)
    return following is not None and starts_header(following)


def split_plan(text: str) -> tuple[str, str]:
    """Given a plan bullet (``○ 도시데이터 수집 : ’20. 9월~11월``), return its text
    and its date part (after the last colon)."""
    body = text.lstrip("".join(_BULLETS)).strip()
    head, sep, tail = body.rpartition(":")
    if sep and head.strip():
        return head.strip(), tail.strip()
    return body, ""


def read_milestones(doc: Document, sections: list[ProjectSection]) -> pd.DataFrame:
    """Given the project sections, return every dated plan as a row."""
    records = []
    for s in sections:
        for line in plan_lines(doc, s):
            text = line.text
            if text.startswith("※"):
                continue  # a note on the plan above, not a plan
            if not text.startswith(_BULLETS) and records and records[-1]["project_no"] == s.no:
                continue  # wrapped continuation of a plan whose date was on its first line
            body, when = split_plan(text)
            start, end = dates.parse_span(when, doc.fiscal_year) if when else (None, None)
            if when and start is None and end is None:
                doc.note(
                    "date_unreadable",
                    "milestones",
                    f"The date '{when}' of a plan of project {s.no} could not be read.",
                    project_no=s.no,
                    line=line.no,
                )
            records.append(
                {"project_no": s.no, "text": body, "start": start, "end": end, "line": line.no}
            )
    frame = new_frame(records, "milestones")
    return frame
