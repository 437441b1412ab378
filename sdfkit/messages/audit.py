"""Message catalogue, audit: The audit summary against its listed demands."""

from __future__ import annotations

from sdfkit.wording import (
    Context,
    Entry,
    josa,
)


def _counts(c: Context) -> tuple[int, int]:
    return int(c["reported"]), int(c["expected"])


def _audit_counts_en(c: Context) -> str:
    reported, expected = _counts(c)
    status = c.get("status")
    what = f"'{status}' demands" if status else "demands in all"
    scope = "listed demands" if c["is_total"] else f"demands listed under '{c['item']}'"
    said = (
        f"Row '{c['item']}' of {c['where']} counts {reported} {what}, but the {scope} in §Ⅴ "
        f"({c['lines']}) number {expected}."
    )
    unknown = int(c.get("unrecognised") or 0)
    if unknown == 1:
        said += (
            " Of the demands listed, 1 has a status word that was not recognised; the summary "
            "may count it here."
        )
    elif unknown:
        said += (
            f" Of the demands listed, {unknown} have status words that were not recognised; "
            "the summary may count them here."
        )
    return said


def _audit_counts_ko(c: Context) -> str:
    reported, expected = _counts(c)
    status = c.get("status")
    scope = "요구사항 전체" if c["is_total"] else f"'{c['item']}' 요구사항"
    repr_status = f"'{status}'"
    if status:
        said = (
            f"{c['where']}의 '{c['item']}' 행에는 {josa(repr_status, '이/가')} {reported}건으로 "
            f"적혀 있으나, §Ⅴ에 나열된 {scope}({c['lines']}) 가운데 "
            f"{josa(repr_status, '은/는')} {expected}건입니다."
        )
        unknown = int(c.get("unrecognised") or 0)
        if unknown:
            said += (
                f" 이 요구사항 가운데 추진상황을 읽지 못한 {unknown}건이 총괄표에서는 이 칸에 "
                "세어졌을 수 있습니다."
            )
        return said
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


AUDIT: dict[str, Entry] = {
    "audit_counts": Entry(_audit_counts_ko, _audit_counts_en),
    "audit_row_sum": Entry(_row_sum_ko, _row_sum_en),
}
