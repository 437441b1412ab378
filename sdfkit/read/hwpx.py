"""Reading an HWPX report (Hancom's OWPML: a ZIP of XML parts) into text lines.

Given the bytes of an ``.hwpx`` file, return the lines the text parser reads: one line
per paragraph, and one line per table row with its cells' texts in column order joined
by single spaces. That is how the text extraction of the bundled report looks.

Quirks and choices:

- The body is in ``Contents/section0.xml``, ``section1.xml``, ... in the order of the
  spine of ``Contents/content.hpf``; when the package has no usable spine the section
  files are read in the order of their numbers.
- Paragraphs are ``hp:p``; their text is in ``hp:run/hp:t``, where ``hp:t`` may hold
  ``hp:lineBreak`` (a new line), ``hp:tab`` and other in-line markers (a space).
- A table (``hp:tbl``) sits inside a run, so it splits its paragraph: text before it, the
  table's rows, text after it. Each cell (``hp:tc``) names its place (``hp:cellAddr``
  colAddr/rowAddr) and extent (``hp:cellSpan`` colSpan/rowSpan). A merged cell's text is
  put at its top-left address only, as text extraction puts it; empty cells are left
  out (in extracted text they are simply missing). The paragraphs of a cell are joined
  with a space, and a table nested in a cell adds its rows' texts to that cell.
- Text boxes (``hp:drawText`` inside shapes) are read as paragraphs where they are
  anchored; headers, footers, footnotes and hidden comments (``hp:ctrl``) are not read.
- A table whose cells overlap, fall outside it or leave a hole is refused: no table is
  passed on half laid out.

Hostile files: the XML is parsed with defusedxml (no DTD, no entities, no external
references: no "billion laughs"); members are read in chunks and reading stops once the
archive has given more than MAX_UNZIPPED bytes (a ZIP bomb), or has too many members.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from sdfkit.exceptions import ReportReadError

# The same limit as for a text report (sdfkit.read.text.MAX_BYTES): a report's XML is a
# few MB, so an archive that unpacks to more is not one report, or is a ZIP bomb.
MAX_UNZIPPED = 64 << 20
MAX_MEMBERS = 10_000
CHUNK = 1 << 20
# A table larger than this many grid positions is not a report's table (and a hostile
# rowCnt x colCnt would otherwise cost memory before any cell is checked).
MAX_TABLE_GRID = 1_000_000

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$", re.IGNORECASE)
# In-line markers inside hp:t that stand for white space in the printed text.
_SPACE_MARKS = frozenset({"tab", "fwSpace", "nbSpace"})
_WHITESPACE = str.maketrans("\r\n\t", "   ")
# Shapes that may carry a text box (hp:drawText/hp:subList).
_SHAPES = frozenset(
    {"rect", "ellipse", "arc", "polygon", "curve", "connectLine", "container", "textart"}
)


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its top-left address, its extent, and its text."""

    row: int
    col: int
    row_span: int
    col_span: int
    text: str


def hwpx_lines(data: bytes, path: str | Path | None = None) -> list[str]:
    """Given the bytes of an HWPX file, return its lines (paragraphs, and one line per
    table row). Raises ReportReadError for a damaged archive, a ZIP bomb, XML with a
    DTD or entities, or a table that cannot be laid out."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as err:
        raise ReportReadError(f"a damaged or truncated HWPX (ZIP) file: {err}", path) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ReportReadError(
                f"the HWPX archive has {len(infos):,} members, above the limit of {MAX_MEMBERS:,}",
                path,
            )
        budget = _Budget(path)
        names = _section_names(zf, budget, path)
        if not names:
            raise ReportReadError("no body section (Contents/section0.xml) in the HWPX file", path)
        lines: list[str] = []
        for name in names:
            root = _parse_xml(budget.read(zf, name), name, path)
            reader = _SectionReader(path, name)
            try:
                for p in root:
                    if _local(p.tag) == "p":
                        reader.paragraph(p, lines)
            except RecursionError:  # tables in tables in tables ...: a hostile file
                raise ReportReadError(f"{name}: tables nested too deeply", path) from None
    return [line for line in lines if line.strip()]


def table_lines(
    cells: Iterable[Cell], rows: int, cols: int, path: str | Path | None, where: str
) -> list[str]:
    """Given a table's cells and declared size, return one line per row: the texts of
    the cells whose top-left corner is on that row, in column order, joined by single
    spaces. Raises ReportReadError when the cells overlap, fall outside the table or
    leave a position uncovered (the table would be read wrong)."""
    cells = list(cells)
    if rows <= 0 or cols <= 0:  # no declared size: take it from the cells
        rows = max((c.row + c.row_span for c in cells), default=0)
        cols = max((c.col + c.col_span for c in cells), default=0)
    if rows * cols > MAX_TABLE_GRID:
        raise ReportReadError(f"{where} declares {rows:,} x {cols:,} cells: too large", path)
    covered = bytearray(rows * cols)
    for c in cells:
        if (
            c.row < 0
            or c.col < 0
            or c.row_span < 1
            or c.col_span < 1
            or c.row + c.row_span > rows
            or c.col + c.col_span > cols
        ):
            raise ReportReadError(
                f"{where} ({rows} x {cols}): a cell at row {c.row + 1}, column {c.col + 1} "
                f"spanning {c.row_span} x {c.col_span} falls outside the table; "
                "the table cannot be laid out",
                path,
            )
        for r in range(c.row, c.row + c.row_span):
            for k in range(r * cols + c.col, r * cols + c.col + c.col_span):
                if covered[k]:
                    raise ReportReadError(
                        f"{where} ({rows} x {cols}): two cells cover row {r + 1}, column "
                        f"{k - r * cols + 1}; the table cannot be laid out",
                        path,
                    )
                covered[k] = 1
    if 0 in covered:
        k = covered.index(0)
        raise ReportReadError(
            f"{where} ({rows} x {cols}): no cell covers row {k // cols + 1}, column "
            f"{k % cols + 1}; the table cannot be laid out",
            path,
        )
    by_row: list[list[Cell]] = [[] for _ in range(rows)]
    for c in cells:
        by_row[c.row].append(c)
    out = []
    for row in by_row:
        texts = [c.text for c in sorted(row, key=lambda c: c.col) if c.text]
        if texts:
            out.append(" ".join(texts))
    return out


def cell_text(lines: Iterable[str]) -> str:
    """Given the lines of a cell's paragraphs, return the cell's text on one line."""
    return " ".join(s for s in (line.strip() for line in lines) if s)


class _Budget:
    """The decompressed bytes an archive may still give, shared by all its members."""

    def __init__(self, path: str | Path | None):
        self.left = MAX_UNZIPPED
        self.path = path

    def read(self, zf: zipfile.ZipFile, name: str) -> bytes:
        """Given an archive and a member, return its bytes, in chunks, stopping (with
        ReportReadError) once the archive has given more than MAX_UNZIPPED bytes: the
        sizes in a ZIP's directory are the sender's word, not a bound."""
        parts = []
        try:
            with zf.open(name) as member:
                while chunk := member.read(CHUNK):
                    self.left -= len(chunk)
                    if self.left < 0:
                        raise ReportReadError(
                            f"the HWPX archive unpacks to more than {MAX_UNZIPPED:,} bytes "
                            f"({MAX_UNZIPPED / 2**20:g} MiB): refused (a ZIP bomb?)",
                            self.path,
                        )
                    parts.append(chunk)
        except KeyError:
            raise ReportReadError(f"the HWPX archive has no member {name}", self.path) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as err:
            raise ReportReadError(
                f"a damaged or truncated HWPX (ZIP) file: {name}: {err}", self.path
            ) from None
        return b"".join(parts)


def _section_names(zf: zipfile.ZipFile, budget: _Budget, path) -> list[str]:
    """Given an HWPX archive, return its body sections in reading order: the spine of
    Contents/content.hpf, else the section files by number."""
    members = set(zf.namelist())
    numbered = sorted((int(m.group(1)), name) for name in members if (m := _SECTION.match(name)))
    fallback = [name for _, name in numbered]
    if "Contents/content.hpf" not in members:
        return fallback
    root = _parse_xml(budget.read(zf, "Contents/content.hpf"), "Contents/content.hpf", path)
    hrefs: dict[str, str] = {}
    spine: list[str] = []
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "item" and el.get("id") and el.get("href"):
            hrefs[el.get("id")] = el.get("href")
        elif tag == "itemref" and el.get("idref"):
            spine.append(el.get("idref"))
    ordered = []
    for idref in spine:
        href = hrefs.get(idref, "")
        # hrefs are relative to the package root; some writers add "./" or a leading "/".
        name = posixpath.normpath(href.lstrip("/"))
        if _SECTION.match(name) and name in members and name not in ordered:
            ordered.append(name)
    # A spine that leaves out a section file would drop part of the body silently.
    return ordered if ordered and set(ordered) == set(fallback) else fallback


def _parse_xml(data: bytes, name: str, path) -> Element:
    """Given an XML member's bytes, return its root, refusing DTDs and entities."""
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True)
    except defusedxml.DefusedXmlException:
        raise ReportReadError(
            f"{name} declares a DTD or entities: refused (entity expansion)", path
        ) from None
    except ParseError as err:
        raise ReportReadError(f"{name} is not well-formed XML: {err}", path) from None


def _local(tag: object) -> str:
    """Given an element's tag ``{namespace}name``, return ``name`` (Hancom has moved its
    namespaces between versions: 2011, 2016, ..., so they are not matched)."""
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rpartition("}")[2]


class _SectionReader:
    """Reads one section's paragraphs and tables into lines."""

    def __init__(self, path, name: str):
        self.path = path
        self.name = name
        self.tables = 0

    def paragraph(self, p: Element, out: list[str]) -> None:
        """Given an hp:p, append its lines to out: its text, broken at line breaks and
        around tables and text boxes anchored in it."""
        parts: list[str] = []

        def flush() -> None:
            out.append("".join(parts))
            parts.clear()

        for run in p:
            if _local(run.tag) != "run":
                continue
            for child in run:
                tag = _local(child.tag)
                if tag == "t":
                    self._text(child, parts, flush)
                elif tag == "tbl":
                    flush()
                    out.extend(self.table(child))
                elif tag in _SHAPES:
                    flush()
                    for sub in child.iter():
                        if _local(sub.tag) == "drawText":
                            self._sublists(sub, out)
        flush()

    def _text(self, t: Element, parts: list[str], flush: Callable[[], None]) -> None:
        """Given an hp:t, append its text to parts, flushing a line at each line break.
        Raw CR/LF/tab characters (from a hand-edited or pretty-printed file) are spaces:
        only hp:lineBreak breaks a line, so a table row stays one line."""
        if t.text:
            parts.append(t.text.translate(_WHITESPACE))
        for mark in t:
            tag = _local(mark.tag)
            if tag == "lineBreak":
                flush()
            elif tag in _SPACE_MARKS:
                parts.append(" ")
            elif tag == "hyphen":
                parts.append("-")
            if mark.tail:
                parts.append(mark.tail.translate(_WHITESPACE))

    def _sublists(self, el: Element, out: list[str]) -> None:
        """Given an element holding hp:subList children, append their paragraphs' lines."""
        for sub in el:
            if _local(sub.tag) == "subList":
                for p in sub:
                    if _local(p.tag) == "p":
                        self.paragraph(p, out)

    def table(self, tbl: Element) -> list[str]:
        """Given an hp:tbl, return its caption's lines and one line per row."""
        self.tables += 1
        where = f"{self.name}: table {self.tables}"
        out: list[str] = []
        cells: list[Cell] = []
        for child in tbl:
            tag = _local(child.tag)
            if tag == "caption":
                self._sublists(child, out)
            elif tag == "tr":
                for tc in child:
                    if _local(tc.tag) == "tc":
                        cells.append(self._cell(tc, where))
        out.extend(
            table_lines(
                cells,
                _int(tbl, "rowCnt", where, self.path),
                _int(tbl, "colCnt", where, self.path),
                self.path,
                where,
            )
        )
        return out

    def _cell(self, tc: Element, where: str) -> Cell:
        addr = span = None
        lines: list[str] = []
        for child in tc:
            tag = _local(child.tag)
            if tag == "cellAddr":
                addr = child
            elif tag == "cellSpan":
                span = child
            elif tag == "subList":
                for p in child:
                    if _local(p.tag) == "p":
                        self.paragraph(p, lines)
        if addr is None:
            raise ReportReadError(
                f"{where}: a cell without its address (hp:cellAddr); the table cannot be laid out",
                self.path,
            )
        return Cell(
            row=_int(addr, "rowAddr", where, self.path),
            col=_int(addr, "colAddr", where, self.path),
            row_span=_int(span, "rowSpan", where, self.path, 1) if span is not None else 1,
            col_span=_int(span, "colSpan", where, self.path, 1) if span is not None else 1,
            text=cell_text(lines),
        )


def _int(el: Element, name: str, where: str, path, default: int = 0) -> int:
    value = el.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ReportReadError(f"{where}: {name}={value[:20]!r} is not a number", path) from None
