from __future__ import annotations

import pytest

from sdfkit.exceptions import ReportReadError
from sdfkit.read.text import collapse_spacing, decode, name_key, normalise, read_bytes, split_lines


@pytest.mark.parametrize(
    "label,expected",
    [
        ("인 건 비", "인건비"),
        ("순 세 계 잉 여 금", "순세계잉여금"),
        ("구 분 2020", "구분 2020"),
        ("완 료 추진 중 검토 중", "완료 추진 중 검토 중"),
        ("디지털 격차해소 사업", "디지털 격차해소 사업"),
        ("기 획 팀", "기획팀"),
        ("", ""),
    ],
)
def test_collapse_spacing(label, expected):
    assert collapse_spacing(label) == expected


def test_normalise_quotes_dots_spaces_and_glyphs():
    assert normalise("\uf000 사업개요") == "사업개요"
    assert normalise("‘20. 9. 30.") == "’20. 9. 30."
    assert normalise("세입․세출") == normalise("세입‧세출") == normalise("세입･세출") == "세입·세출"
    assert normalise("\u3000\u3000스마트도시 정책연구\t 313,200 ") == "스마트도시 정책연구 313,200"
    assert normalise("－ 완료") == "- 완료"
    assert normalise("9.22∼23") == "9.22~23"


def test_name_key_drops_spacing_punctuation_and_notes():
    assert name_key("디지털 격차해소(국비)") == name_key("디지털격차해소") == "디지털격차해소"
    assert name_key("서울 스마트시티센터 운영") == name_key("서울스마트시티센터운영")
    assert name_key("소상공인 지원 협동로봇 개발‧보급") == "소상공인지원협동로봇개발보급"


def test_split_lines_numbers_every_line_end_the_same():
    for text in ("a\nb\nc", "a\r\nb\r\nc", "a\rb\rc"):
        assert [(ln.no, ln.text) for ln in split_lines(text)] == [(1, "a"), (2, "b"), (3, "c")]
    assert split_lines("\uf000 향후계획")[0].glyph


def test_decode_utf8_bom_cp949_and_utf16():
    text = "Ⅰ. 일 반 현 황 ’20"
    assert decode(text.encode("utf-8")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode("Ⅰ. 일 반 현 황".encode("cp949")) == "Ⅰ. 일 반 현 황"
    assert decode(text.encode("utf-16")) == text


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "the file is empty"),
        (b" \n\n\t", "the file is empty"),
        (b"\x00\x01\x02binary", "binary file"),
        (b"\xff\xff\xfe\x80\x81" * 10, "neither UTF-8 nor cp949"),
    ],
)
def test_decode_refuses_with_one_line(data, message):
    with pytest.raises(ReportReadError) as err:
        decode(data, "r.txt")
    assert message in str(err.value)
    assert str(err.value).startswith("r.txt")
    assert "\n" not in str(err.value)


def test_decode_names_the_line_of_a_bad_byte():
    data = "첫째 줄\n둘째 줄\n".encode() + b"\xff\xfe bad\n"
    with pytest.raises(ReportReadError, match=r"^r.txt:3: not valid utf-8"):
        decode(data, "r.txt", encoding="utf-8")
    with pytest.raises(ReportReadError, match="unknown encoding 'klingon'"):
        decode(data, "r.txt", encoding="klingon")


def test_read_bytes_errors(tmp_path):
    with pytest.raises(ReportReadError, match="no such file"):
        read_bytes(tmp_path / "missing.txt")
    with pytest.raises(ReportReadError, match="not a file"):
        read_bytes(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(ReportReadError, match="empty"):
        read_bytes(tmp_path / "empty.txt")
