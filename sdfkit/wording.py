"""How findings name things, in Korean and English: tables, columns, places in the
text, amounts, percents, line ranges, and the Korean particle after a word.

The message catalogue (sdfkit/messages/) renders its sentences with these, so
every sentence names a table or a column the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sdfkit.dictionary import AMOUNT_UNIT, TABLE_INFO

LANGUAGES = ("ko", "en")

# The genre's section titles by numeral (the report guide's "Sections").
SECTION_TITLES = {
    "Ⅰ": "일반현황",
    "Ⅱ": "정책목표 및 추진전략",
    "Ⅲ": "주요 업무계획",
    "Ⅳ": "세입·세출예산 세부현황",
    "Ⅴ": "행정사무감사 처리결과",
}
# Each table's section numeral, from the dictionary's titles ("… (§Ⅴ)").
TABLE_SECTION = {
    table: m[1]
    for table, (title, _what) in TABLE_INFO.items()
    if (m := re.search(r"§(\S+)\)", title))
}

# How sentences name each table: (Korean, English).
_TABLE_NAMES = {
    "summary_budget": ("§Ⅰ 총괄", "§Ⅰ budget summary"),
    "projects": ("§Ⅲ 사업 목록", "§Ⅲ projects"),
    "project_budget": ("§Ⅲ 예산집행 현황", "§Ⅲ budget table"),
    "revenue_detail": ("§Ⅳ 세입예산", "§Ⅳ revenue table"),
    "expenditure_detail": ("§Ⅳ 세출예산 집행현황", "§Ⅳ expenditure table"),
    "milestones": ("§Ⅲ 향후계획", "§Ⅲ plans"),
    "audit_summary": ("§Ⅴ 조치내역 총괄표", "§Ⅴ audit summary"),
    "audit_items": ("§Ⅴ 처리결과", "§Ⅴ audit items"),
    "meta": ("보고서 기본 정보", "report's details"),
    "report": ("보고서", "report"),
}
# The English names keep the report's Korean word (as the earlier messages did).
_ENGLISH_KOREAN = {
    "summary_budget": "총괄",
    "project_budget": "예산집행 현황",
    "revenue_detail": "세입예산",
    "expenditure_detail": "세출예산 집행현황",
    "audit_summary": "조치내역",
    "audit_items": "처리결과",
}
_SIDES = {"revenue": ("세입", "revenue"), "expenditure": ("세출", "expenditure")}

# Column names: (Korean, English).
_COLUMNS = {
    "budget": ("예산현액", "budget (예산현액)"),
    "prior_budget": ("전년도 최종예산", "prior-year budget (최종예산)"),
    "change": ("증감액", "change (증감액)"),
    "change_pct": ("증감률", "change rate (증감률)"),
    "collected": ("징수액", "collected amount (징수액)"),
    "collected_pct": ("징수율", "collection rate (징수율)"),
    "remaining": ("집행잔액", "unexecuted balance (집행잔액)"),
    "committed": ("원인행위액", "commitments (원인행위)"),
    "committed_pct": ("원인행위 집행률", "commitment rate (원인행위 집행률)"),
    "expected": ("연말 집행예상액", "expected year-end execution (집행예상액)"),
    "expected_pct": ("예상 집행률", "expected execution rate (예상 집행률)"),
}
# Digits by whether their Korean reading ends in a consonant (영 일 이 삼 …).
_DIGIT_FINAL = dict(zip("0123456789", [1, 1, 0, 1, 0, 0, 1, 1, 1, 0], strict=True))


# --------------------------------------------------------------------------- wording


def josa(word: str, pair: str) -> str:
    """Given a word and a particle pair ``이/가`` (with-consonant/without), return the
    word with the particle its last sound takes (``사업비``+``은/는`` → ``사업비는``)."""
    with_final, without = pair.split("/")
    final = None
    for ch in reversed(word):
        if "가" <= ch <= "힣":
            code = (ord(ch) - 0xAC00) % 28
            # 으로/로: a final ㄹ (code 8) takes 로.
            final = code != 0 and not (with_final == "으로" and code == 8)
            break
        if ch == "%":  # 퍼센트
            final = False
            break
        if ch in _DIGIT_FINAL:
            final = bool(_DIGIT_FINAL[ch]) and not (with_final == "으로" and ch in "178")
            break
        if ch.isalpha():
            final = False
            break
    return word + (with_final if final else without)


def amount(value, lang: str) -> str:
    """Given an amount, return it as the reports print it (``△1,234``), with the
    unit in Korean sentences."""
    n = int(value)
    text = f"△{abs(n):,}" if n < 0 else f"{n:,}"
    return f"{text}{AMOUNT_UNIT}" if lang == "ko" else text


def percent(value, decimals: int) -> str:
    """Given a percent and its decimals, return it as printed (``△21.2%``), rounded
    half up."""
    value = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    unit = Decimal(1).scaleb(-decimals)
    text = f"{abs(value.quantize(unit, rounding=ROUND_HALF_UP)):.{decimals}f}%"
    return f"△{text}" if value < 0 else text


def lines_text(numbers: Iterable[int | None], lang: str) -> str:
    """Given line numbers, return how sentences point at them: ``lines 3–9`` /
    ``3~9행``."""
    found = sorted({int(n) for n in numbers if n is not None})
    if not found:
        return "행 번호 없음" if lang == "ko" else "no line"
    if len(found) == 1:
        return f"{found[0]}행" if lang == "ko" else f"line {found[0]}"
    if lang == "ko":
        return f"{found[0]}~{found[-1]}행"
    return f"lines {found[0]}–{found[-1]}"


def table_name(table: str, lang: str, side: str | None = None, project_no=None) -> str:
    """Given a table (and the summary's side or a project), return its name."""
    ko, en = _TABLE_NAMES.get(table, (TABLE_INFO.get(table, (table,))[0], table))
    if table == "summary_budget" and side in _SIDES:
        ko, en = f"§Ⅰ {_SIDES[side][0]} 총괄", f"§Ⅰ {_SIDES[side][1]} summary"
    if table == "project_budget" and project_no is not None:
        en = f"§Ⅲ budget table of project {project_no}"
    return ko if lang == "ko" else en


def column_name(table: str, column: str, lang: str, side: str | None = None) -> str:
    """Given a table and a column, return how sentences name the column."""
    executed = table == "expenditure_detail" or side == "expenditure"
    in_project = table == "project_budget"
    if column == "actual":
        ko, en = ("집행액", "executed amount") if executed else ("징수액", "collected amount")
    elif column == "actual_pct":
        ko, en = ("집행률", "execution rate") if executed else ("징수율", "collection rate")
    elif column == "spent":
        ko, en = ("지출액", "disbursed amount") if in_project else ("집행액", "executed amount")
    elif column == "spent_pct":
        ko, en = (
            ("지출액 집행률", "disbursement rate") if in_project else ("집행률", "execution rate")
        )
    else:
        return _COLUMNS.get(column, (column, column))[0 if lang == "ko" else 1]
    return ko if lang == "ko" else f"{en} ({ko})"


def place(
    table: str,
    lang: str,
    lines: Iterable[int | None] | None = None,
    side: str | None = None,
    project_no=None,
    as_of: str | None = None,
) -> str:
    """Given a table and lines of it, return how a sentence points there: ``the §Ⅳ
    expenditure table (세출예산 집행현황, line 12, as of YYYY-MM-DD)`` or ``§Ⅳ 세출예산
    집행현황 12행(기준일 YYYY-MM-DD)``."""
    where = lines_text(lines, lang) if lines is not None else None
    if lang == "ko":
        text = table_name(table, lang, side)
        text += f" {where}" if where else ""
        return text + (f"({as_of} 기준)" if as_of else "")
    english = table_name(table, lang, side, project_no)
    korean = _ENGLISH_KOREAN.get(table, "")
    if table == "summary_budget" and side in _SIDES:
        korean = f"{_SIDES[side][0]} 총괄"
    notes = [n for n in (korean, where, f"as of {as_of}" if as_of else None) if n]
    return f"the {english} ({', '.join(notes)})" if notes else f"the {english}"


def project_label(no, title: str | None, lang: str) -> str:
    """Given a project number and title, return how sentences name the project."""
    if lang == "ko":
        return f"사업 {no} '{title}'" if title else f"사업 {no}"
    return f"Project {no} '{title}'" if title else f"Project {no}"


# --------------------------------------------------------------------------- context


class Context(dict):
    """What a template is rendered from: the finding's fields and parameters, and
    derived keys computed on first use: ``where`` (the table and the finding's
    line), ``table_name``, ``section``, ``reported_amount``, ``expected_amount``,
    ``gap_amount``, ``column_name`` (of params ``column``), ``project`` (params
    ``title``), ``lines`` (params ``line_numbers``, else the line), ``detail_lines``
    (a line range in the parser's own English text)."""

    def __init__(self, lang: str, fields: Mapping, params: Mapping, english: str = "") -> None:
        super().__init__({**dict(fields), **dict(params)})
        self.lang = lang
        self.english = english or ""

    def __missing__(self, key: str):
        value = self._derive(key)
        self[key] = value
        return value

    def _derive(self, key: str):
        lang, table, side = self.lang, self.get("table") or "report", self.get("side")
        if key == "where":
            return place(table, lang, [self.get("line")], side, self.get("project_no"))
        if key == "table_name":
            return table_name(table, lang, side)
        if key == "section":
            numeral = TABLE_SECTION.get(table, "")
            return f"§{numeral}({SECTION_TITLES.get(numeral, '')})" if numeral else "보고서"
        if key in ("reported_amount", "expected_amount"):
            return amount(self.get(key.split("_")[0]) or 0, lang)
        if key == "gap_amount":
            return amount(abs((self.get("reported") or 0) - (self.get("expected") or 0)), lang)
        if key == "column_name":
            return column_name(table, self.get("column") or "", lang, side)
        if key == "project":
            return project_label(self.get("project_no"), self.get("title"), lang)
        if key == "lines":
            return lines_text(self.get("line_numbers") or [self.get("line")], lang)
        if key == "detail_lines":
            # The parser's notes say line ranges only in their English text.
            m = re.search(r"lines? (\d+)(?:\s*[-–]\s*(\d+))?", self.english)
            found = [int(g) for g in m.groups() if g] if m else [self.get("line")]
            return lines_text(found, lang)
        raise KeyError(key)

    def amount(self, value) -> str:
        """Given an amount, return it in this context's language."""
        return amount(value, self.lang)

    def place(self, table: str, lines=None, **kw) -> str:
        """Given a table and lines, return the place in this context's language."""
        return place(table, self.lang, lines, **kw)

    def lines_of(self, numbers) -> str:
        """Given line numbers, return them in this context's language."""
        return lines_text(numbers, self.lang)

    def hint(self, words: Mapping[str, str]) -> str | None:
        """Given English words and what each means, return the meaning of the first
        word the parser's own English text holds (None if it holds none). The
        parser's notes name some details only in that text (which side, which
        field); a note can pass them as params instead, which wins."""
        text = self.english.lower()
        return next((meaning for word, meaning in words.items() if word in text), None)


Template = str | Callable[[Context], str]


@dataclass(frozen=True)
class Entry:
    """One check code's sentences: Korean, and English (None: the parser's own text)."""

    ko: Template
    en: Template | None
