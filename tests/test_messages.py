"""The message catalogue (sdfkit.messages): every check code has a Korean and an
English sentence; the findings table carries both (``message`` in Korean,
``message_en``); the parser's own English text is kept; rendering never fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPORT_PATH, replace_once, write_variant

from sdfkit.checks import check
from sdfkit.findings import Finding
from sdfkit.messages import CATALOGUE, GENERIC, render
from sdfkit.messages.figures import quote_amount
from sdfkit.parse.pipeline import parse_text, read_report

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "checks" / "mini_report.txt"
HANGUL = re.compile(r"[가-힣]")
# Two English words in a row: a Korean sentence may hold a label or a file name in
# Latin letters (ICT, data/aliases.csv), never English prose.
ENGLISH = re.compile(r"\b[A-Za-z]{3,}\s+[A-Za-z]{3,}\b")


def _variants(text: str, mini: str) -> dict[str, str]:
    """Edited copies of the bundled and the mini report, each made to raise codes
    the original does not."""
    lines = text.split("\n")
    audit_at = next(i for i, ln in enumerate(lines) if ln.strip() == "Ⅴ")
    table_at = next(
        i for i, ln in enumerate(lines) if ln.startswith("디지털 국제협력 120,000 86,816")
    )
    return {
        "bundled": text,
        # a status that is none of the four, a plan date that is no date, a table
        # without its as-of date, no team duties, an extra audit category
        "status": text.replace("□ 추진상황 : 추진 중", "□ 추진상황 : 보류", 1),
        "date": replace_once(text, "인쇄・배포 : ‘20. 10월~12월", "인쇄・배포 : ‘20. 13월~14월"),
        "as_of": replace_once(
            text, "※ 예산집행 현황 (단위 : 천원, ’20. 9. 29. 기준)", "※ 예산집행 현황 (단위 : 천원)"
        ),
        "teams": replace_once(text, " 팀별 담당업무\n", "\n"),
        "audit": replace_once(text, "건 의 사 항 1 1\n", "건 의 사 항 1 1\n\n기 타 사 항 1 1\n"),
        # §Ⅴ cut off: a section, its tables and the institution missing
        "no_audit": "\n".join(lines[:audit_at]) + "\n",
        # a torn row, and the report twice (a repeated heading, tables not read)
        "torn": replace_once(
            text,
            "경 비 1,251,696 1,588,274 △336,578 △21.2% 635,135 50.74%",
            "경 비 1,251,696 1,588,274 △336,578 △21.2% 635,1x5 50.74%",
        ),
        "twice": text + "\n" + text,
        # a project's budget table removed (its header, column lines and row)
        "no_table": "\n".join(lines[: table_at - 5] + lines[table_at + 1 :]),
        # the mini report with every figure rule broken once, and its audit summary
        # off from its items or from itself
        "mini": mini,
        "mini_broken": _break_mini(mini),
        "mini_audit": replace_once(
            replace_once(mini, "계 2 1 1", "계 3 2 1"),
            "시정· 처리요구사항 1 1",
            "시정· 처리요구사항 2 2",
        ),
        "mini_row": replace_once(mini, "건 의 사 항 1 1", "건 의 사 항 2 1"),
    }


def _break_mini(mini: str) -> str:
    edits = [
        ("알파 연구 250 200 50 25% 250 100%", "알파 연구 250 200 60 35% 250 100%"),
        ("베타 교육 150 100 66.67% 50", "베타 교육 150 100 66.67% 40"),
        ("알파 연구 250 100 40.00% 150", "알파 연구 250 100 40,00% 150"),
        ("인 건 비 600 500 100 20.0% 300 50.00%", "인 건 비 600 500 100 20.0% 312 52.00%"),
        (
            "알파 연구 250 150 100 60.0% 40.0% 250 100.0%",
            "알파 연구 260 150 100 57.7% 38.5% 260 100.0%",
        ),
    ]
    for old, new in edits:
        mini = replace_once(mini, old, new)
    return mini


@pytest.fixture(scope="module")
def emitted(tmp_path_factory) -> dict[str, object]:
    """The findings tables of every variant, by name."""
    text = REPORT_PATH.read_text(encoding="utf-8")
    mini = MINI.read_text(encoding="utf-8")
    out = {
        name: check(parse_text(t, Path(f"{name}.txt"))) for name, t in _variants(text, mini).items()
    }
    # A text file named as another format: a note from reading the file.
    folder = tmp_path_factory.mktemp("formats")
    out["format"] = read_report(write_variant(folder, mini, name="mini.hwp")).findings
    return out


def test_variants_raise_the_codes_they_were_made_for(emitted):
    codes = {c for frame in emitted.values() for c in frame["check"]}
    assert {
        "status_unknown",
        "date_unreadable",
        "as_of_missing",
        "teams_missing",
        "summary_cells_ambiguous",
        "section_missing",
        "table_missing",
        "meta_missing",
        "row_unreadable",
        "section_duplicate",
        "table_unread",
        "name_unmatched",
        "children_sum",
        "change_amount",
        "change_pct",
        "rate_pct",
        "remaining",
        "percent_comma",
        "section_totals",
        "project_budget",
        "project_spent",
        "project_line_missing",
        "project_funding",
        "audit_counts",
        "audit_row_sum",
        "as_of_date",
        "format_mismatch",
    } <= codes


def test_every_code_emitted_has_a_korean_and_an_english_sentence(emitted):
    for name, frame in emitted.items():
        for rec in frame.to_dict("records"):
            where = (name, rec["check"], rec["line"])
            assert rec["check"] in CATALOGUE, where
            korean, english = rec["message"], rec["message_en"]
            assert HANGUL.search(korean) and not ENGLISH.search(korean), (where, korean)
            assert english and ENGLISH.search(english), (where, english)
            # not the fallback for a code without an entry or its parameters
            assert "점검에서 확인할 사항이 있습니다" not in korean, (where, korean)


def _source_codes() -> set[str]:
    # Every code written in the library: doc.note("code", …), row_finding("code", …),
    # Finding(check="code", …) and the identities' Difference("code", …) / Ratio(…).
    pattern = re.compile(
        r"""(?:\.note\(|row_finding\(|check=|Difference\(|Ratio\()\s*["']([a-z_]+)["']"""
        # parse.corpus's own rows: add(report_id, meta, "code", …)
        r"""|\badd\(\s*\w+,\s*\w+,\s*["']([a-z_]+)["']"""
    )
    codes = set()
    for path in (ROOT / "sdfkit").rglob("*.py"):
        found = pattern.findall(path.read_text(encoding="utf-8"))
        codes |= {code for pair in found for code in pair if code}
    return codes


def test_every_code_in_the_library_is_in_the_catalogue():
    codes = _source_codes()
    assert {"children_sum", "row_unreadable", "check_failed", "change_pct", "same_report"} <= codes
    assert codes - set(CATALOGUE) == set()


def test_the_parsers_english_is_kept_and_a_korean_sentence_made():
    note = Finding(
        check="table_unread",
        severity="error",
        table="report",
        message="The table at lines 40-52 (its header: budget summary) was not read.",
        line=40,
    )
    assert note.message_en.startswith("The table at lines 40-52")
    assert note.message.startswith("40~52행의 표를 읽지 않았습니다")
    # Read back (both given): nothing is rendered again.
    again = Finding("table_unread", "error", "report", "다른 문장", message_en="Other text")
    assert (again.message, again.message_en) == ("다른 문장", "Other text")


def test_the_korean_of_the_bundled_findings(emitted):
    frame = emitted["bundled"]

    def korean(check: str, line: int) -> str:
        rows = frame[(frame["check"] == check) & (frame["line"] == line)]
        return rows["message"].iloc[0]

    assert korean("project_spent", 277) == (
        "사업 1 '스마트도시 정책연구'의 지출액은 §Ⅲ 예산집행 현황 277행(2020-09-30 기준)에 "
        "176,917천원이지만 §Ⅳ 세출예산 집행현황 1310행(2020-09-30 기준)의 집행액은 "
        "176,786천원으로, §Ⅲ 쪽이 131천원 더 많습니다. 두 표의 기준일이 같은데도 금액이 다릅니다."
    )
    assert korean("children_sum", 93) == (
        "§Ⅰ 세입 총괄에서 '사업수입' 아래 2개 행(95~97행)의 징수액 합계는 4,985,542천원이지만, "
        "'사업수입'에는 4,985,543천원으로 적혀 있습니다(93행)."
    )
    assert korean("rate_pct", 903) == (
        "§Ⅲ 예산집행 현황 903행의 '기술기업 해외진출 지원' 지출액 집행률은 3.1%로 적혀 있으나, "
        "38,027천원 / 1,247,000천원 = 3.049%이므로 표시된 자릿수로 반올림하면 3.0%입니다. "
        "마지막 자리만 다른 반올림 차이입니다."
    )
    assert "12일 늦어" in korean("as_of_date", 849)
    assert "'43,79%'로 적혀 있어 43.79%로 읽었습니다" in korean("percent_comma", 1300)


def test_the_korean_of_the_mini_findings(emitted):
    audit = emitted["mini_audit"].set_index("check").loc["audit_counts", "message"].tolist()
    # The total cell and the 완료 cell of a row are told apart.
    assert any("'완료'가 2건으로 적혀 있으나" in m for m in audit)
    assert any("행에는 3건으로 적혀 있으나, §Ⅴ에 나열된 요구사항 전체" in m for m in audit)
    remaining = emitted["mini_broken"].set_index("check").loc["remaining", "message"]
    assert (
        "집행잔액은 40천원으로 적혀 있으나, 예산현액 − 집행액은 150천원 − 100천원 = 50천원입니다"
        in (remaining)
    )


def test_rendering_never_fails():
    # A code with no entry, or an entry without its parameters: a plain sentence.
    fields = {"check": "new_rule", "table": "expenditure_detail", "line": 7}
    assert (
        render("new_rule", "ko", fields)
        == "§Ⅳ 세출예산 집행현황 7행: 'new_rule' 점검에서 확인할 사항이 있습니다."
    )
    assert render("children_sum", "ko", {**fields, "check": "children_sum"}).startswith(
        "§Ⅳ 세출예산 집행현황 7행:"
    )
    assert render("children_sum", "en", {**fields, "check": "children_sum"}) == (
        "the §Ⅳ expenditure table (세출예산 집행현황, line 7): a finding of the children_sum check."
    )
    assert GENERIC.ko and GENERIC.en
    with pytest.raises(ValueError):
        render("children_sum", "fr", fields)


def test_the_corpus_codes_render_from_their_parameters():
    fields = {"table": "report"}
    params = {"other": "report_b", "differ": "summary_budget", "file": "b.txt", "error": "x"}
    assert render("report_conflict", "ko", fields, params) == (
        "같은 기관·같은 연도의 보고서 report_b와 수치가 다릅니다(summary_budget). "
        "두 보고서를 모두 남겼습니다."
    )
    assert render("duplicate_file", "en", fields, params) == (
        "File b.txt has the same bytes (sha256) as this report: read once."
    )


def test_amounts_of_a_coarser_table_are_quoted_as_printed():
    # As printed, with the stored (main-unit) value alongside.
    assert quote_amount(9000, "ko", "백만원", "천원") == "9백만원(9,000천원)"
    assert quote_amount(-337000, "en", "백만원", "천원") == (
        "△337 million won (△337,000 thousand won)"
    )
    assert quote_amount(9000, "ko", "백만원", "천원", alongside=False) == "9백만원"
    # Not a whole number of the unit (a gap across tables), or a finer unit: the
    # stored value, in English with its unit since the finding quotes units.
    assert quote_amount(5234, "ko", "백만원", "천원") == "5,234천원"
    assert quote_amount(5234, "en", "원", "천원") == "5,234 thousand won"
    # A finding without units reads as it always did.
    assert quote_amount(5234, "ko") == "5,234천원" and quote_amount(5234, "en") == "5,234"


def test_a_finding_on_a_table_in_millions_quotes_its_figures_as_printed():
    fields = {
        "check": "children_sum",
        "table": "expenditure_detail",
        "item": "계",
        "reported": 9000,
        "expected": 8000,
        "line": 12,
    }
    params = {"column": "budget", "count": 2, "line_numbers": [14, 16]}
    plain = render("children_sum", "ko", fields, params)
    assert "합계는 8,000천원이지만, '계'에는 9,000천원으로" in plain
    quoted = {**params, "unit": "백만원", "main_unit": "천원"}
    assert render("children_sum", "ko", fields, quoted) == (
        "§Ⅳ 세출예산 집행현황에서 '계' 아래 2개 행(14~16행)의 예산현액 합계는 "
        "8백만원(8,000천원)이지만, '계'에는 9백만원(9,000천원)으로 적혀 있습니다(12행)."
    )
    assert render("children_sum", "en", fields, quoted).endswith(
        "add up to 8 million won (8,000 thousand won) in budget (예산현액), but '계' prints "
        "9 million won (9,000 thousand won) (line 12)."
    )
