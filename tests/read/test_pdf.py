"""The PDF reader: the bundled report rendered as PDF, and PDFs that must be refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from read.build_formats import (
    Table,
    assert_same_tables,
    cid_pdf,
    document_model,
    drawing_pdf,
    encrypted_pdf,
    expected_lines,
    image_pdf,
    parse_lines,
    write_pdf,
)

import sdfkit
import sdfkit.read.source
from sdfkit.exceptions import ReportReadError
from sdfkit.read.pdf import pdf_lines
from sdfkit.read.text import normalise


def refused(data: bytes, name: str = "report.pdf") -> str:
    with pytest.raises(ReportReadError) as info:
        pdf_lines(data, name)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    return message


@pytest.fixture(scope="module", params=[False, True], ids=["ruled", "open-sides"])
def report_pdf(request, tmp_path_factory, report_text, report_path):
    # Tables fully ruled, and without outer vertical borders (as many reports print
    # them: the label and last columns are then not closed cells).
    blocks = document_model(report_text)
    # Named as the bundled report, so that both get the same report id (aliases).
    path = tmp_path_factory.mktemp("pdf") / f"{report_path.stem}.pdf"
    return write_pdf(path, blocks, open_sides=request.param), blocks


@pytest.fixture(scope="module")
def report_lines(report_pdf):
    path, _ = report_pdf
    return pdf_lines(path.read_bytes(), path)


def test_report_lines_in_reading_order(report_pdf, report_lines):
    # The PDF's fonts lack a few dots (drawn as another middle dot) and the text loses
    # spacing runs; normalised as the parser normalises, the lines are the text's.
    _, blocks = report_pdf
    expected = [normalise(line) for line in expected_lines(blocks)]
    got = [normalise(text) for text, _ in report_lines]
    assert [s for s in got if s] == [s for s in expected if s]


def test_report_pages_are_one_based_and_in_order(report_pdf, report_lines):
    import pdfplumber

    path, _ = report_pdf
    with pdfplumber.open(path) as pdf:
        n_pages = len(pdf.pages)
    pages = [page for _, page in report_lines]
    assert pages[0] == 1 and pages[-1] == n_pages > 10
    assert pages == sorted(pages)


def test_report_tables_equal_the_texts(report_pdf, report_lines, bundled):
    path, _ = report_pdf
    assert_same_tables(parse_lines([text for text, _ in report_lines], path), bundled)


def test_read_report_reads_the_pdf_file(report_pdf, bundled):
    path, _ = report_pdf
    assert_same_tables(sdfkit.read_report(path), bundled)


@pytest.mark.parametrize("open_sides", [False, True], ids=["ruled", "open-sides"])
def test_merged_cells_and_far_apart_cells_stay_on_their_row(tmp_path, open_sides):
    # A header cell spanning two rows, one spanning three columns, then a data row.
    table = Table(
        rows=3,
        cols=4,
        cells=[
            (0, 0, 2, 1, "구 분"),
            (0, 1, 1, 3, "집행현황"),
            (1, 1, 1, 1, "예산"),
            (1, 2, 1, 1, "집행액"),
            (1, 3, 1, 1, "집행률"),
            (2, 0, 1, 1, "계"),
            (2, 1, 1, 1, "1,000"),
            (2, 2, 1, 1, "500"),
            (2, 3, 1, 1, "50.0%"),
        ],
    )
    path = write_pdf(tmp_path / "t.pdf", ["앞 문단", table, "뒤 문단"], open_sides=open_sides)
    assert pdf_lines(path.read_bytes(), path) == [
        ("앞 문단", 1),
        ("구 분 집행현황", 1),
        ("예산 집행액 집행률", 1),
        ("계 1,000 500 50.0%", 1),
        ("뒤 문단", 1),
    ]


def test_scanned_image_without_text_is_refused(tmp_path):
    message = refused(image_pdf(tmp_path / "scan.pdf").read_bytes())
    assert "no text layer" in message and "OCR is not supported" in message


def test_vector_drawing_without_text_is_refused():
    assert refused(drawing_pdf()).endswith("no text layer: OCR is not supported")


def test_font_without_unicode_map_is_refused():
    message = refused(cid_pdf())
    assert "without a Unicode map" in message and "(cid:" in message


def test_password_protected_pdf_is_refused(tmp_path):
    path = encrypted_pdf(tmp_path / "locked.pdf")
    assert "encrypted PDF that needs a password" in refused(path.read_bytes())


def test_truncated_and_corrupt_pdfs_are_refused(report_pdf):
    path, _ = report_pdf
    data = path.read_bytes()
    assert "truncated or damaged PDF" in refused(data[: len(data) // 2])
    garbage = b"%PDF-1.4\n" + b"not a pdf object " * 300 + b"\n%%EOF\n"
    assert "damaged PDF that cannot be read" in refused(garbage)


def test_builder_font_is_the_bundled_nanum_gothic():
    from read.build_formats import nanum_gothic

    font = nanum_gothic()
    assert font.name == "NanumGothic.ttf" and "koreanize_matplotlib" in str(font)
    assert Path(font).stat().st_size > 1_000_000


def test_findings_of_a_pdf_name_their_page(report_pdf):
    path, _ = report_pdf
    report = sdfkit.read_report(path)
    assert report.meta["source_format"] == "pdf"
    lines = {line.no: line.page for line in sdfkit.read.source.read_source(path).lines}
    located = report.findings.dropna(subset=["line"])
    assert len(located) > 10
    for rec in located.itertuples():
        page = lines[int(rec.line)]
        assert rec.message.endswith(f" ({page}쪽)"), rec.message
        assert rec.message_en.endswith(f" (page {page})"), rec.message_en


def test_sdfkit_text_prints_the_page_of_each_line(report_pdf, capsys):
    from sdfkit.cli import main

    path, _ = report_pdf
    assert main(["text", str(path)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "line\tpage\ttext"
    first, last = rows[1].split("\t"), rows[-1].split("\t")
    assert first[:2] == ["1", "1"] and int(last[1]) > 10
    assert all(len(r.split("\t", 2)) == 3 for r in rows[1:])
