"""The message catalogue: what each finding says, in Korean and in English.

Every finding has a stable ``check`` code (``children_sum``, ``row_unreadable`` …);
its sentences are rendered here from the finding's own fields (table, item,
project_no, reported, expected, difference, line) and the parameters the rule that
made it passes (the column, the lines it compared, as-of dates …). ``message`` is
the Korean sentence, ``message_en`` the English one; pages and ``sdfkit check``
show Korean unless asked for English.

The parser's notes write their English sentence themselves, with details the
fields do not hold (why a row could not be read, an unread table's header): that
text is kept as ``message_en`` (``en=None`` below) and the Korean sentence is
rendered from the fields.

A new code is one entry in CATALOGUE: a Korean and an English template, each a
``str.format`` text over the context's keys (sdfkit.wording.Context) or a function
of the context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sdfkit.dictionary import TABLE_INFO
from sdfkit.wording import (
    LANGUAGES,
    Context,
    Entry,
    column_name,
    josa,
    percent,
    project_label,
)

# --------------------------------------------------------------------------- the parser's notes


def quoted(text) -> str:
    """Given a label, return it in quotes, as sentences cite the report's words."""
    return f"'{text}'"


def _table_title(table: str) -> str:
    # The dictionary's Korean title without its section: "세입예산 세부현황".
    return TABLE_INFO.get(table, (table,))[0].split(" (§")[0]


def _section_missing(c: Context) -> str:
    return (
        f"보고서에서 {josa(c['section'], '을/를')} 찾지 못해 "
        f"'{_table_title(c['table'])}' 표가 비어 있습니다."
    )


def _table_missing(c: Context) -> str:
    table = c["table"]
    if table == "project_budget" and c.get("project_no") is not None:
        return f"사업 {c['project_no']}의 §Ⅲ 예산집행 현황 표를 찾지 못했습니다."
    if table == "projects":
        return "§Ⅲ에서 사업 제목을 하나도 찾지 못했습니다."
    if table == "summary_budget":
        sides = {"revenue": "세입", "expenditure": "세출"}
        side = sides.get(c.get("side") or "") or c.hint(sides)
        name = f"{side} 총괄" if side else "세입 총괄 또는 세출 총괄"
        return f"§Ⅰ의 {name} 표를 찾지 못했습니다."
    return f"{c['section']}에서 '{_table_title(table)}' 표를 찾지 못했습니다."


def _row_unreadable(c: Context) -> str:
    if c.get("project_no") is not None and c["table"] == "project_budget":
        where = f"사업 {c['project_no']}의 §Ⅲ 예산집행 현황 {c['line']}행"
    elif c.get("item"):
        where = f"{c['where']}의 '{c['item']}' 행"
    else:
        where = c["where"]
    return f"{josa(where, '을/를')} 표의 행으로 읽지 못해 표에서 뺐습니다."


def _name_unmatched(c: Context) -> str:
    if c.get("item"):
        return (
            f"{c['where']}의 {josa(quoted(c['item']), '이/가')} 어느 사업에도 연결되지 "
            "않았습니다. 사업에 속한 행이면 data/aliases.csv에 추가하십시오."
        )
    return (
        f"§Ⅰ의 어느 팀 담당업무도 {josa('사업 ' + str(c['project_no']), '을/를')} 분명히 "
        "가리키지 않습니다. data/aliases.csv에 담당업무 문구를 추가하면 정해집니다."
    )


def _meta_missing(c: Context) -> str:
    what = c.get("field") or c.hint(
        {"fiscal year": "회계연도", "as-of date": "기준일", "institution": "기관명"}
    )
    if what is None:
        return "보고서의 기본 정보(회계연도·기준일·기관명) 가운데 찾지 못한 것이 있습니다."
    return f"보고서의 {josa(what, '을/를')} 찾지 못했습니다."


def _unit_converted(c: Context) -> str:
    # The units are named only in the parser's English text (as printed, in Korean).
    m = re.search(r"amounts in (\S+) .*converted to (\S+?),", c.english)
    units = (c.get("unit"), c.get("main_unit")) if c.get("unit") else (m.groups() if m else None)
    if not units:
        return (
            f"{c['where']}의 표는 금액 단위가 달라, 보고서 대부분의 표가 쓰는 단위로 환산했습니다."
        )
    return (
        f"{c['where']}의 표는 금액을 {units[0]} 단위로 적고 있어, 보고서 대부분의 표가 쓰는 "
        f"{units[1]} 단위로 환산했습니다."
    )


def _extra_column(c: Context) -> str:
    # The extra columns' headers (as printed, in Korean) are named only in the English.
    m = re.search(r"does not have \((.+?)\);", c.english)
    extra = f"({m[1]})" if m else ""
    return (
        f"{c['lines']}의 표에는 데이터 규격에 없는 열{extra}이 있어 그 값은 따로 두고, "
        "나머지 열은 그대로 읽었습니다."
    )


_PARSE = {
    "section_missing": Entry(_section_missing, None),
    "section_duplicate": Entry(
        "{detail_lines}: 앞에 나온 장 제목이 다시 나와 무시했습니다. 다른 장의 제목이 "
        "반복된 것이면 그 제목부터 다음 장까지는 읽지 않았습니다.",
        None,
    ),
    "table_missing": Entry(_table_missing, None),
    "table_unread": Entry(
        "{detail_lines}의 표를 읽지 않았습니다. 이 종류의 표를 읽지 않는 자리(다른 장, "
        "또는 반복된 장 제목 뒤)에 있거나 이미 읽은 표가 반복된 것입니다.",
        None,
    ),
    "row_unreadable": Entry(_row_unreadable, None),
    "as_of_missing": Entry(
        "사업 {project_no}의 §Ⅲ 예산집행 현황({line}행)에 기준일이 적혀 있지 않습니다.", None
    ),
    "date_unreadable": Entry(
        "사업 {project_no}의 향후계획({line}행)에 적힌 날짜를 읽지 못했습니다.", None
    ),
    "strategy_missing": Entry(
        "사업 {project_no}({line}행)이 §Ⅲ 목차의 어느 추진전략 아래에도 없습니다.", None
    ),
    "teams_missing": Entry("§Ⅰ에서 팀별 담당업무를 찾지 못했습니다.", None),
    "name_unmatched": Entry(_name_unmatched, None),
    "status_unknown": Entry(
        "§Ⅴ 처리결과 {line}행의 추진상황이 완료·추진 중·검토 중·미반영 가운데 어느 것에도 "
        "해당하지 않습니다.",
        None,
    ),
    "summary_cells_placed": Entry(
        "§Ⅴ 조치내역 총괄표({line}행)는 빈 칸을 표시하지 않아, 건수를 나열된 요구사항과 "
        "합계에 맞추어 추진상황별 칸에 배치했습니다.",
        None,
    ),
    "summary_cells_ambiguous": Entry(
        "§Ⅴ 조치내역 총괄표({line}행)의 건수를 추진상황별 칸에 배치하지 못해(원문에 빈 칸이 "
        "없고 나열된 요구사항으로도 정해지지 않음) 추진상황별 건수를 비워 두었습니다.",
        None,
    ),
    "meta_missing": Entry(_meta_missing, None),
    "unit_converted": Entry(_unit_converted, None),
    "extra_column": Entry(_extra_column, None),
    "numbers_unread": Entry(
        "{where}은 표 안의 줄인데, 그 숫자를 어느 칸에도 읽어 넣지 못했습니다.", None
    ),
    "format_mismatch": Entry(
        "파일 이름의 확장자가 가리키는 형식과 파일 내용의 형식이 달라, 내용의 형식대로 읽었습니다.",
        None,
    ),
    # A parse finding read back without its code.
    "parse": Entry("{where}: 원문을 읽다가 확인할 사항이 있습니다.", None),
}


# --------------------------------------------------------------------------- arithmetic


def _children_sum_en(c: Context) -> str:
    return (
        f"In {c.place(c['table'], side=c.get('side'))}, the {c['count']} rows under "
        f"'{c['item']}' ({c['lines']}) add up to {c['expected_amount']} in {c['column_name']}, "
        f"but '{c['item']}' prints {c['reported_amount']} (line {c['line']})."
    )


def _difference(c: Context) -> tuple[str, str]:
    # An identity result = left − right, in names and in figures: "A − B = 250 − 200 = 50".
    table, side = c["table"], c.get("side")
    names = " − ".join(column_name(table, c[k], c.lang, side) for k in ("left", "right"))
    figures = f"{c.amount(c['left_value'])} − {c.amount(c['right_value'])}"
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


def _percent_parts(c: Context) -> tuple[str, str, str, str]:
    decimals = c["decimals"]
    formula = f"{c.amount(c['numerator'])} / {c.amount(c['denominator'])}"
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


_ARITHMETIC = {
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


# --------------------------------------------------------------------------- reconciliation


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


_RECONCILE = {
    "section_totals": Entry(_section_totals_ko, _section_totals_en),
    "project_budget": Entry(_project_budget_ko, _project_budget_en),
    "project_line_missing": Entry(_line_missing_ko, _line_missing_en),
    "project_spent": Entry(_spent_ko, _spent_en),
}


# --------------------------------------------------------------------------- audit


def _counts(c: Context) -> tuple[int, int]:
    return int(c["reported"]), int(c["expected"])


def _audit_counts_en(c: Context) -> str:
    reported, expected = _counts(c)
    status = c.get("status")
    what = f"'{status}' demands" if status else "demands in all"
    scope = "listed demands" if c["is_total"] else f"demands listed under '{c['item']}'"
    return (
        f"Row '{c['item']}' of {c['where']} counts {reported} {what}, but the {scope} in §Ⅴ "
        f"({c['lines']}) number {expected}."
    )


def _audit_counts_ko(c: Context) -> str:
    reported, expected = _counts(c)
    status = c.get("status")
    scope = "요구사항 전체" if c["is_total"] else f"'{c['item']}' 요구사항"
    repr_status = f"'{status}'"
    if status:
        return (
            f"{c['where']}의 '{c['item']}' 행에는 {josa(repr_status, '이/가')} {reported}건으로 "
            f"적혀 있으나, §Ⅴ에 나열된 {scope}({c['lines']}) 가운데 "
            f"{josa(repr_status, '은/는')} {expected}건입니다."
        )
    return (
        f"{c['where']}의 '{c['item']}' 행에는 {reported}건으로 적혀 있으나, §Ⅴ에 나열된 "
        f"{scope}({c['lines']})는 {expected}건입니다."
    )


def _row_sum_en(c: Context) -> str:
    reported, expected = _counts(c)
    return (
        f"Row '{c['item']}' of {c['where']} totals {reported} demands, but its status cells "
        f"add up to {expected}."
    )


def _row_sum_ko(c: Context) -> str:
    reported, expected = _counts(c)
    return (
        f"{c['where']}의 '{c['item']}' 행은 계가 {reported}건이지만 추진상황별 칸의 합은 "
        f"{expected}건입니다."
    )


_AUDIT = {
    "audit_counts": Entry(_audit_counts_ko, _audit_counts_en),
    "audit_row_sum": Entry(_row_sum_ko, _row_sum_en),
}


# --------------------------------------------------------------------------- notes


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


_NOTES = {
    "percent_comma": Entry(_comma_ko, _comma_en),
    "as_of_date": Entry(_as_of_ko, _as_of_en),
    "project_funding": Entry(_funding_ko, _funding_en),
    "check_failed": Entry(
        "'{rule}' 점검을 실행하지 못해({error}) 그 결과가 빠져 있습니다.",
        "The {rule} check could not run ({error}); its findings are missing.",
    ),
}

# --------------------------------------------------------------------------- a corpus of reports
# (parse.corpus writes these rows itself; params: other, differ, file, error)


def _conflict_ko(c: Context) -> str:
    return (
        f"같은 기관·같은 연도의 보고서 {josa(str(c['other']), '과/와')} 수치가 다릅니다"
        f"({c['differ']}). 두 보고서를 모두 남겼습니다."
    )


def _same_ko(c: Context) -> str:
    return (
        f"같은 기관·같은 연도의 보고서 {josa(str(c['other']), '과/와')} 수치가 같습니다"
        "(같은 보고서의 다른 사본)."
    )


_CORPUS = {
    "report_conflict": Entry(
        _conflict_ko,
        "Report {other} is of the same institution and year but its figures differ "
        "({differ}); both are kept.",
    ),
    "same_report": Entry(
        _same_ko,
        "Report {other} is of the same institution and year with the same figures (another "
        "copy of this report).",
    ),
    "duplicate_file": Entry(
        lambda c: (
            f"파일 {josa(str(c['file']), '은/는')} 이 보고서와 내용이 같아(sha256) 한 번만 "
            "읽었습니다."
        ),
        "File {file} has the same bytes (sha256) as this report: read once.",
    ),
    "report_unreadable": Entry("읽지 못함: {error}", "Not read: {error}"),
}

# Every check code's sentences, by code.
CATALOGUE: dict[str, Entry] = {
    **_PARSE,
    **_ARITHMETIC,
    **_RECONCILE,
    **_AUDIT,
    **_NOTES,
    **_CORPUS,
}

# A code with no entry, or a finding without the parameters its entry needs (one
# built by hand): a plain sentence, never an exception.
GENERIC = Entry(
    "{where}: '{check}' 점검에서 확인할 사항이 있습니다.",
    "{where}: a finding of the {check} check.",
)


def _fill(template, ctx: Context) -> str:
    return template(ctx) if callable(template) else template.format_map(ctx)


def render(
    check: str, lang: str, fields: Mapping, params: Mapping | None = None, english: str = ""
) -> str:
    """Given a check code, a language (ko | en), the finding's fields and parameters
    and the parser's own English text (if any), return the finding's sentence. An
    English text given wins over the catalogue's English template."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    if lang == "en" and english:
        return english
    entry = CATALOGUE.get(check, GENERIC)
    template = entry.ko if lang == "ko" else (entry.en or GENERIC.en)
    try:
        return _fill(template, Context(lang, fields, params or {}, english))
    except (KeyError, IndexError, TypeError, ValueError, ArithmeticError):
        generic = GENERIC.ko if lang == "ko" else GENERIC.en
        return _fill(generic, Context(lang, fields, {}, english))


__all__ = ["CATALOGUE", "GENERIC", "LANGUAGES", "render"]
