from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, replace_once, write_variant

from sdfkit.parse.audit import normalise_status, place_counts
from sdfkit.parse.pipeline import parse_text, read_report

SNIPPET = (FIXTURES / "snippets" / "audit_summary.txt").read_text(encoding="utf-8")


def test_normalise_status():
    assert normalise_status("제출완료") == "완료"
    assert normalise_status("추진 중") == normalise_status("추진중") == "추진 중"
    assert normalise_status("검토중") == "검토 중"
    assert normalise_status("미반영") == "미반영"
    assert normalise_status("보류") is None


@pytest.mark.parametrize(
    ("printed", "status"),
    [
        ("추진중", "추진 중"),
        ("추 진 중", "추진 중"),
        ("추진\u3000중", "추진 중"),
        ("추진 중(80%)", "추진 중"),
        ("추진 중(’21.6월 완료 예정)", "추진 중"),
        ("진행 중", "추진 중"),
        ("완료(’20.6.)", "완료"),
        ("완 료", "완료"),
        ("제출 완료", "완료"),
        ("검토 중(관계부서 협의)", "검토 중"),
        ("불수용", "미반영"),
        ("수용 불가", "미반영"),
    ],
)
def test_a_status_is_read_whatever_its_spacing_and_remarks(printed, status):
    assert normalise_status(printed) == status


@pytest.mark.parametrize(
    "printed", ["보류", "유보", "해당 없음", "", "미완료", "미추진", "완료 예정", "완료(예정)"]
)
def test_a_word_in_no_list_or_a_negated_one_is_no_status(printed):
    # 미완료 holds 완료 and 완료 예정 is not done yet: neither is guessed as 완료.
    assert normalise_status(printed) is None


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


# The bundled report's item 2 (demand from line 1422), its status "□ 추진상황 : 추진 중"
# printed on line 1442, with what stands above it so that the edit hits that one.
ITEM_2_STATUS = "좀 더 노력해야 할 것임\n\n(서울디지털재단)\n\n□ 추진상황 : 추진 중"


def _status_findings(report) -> pd.DataFrame:
    found = report.findings
    return found[found["check"] == "status_unknown"].reset_index(drop=True)


def test_an_unknown_status_word_is_named_on_its_line_and_the_item_still_read(
    bundled, report_text, tmp_path
):
    text = replace_once(report_text, ITEM_2_STATUS, ITEM_2_STATUS.replace("추진 중", "보류"))
    # The word stands on line 1442 of the edited text (as `sdfkit text` numbers it).
    assert text.split("\n").index("□ 추진상황 : 보류") + 1 == 1442
    report = read_report(write_variant(tmp_path, text))
    items = report.audit_items
    assert len(items) == len(bundled.audit_items) == 11
    # Every other cell as the bundled report's; item 2's status empty, not guessed.
    expected = bundled.audit_items.copy()
    at = expected.index[expected["item_no"] == 2][0]
    expected.loc[at, "status"] = None
    expected.loc[at, "status_raw"] = "보류"
    pd.testing.assert_frame_equal(items, expected)
    assert items.loc[at, "line"] == 1422 and pd.isna(items.loc[at, "status"])
    pd.testing.assert_frame_equal(report.audit_summary, bundled.audit_summary)
    # One finding, an error, on the word's line, naming the word in both languages.
    found = _status_findings(report)
    assert found[["severity", "table", "item", "line"]].values.tolist() == [
        ["error", "audit_items", "보류", 1442]
    ]
    assert (
        found["message_en"]
        .iat[0]
        .startswith("Status word not recognised: '보류' at line 1442 (demand 2 of §Ⅴ).")
    )
    assert (
        found["message"]
        .iat[0]
        .startswith(
            "§Ⅴ 처리결과 1442행(요구사항 2)의 추진상황 '보류'는 완료·추진 중·검토 중·미반영 "
            "가운데 어느 것으로도 읽히지 않아 이 요구사항의 추진상황을 비워 두었습니다."
        )
    )

    # It is the only new error: the summary's 추진 중 counts (6 and 5, one more than
    # the recognised items) are what that demand may explain, so notes, not errors.
    def errors(r):
        e = r.findings[r.findings["severity"] == "error"]
        return set(zip(e["check"], e["line"]))

    assert errors(report) - errors(bundled) == {("status_unknown", 1442)}
    assert errors(bundled) - errors(report) == set()
    counts = report.findings[report.findings["check"] == "audit_counts"]
    assert counts[["severity", "line", "reported", "expected"]].values.tolist() == [
        ["info", 1360, 6, 5],
        ["info", 1362, 5, 4],
    ]


def test_a_status_with_other_spacing_or_remarks_is_read_not_flagged(bundled, report_text, tmp_path):
    # item no: (what stands above its status line, the status as printed now)
    edits = {
        1: ("보완책을 강구하기 바람\n\n(서울디지털재단)\n\n□ 추진상황 : 추진 중", "추진 중(80%)"),
        2: (ITEM_2_STATUS, "추진중"),
        4: ("꼭 시정조치 하기 바람\n\n(서울디지털재단)\n\n□ 추진상황 : 완료", "완료(’20.6.)"),
        5: ("요구됨\n\n(서울디지털재단)\n\n□ 추진상황 : 추진 중", "추 진 중"),
        11: ("증가된 계획)\n\n(서울디지털재단)\n\n□ 추진상황 : 제출완료", "제출 완료"),
    }
    text = report_text
    for old, printed in edits.values():
        head, _sep, _status = old.rpartition(" : ")
        text = replace_once(text, old, f"{head} : {printed}")
    report = read_report(write_variant(tmp_path, text))
    items, before = report.audit_items, bundled.audit_items
    pd.testing.assert_frame_equal(
        items.drop(columns="status_raw"), before.drop(columns="status_raw")
    )
    raw = dict(zip(items["item_no"], items["status_raw"]))
    assert {no: raw[no] for no in edits} == {no: p for no, (_o, p) in edits.items()}
    assert _status_findings(report).empty
    key = ["check", "severity", "line"]
    assert report.findings[key].equals(bundled.findings[key])


def test_a_negated_or_missing_status_is_flagged_not_read_as_done(tmp_path):
    text = replace_once(SNIPPET, "□ 추진상황 : 완료", "□ 추진상황 : 미완료")
    text = replace_once(text, "□ 추진상황 : 추진중", "□ 추진상황 :")
    report = parse_text(text, tmp_path / "r.txt")
    items = report.audit_items
    assert items["status"].tolist() == [None, "검토 중", None]
    assert items["status_raw"].tolist() == ["미완료", "검토 중", None]
    found = _status_findings(report)
    assert found[["severity", "item", "line"]].values.tolist() == [
        ["error", "미완료", 28],
        ["error", None, 54],
    ]
    assert found["message_en"].tolist()[1].startswith("No status word at line 54 (demand 3 of §Ⅴ).")
    assert (
        found["message"]
        .tolist()[1]
        .startswith("§Ⅴ 처리결과 54행(요구사항 3)에는 추진상황이 적혀 있지 않아")
    )
