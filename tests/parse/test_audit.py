from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES

from sdfkit.parse.audit import normalise_status, place_counts
from sdfkit.parse.pipeline import parse_text

SNIPPET = (FIXTURES / "snippets" / "audit_summary.txt").read_text(encoding="utf-8")


def test_normalise_status():
    assert normalise_status("제출완료") == "완료"
    assert normalise_status("추진 중") == normalise_status("추진중") == "추진 중"
    assert normalise_status("검토중") == "검토 중"
    assert normalise_status("미반영") == "미반영"
    assert normalise_status("보류") is None


def test_items_from_a_snippet():
    report = parse_text(SNIPPET, Path("a.txt"))
    items = report.audit_items
    assert items.category.tolist() == ["시정· 처리요구사항", "시정· 처리요구사항", "건의사항"]
    assert items.demand.tolist()[0] == "가상재단은 첫째 요구를 처리하기 바람"
    assert items.status.tolist() == ["완료", "검토 중", "추진 중"]
    assert items.status_raw.tolist() == ["완료", "검토 중", "추진중"]
    assert items.plan.tolist() == [None, "◦ 검토 완료 : ’21. 3월", None]
    assert report.meta["institution"] == "가상재단"


def test_summary_cells_placed_by_items_and_totals():
    s = parse_text(SNIPPET, Path("a.txt")).audit_summary.set_index("category")
    assert s.loc["계"].tolist()[:5] == [3, 1, 1, 1, 0]
    assert s.loc["시정· 처리요구사항"].tolist()[:5] == [2, 1, 0, 1, 0]
    assert s.loc["건의사항"].tolist()[:5] == [1, 0, 1, 0, 0]


def test_placement_without_items_is_ambiguous_and_said():
    columns = ["완료", "추진 중", "검토 중", "미반영"]
    rows = [("계", [3, 1, 1, 1], 1), ("시정", [2, 1, 1], 2), ("건의", [1, 1], 3)]
    placed, how = place_counts(columns, rows, {})
    assert how == "ambiguous"
    assert placed[0] == dict.fromkeys(columns)
    # with a full row nothing needs placing
    placed, how = place_counts(columns, [("계", [2, 1, 1, 0, 0], 1)], {})
    assert how == "complete" and placed[0] == {"완료": 1, "추진 중": 1, "검토 중": 0, "미반영": 0}


def test_ambiguous_summary_is_a_finding():
    text = SNIPPET.split("시정· 처리 요구사항\n")[0]  # the summary without its items
    report = parse_text(text, Path("a.txt"))
    assert report.audit_summary.done.isna().all()
    assert "summary_cells_ambiguous" in set(report.parse_findings.check)


def test_regression_category_title_not_glued_to_previous_items_actions(bundled):
    # Bug: "건 의 사 항" (line 1649) ended item 8's actions.
    actions = bundled.audit_items.set_index("item_no").loc[8, "actions"]
    assert actions.endswith("전면 개편할 것을 검토할 예정임")


def test_items_whatever_their_labels_and_categories(tmp_path):
    # Another institution's §Ⅴ: ① 요구사항 / ② 처리결과 / ③ 조치내용 / ④ 향후계획, and
    # categories named 시정요구 and 건의사항.
    text = """Ⅴ. 2023 행정사무감사 처리결과

□ 총 괄
구 분 계 완 료 추진 중 검토 중 미반영
계 2 1 1
시정요구 1 1
건의사항 1 1

시 정 요 구

시정요구 조치결과
① 요구사항 : 위탁 운영 사업의 관리감독을
강화할 것
② 처리결과 : 조치완료
③ 조치내용
◦ 분기별 점검 회의 개최
④ 향후계획
◦ 하반기 중 추진 결과 점검 예정

건 의 사 항

① 요구사항 : 유사 사업을 재정비하기 바람
② 처리결과 : 추진중
③ 조치내용
◦ 사업 구조 재편 추진
"""
    report = parse_text(text, tmp_path / "r.txt")
    items = report.audit_items
    assert list(items["category"]) == ["시정요구", "건의사항"]
    assert list(items["demand"]) == [
        "위탁 운영 사업의 관리감독을 강화할 것",
        "유사 사업을 재정비하기 바람",
    ]
    assert list(items["status"]) == ["완료", "추진 중"]
    assert list(items["status_raw"]) == ["조치완료", "추진중"]
    assert items["actions"].iat[0] == "◦ 분기별 점검 회의 개최"
    assert items["plan"].iat[0] == "◦ 하반기 중 추진 결과 점검 예정"
    assert list(report.audit_summary["done"]) == [1, 1, 0]


def test_a_section_that_yields_no_item_is_an_error(tmp_path):
    text = "Ⅴ. 2023 행정사무감사 처리결과\n\n○ 자료를 제출하기 바람\n□ 처리현황 없음\n"
    findings = parse_text(text, tmp_path / "r.txt").parse_findings
    missing = findings.query("check == 'table_missing' and table == 'audit_items'")
    assert list(missing["severity"]) == ["error"] and list(missing["line"]) == [1]
