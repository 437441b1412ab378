"""Dates as the reports spell them.

The same day or month is written many ways in these reports: ``’20. 9. 30.``,
``‘20.9.30.``, ``2020. 9. 30.``, ``’20.10월``, ``‘20. 10월~12월``, ``~’20.12월``,
``2020. 10.~11.``, ``’20.11~12월``, ``~ 12월``, ``(8.31)``. Quote marks, dots and
tildes come in several code points. This module turns such expressions into
spans of days, finds the as-of date of a table note, and lists the years a
text names. Nothing here knows which year a report is about: every year comes
from the text, or from the caller as ``default_year``.

The parser works on tokens (numbers, dots, tildes, 년/월/일 ...) rather than on
one large regular expression, so it runs in linear time on any input and never
backtracks.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

# --- Normalisation -----------------------------------------------------------

# Apostrophe-like marks written before a two-digit year (’20, ‘20, '20, `20, ´20).
_QUOTES = "’‘'`´′‛＇"
# Dots and middle dots used as the separator in 20.9.30 (editors and PDF
# extraction swap them freely).
_DOTS = "․‧·･・．∙"
# Range marks: the wave dash ∼ (U+223C) is what this report's extraction gives.
_TILDES = "~∼〜～‐˜"
_FULLWIDTH_DIGITS = "０１２３４５６７８９"

_NORMALISE = str.maketrans(
    {
        **dict.fromkeys(_QUOTES, "'"),
        **dict.fromkeys(_DOTS, "."),
        **dict.fromkeys(_TILDES, "~"),
        **{c: str(i) for i, c in enumerate(_FULLWIDTH_DIGITS)},
    }
)


def _normalise(text: str) -> str:
    """Given raw text, return it with quotes, dots, tildes and digits in one
    spelling each (one character for one, so positions are kept)."""
    return text.translate(_NORMALISE)


# --- Years -------------------------------------------------------------------

_YEAR_TOKEN_RE = re.compile(r"'?(?P<digits>[0-9]{4}|[0-9]{2})\s*(?:년)?\.?")

# An explicit year in running text: a quote and 2 (or 4) digits, or a 4-digit
# 19xx/20xx standing alone (not part of a longer number, an amount like
# 2,020,000, or a decimal).
_YEAR_IN_TEXT_RE = re.compile(
    r"'(?P<quoted>(?:19|20)[0-9]{2}|[0-9]{2})(?![0-9])"
    r"|(?<![0-9])(?<![0-9][.,])(?P<plain>(?:19|20)[0-9]{2})(?![0-9])(?!,[0-9]{3})"
)


def expand_year(token: str) -> int:
    """Given a year token (``'20``, ``’20``, ``‘20``, ``20``, ``2020``, also with a
    trailing ``년`` or ``.``), return the full year; two-digit years are 2000+yy.
    Raise ValueError if the token is not a year."""
    m = _YEAR_TOKEN_RE.fullmatch(_normalise(token).strip())
    if not m:
        raise ValueError(f"not a year: {token!r}")
    digits = m["digits"]
    # Two-digit years in these reports are always this century ('19, '20, '21).
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def find_years(text: str) -> list[int]:
    """Given any text, return every explicit year in it (``2020``, ``’20``,
    ``‘19년``), in order of appearance, repeats included."""
    years = []
    for m in _YEAR_IN_TEXT_RE.finditer(_normalise(text)):
        years.append(expand_year(m["quoted"] or m["plain"]))
    return years


# --- Tokens ------------------------------------------------------------------


class _Tok(NamedTuple):
    kind: str  # qyear, year, num, dot, tilde, unit, wday, amount, other
    value: int | str
    start: int
    end: int
    gap: bool  # whitespace stands right before this token


_TOKEN_RE = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<qyear>'(?:(?:19|20)[0-9]{2}|[0-9]{2})(?![0-9]))"
    # 1,234,567: an amount, never a date; kept whole so its pieces are not read as months.
    r"|(?P<amount>[0-9]+(?:,[0-9]{3})+)"
    r"|(?P<num>[0-9]+)"
    r"|(?P<dot>\.)"
    r"|(?P<tilde>~)"
    r"|(?P<unit>[년월일])"
    # A weekday in brackets after a day: ’20.9.22(화)~23(수).
    r"|(?P<wday>\([월화수목금토일]\))"
    r"|(?P<other>.)",
    re.S,
)


def _tokenise(norm: str) -> list[_Tok]:
    """Given normalised text, return its tokens (whitespace folded into the
    next token's ``gap`` flag)."""
    toks: list[_Tok] = []
    gap = False
    for m in _TOKEN_RE.finditer(norm):
        kind = m.lastgroup or "other"
        s = m.group()
        value: int | str = s
        if kind == "space":
            gap = True
            continue
        if kind == "qyear":
            value = expand_year(s)
        elif kind == "num":
            if len(s) == 4 and s[:2] in ("19", "20"):
                kind, value = "year", int(s)
            elif len(s) <= 2:
                value = int(s)
            else:  # 3 or 5+ digits: a count or an amount, not part of a date
                kind = "other"
        toks.append(_Tok(kind, value, m.start(), m.end(), gap))
        gap = False
    return toks


# --- Parts of a date expression ----------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One side of a range, as written. ``bare`` is a lone number (``12.`` in
    ``2020. 10.~12.``, ``23`` in ``’20.9.22~23``) whose role, month or day, the
    other side decides."""

    year: int | None = None
    year_sure: bool = False  # quoted, or followed by 년 or a month: surely a year
    month: int | None = None
    day: int | None = None
    bare: int | None = None

    @property
    def anchored(self) -> bool:
        # A bare number, a lone day (23일) or a lone 4-digit number are not
        # dates by themselves; a month or a surely-a-year is.
        return self.year_sure or self.month is not None


def _kind(toks: list[_Tok], k: int) -> str | None:
    return toks[k].kind if k < len(toks) else None


def _is_unit(toks: list[_Tok], k: int, unit: str) -> bool:
    return _kind(toks, k) == "unit" and toks[k].value == unit


def _read_month_day(
    toks: list[_Tok], j: int, after_year: bool
) -> tuple[int | None, int | None, int | None, int]:
    """Given the index of a number, return (month, day, bare, next index)."""
    first = int(toks[j].value)
    j += 1
    if _is_unit(toks, j, "월"):  # 10월, 10월 22일
        j += 1
        if _kind(toks, j) == "num" and _is_unit(toks, j + 1, "일"):
            return first, int(toks[j].value), None, j + 2
        return first, None, None, j
    if _is_unit(toks, j, "일"):  # 23일: a day; its month comes from the other side
        return None, first, None, j + 1
    if _kind(toks, j) == "dot":
        j += 1
        if _kind(toks, j) == "num":  # 9.30, 9. 30., 10.22.
            day = int(toks[j].value)
            j += 1
            if _kind(toks, j) == "dot" or _is_unit(toks, j, "일"):
                j += 1
            return first, day, None, j
        # 2020. 10. / ’20.4.~ : after a year a lone number is a month.
        return (first, None, None, j) if after_year else (None, None, first, j)
    # ’20.11~12월: a number without unit right after a year is a month.
    return (first, None, None, j) if after_year else (None, None, first, j)


def _read_part(toks: list[_Tok], i: int) -> tuple[_Part, int] | None:
    """Given a token index, return the date part that starts there and the
    index after it, or None if no part starts there."""
    kind = _kind(toks, i)
    if kind in ("qyear", "year"):
        year = int(toks[i].value)
        sure = kind == "qyear"
        j = i + 1
        sep = False
        if _is_unit(toks, j, "년"):
            sure, sep, j = True, True, j + 1
        elif _kind(toks, j) == "dot":
            sep, j = True, j + 1
        part = _Part(year=year, year_sure=sure)
        # A month follows a year after a separator (’20.10월, 2020. 10.), or
        # directly when it carries 월 (2020 10월).
        if _kind(toks, j) == "num" and (sep or _is_unit(toks, j + 1, "월")):
            month, day, _, j = _read_month_day(toks, j, after_year=True)
            part = replace(part, month=month, day=day, year_sure=True)
    elif kind == "num":
        month, day, bare, j = _read_month_day(toks, i, after_year=False)
        part = _Part(month=month, day=day, bare=bare)
    else:
        return None
    if _kind(toks, j) == "wday":
        j += 1
    return part, j


# Hangul words that may stand glued to a date (9.28기준, 9.30까지) without
# making it something else (2.5개월, 1.5배 are not dates).
_GLUED_OK = ("기준", "까지", "부터", "현재", "경", "중", "말", "초")


def _is_hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3"


def _glued_to_other(norm: str, toks: list[_Tok], end: int) -> bool:
    """Given the index after an expression, return whether the expression runs
    into more number-like text (56.5%, 2.5개월, 12.3.4), so it is no date."""
    if end >= len(toks) or toks[end].gap:
        return False
    nxt = toks[end]
    if nxt.kind in ("num", "year", "qyear", "amount"):
        return True
    if toks[end - 1].kind != "num":
        return False  # ends with a unit, a dot or a weekday: a clean stop
    c = str(nxt.value)[:1]
    if c == "%":
        return True
    if nxt.kind == "other" and _is_hangul(c):
        return not norm.startswith(_GLUED_OK, nxt.start)
    return False


# --- Spans -------------------------------------------------------------------


def _first_last(year: int, month: int | None, day: int | None) -> tuple[date, date]:
    """Given a year and optional month and day, return the first and last day
    they cover; raise ValueError/OverflowError if there is no such date."""
    if month is None:
        if day is not None:
            raise ValueError("a day without a month")
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        first = date(year, month, 1)
        return first, date(year, month, calendar.monthrange(year, month)[1])
    d = date(year, month, day)
    return d, d


_Span = tuple[date | None, date | None]


def _resolve_single(p: _Part, default_year: int | None) -> _Span | None:
    if not p.anchored:
        return None
    year = p.year if p.year is not None else default_year
    if year is None:
        return None
    return _first_last(year, p.month, p.day)


def _resolve_range(lp: _Part | None, rp: _Part | None, default_year: int | None) -> _Span | None:
    both_years = lp is not None and rp is not None and lp.year is not None and rp.year is not None
    if not ((lp and lp.anchored) or (rp and rp.anchored) or both_years):
        return None  # 1~4회차: numbers, not dates

    start: date | None = None
    end: date | None = None
    l_year: int | None = None
    l_year_borrowed = False
    if lp is not None:
        if lp.bare is not None:  # 10~12월: a bare first number is a month
            lp = replace(lp, month=lp.bare, bare=None)
        l_year = lp.year if lp.year is not None else default_year
        if l_year is None and rp is not None and rp.year is not None:
            # 11월~’21.2월 with no default: the only year written is the end's.
            l_year, l_year_borrowed = rp.year, True
        if l_year is None:
            return None
        start = _first_last(l_year, lp.month, lp.day)[0]

    if rp is None:
        return start, None

    r_month, r_day = rp.month, rp.day
    if rp.bare is not None:
        # The second part inherits precision from the first: after a day
        # (’20.9.22~23) a bare number is a day, otherwise (’20.4.~8.) a month.
        if lp is not None and lp.day is not None:
            r_day = rp.bare
        else:
            r_month = rp.bare
    month_inherited = False
    if r_month is None and r_day is not None:  # ~23, ~14(목): month of the first part
        if lp is None or lp.month is None:
            return None
        r_month, month_inherited = lp.month, True
    year_inherited = rp.year is None
    r_year = rp.year if rp.year is not None else (l_year if lp is not None else default_year)
    if r_year is None:
        return None
    end = _first_last(r_year, r_month, r_day)[1]

    if start is not None and end < start:
        # The end wrapped past a boundary the text left implicit:
        # ’20.9.22~3 is to Oct 3, ’20.12월~1월 is to Jan 2021.
        if month_inherited and r_month is not None:
            r_month += 1
            if r_month > 12:
                if not year_inherited:
                    return None
                r_month, r_year = 1, r_year + 1
            end = _first_last(r_year, r_month, r_day)[1]
        elif year_inherited:
            end = _first_last(r_year + 1, r_month, r_day)[1]
        elif l_year_borrowed and lp is not None:
            start = _first_last(l_year - 1, lp.month, lp.day)[0]
        if end < start:
            return None
    return start, end


def parse_span(text: str, default_year: int | None = None) -> tuple[date | None, date | None]:
    """Given text holding a date expression (``‘20. 10월~12월``, ``~’20.12월``,
    ``’20.9.30.``, ``~ 12월``), return (start, end) of the first date in it.

    A day gives start = end = that day; a month covers the whole month; a
    year alone (``’21``, ``2020년``) the whole year. ``A~B`` runs from the start of
    A to the end of B, B taking year and month from A when it lacks them;
    ``~X`` is (None, end of X) and ``X~`` is (start of X, None). A missing year
    is ``default_year``; without one, or with no (valid) date in the text,
    return (None, None). Never raises.
    """
    if not isinstance(text, str):
        return None, None
    norm = _normalise(text)
    toks = _tokenise(norm)
    i = 0
    n = len(toks)
    while i < n:
        left = _read_part(toks, i)
        lp, j = left if left else (None, i)
        ranged = _kind(toks, j) == "tilde"
        rp = None
        if ranged:
            right = _read_part(toks, j + 1)
            rp, j = right if right else (None, j + 1)
        if lp is None and rp is None:
            i += 1
            continue
        span: _Span | None = None
        if not _glued_to_other(norm, toks, j):
            try:
                if ranged:
                    span = _resolve_range(lp, rp, default_year)
                elif lp is not None:
                    span = _resolve_single(lp, default_year)
            except (ValueError, OverflowError):
                span = None  # month 13, Feb 30, a year out of range
        if span is not None:
            return span
        # Not a date (or an impossible one): look further on, past it.
        i = max(j, i + 1)
    return None, None


def find_as_of(text: str, default_year: int | None = None) -> date | None:
    """Given a line such as ``(’20.9.30. 기준, 단위 : 천원, %)`` or ``(단위: 천 원,
    2020. 9. 30. 기준)``, return the day-precise date standing right before
    ``기준``; None if there is none (a yearless ``9.28 기준`` needs
    ``default_year``)."""
    if not isinstance(text, str):
        return None
    norm = _normalise(text)
    toks = _tokenise(norm)
    ends = [t.end for t in toks]
    for m in re.finditer("기준", norm):
        # The last token before 기준 (only whitespace can stand between).
        k = bisect.bisect_right(ends, m.start()) - 1
        if k < 0:
            continue
        # A date is at most a dozen tokens long: ’18 . 10 . 22 . (월)
        for s in range(max(0, k - 12), k + 1):
            read = _read_part(toks, s)
            if read is None or read[1] != k + 1:
                continue
            p = read[0]
            if p.month is None or p.day is None:
                continue
            year = p.year if p.year is not None else default_year
            if year is None:
                continue
            try:
                return date(year, p.month, p.day)
            except (ValueError, OverflowError):
                continue
    return None
