"""Message catalogue, arithmetic: The arithmetic rules: sums, changes, rates and remaining amounts."""

from __future__ import annotations

from sdfkit.messages.figures import Quoting
from sdfkit.wording import (
    Context,
    Entry,
    column_name,
    josa,
    percent,
)


def _children_sum_en(c: Context) -> str:
    return (
        f"In {c.place(c['table'], side=c.get('side'))}, the {c['count']} rows under "
        f"'{c['item']}' ({c['lines']}) add up to {c['expected_amount']} in {c['column_name']}, "
        f"but '{c['item']}' prints {c['reported_amount']} (line {c['line']})."
    )


def _difference(c: Quoting) -> tuple[str, str]:
    # An identity result = left − right, in names and in figures: "A − B = 250 − 200 = 50"
    # (the operands as printed, the result with its stored value alongside).
    table, side = c["table"], c.get("side")
    names = " − ".join(column_name(table, c[k], c.lang, side) for k in ("left", "right"))
    figures = f"{c.printed(c['left_value'])} − {c.printed(c['right_value'])}"
    return names, f"{figures} = {c['expected_amount']}"


def _article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _difference_en(c: Context) -> str:
    names, figures = _difference(c)
    return (
        f"'{c['item']}' in {c['where']} prints {_article(c['column_name'])} of "
        f"{c['reported_amount']}, but {names} = {figures}."
    )


def _difference_ko(c: Context) -> str:
    names, figures = _difference(c)
    return (
        f"{c['where']}의 '{c['item']}' {josa(c['column_name'], '은/는')} "
        f"{c['reported_amount']}으로 적혀 있으나, {names}{josa(names, '은/는')[len(names) :]} "
        f"{figures}입니다."
    )


def _percent_parts(c: Quoting) -> tuple[str, str, str, str]:
    decimals = c["decimals"]
    # A ratio is the same in any unit: its amounts are quoted as printed.
    formula = f"{c.printed(c['numerator'])} / {c.printed(c['denominator'])}"
    return (
        percent(c["printed"], decimals),
        formula,
        percent(c["exact"], decimals + 2),
        percent(c["exact"], decimals),
    )


def _percent_en(c: Context) -> str:
    printed, formula, exact, rounded = _percent_parts(c)
    slip = ", a slip in the last printed digit" if c["severity"] == "rounding" else ""
    return (
        f"'{c['item']}' in {c['where']} prints {_article(c['column_name'])} of {printed}, but "
        f"{formula} = {exact}, which rounds to {rounded}{slip}."
    )


def _percent_ko(c: Context) -> str:
    printed, formula, exact, rounded = _percent_parts(c)
    slip = " 마지막 자리만 다른 반올림 차이입니다." if c["severity"] == "rounding" else ""
    return (
        f"{c['where']}의 '{c['item']}' {josa(c['column_name'], '은/는')} "
        f"{josa(printed, '으로/로')} 적혀 있으나, {formula} = {exact}이므로 표시된 자릿수로 "
        f"반올림하면 {rounded}입니다.{slip}"
    )


ARITHMETIC: dict[str, Entry] = {
    "children_sum": Entry(
        "{table_name}에서 '{item}' 아래 {count}개 행({lines})의 {column_name} 합계는 "
        "{expected_amount}이지만, '{item}'에는 {reported_amount}으로 적혀 있습니다({line}행).",
        _children_sum_en,
    ),
    "change_amount": Entry(_difference_ko, _difference_en),
    "remaining": Entry(_difference_ko, _difference_en),
    "change_pct": Entry(_percent_ko, _percent_en),
    "rate_pct": Entry(_percent_ko, _percent_en),
}
