"""The genre's vocabulary, in one place: how the council's template is worded across
the institutions that answer it.

Some twenty-five institutions fill in the same template, each in its own hand: one
heads a section ``Ⅰ. 일반현황``, another ``Ⅰ 기관 일반현황`` or ``제1장 기관현황``; one
calls the current budget 예산현액, another 예산액 or 현액. The parser finds structure
(headings by their numerals and order, tables by their shape, projects by their
numbering) and names what it found through the synonyms below. Adding a synonym
here is how the parser learns an institution's wording (see data/README.md,
"Genre vocabulary"); nothing here is a figure or a name of any one report.
"""

from __future__ import annotations

import re

from sdfkit.dictionary.units import UNIT_WON

# --- Sections ---------------------------------------------------------------------

# The template's five sections, in order; a section's numeral is its place here.
SECTION_ORDER = ("general", "strategy", "projects", "budget", "audit")
# Words a section's title holds, per kind, tried in this order (the audit title also
# names budget-like words, the budget title 현황, so the most specific go first).
SECTION_KINDS: dict[str, tuple[str, ...]] = {
    "audit": ("행정사무감사", "처리결과", "조치현황", "감사결과"),
    "general": ("일반현황", "기관현황", "기관개요", "조직현황"),
    "strategy": ("정책목표", "추진전략", "경영목표", "경영전략"),
    "projects": ("업무계획", "주요업무", "사업계획", "추진계획", "주요사업"),
    "budget": ("세부현황", "세입", "세출", "예산", "집행현황"),
}
SECTION_NAMES = {
    "general": "Ⅰ 일반현황",
    "strategy": "Ⅱ 정책목표 및 추진전략",
    "projects": "Ⅲ 주요 업무계획",
    "budget": "Ⅳ 세입·세출예산 세부현황",
    "audit": "Ⅴ 행정사무감사 처리결과",
}
# Section numerals as printed: Roman numeral characters, Latin letters, 제N장.
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
LATIN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# A section heading: a numeral in any of its spellings, optional punctuation, the title.
SECTION_HEADING = re.compile(
    rf"^(?P<numeral>[{ROMAN}]|(?:X|IX|VI{{0,3}}|IV|I{{1,3}})(?=[\s.·)])|제\s*(?P<chapter>[1-9])\s*장)"
    r"\s*[.·)]?\s*(?P<title>\S.*)$"
)


def numeral_value(numeral: str) -> int:
    """Given a section numeral as printed (``Ⅲ``, ``III``, ``제3장``), return its number."""
    numeral = numeral.strip()
    if numeral in ROMAN:
        return ROMAN.index(numeral) + 1
    if numeral in LATIN:
        return LATIN.index(numeral) + 1
    m = re.fullmatch(r"제\s*([1-9])\s*장", numeral)
    return int(m[1]) if m else 0


# --- Tables -----------------------------------------------------------------------

# Column headers: each word of a header band, and the contract column (or role) it
# names. A line made only of header words (and years) continues a header.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "label": ("구분", "사업명", "항목", "과목", "세부사업"),
    "budget": ("예산현액", "예산액", "현액", "예산", "당초예산", "본예산", "추경예산"),
    "prior_budget": ("최종예산", "전년도예산"),
    "change": ("증감액", "증감"),
    "change_pct": ("증감률", "증감율"),
    "executed": ("집행액", "집행현황", "집행"),
    "collected": ("징수액", "징수현황", "수납액"),
    "collected_pct": ("징수율", "징수률", "수납률"),
    "committed": ("원인행위", "계약액", "집행(원인)", "원인"),
    "spent": ("지출액", "지출"),
    "rate": ("집행률", "률", "율"),
    "expected": ("예상액", "집행예상액", "집행예상", "연말", "년말", "말"),
    "remaining": ("집행잔액", "잔액", "미집행액"),
    # Columns the contract does not have: read and kept aside, never shifting the others.
    "carryover": ("이월액",),
    "note": ("비고",),
    # The audit summary's status columns.
    "status": ("계", "완료", "추진", "중", "검토", "미반영", "추진중", "검토중", "합계"),
    "other": ("대비", "결산"),
}
HEADER_WORDS = frozenset(w for words in COLUMN_SYNONYMS.values() for w in words)
# A header band's first word.
HEADER_START = COLUMN_SYNONYMS["label"][:2]
# A label that stands for the whole table.
TOTAL_LABELS = frozenset({"계", "합계", "총계", "총괄"})
# Lines that open prose, notes or headings: a table never continues past them.
PROSE_MARKS = tuple("○□※*◦•▶➡◆■●◎-§<>[")
# The number of values each kind of table's rows carry (before extra columns).
TABLE_WIDTH = {
    "expenditure_summary": 6,
    "revenue_summary": 6,
    "expenditure_detail": 4,
    "project_budget": 7,
    "audit_summary": None,  # empty cells are simply missing from the text
}


def has_column(text: str, column: str) -> bool:
    """Given a header band's words run together, return whether one names ``column``."""
    return any(word in text for word in COLUMN_SYNONYMS[column])


def table_kind(words: list[str]) -> str | None:
    """Given a header band's words, return the kind of table it heads, told by which
    columns it names (not by their exact wording)."""
    text = "".join(words)
    if has_column(text, "committed") and has_column(text, "spent"):
        return "project_budget"
    if has_column(text, "remaining"):
        return "expenditure_detail"
    if "징수" in text or "수납" in text:
        return "revenue_summary"
    if "집행" in text and (has_column(text, "prior_budget") or "증감" in text):
        return "expenditure_summary"
    if "완료" in text and ("추진" in text or "미반영" in text or "검토" in text):
        return "audit_summary"
    return None


# --- Units ------------------------------------------------------------------------

# Units of amounts and their size in won; a table's unit line says which it uses.
UNITS = UNIT_WON  # the money units a table may be printed in, by their worth in won
UNIT_LINE = re.compile(r"단위\s*:\s*([^,)]+)")

# --- Projects ---------------------------------------------------------------------

# How §Ⅲ numbers its projects: scheme -> pattern of a heading (number, title).
CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①…⑳
HANGUL_ORDER = "가나다라마바사아자차카타파하"
NUMBERING: dict[str, re.Pattern] = {
    "plain": re.compile(r"^(?P<no>\d{1,2})\s+(?P<title>[^\d\s].*)$"),
    "dot": re.compile(r"^(?P<no>\d{1,2})\s*\.\s*(?P<title>[^\d\s].*)$"),
    "dash": re.compile(r"^(?P<group>\d{1,2})\s*-\s*(?P<no>\d{1,2})\s*\.?\s+(?P<title>\S.*)$"),
    "paren": re.compile(r"^\(\s*(?P<no>\d{1,2})\s*\)\s*(?P<title>\S.*)$"),
    "circled": re.compile(rf"^(?P<no>[{CIRCLED}])\s*(?P<title>\S.*)$"),
    "hangul": re.compile(rf"^(?P<no>[{HANGUL_ORDER}])\s*\.\s*(?P<title>\S.*)$"),
}
# §Ⅱ's strategies: 전략① title, 전략 1. title, 추진전략 1 title.
STRATEGY_LINE = re.compile(
    rf"^(?:추진)?전략\s*(?:(?P<circled>[{CIRCLED}])|(?P<no>\d{{1,2}})\s*[.)]?)\s*(?P<title>.*)$"
)
# Sub-headings of a project section: a short Hangul word (사업개요, 추진실적, 향후계획…).
SUBHEADING = re.compile(r"^[가-힣]{2,10}$")
# Suffixes a project's name is also known without (디지털 격차해소 사업 = 디지털 격차해소).
NAME_SUFFIXES = ("사업", "운영")
# Fuzzy name matching: a name is linked when its similarity to a project's name is
# at least MIN_SIMILARITY and beats every other project by MARGIN.
MIN_SIMILARITY = 0.6
MARGIN = 0.1
# Cues in the text: §Ⅰ's team duties start after the first, end at the others; a
# project's dated plans are under a sub-heading naming the plan word, and end at a
# budget table's title or an attachment.
TEAM_DUTIES_START = "담당업무"
# Bullets of a team's duties (･ is read as ·).
DUTY_BULLETS = "·-◦•"
TEAM_DUTIES_END = ("주요업무", "예산현황")
PLAN_WORD = "계획"
PLAN_END = ("예산집행", "붙임")
# Suffixes of the names of city-funded institutions (재단, 공사, 공단, …).
INSTITUTION_SUFFIXES = ("재단", "공사", "공단", "연구원", "진흥원", "문화회관")

# --- §Ⅴ: the audit follow-up -------------------------------------------------------

STATUSES = ("완료", "추진 중", "검토 중", "미반영")
# Printed status words, by normalised status (checked in this order).
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "미반영": ("미반영", "불수용", "불가"),
    "완료": ("완료",),
    "검토 중": ("검토",),
    "추진 중": ("추진", "진행"),
}
# The labels of an item's blocks, whatever their marker (□, ①, ■ …): the demand, its
# status (``label : status``), what was done, what is planned.
AUDIT_DEMAND_LABELS = ("요구사항", "지적사항", "요구내용", "지적내용")
AUDIT_STATUS_LABELS = ("추진상황", "처리결과", "처리상황", "진행상황", "조치상황")
AUDIT_ACTION_LABELS = ("추진내용", "조치결과", "조치내용", "처리내용", "추진실적")
AUDIT_PLAN_LABELS = ("향후계획", "추진계획", "향후추진계획", "향후조치계획")
AUDIT_MARKERS = "□■▢◇◆" + CIRCLED
# Category titles in §Ⅴ: a short line ending in 사항, or one of these words.
AUDIT_CATEGORY_WORDS = ("사항", "시정요구", "처리요구", "기타", "자료제출")
# A page header repeated atop every page of the items names the result column.
AUDIT_PAGE_HEADER = ("조치결과", "추진계획")
