"""Reading an HWP 5 report (Hancom's binary format) into text lines.

Given the bytes of an ``.hwp`` file, return the same lines as the HWPX reader: one line
per paragraph, one line per table row with its cells' texts in column order joined by
single spaces, a merged cell's text at its top-left address only.

The file is an OLE2 compound file (read with olefile) holding, per Hancom's published
"HWP 5.0 file format" document:

- ``FileHeader``: 32 bytes of signature (``HWP Document File``), a version, then a
  property word: bit 0 the body is compressed, bit 1 password-protected, bit 2 a
  distribution (배포용) document whose body is encrypted, bit 4 DRM, bit 8 encrypted with
  a certificate. Protected documents are refused: their body cannot be read without the
  key, and their ``PrvText`` preview is a cut-down copy (table cells flattened into ``<...>``
  marks, and only the start of the document), which is never passed off as the report.
- ``BodyText/Section0..N``: each a run of records, raw-deflated (``zlib`` with
  wbits -15, no zlib header) when the body is compressed. A record header is a 32-bit
  word: tag id (10 bits), level (10 bits), size (12 bits); size 0xFFF means the real
  size follows as another 32-bit word. A record's children are the records after it
  one level deeper.
- A paragraph is PARA_HEADER (tag 66) with PARA_TEXT (67, UTF-16LE) and CTRL_HEADER (71)
  children. In the text, characters below 32 are controls: 0, 10 (line break), 13 (end of
  paragraph) and 24-31 take one code unit; the others take eight (the code, 12 bytes of
  data, the code again). Of those, the "extended" ones (1-3, 11, 12, 14-18, 21-23) each
  anchor the next CTRL_HEADER of the paragraph, in order, and their data starts with that
  control's id (``tbl `` for a table).
- A table control's children are an optional caption (LIST_HEADER, tag 72, and its
  paragraphs), the TABLE record (77: properties u32, rows u16, columns u16, ..., then the
  number of cells of each row), then per cell a LIST_HEADER followed by the cell's
  paragraphs. The spec gives the list header as 6 bytes, but Hancom writes 8 (paragraph
  count, 2 unused bytes, properties), so the cell's column, row, column span and row span
  (u16 each) are at bytes 8, 10, 12 and 14.
- Text boxes of drawing objects (``gso ``) are read as paragraphs where they are
  anchored; headers, footers, footnotes and hidden comments are not read.
- A table whose cell count differs from its TABLE record, or whose cells overlap or leave
  a hole, is refused: no table is passed on half read.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sdfkit.exceptions import ReportReadError
from sdfkit.read.hwpx import MAX_UNZIPPED, Cell, cell_text, table_lines
from sdfkit.read.sniff import HWP_SIGNATURE

HWPTAG_BEGIN = 16
PARA_HEADER = HWPTAG_BEGIN + 50
PARA_TEXT = HWPTAG_BEGIN + 51
CTRL_HEADER = HWPTAG_BEGIN + 55
LIST_HEADER = HWPTAG_BEGIN + 56
SHAPE_COMPONENT = HWPTAG_BEGIN + 60
TABLE = HWPTAG_BEGIN + 61

# FileHeader property bits.
COMPRESSED = 1 << 0
PASSWORD = 1 << 1
DISTRIBUTION = 1 << 2
DRM = 1 << 4
CERT_ENCRYPTED = 1 << 8
CERT_DRM = 1 << 9

# Control ids: four characters packed big-end first into a little-endian u32.
CTRL_TABLE = int.from_bytes(b"tbl ", "big")
CTRL_DRAWING = int.from_bytes(b"gso ", "big")

# Characters below 32 that take 8 code units in PARA_TEXT (extended and in-line
# controls); the rest (0, 10, 13, 24-31) take one.
_EXTENDED = frozenset({1, 2, 3, 11, 12, 14, 15, 16, 17, 18, 21, 22, 23})
_INLINE = frozenset({4, 5, 6, 7, 8, 9, 19, 20})
_CONTROL = re.compile("[\x00-\x1f]")
# Single-unit controls that print as something.
_CHAR_TEXT = {24: "-", 30: " ", 31: " "}
_SECTION = re.compile(r"^Section(\d+)$")
_HEADER = struct.Struct("<I")
_CELL = struct.Struct("<HHHH")


@dataclass(slots=True)
class Record:
    """A record of a BodyText stream: tag, level, body, and the records one level
    deeper that follow it (its children)."""

    tag: int
    level: int
    body: bytes
    children: list[Record] = field(default_factory=list)


def hwp_lines(data: bytes, path: str | Path | None = None) -> list[str]:
    """Given the bytes of an HWP 5 file, return its lines (paragraphs, and one line per
    table row). Raises ReportReadError for a damaged file, a password-protected,
    distribution or DRM document, or a table that cannot be laid out."""
    import olefile  # imported here: text reports never need it

    # DEFECT_INCORRECT: by default olefile reads past a cut-off file's end as if the
    # missing sectors were there; this makes a truncated or inconsistent file an error.
    try:
        ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    except Exception as err:  # olefile raises many kinds on damaged input
        raise ReportReadError(f"a damaged or truncated HWP (OLE) file: {err}", path) from None
    with ole:
        header = _read_stream(ole, "FileHeader", path)
        flags = _check_header(header, path)
        sections = sorted(
            (int(m.group(1)), entry)
            for entry in ole.listdir(streams=True, storages=False)
            if len(entry) == 2 and entry[0] == "BodyText" and (m := _SECTION.match(entry[1]))
        )
        if not sections:
            raise ReportReadError("no body section (BodyText/Section0) in the HWP file", path)
        left = MAX_UNZIPPED
        lines: list[str] = []
        for _, entry in sections:
            name = "/".join(entry)
            raw = _read_stream(ole, name, path)
            stream = _inflate(raw, left, name, path) if flags & COMPRESSED else raw
            left -= len(stream)
            try:
                lines.extend(section_lines(stream, path, name))
            except RecursionError:  # tables in tables in tables ...: a hostile file
                raise ReportReadError(f"{name}: tables nested too deeply", path) from None
    return [line for line in lines if line.strip()]


def section_lines(
    stream: bytes, path: str | Path | None = None, name: str = "Section0"
) -> list[str]:
    """Given a decompressed BodyText section stream, return its lines."""
    reader = _SectionReader(path, name)
    out: list[str] = []
    for node in record_tree(stream, path, name):
        if node.tag == PARA_HEADER:
            reader.paragraph(node, out)
    return out


def iter_records(
    stream: bytes, path: str | Path | None = None, name: str = "Section0"
) -> Iterator[tuple[int, int, bytes]]:
    """Given a section stream, yield its records as (tag, level, body). Raises
    ReportReadError when a record runs past the end of the stream."""
    pos, end = 0, len(stream)
    while pos < end:
        if pos + 4 > end:
            raise ReportReadError(f"{name} is cut short: a record header at byte {pos:,}", path)
        (word,) = _HEADER.unpack_from(stream, pos)
        pos += 4
        tag, level, size = word & 0x3FF, (word >> 10) & 0x3FF, word >> 20
        if size == 0xFFF:  # the real size follows
            if pos + 4 > end:
                raise ReportReadError(f"{name} is cut short: a record size at byte {pos:,}", path)
            (size,) = _HEADER.unpack_from(stream, pos)
            pos += 4
        if pos + size > end:
            raise ReportReadError(
                f"{name} is cut short: a record at byte {pos - 4:,} claims {size:,} bytes, "
                f"{end - pos:,} remain",
                path,
            )
        yield tag, level, stream[pos : pos + size]
        pos += size


def record_tree(
    stream: bytes, path: str | Path | None = None, name: str = "Section0"
) -> list[Record]:
    """Given a section stream, return its top-level records with their children."""
    roots: list[Record] = []
    stack: list[Record] = []
    for tag, level, body in iter_records(stream, path, name):
        node = Record(tag, level, body)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def paragraph_text(body: bytes) -> list[str | int]:
    """Given a PARA_TEXT body, return its pieces in order: runs of text, and for each
    extended control the control id found in its data (an int). Line breaks end a run
    with "\\n"; tabs and fixed spaces become spaces; other controls are dropped."""
    if len(body) % 2:  # a damaged record: drop the odd byte rather than fail
        body = body[:-1]
    text = body.decode("utf-16-le", errors="surrogatepass")
    pieces: list[str | int] = []
    buf: list[str] = []
    pos = 0
    while (m := _CONTROL.search(text, pos)) is not None:
        start = m.start()
        buf.append(text[pos:start])
        code = ord(text[start])
        if code in _EXTENDED:
            if buf:
                pieces.append("".join(buf))
                buf = []
            data = text[start + 1 : start + 3].encode("utf-16-le", errors="surrogatepass")
            pieces.append(int.from_bytes(data[:4], "little") if len(data) == 4 else 0)
            pos = start + 8
        elif code in _INLINE:
            if code == 9:  # tab
                buf.append(" ")
            pos = start + 8
        else:
            if code == 10:
                buf.append("\n")
            else:
                buf.append(_CHAR_TEXT.get(code, ""))
            pos = start + 1
    buf.append(text[pos:])
    joined = "".join(buf)
    if joined:
        pieces.append(joined)
    return pieces


class _SectionReader:
    """Reads one section's paragraphs and tables into lines."""

    def __init__(self, path, name: str):
        self.path = path
        self.name = name
        self.tables = 0

    def paragraph(self, para: Record, out: list[str]) -> None:
        """Given a PARA_HEADER record, append its lines to out: its text, broken at line
        breaks and around the tables and text boxes anchored in it."""
        text_body = b""
        controls: list[Record] = []
        for child in para.children:
            if child.tag == PARA_TEXT:
                text_body = child.body
            elif child.tag == CTRL_HEADER:
                controls.append(child)
        pending = iter(controls)
        line: list[str] = []
        for piece in paragraph_text(text_body) if text_body else []:
            if isinstance(piece, str):
                *done, rest = piece.split("\n")
                for part in done:
                    line.append(part)
                    out.append("".join(line))
                    line = []
                line.append(rest)
                continue
            ctrl = next(pending, None)
            if ctrl is None:
                continue
            lines = self.control(ctrl)
            if lines:
                out.append("".join(line))
                line = []
                out.extend(lines)
        out.append("".join(line))
        # Controls the text did not anchor (a damaged or unusual paragraph): still read.
        for ctrl in pending:
            out.extend(self.control(ctrl))

    def control(self, ctrl: Record) -> list[str]:
        """Given a CTRL_HEADER record, return the lines it holds: a table's rows, a
        drawing's text boxes; other controls hold nothing read here."""
        ctrl_id = _HEADER.unpack_from(ctrl.body)[0] if len(ctrl.body) >= 4 else 0
        if ctrl_id == CTRL_TABLE:
            return self.table(ctrl)
        if ctrl_id == CTRL_DRAWING:
            out: list[str] = []
            self._text_boxes(ctrl, out)
            return out
        return []

    def _text_boxes(self, node: Record, out: list[str]) -> None:
        """Given a drawing control or shape component, append its text boxes' lines
        (paragraphs following a LIST_HEADER) and those of the shapes grouped in it."""
        in_list = False
        for child in node.children:
            if child.tag == LIST_HEADER:
                in_list = True
            elif child.tag == PARA_HEADER and in_list:
                self.paragraph(child, out)
            elif child.tag == SHAPE_COMPONENT:
                self._text_boxes(child, out)

    def table(self, ctrl: Record) -> list[str]:
        """Given a table's CTRL_HEADER, return its caption's lines and one line per row."""
        self.tables += 1
        where = f"{self.name}: table {self.tables}"
        caption: list[Record] = []  # paragraphs of a list before the TABLE record
        table: Record | None = None
        groups: list[tuple[Record, list[Record]]] = []  # per cell: LIST_HEADER, paragraphs
        for child in ctrl.children:
            if child.tag == TABLE and table is None:
                table = child
            elif table is None:
                if child.tag == PARA_HEADER:
                    caption.append(child)
            elif child.tag == LIST_HEADER:
                groups.append((child, []))
            elif child.tag == PARA_HEADER and groups:
                groups[-1][1].append(child)
        if table is None or len(table.body) < 8:
            raise ReportReadError(
                f"{where}: no TABLE record; the table cannot be laid out", self.path
            )
        out: list[str] = []
        for para in caption:
            self.paragraph(para, out)
        rows, cols = struct.unpack_from("<HH", table.body, 4)
        expected = _cell_count(table.body, rows)
        if expected is not None and expected != len(groups):
            raise ReportReadError(
                f"{where} ({rows} x {cols}): the TABLE record lists {expected} cells but "
                f"{len(groups)} follow; the table cannot be laid out",
                self.path,
            )
        cells = []
        for list_header, paras in groups:
            if len(list_header.body) < 16:
                raise ReportReadError(
                    f"{where}: a cell's list header is cut short; the table cannot be laid out",
                    self.path,
                )
            col, row, col_span, row_span = _CELL.unpack_from(list_header.body, 8)
            lines: list[str] = []
            for para in paras:
                self.paragraph(para, lines)
            cells.append(Cell(row, col, row_span, col_span, cell_text(lines)))
        return out + table_lines(cells, rows, cols, self.path, where)


def _cell_count(body: bytes, rows: int) -> int | None:
    """Given a TABLE record's body, return the number of cells its rows list (the u16
    per row after properties, size, spacing and the four margins), or None when the
    record is too short to say."""
    offset = 4 + 2 + 2 + 2 + 8
    if len(body) < offset + 2 * rows:
        return None
    return sum(struct.unpack_from(f"<{rows}H", body, offset))


def _read_stream(ole, name: str, path) -> bytes:
    """Given an open OLE file and a stream name, return the stream's bytes."""
    try:
        if not ole.exists(name):
            raise ReportReadError(f"the HWP file has no {name} stream", path)
        return ole.openstream(name).read()
    except ReportReadError:
        raise
    except Exception as err:  # olefile raises many kinds on damaged input
        raise ReportReadError(
            f"a damaged or truncated HWP (OLE) file: {name}: {err}", path
        ) from None


def _check_header(header: bytes, path) -> int:
    """Given the FileHeader stream, return its property flags; raise ReportReadError
    for a foreign signature or a protected document."""
    if not header.startswith(HWP_SIGNATURE) or len(header) < 40:
        raise ReportReadError("the FileHeader is not an HWP 5 document's", path)
    (flags,) = struct.unpack_from("<I", header, 36)
    if flags & PASSWORD:
        raise ReportReadError(
            "a password-protected HWP document: its text is encrypted; save it without a "
            "password (or as HWPX or PDF) and read that",
            path,
        )
    if flags & DISTRIBUTION:
        raise ReportReadError(
            "a distribution-protected (배포용) HWP document: its text is encrypted and only a "
            "preview is readable; ask for the editable file, or a PDF with a text layer",
            path,
        )
    if flags & (DRM | CERT_ENCRYPTED | CERT_DRM):
        raise ReportReadError(
            "a DRM- or certificate-protected HWP document: its text is encrypted", path
        )
    return flags


def _inflate(raw: bytes, limit: int, name: str, path) -> bytes:
    """Given a raw-deflated stream, return it inflated; raise ReportReadError when it is
    damaged or inflates past limit bytes (a decompression bomb)."""
    inflater = zlib.decompressobj(-15)
    try:
        out = inflater.decompress(raw, max(limit, 0) + 1)
    except zlib.error as err:
        raise ReportReadError(f"{name} cannot be decompressed: {err}", path) from None
    if not inflater.eof and not inflater.unconsumed_tail and len(out) <= limit:
        raise ReportReadError(f"{name} is cut short: its compressed data ends early", path)
    if len(out) > limit or inflater.unconsumed_tail:
        raise ReportReadError(
            f"the HWP body unpacks to more than {MAX_UNZIPPED:,} bytes "
            f"({MAX_UNZIPPED / 2**20:g} MiB): refused",
            path,
        )
    return out
