"""Test-side builders: the bundled report's text written as HWPX, PDF and HWP files.

The text has no table markup: a table row is one line of cells separated by single
spaces, a header is spread over several lines. ``document_model`` turns it into
paragraphs and real tables: a line that ends in two or more figures is a table row (its
label in the first cell, one cell per figure); a ``구 분`` / ``사업명`` line and the
header-vocabulary lines after it are header rows, with merged cells (the first column
spans all header rows, the other header text spans the remaining columns, the last
header line has one cell per word over the rightmost columns); a short line between
rows (a wrapped label) is a row of its own spanning the table. Every table row, read
back as its cells joined by spaces, is the text's line again, so a reader that lays
tables out right gives the parser the same lines, blank lines aside.

Writers:

- ``write_hwpx``: an OWPML package (mimetype first and stored, content.hpf, section0.xml)
  with hp:tbl / hp:tr / hp:tc, hp:cellAddr and hp:cellSpan.
- ``write_pdf``: reportlab, NanumGothic from the koreanize-matplotlib package, one text
  line per paragraph, tables drawn cell by cell with ruling lines.
- ``write_hwp``: an HWP 5 file: a minimal OLE2 compound file (written here; olefile
  cannot create one) with FileHeader and a raw-deflated BodyText/Section0 of records.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

# A figure as printed in a table: amounts, negatives (△), percents, nil, "new".
VALUE = re.compile(r"^(?:△|-)?\d[\d,]*(?:[.,]\d+)?%?$|^-$|^순증$")
HEADER_START = ("구분", "사업명")
YEAR = re.compile(r"^[’‘']?\d{2,4}년?$")
# Words of column headers in these reports (compared without spaces).
HEADER_VOCABULARY = (
    "예산",
    "집행",
    "증감",
    "징수",
    "원인행위",
    "지출액",
    "예상액",
    "완료",
    "추진",
    "검토",
    "미반영",
)
PROSE_MARKS = tuple("○□※*◦•▶➡◆■●◎-－§<>[ㆍ･")


@dataclass
class Table:
    rows: int
    cols: int
    # (row, col, row_span, col_span, text)
    cells: list[tuple[int, int, int, int, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The table's rows as a correct reader gives them."""
        out = []
        for r in range(self.rows):
            texts = [t.strip() for (row, _c, _rs, _cs, t) in sorted(self.cells) if row == r]
            texts = [t for t in texts if t]
            if texts:
                out.append(" ".join(texts))
        return out


Block = str | Table


def split_row(line: str) -> tuple[str, list[str]] | None:
    """Given a line, return (label, figures) when it ends in two or more figures."""
    tokens = line.split(" ")
    n = len(tokens)
    k = n
    while k > 0 and VALUE.match(tokens[k - 1]):
        k -= 1
    values = tokens[k:]
    if len(values) < 2:
        return None
    return " ".join(tokens[:k]), values


def _compact(line: str) -> str:
    return re.sub(r"\s+", "", line)


def _is_header_start(line: str) -> bool:
    return _compact(line).startswith(HEADER_START)


def _is_header_line(line: str) -> bool:
    text = _compact(line)
    return (
        text == "계"
        or YEAR.match(text) is not None
        or any(word in text for word in HEADER_VOCABULARY)
    )


def _is_prose(line: str) -> bool:
    s = line.strip(" \u3000")
    return not s or s.startswith(PROSE_MARKS) or "\ue000" <= s[0] <= "\uf8ff" or len(s) > 30


def document_model(text: str) -> list[Block]:
    """Given a report's text, return its blocks: paragraph lines and tables."""
    lines = [line for line in text.splitlines() if line.strip(" \u3000\t")]
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        end = _table_end(lines, i)
        if end is None:
            blocks.append(lines[i])
            i += 1
            continue
        blocks.append(_table(lines[i:end]))
        i = end
    return blocks


def _table_end(lines: list[str], i: int) -> int | None:
    """Given the index of a line, return the end (exclusive) of the table starting
    there, or None when no table starts there."""
    j = i
    if _is_header_start(lines[i]):
        j = i + 1
        while j < len(lines) and split_row(lines[j]) is None and _is_header_line(lines[j]):
            j += 1
    # Rows, and short label lines followed by a row within three lines.
    end = None
    k = j
    while k < len(lines):
        if split_row(lines[k]) is not None:
            k += 1
            end = k
            continue
        # A line that is not a row continues the table only as a wrapped label: short,
        # not prose, with a row within three lines, and not before a headerless table.
        ahead = lines[k : k + 3]
        nxt = next((n for n, s in enumerate(ahead) if split_row(s) is not None), None)
        headerless_start = end is None and j == i
        if nxt is None or headerless_start or any(_is_prose(s) for s in ahead[:nxt]):
            break
        k += nxt
    if end is None and j > i:
        return None
    return end


def _table(lines: list[str]) -> Table:
    header: list[str] = []
    body = lines
    if _is_header_start(lines[0]):
        n = 1
        while n < len(lines) and split_row(lines[n]) is None and _is_header_line(lines[n]):
            n += 1
        header, body = lines[:n], lines[n:]
    rows = [split_row(line) for line in body]
    cols = 1 + max(len(r[1]) for r in rows if r is not None)
    cols = max(cols, 2)
    table = Table(rows=len(header) + len(body), cols=cols)
    cells = table.cells
    if header:
        first = header[0].strip()
        m = re.match(r"^(구\s*분|사업명)\s*(.*)$", first)
        label, rest = (m.group(1), m.group(2)) if m else (first, "")
        h = len(header)
        cells.append((0, 0, h, 1, label))
        if h == 1:
            cells.append((0, 1, 1, cols - 1, rest))
        else:
            cells.append((0, 1, 1, cols - 1, rest))
            for r in range(1, h - 1):
                cells.append((r, 1, 1, cols - 1, header[r]))
            words = header[-1].split(" ")
            if len(words) <= cols - 1:
                gap = cols - 1 - len(words)
                if gap:
                    cells.append((h - 1, 1, 1, gap, ""))
                for n, word in enumerate(words):
                    cells.append((h - 1, 1 + gap + n, 1, 1, word))
            else:
                cells.append((h - 1, 1, 1, cols - 1, header[-1]))
    for n, (line, row) in enumerate(zip(body, rows, strict=True)):
        r = len(header) + n
        if row is None:  # a wrapped label: a row of its own
            cells.append((r, 0, 1, cols, line))
            continue
        label, values = row
        cells.append((r, 0, 1, 1, label))
        for c in range(1, cols):
            cells.append((r, c, 1, 1, values[c - 1] if c - 1 < len(values) else ""))
    return table


def expected_lines(blocks: list[Block]) -> list[str]:
    """Given blocks, return the lines a correct reader gives for them."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            out.extend(block.lines())
        else:
            out.append(block)
    return out


# --- HWPX -----------------------------------------------------------------------------

NS = (
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section"'
)


def _hwpx_paragraph(text: str) -> str:
    return f'<hp:p><hp:run charPrIDRef="0"><hp:t>{escape(text)}</hp:t></hp:run></hp:p>'


def _hwpx_table(table: Table) -> str:
    parts = [f'<hp:tbl rowCnt="{table.rows}" colCnt="{table.cols}">']
    by_row: dict[int, list] = {}
    for cell in table.cells:
        by_row.setdefault(cell[0], []).append(cell)
    for r in range(table.rows):
        parts.append("<hp:tr>")
        for row, col, rs, cs, text in sorted(by_row.get(r, []), key=lambda c: c[1]):
            # Multi-line cell texts: one paragraph per line, as Hangul writes them.
            paras = "".join(_hwpx_paragraph(t) for t in text.split("\n"))
            parts.append(
                f"<hp:tc><hp:subList>{paras}</hp:subList>"
                f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
                f'<hp:cellSpan colSpan="{cs}" rowSpan="{rs}"/></hp:tc>'
            )
        parts.append("</hp:tr>")
    parts.append("</hp:tbl>")
    return f'<hp:p><hp:run charPrIDRef="0">{"".join(parts)}</hp:run></hp:p>'


def section_xml(blocks: list[Block]) -> str:
    body = "".join(_hwpx_table(b) if isinstance(b, Table) else _hwpx_paragraph(b) for b in blocks)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><hs:sec {NS}>{body}</hs:sec>'


CONTENT_HPF = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest>'
    '<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
    "{items}</opf:manifest><opf:spine>"
    '<opf:itemref idref="header" linear="yes"/>{refs}</opf:spine></opf:package>'
)
CONTAINER_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" '
    'media-type="application/hwpml-package+xml"/></ocf:rootfiles></ocf:container>'
)


def write_hwpx_parts(path: Path, sections: dict[str, str], hpf: str | None = None) -> Path:
    """Write an HWPX package holding the given section XML texts (name -> XML)."""
    if hpf is None:
        items = "".join(
            f'<opf:item id="s{n}" href="{name}" media-type="application/xml"/>'
            for n, name in enumerate(sections)
        )
        refs = "".join(f'<opf:itemref idref="s{n}" linear="yes"/>' for n in range(len(sections)))
        hpf = CONTENT_HPF.format(items=items, refs=refs)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", zipfile.ZIP_STORED)
        zf.writestr("version.xml", '<?xml version="1.0" encoding="UTF-8"?><hv:HCFVersion/>')
        zf.writestr("META-INF/container.xml", CONTAINER_XML)
        zf.writestr("Contents/content.hpf", hpf)
        zf.writestr("Contents/header.xml", '<?xml version="1.0" encoding="UTF-8"?><hh:head/>')
        for name, xml in sections.items():
            zf.writestr(name, xml)
    return path


def write_hwpx(path: Path, blocks: list[Block]) -> Path:
    """Write blocks as an HWPX file; return its path."""
    return write_hwpx_parts(path, {"Contents/section0.xml": section_xml(blocks)})


# --- PDF ------------------------------------------------------------------------------


def nanum_gothic() -> Path:
    """The NanumGothic .ttf shipped inside the koreanize-matplotlib package."""
    import importlib.util

    # Found without importing the package (its import patches matplotlib and warns).
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the koreanize-matplotlib package is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(root.rglob("NanumGothic.ttf")) or sorted(root.rglob("NanumGothic*.ttf"))
    if not found:
        raise FileNotFoundError("NanumGothic.ttf not found in koreanize-matplotlib")
    return found[0]


FONT_SIZE = 7.0
LEADING = 10.0
CELL_PAD = 2.0
# Characters NanumGothic lacks that have a stand-in with the same meaning to the parser
# (it reads every middle dot as "·"); the rest are drawn with DejaVu Sans, or dropped.
STAND_INS = {"\u2024": "·", "\u2027": "·", "\uff65": "·", "\u30fb": "·"}


class _Fonts:
    """NanumGothic, with DejaVu Sans (matplotlib's) for the glyphs it lacks."""

    def __init__(self) -> None:
        import matplotlib
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        registered = pdfmetrics.getRegisteredFontNames()
        if "NanumGothic" not in registered:
            pdfmetrics.registerFont(TTFont("NanumGothic", str(nanum_gothic())))
        if "DejaVuSans" not in registered:
            dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(dejavu)))
        self.main = pdfmetrics.getFont("NanumGothic").face.charToGlyph
        self.fallback = pdfmetrics.getFont("DejaVuSans").face.charToGlyph
        self.metrics = pdfmetrics

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Given text, return (font, segment) runs that every glyph can be drawn from."""
        out: list[tuple[str, str]] = []
        for ch in text:
            ch = STAND_INS.get(ch, ch) if ord(ch) not in self.main else ch
            if ord(ch) in self.main or ch == " ":
                font = "NanumGothic"
            elif ord(ch) in self.fallback:
                font = "DejaVuSans"
            else:
                continue
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out

    def width(self, text: str) -> float:
        return sum(self.metrics.stringWidth(seg, f, FONT_SIZE) for f, seg in self.runs(text))

    def draw(self, c, x: float, y: float, text: str) -> None:
        t = c.beginText(x, y)
        for font, seg in self.runs(text):
            t.setFont(font, FONT_SIZE)
            t.textOut(seg)
        c.drawText(t)


def write_pdf(path: Path, blocks: list[Block], *, open_sides: bool = False) -> Path:
    """Write blocks as a PDF with a text layer (fonts embedded with their Unicode maps):
    paragraphs one line each, tables as ruled grids, one rectangle per cell; return its
    path. ``open_sides``: no outer vertical borders, as many Korean reports print tables
    (the first and last columns are then not closed cells)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    fonts = _Fonts()
    width, height = landscape(A4)
    margin = 30.0
    c = canvas.Canvas(str(path), pagesize=(width, height), pageCompression=1)
    y = height - margin

    for block in blocks:
        if not isinstance(block, Table):
            if y - LEADING < margin:
                c.showPage()
                y = height - margin
            y -= LEADING
            fonts.draw(c, margin, y, block)
            continue
        # Column widths: the widest single-column text, then widened so that every
        # merged cell holds its text (a text that crossed a border would be cut).
        widths = [30.0] * block.cols
        for _r, col, _rs, cs, text in block.cells:
            if cs == 1:
                widths[col] = max(widths[col], fonts.width(text.strip()) + 2 * CELL_PAD)
        for _r, col, _rs, cs, text in block.cells:
            need = fonts.width(text.strip()) + 2 * CELL_PAD - sum(widths[col : col + cs])
            if need > 0:
                widths[col + cs - 1] += need
        if sum(widths) > width - 2 * margin:
            raise ValueError("a table wider than the page")
        xs = [margin]
        for w in widths:
            xs.append(xs[-1] + w)
        row_h = LEADING + 2 * CELL_PAD
        if y - 12.0 - row_h * block.rows < margin:
            c.showPage()
            y = height - margin
        top = y - 6.0
        for r0, col, rs, cs, text in block.cells:
            x0, x1 = xs[col], xs[col + cs]
            y0 = top - r0 * row_h
            y1 = y0 - rs * row_h
            if not open_sides:
                c.rect(x0, y1, x1 - x0, y0 - y1, stroke=1, fill=0)
            else:
                c.line(x0, y0, x1, y0)
                c.line(x0, y1, x1, y1)
                if col > 0:
                    c.line(x0, y0, x0, y1)
                if col + cs < block.cols:
                    c.line(x1, y0, x1, y1)
            if text.strip():
                fonts.draw(c, x0 + CELL_PAD, y0 - CELL_PAD - FONT_SIZE, text.strip())
        y = top - block.rows * row_h - 6.0
    c.save()
    return path


# --- HWP 5 ----------------------------------------------------------------------------

PARA_HEADER, PARA_TEXT, CTRL_HEADER, LIST_HEADER, TABLE = 66, 67, 71, 72, 77


def record(tag: int, level: int, body: bytes) -> bytes:
    """An HWP record: header word (tag, level, size; 0xFFF and a size word when large)."""
    if len(body) >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, len(body)) + body
    return struct.pack("<I", tag | level << 10 | len(body) << 20) + body


def _para_header(nchars: int) -> bytes:
    return struct.pack("<IIHBB", nchars | 0x80000000, 0, 0, 0, 0) + bytes(12)


def hwp_paragraph(text: str, level: int, controls: list[bytes] | None = None) -> bytes:
    """A paragraph's records: PARA_HEADER, PARA_TEXT (text, then one 8-unit extended
    control per table, then the paragraph end), and the controls' records."""
    raw = text.encode("utf-16-le")
    for _ in controls or []:
        # Code 11, the control id 'tbl ' (a little-endian u32), 8 bytes, code 11 again.
        raw += struct.pack("<H", 11) + b" lbt" + bytes(8) + struct.pack("<H", 11)
    raw += struct.pack("<H", 13)
    out = record(PARA_HEADER, level, _para_header(len(raw) // 2))
    out += record(PARA_TEXT, level + 1, raw)
    for ctrl in controls or []:
        out += ctrl
    return out


def hwp_table(table: Table, level: int) -> bytes:
    """A table control's records at level: CTRL_HEADER 'tbl ', TABLE, and per cell a
    LIST_HEADER (8 bytes, then column, row, spans) and its paragraphs."""
    per_row = [0] * table.rows
    for r, *_ in table.cells:
        per_row[r] += 1
    body = struct.pack("<IHHH4H", 0, table.rows, table.cols, 0, 0, 0, 0, 0)
    body += struct.pack(f"<{table.rows}H", *per_row) + struct.pack("<HH", 1, 0)
    out = record(CTRL_HEADER, level, b" lbt" + bytes(40))
    out += record(TABLE, level + 1, body)
    for r, col, rs, cs, text in sorted(table.cells):
        lines = text.split("\n")
        lh = struct.pack("<HHI", len(lines), 0, 0) + struct.pack("<HHHH", col, r, cs, rs)
        out += record(LIST_HEADER, level + 1, lh + bytes(18))
        for line in lines:
            out += hwp_paragraph(line, level + 1)
    return out


def section_stream(blocks: list[Block]) -> bytes:
    """The BodyText/Section0 records of blocks (uncompressed)."""
    out = bytearray()
    for block in blocks:
        if isinstance(block, Table):
            out += hwp_paragraph("", 0, [hwp_table(block, 1)])
        else:
            out += hwp_paragraph(block, 0)
    return bytes(out)


def file_header(flags: int) -> bytes:
    sig = b"HWP Document File".ljust(32, b"\0")
    return sig + struct.pack("<II", 0x05000300, flags) + bytes(256 - 40)


def write_hwp(
    path: Path, blocks: list[Block] | None = None, *, flags: int = 1, stream: bytes | None = None
) -> Path:
    """Write an HWP 5 file (compressed when flags bit 0 is set); return its path."""
    body = stream if stream is not None else section_stream(blocks or [])
    if flags & 1:
        deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
        body = deflate.compress(body) + deflate.flush()
    path.write_bytes(ole_file({"FileHeader": file_header(flags), "BodyText/Section0": body}))
    return path


# A minimal OLE2 (Compound File Binary) writer: 512-byte sectors, version 3. Streams under
# 4,096 bytes live in the mini stream (64-byte sectors), as the format requires.
SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF


def ole_file(streams: dict[str, bytes]) -> bytes:
    """Given streams by path ("Storage/Stream"), return an OLE2 compound file."""
    # Directory entries: root, then storages and streams (flat red-black tree: all black,
    # siblings chained through the right pointer, which olefile accepts).
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "children": []}]
    storages: dict[str, int] = {}
    for full, data in streams.items():
        parent = 0
        parts = full.split("/")
        for depth, part in enumerate(parts[:-1]):
            key = "/".join(parts[: depth + 1])
            if key not in storages:
                entries.append({"name": part, "type": 1, "children": []})
                storages[key] = len(entries) - 1
                entries[parent]["children"].append(storages[key])
            parent = storages[key]
        entries.append({"name": parts[-1], "type": 2, "data": data, "children": []})
        entries[parent]["children"].append(len(entries) - 1)

    fat: list[int] = []
    sectors: list[bytes] = []

    def add_chain(data: bytes) -> int:
        n = max(1, -(-len(data) // SECTOR))
        start = len(sectors)
        for i in range(n):
            sectors.append(data[i * SECTOR : (i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(start + i + 1 if i < n - 1 else END)
        return start

    mini = bytearray()
    minifat: list[int] = []
    for e in entries:
        if e["type"] != 2:
            continue
        data = e["data"]
        if len(data) < CUTOFF:
            n = max(1, -(-len(data) // MINI))
            start = len(mini) // MINI
            mini += data.ljust(n * MINI, b"\0")
            minifat.extend(start + i + 1 if i < n - 1 else END for i in range(n))
            e["start"] = start
        else:
            e["start"] = add_chain(data)
        e["size"] = len(data)
    root = entries[0]
    root["start"] = add_chain(bytes(mini)) if mini else END
    root["size"] = len(mini)
    minifat_start = add_chain(b"".join(struct.pack("<I", v) for v in minifat)) if minifat else END
    n_minifat = -(-len(minifat) * 4 // SECTOR) if minifat else 0

    def dir_entry(e: dict, idx: int) -> bytes:
        name = e["name"].encode("utf-16-le") + b"\0\0"
        kids = e["children"]
        # Siblings are chained through their right pointers: a degenerate but valid tree.
        right = NOSTREAM
        for other in entries:
            if idx in other["children"]:
                k = other["children"].index(idx)
                right = other["children"][k + 1] if k + 1 < len(other["children"]) else NOSTREAM
        start = e.get("start", 0) if e["type"] != 1 else 0
        size = e.get("size", 0) if e["type"] != 1 else 0
        return (
            name.ljust(64, b"\0")
            + struct.pack("<HBB", len(name), e["type"], 1)
            + struct.pack("<III", NOSTREAM, right, kids[0] if kids else NOSTREAM)
            + bytes(16 + 4 + 8 + 8)
            + struct.pack("<III", start, size, 0)
        )

    directory = b"".join(dir_entry(e, i) for i, e in enumerate(entries))
    dir_start = add_chain(directory.ljust(-(-len(directory) // SECTOR) * SECTOR, b"\0"))
    # FAT sectors themselves: grow until they fit.
    n_fat = 1
    while (len(fat) + n_fat) > n_fat * (SECTOR // 4):
        n_fat += 1
    fat_start = len(sectors)
    fat.extend([FATSECT] * n_fat)
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat).ljust(n_fat * SECTOR, b"\xff")
    for i in range(n_fat):
        sectors.append(fat_bytes[i * SECTOR : (i + 1) * SECTOR])
    if n_fat > 109:
        raise ValueError("file too large for this minimal OLE writer")
    difat = [fat_start + i for i in range(n_fat)] + [FREE] * (109 - n_fat)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIII", 0, n_fat, dir_start, 0, CUTOFF, minifat_start, n_minifat, END, 0
        )
        + b"".join(struct.pack("<I", v) for v in difat)
    )
    return header + b"".join(sectors)


# --- hand-made PDFs -------------------------------------------------------------------


def raw_pdf(objects: list[bytes]) -> bytes:
    """Given the bodies of objects 1..N (object 1 the catalog), return a PDF with a
    correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def cid_pdf() -> bytes:
    """A PDF whose only text is in a Type0 font with Identity-H encoding and no
    ToUnicode map: its characters are CIDs that map to nothing, "(cid:NN)"."""
    content = b"BT /F1 12 Tf 72 700 Td <0012003400560078> Tj ET"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Unmapped /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unmapped "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor 7 0 R /DW 1000 >>",
            b"<< /Type /FontDescriptor /FontName /Unmapped /Flags 4 "
            b"/FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 "
            b"/CapHeight 700 /StemV 80 >>",
        ]
    )


def drawing_pdf() -> bytes:
    """A PDF page of vector drawing only (ruled boxes, no text): a scan's look-alike."""
    content = b"0.5 w 72 600 200 100 re S 72 650 m 272 650 l S"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            _stream(content),
        ]
    )


def image_pdf(path: Path) -> Path:
    """A PDF page holding only an image, as a scanner writes it; return its path."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).rectangle((20, 20, 380, 180), outline=0, width=3)
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(image), 72, 500, width=400, height=200)
    c.save()
    return path


def encrypted_pdf(path: Path, password: str = "secret") -> Path:
    """A PDF with text that opens only with a user password; return its path."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(
        str(path), encrypt=pdfencrypt.StandardEncryption(password, "owner-" + password)
    )
    c.drawString(72, 700, "text behind a password")
    c.save()
    return path


# --- the parser, in one place (its module may move) -----------------------------------


def parse_lines(lines: list[str], path: Path):
    """Given a reader's lines, return the Report the text parser makes of them."""
    from sdfkit.parse.pipeline import parse_text

    return parse_text("\n".join(lines), path)


def assert_same_tables(got, expected) -> None:
    """Assert that two Reports hold equal tables, the source line numbers aside."""
    import pandas as pd

    from sdfkit import TABLES

    for name in TABLES:
        a = getattr(expected, name).drop(columns="line", errors="ignore")
        b = getattr(got, name).drop(columns="line", errors="ignore")
        assert len(a) > 0, name
        pd.testing.assert_frame_equal(b.reset_index(drop=True), a.reset_index(drop=True), obj=name)
