"""Reading a PDF report's text layer into text lines, with their page numbers.

Given the bytes of a PDF, return the lines the text parser reads, each with its 1-based
page: one line per printed line of prose, and one line per table row with its cells'
texts in column order joined by single spaces (a cell's own line breaks become spaces).

Read with pdfplumber (MIT, on pdfminer.six): tables are found from their ruling lines
(the ``lines`` strategy: the cell borders the PDF draws), so a row's cells stay together
however far apart they are printed, and a merged cell's text lands at its top-left
position once. Words outside the tables are grouped into lines by their vertical
position and joined by single spaces; words level with a table row but beside the table
(a label or last column printed without outer vertical borders, common in these
reports) join that row's line, at its start or end. A table without vertical rules is
found as no table, and its rows come out as printed lines, which is also one line per
row. Table rows and prose lines are then merged top to bottom, page by page. Text
flowing beside a table (a page of two columns) would be joined to the rows; reports of
this genre are printed in one column.

Measured on the bundled report rendered as a 20-page PDF (2 cores): pdfplumber reads it
in about 1 s, and the whole read (PDF to tables) takes about 10 times the text's, within
the target of 25; pypdfium2's text layer alone takes 0.03-0.08 s, but has no table
structure: its lines would have to be rebuilt here from character boxes and path
objects. So pdfplumber is used.

Quirks and refusals (each a one-line ReportReadError):

- no text at all, or a page that holds an image and no text: a scan; OCR is not done.
- text that comes out as ``(cid:NN)``: a font without a Unicode map, whose characters
  cannot be known (the text would be garbage, not a report).
- a password-protected PDF. (A PDF whose owner password only restricts copying or
  printing opens without a password in every viewer, and is read.)
- a damaged or truncated PDF: no ``%%EOF`` near its end, or pdfminer cannot parse it.
  pdfminer rebuilds a lost cross-reference table by scanning, which can silently skip
  objects of a cut-off file; the end marker check keeps a cut-off file from being read
  as a shorter report.
- A glyph whose font maps it to no character (NUL or U+FFFD) is dropped, so a bullet or
  heading glyph may be absent from its line; the parser finds headings without them. A
  page where most glyphs map to nothing is refused as unmapped text.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from sdfkit.exceptions import ReportReadError

# Where the end-of-file marker must be: writers may append a little after it.
EOF_WINDOW = 2048
_CID = re.compile(r"\(cid:\d+\)")
# NUL and U+FFFD: glyphs the font maps to no character (a box on screen); dropped.
_UNKNOWN = re.compile("[\x00\ufffd]")
TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def pdf_lines(data: bytes, path: str | Path | None = None) -> list[tuple[str, int]]:
    """Given the bytes of a PDF, return its lines as (text, 1-based page). Raises
    ReportReadError for a scan without text, unmapped fonts ``(cid:NN)``, a password, or
    a damaged or truncated file."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ReportReadError("a truncated or damaged PDF: no %%EOF marker at its end", path)
    # pdfminer logs every recoverable oddity of a PDF as a warning; they are not ours.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out: list[tuple[str, int]] = []
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                lines, n = _page_lines(page, number, path)
                chars += n
                out.extend((text, number) for text in lines)
    except ReportReadError:
        raise
    except Exception as err:  # pdfminer raises many kinds on damaged input
        # pdfplumber wraps pdfminer's errors: look at what it wraps, too.
        causes = [err, *err.args, err.__cause__, err.__context__]
        if any(isinstance(c, PDFPasswordIncorrect) for c in causes):
            raise ReportReadError("an encrypted PDF that needs a password", path) from None
        inner = next((c for c in causes[1:] if isinstance(c, BaseException)), err)
        message = " ".join(str(inner).split())[:80] or type(inner).__name__
        raise ReportReadError(f"a damaged PDF that cannot be read: {message}", path) from None
    if chars == 0:
        raise ReportReadError("no text layer: OCR is not supported", path)
    return out


def _page_lines(page, number: int, path) -> tuple[list[str], int]:
    """Given a pdfplumber page, return its lines in reading order and its character
    count; raise ReportReadError for an image-only page or unmapped text."""
    chars = page.chars
    if not chars:
        if page.images:
            raise ReportReadError(
                f"no text layer on page {number} (an image: a scan?): OCR is not supported", path
            )
        return [], 0
    unknown = 0
    for ch in chars:
        if ch["text"] in ("\x00", "\ufffd"):
            unknown += 1
        elif ch["text"].startswith("(cid:"):
            raise ReportReadError(
                f"page {number}: text in a font without a Unicode map comes out as "
                f"{ch['text']}; the characters cannot be known",
                path,
            )
    if unknown * 2 > len(chars):
        raise ReportReadError(
            f"page {number}: most of its text maps to no character (a font without a "
            "Unicode map); the characters cannot be known",
            path,
        )
    tables = page.find_tables(TABLE_SETTINGS)
    boxes = [t.bbox for t in tables]
    rows: list[_Row] = []
    for table in tables:
        texts = table.extract(x_tolerance=3, y_tolerance=3)
        for row, cells in zip(table.rows, texts, strict=True):
            line = " ".join(_clean(c) for c in cells if c and _clean(c))
            if line:
                rows.append(_Row(*row.bbox, line))
    items: list[tuple[float, float, str]] = []  # (top, x0, text)
    outside = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    words = outside.extract_words(x_tolerance=3, y_tolerance=3, keep_blank_chars=False)
    for line in _text_lines([w for w in words if not _attach(rows, w)]):
        text = _clean(" ".join(w["text"] for w in line))
        if text:
            items.append((line[0]["top"], min(w["x0"] for w in line), text))
    items.extend((row.top, row.x0, row.text()) for row in rows)
    items.sort(key=lambda item: (round(item[0], 1), item[1]))
    lines = [text for _, _, text in items]
    for text in lines:
        if _CID.search(text):
            raise ReportReadError(
                f"page {number}: text in a font without a Unicode map comes out as "
                "(cid:NN); the characters cannot be known",
                path,
            )
    return lines, len(chars)


class _Row:
    """A table row found from ruling lines: its box, its cells' text, and text printed
    beside the table on the same row (outside the ruled cells)."""

    def __init__(self, x0: float, top: float, x1: float, bottom: float, cells: str):
        self.x0, self.top, self.x1, self.bottom = x0, top, x1, bottom
        self.cells = cells
        self.left: list[tuple[float, float, str]] = []  # (top, x0, word)
        self.right: list[tuple[float, float, str]] = []

    def text(self) -> str:
        """The row's line: text left of the cells, the cells, text right of them (each
        side's words line by line, left to right)."""
        left = [t for *_, t in sorted(self.left, key=_reading_order)]
        right = [t for *_, t in sorted(self.right, key=_reading_order)]
        return _clean(" ".join([*left, self.cells, *right]))


def _reading_order(word: tuple[float, float, str]) -> tuple[float, float]:
    return (round(word[0]), word[1])


def _text_lines(words: list[dict]) -> list[list[dict]]:
    """Given words, return them grouped into printed lines, top to bottom, each line's
    words left to right: a word is on a line when its middle is within the vertical
    extent of the line's first word (so a larger or raised glyph stays on its line)."""
    lines: list[list[dict]] = []
    band = (0.0, -1.0)
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if lines and band[0] <= middle <= band[1]:
            lines[-1].append(word)
        else:
            lines.append([word])
            band = (word["top"], word["bottom"])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _attach(rows: list[_Row], word: dict) -> bool:
    """Given table rows and a word outside the tables, add the word to the row it
    stands beside and return True; else return False.

    Tables in Korean reports often have no outer vertical borders, so the first (label)
    and last columns are not ruled cells; their text lies level with the row, outside
    the table's box, and belongs at that end of the row's line."""
    middle = (word["top"] + word["bottom"]) / 2
    for row in rows:
        if not row.top <= middle <= row.bottom:
            continue
        if word["x1"] <= row.x0 + 1:
            row.left.append((word["top"], word["x0"], word["text"]))
            return True
        if word["x0"] >= row.x1 - 1:
            row.right.append((word["top"], word["x0"], word["text"]))
            return True
    return False


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    """Given a page object and table boxes, return whether the object's centre is in one."""
    if obj.get("object_type") != "char":
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _clean(text: str) -> str:
    """Given extracted text, return it on one line, single-spaced, without the
    characters of glyphs that map to none."""
    return " ".join(_UNKNOWN.sub("", text).split())
