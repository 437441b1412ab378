"""The declarations: every table the project writes, each column with its type,
Korean title, English description, unit and fiscal role (see sdfkit.dictionary)."""

from __future__ import annotations

from dataclasses import dataclass, field

TYPES = ("integer", "number", "string", "boolean", "date")
AMOUNT_UNIT = "천원"
PERCENT_UNIT = "%"

SEVERITIES = ("error", "rounding", "info")
# How pages name each severity.
SEVERITY_LABELS = {"error": "오류", "rounding": "반올림 차이", "info": "참고"}

# Table → (Korean title, what a row is). The same words as the workbook's README
# sheet (export.py reads it from here).
TABLE_INFO: dict[str, tuple[str, str]] = {
    "summary_budget": (
        "세입·세출 총괄 (§Ⅰ)",
        "One row per line of §Ⅰ's revenue and expenditure summaries (both sides in one table).",
    ),
    "projects": ("주요 업무계획 사업 (§Ⅲ)", "One row per project of §Ⅲ."),
    "project_budget": (
        "사업별 예산집행 현황 (§Ⅲ)",
        "One row per line of a project's budget execution table in §Ⅲ.",
    ),
    "revenue_detail": (
        "세입예산 세부현황 (§Ⅳ)",
        "One row per revenue line of §Ⅳ, with the prior year.",
    ),
    "expenditure_detail": ("세출예산 집행현황 (§Ⅳ)", "One row per expenditure line of §Ⅳ."),
    "milestones": ("향후계획 (§Ⅲ)", "One row per dated plan (향후계획) of a project."),
    "audit_items": (
        "행정사무감사 처리결과 (§Ⅴ)",
        "One row per demand of the prior year's administrative audit, with what was done.",
    ),
    "audit_summary": (
        "처리결과 총괄 (§Ⅴ)",
        "The summary of §Ⅴ: counts of demands by category and status, as printed.",
    ),
    "findings": (
        "점검 결과",
        "One row per finding: what could not be read, and what does not add up.",
    ),
}

# Each table's primary key (the data package's primaryKey, the loader's check).
PRIMARY_KEYS: dict[str, list[str]] = {
    "summary_budget": ["line"],
    "projects": ["project_no"],
    "project_budget": ["line"],
    "revenue_detail": ["line"],
    "expenditure_detail": ["line"],
    "milestones": ["line"],
    "audit_items": ["item_no"],
    "audit_summary": ["line"],
}
# Tables whose project_no refers to projects.project_no (the data package's foreignKeys).
PROJECT_REFERENCES = [
    "project_budget",
    "revenue_detail",
    "expenditure_detail",
    "milestones",
    "findings",
]


@dataclass(frozen=True)
class Column:
    """One column of one table."""

    name: str
    type: str  # integer | number | string | boolean | date
    title: str  # Korean: the report's own header where there is one
    description: str  # English
    unit: str | None = None  # 천원 | % | None
    fiscal: dict = field(default_factory=dict)  # direction, phase, stage (budget measures)
    enum: tuple[str, ...] = ()  # the only values the column takes (besides empty)

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown type {self.type!r}")


def _amount(name, title, description, **fiscal) -> Column:
    return Column(name, "integer", title, description, AMOUNT_UNIT, dict(fiscal))


def _pct(name, title, description) -> Column:
    return Column(
        name, "number", title, description + " Percent as printed: 56.5 means 56.5%.", PERCENT_UNIT
    )


_LINE = Column(
    "line", "integer", "원문 행 번호", "1-based line of the source text where the row starts."
)
_ITEM = Column(
    "item", "string", "구분", "The row's label as printed, spacing normalised (인 건 비 → 인건비)."
)
_PARENT = Column(
    "parent",
    "string",
    "상위 항목",
    "The item of the row this one adds up into; empty for the total (계).",
)
_PROJECT_NO = Column(
    "project_no",
    "integer",
    "사업 번호",
    "Number of the §Ⅲ project the row belongs to (projects.project_no); empty when it belongs to none.",
)

DICTIONARY: dict[str, list[Column]] = {
    "summary_budget": [
        Column(
            "side",
            "string",
            "세입/세출",
            "revenue (세입 총괄) or expenditure (세출 총괄): which summary the row is from, and the direction of its amounts.",
            enum=("revenue", "expenditure"),
        ),
        _ITEM,
        _PARENT,
        _amount(
            "budget",
            "예산현액",
            "Current budget of the fiscal year (original budget plus amendments, transfers and carry-overs).",
            direction="side",
            phase="adjusted",
        ),
        _amount(
            "prior_budget",
            "최종예산(전년도)",
            "Final budget of the prior year.",
            direction="side",
            phase="adjusted",
            year="prior",
        ),
        _amount("change", "증감액", "Change against the prior year: budget − prior_budget."),
        _pct("change_pct", "증감률(%)", "Change as a percent of the prior year's budget."),
        _amount(
            "actual",
            "집행액/징수액",
            "Executed so far: spent (집행액) on the expenditure side, collected (징수액) on the revenue side.",
            direction="side",
            phase="executed",
        ),
        _pct("actual_pct", "집행률/징수율(%)", "actual as a percent of budget."),
        _LINE,
    ],
    "projects": [
        Column(
            "project_no",
            "integer",
            "사업 번호",
            "The project's number in §Ⅲ (the key other tables refer to).",
        ),
        Column("title", "string", "사업명", "The project's heading in §Ⅲ."),
        Column(
            "strategy_no",
            "integer",
            "전략 번호",
            "Number of the strategy (전략, §Ⅱ) the project serves.",
        ),
        Column("strategy", "string", "추진전략", "Title of that strategy."),
        Column("goal", "string", "사업목표", "The goal line under the project's heading."),
        Column("team", "string", "담당 팀", "The team in charge, from §Ⅰ's team duties."),
        Column(
            "line",
            "integer",
            "원문 행 번호",
            "1-based line of the project's heading in the source text.",
        ),
    ],
    "project_budget": [
        _PROJECT_NO,
        Column(
            "item", "string", "사업명", "The budget line's name as printed in the project's table."
        ),
        Column(
            "as_of", "date", "기준일", "The date the table's figures are stated at (its own 기준)."
        ),
        _amount(
            "budget",
            "예산현액",
            "Current budget of the line.",
            direction="expenditure",
            phase="adjusted",
        ),
        _amount(
            "committed",
            "원인행위",
            "Committed: contracts or decisions that bind the money (obligations).",
            direction="expenditure",
            phase="executed",
            stage="committed",
        ),
        _amount(
            "spent",
            "지출액",
            "Disbursed: money actually paid out.",
            direction="expenditure",
            phase="executed",
            stage="spent",
        ),
        _pct("committed_pct", "원인행위 집행률(%)", "committed as a percent of budget."),
        _pct("spent_pct", "지출액 집행률(%)", "spent as a percent of budget."),
        _amount(
            "expected",
            "연말 집행예상액",
            "Execution the institution expects by the end of the fiscal year.",
            direction="expenditure",
            phase="forecast",
        ),
        _pct("expected_pct", "예상 집행률(%)", "expected as a percent of budget."),
        _LINE,
    ],
    "revenue_detail": [
        _ITEM,
        _PARENT,
        _amount(
            "budget",
            "예산현액",
            "Current revenue budget of the fiscal year.",
            direction="revenue",
            phase="adjusted",
        ),
        _amount(
            "prior_budget",
            "최종예산(전년도)",
            "Final revenue budget of the prior year.",
            direction="revenue",
            phase="adjusted",
            year="prior",
        ),
        _amount("change", "증감액", "Change against the prior year: budget − prior_budget."),
        _pct(
            "change_pct",
            "증감률(%)",
            "Change as a percent of the prior year's budget; empty for a new line (순증).",
        ),
        Column(
            "is_new",
            "boolean",
            "순증",
            "True when the line is new this year (printed 순증: no prior-year budget, so no change percent).",
        ),
        _amount(
            "collected",
            "징수액",
            "Revenue collected so far.",
            direction="revenue",
            phase="executed",
            stage="collected",
        ),
        _pct("collected_pct", "징수율(%)", "collected as a percent of budget."),
        _PROJECT_NO,
        _LINE,
    ],
    "expenditure_detail": [
        _ITEM,
        _PARENT,
        _amount(
            "budget",
            "예산현액",
            "Current expenditure budget of the fiscal year.",
            direction="expenditure",
            phase="adjusted",
        ),
        _amount(
            "spent",
            "집행액",
            "Executed (spent) so far.",
            direction="expenditure",
            phase="executed",
            stage="spent",
        ),
        _pct("spent_pct", "집행률(%)", "spent as a percent of budget."),
        _amount("remaining", "집행잔액", "Unexecuted balance: budget − spent."),
        _PROJECT_NO,
        _LINE,
    ],
    "milestones": [
        Column(
            "project_no",
            "integer",
            "사업 번호",
            "Number of the §Ⅲ project the plan belongs to (projects.project_no).",
        ),
        Column("text", "string", "향후계획", "The plan as printed, without its date."),
        Column(
            "start",
            "date",
            "시작일",
            "First day of the planned period; empty for an open start (~12월).",
        ),
        Column(
            "end",
            "date",
            "종료일",
            "Last day of the planned period; empty for an open end (11월~).",
        ),
        _LINE,
    ],
    "audit_items": [
        Column("item_no", "integer", "순번", "Order of the demand in §Ⅴ, from 1."),
        Column(
            "category",
            "string",
            "구분",
            "The demand's category as the summary names it: 시정·처리요구사항 (correction demands), 건의사항 (recommendations), 기타(자료제출 등) (other).",
        ),
        Column("demand", "string", "요구사항", "The council's demand, wrapped lines joined."),
        Column(
            "status",
            "string",
            "추진상황",
            "Status, normalised: 완료 (done), 추진 중 (in progress), 검토 중 (under review), 미반영 (not adopted); empty when the printed status is none of them.",
            enum=("완료", "추진 중", "검토 중", "미반영"),
        ),
        Column(
            "status_raw",
            "string",
            "추진상황(원문)",
            "The status as printed (제출완료, 추진 중, …).",
        ),
        Column("actions", "string", "추진내용", "What was done (추진내용)."),
        Column(
            "plan",
            "string",
            "향후계획",
            "What is planned next (향후계획); empty when none is printed.",
        ),
        Column(
            "line",
            "integer",
            "원문 행 번호",
            "1-based line of the source text where the demand starts.",
        ),
    ],
    "audit_summary": [
        Column("category", "string", "구분", "The category as printed; 계 is the total row."),
        Column("total", "integer", "계", "Number of demands in the category.", "건"),
        Column("done", "integer", "완료", "Of them, done.", "건"),
        Column("in_progress", "integer", "추진 중", "Of them, in progress.", "건"),
        Column("under_review", "integer", "검토 중", "Of them, under review.", "건"),
        Column("not_adopted", "integer", "미반영", "Of them, not adopted.", "건"),
        _LINE,
    ],
    "findings": [
        Column(
            "check",
            "string",
            "점검 규칙",
            "The rule that made the finding, e.g. children_sum, rate_pct, section_missing; "
            "sdfkit/messages/ holds every code's sentences.",
        ),
        Column(
            "severity",
            "string",
            "심각도",
            "error (a figure or part is wrong or missing), rounding (off only by the printed rounding) or info (worth a note).",
            enum=tuple(SEVERITIES),
        ),
        Column(
            "table",
            "string",
            "대상 표",
            "The table the finding is about, or report / meta for the report as a whole.",
        ),
        Column(
            "item",
            "string",
            "항목",
            "The row's label as printed (normalised), when the finding is about a row.",
        ),
        Column(
            "project_no",
            "integer",
            "사업 번호",
            "Number of the §Ⅲ project the row belongs to (projects.project_no), when it belongs to one.",
        ),
        Column(
            "reported",
            "number",
            "보고 수치",
            "The figure the report prints, in the checked column's unit.",
        ),
        Column(
            "expected",
            "number",
            "재계산 수치",
            "The figure recomputed from the report's other figures, in the same unit.",
        ),
        Column("difference", "number", "차이", "reported − expected."),
        Column(
            "message",
            "string",
            "설명",
            "One sentence a researcher can act on, in Korean (from the message catalogue, by check).",
        ),
        Column("message_en", "string", "설명(영문)", "The same finding in English."),
        Column(
            "line",
            "integer",
            "원문 행 번호",
            "1-based line of the source text the finding points at; empty for the report as a whole.",
        ),
    ],
}
