"""End-to-end: the bundled report against tables a person checked line by line
against the printed report (tests/golden/*.csv), plus spot checks with the line
each figure stands on."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from conftest import GOLDEN

from sdfkit.publish.tables import frame_to_csv
from sdfkit.report import TABLES


def _roundtrip(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(frame_to_csv(frame)), encoding="utf-8-sig", keep_default_na=True)


@pytest.mark.parametrize("table", TABLES)
def test_every_row_of_every_table_matches_the_checked_golden_copy(bundled, table):
    golden = pd.read_csv(GOLDEN / f"{table}.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(_roundtrip(getattr(bundled, table)), golden, check_dtype=False)


def test_meta_is_read_from_the_document(bundled):
    meta = bundled.meta
    assert meta["institution"] == "서울디지털재단"  # §Ⅴ, line 1348
    assert meta["fiscal_year"] == 2020  # "2020 예산현액", line 61
    assert meta["prior_year"] == 2019  # "2019 최종예산", line 64
    assert meta["as_of"] == "2020-09-30"  # "(’20. 9. 30. 기준)", line 10
    assert meta["unit"] == "천원"  # "단위 : 천원", line 53
    assert len(meta["source_sha256"]) == 64


def test_summary_budget_spot_checks(bundled):
    s = bundled.summary_budget.set_index(["side", "item"])
    # line 75: 경 비 1,251,696 1,588,274 △336,578 △21.2% 635,135 50.74%
    row = s.loc[("expenditure", "경비")]
    assert (
        row.budget,
        row.prior_budget,
        row.change,
        row.change_pct,
        row.actual,
        row.actual_pct,
    ) == (
        1251696,
        1588274,
        -336578,
        -21.2,
        635135,
        50.74,
    )
    # line 95: 　 고 유 사 업 … — indented under 사업수입 (rebuilt from the sums)
    assert s.loc[("revenue", "고유사업"), "parent"] == "사업수입"
    assert s.loc[("revenue", "순세계잉여금"), "parent"] == "잉여금(이월금)수입"
    assert s.loc[("revenue", "서울시출연금"), "parent"] == "계"


def test_expenditure_body_before_revenue_body_is_told_apart_by_header(bundled):
    s = bundled.summary_budget
    # The 세출 body (집행현황) comes first in the text, though its title comes second.
    assert s.loc[s.side == "expenditure", "line"].min() == 71
    assert s.loc[s.side == "revenue", "actual"].iloc[0] == 10252794  # 징수액, line 91


def test_revenue_detail_new_and_nil(bundled):
    r = bundled.revenue_detail.set_index("item")
    assert bool(r.loc["도시데이터 활용 컨설팅", "is_new"])  # 순증, line 1243
    assert pd.isna(r.loc["도시데이터 활용 컨설팅", "change_pct"])
    assert r.loc["자치구 스마트도시 컨설팅", "change"] == 0  # "-", line 1241
    assert pd.isna(r.loc["도시데이터사이언스 연구", "collected_pct"])  # "-", line 1263
    assert r.loc["디지털 격차해소(국비)", "project_no"] == 11  # 수탁사업 line of project 11
    assert pd.isna(r.loc["개포디지털혁신파크 운영", "project_no"])  # discontinued 2019 program


def test_expenditure_detail_comma_percent_and_projects(bundled):
    e = bundled.expenditure_detail.set_index("item")
    assert e.loc["사업비", "spent_pct"] == 43.79  # printed "43,79%", line 1300
    assert e.loc["디지털 소외계층 맞춤형 역량강화", "project_no"] == 12
    linked = bundled.expenditure_detail.dropna(subset=["project_no"])
    assert sorted(linked.project_no) == list(range(1, 14))
    pf = bundled.percent_format
    typed = pf[pf.comma_typed]
    # "43,79%" (line 1300) and "3,1%" (line 903): a comma typed for the decimal point
    assert list(zip(typed.table, typed.column, typed.line)) == [
        ("expenditure_detail", "spent_pct", 1300),
        ("project_budget", "spent_pct", 903),
    ]


def test_project_budget_wrapped_labels_and_as_of(bundled):
    b = bundled.project_budget
    p3 = b[b.project_no == 3].iloc[0]
    assert p3["item"] == "스마트도시 서비스 혁신지원 사업"  # wrapped over lines 472-473
    assert p3["line"] == 475
    p7 = b[b.project_no == 7].iloc[0]
    assert p7["as_of"] == pd.Timestamp("2020-10-12")  # "(단위 : 천원, ‘20. 10. 12. 기준)", line 842
    assert len(b[b.project_no == 5]) == 2  # two budget lines, lines 695 and 700


def test_projects_identity_strategy_and_team(bundled):
    p = bundled.projects.set_index("project_no")
    assert p.loc[7, "team"] == "기획팀"  # duty "국제협력", line 17
    assert p.loc[12, "team"] == "디지털교육팀"  # "디지털 취약계층 맞춤형 역량강화 교육", line 37
    assert p.loc[9, "team"] == "스마트시티센터팀"  # team and duty on one line, line 44
    assert p.loc[13, "strategy_no"] == 3
    assert p.loc[4, "title"] == "소상공인 지원 협동로봇 개발"


def test_audit_summary_cells_placed_by_the_items(bundled):
    s = bundled.audit_summary.set_index("category")
    # line 1364 "건 의 사 항 1 1": the second 1 is 추진 중 (item 9's status, line 1676)
    assert s.loc["건의사항"].tolist()[:5] == [1, 0, 1, 0, 0]
    # line 1366 "기타(자료제출 등) 2 2": both items are 제출완료 → 완료
    assert s.loc["기타(자료제출 등)", "done"] == 2
    pf = bundled.parse_findings
    assert "summary_cells_placed" in set(pf.check)


def test_audit_items_status_normalised_and_raw_kept(bundled):
    a = bundled.audit_items
    assert a.status.value_counts().to_dict() == {"추진 중": 6, "완료": 5}
    assert a.loc[a.item_no == 10, "status_raw"].item() == "제출완료"
    assert (
        a.loc[a.item_no == 1, "demand"]
        .item()
        .startswith("서울디지털재단의 어디나 지원단 교육의 규모가")
    )


def test_every_row_points_at_a_line_holding_its_first_figure(bundled, report_text):
    lines = report_text.splitlines()
    for name in ("summary_budget", "revenue_detail", "expenditure_detail", "project_budget"):
        frame = getattr(bundled, name)
        for line, budget in zip(frame.line, frame.budget):
            assert f"{budget:,}" in lines[line - 1], (name, line)


def test_parse_findings_on_the_bundled_report_are_notes_only(bundled):
    pf = bundled.parse_findings
    assert set(pf.severity) == {"info"}
    unmatched = pf[pf.check == "name_unmatched"]
    # the seven 2019 programs with no 2020 budget, lines 1263-1279
    assert unmatched.line.tolist() == [1263, 1265, 1267, 1269, 1271, 1277, 1279]


def test_a_report_with_few_sections_is_read_with_an_error(tmp_path):
    from sisters.generate import Variation, build

    from sdfkit.parse.pipeline import parse_text

    text = build(Variation(), 5).text
    # Keep §Ⅳ alone: its tables are read, and the report says what is missing.
    start = text.index(" Ⅳ\n")
    end = text.index(" Ⅴ\n")
    report = parse_text(text[start:end], tmp_path / "r.txt")
    assert len(report.expenditure_detail) > 5
    few = report.parse_findings.query("check == 'sections_few'")
    assert list(few["severity"]) == ["error"]
    assert report.meta["coverage"]["numbers"] > 0


@pytest.mark.parametrize("title", ["○ 예산 집행현황", "□ 예산현황", "< 예산 집행실적 >"])
def test_a_budget_tables_title_after_the_plans_is_no_plan(tmp_path, title):
    from sdfkit.parse.pipeline import parse_text

    text = (
        "Ⅲ. 주요업무 추진계획\n\n1  청년 창업 지원\n\n○ 사업 내용\n\n향후계획\n"
        "○ 결과 보고 : ’24.11월\n\n"
        f"{title}\n(단위 : 천원, ’24. 9. 30. 기준)\n\n"
        "사업명 예산현액\n집행액 집행률(%) ’24년말 집행예상액\n"
        "원인행위 지출액 원인행위 지출액 예상액 집행률(%)\n"
        "청년 창업 지원 100,000 80,000 60,000 80.0% 60.0% 95,000 95.0%\n"
    )
    report = parse_text(text, tmp_path / "r.txt")
    assert list(report.milestones["text"]) == ["결과 보고"]
    assert len(report.project_budget) == 1
