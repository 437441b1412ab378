"""The HWP 5 reader: records built here, real Hancom files, the bundled report as HWP,
protected documents and damaged files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from read.build_formats import (
    CTRL_HEADER,
    LIST_HEADER,
    PARA_HEADER,
    PARA_TEXT,
    TABLE,
    Table,
    assert_same_tables,
    document_model,
    expected_lines,
    file_header,
    hwp_paragraph,
    hwp_table,
    ole_file,
    parse_lines,
    record,
    section_stream,
    write_hwp,
)

import sdfkit
from sdfkit.exceptions import ReportReadError
from sdfkit.read.hwp import (
    CTRL_TABLE,
    hwp_lines,
    iter_records,
    paragraph_text,
    record_tree,
    section_lines,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "formats" / "hwp"


def read(name: str) -> list[str]:
    path = FIXTURES / name
    return hwp_lines(path.read_bytes(), path)


def refused(path: Path) -> str:
    with pytest.raises(ReportReadError) as info:
        hwp_lines(path.read_bytes(), path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message


def write_stream(path: Path, stream: bytes, flags: int = 0) -> Path:
    """An HWP file holding the given (already compressed, when flags say so) section."""
    path.write_bytes(ole_file({"FileHeader": file_header(flags), "BodyText/Section0": stream}))
    return path


# --- records --------------------------------------------------------------------------


def test_record_headers_tag_level_size_and_extended_size():
    small = b"abc"
    large = bytes(range(256)) * 20  # 5,120 bytes: above 0xFFF, so the size follows
    stream = (
        struct.pack("<I", 66 | 0 << 10 | len(small) << 20)
        + small
        + struct.pack("<II", 67 | 1 << 10 | 0xFFF << 20, len(large))
        + large
        + struct.pack("<I", 71 | 1 << 10 | 0 << 20)  # an empty body
    )
    assert list(iter_records(stream)) == [(66, 0, small), (67, 1, large), (71, 1, b"")]
    # The builder writes the same headers.
    assert record(67, 1, large) == stream[7 : 7 + 8 + len(large)]


def test_records_nest_by_level():
    stream = (
        record(66, 0, b"p1")
        + record(67, 1, b"t1")
        + record(71, 1, b"c1")
        + record(77, 2, b"tb")
        + record(72, 2, b"l1")
        + record(66, 0, b"p2")
    )
    roots = record_tree(stream)
    assert [r.body for r in roots] == [b"p1", b"p2"]
    assert [c.body for c in roots[0].children] == [b"t1", b"c1"]
    assert [c.body for c in roots[0].children[1].children] == [b"tb", b"l1"]


@pytest.mark.parametrize(
    "stream",
    [
        struct.pack("<I", 66 | 10 << 20) + b"short",  # claims 10 bytes, has 5
        struct.pack("<I", 66 | 0xFFF << 20) + b"\x01",  # extended size cut off
        record(66, 0, b"ok") + b"\x01\x02",  # a header cut off
    ],
)
def test_records_running_past_the_end_are_refused(stream):
    with pytest.raises(ReportReadError, match="is cut short"):
        list(iter_records(stream, "x.hwp"))


def test_paragraph_text_controls():
    def unit(code: int) -> bytes:
        return struct.pack("<H", code)

    body = (
        "a".encode("utf-16-le")
        + unit(9)
        + bytes(12)
        + unit(9)  # tab: 8 units
        + "b".encode("utf-16-le")
        + unit(10)  # line break: 1 unit
        + "c".encode("utf-16-le")
        + unit(11)
        + b" lbt"
        + bytes(8)
        + unit(11)  # table anchor: 8 units, with its control id
        + unit(24)  # hyphen
        + unit(30)  # bound space
        + "d".encode("utf-16-le")
        + unit(13)  # paragraph end
    )
    assert paragraph_text(body) == ["a b\nc", CTRL_TABLE, "- d"]


def test_a_table_splits_its_paragraph(tmp_path):
    table = Table(rows=1, cols=2, cells=[(0, 0, 1, 1, "x"), (0, 1, 1, 1, "y")])
    para = record(PARA_HEADER, 0, bytes(24)) + record(
        PARA_TEXT,
        1,
        "before".encode("utf-16-le")
        + struct.pack("<H", 11)
        + b" lbt"
        + bytes(8)
        + struct.pack("<H", 11)
        + "after".encode("utf-16-le")
        + struct.pack("<H", 13),
    )
    stream = para + hwp_table(table, 1)
    assert section_lines(stream) == ["before", "x y", "after"]


# --- real files -----------------------------------------------------------------------


def test_merging_cell_7x7_cells_name_their_own_address():
    # A compressed body; each cell holds "row,col" (the preview shows "<row,col>").
    assert read("merging-cell.hwp") == [" ".join(f"{r},{c}" for c in range(7)) for r in range(7)]


def test_table_with_caption_and_two_paragraph_cell():
    # An uncompressed body. The caption's automatic number is a control, not text.
    lines = [line.strip() for line in read("표.hwp")]
    assert lines == ["표", "ABC 123 DEF GHI", "LMN OPQ STR", "UVM 123 456"]


def _tables(path: Path) -> list[tuple[int, int, int]]:
    """(rows, cols, number of cells) of each table of the file's first section."""
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        raw = ole.openstream("BodyText/Section0").read()
        compressed = struct.unpack_from("<I", ole.openstream("FileHeader").read(), 36)[0] & 1
    stream = zlib.decompress(raw, -15) if compressed else raw
    found = []

    def walk(nodes):
        for node in nodes:
            if node.tag == CTRL_HEADER and struct.unpack_from("<I", node.body)[0] == CTRL_TABLE:
                table = next(c for c in node.children if c.tag == TABLE)
                rows, cols = struct.unpack_from("<HH", table.body, 4)
                cells = sum(1 for c in node.children if c.tag == LIST_HEADER)
                found.append((rows, cols, cells))
            walk(node.children)

    walk(record_tree(stream))
    return found


def test_empty_tables_give_no_lines_but_are_read():
    assert read("removing-row.hwp") == []
    assert _tables(FIXTURES / "removing-row.hwp") == [(3, 2, 6)]
    assert read("setting-celltext-by-field.hwp") == []
    assert _tables(FIXTURES / "setting-celltext-by-field.hwp") == [(3, 3, 9), (3, 3, 9)]


def test_distribution_document_is_refused():
    message = refused(FIXTURES / "distribution.hwp")
    assert "distribution-protected (배포용)" in message and "encrypted" in message


# --- the bundled report as HWP ---------------------------------------------------------


@pytest.fixture(scope="module")
def report_blocks(report_text):
    return document_model(report_text)


@pytest.mark.parametrize("flags", [1, 0], ids=["compressed", "plain"])
def test_report_lines_are_the_tables_rows(tmp_path, report_blocks, flags):
    path = write_hwp(tmp_path / "report.hwp", report_blocks, flags=flags)
    assert hwp_lines(path.read_bytes(), path) == expected_lines(report_blocks)


def test_report_tables_equal_the_texts(tmp_path, report_blocks, bundled, report_path):
    # Named as the bundled report, so that both get the same report id (aliases).
    path = write_hwp(tmp_path / f"{report_path.stem}.hwp", report_blocks)
    assert_same_tables(parse_lines(hwp_lines(path.read_bytes(), path), path), bundled)
    assert_same_tables(sdfkit.read_report(path), bundled)


# --- protected and damaged files --------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "what"),
    [(0b11, "password-protected"), (0b101, "distribution-protected"), (0b10001, "DRM")],
)
def test_protected_documents_are_refused(tmp_path, flags, what):
    path = write_hwp(tmp_path / "p.hwp", [Table(1, 1, [(0, 0, 1, 1, "x")])], flags=flags)
    assert what in refused(path)


def test_truncated_ole_is_refused(tmp_path):
    cut = tmp_path / "cut.hwp"
    cut.write_bytes((FIXTURES / "merging-cell.hwp").read_bytes()[:3000])
    assert "damaged or truncated HWP" in refused(cut)


def test_truncated_compressed_section_is_refused(tmp_path, report_blocks):
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = deflate.compress(section_stream(report_blocks)) + deflate.flush()
    path = write_stream(tmp_path / "cut.hwp", raw[: len(raw) // 2], flags=1)
    assert "is cut short" in refused(path)


def test_decompression_bomb_is_refused(tmp_path):
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(1 << 20)
    raw = b"".join(deflate.compress(zeros) for _ in range(80)) + deflate.flush()
    path = write_stream(tmp_path / "bomb.hwp", raw, flags=1)
    assert path.stat().st_size < 1_000_000
    assert "unpacks to more than 67,108,864 bytes" in refused(path)


def _table_stream(cells: list[tuple[int, int, int, int]], rows: int, cols: int, listed: int):
    body = struct.pack("<IHHH4H", 0, rows, cols, 0, 0, 0, 0, 0)
    body += struct.pack("<H", listed) + struct.pack(f"<{rows - 1}H", *[0] * (rows - 1))
    ctrl = record(CTRL_HEADER, 1, b" lbt" + bytes(40)) + record(TABLE, 2, body + bytes(4))
    for row, col, rs, cs in cells:
        lh = struct.pack("<HHI", 1, 0, 0) + struct.pack("<HHHH", col, row, cs, rs)
        ctrl += record(LIST_HEADER, 2, lh + bytes(18)) + hwp_paragraph("t", 2)
    return hwp_paragraph("", 0, [ctrl])


def test_a_table_missing_cells_is_refused(tmp_path):
    stream = _table_stream([(0, 0, 1, 1)], rows=1, cols=2, listed=2)
    message = refused(write_stream(tmp_path / "t.hwp", stream))
    assert "lists 2 cells but 1 follow" in message and "cannot be laid out" in message


def test_overlapping_cell_addresses_are_refused(tmp_path):
    stream = _table_stream([(0, 0, 1, 2), (0, 1, 1, 1)], rows=1, cols=2, listed=2)
    message = refused(write_stream(tmp_path / "t.hwp", stream))
    assert "two cells cover row 1, column 2" in message
