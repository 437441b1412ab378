"""The HWPX reader: real Hancom files, the bundled report as HWPX, and hostile archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from read.build_formats import (
    NS,
    Table,
    assert_same_tables,
    document_model,
    expected_lines,
    parse_lines,
    write_hwpx,
    write_hwpx_parts,
)

import sdfkit
from sdfkit.exceptions import ReportReadError
from sdfkit.read import hwpx
from sdfkit.read.hwpx import hwpx_lines

FIXTURES = Path(__file__).parents[1] / "fixtures" / "formats" / "hwpx"


def read(name: str) -> list[str]:
    path = FIXTURES / name
    return hwpx_lines(path.read_bytes(), path)


def refused(path: Path) -> str:
    with pytest.raises(ReportReadError) as info:
        hwpx_lines(path.read_bytes(), path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message


def sec(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><hs:sec {NS}>{body}</hs:sec>'


def para(*runs: str) -> str:
    return "<hp:p>" + "".join(f"<hp:run>{r}</hp:run>" for r in runs) + "</hp:p>"


def cell(row: int, col: int, text: str, rows: int = 1, cols: int = 1) -> str:
    return (
        f"<hp:tc><hp:subList>{para(f'<hp:t>{text}</hp:t>')}</hp:subList>"
        f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
        f'<hp:cellSpan colSpan="{cols}" rowSpan="{rows}"/></hp:tc>'
    )


def table(rows: int, cols: int, *trs: str) -> str:
    body = "".join(f"<hp:tr>{tr}</hp:tr>" for tr in trs)
    return f'<hp:tbl rowCnt="{rows}" colCnt="{cols}">{body}</hp:tbl>'


# --- real files -----------------------------------------------------------------------


def test_simple_table_puts_merged_cells_at_their_top_left():
    # 3 x 3: "1" spans rows 0-1 and columns 0-1, "4" spans columns 1-2 of row 2.
    assert read("SimpleTable.hwpx") == ["1 2", "3", "5 4"]


def test_grade_table_rows_in_column_order():
    assert read("Table.hwpx") == [
        "C반 기말고사",
        "날짜",
        "이름 국어 영어 수학",
        "개똥이 89 65 78",
        "칠득이 77 77 77",
        "팔푼이 88 88 88",
        "육손이 66 66 66",
        "합계",
    ]


def test_form_with_merged_cells():
    assert read("프로젝트 계획서.hwpx") == [
        "프로젝트계획서 PROJECT PROPOSAL",
        "작성일자 0000년 00월 00일 작성자 한 글 (인)",
        "프로젝트 이름 프로젝트 이름을 입력해 주세요.",
        "프로젝트 기간 0000년 00월 00일 ~ 0000년 00월 00일",
        "프로젝트 배경 이곳을 클릭하여 AI를 활용한 문장을 생성해 보세요.",
        "프로젝트 목표 이곳을 클릭하여 AI를 활용한 문장을 생성해 보세요.",
        "프로젝트 내용 이곳을 클릭하여 AI를 활용한 문장을 생성해 보세요.",
        "참가자 성명 고길동 홍길동",
        "참가자 직위 사원 사원",
        "참가자 역할 역할 1 역할 2",
        "조직 구성 조직 구성을 입력해 주세요.",
        "사업환경 (시장분석) 이곳을 클릭하여 AI를 활용한 문장을 생성해 보세요.",
        "추진일정 0000년 00월 00일",
        "기대효과 이곳을 클릭하여 AI를 활용한 문장을 생성해 보세요.",
        "프로젝트 예산 일금_________원정 (₩     )",
        "완",
    ]


def test_press_release_tables_and_paragraphs_in_document_order():
    lines = read("mot.hwpx")
    assert lines[:4] == [
        "문화체육관광부 보도자료",
        "보도시점 2024. 1. 2.(화) 08:00 배포 2024. 1. 2.(화) 08:00",
        "2024 파리 올림픽·패럴림픽 준비하는 우리 선수단 격려한다",
        "- 1. 2. 장미란 제2차관, 진천 국가대표 선수촌, 이천 장애인 국가대표 선수촌 방문",
    ]
    assert lines[-5:] == [
        "※ 현장 사진 별도 배포 예정",
        "담당 부서 체육국 책임자 과장 정태경 (044-203-3111)",
        "(진천선수촌) 체육정책과 담당자 사무관 최준규 (044-203-3129)",
        "담당 부서 체육협력관 책임자 과장 홍덕호 (044-203-3181)",
        "(이천선수촌) 장애인체육과 담당자 사무관 이기태 (044-203-3185)",
    ]
    assert len(lines) == 14


# --- the bundled report as HWPX --------------------------------------------------------


@pytest.fixture(scope="module")
def report_hwpx(tmp_path_factory, report_text, report_path):
    # Named as the bundled report, so that both get the same report id (aliases).
    blocks = document_model(report_text)
    path = tmp_path_factory.mktemp("hwpx") / f"{report_path.stem}.hwpx"
    return write_hwpx(path, blocks), blocks


def test_the_report_model_has_real_tables_with_merged_cells(report_hwpx):
    _, blocks = report_hwpx
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) >= 15
    spans = [(rs, cs) for t in tables for (_r, _c, rs, cs, _t) in t.cells]
    assert any(rs > 1 for rs, _ in spans) and any(cs > 1 for _, cs in spans)


def test_report_lines_are_the_tables_rows(report_hwpx):
    path, blocks = report_hwpx
    assert hwpx_lines(path.read_bytes(), path) == expected_lines(blocks)


def test_report_tables_equal_the_texts(report_hwpx, bundled):
    path, _ = report_hwpx
    assert_same_tables(parse_lines(hwpx_lines(path.read_bytes(), path), path), bundled)


def test_read_report_reads_the_hwpx_file(report_hwpx, bundled):
    path, _ = report_hwpx
    report = sdfkit.read_report(path)
    assert_same_tables(report, bundled)


# --- text details ---------------------------------------------------------------------


def test_line_breaks_tabs_and_table_position_in_a_paragraph(tmp_path):
    body = para(
        "<hp:t>before<hp:tab/>tab<hp:lineBreak/>after break</hp:t>",
        table(1, 2, cell(0, 0, "a") + cell(0, 1, "b")),
        "<hp:t>after\ntable</hp:t>",  # a raw newline is not a line break
    )
    path = write_hwpx_parts(tmp_path / "t.hwpx", {"Contents/section0.xml": sec(body)})
    assert hwpx_lines(path.read_bytes(), path) == [
        "before tab",
        "after break",
        "a b",
        "after table",
    ]


def test_cell_paragraphs_and_nested_tables_join_into_the_cell(tmp_path):
    inner = table(1, 2, cell(0, 0, "x") + cell(0, 1, "y"))
    two_paras = para("<hp:t>first</hp:t>") + para("<hp:t>second</hp:t>") + para(inner)
    outer = table(
        1,
        2,
        f"<hp:tc><hp:subList>{two_paras}</hp:subList>"
        '<hp:cellAddr colAddr="0" rowAddr="0"/><hp:cellSpan colSpan="1" rowSpan="1"/></hp:tc>'
        + cell(0, 1, "right"),
    )
    path = write_hwpx_parts(tmp_path / "t.hwpx", {"Contents/section0.xml": sec(para(outer))})
    assert hwpx_lines(path.read_bytes(), path) == ["first second x y right"]


def test_cells_are_placed_by_address_not_by_document_order(tmp_path):
    # Written right to left, with a rowSpan cell: read in column order.
    t = table(
        2, 3, cell(0, 2, "c") + cell(0, 0, "a", rows=2) + cell(0, 1, "b"), cell(1, 1, "e", cols=2)
    )
    path = write_hwpx_parts(tmp_path / "t.hwpx", {"Contents/section0.xml": sec(para(t))})
    assert hwpx_lines(path.read_bytes(), path) == ["a b c", "e"]


def test_sections_follow_the_spine_then_their_numbers(tmp_path):
    sections = {
        "Contents/section10.xml": sec(para("<hp:t>ten</hp:t>")),
        "Contents/section2.xml": sec(para("<hp:t>two</hp:t>")),
    }
    path = write_hwpx_parts(tmp_path / "spine.hwpx", sections)
    assert hwpx_lines(path.read_bytes(), path) == ["ten", "two"]  # the spine's order
    broken = write_hwpx_parts(tmp_path / "nospine.hwpx", sections, hpf="<package/>")
    assert hwpx_lines(broken.read_bytes(), broken) == ["two", "ten"]  # by number


# --- tables that cannot be laid out ----------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "what"),
    [
        (cell(0, 0, "a", cols=2) + cell(0, 1, "b"), "two cells cover"),
        (cell(0, 0, "a"), "no cell covers"),
        (cell(0, 0, "a") + cell(0, 1, "b", cols=2), "falls outside"),
    ],
)
def test_inconsistent_cell_addresses_are_refused(tmp_path, cells, what):
    body = para(table(1, 2, cells))
    path = write_hwpx_parts(tmp_path / "bad.hwpx", {"Contents/section0.xml": sec(body)})
    message = refused(path)
    assert what in message and "cannot be laid out" in message


def test_a_cell_without_address_is_refused(tmp_path):
    tc = f"<hp:tc><hp:subList>{para('<hp:t>a</hp:t>')}</hp:subList></hp:tc>"
    path = write_hwpx_parts(
        tmp_path / "bad.hwpx", {"Contents/section0.xml": sec(para(table(1, 1, tc)))}
    )
    assert "without its address" in refused(path)


# --- hostile and damaged archives -------------------------------------------------------


def test_truncated_zip_is_refused(tmp_path, report_hwpx):
    path, _ = report_hwpx
    cut = tmp_path / "cut.hwpx"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert "damaged or truncated HWPX" in refused(cut)


def test_corrupt_member_is_refused(tmp_path, report_hwpx):
    path, _ = report_hwpx
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("Contents/section0.xml")
    start = info.header_offset + 30 + len(info.filename) + 40
    data[start : start + 64] = bytes(64)  # zeroes inside the deflated section
    bad = tmp_path / "bad.hwpx"
    bad.write_bytes(bytes(data))
    assert "damaged or truncated HWPX" in refused(bad)


def test_zip_bomb_is_refused(tmp_path):
    # A member of 80 MiB of spaces, which deflates to about 80 KB.
    path = write_hwpx_parts(tmp_path / "bomb.hwpx", {"Contents/section0.xml": sec("")})
    with zipfile.ZipFile(path, "a") as zf:
        info = zipfile.ZipInfo("Contents/section1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(80):
                member.write(chunk)
    assert path.stat().st_size < 1_000_000
    message = refused(path)
    assert "more than 67,108,864 bytes" in message and "ZIP bomb" in message


def test_too_many_members_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(hwpx, "MAX_MEMBERS", 5)
    sections = {f"Contents/section{n}.xml": sec("") for n in range(6)}
    path = write_hwpx_parts(tmp_path / "many.hwpx", sections)
    assert "members, above the limit of 5" in refused(path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<hs:sec xmlns:hs="urn:s" xmlns:hp="urn:p">
<hp:p><hp:run><hp:t>&lol3;</hp:t></hp:run></hp:p></hs:sec>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE sec [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<hs:sec xmlns:hs="urn:s" xmlns:hp="urn:p">
<hp:p><hp:run><hp:t>&xxe;</hp:t></hp:run></hp:p></hs:sec>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
def test_entities_and_dtds_are_refused(tmp_path, xml):
    path = write_hwpx_parts(tmp_path / "evil.hwpx", {"Contents/section0.xml": xml})
    assert "declares a DTD or entities" in refused(path)


def test_entities_in_the_package_file_are_refused(tmp_path):
    sections = {"Contents/section0.xml": sec(para("<hp:t>x</hp:t>"))}
    path = write_hwpx_parts(tmp_path / "evil.hwpx", sections, hpf=BILLION_LAUGHS)
    assert "content.hpf declares a DTD or entities" in refused(path)


def test_malformed_xml_and_missing_body_are_refused(tmp_path):
    broken = write_hwpx_parts(tmp_path / "broken.hwpx", {"Contents/section0.xml": "<hs:sec"})
    assert "not well-formed XML" in refused(broken)
    empty = write_hwpx_parts(tmp_path / "empty.hwpx", {})
    assert "no body section" in refused(empty)


def test_tables_nested_without_end_are_refused(tmp_path):
    inner = "<hp:t>x</hp:t>"
    for _ in range(2000):
        inner = table(
            1,
            1,
            f"<hp:tc><hp:subList>{para(inner)}</hp:subList>"
            '<hp:cellAddr colAddr="0" rowAddr="0"/></hp:tc>',
        )
    path = write_hwpx_parts(tmp_path / "deep.hwpx", {"Contents/section0.xml": sec(para(inner))})
    assert "tables nested too deeply" in refused(path)
