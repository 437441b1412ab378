"""Message catalogue, reconcile: Reconciling sections: §Ⅰ with §Ⅳ, each project's §Ⅲ table with its §Ⅳ lines."""

from __future__ import annotations

from sdfkit.messages.parse import quoted
from sdfkit.wording import (
    Context,
    Entry,
    josa,
)


def _section_totals_en(c: Context) -> str:
    other = c.place(c["other_table"], [c["other_line"]] if c.get("other_line") else None)
    if c.get("reported") is None:
        return (
            f"'{c['item']}' in {c['where']} has no row of the same name in {other}, so its "
            "figures could not be compared."
        )
    return (
        f"'{c['item']}' prints {c['reported_amount']} as its {c['column_name']} in "
        f"{c['where']} but {c['expected_amount']} in {other}."
    )


def _section_totals_ko(c: Context) -> str:
    other = c.place(c["other_table"], [c["other_line"]] if c.get("other_line") else None)
    if c.get("reported") is None:
        return (
            f"{c['where']}의 {josa(quoted(c['item']), '과/와')} 이름이 같은 행이 "
            f"{other}에 없어 금액을 비교하지 못했습니다."
        )
    return (
        f"'{c['item']}'의 {josa(c['column_name'], '이/가')} {c['where']}에는 "
        f"{c['reported_amount']}, {other}에는 {c['expected_amount']}으로 서로 다릅니다."
    )


def _project_budget_en(c: Context) -> str:
    return (
        f"{c['project']} budgets {c['reported_amount']} in "
        f"{c.place('project_budget', [c['line']])} but {c['expected_amount']} in "
        f"{c.place('expenditure_detail', c['other_lines'])}."
    )


def _project_budget_ko(c: Context) -> str:
    return (
        f"{c['project']}의 예산현액이 {c.place('project_budget', [c['line']])}에는 "
        f"{c['reported_amount']}, {c.place('expenditure_detail', c['other_lines'])}에는 "
        f"{c['expected_amount']}으로 서로 다릅니다."
    )


def _missing_names(c: Context) -> str:
    sep = ", "
    if c.lang == "ko":
        return sep.join(f"'{i}'({c.amount(b)}, {n}행)" for i, b, n in c["missing"])
    return sep.join(f"'{i}' ({c.amount(b)}, line {n})" for i, b, n in c["missing"])


def _line_missing_en(c: Context) -> str:
    if not c.get("missing"):
        return (
            f"{c['project']} budgets {c['reported_amount']} in "
            f"{c.place('project_budget', c['line_numbers'])}, but "
            f"{c.place('expenditure_detail')} has no line for the project, so all "
            f"{c['reported_amount']} is missing from §Ⅳ."
        )
    return (
        f"{c['project']} lists {_missing_names(c)} in {c.place('project_budget')} with no "
        f"matching line in {c.place('expenditure_detail')}: §Ⅲ budgets {c['reported_amount']} "
        f"in all but §Ⅳ only {c['expected_amount']} ({c.lines_of(c['other_lines'])}), so "
        f"{c['gap_amount']} is missing from §Ⅳ."
    )


def _line_missing_ko(c: Context) -> str:
    if not c.get("missing"):
        return (
            f"{josa(c['project'], '은/는')} {c.place('project_budget', c['line_numbers'])}에 "
            f"예산 {c['reported_amount']}을 편성했으나 §Ⅳ 세출예산 집행현황에 이 사업의 행이 "
            f"없어, {c['reported_amount']} 전액이 §Ⅳ에서 빠져 있습니다."
        )
    return (
        f"{c['project']}의 {josa(_missing_names(c), '이/가')} §Ⅲ 예산집행 현황에는 있으나 "
        f"§Ⅳ 세출예산 집행현황에는 대응하는 행이 없습니다. §Ⅲ 예산현액은 모두 "
        f"{c['reported_amount']}이지만 §Ⅳ는 {c['expected_amount']}"
        f"({c.lines_of(c['other_lines'])})뿐이어서 {c['gap_amount']}이 §Ⅳ에서 빠져 있습니다."
    )


_DATES_EN = {
    "same": ", although both tables are dated the same day",
    "may": ", which the tables' different as-of dates may explain",
    "cannot": ", which the tables' as-of dates cannot explain (the later table shows less)",
}
_DATES_KO = {
    "same": " 두 표의 기준일이 같은데도 금액이 다릅니다.",
    "may": " 두 표의 기준일이 달라 그 차이로 설명될 수 있습니다.",
    "cannot": " 기준일이 늦은 표의 금액이 더 적어, 기준일 차이로는 설명되지 않습니다.",
}


def _spent_en(c: Context) -> str:
    more = "more" if c["reported"] > c["expected"] else "less"
    return (
        f"{c['project']} shows {c['reported_amount']} disbursed (지출액) in "
        f"{c.place('project_budget', [c['line']], as_of=c.get('as_of'))}, but "
        f"{c['expected_amount']} executed (집행액) in "
        f"{c.place('expenditure_detail', c['other_lines'], as_of=c.get('other_as_of'))}, "
        f"{c['gap_amount']} {more} in §Ⅲ{_DATES_EN.get(c.get('dates'), '')}."
    )


def _spent_ko(c: Context) -> str:
    more = "많습니다" if c["reported"] > c["expected"] else "적습니다"
    here = c.place("project_budget", [c["line"]], as_of=c.get("as_of"))
    there = c.place("expenditure_detail", c["other_lines"], as_of=c.get("other_as_of"))
    return (
        f"{c['project']}의 지출액은 {here}에 {c['reported_amount']}이지만 {there}의 "
        f"집행액은 {c['expected_amount']}으로, §Ⅲ 쪽이 {c['gap_amount']} 더 {more}."
        f"{_DATES_KO.get(c.get('dates'), '')}"
    )


RECONCILE: dict[str, Entry] = {
    "section_totals": Entry(_section_totals_ko, _section_totals_en),
    "project_budget": Entry(_project_budget_ko, _project_budget_en),
    "project_line_missing": Entry(_line_missing_ko, _line_missing_en),
    "project_spent": Entry(_spent_ko, _spent_en),
}
