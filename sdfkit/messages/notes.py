"""Message catalogue, notes: Notes: comma-typed percents, as-of dates, project funding."""

from __future__ import annotations

from sdfkit.wording import (
    Context,
    Entry,
    josa,
    percent,
    project_label,
)


def _comma_en(c: Context) -> str:
    return (
        f"'{c['item']}' in {c['where']} prints its {c['column_name']} as '{c['text']}' with a "
        f"comma for the decimal point; it was read as {percent(c['reported'], c['decimals'])}."
    )


def _comma_ko(c: Context) -> str:
    return (
        f"{c['where']}의 '{c['item']}' {josa(c['column_name'], '이/가')} 소수점 대신 쉼표를 "
        f"쓴 '{c['text']}'로 적혀 있어 {josa(percent(c['reported'], c['decimals']), '으로/로')} "
        "읽었습니다."
    )


def _label(c: Context) -> str:
    no = c.get("project_no")
    if no is None:
        return "A project" if c.lang == "en" else "한 사업"
    return project_label(no, c.get("title"), c.lang)


def _as_of_en(c: Context) -> str:
    days = c["days"]
    when = "after" if c["later"] else "before"
    consequence = "run ahead of" if c["later"] else "lag behind"
    return (
        f"{_label(c)} has {c.place('project_budget', [c['line']])} dated {c['as_of']}, "
        f"{days} day{'' if days == 1 else 's'} {when} the report's as-of date "
        f"{c['report_as_of']}, so its figures may {consequence} the report's other tables."
    )


def _as_of_ko(c: Context) -> str:
    when = "늦어 다른 표보다 수치가 앞서" if c["later"] else "빨라 다른 표보다 수치가 뒤처져"
    return (
        f"{_label(c)}의 {c.place('project_budget', [c['line']])}은 기준일이 "
        f"{josa(c['as_of'], '으로/로')} 보고서 기준일 {c['report_as_of']}보다 {c['days']}일 "
        f"{when} 있을 수 있습니다."
    )


def _funding_en(c: Context) -> str:
    revenue = c.get("revenue_lines") or []
    where = (
        f"its own lines in {c.place('revenue_detail', revenue)} bring in only "
        f"{c['expected_amount']}"
        if revenue
        else f"it has no line of its own in {c.place('revenue_detail')}"
    )
    return (
        f"{c['project']} budgets {c['reported_amount']} in {c['where']} but {where}, so "
        f"{c['gap_amount']} of it is funded from revenue not tied to the project."
    )


def _funding_ko(c: Context) -> str:
    revenue = c.get("revenue_lines") or []
    where = (
        f"§Ⅳ 세입예산의 이 사업 행({c.lines_of(revenue)})은 {c['expected_amount']}에 그쳐"
        if revenue
        else "§Ⅳ 세입예산에 이 사업의 행이 없어"
    )
    return (
        f"{c['project']}의 예산현액은 {c['where']}에 {c['reported_amount']}인데, {where} "
        f"{c['gap_amount']}은 사업과 연결되지 않은 세입으로 충당됩니다."
    )


NOTES: dict[str, Entry] = {
    "percent_comma": Entry(_comma_ko, _comma_en),
    "as_of_date": Entry(_as_of_ko, _as_of_en),
    "project_funding": Entry(_funding_ko, _funding_en),
    "check_failed": Entry(
        "'{rule}' 점검을 실행하지 못해({error}) 그 결과가 빠져 있습니다.",
        "The {rule} check could not run ({error}); its findings are missing.",
    ),
}
