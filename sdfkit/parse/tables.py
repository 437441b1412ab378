"""Finding numeric tables by their column headers and reading their rows.

A table starts at a header (a ``구 분`` or ``사업명`` line and the header-only
lines after it); its kind comes from the header's words (집행잔액, 징수, 원인행위…).
Rows are a label and a fixed number of values; a label may wrap over lines
before its values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sdfkit.parse.genre import (  # noqa: F401 - re-exported: the table vocabulary
    HEADER_START,
    HEADER_WORDS,
    PROSE_MARKS,
    TABLE_WIDTH,
    TOTAL_LABELS,
    UNIT_LINE,
    UNITS,
    has_column,
    table_kind,
)
from sdfkit.parse.numbers import NEGATIVE_SIGNS, NEW_TOKEN, is_decimal, is_value_token
from sdfkit.read.text import Line, collapse_spacing

_HEADER_START = HEADER_START

_YEAR_PREFIX = re.compile(r"^(?:\d{4}|’?\d{2})(?:년도|년)?")


@dataclass
class Header:
    """A table header: where it starts and ends (0-based line indexes, half-open),
    its words, and the kind of table it announces."""

    start: int
    end: int
    words: list[str]
    kind: str | None

    @property
    def text(self) -> str:
        return "".join(self.words)

    @property
    def extras(self) -> tuple[int, ...]:
        """Positions, among a row's values, of the amount columns the contract does
        not have (이월액 stands after the budget): read and kept aside."""
        if TABLE_WIDTH.get(self.kind) and has_column(self.text, "carryover"):
            return (1,)
        return ()

    @property
    def note(self) -> bool:
        """Whether rows end in a text column the contract does not have (비고)."""
        return bool(TABLE_WIDTH.get(self.kind)) and has_column(self.text, "note")

    @property
    def width(self) -> int | None:
        """The number of values a row prints (the contract's and the extra ones)."""
        width = TABLE_WIDTH.get(self.kind)
        return width + len(self.extras) if width else width


@dataclass
class Row:
    """A table row as printed: label, value tokens, the line of the values and the
    lines its label came from."""

    label: str
    values: list[str]
    line: int
    label_lines: list[int] = field(default_factory=list)
    # Values of columns the contract does not have (이월액, 비고), kept aside.
    extra: list[str] = field(default_factory=list)


@dataclass
class BadRow:
    """A line inside a table that could not be read as a row."""

    line: int
    text: str
    reason: str


def is_header_word(token: str) -> bool:
    """Given a token of a header line, return whether it is column-header vocabulary."""
    if token in HEADER_WORDS:
        return True
    token = token.replace("(%)", "").replace("%", "").strip("()")
    if not token:
        return True
    rest = _YEAR_PREFIX.sub("", token, count=1)
    return rest == "" or rest in HEADER_WORDS


def header_kind(words: list[str]) -> str | None:
    """Given a header's words, return the kind of table it heads (genre.table_kind)."""
    return table_kind(words)


def header_words(line: Line) -> list[str]:
    """Given a line, return its letter-spacing-collapsed words; a run that joined
    several letter-spaced header words (``구 분 계 완 료`` → ``구분계완료``) is split
    back into them."""
    words: list[str] = []
    for token in collapse_spacing(line.text).split():
        parts = None if is_header_word(token) else segment_header(token)
        words.extend(parts or [token])
    return words


def segment_header(token: str) -> list[str] | None:
    """Given a run of Hangul, return it split into header words, or None."""
    n = len(token)
    # prev[end]: where the last word of a segmentation of token[:end] starts (-1:
    # none). Keeping a back-pointer, not the words so far, keeps a long run of
    # header words (계계계…) linear instead of copying a growing list at every step.
    prev = [-1] * (n + 1)
    prev[0] = 0
    for end in range(1, n + 1):
        for start in range(max(0, end - 6), end):
            if prev[start] >= 0 and token[start:end] in HEADER_WORDS:
                prev[end] = start
                break
    if prev[n] < 0:
        return None
    words: list[str] = []
    end = n
    while end > 0:
        words.append(token[prev[end] : end])
        end = prev[end]
    return words[::-1]


def starts_header(line: Line) -> bool:
    # A header's first word is 구분 or 사업명, so its first letter is 구 or 사: a
    # cheap test that spares header_words (and its segmentation) for most lines.
    if not line.text.startswith(("구", "사")):
        return False
    words = header_words(line)
    return bool(words) and words[0] in _HEADER_START and all(is_header_word(w) for w in words)


def find_headers(lines: list[Line], lo: int, hi: int) -> list[Header]:
    """Given lines[lo:hi], return every table header in it, in order."""
    return list(iter_headers(lines, lo, hi))


def iter_headers(lines: list[Line], lo: int, hi: int) -> Iterator[Header]:
    """Given lines[lo:hi], yield its table headers in order (a reader that needs
    only the first of a kind stops there instead of scanning the rest)."""
    i = lo
    while i < hi:
        if not starts_header(lines[i]):
            i += 1
            continue
        words = header_words(lines[i])
        j = i + 1
        while j < hi:
            text = lines[j].text
            if not text:
                j += 1
                continue
            more = header_words(lines[j])
            if more[0] in _HEADER_START or not all(is_header_word(w) for w in more):
                break
            words.extend(more)
            j += 1
        yield Header(i, j, words, header_kind(words))
        i = j


def split_values(text: str, width: int | None, note: bool = False) -> tuple[str, list[str]]:
    """Given a row's text, return (label, value tokens): the values are the run of
    value tokens at the end of the line (at most ``width`` of them). With ``note``,
    a last word that is no value (the 비고 column) is left out first."""
    tokens = text.split()
    if note and tokens and not is_value_token(tokens[-1]) and len(tokens) > 1:
        if is_value_token(tokens[-2]):
            tokens = tokens[:-1]
    k = len(tokens)
    while k > 0 and is_value_token(tokens[k - 1]):
        k -= 1
    values = tokens[k:]
    if width is not None and len(values) > width:
        k += len(values) - width
        values = tokens[k:]
    return " ".join(tokens[:k]), values


def is_figure(token: str) -> bool:
    """Given a token, return whether it can only be a table figure, never part of a
    row label: a grouped amount (``1,234``), a percent, a signed amount, ``순증``, or
    a number of 5 or more digits. Short bare numbers (``YYYY 사업 1``) and a lone dash
    can be label text."""
    if not is_value_token(token):
        return False
    return (
        token == NEW_TOKEN
        or "," in token
        or token.endswith("%")
        or is_decimal(token)
        or (len(token) > 1 and token[0] in NEGATIVE_SIGNS)
        or len(token) >= 5
    )


def is_stop_line(line: Line) -> bool:
    """Given a line, return whether it ends a table (prose, a note, a heading)."""
    text = line.text
    return line.glyph or text.startswith(PROSE_MARKS)


def read_rows(
    lines: list[Line],
    start: int,
    hi: int,
    width: int | None,
    max_label_lines: int = 3,
    note: bool = False,
    extras: tuple[int, ...] = (),
) -> tuple[list[Row], list[BadRow], int]:
    """Given a table body starting at lines[start] (bounded by hi), return its rows,
    the lines that could not be read, and the index where the table ended.
    ``width`` is the number of values a row must have (None: 1 or more); ``note``
    and ``extras`` are the header's columns the contract does not have (a trailing
    비고 word, amounts at these positions): kept aside in Row.extra."""
    rows: list[Row] = []
    bad: list[BadRow] = []
    pending: list[Line] = []
    i = start
    while i < hi:
        line = lines[i]
        text = line.text
        if not text:
            i += 1
            continue
        if is_stop_line(line) or starts_header(line):
            break
        label, values = split_values(text, width, note)
        if any(is_figure(t) for t in label.split()):
            # Figures where the label should be: a row cut short or run together
            # (``계 11,784,559 5,``), or with more values than the table has. Taken as
            # a label, its numbers would vanish into a row name; report the line.
            found = sum(is_value_token(t) for t in text.split())
            reason = f"expected {width} values, found {found}" if width else "figures in the label"
            bad.append(BadRow(line.no, text, reason))
            pending = []
            i += 1
            continue
        if not values:
            if len(pending) >= max_label_lines:
                break
            pending.append(line)
            i += 1
            continue
        if width is not None and len(values) != width:
            bad.append(BadRow(line.no, text, f"expected {width} values, found {len(values)}"))
            pending = []
            i += 1
            continue
        parts = [p.text for p in pending] + ([label] if label else [])
        full_label = collapse_spacing(" ".join(parts))
        if not full_label:
            bad.append(BadRow(line.no, text, "values without a row label"))
        else:
            kept = [v for pos, v in enumerate(values) if pos not in extras]
            aside = [v for pos, v in enumerate(values) if pos in extras]
            if note and text.split()[-1] != values[-1]:
                aside.append(text.split()[-1])
            rows.append(Row(full_label, kept, line.no, [p.no for p in pending], aside))
        pending = []
        i += 1
    # Label lines left over at the end were not part of the table.
    end = pending[0].no - 1 if pending else i
    return rows, bad, end


@dataclass
class TableSpan:
    """Where a table stands: its header and the index (0-based, exclusive) after its
    last row, as read_rows reads it. Used to audit what the parser read."""

    header: Header
    end: int

    @property
    def start(self) -> int:
        return self.header.start


def table_spans(lines: list[Line], lo: int, hi: int) -> list[TableSpan]:
    """Given lines[lo:hi], return the span of every table of a known kind in it
    (header through last row), read the way the table readers read them."""
    spans = []
    for header in find_headers(lines, lo, hi):
        if header.kind not in TABLE_WIDTH:
            continue
        # The audit summary's rows never wrap (see audit.read_summary_rows).
        max_label_lines = 1 if header.kind == "audit_summary" else 3
        _rows, _bad, end = read_table_rows(lines, header, hi, max_label_lines)
        spans.append(TableSpan(header, max(end, header.end)))
    return spans


def read_table_rows(
    lines: list[Line], header: Header, hi: int, max_label_lines: int = 3
) -> tuple[list[Row], list[BadRow], int]:
    """Given a table's header, return its rows as read_rows reads them, with the
    header's width and its columns the contract does not have kept aside."""
    return read_rows(
        lines,
        header.end,
        hi,
        header.width,
        max_label_lines,
        note=header.note,
        extras=header.extras,
    )


def table_unit(lines: list[Line], header_start: int, lo: int) -> tuple[str | None, int | None]:
    """Given a table header's index and how far up its title may stand (lines[lo]),
    return the unit its nearest unit line above states (``단위 : 천원``; spacing
    dropped) and that line's number, or (None, None)."""
    for idx in range(header_start - 1, lo - 1, -1):
        m = UNIT_LINE.search(lines[idx].text)
        if m:
            unit = collapse_spacing(m[1]).replace(" ", "").strip()
            return unit, lines[idx].no
    return None, None


def unit_grain(unit: str | None, main: str | None) -> int:
    """Given a table's unit and the report's main unit, return how coarse its stored
    figures are in main units: 0 for the main unit (exact) or a unit the parser
    did not convert, else the larger of the two units over the main one."""
    # A coarser unit rounds each printed figure to itself; a finer one (원 in a
    # report of 천원) is rounded to the main unit by the conversion: grain 1.
    if unit == main or unit not in UNITS or main not in UNITS:
        return 0
    return max(UNITS[unit], UNITS[main]) // UNITS[main]


def unit_factor(unit: str | None, main: str | None) -> int | float:
    """Given a table's unit and the report's main unit, return what its amounts are
    multiplied by to be in the main unit (1 when either is unknown)."""
    if unit not in UNITS or main not in UNITS:
        return 1
    size, target = UNITS[unit], UNITS[main]
    return size // target if size % target == 0 else size / target
