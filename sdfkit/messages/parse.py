"""Message catalogue, parse: The parser's notes: what could not be read."""

from __future__ import annotations

import re

from sdfkit.dictionary import TABLE_INFO
from sdfkit.wording import (
    Context,
    Entry,
    josa,
)


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
        f"{units[1]} 단위로 환산했습니다. 금액이 반올림된 값이므로 그 반올림 범위 안의 차이는 "
        "점검에서 오류로 보지 않습니다."
    )


def _extra_column(c: Context) -> str:
    # The extra columns' headers (as printed, in Korean) are named only in the English.
    m = re.search(r"does not have \((.+?)\);", c.english)
    extra = f"({m[1]})" if m else ""
    return (
        f"{c['lines']}의 표에는 데이터 규격에 없는 열{extra}이 있어 그 값은 따로 두고, "
        "나머지 열은 그대로 읽었습니다."
    )


def _status_word(c: Context) -> str:
    # The status as printed (params ``word``; a finding read back keeps it as its item).
    word = c.get("word")
    return (word if word is not None else c.get("item") or "").strip()


def _demand_no(c: Context, lang: str) -> str:
    no = c.get("item_no")
    if no is None:
        return ""
    return f"(요구사항 {no})" if lang == "ko" else f" (demand {no} of §Ⅴ)"


def _status_unknown_ko(c: Context) -> str:
    word, where = _status_word(c), f"§Ⅴ 처리결과 {c['line']}행{_demand_no(c, 'ko')}"
    if not word:
        read = f"{where}에는 추진상황이 적혀 있지 않아"
    else:
        read = (
            f"{where}의 추진상황 {josa(quoted(word), '은/는')} 완료·추진 중·검토 중·미반영 "
            "가운데 어느 것으로도 읽히지 않아"
        )
    return (
        f"{read} 이 요구사항의 추진상황을 비워 두었습니다. 요구 내용·추진내용·향후계획은 "
        "읽었으며, 추진상황별 건수에는 세지 않았습니다."
    )


def _status_unknown_en(c: Context) -> str:
    word, demand = _status_word(c), _demand_no(c, "en")
    if not word:
        said = f"No status word at line {c['line']}{demand}"
    else:
        said = f"Status word not recognised: {quoted(word)} at line {c['line']}{demand}"
    return (
        f"{said}. It is none of 완료, 추진 중, 검토 중, 미반영 (or their synonyms), so the "
        "demand's status is left empty; its demand, actions and plan are read, and it "
        "counts in no status column."
    )


PARSE: dict[str, Entry] = {
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
    "status_unknown": Entry(_status_unknown_ko, _status_unknown_en),
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
    "sections_few": Entry(
        "업무보고 양식의 절 가운데 일부만 찾았습니다. 찾은 절의 내용은 읽었고, 나머지는 읽지 못했습니다.",
        None,
    ),
    "format_mismatch": Entry(
        "파일 이름의 확장자가 가리키는 형식과 파일 내용의 형식이 달라, 내용의 형식대로 읽었습니다.",
        None,
    ),
    # A parse finding read back without its code.
    "parse": Entry("{where}: 원문을 읽다가 확인할 사항이 있습니다.", None),
}
