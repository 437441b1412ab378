"""Report metadata read from the document: institution, years, as-of date, unit."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date

from sdfkit.parse import dates
from sdfkit.parse.document import Document
from sdfkit.parse.genre import INSTITUTION_SUFFIXES, UNIT_LINE
from sdfkit.parse.tables import find_headers
from sdfkit.read.text import collapse_spacing

META_KEYS = [
    "institution",  # 기관명, as the report names itself
    "fiscal_year",  # the budget year the report is about (예산현액's year)
    "prior_year",  # the year compared against (최종예산's year, last year's audit)
    "as_of",  # 기준일: the date most of the report's figures are stated at
    "unit",  # 단위 of amounts, e.g. 천원
    "source_file",
    "source_sha256",
]
_PAREN_LINE = re.compile(r"^\(([^()]{2,40})\)$")
# Suffixes of the names of city-funded institutions (재단, 공사, 공단, …).
# At most 20 letters before the suffix: unbounded, a long run of Hangul without one
# was rescanned from every letter (quadratic); no institution's name is that long.
_INSTITUTION = re.compile(rf"([가-힣]{{2,20}}(?:{'|'.join(INSTITUTION_SUFFIXES)}))")
# Outside §Ⅴ a name is only taken when the text repeats it this often: a partner
# named once is not the reporting institution.
_MIN_MENTIONS = 3


def read_meta(doc: Document, data: bytes) -> dict:
    """Given the document and its bytes, return the metadata dict (META_KEYS)."""
    fiscal, prior = _years(doc)
    as_of = _as_of(doc, fiscal)
    if fiscal is None and as_of is not None:
        fiscal = as_of.year
    if prior is None and fiscal is not None:
        prior = fiscal - 1
    if fiscal is None:
        doc.note("meta_missing", "meta", "The report's fiscal year could not be found.", "error")
    if as_of is None:
        doc.note("meta_missing", "meta", "The report's as-of date (기준) could not be found.")
    institution = _institution(doc)
    if institution is None:
        doc.note("meta_missing", "meta", "The institution's name could not be found.")
    doc.fiscal_year = fiscal
    return {
        "institution": institution,
        "fiscal_year": fiscal,
        "prior_year": prior,
        "as_of": as_of.isoformat() if as_of else None,
        "unit": _unit(doc),
        "source_file": doc.path.name,
        "source_sha256": hashlib.sha256(data).hexdigest(),
    }


def _years(doc: Document) -> tuple[int | None, int | None]:
    # The summary tables' headers name both years: "2020 예산현액", "2019 최종예산".
    fiscal = prior = None
    for kind in ("general", "budget"):
        span = doc.span(kind)
        if not span:
            continue
        for header in find_headers(doc.lines, *span):
            for pos, word in enumerate(header.words[1:], start=1):
                years = dates.find_years(header.words[pos - 1])
                if not years:
                    continue
                if "예산현액" in word and fiscal is None:
                    fiscal = years[-1]
                if "최종예산" in word and prior is None:
                    prior = years[-1]
    # Section titles name them too: "2020 세입·세출예산 세부현황", "2019 행정사무감사".
    for kind in ("budget", "audit"):
        section = doc.sections.get(kind)
        years = dates.find_years(section.title) if section else []
        if years and kind == "budget" and fiscal is None:
            fiscal = years[0]
        if years and kind == "audit" and prior is None:
            prior = years[0]
    return fiscal, prior


def _as_of(doc: Document, fiscal: int | None) -> date | None:
    # The date stated with "기준" most often; the first one wins a tie.
    found: list[date] = []
    for line in doc.lines:
        if "기준" in line.text:
            d = dates.find_as_of(line.text, fiscal)
            if d:
                found.append(d)
    if not found:
        return None
    counts = Counter(found)
    top = max(counts.values())
    return next(d for d in found if counts[d] == top)


def _institution(doc: Document) -> str | None:
    section = doc.sections.get("audit")
    if section:
        # The audit section names the institution on its own line under the heading…
        heading = section.heading_line - 1
        for line in doc.lines[heading + 1 : min(heading + 6, section.end)]:
            text = line.text
            if text and _INSTITUTION.fullmatch(text.replace(" ", "")):
                return text
        # …and after every demand, in parentheses.
        counts = Counter(
            m[1]
            for line in doc.lines[section.start : section.end]
            if (m := _PAREN_LINE.match(line.text))
        )
        if counts:
            return counts.most_common(1)[0][0]
    counts = Counter(m for line in doc.lines for m in _INSTITUTION.findall(line.text))
    if counts and counts.most_common(1)[0][1] >= _MIN_MENTIONS:
        return counts.most_common(1)[0][0]
    return None


def _unit(doc: Document) -> str | None:
    # The unit most tables state; amounts of tables in another unit are converted to
    # it. Without tables, the first unit line's.
    from sdfkit.parse.coverage import main_unit

    doc.main_unit = main_unit(doc)
    if doc.main_unit:
        return doc.main_unit
    for line in doc.lines:
        m = UNIT_LINE.search(line.text)
        if m:
            return collapse_spacing(m[1]).replace(" ", "").strip()
    return None
