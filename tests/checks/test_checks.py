"""Tests for sdfkit.checks: every consistency rule on a tiny crafted report (fires /
does not fire), percent rounding at the printed precision, the findings table and
its text summary, and the full list of findings on the bundled report."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from sdfkit.checks import check, judge_percent, run_checks, summarize
from sdfkit.findings import FINDING_COLUMNS, SEVERITY_ORDER
from sdfkit.parse.pipeline import parse_text, read_report

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "raw" / "000_ad13b4a15167881f.txt"
MINI = Path(__file__).parents[1] / "fixtures" / "checks" / "mini_report.txt"


# --------------------------------------------------------------------------- helpers


def mini_text() -> str:
    return MINI.read_text(encoding="utf-8")


def edit(text: str, *pairs: tuple[str, str]) -> str:
    """Replace whole printed lines; each old line must occur exactly once."""
    lines = text.split("\n")
    for old, new in pairs:
        hits = [i for i, line in enumerate(lines) if line == old]
        assert len(hits) == 1, f"{old!r} occurs {len(hits)} times"
        lines[hits[0]] = new
    return "\n".join(lines)


def parse(text: str, name: str = "x.txt"):
    return parse_text(text, Path(name))


def keys(findings) -> set[tuple]:
    """(check, severity, table, item, line, reported, expected) of each finding."""
    out = set()
    for f in findings:
        reported = None if f.reported is None else float(f.reported)
        expected = None if f.expected is None else float(f.expected)
        out.add((f.check, f.severity, f.table, f.item, f.line, reported, expected))
    return out


def only(findings, rule: str) -> set[tuple]:
    return {k for k in keys(findings) if k[0] == rule}


def mini_findings(*pairs: tuple[str, str]):
    return run_checks(parse(edit(mini_text(), *pairs)))


def line_of(text: str, printed: str) -> int:
    return text.split("\n").index(printed) + 1


# Printed lines of the mini report that the tests edit.
EXP_SUM_TOTAL = "계 1,000 800 200 25.0% 500 50.00%"
EXP_SUM_STAFF = "인 건 비 600 500 100 20.0% 300 50.00%"
EXP_SUM_PROGRAMS = "사 업 비 400 300 100 33.3% 200 50.00%"
REV_SUM_CITY = "서 울 시 출 연 금 600 500 100 20.0% 500 83.33%"
PB_ALPHA = "알파 연구 250 150 100 60.0% 40.0% 250 100.0%"
PB_BETA = "베타 교육 150 100 100 66.7% 66.7% 150 100.0%"
REV_ALPHA = "알파 연구 250 200 50 25% 250 100%"
EXP_ALPHA = "알파 연구 250 100 40.00% 150"
EXP_BETA = "베타 교육 150 100 66.67% 50"
AUDIT_TOTAL = "계 2 1 1"
AUDIT_DEMANDS = "시정· 처리요구사항 1 1"
AUDIT_PROPOSALS = "건 의 사 항 1 1"
BETA_AS_OF = "※ 예산집행 현황 (단위 : 천원, ’20. 9. 30. 기준)"


@pytest.fixture(scope="module")
def bundled():
    return read_report(BUNDLED)


# --------------------------------------------------------------------------- the mini report


def test_mini_report_is_consistent():
    # The crafted report adds up everywhere: no rule may fire on it.
    report = parse(mini_text())
    assert len(report.project_budget) == 2 and len(report.expenditure_detail) == 5
    assert run_checks(report) == []


def test_children_sum_fires_on_a_parent_its_children_miss():
    text = mini_text()
    # §Ⅰ revenue: the city contribution's collected amount 500 → 510 (and its rate
    # 85.00%, so the rate stays right): the total 900 no longer equals 400 + 510.
    found = mini_findings((REV_SUM_CITY, "서 울 시 출 연 금 600 500 100 20.0% 510 85.00%"))
    assert only(found, "children_sum") == {
        (
            "children_sum",
            "error",
            "summary_budget",
            "계",
            line_of(text, "계 1,000 800 200 25.0% 900 90.00%"),
            900.0,
            910.0,
        )
    }
    assert only(found, "rate_pct") == set()


def test_children_sum_one_unit_off_is_rounding():
    found = mini_findings((REV_SUM_CITY, "서 울 시 출 연 금 600 500 100 20.0% 501 83.50%"))
    assert {(k[1], k[5], k[6]) for k in only(found, "children_sum")} == {("rounding", 900.0, 901.0)}


def test_change_amount_fires_and_not_when_it_holds():
    text = mini_text()
    found = mini_findings((REV_ALPHA, "알파 연구 250 200 60 30% 250 100%"))
    line = line_of(text, REV_ALPHA)
    assert only(found, "change_amount") == {
        ("change_amount", "error", "revenue_detail", "알파 연구", line, 60.0, 50.0)
    }
    # the percent is judged against the printed change: 60 / 200 = 30% holds
    assert only(found, "change_pct") == set()
    assert only(run_checks(parse(text)), "change_amount") == set()


@pytest.mark.parametrize(
    ("printed", "severity"),
    [("33.3%", None), ("33.4%", "rounding"), ("33.2%", "error"), ("35.0%", "error")],
)
def test_change_pct_at_printed_precision(printed, severity):
    text = mini_text()
    found = mini_findings((EXP_SUM_PROGRAMS, f"사 업 비 400 300 100 {printed} 200 50.00%"))
    got = only(found, "change_pct")
    if severity is None:
        assert got == set()
    else:
        assert {(k[1], k[2], k[3], k[4]) for k in got} == {
            (severity, "summary_budget", "사업비", line_of(text, EXP_SUM_PROGRAMS))
        }


def test_change_pct_skips_new_lines(bundled):
    # 순증 rows (no prior-year budget) have no change percent to check.
    new_lines = set(bundled.revenue_detail.loc[bundled.revenue_detail["is_new"], "line"])
    assert new_lines
    assert not {f.line for f in run_checks(bundled) if f.check == "change_pct"} & new_lines


@pytest.mark.parametrize(
    ("row", "severity"),
    [
        # 181 / 250 = 72.4%: printed 72% at no decimals is consistent
        ("알파 연구 250 181 100 72% 40.0% 250 100.0%", None),
        # 100 / 250 = 40.0%: printed 40.1% misses by one unit of its last decimal
        ("알파 연구 250 150 100 60.0% 40.1% 250 100.0%", "rounding"),
        ("알파 연구 250 150 100 60.0% 44.0% 250 100.0%", "error"),
    ],
)
def test_rate_pct(row, severity):
    found = run_checks(parse(edit(mini_text(), (PB_ALPHA, row))))
    got = only(found, "rate_pct")
    if severity is None:
        assert got == set()
    else:
        assert {(k[1], k[2], k[3], k[5], k[6]) for k in got} == {
            (severity, "project_budget", "알파 연구", float(row.split()[6].rstrip("%")), 40.0)
        }


@pytest.mark.parametrize(
    ("printed", "num", "den", "decimals", "verdict"),
    [
        (72.0, 86_816, 120_000, 0, None),  # 72.35 → 72
        (76.0, 608_666, 800_000, 1, "rounding"),  # 76.08 → 76.1
        (13.0, 1, 8, 0, None),  # 12.5 rounds half up
        (12.0, 1, 8, 0, "rounding"),
        (0.13, 1, 800, 2, None),  # 0.125: a float round() would give 0.12
        (14.5, 29, 200, 1, None),
        (43.79, 3_255_563, 7_434_299, 2, None),
        (-21.2, -336_578, 1_588_274, 1, None),  # △21.2%: negative, half away from zero
        (-21.1, -336_578, 1_588_274, 1, "rounding"),
        (-21.3, -336_578, 1_588_274, 1, "error"),
        (100.0, 540_000, 540_000, 1, None),
        (3.1, 38_027, 1_247_000, 1, "rounding"),  # 3.0495 → 3.0
        (5.0, 38_027, 1_247_000, 1, "error"),
    ],
)
def test_judge_percent(printed, num, den, decimals, verdict):
    result = judge_percent(printed, num, den, decimals)
    assert (result[0] if result else None) == verdict


def test_remaining():
    text = mini_text()
    found = mini_findings((EXP_BETA, "베타 교육 150 100 66.67% 40"))
    assert only(found, "remaining") == {
        (
            "remaining",
            "error",
            "expenditure_detail",
            "베타 교육",
            line_of(text, EXP_BETA),
            40.0,
            50.0,
        )
    }
    found = mini_findings((EXP_BETA, "베타 교육 150 100 66.67% 49"))
    assert {k[1] for k in only(found, "remaining")} == {"rounding"}
    assert only(run_checks(parse(text)), "remaining") == set()


def test_percent_comma():
    text = mini_text()
    found = mini_findings((EXP_ALPHA, "알파 연구 250 100 40,00% 150"))
    got = [f for f in found if f.check == "percent_comma"]
    assert keys(got) == {
        (
            "percent_comma",
            "info",
            "expenditure_detail",
            "알파 연구",
            line_of(text, EXP_ALPHA),
            40.0,
            None,
        )
    }
    assert "'40,00%'" in got[0].message
    # the value read is right, so the rate itself is consistent
    assert only(found, "rate_pct") == set()
    assert only(run_checks(parse(text)), "percent_comma") == set()


def test_section_totals():
    text = mini_text()
    # §Ⅰ's staff costs executed 300 → 312 (with the total and rates kept consistent
    # inside §Ⅰ): §Ⅳ still prints 300 and 500.
    found = mini_findings(
        (EXP_SUM_STAFF, "인 건 비 600 500 100 20.0% 312 52.00%"),
        (EXP_SUM_TOTAL, "계 1,000 800 200 25.0% 512 51.20%"),
    )
    assert keys(found) == {
        (
            "section_totals",
            "error",
            "summary_budget",
            "인건비",
            line_of(text, EXP_SUM_STAFF),
            312.0,
            300.0,
        ),
        (
            "section_totals",
            "error",
            "summary_budget",
            "계",
            line_of(text, EXP_SUM_TOTAL),
            512.0,
            500.0,
        ),
    }
    message = next(f.message_en for f in found if f.item == "계")
    # names both places
    assert f"line {line_of(text, EXP_SUM_TOTAL)}" in message
    assert f"line {line_of(text, '계 1,000 500 50.00% 500')}" in message


def test_project_budget_mismatch():
    text = mini_text()
    found = mini_findings((PB_ALPHA, "알파 연구 260 150 100 57.7% 38.5% 260 100.0%"))
    assert keys(found) == {
        (
            "project_budget",
            "error",
            "project_budget",
            "알파 연구",
            line_of(text, PB_ALPHA),
            260.0,
            250.0,
        )
    }


def test_project_line_missing_for_an_extra_section_iii_line():
    text = mini_text()
    extra = "베타 부속 사업 70 0 0 0.0% 0.0% 70 100.0%"
    edited = edit(text, (PB_BETA, PB_BETA + "\n\n" + extra))
    found = run_checks(parse(edited))
    assert keys(found) == {
        (
            "project_line_missing",
            "error",
            "project_budget",
            "베타 부속 사업",
            line_of(edited, extra),
            220.0,
            150.0,
        )
    }
    assert "70 is missing from §Ⅳ" in found[0].message_en


def test_project_line_missing_for_a_project_without_section_iv_lines():
    text = mini_text()
    section = "\n".join(
        [
            "",
            "3  감마 실증",
            "",
            "○ 감마 실증 추진",
            "",
            BETA_AS_OF,
            "",
            "사업명 예산현액",
            "집행액 집행률(%) ’20년말 집행예상액",
            "원인행위 지출액 원인행위 지출액 예상액 집행률(%)",
            "감마 실증 80 0 0 0.0% 0.0% 80 100.0%",
            "",
        ]
    )
    edited = text.replace("\nⅣ. ", section + "\nⅣ. ", 1)
    found = run_checks(parse(edited))
    line = line_of(edited, "감마 실증 80 0 0 0.0% 0.0% 80 100.0%")
    assert keys(found) == {
        ("project_line_missing", "error", "project_budget", "감마 실증", line, 80.0, 0.0)
    }


def test_project_spent_same_date():
    text = mini_text()
    found = mini_findings((PB_BETA, "베타 교육 150 100 90 66.7% 60.0% 150 100.0%"))
    assert keys(found) == {
        (
            "project_spent",
            "error",
            "project_budget",
            "베타 교육",
            line_of(text, PB_BETA),
            90.0,
            100.0,
        )
    }
    message = found[0].message_en
    assert (
        f"line {line_of(text, PB_BETA)}" in message and f"line {line_of(text, EXP_BETA)}" in message
    )


def test_project_spent_names_both_dates_when_they_differ():
    text = mini_text()
    # Project 2's table dated later than the report, showing more spent.
    edited = edit(text, (PB_BETA, "베타 교육 150 110 110 73.3% 73.3% 150 100.0%"))
    lines = edited.split("\n")
    at = line_of(edited, "베타 교육 150 110 110 73.3% 73.3% 150 100.0%")
    title = max(i for i in range(at) if lines[i] == BETA_AS_OF)
    lines[title] = "※ 예산집행 현황 (단위 : 천원, ’20. 10. 12. 기준)"
    found = run_checks(parse("\n".join(lines)))
    assert {(k[0], k[1], k[4], k[5], k[6]) for k in keys(found)} == {
        ("project_spent", "error", at, 110.0, 100.0),
        ("as_of_date", "info", at, None, None),
    }
    spent = next(f for f in found if f.check == "project_spent")
    assert "2020-10-12" in spent.message_en and "2020-09-30" in spent.message_en
    assert "may explain" in spent.message_en
    note = next(f for f in found if f.check == "as_of_date")
    assert "after" in note.message_en


def test_as_of_date_before():
    text = mini_text()
    lines = text.split("\n")
    first = lines.index(BETA_AS_OF)  # project 1's table title
    lines[first] = "※ 예산집행 현황 (단위 : 천원, ’20. 9. 28. 기준)"
    found = run_checks(parse("\n".join(lines)))
    assert keys(found) == {
        ("as_of_date", "info", "project_budget", "알파 연구", line_of(text, PB_ALPHA), None, None)
    }
    assert "before" in found[0].message_en and "2020-09-28" in found[0].message_en
    assert only(run_checks(parse(text)), "as_of_date") == set()


def test_project_funding():
    # Project 1 now brings in 200 of its own; a new unlinked revenue line keeps the
    # revenue table's sums.
    text = edit(
        mini_text(), (REV_ALPHA, "알파 연구 200 200 - 0% 200 100%\n\n기타수입 50 0 50 순증 50 100%")
    )
    found = run_checks(parse(text))
    assert keys(found) == {
        (
            "project_funding",
            "info",
            "expenditure_detail",
            "알파 연구",
            line_of(text, EXP_ALPHA),
            250.0,
            200.0,
        )
    }
    assert only(run_checks(parse(mini_text())), "project_funding") == set()


def test_audit_counts():
    text = mini_text()
    # The summary claims two finished correction demands; one is listed.
    found = mini_findings((AUDIT_TOTAL, "계 3 2 1"), (AUDIT_DEMANDS, "시정· 처리요구사항 2 2"))
    total_line, demands_line = line_of(text, AUDIT_TOTAL), line_of(text, AUDIT_DEMANDS)
    # one finding per (row, column): the total and the 완료 cell of both rows
    got = sorted(
        (f.check, f.item, f.line, f.reported, f.expected, "완료" in f.message) for f in found
    )
    assert got == [
        ("audit_counts", "계", total_line, 2.0, 1.0, True),
        ("audit_counts", "계", total_line, 3.0, 2.0, False),
        ("audit_counts", "시정· 처리요구사항", demands_line, 2.0, 1.0, False),
        ("audit_counts", "시정· 처리요구사항", demands_line, 2.0, 1.0, True),
    ]
    assert {f.severity for f in found} == {"error"}
    assert only(run_checks(parse(text)), "audit_counts") == set()


def test_audit_row_sum():
    text = mini_text()
    found = mini_findings((AUDIT_PROPOSALS, "건 의 사 항 2 1"))
    line = line_of(text, AUDIT_PROPOSALS)
    assert keys(found) == {
        ("audit_row_sum", "error", "audit_summary", "건의사항", line, 2.0, 1.0),
        ("audit_counts", "error", "audit_summary", "건의사항", line, 2.0, 1.0),
    }


@pytest.mark.parametrize("cut", ["Ⅲ. ", "Ⅳ. ", "Ⅴ. "])
def test_partial_reports_check_quietly(cut):
    # A report missing its later sections (tables empty) still checks: the parser
    # reports what is missing, and no rule breaks or fires on the missing tables.
    text = mini_text()
    for part in (text[: text.index(cut)], text[text.index(cut) :]):
        report = parse(part)
        assert run_checks(report) == []
        assert len(check(report)) == len(report.parse_findings)


# --------------------------------------------------------------------------- the findings table


def test_check_includes_parse_findings_and_is_sorted():
    report = parse(mini_text())
    frame = check(report)
    assert list(frame.columns) == FINDING_COLUMNS
    assert len(frame) == len(report.parse_findings) + len(run_checks(report))
    assert set(report.parse_findings["check"]) <= set(frame["check"])
    ranks = list(frame["severity"].map(SEVERITY_ORDER))
    assert ranks == sorted(ranks)
    assert report.findings.equals(frame)


def test_check_on_edited_dataframes():
    # Where text is impractical: a parsed report with one cell changed.
    report = parse(mini_text())
    report.expenditure_detail.loc[4, "remaining"] = 55
    found = run_checks(report)
    assert {(f.check, f.item, f.reported, f.expected) for f in found} == {
        ("remaining", "베타 교육", 55.0, 50.0),
        ("children_sum", "사업비", 200.0, 205.0),
    }


def test_summarize_groups_by_severity():
    found = check(parse(edit(mini_text(), (EXP_BETA, "베타 교육 150 100 66.67% 49"))))
    text = summarize(found, lang="en")
    lines = text.splitlines()
    assert lines[0].startswith(f"{len(found)} findings")
    heads = [line for line in lines if re.fullmatch(r"(ERROR|ROUNDING|INFO) \(\d+\)", line)]
    assert heads == sorted(heads, key=lambda h: SEVERITY_ORDER[h.split()[0].lower()])
    body = [line for line in lines[1:] if line and line not in heads]
    assert len(body) == len(found)
    assert all(re.match(r"^\s*(\d+|-)  \[\w+\] \S", line) for line in body)
    assert summarize(check(parse(mini_text())).iloc[0:0], "en").startswith("No findings")


def test_summarize_is_korean_by_default():
    found = check(parse(edit(mini_text(), (EXP_BETA, "베타 교육 150 100 66.67% 49"))))
    lines = summarize(found).splitlines()
    assert lines[0] == f"점검 결과 {len(found)}건 (오류 0건, 반올림 2건, 참고 3건)"
    heads = [line for line in lines if re.fullmatch(r"(오류|반올림|참고) \(\d+\)", line)]
    assert heads == ["반올림 (2)", "참고 (3)"]
    body = [line for line in lines[1:] if line and line not in heads]
    assert body and all(re.match(r"^\s*(\d+|-)  \[\w+\] \S", line) for line in body)
    assert [line.split("] ", 1)[1] for line in body] == list(found["message"])
    assert summarize(found.iloc[0:0]).startswith("점검 결과가 없습니다")


# --------------------------------------------------------------------------- the bundled report

# Every check finding on the bundled report, each confirmed against the printed text:
# (check, severity, table, item, line, reported, expected).
PINNED = {
    # §Ⅰ 세출 총괄 line 71: 계 집행액 5,283,766, but 1,393,069 + 635,135 + 3,255,563 + 0 = 5,283,767.
    ("children_sum", "rounding", "summary_budget", "계", 71, 5283766.0, 5283767.0),
    # §Ⅰ 세입 총괄 line 91: 계 징수액 10,252,794, but 4,985,543 + 2,248,130 + 3,019,122 = 10,252,795.
    ("children_sum", "rounding", "summary_budget", "계", 91, 10252794.0, 10252795.0),
    # §Ⅰ line 93: 사업수입 징수액 4,985,543, but 고유사업 4,471,401 + 수탁사업 514,141 = 4,985,542.
    ("children_sum", "rounding", "summary_budget", "사업수입", 93, 4985543.0, 4985542.0),
    # §Ⅳ 세입예산 line 1233: the same 계 징수액 10,252,794 against 10,252,795.
    ("children_sum", "rounding", "revenue_detail", "계", 1233, 10252794.0, 10252795.0),
    # §Ⅳ line 1235: the same 사업수입 징수액 4,985,543 against 4,985,542.
    ("children_sum", "rounding", "revenue_detail", "사업수입", 1235, 4985543.0, 4985542.0),
    # §Ⅳ 세출 line 1294: 계 집행액 5,283,766 against 5,283,767 (as in §Ⅰ) …
    ("children_sum", "rounding", "expenditure_detail", "계", 1294, 5283766.0, 5283767.0),
    # … and 계 집행잔액 6,500,793 against 1,022,846 + 616,561 + 4,178,736 + 682,649 = 6,500,792.
    ("children_sum", "rounding", "expenditure_detail", "계", 1294, 6500793.0, 6500792.0),
    # §Ⅳ line 1300: 사업비 집행액 3,255,563, but its 13 program lines (1310–1334) add to 3,255,564 …
    ("children_sum", "rounding", "expenditure_detail", "사업비", 1300, 3255563.0, 3255564.0),
    # … and 사업비 집행잔액 4,178,736 against 4,178,735.
    ("children_sum", "rounding", "expenditure_detail", "사업비", 1300, 4178736.0, 4178735.0),
    # Line 475: 지출액 집행률 printed 76.0%, but 608,666 / 800,000 = 76.08% → 76.1%.
    (
        "rate_pct",
        "rounding",
        "project_budget",
        "스마트도시 서비스 혁신지원 사업",
        475,
        76.0,
        76.0833,
    ),
    # Line 903: 지출액 집행률 printed 3,1%, but 38,027 / 1,247,000 = 3.0495% → 3.0%.
    ("rate_pct", "rounding", "project_budget", "기술기업 해외진출 지원", 903, 3.1, 3.0495),
    # Line 903 prints "3,1%": a comma typed for the decimal point.
    ("percent_comma", "info", "project_budget", "기술기업 해외진출 지원", 903, 3.1, None),
    # Line 1300 prints "43,79%" for 사업비's 집행률.
    ("percent_comma", "info", "expenditure_detail", "사업비", 1300, 43.79, None),
    # §Ⅲ 지출액 vs §Ⅳ 집행액, per project (§Ⅳ is as of ’20.9.30):
    # project 1: line 277 prints 176,917, line 1310 prints 176,786 (both 9.30).
    ("project_spent", "error", "project_budget", "스마트도시 정책연구", 277, 176917.0, 176786.0),
    # project 2: line 382 (as of 9.29) 157,809 vs line 1314 157,265.
    ("project_spent", "error", "project_budget", "도시데이터 활용 컨설팅", 382, 157809.0, 157265.0),
    # project 3: line 475 608,666 vs line 1324 608,667 (one unit).
    (
        "project_spent",
        "rounding",
        "project_budget",
        "스마트도시 서비스 혁신지원 사업",
        475,
        608666.0,
        608667.0,
    ),
    # project 4: line 561 101,686 vs line 1326 101,719.
    (
        "project_spent",
        "error",
        "project_budget",
        "소상공인 지원 협동로봇 개발 사업",
        561,
        101686.0,
        101719.0,
    ),
    # project 5: lines 695+700 (as of 9.28) 93,533 + 0 vs line 1316 4,301.
    (
        "project_spent",
        "error",
        "project_budget",
        "시민참여형 도시데이터 창출",
        695,
        93533.0,
        4301.0,
    ),
    # project 7: line 849 (as of 10.12) 22,366 vs line 1334 21,886.
    ("project_spent", "error", "project_budget", "디지털 국제협력", 849, 22366.0, 21886.0),
    # project 9: line 961 1,123,300 vs line 1332 1,123,005.
    (
        "project_spent",
        "error",
        "project_budget",
        "서울스마트시티센터운영",
        961,
        1123300.0,
        1123005.0,
    ),
    # project 10: line 1029 140,448 vs line 1320 140,449 (one unit).
    ("project_spent", "rounding", "project_budget", "도시데이터 교육", 1029, 140448.0, 140449.0),
    # project 11: line 1095 614,508 vs line 1328 614,009.
    ("project_spent", "error", "project_budget", "디지털 격차해소 사업", 1095, 614508.0, 614009.0),
    # project 13: line 1202 103,040 vs line 1312 102,515.
    (
        "project_spent",
        "error",
        "project_budget",
        "자치구스마트도시컨설팅",
        1202,
        103040.0,
        102515.0,
    ),
    # Project 5's §Ⅲ table has a second line, 시민 데이터 수집단 운영 (희망일자리사업) 540,000
    # (line 700); §Ⅳ budgets only 356,000 for the project (line 1316): 896,000 vs 356,000.
    (
        "project_line_missing",
        "error",
        "project_budget",
        "시민 데이터 수집단 운영 (희망일자리사업)",
        700,
        896000.0,
        356000.0,
    ),
    # §Ⅲ tables dated off the report's ’20.9.30: project 2 ’20.9.29 (line 375) …
    ("as_of_date", "info", "project_budget", "도시데이터 활용 컨설팅", 382, None, None),
    # … project 5 ’20.9.28 (line 686) …
    ("as_of_date", "info", "project_budget", "시민참여형 도시데이터 창출", 695, None, None),
    # … and project 7 ’20.10.12 (line 842), after it.
    ("as_of_date", "info", "project_budget", "디지털 국제협력", 849, None, None),
    # §Ⅳ expenditure budgets above the project's own §Ⅳ revenue lines:
    # project 12 (line 1322, 500,000) has no revenue line at all;
    (
        "project_funding",
        "info",
        "expenditure_detail",
        "디지털 소외계층 맞춤형 역량강화",
        1322,
        500000.0,
        0.0,
    ),
    # project 8: 1,247,000 (line 1330) vs revenue 432,000 (line 1257);
    (
        "project_funding",
        "info",
        "expenditure_detail",
        "기술기업 해외진출 지원",
        1330,
        1247000.0,
        432000.0,
    ),
    # project 9: 1,523,699 (line 1332) vs revenue 926,618 (line 1259).
    (
        "project_funding",
        "info",
        "expenditure_detail",
        "서울스마트시티센터 운영",
        1332,
        1523699.0,
        926618.0,
    ),
}


def test_bundled_report_findings_are_pinned(bundled):
    assert keys(run_checks(bundled)) == PINNED


def test_bundled_report_quiet_where_the_text_agrees(bundled):
    found = run_checks(bundled)
    # Line 849 prints 72% for 86,816 / 120,000 = 72.35%: right at no decimals.
    assert not [f for f in found if f.line == 849 and f.check == "rate_pct"]
    # §Ⅰ and §Ⅳ totals agree; the audit summary agrees with its 11 items.
    assert not [f for f in found if f.check in ("section_totals", "audit_counts", "audit_row_sum")]
    assert not [f for f in found if f.check == "check_failed"]


def test_bundled_findings_table(bundled):
    frame = bundled.findings
    assert len(frame) == len(bundled.parse_findings) + len(PINNED)
    text = summarize(frame)
    assert "[percent_comma]" in text and "'43,79%'" in text
    spent = frame[(frame["check"] == "project_spent") & (frame["line"] == 382)]
    # the message names both places and both as-of dates, in both languages
    message = spent["message_en"].iloc[0]
    for part in ("line 382", "line 1314", "2020-09-29", "2020-09-30"):
        assert part in message
    message = spent["message"].iloc[0]
    for part in ("382행", "1314행", "2020-09-29", "2020-09-30"):
        assert part in message


def test_bundled_edited_figure_explains_its_findings(bundled):
    # §Ⅳ line 1318: 스마트시민랩 운영 집행액 166,935 → 160,935 (nothing else changed).
    text = BUNDLED.read_text(encoding="utf-8")
    old = "스마트시민랩 운영 350,000 166,935 47.70% 183,065"
    assert text.count(old) == 1
    edited = parse(
        text.replace(old, "스마트시민랩 운영 350,000 160,935 47.70% 183,065"), BUNDLED.name
    )
    before, after = keys(run_checks(bundled)), keys(run_checks(edited))
    assert after - before == {
        # 사업비's program lines now add to 3,249,564 against 3,255,563
        ("children_sum", "error", "expenditure_detail", "사업비", 1300, 3255563.0, 3249564.0),
        # 160,935 / 350,000 = 45.98%, printed 47.70%
        ("rate_pct", "error", "expenditure_detail", "스마트시민랩 운영", 1318, 47.7, 45.9814),
        # 350,000 − 160,935 = 189,065, printed 183,065
        ("remaining", "error", "expenditure_detail", "스마트시민랩 운영", 1318, 183065.0, 189065.0),
        # §Ⅲ line 791 prints 166,935 disbursed
        ("project_spent", "error", "project_budget", "스마트시민랩 운영", 791, 166935.0, 160935.0),
    }
    # the one-unit miss in 사업비's 집행액 is superseded by the bigger one
    assert before - after == {
        ("children_sum", "rounding", "expenditure_detail", "사업비", 1300, 3255563.0, 3255564.0),
    }


def test_findings_frame_types(bundled):
    frame = bundled.findings
    assert str(frame["line"].dtype) == "Int64"
    assert frame["reported"].dtype == "float64"
    assert set(frame["severity"]) <= set(SEVERITY_ORDER)
    assert pd.api.types.is_object_dtype(frame["message"])
