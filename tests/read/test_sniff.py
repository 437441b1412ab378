"""sniff tells HWP, HWPX, PDF and text apart by their bytes, and refuses look-alikes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from read.build_formats import document_model, file_header, ole_file, write_pdf

from sdfkit.exceptions import ReportReadError
from sdfkit.read.pdf import pdf_lines
from sdfkit.read.sniff import sniff, suffix_mismatch

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"
HWP = FORMATS / "hwp" / "merging-cell.hwp"
HWPX = FORMATS / "hwpx" / "SimpleTable.hwpx"


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("pdf") / "small.pdf"
    blocks = document_model("구 분 계 합계\n계 1 2\n문단 하나")
    return write_pdf(path, blocks).read_bytes()


def refused(data: bytes, name: str = "report.bin") -> str:
    with pytest.raises(ReportReadError) as info:
        sniff(data, name)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    return message


def test_formats_are_told_by_their_bytes(report_path, small_pdf):
    assert sniff(HWP.read_bytes(), HWP) == "hwp"
    assert sniff(HWPX.read_bytes(), HWPX) == "hwpx"
    assert sniff(small_pdf, "x.pdf") == "pdf"
    assert sniff(report_path.read_bytes(), report_path) == "text"
    # The name does not matter: the same bytes under other names.
    assert sniff(HWP.read_bytes(), "report.txt") == "hwp"
    assert sniff(HWPX.read_bytes(), "report") == "hwpx"


def test_a_pdf_named_hwp_is_read_as_pdf_and_the_mismatch_reported(tmp_path, small_pdf):
    path = tmp_path / "report.hwp"
    path.write_bytes(small_pdf)
    kind = sniff(path.read_bytes(), path)
    assert kind == "pdf"
    note = suffix_mismatch(kind, path)
    assert note == "the file is named .hwp but its bytes are PDF: read as PDF"
    assert [text for text, _ in pdf_lines(path.read_bytes(), path)] == [
        "구 분 계 합계",
        "계 1 2",
        "문단 하나",
    ]


def test_suffix_mismatch_is_silent_when_the_name_agrees_or_says_nothing():
    assert suffix_mismatch("pdf", "a.PDF") is None
    assert suffix_mismatch("hwpx", "a.hwpx") is None
    assert suffix_mismatch("text", "a.txt") is None
    assert suffix_mismatch("hwp", "report") is None
    assert suffix_mismatch("hwp", "report.dat") is None
    assert suffix_mismatch("hwp", None) is None
    assert suffix_mismatch("text", "a.hwpx") == (
        "the file is named .hwpx but its bytes are text: read as text"
    )


def test_an_ole_file_that_is_not_hwp_is_refused():
    word = ole_file({"WordDocument": b"\x00" * 600, "1Table": b"\x00" * 100})
    assert "not an HWP document" in refused(word)
    foreign = ole_file({"FileHeader": b"Not a Hangul file".ljust(256, b"\0")})
    assert "not an HWP document" in refused(foreign)


def test_an_ole_file_with_an_hwp_header_is_hwp():
    assert sniff(ole_file({"FileHeader": file_header(0)}), "x.hwp") == "hwp"


def test_a_zip_that_is_not_hwpx_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:  # a DOCX-like package
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    assert "not an HWPX document" in refused(buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:  # an EPUB: mimetype first, but another one
        zf.writestr("mimetype", "application/epub+zip")
    assert "not an HWPX document" in refused(buf.getvalue())


def test_truncated_containers_are_refused():
    assert "damaged or truncated OLE" in refused(HWP.read_bytes()[:1500])
    assert "damaged or truncated ZIP" in refused(HWPX.read_bytes()[:3000])


def test_hwp3_is_refused():
    assert "HWP 3" in refused(b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05")
