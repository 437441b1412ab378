from __future__ import annotations

import pandas as pd
import pytest
from conftest import replace_once, write_variant

from sdfkit.parse.linking import Matcher, bigram_similarity, load_aliases
from sdfkit.parse.pipeline import read_report


def test_bigram_similarity():
    assert bigram_similarity("디지털격차해소", "디지털격차해소") == 1.0
    assert bigram_similarity("국제협력", "디지털국제협력") == 0.9  # wholly inside
    assert bigram_similarity("시민참여형도시데이터창출", "시민참여형공공데이터창출") > 0.7
    assert bigram_similarity("도시데이터사이언스연구", "도시데이터교육") < 0.6


def test_matcher_exact_similar_ambiguous_and_alias():
    m = Matcher(
        {1: {"도시데이터 교육"}, 2: {"도시데이터 활용 컨설팅"}, 3: {"디지털 격차해소 사업"}}
    )
    assert m.match("디지털 격차해소(국비)") == (3, "exact")  # 사업 and (국비) dropped
    assert m.match("도시데이터 활용컨설팅 사업") == (2, "exact")
    assert m.match("도시데이터사이언스 연구") == (None, "none")
    m.aliases = {"도시데이터사이언스연구": 1}
    assert m.match("도시데이터사이언스 연구") == (1, "alias")


def test_alias_file_links_a_name_the_matcher_cannot(tmp_path, report_text, bundled):
    # A sister report calls project 12's §Ⅳ line by a name nothing resembles.
    text = replace_once(
        report_text,
        "디지털 소외계층 맞춤형 역량강화 500,000 0 0.00% 500,000",
        "어디나 지원단 500,000 0 0.00% 500,000",
    )
    path = write_variant(tmp_path, text)
    unaliased = read_report(path, aliases=tmp_path / "none.csv")
    row = unaliased.expenditure_detail.query("item == '어디나 지원단'")
    assert pd.isna(row.project_no.item())
    unmatched = unaliased.parse_findings.query(
        "check == 'name_unmatched' and item == '어디나 지원단'"
    )
    assert "no project has a similar name" in unmatched.message_en.item()
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "name,project_no,note\n어디나 지원단,12,§Ⅳ name of project 12\n", encoding="utf-8"
    )
    assert load_aliases(aliases) == {"어디나지원단": 12}
    aliased = read_report(path, aliases=aliases)
    assert aliased.expenditure_detail.query("item == '어디나 지원단'").project_no.item() == 12
    assert aliased.parse_findings.query("item == '어디나 지원단'").empty


def test_every_current_program_line_is_linked_and_discontinued_ones_are_not(bundled):
    r = bundled.revenue_detail
    program_lines = r[r.parent.isin(["고유사업", "수탁사업"])]
    linked = program_lines.dropna(subset=["project_no"])
    assert (linked.budget > 0).all()
    assert (program_lines[program_lines.project_no.isna()].budget == 0).all()
    # project 11 has two revenue lines (own 108,000 + national 816,400 = its 924,400)
    assert linked.groupby("project_no").budget.sum()[11] == 924400


def test_goal_joins_wrapped_lines(bundled):
    goal = bundled.projects.set_index("project_no").loc[3, "goal"]
    assert (
        goal
        == "시민체감도 높은 스마트도시 서비스를 개발하고 자치구의 서비스 실증 지원을 통해 시민제안-서비스 개발-실증 종합 솔루션 제공"
    )


def test_regression_a_title_starting_with_punctuation_is_still_a_project(tmp_path, report_text):
    # Bug: a heading "8  ../../x/<script>…" was silently dropped (12 projects).
    hostile = "../../x/<script>alert(1)</script>"
    text = replace_once(report_text, "8  기술기업 해외진출 지원\n", f"8  {hostile}\n")
    projects = read_report(write_variant(tmp_path, text)).projects
    assert len(projects) == 13
    assert projects.set_index("project_no").loc[8, "title"] == hostile


def _projects_of(tmp_path, numbering: str):
    from sdfkit.parse.document import Document
    from sdfkit.parse.projects import find_project_sections
    from sdfkit.read.text import split_lines

    heads = {
        "plain": ["1  청년 창업 지원", "2  도심 양봉 교육", "3  하천 생태 조사"],
        "dot": ["1. 청년 창업 지원", "2. 도심 양봉 교육", "3. 하천 생태 조사"],
        "dash": ["1-1 청년 창업 지원", "1-2 도심 양봉 교육", "2-1 하천 생태 조사"],
        "paren": ["(1) 청년 창업 지원", "(2) 도심 양봉 교육", "(3) 하천 생태 조사"],
        "circled": ["① 청년 창업 지원", "② 도심 양봉 교육", "③ 하천 생태 조사"],
        "hangul": ["가. 청년 창업 지원", "나. 도심 양봉 교육", "다. 하천 생태 조사"],
    }[numbering]
    text = (
        "Ⅱ. 정책목표 및 추진전략\n전략① 일자리\n1. 청년 창업 지원\n2. 도심 양봉 교육\n\n"
        "전략② 환경\n3. 하천 생태 조사\n\n"
        "Ⅲ. 주요업무 추진계획\n1. 일자리\n① 청년 창업 지원\n② 도심 양봉 교육\n2. 환경\n"
        "③ 하천 생태 조사\n\n"
    )
    for head in heads:
        text += f"{head}\n\n○ 사업 내용\n\n"
    doc = Document.from_lines(tmp_path / "r.txt", split_lines(text))
    return doc, find_project_sections(doc)


@pytest.mark.parametrize("numbering", ["plain", "dot", "dash", "paren", "circled", "hangul"])
def test_projects_are_found_in_every_numbering_scheme(tmp_path, numbering):
    from sdfkit.parse.projects import project_strategies

    doc, sections = _projects_of(tmp_path, numbering)
    assert [(s.no, s.title) for s in sections] == [
        (1, "청년 창업 지원"),
        (2, "도심 양봉 교육"),
        (3, "하천 생태 조사"),
    ]
    strategies, names = project_strategies(doc, sections, sections[0].start)
    assert strategies == {1: (1, "일자리"), 2: (1, "일자리"), 3: (2, "환경")}
    assert "청년 창업 지원" in names[1]


def test_a_projects_own_line_over_its_detail_lines_is_linked(tmp_path):
    from sisters.generate import Variation, build

    sister = build(Variation(subtotal=True, multirow=2), 4)
    path = tmp_path / "s.txt"
    path.write_text(sister.text, encoding="utf-8")
    exp = read_report(path).expenditure_detail
    parents = set(exp["parent"].dropna()) - {"계", "사업비"}
    assert len(parents) == 2
    for title in parents:
        own = exp[exp["item"] == title]
        kids = exp[exp["parent"] == title]
        assert own["project_no"].notna().all()
        assert (kids["project_no"] == own["project_no"].item()).all()


@pytest.mark.parametrize("bullet", ["･", "-", "◦", "•"])
def test_team_duties_under_any_bullet(tmp_path, bullet):
    from sdfkit.parse.document import Document
    from sdfkit.parse.projects import read_teams
    from sdfkit.read.text import split_lines

    text = (
        f"Ⅰ. 일반현황\n팀별 담당업무\n기 획 팀\n{bullet} 경영평가, 인사 등\n"
        f"사업운영팀 {bullet} 청년 창업 지원, 도심 양봉 교육\n부 서 주 요 업 무\n"
    )
    doc = Document.from_lines(tmp_path / "r.txt", split_lines(text))
    assert [(team, duty) for team, duty, _line in read_teams(doc)] == [
        ("기획팀", "경영평가"),
        ("기획팀", "인사"),
        ("사업운영팀", "청년 창업 지원"),
        ("사업운영팀", "도심 양봉 교육"),
    ]
